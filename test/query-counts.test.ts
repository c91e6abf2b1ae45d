// SQL statements per read, recorded at the driver: a page costs the same number of statements
// whatever its size (a page of 2 and a page of 32 rows, with their to-one relations selected),
// for every root connection, nested connection, node/nodes and REST list. The counts are pinned
// so that a change raising them shows here. Every count includes the API key's check: the tenant's
// key is known (src/auth/known-keys.ts), so a compiled read reads its state in its own statement and
// anything else in one statement first (key, user and organization joined); transaction control is
// not counted.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkoutHistory, createAssets, createLocations, createVendors, inviteUsers, runMutations, type MutationCall } from './support/fixtures.js';
import { restClient } from './support/rest.js';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';

process.env.WEBHOOK_ALLOW_PRIVATE = 'true'; // the webhooks only collect deliveries; nothing is sent

const SIZES = [2, 32];
const PAGE = 32; // rows seeded for every list (at least)

let api: TestApi;
let tenant: Tenant;
let seed: Awaited<ReturnType<typeof seedReads>>;

beforeAll(async () => {
  api = await startTestApi();
  tenant = await api.tenant();
  seed = await seedReads(tenant);
}, 240_000);
afterAll(() => api?.close());

/**
 * A tenant with at least 32 rows of every listed kind, every to-one relation filled in, and heavy
 * parents for the nested connections: location 0, vendor 0 and user 0 hold 33 assets each (owned
 * and assigned), and the newest asset has 32 past checkouts (and 65 audit events).
 */
async function seedReads(tenant: Tenant) {
  const webhookCalls = Array.from({ length: PAGE }, (_, i): MutationCall => ({
    field: 'createWebhook',
    // Webhook 0 gets every event (its deliveries are listed); the others one that never comes.
    args: { input: { type: 'CreateWebhookInput!', value: { url: `http://127.0.0.1:9/hook-${i}`, events: i === 0 ? ['*'] : ['vendor.deleted'] } } },
    selection: '{ webhook { id } }',
  }));
  const webhookIds = (await runMutations(tenant, webhookCalls)).map((created) => created.webhook.id as string);
  const locationIds = await createLocations(tenant, PAGE);
  const vendorIds = await createVendors(tenant, PAGE);
  const userIds = await inviteUsers(tenant, PAGE + 1);
  const related = (i: number) => ({ locationId: locationIds[i], vendorId: vendorIds[i], ownerId: userIds[i], assignedUserId: userIds[i] });
  const spread = await createAssets(tenant, PAGE, related);
  const onHeavyParents = await createAssets(tenant, PAGE, () => related(0));
  const [historyAssetId] = await createAssets(tenant, 1, () => ({ locationId: locationIds[1], vendorId: vendorIds[1], ownerId: userIds[1] }));
  await checkoutHistory(tenant, historyAssetId, userIds.slice(1, PAGE + 1));
  await runMutations(tenant, Array.from({ length: PAGE - 2 }, (_, i): MutationCall => ({
    field: 'createApiKey', args: { input: { type: 'CreateApiKeyInput!', value: { name: `Key ${i}`, scopes: ['read'] } } }, selection: '{ apiKey { id } }',
  })));
  await runMutations(tenant, userIds.slice(1, PAGE + 1).map((userId): MutationCall => ({
    field: 'createClientCredential', args: { userId: { type: 'UUID', value: userId } }, selection: '{ credential { id } }',
  })));
  const history = await tenant.ok(
    `query($id: UUID!) { asset(id: $id) { assignments(first: ${PAGE}) { edges { node { id } } } auditEvents(first: ${PAGE}) { edges { node { id } } } } }`,
    { id: historyAssetId },
  );
  return {
    webhookIds, locationIds, vendorIds, userIds, assetIds: [...spread, ...onHeavyParents], historyAssetId,
    assignmentIds: nodesOf<{ id: string }>(history.asset.assignments).map((node) => node.id),
    auditEventIds: nodesOf<{ id: string }>(history.asset.auditEvents).map((node) => node.id),
  };
}

/**
 * Runs `read` for a page of 2 and a page of 32: each must bring `size` rows (read returns how many
 * it got) and send exactly `statements` SQL statements.
 */
async function expectStatements(statements: number, read: (size: number) => Promise<number>) {
  for (const size of SIZES) {
    // The key was used just now: its last-used stamp is not written during the read.
    await tenant.ok('{ viewer { apiKeyId } }');
    let rows = 0;
    await api.expectQueries(statements, async () => { rows = await read(size); });
    expect(rows, `rows in a page of ${size}`).toBe(size);
  }
}

type Edges<T = any> = { edges: { node: T }[] };
const nodesOf = <T>(connection: Edges<T>) => connection.edges.map((edge) => edge.node);

/** The nodes of the root connection `field` of `query(size)`, every one checked by `filled`. */
async function rootPage(query: string, field: string, filled: (node: any) => unknown = () => true) {
  const data = await tenant.ok(query);
  const nodes = nodesOf(data[field]);
  for (const node of nodes) expect(filled(node), JSON.stringify(node)).toBeTruthy();
  return nodes.length;
}

