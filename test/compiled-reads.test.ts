// Compiled reads (src/graphql/compiled, src/yoga/use-compiled-reads.ts): a query the compiler
// takes on is answered by one SQL statement with exactly the response normal execution gives.
// Every case runs on an app with compiled reads and one without, over the same data.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { randomUUID } from 'node:crypto';
import { checkoutAsset, checkoutHistory, createAsset, createLocations, createVendors, inviteUsers, signedUpUser } from './support/fixtures.js';
import { jsonObject } from '../src/graphql/compiled/selection.js';
import { MASKED_NOTES } from '../src/crypto/field-cipher.js';
import { countsItsCost, isCompiledStatement, startDifferential, type Differential } from './support/compiled-reads.js';
import type { Tenant } from './support/test-api.js';
import { loadConfig } from '../src/config.js';
import { createApp } from '../src/app.js';
import { captureLogs } from './support/log-capture.js';
import type { SqlStatement } from '../src/db/database.js';
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { createLogger } from '../src/request/log.js';
import { MemoryBudgetStore } from '../src/cost/budget-store.js';

let d: Differential;
let tenant: Tenant;
let other: Tenant;
let assetIds: string[];
let withEvents: string;

const ORDER_FIELDS = ['NAME', 'CREATED_AT', 'STATUS', 'CATEGORY', 'VALUE', 'ASSET_TAG'] as const;
const NODE = 'id assetTag name category status value customFields purchaseDate warrantyExpiry manufacturer model expectedReturn createdAt updatedAt';

beforeAll(async () => {
  d = await startDifferential();
  tenant = await d.api.tenant();
  other = await d.api.tenant();
  const locations = await createLocations(tenant, 2);
  const vendors = await createVendors(tenant, 2);
  const ratings = ['HIGH', null, 'LOW', 'MEDIUM', null, 'LOW', 'HIGH'];
  await createVendors(tenant, 7, (i) => ({ name: `Rated ${i % 3}`, riskRating: ratings[i], complianceStatus: i % 2 ? 'NON_COMPLIANT' : undefined, category: i % 2 ? 'Hardware' : null }));
  await createLocations(tenant, 5, (i) => ({ name: `Site ${i % 2}`, type: i % 3 ? 'Office' : 'Warehouse' }));
  const users = await inviteUsers(tenant, 2);
  await inviteUsers(tenant, 5, (i) => ({ name: `Same ${i % 2}` }));
  // Ties on every sort key (equal names, categories, values), nulls where a key is nullable,
  // decimals with and without trailing zeros, dates, statuses stored with a dash (checked-out).
  const values = ['2499.00', '0.50', null, '2499.00', '19.99', null, '100.10', '0.50'];
  assetIds = [];
  for (let i = 0; i < 16; i++) {
    const asset = await createAsset(tenant, {
      name: `Asset ${i % 5}`,
      category: i % 3 === 0 ? null : `Cat ${i % 2}`,
      value: values[i % values.length],
      status: i % 7 === 3 ? 'MAINTENANCE' : i % 7 === 5 ? 'RETIRED' : undefined,
      purchaseDate: i % 2 ? '2024-02-29' : null,
      warrantyExpiry: i % 2 ? '2027-02-28' : null,
      manufacturer: i % 4 ? 'Apple' : null,
      customFields: i % 3 ? { costCenter: `R&D ${i % 2}`, seats: i, nested: { ok: i % 2 === 0, list: [1, 'two', null] } } : undefined,
      locationId: i % 3 ? locations[i % 2] : null,
      vendorId: i % 4 ? vendors[i % 2] : null,
    });
    assetIds.push(asset.id);
  }
  await checkoutAsset(tenant, assetIds[0], users[0], '2030-01-15');
  await checkoutAsset(tenant, assetIds[1], users[1]);
  withEvents = assetIds[0];
  await createAsset(other, { name: 'Not yours' });
});
afterAll(() => d.close());

/**
 * Walks every page of the root connection `root` in `orderBy` (forward with first/after, or
 * backward with last/before), each page compared with normal execution; the ids in walk order.
 */
async function walk(root: string, orderType: string, orderBy: Record<string, string> | null, fields: string, backward: boolean): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 40; page++) {
    const args: string = backward ? `last: 3, before: $cursor` : `first: 3, after: $cursor`;
    const order = orderBy ? ', orderBy: $orderBy' : '';
    const body = await d.compiled(tenant.readKey, `query($cursor: String${orderBy ? `, $orderBy: ${orderType}` : ''}) {
      ${root}(${args}${order}) {
        totalCount
        edges { cursor node { ${fields} } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
    }`, { cursor, ...(orderBy && { orderBy }) });
    const { edges, pageInfo } = body.data[root];
    const ids = edges.map((edge: { node: { id: string } }) => edge.node.id);
    seen.push(...(backward ? ids.reverse() : ids));
    const more = backward ? pageInfo.hasPreviousPage : pageInfo.hasNextPage;
    if (!more) return seen;
    cursor = backward ? pageInfo.startCursor : pageInfo.endCursor;
  }
  throw new Error('the walk did not end');
}

