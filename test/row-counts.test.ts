// Unfiltered totalCount (and REST's X-Total-Count) comes from per-organization row counts kept by
// triggers in the writes' own transactions (src/db/row-counts.ts): exact through creates, deletes,
// concurrent writes and rolled-back writes, one lookup instead of a count over every row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAsset, createLocation, createVendor, inviteUser } from './support/fixtures.js';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(() => api.close());

const ALL_STATUSES = 'statuses: [ACTIVE, CHECKED_OUT, CHECKED_IN, MAINTENANCE, RETIRED]';

/** The kept count (unfiltered) and a real count (a filter every asset matches). */
async function assetCounts(tenant: Tenant) {
  const data = await tenant.ok(`{ kept: assets { totalCount } counted: assets(filter: { ${ALL_STATUSES} }) { totalCount } }`);
  return { kept: data.kept.totalCount as number, counted: data.counted.totalCount as number };
}

describe('assets totalCount', () => {
  it('stays exact through creates, deletes, concurrent creates and a refused write', async () => {
    const tenant = await api.tenant();
    expect(await assetCounts(tenant)).toEqual({ kept: 0, counted: 0 });
    const first = await createAsset(tenant);
    await createAsset(tenant);
    await Promise.all(Array.from({ length: 8 }, () => createAsset(tenant)));
    expect(await assetCounts(tenant)).toEqual({ kept: 10, counted: 10 });
    await tenant.ok('mutation($id: UUID!) { deleteAsset(id: $id) { id } }', { id: first.id });
    // A create refused inside its transaction (a duplicate tag) leaves no trace in the count.
    const taken = await tenant.gql('mutation { createAsset(input: { name: "dup", assetTag: "IT-0002" }) { id } }');
    expect(taken.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(await assetCounts(tenant)).toEqual({ kept: 9, counted: 9 });
  });

  it('counts one organization only', async () => {
    const mine = await api.tenant();
    const theirs = await api.tenant();
    await createAsset(mine);
    await createAsset(theirs);
    await createAsset(theirs);
    expect((await assetCounts(mine)).kept).toBe(1);
    expect((await assetCounts(theirs)).kept).toBe(2);
  });

  it('an unfiltered count is a lookup of the kept count, not a count over the rows', async () => {
    const tenant = await api.tenant();
    await createAsset(tenant);
    const statements: string[] = [];
    const stop = api.db.onSql(({ sql }) => statements.push(sql));
    try {
      await tenant.ok('{ assets(first: 1) { totalCount } }');
    } finally {
      stop();
    }
    // Through Prisma ("public"."row_counts") or a compiled read ("row_counts").
    expect(statements.some((sql) => /FROM ("public"\.)?"row_counts"/.test(sql))).toBe(true);
    expect(statements.some((sql) => /COUNT\(/i.test(sql))).toBe(false);
  });
});

describe('users, locations and vendors totalCount', () => {
  it('stays exact through creates and deletes', async () => {
    const tenant = await api.tenant();
    await inviteUser(tenant);
    const location = await createLocation(tenant);
    await createLocation(tenant);
    const vendor = await createVendor(tenant);
    await tenant.ok('mutation($id: UUID!) { deleteLocation(id: $id) { id } }', { id: location.id });
    await tenant.ok('mutation($id: UUID!) { deleteVendor(id: $id) { id } }', { id: vendor.id });
    const data = await tenant.ok(`{
      users { totalCount } allUsers: users(filter: { search: "@" }) { totalCount }
      locations { totalCount } vendors { totalCount } }`);
    // The admin made by bootstrap and the invited user.
    expect(data.users.totalCount).toBe(2);
    expect(data.allUsers.totalCount).toBe(2);
    expect(data.locations.totalCount).toBe(1);
    expect(data.vendors.totalCount).toBe(0);
  });
});