// Key, the page with its to-one relations joined, the count (unfiltered: the kept row count).
// Lists whose whole selection compiles (src/graphql/compiled) are key + ONE statement: page,
// relations and count built as JSON by PostgreSQL.
describe('root connections', () => {
  it('assets, with location, vendor, owner and assignee', () => expectStatements(1, (size) => rootPage(
    `{ assets(first: ${size}) { totalCount edges { node { id name location { id name } vendor { id name } owner { id name } assignedUser { id name } } } } }`,
    'assets', (node) => node.location && node.vendor && node.owner,
  )));
  it('users', () => expectStatements(1, (size) => rootPage(`{ users(first: ${size}) { totalCount edges { node { id name email role status } } } }`, 'users')));
  it('locations', () => expectStatements(1, (size) => rootPage(`{ locations(first: ${size}) { totalCount edges { node { id name type } } } }`, 'locations')));
  it('vendors', () => expectStatements(1, (size) => rootPage(`{ vendors(first: ${size}) { totalCount edges { node { id name riskRating } } } }`, 'vendors')));
  it('auditEvents, with the acting user', () => expectStatements(1, (size) => rootPage(
    `{ auditEvents(first: ${size}) { totalCount edges { node { id action entityType actorUser { id name } } } } }`,
    'auditEvents', (node) => node.actorUser,
  )));
  it('webhooks', () => expectStatements(3, (size) => rootPage(`{ webhooks(first: ${size}) { totalCount edges { node { id url events } } } }`, 'webhooks')));
  it('webhookDeliveries, with the event and the webhook', () => expectStatements(3, (size) => rootPage(
    `{ webhookDeliveries(webhookId: "${seed.webhookIds[0]}", first: ${size}) { totalCount edges { node { id status event { id name } webhook { id url } } } } }`,
    'webhookDeliveries', (node) => node.event && node.webhook,
  )));
  it('apiKeys, with their creator', () => expectStatements(3, (size) => rootPage(
    `{ apiKeys(first: ${size}) { totalCount edges { node { id name createdBy { id name } } } } }`,
    'apiKeys', (node) => node.createdBy,
  )));
  it('clientCredentials, with owner and creator', () => expectStatements(3, (size) => rootPage(
    `{ clientCredentials(first: ${size}) { totalCount edges { node { id clientId owner { id name } createdBy { id name } } } } }`,
    'clientCredentials', (node) => node.owner && node.createdBy,
  )));
});

/** The most children any parent of the root page got (the heavy parent is on every page). */
async function nestedPage(query: string, root: string, nested: string, filled: (node: any) => unknown = () => true) {
  const data = await tenant.ok(query);
  const parents = nodesOf<any>(data[root]);
  const children = parents.flatMap((parent) => nodesOf(parent[nested]));
  for (const child of children) expect(filled(child), JSON.stringify(child)).toBeTruthy();
  return Math.max(...parents.map((parent) => parent[nested].edges.length));
}

const ASSET_RELATIONS = 'location { id name } vendor { id name } owner { id name } assignedUser { id name }';

// Key, then the root page with every parent's children, their counts and their to-one relations
// joined into one statement. Asset.auditEvents has no foreign key to join: its first pages are
// batched for the whole page (ranking, rows with their actors, grouped count) — or, compiled, part
// of the page's one statement.
describe('nested connections', () => {
  it('Asset.assignments, with user, asset and performer', () => expectStatements(1, (size) => nestedPage(
    `{ assets(first: ${size}) { edges { node { id assignments(first: ${size}) { totalCount edges { node { id user { id name } asset { id } performedBy { id } } } } } } } }`,
    'assets', 'assignments', (node) => node.user && node.asset && node.performedBy,
  )));
  it('Asset.auditEvents, with the acting user', () => expectStatements(1, (size) => nestedPage(
    `{ assets(first: ${size}) { edges { node { id auditEvents(first: ${size}) { totalCount edges { node { id action actorUser { id name } } } } } } } }`,
    'assets', 'auditEvents', (node) => node.actorUser,
  )));
  it('User.assignedAssets, with their relations', () => expectStatements(1, (size) => nestedPage(
    `{ users(first: ${size}) { edges { node { id assignedAssets(first: ${size}) { totalCount edges { node { id ${ASSET_RELATIONS} } } } } } } }`,
    'users', 'assignedAssets', (node) => node.location && node.assignedUser,
  )));
  it('User.ownedAssets, with their relations', () => expectStatements(1, (size) => nestedPage(
    `{ users(first: ${size}) { edges { node { id ownedAssets(first: ${size}) { totalCount edges { node { id ${ASSET_RELATIONS} } } } } } } }`,
    'users', 'ownedAssets', (node) => node.location && node.owner,
  )));
  it('Location.assets, with their relations', () => expectStatements(1, (size) => nestedPage(
    `{ locations(first: ${size}) { edges { node { id assets(first: ${size}) { totalCount edges { node { id ${ASSET_RELATIONS} } } } } } } }`,
    'locations', 'assets', (node) => node.location && node.vendor,
  )));
  it('Vendor.assets, with their relations', () => expectStatements(1, (size) => nestedPage(
    `{ vendors(first: ${size}) { edges { node { id assets(first: ${size}) { totalCount edges { node { id ${ASSET_RELATIONS} } } } } } } }`,
    'vendors', 'assets', (node) => node.location && node.vendor,
  )));
});