/** Forward and backward walks over the whole list agree with each other (each row once). */
async function walkBothWays(root: string, orderType: string, orderBy: Record<string, string> | null, fields: string) {
  const forward = await walk(root, orderType, orderBy, fields, false);
  expect(new Set(forward).size).toBe(forward.length);
  const backward = await walk(root, orderType, orderBy, fields, true);
  expect(backward.reverse()).toEqual(forward);
  return forward;
}

describe('assets (keyset root connection)', () => {
  it('answers the benchmark page in one statement', async () => {
    const body = await d.compiled(tenant.readKey, `{ assets(first: 50) { edges { node { id assetTag name status location { name } vendor { name } assignedUser { name } } } } }`);
    expect(body.data.assets.edges).toHaveLength(16);
    expect(body.data.assets.edges.some((edge: any) => edge.node.assignedUser?.name === 'User 0')).toBe(true);
  });

  it('reads one row beyond the page only when the answer says whether there is more', async () => {
    const limitOf = () => Number(/ LIMIT (\d+)\) r\)/.exec(d.lastCompiled()!.sql)?.[1]);
    await d.compiled(tenant.readKey, `{ assets(first: 5) { edges { cursor node { id } } pageInfo { endCursor } } }`);
    expect(limitOf()).toBe(5);
    const forward = await d.compiled(tenant.readKey, `{ assets(first: 5) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`);
    expect(limitOf()).toBe(6);
    expect(forward.data.assets.pageInfo.hasNextPage).toBe(true);
    // Backward: the row beyond comes first in the order shown, and is not shown (nor costed).
    const backward = await d.compiled(tenant.readKey, `{ assets(last: 3) { edges { cursor node { id vendor { name } } } pageInfo { hasPreviousPage startCursor endCursor } } }`);
    expect(limitOf()).toBe(4);
    expect(backward.data.assets.edges).toHaveLength(3);
    expect(backward.data.assets.pageInfo).toMatchObject({ hasPreviousPage: true, startCursor: backward.data.assets.edges[0].cursor, endCursor: backward.data.assets.edges[2].cursor });
    // No window function and no second scan of the page: one aggregate over it.
    expect(d.lastCompiled()!.sql).not.toMatch(/row_number|WITH r_/);
  });

  // d.compiled checks the figure against the walk over the answer (src/cost/query-cost.ts actualCost).
  it('counts what its answer costs in the same statement: 1 per node and per relation present, pageInfo, counts, lookups', async () => {
    const costed = [
      `{ assets(first: 50) { edges { node { id assetTag name status location { name } vendor { name } assignedUser { name } } } } }`,
      `{ assets(first: 5) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id location { name } } } more: edges { node { vendor { name } } } } }`,
      `{ assets(first: 2) { __typename edges { __typename cursor } } vendors(first: 2) { totalCount } locations(first: 1) { edges { node { id } } } }`,
      `{ assets(first: 2, filter: { statuses: [RETIRED] }) { edges { node { id } } } }`,
      `{ assets(first: 4, offset: 10) { edges { node { id vendor { name } } } pageInfo { hasPreviousPage } } }`,
      `{ assets(last: 3) { edges { node { location { name } assignedUser { name } } } } }`,
      `{ __typename users(first: 3) { edges { node { name } } } }`,
    ];
    for (const query of costed) {
      await d.compiled(tenant.readKey, query);
      expect(countsItsCost(d.lastCompiled()!), query).toBe(true);
    }
    for (const id of [assetIds[0], randomUUID()]) {
      await d.compiled(tenant.readKey, `query($id: UUID!) { asset(id: $id) { id location { name } vendor { name } } }`, { id });
      expect(countsItsCost(d.lastCompiled()!)).toBe(true);
    }
  });

  it('leaves the pricing to the limiter where a nested connection or node(id) decides it', async () => {
    const uncosted: [string, Record<string, unknown>?][] = [
      [`query($id: UUID!) { asset(id: $id) { id auditEvents(first: 10) { edges { node { action } } } } }`, { id: withEvents }],
      [`{ assets(first: 3) { edges { node { id auditEvents { totalCount } } } } }`],
      [`query($id: ID!) { node(id: $id) { id } }`, { id: withEvents }],
    ];
    for (const [query, variables] of uncosted) {
      await d.compiled(tenant.readKey, query, variables);
      expect(countsItsCost(d.lastCompiled()!), query).toBe(false);
    }
  });

  for (const field of ORDER_FIELDS) {
    for (const direction of ['ASC', 'DESC']) {
      it(`walks every page by ${field} ${direction}, forward and backward, each asset once`, async () => {
        const forward = await walkBothWays('assets', 'AssetOrder', { field, direction }, NODE);
        expect([...forward].sort()).toEqual([...assetIds].sort());
      });
    }
  }

  it('takes aliases, fragments (named and inline), @include/@skip by variables and __typename', async () => {
    const query = `query($withTag: Boolean!, $noVendor: Boolean!, $n: Int) {
      __typename
      list: assets(first: $n, orderBy: { field: NAME, direction: ASC }) {
        __typename
        count: totalCount
        items: edges { __typename at: cursor node { ...Row ... on Asset { tag: assetTag @include(if: $withTag) vendor @skip(if: $noVendor) { name } } } }
        edges { node { id } }
        info: pageInfo { __typename hasNextPage end: endCursor }
      }
      again: assets(last: 2) { edges { node { __typename id name } } }
    }
    fragment Row on Asset { id label: name location { __typename id name } }`;
    for (const variables of [{ withTag: true, noVendor: false, n: 4 }, { withTag: false, noVendor: true, n: 2 }]) {
      await d.compiled(tenant.readKey, query, variables);
    }
  });

  it('takes long response keys and wide selections (past PostgreSQL\'s 100 arguments per function call)', async () => {
    await d.compiled(tenant.readKey, `{ assets(first: 2) { edges { node { ${'k'.repeat(64)}: name } } } }`);
    // Past 49 keys (30 aliases at most by default): one `||` chain of 240 parts, no argument limit.
    const wide = Array.from({ length: 120 }, (_, i) => [`k${i}`, i % 2 ? `'"x"'` : String(i)] as const);
    const [[text]] = await d.api.db.queryWithArgs(`SELECT ${jsonObject(wide)}`, []);
    expect(text).toBe(JSON.stringify(Object.fromEntries(wide.map(([key, value]) => [key, JSON.parse(value.replace(/'/g, ''))]))));
  });

  it('counts alone, and from the row counts when unfiltered', async () => {
    const body = await d.compiled(tenant.readKey, `{ assets(after: "not even a cursor") { totalCount } }`);
    expect(body.data.assets.totalCount).toBe(16);
  });

  it('gives cursors that work on either side', async () => {
    const page = await d.compiled(tenant.readKey, `{ assets(first: 5, orderBy: { field: VALUE }) { pageInfo { endCursor } } }`);
    const after = page.data.assets.pageInfo.endCursor;
    await d.compiled(tenant.readKey, `query($after: String) { assets(first: 5, after: $after, orderBy: { field: VALUE }) { edges { cursor node { id } } } }`, { after });
    await d.fallback(tenant.readKey, `query($after: String) { assets(first: 5, after: $after, orderBy: { field: VALUE }, filter: { customFields: { seats: 1 } }) { edges { cursor node { id } } } }`, { after });
  });
});

describe('locations, vendors, users, auditEvents (the other keyset root connections)', () => {
  const lists = [
    { root: 'locations', order: 'LocationOrder', fields: ['NAME', 'CREATED_AT', 'TYPE'], node: 'id name type address createdAt updatedAt __typename' },
    { root: 'vendors', order: 'VendorOrder', fields: ['NAME', 'CREATED_AT', 'RISK_RATING'], node: 'id name category website riskRating complianceStatus primaryContactName primaryContactEmail createdAt updatedAt' },
    { root: 'users', order: 'UserOrder', fields: ['NAME', 'EMAIL', 'CREATED_AT'], node: 'id name email role status department title createdAt' },
  ];
  for (const { root, order, fields, node } of lists) {
    for (const field of fields) {
      for (const direction of ['ASC', 'DESC']) {
        it(`${root} by ${field} ${direction}`, () => walkBothWays(root, order, { field, direction }, node));
      }
    }
  }

  it('auditEvents, newest first and oldest first, with the acting user', async () => {
    const fields = 'id action entityType entityId requestId source actorApiKeyId createdAt actorUser { id name email }';
    const newest = await walk('auditEvents', '', null, fields, false);
    expect(newest.length).toBeGreaterThan(20);
    for (const direction of ['ASC', 'DESC']) {
      const body = await d.compiled(tenant.readKey, `query($direction: SortDirection) { auditEvents(first: 7, direction: $direction) { totalCount edges { cursor node { ${fields} } } pageInfo { endCursor } } }`, { direction });
      const after = body.data.auditEvents.pageInfo.endCursor;
      await d.compiled(tenant.readKey, `query($direction: SortDirection, $after: String) { auditEvents(first: 7, after: $after, direction: $direction) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage } } }`, { direction, after });
    }
  });

  it('looks up one location, vendor and user by id (null when not ours)', async () => {
    const page = await tenant.ok(`{ locations(first: 1) { edges { node { id } } } vendors(first: 1) { edges { node { id } } } users(first: 1) { edges { node { id } } } }`);
    for (const root of ['location', 'vendor', 'user']) {
      const id = page[`${root}s`].edges[0].node.id;
      await d.compiled(tenant.readKey, `query($id: UUID!) { ${root}(id: $id) { id name } }`, { id });
      await d.compiled(tenant.readKey, `query($id: UUID!) { ${root}(id: $id) { id } }`, { id: randomUUID() });
    }
  });
});

describe('filters (the connection\'s own where, when it is equalities, ranges and lists)', () => {
  it('assets by status, statuses, category, location, vendor, assignee, with the count and every page', async () => {
    const { locations, vendors } = await tenant.ok(`{ locations(first: 1, orderBy: { field: NAME }) { edges { node { id } } } vendors(first: 1, orderBy: { field: NAME }) { edges { node { id } } } }`);
    const filters = [
      { status: 'RETIRED' }, { statuses: ['MAINTENANCE', 'CHECKED_OUT'] }, { statuses: [] }, { category: 'Cat 1' },
      { locationId: locations.edges[0].node.id, category: 'Cat 0' }, { vendorId: vendors.edges[0].node.id },
      { assignedUserId: randomUUID() }, { status: null, category: null }, { search: '  ' },
    ];
    for (const filter of filters) {
      await d.compiled(tenant.readKey, `query($filter: AssetFilter) { assets(first: 4, filter: $filter, orderBy: { field: VALUE, direction: ASC }) { totalCount edges { cursor node { id value } } pageInfo { hasNextPage endCursor } } }`, { filter });
      await d.compiled(tenant.readKey, `query($filter: AssetFilter) { assets(filter: $filter) { totalCount } }`, { filter });
    }
    const checkedOut = await d.compiled(tenant.readKey, `{ assets(filter: { status: CHECKED_OUT }) { totalCount edges { node { id assignedUser { name } } } } }`);
    expect(checkedOut.data.assets.totalCount).toBe(2);
  });

  it('pages a filtered list forward and backward, each row once', async () => {
    const filter = { statuses: ['ACTIVE', 'CHECKED_OUT'] };
    const forward: string[] = [];
    let after: string | null = null;
    for (let more = true; more;) {
      const body: any = await d.compiled(tenant.readKey, `query($filter: AssetFilter, $after: String) { assets(first: 2, after: $after, filter: $filter, orderBy: { field: CATEGORY }) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`, { filter, after });
      forward.push(...body.data.assets.edges.map((edge: any) => edge.node.id));
      ({ hasNextPage: more, endCursor: after } = body.data.assets.pageInfo);
    }
    const all = await d.compiled(tenant.readKey, `query($filter: AssetFilter) { assets(last: 50, filter: $filter, orderBy: { field: CATEGORY }) { totalCount edges { node { id } } } }`, { filter });
    expect(all.data.assets.edges.map((edge: any) => edge.node.id)).toEqual(forward);
    expect(all.data.assets.totalCount).toBe(forward.length);
  });

  it('vendors, users, locations and audit events by their filters', async () => {
    await d.compiled(tenant.readKey, `{ vendors(first: 3, filter: { riskRating: LOW }) { totalCount edges { node { id riskRating } } } }`);
    await d.compiled(tenant.readKey, `{ vendors(filter: { category: "Hardware" }, orderBy: { field: RISK_RATING, direction: DESC }) { totalCount edges { cursor node { id } } } }`);
    await d.compiled(tenant.readKey, `{ users(filter: { role: ADMIN, status: ACTIVE }) { totalCount edges { node { id email role } } } }`);
    await d.compiled(tenant.readKey, `{ locations(filter: { type: "Warehouse" }) { totalCount edges { node { id type } } } }`);
    const from = new Date(Date.now() - 3_600_000).toISOString();
    await d.compiled(tenant.readKey, `query($id: UUID, $from: DateTime) { auditEvents(first: 5, filter: { entityId: $id, entityType: "Asset", action: "asset.checked_out", from: $from }) { totalCount edges { node { id action } } } }`, { id: withEvents, from });
    await d.compiled(tenant.readKey, `query($to: DateTime) { auditEvents(first: 5, direction: ASC, filter: { to: $to }) { totalCount edges { node { id } } } }`, { to: from });
    // The acting user or API key: an OR of the two columns.
    const byActor = await d.compiled(tenant.readKey, `query($actor: UUID) { auditEvents(first: 5, filter: { actorId: $actor }) { totalCount edges { node { id } } } }`, { actor: tenant.userId });
    expect(byActor.data.auditEvents.totalCount).toBeGreaterThan(0);
  });
});

describe('asset(id) (lookup) with its audit events', () => {
  it('answers one asset with its latest events in one statement', async () => {
    const body = await d.compiled(tenant.readKey, `query($id: UUID!) { asset(id: $id) { id assetTag name auditEvents(first: 10) { edges { node { action createdAt } } } } }`, { id: withEvents });
    expect(body.data.asset.auditEvents.edges.map((edge: any) => edge.node.action)).toContain('asset.checked_out');
  });

  it('pages the events as the prisma connection does (cursors, pageInfo, totalCount, actor)', async () => {
    await d.compiled(tenant.readKey, `query($id: UUID!) { asset(id: $id) { auditEvents(first: 1) { totalCount edges { cursor node { id action entityType entityId source requestId actorUser { name } createdAt } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }`, { id: withEvents });
    await d.compiled(tenant.readKey, `{ assets(first: 3) { edges { node { id auditEvents { totalCount edges { node { action } } } } } } }`);
  });

  it('answers null for a missing id and for another organization\'s', async () => {
    const [mine] = assetIds;
    const theirs = (await other.ok(`{ assets { edges { node { id } } } }`)).assets.edges[0].node.id;
    for (const id of [randomUUID(), theirs]) {
      const body = await d.compiled(tenant.readKey, `query($id: UUID!) { asset(id: $id) { id } }`, { id });
      expect(body.data.asset).toBeNull();
    }
    await d.compiled(tenant.readKey, `query($id: UUID!) { asset(id: $id) { id name } }`, { id: mine });
  });
});

describe('related lists (first pages of relatedConnections)', () => {
  it('Location.assets, Vendor.assets, User.assignedAssets and ownedAssets, by name with ties, with counts and pageInfo', async () => {
    const page = (first: number) => `(first: ${first}) { totalCount edges { cursor node { id name } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }`;
    for (const first of [1, 3, 50]) {
      const body = await d.compiled(tenant.readKey, `{
        locations(first: 10) { edges { node { id assets${page(first)} } } }
        vendors(first: 10) { edges { node { name assets${page(first)} } } }
        users(first: 10) { edges { node { email assignedAssets${page(first)} ownedAssets${page(first)} } } }
      }`);
      if (first === 50) {
        const atLocations = body.data.locations.edges.reduce((sum: number, edge: any) => sum + edge.node.assets.totalCount, 0);
        expect(atLocations).toBeGreaterThan(0);
        expect(body.data.users.edges.some((edge: any) => edge.node.assignedAssets.totalCount > 0)).toBe(true);
      }
    }
  });

  it('Asset.assignments: checkout history newest first, with the checkout\'s fields and who made it', async () => {
    const [, , , asset] = assetIds;
    const users = (await tenant.ok(`{ users(first: 3) { edges { node { id } } } }`)).users.edges.map((edge: any) => edge.node.id);
    await checkoutHistory(tenant, asset, [users[0], users[1], users[0]]);
    for (const first of [2, 10]) {
      const body = await d.compiled(tenant.readKey, `query($id: UUID!) { asset(id: $id) { assignments(first: ${first}) {
        totalCount edges { cursor node { id checkedOutAt checkedInAt expectedReturn performedBy { name } } } pageInfo { hasNextPage endCursor } } } }`, { id: asset });
      expect(body.data.asset.assignments.totalCount).toBe(3);
    }
  });

  it('required relations (Assignment.user and .asset) compile; one that is missing fails the statement and the resolvers answer', async () => {
    const [, , , , asset] = assetIds;
    const users = (await tenant.ok(`{ users(first: 2) { edges { node { id } } } }`)).users.edges.map((edge: any) => edge.node.id);
    await checkoutHistory(tenant, asset, [users[0], users[1]]);
    const query = `query($id: UUID!) { asset(id: $id) { name assignments(first: 5) { edges { node { id user { name email } asset { name } } } } } }`;
    const body = await d.compiled(tenant.readKey, query, { id: asset });
    expect(body.data.asset.assignments.edges.map((edge: any) => edge.node.user.name)).toHaveLength(2);
    expect(body.data.asset.assignments.edges[0].node.asset.name).toBe(body.data.asset.name);
    // A checkout pointing at another organization's user: the join (in the organization) finds nothing.
    const stranger = (await other.ok(`{ users(first: 1) { edges { node { id } } } }`)).users.edges[0].node.id;
    const id = body.data.asset.assignments.edges[0].node.id;
    const [{ user_id: holder }] = await d.api.db.prisma.$queryRawUnsafe<{ user_id: string }[]>(`SELECT user_id::text FROM assignments WHERE id = $1::uuid`, id);
    await d.api.db.prisma.$executeRawUnsafe(`UPDATE assignments SET user_id = $1::uuid WHERE id = $2::uuid`, stranger, id);
    try {
      const { statements } = await d.run(tenant.readKey, query, { id: asset });
      // The resolvers' answer (d.run compared it with the plain app's), after the compiled statement failed.
      const compiled = statements.findIndex(isCompiledStatement);
      expect(compiled).toBeGreaterThanOrEqual(0);
      expect(statements.length).toBeGreaterThan(compiled + 1);
    } finally {
      await d.api.db.prisma.$executeRawUnsafe(`UPDATE assignments SET user_id = $1::uuid WHERE id = $2::uuid`, holder, id);
    }
  });

  it('a page after a cursor, or from the end, runs through the resolvers', async () => {
    const { locations } = await tenant.ok(`{ locations(first: 1) { edges { node { assets(first: 1) { pageInfo { endCursor } } } } } }`);
    const after = locations.edges[0].node.assets.pageInfo.endCursor;
    if (after) await d.fallback(tenant.readKey, `query($after: String) { locations(first: 1) { edges { node { assets(first: 1, after: $after) { edges { node { id } } } } } } }`, { after });
    await d.fallback(tenant.readKey, `{ locations(first: 1) { edges { node { assets(last: 2) { edges { node { id } } } } } } }`);
  });
});

describe('node(id) and nodes(ids)', () => {
  const SELECTION = `__typename id
    ... on Asset { assetTag name location { name } auditEvents(first: 2) { edges { node { action } } } }
    ... on Location { name assets(first: 2) { totalCount edges { node { id } } } }
    ... on Vendor { name }
    ... on User { email }`;

  it('finds each id in its own table, in the order asked, null for a missing, foreign or malformed id', async () => {
    const ids = await tenant.ok(`{ assets(first: 2) { edges { node { id } } } locations(first: 1) { edges { node { id } } } vendors(first: 1) { edges { node { id } } } users(first: 1) { edges { node { id } } } auditEvents(first: 1) { edges { node { id } } } }`);
    const [asset, second] = ids.assets.edges.map((edge: any) => edge.node.id);
    const mine = [asset, ids.locations.edges[0].node.id, ids.vendors.edges[0].node.id, ids.users.edges[0].node.id, ids.auditEvents.edges[0].node.id];
    const theirs = (await other.ok(`{ assets { edges { node { id } } } }`)).assets.edges[0].node.id;
    for (const id of [...mine, second.toUpperCase(), randomUUID(), theirs, 'not-a-uuid']) {
      await d.compiled(tenant.readKey, `query($id: ID!) { node(id: $id) { ${SELECTION} } }`, { id });
    }
    const body = await d.compiled(tenant.readKey, `query($ids: [ID!]!) { nodes(ids: $ids) { ${SELECTION} } }`, { ids: [...mine, 'nope', theirs, asset, randomUUID()] });
    expect(body.data.nodes.map((node: any) => node?.__typename ?? null)).toEqual(['Asset', 'Location', 'Vendor', 'User', 'AuditEvent', null, null, 'Asset', null]);
    await d.compiled(tenant.readKey, `{ nodes(ids: []) { id } }`);
  });
});

describe('fields resolved after the statement (sqlResolvesFrom: serialNumber, notes)', () => {
  let owner: Tenant;
  let ids: string[];
  const PAGE = `query($reveal: Boolean!) { assets(first: 10, orderBy: { field: ASSET_TAG, direction: ASC }) {
    edges { node { id serialNumber masked: serialNumber(reveal: false) clear: serialNumber(reveal: $reveal) notes revealed: notes(reveal: $reveal) } } } }`;
  beforeAll(async () => {
    owner = await d.api.tenant();
    ids = [];
    for (const [i, input] of [{ serialNumber: 'C02XK1ZZJGH5', notes: 'Screen "cracked"\nline two' }, { serialNumber: 'AB' }, { notes: 'n' }, {}].entries()) {
      ids.push((await createAsset(owner, { assetTag: `T-${i}`, ...input })).id);
    }
  });

  it('masked for every caller, in clear with reveal for an admin (by argument or variable)', async () => {
    for (const reveal of [true, false]) {
      const body = await d.compiled(owner.readKey, PAGE, { reveal });
      const [first, short, notesOnly, bare] = body.data.assets.edges.map((edge: any) => edge.node);
      expect(first).toMatchObject({ serialNumber: '********JGH5', masked: '********JGH5', notes: MASKED_NOTES });
      expect(first.clear).toBe(reveal ? 'C02XK1ZZJGH5' : '********JGH5');
      expect(first.revealed).toBe(reveal ? 'Screen "cracked"\nline two' : MASKED_NOTES);
      expect(short.serialNumber).toBe('****');
      expect([notesOnly.serialNumber, notesOnly.notes, bare.serialNumber, bare.notes]).toEqual([null, MASKED_NOTES, null, null]);
    }
  });

  it('a member sees them masked even with reveal', async () => {
    const member = await signedUpUser(d.api, owner, { role: 'USER' });
    const { body, statements } = await d.run(member.accessToken, PAGE, { reveal: true });
    expect(statements.some(isCompiledStatement)).toBe(true);
    expect(body.data.assets.edges[0].node).toMatchObject({ clear: '********JGH5', revealed: MASKED_NOTES });
  });

  it('a value the resolver cannot read (a ciphertext another key wrote) is answered by normal execution, its error included', async () => {
    const broken = await d.api.tenant();
    const { id } = await createAsset(broken, { serialNumber: 'XYZ12345' });
    await d.api.db.prisma.$executeRawUnsafe(`UPDATE assets SET serial_number = 'enc:v1:' || repeat('A', 40) WHERE id = $1::uuid`, id);
    // Not the differential run: each side's error carries its own request id.
    let body: any;
    const statements = await d.api.recordSql(async () => { body = await broken.gql(`{ assets(first: 5) { edges { node { id serialNumber } } } }`, {}, broken.readKey); });
    expect(statements.some(isCompiledStatement)).toBe(true);
    expect(body.data.assets.edges[0].node).toEqual({ id, serialNumber: null });
    expect(body.errors).toMatchObject([{ path: ['assets', 'edges', 0, 'node', 'serialNumber'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
  });
});

describe('what normal execution still answers', () => {
  it('filters, fields with their own resolvers, admin-only fields, mutations', async () => {
    await d.fallback(tenant.readKey, `{ assets(first: 5, filter: { customFields: { seats: 1 } }) { totalCount edges { node { id } } } }`);
    await d.fallback(tenant.writeKey, `{ assets(first: 5) { edges { node { id secrets { serialNumber } } } } }`);
    const missing = await d.fallback(tenant.writeKey, `mutation($id: UUID!) { deleteAsset(id: $id) { id } }`, { id: randomUUID() });
    expect(missing.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('errors: a malformed cursor, after with before, a key without the read scope', async () => {
    const bad = await d.fallback(tenant.readKey, `{ assets(first: 2, after: "nope") { edges { node { id } } } }`);
    expect(bad.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    await d.fallback(tenant.readKey, `{ assets(first: 2, after: "a", before: "b") { edges { node { id } } } }`);
    // A key with fine-grained permissions only (Business plan) cannot read.
    const business = await d.api.tenant(undefined, 'business');
    const created = await business.ok(`mutation { createApiKey(input: { name: "creator", scopes: ["asset:create"] }) { key } }`);
    const forbidden = await d.fallback(created.createApiKey.key, `{ assets(first: 2) { edges { node { id } } } }`);
    expect(forbidden.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});

describe('rendered statements (kept per plan for the same organization, user, role and variables)', () => {
  it('reuses one only for the same inputs: each organization, and each set of variables, reads its own rows', async () => {
    const query = 'query($first: Int) { assets(first: $first, orderBy: { field: NAME, direction: ASC }) { edges { node { id } } } }';
    const ids = async (who: Tenant, first: number) => {
      const { body, statements } = await d.run(who.readKey, query, { first });
      const compiled = statements.find(isCompiledStatement)!;
      expect(compiled.args[0], 'the organization parameter').toBe(who.organizationId);
      return { ids: body.data.assets.edges.map((edge: any) => edge.node.id as string) };
    };
    const mine = await ids(tenant, 2);
    const again = await ids(tenant, 2);
    const theirs = await ids(other, 2);
    const more = await ids(tenant, 3);
    expect(again.ids).toEqual(mine.ids);
    expect(theirs.ids.some((id: string) => mine.ids.includes(id))).toBe(false);
    expect(more.ids.slice(0, 2)).toEqual(mine.ids);
    expect(more.ids).toHaveLength(3);
  });
});

describe('COMPILED_READS', () => {
  it('is on unless set to off; off, the same read goes through the resolvers', async () => {
    expect(loadConfig({}).compiledReads).toBe(true);
    expect(loadConfig({ COMPILED_READS: 'off' }).compiledReads).toBe(false);
    let status = 0;
    const statements = await d.api.recordSql(async () => {
      status = (await d.plain.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.readKey}` },
        body: JSON.stringify({ query: '{ assets(first: 2) { edges { node { id } } } }' }),
      })).status;
    });
    expect(status).toBe(200);
    expect(statements.length).toBeGreaterThan(1);
    expect(statements.some(isCompiledStatement)).toBe(false);
  });

  describe('plugins after it (the cost refund reads data and adds extensions)', () => {
    const query = '{ assets(first: 3) { edges { node { id name } } } }';
    // The same plugins on an app with compiled reads and on one without: the same bytes from both.
    async function bothWith(plugin: Plugin | null, read = query) {
      const answer = async (compiledReads: boolean) => {
        const app = createApp(d.api.db, {
          cipher: d.cipher, compiledReads, logger: createLogger({ level: 'silent' }),
          // No plugin: the cost limiter instead (budgets in memory, one store per app).
          ...(plugin ? { budgetStore: null, plugins: [plugin] } : { budgetStore: new MemoryBudgetStore() }),
        });
        let text = '';
        const statements = await d.api.recordSql(async () => {
          text = await (await app.fetch('http://test/graphql', {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.readKey}` },
            body: JSON.stringify({ query: read }),
          })).text();
        });
        return { text, compiled: statements.some(isCompiledStatement) };
      };
      const [compiled, plain] = [await answer(true), await answer(false)];
      expect(compiled.compiled).toBe(true);
      expect(plain.compiled).toBe(false);
      expect(compiled.text).toBe(plain.text);
      return JSON.parse(compiled.text);
    }

    it('the cost limiter: the refund walks the data, extensions.cost is added', async () => {
      const body = await bothWith(null);
      expect(body.extensions.cost).toMatchObject({ requestedQueryCost: expect.any(Number), actualQueryCost: expect.any(Number) });
      expect(body.data.assets.edges).toHaveLength(3);
      // A statement that does not count its cost (a nested connection): the text is priced instead, to the same figure.
      const nested = await bothWith(null, `{ assets(first: 2) { edges { node { id auditEvents(first: 3) { edges { node { action } } } } } } }`);
      expect(nested.extensions.cost.actualQueryCost).toBeLessThan(nested.extensions.cost.requestedQueryCost);
    });

    it('the cost limiter takes the cost the statement counted: the page is sent without being parsed', async () => {
      const app = createApp(d.api.db, { cipher: d.cipher, compiledReads: true, logger: createLogger({ level: 'silent' }), budgetStore: new MemoryBudgetStore() });
      const parse = vi.spyOn(JSON, 'parse');
      let text: string;
      let parsed: unknown[][];
      try {
        const response = await app.fetch('http://test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.readKey}` },
          body: JSON.stringify({ query }),
        });
        text = await response.text();
        expect(response.headers.get('x-ratelimit-cost')).not.toBeNull();
      } finally {
        parsed = [...parse.mock.calls];
        parse.mockRestore();
      }
      expect(parsed.filter(([argument]) => String(argument).startsWith('{"assets"'))).toEqual([]);
      expect(JSON.parse(text).extensions.cost).toMatchObject({ requestedQueryCost: 4, actualQueryCost: 4 });
    });

    it('reading data and adding extensions in place, or on a copy', async () => {
      const inPlace: Plugin = {
        onExecute: () => ({
          onExecuteDone({ result }) {
            const { data } = result as ExecutionResult<{ assets: { edges: unknown[] } }>;
            (result as ExecutionResult).extensions = { rows: data!.assets.edges.length };
          },
        }),
      };
      expect((await bothWith(inPlace)).extensions).toEqual({ rows: 3 });
      const onCopy: Plugin = {
        onExecute: () => ({
          onExecuteDone({ result, setResult }) {
            const { data } = result as ExecutionResult<{ assets: { edges: unknown[] } }>;
            setResult({ ...(result as ExecutionResult), extensions: { rows: data!.assets.edges.length } });
          },
        }),
      };
      expect((await bothWith(onCopy)).extensions).toEqual({ rows: 3 });
    });

    it('a new data object is sent as it is', async () => {
      const replacing: Plugin = {
        onExecute: () => ({
          onExecuteDone({ result, setResult }) {
            const { data } = result as ExecutionResult<{ assets: { edges: unknown[] } }>;
            setResult({ data: { assets: { edges: data!.assets.edges.slice(0, 1) } } });
          },
        }),
      };
      expect((await bothWith(replacing)).data.assets.edges).toHaveLength(1);
      const assigning: Plugin = {
        onExecute: () => ({
          onExecuteDone({ result }) {
            const single = result as ExecutionResult<{ assets: { edges: unknown[] } }>;
            single.data = { assets: { edges: single.data!.assets.edges.slice(0, 2) } };
          },
        }),
      };
      expect((await bothWith(assigning)).data.assets.edges).toHaveLength(2);
    });

    it('data is read-only (frozen outside production): writing into it fails the request', async () => {
      const writing: Plugin = {
        onExecute: () => ({
          onExecuteDone({ result }) {
            ((result as ExecutionResult).data as { assets: { edges: unknown[] } }).assets.edges.length = 1;
          },
        }),
      };
      const app = createApp(d.api.db, { cipher: d.cipher, budgetStore: null, plugins: [writing], logger: createLogger({ level: 'silent' }) });
      const response = await app.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.readKey}` },
        body: JSON.stringify({ query }),
      });
      const body = await response.json();
      expect(body.data?.assets?.edges?.length).not.toBe(3);
      expect(body.errors?.[0]?.message).toBe('Unexpected error.');
    });
  });

  it('a statement that fails is logged and the read answered by the resolvers', async () => {
    const logs = captureLogs();
    // Only the compiled statement fails: the credential lookup takes the same path and still works.
    const failing = {
      ...d.api.db,
      queryText: (sql: string, args: (string | null)[]) =>
        (isCompiledStatement({ sql } as SqlStatement) ? Promise.reject(new Error('connection lost')) : d.api.db.queryText(sql, args)),
    };
    const app = createApp(failing, { cipher: d.cipher, budgetStore: null, logger: logs.logger });
    const query = '{ assets(first: 3) { edges { node { id name } } } }';
    const response = await app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.readKey}` },
      body: JSON.stringify({ query }),
    });
    const expected = await d.run(tenant.readKey, query);
    expect(await response.json()).toEqual(expected.body);
    expect(logs.lines.some((line) => line.msg === 'compiled read failed; answered by the resolvers')).toBe(true);
  });

  // A failure that is not the statement's own (a lost connection) is tried again on the next request.
  it('a statement whose own text fails (SQLSTATE class 42) is not sent again: later requests go to the resolvers, logged once', async () => {
    const logs = captureLogs();
    let compiledSent = 0;
    let lostConnection = true;
    const failing = {
      ...d.api.db,
      queryText(sql: string, args: (string | null)[]) {
        if (!isCompiledStatement({ sql } as SqlStatement)) return d.api.db.queryText(sql, args);
        compiledSent += 1;
        if (lostConnection) return Promise.reject(new Error('connection lost'));
        // The database's own syntax error (42601) for a text that is wrong in itself.
        return d.api.db.queryText(`SELEC${sql.slice('SELECT'.length)}`, args);
      },
    };
    const app = createApp(failing, { cipher: d.cipher, budgetStore: null, logger: logs.logger });
    const query = '{ assets(first: 2) { edges { node { id name location { name } } } } }';
    const expected = await d.run(tenant.readKey, query);
    const ask = async () => {
      const response = await app.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.readKey}` },
        body: JSON.stringify({ query }),
      });
      expect(await response.json()).toEqual(expected.body);
    };
    await ask();
    await ask();
    expect(compiledSent).toBe(2);
    lostConnection = false;
    await ask();
    expect(compiledSent).toBe(3);
    await ask();
    await ask();
    expect(compiledSent).toBe(3);
    const messages = logs.lines.map((line) => line.msg).filter((msg) => String(msg).startsWith('compiled read failed'));
    expect(messages).toEqual([
      'compiled read failed; answered by the resolvers',
      'compiled read failed; answered by the resolvers',
      'compiled read failed; its statement is not sent again, its operation answered by the resolvers',
    ]);
  });
});
