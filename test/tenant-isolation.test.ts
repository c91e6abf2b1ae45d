// Tenant isolation: every query is scoped to the caller's organization in one place, so another
// tenant's id behaves exactly like an id that does not exist — for lookups, lists and mutations.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAsset, createLocation, createVendor, inviteUser } from './support/fixtures.js';
import { startTestApi, type GraphQLResponse, type Tenant, type TestApi } from './support/test-api.js';
import { expectNoValue } from './support/assertions.js';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(() => api.close());

/** One tenant's rows: an empty location and vendor, a plain user, an asset checked out to that
 * user (so it has an assignment) and an asset on the shelf, plus the audit events they wrote. */
async function seed(tenant: Tenant, label: string) {
  const location = await createLocation(tenant, { name: `${label} office` });
  const vendor = await createVendor(tenant, { name: `${label} vendor` });
  const user = await inviteUser(tenant, { name: `${label} person`, email: `person@${label.toLowerCase()}.example` });
  const shelved = await createAsset(tenant, { name: `${label} spare laptop` });
  const out = await createAsset(tenant, { name: `${label} laptop`, assignedUserId: user.id });
  const data = await tenant.ok(
    `query($id: UUID!) { asset(id: $id) { assignments(first: 1) { edges { node { id } } } }
       auditEvents(first: 1) { edges { node { id } } } }`,
    { id: out.id },
  );
  return {
    tenant, location, vendor, user, shelved, out,
    assignmentId: data.asset.assignments.edges[0].node.id as string,
    auditEventId: data.auditEvents.edges[0].node.id as string,
  };
}
type Seeded = Awaited<ReturnType<typeof seed>>;

/** Tenant A (the caller) and tenant B (the victim, with more rows than A). */
async function twoTenants() {
  const a = await seed(await api.tenant(), 'Alpha');
  const b = await seed(await api.tenant(), 'Bravo');
  await createLocation(b.tenant, { name: 'Bravo warehouse' });
  await createAsset(b.tenant, { name: 'Bravo monitor' });
  return { a, b };
}

/** Everything a tenant holds, read with its own key. */
async function snapshot(tenant: Tenant) {
  return tenant.ok(`{
    assets(first: 100) { totalCount edges { node {
      id assetTag name status expectedReturn updatedAt location { id } vendor { id } owner { id } assignedUser { id }
      assignments(first: 10) { totalCount edges { node { id checkedInAt } } } } } }
    locations(first: 100) { totalCount edges { node { id name type address updatedAt } } }
    vendors(first: 100) { totalCount edges { node { id name category riskRating complianceStatus website updatedAt } } }
    users(first: 100) { totalCount edges { node { id name email role status department updatedAt } } }
    auditEvents(first: 100) { totalCount edges { node { id action entityId } } }
  }`);
}

/** What a client can observe of a response. */
const observable = (response: GraphQLResponse) => ({
  status: response.status,
  data: response.data,
  errors: response.errors?.map(({ message, path, extensions }) => ({ message, path, extensions })),
});

const ids = (connection: { edges: { node: { id: string } }[] }) => connection.edges.map((edge) => edge.node.id);

describe('single lookups with another tenant’s id', () => {
  it.each([
    ['asset', (b: Seeded) => b.out.id],
    ['user', (b: Seeded) => b.user.id],
    ['vendor', (b: Seeded) => b.vendor.id],
    ['location', (b: Seeded) => b.location.id],
  ] as const)('%s(id) answers null, exactly like a random UUID', async (field, idOf) => {
    const { a, b } = await twoTenants();
    const query = `query($id: UUID!) { ${field}(id: $id) { id } }`;
    const foreign = await a.tenant.gql(query, { id: idOf(b) });
    const missing = await a.tenant.gql(query, { id: randomUUID() });
    expect(observable(foreign)).toEqual({ status: 200, data: { [field]: null }, errors: undefined });
    expect(observable(foreign)).toEqual(observable(missing));
    // B itself still sees its row.
    expect((await b.tenant.ok(query, { id: idOf(b) }))[field]).toEqual({ id: idOf(b) });
  });

  it('node(id) answers null for each of B’s object types, like a random UUID', async () => {
    const { a, b } = await twoTenants();
    const query = `query($id: ID!) { node(id: $id) { __typename id } }`;
    const missing = observable(await a.tenant.gql(query, { id: randomUUID() }));
    expect(missing).toEqual({ status: 200, data: { node: null }, errors: undefined });
    for (const id of [b.out.id, b.user.id, b.vendor.id, b.location.id, b.assignmentId, b.auditEventId]) {
      expect(observable(await a.tenant.gql(query, { id })), id).toEqual(missing);
      expect((await b.tenant.ok(query, { id })).node.id).toBe(id);
    }
  });

  it('nodes(ids) answers null in the place of each of B’s ids and still finds A’s', async () => {
    const { a, b } = await twoTenants();
    const query = `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`;
    const response = await a.tenant.gql(query, {
      ids: [b.out.id, a.out.id, b.user.id, b.vendor.id, b.location.id, b.assignmentId, b.auditEventId, randomUUID()],
    });
    expect(response.errors).toBeUndefined();
    expect(response.data.nodes).toEqual([null, { __typename: 'Asset', id: a.out.id }, null, null, null, null, null, null]);
  });
});

