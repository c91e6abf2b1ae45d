// node(id) / nodes(ids): ids are the plain row UUIDs (the same the REST layer returns), and node
// finds the type by itself. Anything that is not one of the caller's rows answers null.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAsset, createLocation, createVendor, inviteUser } from './support/fixtures.js';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(() => api.close());

const NODE_FIELDS = `
  __typename id
  ... on Asset { assetTag name assetStatus: status location { id } vendor { id } }
  ... on User { email role userStatus: status }
  ... on Location { name type }
  ... on Vendor { name riskRating }
  ... on Assignment { asset { id } user { id } checkedInAt performedBy { id } }
  ... on AuditEvent { action entityType entityId source }`;

const NODE = `query($id: ID!) { node(id: $id) { ${NODE_FIELDS} } }`;
const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { ${NODE_FIELDS} } }`;

/** One row of every node type in a fresh tenant. */
async function oneOfEach(tenant: Tenant) {
  const location = await createLocation(tenant, { name: 'Oslo', type: 'Warehouse' });
  const vendor = await createVendor(tenant, { name: 'Dell', riskRating: 'MEDIUM' });
  const user = await inviteUser(tenant, { email: 'kari@example.no' });
  const asset = await createAsset(tenant, { name: 'Latitude 7440', locationId: location.id, vendorId: vendor.id, assignedUserId: user.id });
  const data = await tenant.ok(
    `query($id: UUID!) { asset(id: $id) { assignments(first: 1) { edges { node { id } } } }
       auditEvents(first: 1, filter: { entityId: $id, action: "asset.created" }) { edges { node { id } } } }`,
    { id: asset.id },
  );
  return {
    location, vendor, user, asset,
    assignmentId: data.asset.assignments.edges[0].node.id as string,
    auditEventId: data.auditEvents.edges[0].node.id as string,
  };
}

async function node(tenant: Tenant, id: string) {
  const response = await tenant.gql(NODE, { id });
  expect(response.status).toBe(200);
  expect(response.errors).toBeUndefined();
  return response.data.node;
}

describe('node(id)', () => {
  it('resolves an Asset id to the Asset with its fields', async () => {
    const tenant = await api.tenant();
    const rows = await oneOfEach(tenant);
    expect(await node(tenant, rows.asset.id)).toEqual({
      __typename: 'Asset', id: rows.asset.id, assetTag: 'IT-0001', name: 'Latitude 7440', assetStatus: 'CHECKED_OUT',
      location: { id: rows.location.id }, vendor: { id: rows.vendor.id },
    });
  });

  it('resolves a User id to the User', async () => {
    const tenant = await api.tenant();
    const rows = await oneOfEach(tenant);
    expect(await node(tenant, rows.user.id)).toEqual({ __typename: 'User', id: rows.user.id, email: 'kari@example.no', role: 'USER', userStatus: 'ACTIVE' });
    expect(await node(tenant, tenant.userId)).toMatchObject({ __typename: 'User', id: tenant.userId, role: 'ADMIN' });
  });

  it('resolves a Location id to the Location', async () => {
    const tenant = await api.tenant();
    const rows = await oneOfEach(tenant);
    expect(await node(tenant, rows.location.id)).toEqual({ __typename: 'Location', id: rows.location.id, name: 'Oslo', type: 'Warehouse' });
  });

  it('resolves a Vendor id to the Vendor', async () => {
    const tenant = await api.tenant();
    const rows = await oneOfEach(tenant);
    expect(await node(tenant, rows.vendor.id)).toEqual({ __typename: 'Vendor', id: rows.vendor.id, name: 'Dell', riskRating: 'MEDIUM' });
  });

  it('resolves an Assignment id to the Assignment', async () => {
    const tenant = await api.tenant();
    const rows = await oneOfEach(tenant);
    expect(await node(tenant, rows.assignmentId)).toEqual({
      __typename: 'Assignment', id: rows.assignmentId, asset: { id: rows.asset.id }, user: { id: rows.user.id },
      checkedInAt: null, performedBy: { id: tenant.userId },
    });
  });

  it('resolves an AuditEvent id to the AuditEvent', async () => {
    const tenant = await api.tenant();
    const rows = await oneOfEach(tenant);
    expect(await node(tenant, rows.auditEventId)).toEqual({
      __typename: 'AuditEvent', id: rows.auditEventId, action: 'asset.created', entityType: 'Asset', entityId: rows.asset.id, source: 'GRAPHQL',
    });
  });

  it('returns the same object as the typed lookup', async () => {
    const tenant = await api.tenant();
    const rows = await oneOfEach(tenant);
    const fields = `id assetTag name status location { id } vendor { id }`;
    const typed = await tenant.ok(`query($id: UUID!) { asset(id: $id) { ${fields} } }`, { id: rows.asset.id });
    const generic = await tenant.ok(`query($id: ID!) { node(id: $id) { ... on Asset { ${fields} } } }`, { id: rows.asset.id });
    expect(generic.node).toEqual(typed.asset);
  });

  it('finds a row by its id in upper case (UUIDs are case-insensitive), answering the id as stored', async () => {
    const tenant = await api.tenant();
    const location = await createLocation(tenant);
    expect(await node(tenant, location.id.toUpperCase())).toMatchObject({ __typename: 'Location', id: location.id });
    const data = await tenant.ok(NODES, { ids: [location.id.toUpperCase(), location.id] });
    expect(data.nodes.map((entry: { id: string }) => entry.id)).toEqual([location.id, location.id]);
  });

  it('answers null for a UUID that is nobody’s', async () => {
    const tenant = await api.tenant();
    await oneOfEach(tenant);
    expect(await node(tenant, randomUUID())).toBeNull();
    expect(await node(tenant, '00000000-0000-0000-0000-000000000000')).toBeNull();
  });

  it('answers null for a deleted row', async () => {
    const tenant = await api.tenant();
    const location = await createLocation(tenant);
    await tenant.ok(`mutation($id: UUID!) { deleteLocation(id: $id) { id } }`, { id: location.id });
    expect(await node(tenant, location.id)).toBeNull();
  });

  it.each([
    ['a word', 'abc'],
    ['an asset tag', 'IT-0001'],
    ['an empty string', ''],
    ['a UUID with extra characters', `${'1'.repeat(8)}-1111-1111-1111-111111111111x`],
    ['a Relay-style global id', Buffer.from('Asset:1').toString('base64')],
    ['SQL', "' OR 1=1 --"],
  ])('answers null, without an error, for an id that is not a UUID (%s)', async (_name, id) => {
    const tenant = await api.tenant();
    await createAsset(tenant);
    expect(await node(tenant, id)).toBeNull();
  });

  it('needs an API key', async () => {
    const tenant = await api.tenant();
    const location = await createLocation(tenant);
    const response = await api.gql(NODE, { id: location.id });
    expect(response.status).toBe(401);
    expect(response.data).toEqual({ node: null });
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('works with a read-only key', async () => {
    const tenant = await api.tenant();
    const location = await createLocation(tenant);
    const data = await tenant.ok(NODE, { id: location.id }, tenant.readKey);
    expect(data.node).toMatchObject({ __typename: 'Location', id: location.id });
  });
});

describe('nodes(ids)', () => {
  it('answers one entry per id, in the order given, with null where nothing matches', async () => {
    const tenant = await api.tenant();
    const rows = await oneOfEach(tenant);
    const missing = randomUUID();
    const response = await tenant.gql(NODES, {
      ids: [rows.vendor.id, missing, rows.asset.id, 'not-a-uuid', rows.auditEventId, rows.user.id, rows.assignmentId, rows.location.id],
    });
    expect(response.errors).toBeUndefined();
    const nodes = response.data.nodes as ({ __typename: string; id: string } | null)[];
    expect(nodes.map((entry) => entry && [entry.__typename, entry.id])).toEqual([
      ['Vendor', rows.vendor.id],
      null,
      ['Asset', rows.asset.id],
      null,
      ['AuditEvent', rows.auditEventId],
      ['User', rows.user.id],
      ['Assignment', rows.assignmentId],
      ['Location', rows.location.id],
    ]);
    expect(nodes[2]).toMatchObject({ assetTag: 'IT-0001', name: 'Latitude 7440' });
  });

  it('repeats a node asked for twice', async () => {
    const tenant = await api.tenant();
    const location = await createLocation(tenant);
    const data = await tenant.ok(NODES, { ids: [location.id, location.id] });
    expect(data.nodes).toEqual([
      { __typename: 'Location', id: location.id, name: 'Sydney HQ', type: 'Office' },
      { __typename: 'Location', id: location.id, name: 'Sydney HQ', type: 'Office' },
    ]);
  });

  it('answers an empty list for no ids, and all nulls when nothing matches', async () => {
    const tenant = await api.tenant();
    expect((await tenant.ok(NODES, { ids: [] })).nodes).toEqual([]);
    expect((await tenant.ok(NODES, { ids: [randomUUID(), 'x', randomUUID()] })).nodes).toEqual([null, null, null]);
  });
});
