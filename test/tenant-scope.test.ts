// The tenant scope itself (src/db/tenant-scope.ts), below the API: every operation of a client
// scoped to organization A, given organization B's ids, neither reads nor changes anything of B,
// and whatever it creates lands in A.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopeToOrganization } from '../src/db/tenant-scope.js';
import type { PrismaClient } from '../src/generated/prisma/client.js';
import { createLocations } from './support/fixtures.js';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(() => api.close());

/** Organizations A and B with two locations each; `scoped` is the client scoped to A. */
async function twoTenants() {
  const [a, b] = [await api.tenant(), await api.tenant()];
  const [ours, theirs] = [await createLocations(a, 2), await createLocations(b, 2)];
  return { a, b, ours, theirs, scoped: scopeToOrganization(api.db.prisma, a.organizationId) };
}

/** B's locations as they are in the database (read past the scope). */
const rowsOf = (tenant: Tenant) =>
  api.db.prisma.location.findMany({ where: { organizationId: tenant.organizationId }, orderBy: { id: 'asc' } });

/** Runs `change` through A's scope and checks that B's rows are exactly as before. */
async function expectUntouched(b: Tenant, change: () => Promise<unknown>) {
  const before = await rowsOf(b);
  await change();
  expect(await rowsOf(b)).toEqual(before);
}

const notFound = { code: 'P2025' }; // Prisma: the record to update or delete does not exist

describe('a client scoped to one organization, given ids of another', () => {
  it('findUnique, findFirst, findMany and count see none of them', async () => {
    const { ours, theirs, scoped } = await twoTenants();
    expect(await scoped.location.findUnique({ where: { id: theirs[0] } })).toBeNull();
    expect(await scoped.location.findFirst({ where: { id: theirs[0] } })).toBeNull();
    const both = { id: { in: [ours[0], theirs[0]] } };
    expect((await scoped.location.findMany({ where: both })).map((row) => row.id)).toEqual([ours[0]]);
    expect(await scoped.location.count({ where: both })).toBe(1);
    expect(await scoped.location.count()).toBe(2);
  });

  it('update refuses another organization’s row as missing, and changes nothing of it', async () => {
    const { b, theirs, scoped } = await twoTenants();
    await expectUntouched(b, () => expect(scoped.location.update({ where: { id: theirs[0] }, data: { name: 'Taken' } })).rejects.toMatchObject(notFound));
  });

  it('updateMany changes only the caller’s rows', async () => {
    const { b, ours, theirs, scoped } = await twoTenants();
    await expectUntouched(b, async () => {
      const { count } = await scoped.location.updateMany({ where: { id: { in: [ours[0], ...theirs] } }, data: { name: 'Renamed' } });
      expect(count).toBe(1);
    });
    expect((await scoped.location.findUniqueOrThrow({ where: { id: ours[0] } })).name).toBe('Renamed');
  });

  it('delete refuses another organization’s row as missing, and deletes nothing of it', async () => {
    const { b, theirs, scoped } = await twoTenants();
    await expectUntouched(b, () => expect(scoped.location.delete({ where: { id: theirs[0] } })).rejects.toMatchObject(notFound));
  });

  it('deleteMany deletes only the caller’s rows', async () => {
    const { b, ours, theirs, scoped } = await twoTenants();
    await expectUntouched(b, async () => {
      const { count } = await scoped.location.deleteMany({ where: { id: { in: [ours[0], ...theirs] } } });
      expect(count).toBe(1);
    });
    expect(await scoped.location.count()).toBe(1);
  });

  it('upsert with another organization’s id leaves that row alone and creates in the caller’s organization', async () => {
    const { a, b, theirs, scoped } = await twoTenants();
    let upserted!: { id: string; organizationId: string; name: string };
    await expectUntouched(b, async () => {
      upserted = await scoped.location.upsert({
        where: { id: theirs[0] },
        update: { name: 'Taken' },
        create: { name: 'Made here', organizationId: b.organizationId },
      });
    });
    expect(upserted).toMatchObject({ organizationId: a.organizationId, name: 'Made here' });
    expect(upserted.id).not.toBe(theirs[0]);
  });

  it('create and createMany land in the caller’s organization whatever organizationId they name', async () => {
    const { a, b, scoped } = await twoTenants();
    await expectUntouched(b, async () => {
      const created = await scoped.location.create({ data: { name: 'One', organizationId: b.organizationId } });
      expect(created.organizationId).toBe(a.organizationId);
      const { count } = await scoped.location.createMany({
        data: [{ name: 'Two', organizationId: b.organizationId }, { name: 'Three', organizationId: b.organizationId }],
      });
      expect(count).toBe(2);
    });
    const names = (await rowsOf(a)).map((row) => row.name);
    expect(names.sort()).toEqual(['Location 0', 'Location 1', 'One', 'Three', 'Two']);
  });

  it('the organization row: another organization reads as missing and cannot be changed', async () => {
    const { a, b, scoped } = await twoTenants();
    const organization = (client: PrismaClient, id: string) => client.organization.findUnique({ where: { id } });
    expect(await organization(scoped, b.organizationId)).toBeNull();
    expect(await organization(scoped, a.organizationId)).toMatchObject({ id: a.organizationId });
    const before = await organization(api.db.prisma, b.organizationId);
    await expect(scoped.organization.update({ where: { id: b.organizationId }, data: { name: 'Taken' } })).rejects.toMatchObject(notFound);
    const { count } = await scoped.organization.updateMany({ where: { id: b.organizationId }, data: { name: 'Taken' } });
    expect(count).toBe(0);
    expect(await organization(api.db.prisma, b.organizationId)).toEqual(before);
    await expect(scoped.organization.create({ data: { name: 'New' } })).rejects.toThrow(/not created through a tenant client/);
  });
});