describe('lists', () => {
  it('assets: none of B’s, and totalCount counts only A’s', async () => {
    const { a, b } = await twoTenants();
    const data = await a.tenant.ok(`{ assets(first: 100) { totalCount edges { node { id } } } }`);
    expect(data.assets.totalCount).toBe(2);
    expect(ids(data.assets).sort()).toEqual([a.out.id, a.shelved.id].sort());
    const bData = await b.tenant.ok(`{ assets(first: 100) { totalCount } }`);
    expect(bData.assets.totalCount).toBe(3);
  });

  it('assets filtered by B’s location, vendor, owner or assignee: empty', async () => {
    const { a, b } = await twoTenants();
    await createAsset(b.tenant, { name: 'Bravo tagged', locationId: b.location.id, vendorId: b.vendor.id, ownerId: b.user.id });
    for (const filter of [
      { locationId: b.location.id }, { vendorId: b.vendor.id }, { ownerId: b.user.id }, { assignedUserId: b.user.id }, { search: 'Bravo' },
    ]) {
      const data = await a.tenant.ok(`query($filter: AssetFilter) { assets(first: 100, filter: $filter) { totalCount edges { node { id } } } }`, { filter });
      expect(data.assets, JSON.stringify(filter)).toEqual({ totalCount: 0, edges: [] });
    }
  });

  it('users: none of B’s, and totalCount counts only A’s', async () => {
    const { a, b } = await twoTenants();
    const data = await a.tenant.ok(`{ users(first: 100) { totalCount edges { node { id } } } }`);
    expect(data.users.totalCount).toBe(2);
    expect(ids(data.users).sort()).toEqual([a.tenant.userId, a.user.id].sort());
    expect(ids(data.users)).not.toContain(b.user.id);
    const search = await a.tenant.ok(`{ users(first: 100, filter: { search: "bravo" }) { totalCount } }`);
    expect(search.users.totalCount).toBe(0);
  });

  it('vendors: none of B’s, and totalCount counts only A’s', async () => {
    const { a, b } = await twoTenants();
    const data = await a.tenant.ok(`{ vendors(first: 100) { totalCount edges { node { id } } } }`);
    expect(data.vendors.totalCount).toBe(1);
    expect(ids(data.vendors)).toEqual([a.vendor.id]);
    expect(ids(data.vendors)).not.toContain(b.vendor.id);
  });

  it('locations: none of B’s, and totalCount counts only A’s', async () => {
    const { a, b } = await twoTenants();
    const data = await a.tenant.ok(`{ locations(first: 100) { totalCount edges { node { id } } } }`);
    expect(data.locations.totalCount).toBe(1);
    expect(ids(data.locations)).toEqual([a.location.id]);
    const bData = await b.tenant.ok(`{ locations(first: 100) { totalCount } }`);
    expect(bData.locations.totalCount).toBe(2);
  });

  it('auditEvents: none of B’s, and totalCount counts only A’s', async () => {
    const { a, b } = await twoTenants();
    const data = await a.tenant.ok(`{ auditEvents(first: 1000) { totalCount edges { node { id entityId } } } }`);
    const bData = await b.tenant.ok(`{ auditEvents(first: 1000) { totalCount edges { node { id } } } }`);
    const aRows = await api.db.prisma.auditEvent.count({ where: { organizationId: a.tenant.organizationId } });
    expect(data.auditEvents.totalCount).toBe(aRows);
    expect(data.auditEvents.edges).toHaveLength(aRows);
    const bIds = new Set(ids(bData.auditEvents));
    expect(ids(data.auditEvents).filter((id) => bIds.has(id))).toEqual([]);
    const bEntityIds = [b.out.id, b.shelved.id, b.user.id, b.vendor.id, b.location.id, b.tenant.organizationId];
    expect(data.auditEvents.edges.filter((edge: { node: { entityId: string } }) => bEntityIds.includes(edge.node.entityId))).toEqual([]);
  });

  it('auditEvents filtered by B’s entity or actor: empty', async () => {
    const { a, b } = await twoTenants();
    for (const filter of [{ entityId: b.out.id }, { actorId: b.tenant.userId }, { entityId: b.tenant.organizationId }]) {
      const data = await a.tenant.ok(`query($filter: AuditEventFilter) { auditEvents(first: 10, filter: $filter) { totalCount edges { node { id } } } }`, { filter });
      expect(data.auditEvents, JSON.stringify(filter)).toEqual({ totalCount: 0, edges: [] });
    }
  });

  it('viewer: the caller’s own organization', async () => {
    const { a } = await twoTenants();
    const data = await a.tenant.ok(`{ viewer { organization { id } user { id } } }`);
    expect(data.viewer).toEqual({ organization: { id: a.tenant.organizationId }, user: { id: a.tenant.userId } });
  });
});

