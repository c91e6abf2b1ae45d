// Compiled reads of the two shapes REST clients send most after a first page: `offset` pages
// (every dialect's limit/offset or page/per_page paging) and `search` filters (case-insensitive
// substring, LIKE wildcards taken literally, an asset's exact serial number). Each case runs on an
// app with compiled reads and one without, over the same data: same bytes, one statement.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssets, createLocations, createVendors, inviteUsers } from './support/fixtures.js';
import { startDifferential, type Differential } from './support/compiled-reads.js';
import type { Tenant } from './support/test-api.js';

let d: Differential;
let tenant: Tenant;

// Names with LIKE's wildcards and escape in them, mixed case, and ties on the sort key.
const NAMES = ['Dell 100%', 'dell 1000', 'DELL_X', 'DellX', 'back\\slash', 'Apple M3', 'apple m3', 'Lenovo', 'HP 100% pro', 'ThinkPad'];

beforeAll(async () => {
  d = await startDifferential();
  tenant = await d.api.tenant();
  const other = await d.api.tenant();
  await createAssets(tenant, 23, (i) => ({
    name: NAMES[i % NAMES.length],
    category: i % 3 ? 'Laptop' : null,
    serialNumber: `SN-${i}`,
    status: i % 4 === 1 ? 'MAINTENANCE' : undefined,
  }));
  await createAssets(other, 3, () => ({ name: 'Dell 100%' }));
  await createLocations(tenant, 6, (i) => ({ name: ['HQ Berlin', 'hq munich', 'Warehouse_1', 'Warehouse 10', 'Depot', 'HQ%'][i] }));
  await createVendors(tenant, 4, (i) => ({ name: ['Dell Inc', 'DELL Financial', 'Apple', 'Lenovo'][i] }));
  await inviteUsers(tenant, 5, (i) => ({ name: ['Ada Lovelace', 'ada byron', 'Grace Hopper', 'Alan Turing', 'Edsger Dijkstra'][i] }));
});
afterAll(() => d.close());

