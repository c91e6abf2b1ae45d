// The tenant scope (src/db/tenant-scope.ts) covers the tables of issue 14 (incidents and documents
// too): a client scoped to organization A neither reads nor changes B's rows, and what it creates lands in A.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopeToOrganization } from '../src/db/tenant-scope.js';
import { createAsset } from './support/fixtures.js';
import { startTestApi, type TestApi } from './support/test-api.js';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(() => api.close());

async function twoTenants() {
  const [a, b] = [await api.tenant(), await api.tenant()];
  const [assetA, assetB] = [await createAsset(a), await createAsset(b)];
  return { a, b, assetA, assetB, scoped: scopeToOrganization(api.db.prisma, a.organizationId) };
}

describe('maintenance_records under the tenant scope', () => {
  it("reads, updates and deletes none of another organization's records; creates in the caller's", async () => {
    const { a, b, assetA, assetB, scoped } = await twoTenants();
    const theirs = await api.db.prisma.maintenanceRecord.create({ data: { organizationId: b.organizationId, assetId: assetB.id, description: 'theirs' } });
    expect(await scoped.maintenanceRecord.findUnique({ where: { id: theirs.id } })).toBeNull();
    expect(await scoped.maintenanceRecord.count()).toBe(0);
    await expect(scoped.maintenanceRecord.update({ where: { id: theirs.id }, data: { description: 'mine' } })).rejects.toMatchObject({ code: 'P2025' });
    expect((await scoped.maintenanceRecord.deleteMany({})).count).toBe(0);
    const created = await scoped.maintenanceRecord.create({ data: { organizationId: b.organizationId, assetId: assetA.id } as never });
    expect(created.organizationId).toBe(a.organizationId);
    expect(await api.db.prisma.maintenanceRecord.findUnique({ where: { id: theirs.id } })).toMatchObject({ description: 'theirs' });
  });
});

describe('geo_positions under the tenant scope', () => {
  it("reads and deletes none of another organization's positions; creates in the caller's", async () => {
    const { a, b, assetA, assetB, scoped } = await twoTenants();
    const theirs = await api.db.prisma.geoPosition.create({ data: { organizationId: b.organizationId, assetId: assetB.id, latitude: 1, longitude: 2 } });
    expect(await scoped.geoPosition.findUnique({ where: { id: theirs.id } })).toBeNull();
    expect(await scoped.geoPosition.findMany({ where: { assetId: assetB.id } })).toEqual([]);
    expect((await scoped.geoPosition.deleteMany({})).count).toBe(0);
    const created = await scoped.geoPosition.create({ data: { organizationId: b.organizationId, assetId: assetA.id, latitude: 0, longitude: 0 } as never });
    expect(created.organizationId).toBe(a.organizationId);
    expect(await api.db.prisma.geoPosition.count({ where: { id: theirs.id } })).toBe(1);
  });
});

describe('asset_signals under the tenant scope', () => {
  it("reads and deletes none of another organization's signals; createMany lands in the caller's", async () => {
    const { a, b, assetA, assetB, scoped } = await twoTenants();
    const theirs = await api.db.prisma.assetSignal.create({ data: { organizationId: b.organizationId, assetId: assetB.id, signalType: 't', value: 1, recordedAt: new Date() } });
    expect(await scoped.assetSignal.findUnique({ where: { id: theirs.id } })).toBeNull();
    expect(await scoped.assetSignal.count({ where: { assetId: assetB.id } })).toBe(0);
    expect((await scoped.assetSignal.deleteMany({})).count).toBe(0);
    await scoped.assetSignal.createMany({ data: [{ organizationId: b.organizationId, assetId: assetA.id, signalType: 't', value: 2, recordedAt: new Date() }] });
    expect(await api.db.prisma.assetSignal.count({ where: { organizationId: a.organizationId } })).toBe(1);
    expect(await api.db.prisma.assetSignal.count({ where: { organizationId: b.organizationId } })).toBe(1);
  });
});

describe('incidents and asset_documents under the tenant scope', () => {
  it("read, update and delete none of another organization's rows; create in the caller's", async () => {
    const { a, b, assetA, assetB, scoped } = await twoTenants();
    const theirIncident = await api.db.prisma.incident.create({ data: { organizationId: b.organizationId, assetId: assetB.id, title: 'theirs' } });
    const theirDocument = await api.db.prisma.assetDocument.create({ data: { organizationId: b.organizationId, assetId: assetB.id, name: 'theirs', reference: 'R-1' } });
    expect(await scoped.incident.findUnique({ where: { id: theirIncident.id } })).toBeNull();
    expect(await scoped.assetDocument.findUnique({ where: { id: theirDocument.id } })).toBeNull();
    expect([await scoped.incident.count(), await scoped.assetDocument.count()]).toEqual([0, 0]);
    await expect(scoped.incident.update({ where: { id: theirIncident.id }, data: { title: 'mine' } })).rejects.toMatchObject({ code: 'P2025' });
    await expect(scoped.assetDocument.update({ where: { id: theirDocument.id }, data: { name: 'mine' } })).rejects.toMatchObject({ code: 'P2025' });
    expect([(await scoped.incident.deleteMany({})).count, (await scoped.assetDocument.deleteMany({})).count]).toEqual([0, 0]);
    const incident = await scoped.incident.create({ data: { organizationId: b.organizationId, assetId: assetA.id, title: 'mine' } as never });
    const document = await scoped.assetDocument.create({ data: { organizationId: b.organizationId, assetId: assetA.id, name: 'mine', reference: 'R-2' } as never });
    expect([incident.organizationId, document.organizationId]).toEqual([a.organizationId, a.organizationId]);
    expect(await api.db.prisma.incident.findUnique({ where: { id: theirIncident.id } })).toMatchObject({ title: 'theirs' });
    expect(await api.db.prisma.assetDocument.findUnique({ where: { id: theirDocument.id } })).toMatchObject({ name: 'theirs' });
  });
});