type Case = {
  query: string;
  /** Variables aiming at B's row, and the same with that id replaced by a random UUID. */
  foreign: (a: Seeded, b: Seeded) => Record<string, unknown>;
  missing: (a: Seeded, random: string) => Record<string, unknown>;
  code: string;
  message: string;
};

const MUTATIONS: Record<string, Case> = {
  updateAsset: {
    query: `mutation($id: UUID!) { updateAsset(id: $id, input: { name: "hijacked", status: RETIRED }) { id name } }`,
    foreign: (_a, b) => ({ id: b.shelved.id }), missing: (_a, id) => ({ id }), code: 'NOT_FOUND', message: 'Asset not found',
  },
  replaceAsset: {
    query: `mutation($id: UUID!) { replaceAsset(id: $id, input: { name: "hijacked" }) { id name } }`,
    foreign: (_a, b) => ({ id: b.shelved.id }), missing: (_a, id) => ({ id }), code: 'NOT_FOUND', message: 'Asset not found',
  },
  deleteAsset: {
    query: `mutation($id: UUID!) { deleteAsset(id: $id) { id } }`,
    foreign: (_a, b) => ({ id: b.shelved.id }), missing: (_a, id) => ({ id }), code: 'NOT_FOUND', message: 'Asset not found',
  },
  'checkoutAsset (B’s asset to A’s user)': {
    query: `mutation($input: CheckoutAssetInput!) { checkoutAsset(input: $input) { id status } }`,
    foreign: (a, b) => ({ input: { assetId: b.shelved.id, userId: a.user.id } }),
    missing: (a, id) => ({ input: { assetId: id, userId: a.user.id } }), code: 'NOT_FOUND', message: 'Asset not found',
  },
  'checkoutAsset (A’s asset to B’s user)': {
    query: `mutation($input: CheckoutAssetInput!) { checkoutAsset(input: $input) { id status } }`,
    foreign: (a, b) => ({ input: { assetId: a.shelved.id, userId: b.user.id } }),
    missing: (a, id) => ({ input: { assetId: a.shelved.id, userId: id } }), code: 'NOT_FOUND', message: 'User not found',
  },
  checkinAsset: {
    query: `mutation($id: UUID!) { checkinAsset(assetId: $id) { id status } }`,
    foreign: (_a, b) => ({ id: b.out.id }), missing: (_a, id) => ({ id }), code: 'NOT_FOUND', message: 'Asset not found',
  },
  updateLocation: {
    query: `mutation($id: UUID!) { updateLocation(id: $id, input: { name: "hijacked" }) { id } }`,
    foreign: (_a, b) => ({ id: b.location.id }), missing: (_a, id) => ({ id }), code: 'NOT_FOUND', message: 'Location not found',
  },
  deleteLocation: {
    query: `mutation($id: UUID!) { deleteLocation(id: $id) { id } }`,
    foreign: (_a, b) => ({ id: b.location.id }), missing: (_a, id) => ({ id }), code: 'NOT_FOUND', message: 'Location not found',
  },
  updateVendor: {
    query: `mutation($id: UUID!) { updateVendor(id: $id, input: { name: "hijacked", riskRating: HIGH }) { id } }`,
    foreign: (_a, b) => ({ id: b.vendor.id }), missing: (_a, id) => ({ id }), code: 'NOT_FOUND', message: 'Vendor not found',
  },
  replaceVendor: {
    query: `mutation($id: UUID!) { replaceVendor(id: $id, input: { name: "hijacked" }) { id } }`,
    foreign: (_a, b) => ({ id: b.vendor.id }), missing: (_a, id) => ({ id }), code: 'NOT_FOUND', message: 'Vendor not found',
  },
  deleteVendor: {
    query: `mutation($id: UUID!) { deleteVendor(id: $id) { id } }`,
    foreign: (_a, b) => ({ id: b.vendor.id }), missing: (_a, id) => ({ id }), code: 'NOT_FOUND', message: 'Vendor not found',
  },
  updateUser: {
    query: `mutation($id: UUID!) { updateUser(id: $id, input: { name: "hijacked", role: ADMIN }) { id } }`,
    foreign: (_a, b) => ({ id: b.user.id }), missing: (_a, id) => ({ id }), code: 'NOT_FOUND', message: 'User not found',
  },
  deactivateUser: {
    query: `mutation($id: UUID!) { deactivateUser(id: $id) { id } }`,
    foreign: (_a, b) => ({ id: b.user.id }), missing: (_a, id) => ({ id }), code: 'NOT_FOUND', message: 'User not found',
  },
};