const ASSET_PAGE = `query($first: Int!, $offset: Int, $filter: AssetFilter, $orderBy: AssetOrder) {
  assets(first: $first, offset: $offset, filter: $filter, orderBy: $orderBy) {
    totalCount
    edges { cursor node { id name assetTag category status } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

describe('assets(offset:) (limit/offset paging)', () => {
  it('walks the whole list by offset in every order, each asset once, the same rows as the cursor walk', async () => {
    for (const orderBy of [undefined, { field: 'NAME', direction: 'ASC' }, { field: 'CATEGORY', direction: 'DESC' }, { field: 'ASSET_TAG', direction: 'ASC' }]) {
      const seen: string[] = [];
      for (let offset = 0; ; offset += 5) {
        const body = await d.compiled(tenant.readKey, ASSET_PAGE, { first: 5, offset, orderBy });
        const { edges, pageInfo, totalCount } = body.data.assets;
        expect(totalCount).toBe(23);
        expect(pageInfo.hasPreviousPage).toBe(offset > 0);
        seen.push(...edges.map((edge: { node: { id: string } }) => edge.node.id));
        if (!pageInfo.hasNextPage) break;
      }
      expect(seen).toHaveLength(23);
      expect(new Set(seen).size).toBe(23);
      const all = await d.compiled(tenant.readKey, ASSET_PAGE, { first: 100, orderBy });
      expect(all.data.assets.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual(seen);
    }
  });

  it('past the end, with a filter, after a cursor, and 0 (the first page)', async () => {
    const past = await d.compiled(tenant.readKey, ASSET_PAGE, { first: 5, offset: 500 });
    expect(past.data.assets).toMatchObject({ edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null } });
    await d.compiled(tenant.readKey, ASSET_PAGE, { first: 3, offset: 2, filter: { status: 'MAINTENANCE' } });
    const first = await d.compiled(tenant.readKey, ASSET_PAGE, { first: 4 });
    const after = first.data.assets.pageInfo.endCursor;
    await d.compiled(tenant.readKey, `query($after: String) { assets(first: 4, after: $after, offset: 3) { edges { node { id } } pageInfo { hasNextPage hasPreviousPage } } }`, { after });
    await d.compiled(tenant.readKey, ASSET_PAGE, { first: 4, offset: 0 });
  });

  it('users, vendors and locations page by offset too', async () => {
    await d.compiled(tenant.readKey, `{ users(first: 2, offset: 3, orderBy: { field: NAME, direction: ASC }) { totalCount edges { node { id name } } pageInfo { hasPreviousPage hasNextPage } } }`);
    await d.compiled(tenant.readKey, `{ vendors(first: 2, offset: 2) { totalCount edges { node { id name } } pageInfo { hasPreviousPage hasNextPage } } }`);
    await d.compiled(tenant.readKey, `{ locations(first: 4, offset: 4, orderBy: { field: NAME, direction: ASC }) { totalCount edges { cursor node { id name } } } }`);
  });

  it('refusals stay the resolvers\' own: a negative offset, and offset with last', async () => {
    const negative = await d.fallback(tenant.readKey, ASSET_PAGE, { first: 5, offset: -1 });
    expect(negative.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'offset' });
    const backward = await d.fallback(tenant.readKey, `{ assets(last: 5, offset: 2) { edges { node { id } } } }`);
    expect(backward.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'offset' });
  });
});

describe('filter: { search } (case-insensitive substring)', () => {
  const searchAssets = (search: string) => d.compiled(tenant.readKey, ASSET_PAGE, { first: 50, filter: { search }, orderBy: { field: 'NAME', direction: 'ASC' } });

  it('matches any case; % _ and \\ match themselves, not as wildcards', async () => {
    const expected: Record<string, string[]> = {
      dell: ['dell 1000', 'Dell 100%', 'DELL_X', 'DellX'],
      '100%': ['Dell 100%', 'HP 100% pro'],
      '_x': ['DELL_X'],
      '\\': ['back\\slash'],
      'APPLE m': ['Apple M3', 'apple m3'],
      '%': ['Dell 100%', 'HP 100% pro'],
      nothing: [],
    };
    for (const [search, names] of Object.entries(expected)) {
      const body = await searchAssets(search);
      const found = new Set(body.data.assets.edges.map((edge: { node: { name: string } }) => edge.node.name));
      expect([...found].sort(), search).toEqual([...names].sort());
    }
  });

  it("an asset's exact serial number (its blind index), with other filters and offset paging", async () => {
    const bySerial = await searchAssets('SN-7');
    expect(bySerial.data.assets.totalCount).toBe(1);
    await d.compiled(tenant.readKey, ASSET_PAGE, { first: 2, offset: 1, filter: { search: 'dell', category: 'Laptop' } });
    await d.compiled(tenant.readKey, ASSET_PAGE, { first: 2, filter: { search: ' apple ', statuses: ['ACTIVE'] }, orderBy: { field: 'CREATED_AT', direction: 'DESC' } });
  });

  it('users (name or email), vendors and locations (name)', async () => {
    await d.compiled(tenant.readKey, `{ users(first: 10, filter: { search: "ADA" }) { totalCount edges { node { id name } } } }`);
    await d.compiled(tenant.readKey, `{ vendors(first: 10, filter: { search: "dell" }) { totalCount edges { node { id name } } } }`);
    const locations = await d.compiled(tenant.readKey, `{ locations(first: 10, filter: { search: "warehouse_" }) { totalCount edges { node { name } } } }`);
    expect(locations.data.locations.edges.map((edge: { node: { name: string } }) => edge.node.name)).toEqual(['Warehouse_1']);
    await d.compiled(tenant.readKey, `{ locations(first: 10, filter: { search: "hq%" }) { totalCount edges { node { name } } } }`);
  });
});