describe('the tables of issue 13 (licences, seats, depreciation settings)', () => {
  it('read, update and delete none of another organization’s rows; creates land in the caller’s organization', async () => {
    const [a, b] = [await api.tenant(), await api.tenant()];
    const scoped = scopeToOrganization(api.db.prisma, a.organizationId);
    const license = (await b.ok(`mutation { createLicense(input: { name: "Theirs", seatsPurchased: 2 }) { id } }`)).createLicense.id;
    const seat = (await b.ok(`mutation($l: UUID!, $u: UUID!) { assignLicenseSeat(input: { licenseId: $l, userId: $u }) { id } }`, { l: license, u: b.userId })).assignLicenseSeat.id;
    await b.ok(`mutation { setDepreciationSetting(input: { category: "Laptop", method: STRAIGHT_LINE, usefulLifeYears: 2 }) { category } }`);
    expect(await scoped.license.findUnique({ where: { id: license } })).toBeNull();
    expect(await scoped.licenseSeat.findMany({ where: { id: seat } })).toEqual([]);
    expect(await scoped.depreciationSetting.count()).toBe(0);
    await expect(scoped.license.update({ where: { id: license }, data: { name: 'Mine' } })).rejects.toMatchObject(notFound);
    await expect(scoped.licenseSeat.delete({ where: { id: seat } })).rejects.toMatchObject(notFound);
    expect(await scoped.depreciationSetting.deleteMany({ where: { category: 'Laptop' } })).toEqual({ count: 0 });
    const created = await scoped.license.create({ data: { name: 'Mine', seatsPurchased: 1, organizationId: b.organizationId } });
    expect(created.organizationId).toBe(a.organizationId);
    expect(await api.db.prisma.license.findUniqueOrThrow({ where: { id: license } })).toMatchObject({ name: 'Theirs' });
    expect(await api.db.prisma.licenseSeat.count({ where: { id: seat } })).toBe(1);
    expect(await api.db.prisma.depreciationSetting.count({ where: { organizationId: b.organizationId } })).toBe(1);
  });
});