describe('mutations on another tenant’s ids', () => {
  it.each(Object.entries(MUTATIONS))('%s answers exactly like a random UUID and changes nothing in B', async (_name, mutation) => {
    const { a, b } = await twoTenants();
    const [aBefore, bBefore] = [await snapshot(a.tenant), await snapshot(b.tenant)];

    const foreign = observable(await a.tenant.gql(mutation.query, mutation.foreign(a, b)));
    const missing = observable(await a.tenant.gql(mutation.query, mutation.missing(a, randomUUID())));

    expect(foreign).toEqual(missing);
    expect(foreign.status).toBe(200);
    expect(foreign.errors).toHaveLength(1);
    expect(foreign.errors![0].extensions).toEqual({ code: mutation.code });
    expect(foreign.errors![0].message).toBe(mutation.message);
    expect(Object.values(foreign.data ?? {}).every((value) => value === null)).toBe(true);

    // Neither tenant changed; B's audit trail got nothing.
    expect(await snapshot(b.tenant)).toEqual(bBefore);
    expect(await snapshot(a.tenant)).toEqual(aBefore);
  });
});

describe('references to another tenant’s rows in an input', () => {
  it.each([
    ['locationId', (b: Seeded) => b.location.id],
    ['vendorId', (b: Seeded) => b.vendor.id],
    ['ownerId', (b: Seeded) => b.user.id],
  ] as const)('createAsset with B’s %s → BAD_USER_INPUT for that field, like a random UUID', async (field, idOf) => {
    const { a, b } = await twoTenants();
    const [aBefore, bBefore] = [await snapshot(a.tenant), await snapshot(b.tenant)];
    const query = `mutation($input: CreateAssetInput!) { createAsset(input: $input) { id } }`;
    const foreignId = idOf(b);
    const randomId = randomUUID();
    const foreign = await a.tenant.gql(query, { input: { name: 'Smuggled', [field]: foreignId } });
    const missing = await a.tenant.gql(query, { input: { name: 'Smuggled', [field]: randomId } });

    expectNoValue(foreign, 'createAsset');
    expect(foreign.errors).toHaveLength(1);
    expect(foreign.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    // The message names the id it was given, and is otherwise the same as for a missing row.
    expect(foreign.errors![0].message).toContain(foreignId);
    expect(foreign.errors![0].message.replace(foreignId, '<id>')).toBe(missing.errors![0].message.replace(randomId, '<id>'));
    expect(foreign.errors![0].extensions).toEqual(missing.errors![0].extensions);

    expect(await snapshot(a.tenant)).toEqual(aBefore);
    expect(await snapshot(b.tenant)).toEqual(bBefore);
  });

  it.each(['locationId', 'vendorId', 'ownerId'] as const)('updateAsset of A’s asset with B’s %s → BAD_USER_INPUT; the asset is unchanged', async (field) => {
    const { a, b } = await twoTenants();
    const foreignId = { locationId: b.location.id, vendorId: b.vendor.id, ownerId: b.user.id }[field];
    const aBefore = await snapshot(a.tenant);
    const response = await a.tenant.gql(
      `mutation($id: UUID!, $input: UpdateAssetInput!) { updateAsset(id: $id, input: $input) { id } }`,
      { id: a.shelved.id, input: { [field]: foreignId } },
    );
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(await snapshot(a.tenant)).toEqual(aBefore);
  });

  it('createAsset checked out at once to B’s user → the same error as a random user id, nothing created', async () => {
    const { a, b } = await twoTenants();
    const [aBefore, bBefore] = [await snapshot(a.tenant), await snapshot(b.tenant)];
    const query = `mutation($input: CreateAssetInput!) { createAsset(input: $input) { id } }`;
    const foreign = observable(await a.tenant.gql(query, { input: { name: 'Smuggled', assignedUserId: b.user.id } }));
    const missing = observable(await a.tenant.gql(query, { input: { name: 'Smuggled', assignedUserId: randomUUID() } }));
    expect(foreign).toEqual(missing);
    expect(foreign.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await snapshot(a.tenant)).toEqual(aBefore);
    expect(await snapshot(b.tenant)).toEqual(bBefore);
  });
});