describe('one asset', () => {
  // The asset with its newest events and their actors, and the (known) key's state, in one statement.
  it('asset(id:) with its 10 latest audit events', async () => {
    await tenant.ok('{ viewer { apiKeyId } }');
    let data: any;
    await api.expectQueries(1, async () => {
      data = await tenant.ok(`query($id: UUID!) { asset(id: $id) { id auditEvents(first: 10) { edges { node { action createdAt actorUser { id } } } } } }`, { id: seed.historyAssetId });
    });
    const all = await tenant.ok(`query($id: UUID!) { auditEvents(first: 10, filter: { entityId: $id }) { edges { node { action createdAt } } } }`, { id: seed.historyAssetId });
    // The same ten events, newest first, as the root connection filtered to the asset gives.
    expect(data.asset.auditEvents.edges.map((edge: any) => edge.node.action)).toEqual(all.auditEvents.edges.map((edge: any) => edge.node.action));
    expect(data.asset.auditEvents.edges).toHaveLength(10);
    expect(data.asset.auditEvents.edges[0].node.actorUser).toEqual({ id: tenant.userId });
  });
});

describe('node and nodes', () => {
  const NODE_FIELDS = `__typename id ... on Asset { name ${ASSET_RELATIONS} }`;

  // One compiled statement looking the id up in every node table with the selection (and the key's state).
  it('node: an asset with its relations', async () => {
    await tenant.ok('{ viewer { apiKeyId } }');
    let data: any;
    await api.expectQueries(1, async () => { data = await tenant.ok(`query($id: ID!) { node(id: $id) { ${NODE_FIELDS} } }`, { id: seed.assetIds[0] }); });
    expect(data.node).toMatchObject({ __typename: 'Asset', id: seed.assetIds[0], location: { id: seed.locationIds[0] }, owner: { id: seed.userIds[0] } });
  });

  it('nodes: 2 or 32 assets with their relations', () => expectStatements(1, async (size) => {
    const ids = seed.assetIds.slice(0, size);
    const data = await tenant.ok(`query($ids: [ID!]!) { nodes(ids: $ids) { ${NODE_FIELDS} } }`, { ids });
    expect(data.nodes.map((node: any) => node.id)).toEqual(ids);
    for (const node of data.nodes) expect(node.location && node.vendor && node.owner).toBeTruthy();
    return data.nodes.length;
  }));

  // One compiled statement for every id of every type (and the key's state).
  it('nodes: one or six rows of each of the six types, with ids that are not ours', async () => {
    const other = await api.tenant();
    const [othersLocation] = await createLocations(other, 1);
    const lists = [seed.assetIds, seed.userIds, seed.locationIds, seed.vendorIds, seed.assignmentIds, seed.auditEventIds];
    for (const perType of [1, 6]) {
      const ours = lists.flatMap((ids) => ids.slice(0, perType));
      await tenant.ok('{ viewer { apiKeyId } }');
      let data: any;
      await api.expectQueries(1, async () => {
        data = await tenant.ok(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, { ids: [...ours, othersLocation, randomUUID(), 'not-a-uuid'] });
      });
      expect(data.nodes.map((node: any) => node?.id ?? null)).toEqual([...ours, null, null, null]);
      expect(new Set(data.nodes.filter(Boolean).map((node: any) => node.__typename)))
        .toEqual(new Set(['Asset', 'User', 'Location', 'Vendor', 'Assignment', 'AuditEvent']));
    }
  });
});

// Key, page, count: the same as the GraphQL connection the route runs (the key is looked up once);
// key + one statement when the route's operation compiles (assets, users, vendors; any offset, a search).
describe('REST lists', () => {
  const restList = (path: string, rowsOf: (body: any) => unknown[] = (body) => body) => (size: number) =>
    restClient(api, tenant.writeKey).get(`${path}${path.includes('?') ? '&' : '?'}limit=${size}`).then((result) => {
      expect(result.status, result.text).toBe(200);
      return rowsOf(result.body).length;
    });

  it('GET /api/assets', () => expectStatements(1, restList('/api/assets')));
  it('GET /api/assets?offset=3&search=asset (a later page, a search)', () => expectStatements(1, restList('/api/assets?offset=3&search=asset')));
  it('GET /api/users', () => expectStatements(1, restList('/api/users')));
  it('GET /api/vendors', () => expectStatements(1, restList('/api/vendors')));
  it('GET /api/locations', () => expectStatements(3, restList('/api/locations')));
  it('GET /api/webhooks', () => expectStatements(3, restList('/api/webhooks')));
  it('GET /api/audit-log', () => expectStatements(3, restList('/api/audit-log', (body) => body.data)));
});
