// REST and GraphQL are one API: the same change made through either leaves identical rows and
// identical audit events (but for `source`); every write route keeps tenants apart and refuses
// read-only keys and non-admin users without writing; request ids travel into the audit trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyIdOf, createAsset, createLocation, createVendor, inviteUser } from './support/fixtures.js';
import { expectError, expectJson, rest, restClient, userRoleWriteKey, UUID, type RestClient, type RestResult } from './support/rest.js';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(() => api.close());

// ---- reading state through GraphQL ----

const ASSET_GQL = `id assetTag name category status serialNumber value purchaseDate warrantyExpiry manufacturer model notes
  customFields expectedReturn createdAt updatedAt location { id name } vendor { id name } owner { id name } assignedUser { id name }
  assignments(first: 20) { totalCount edges { node { user { id } expectedReturn checkedInAt performedBy { id } } } }`;
const USER_GQL = 'id name email role status department lastLoginAt createdAt updatedAt';
const VENDOR_GQL = 'id name category website riskRating complianceStatus primaryContactName primaryContactEmail notes createdAt updatedAt';
const LOCATION_GQL = 'id name type address lat lng createdAt updatedAt';

type Entity = 'Asset' | 'User' | 'Vendor' | 'Location';
const FIELDS: Record<Entity, [string, string]> = {
  Asset: ['asset', ASSET_GQL], User: ['user', USER_GQL], Vendor: ['vendor', VENDOR_GQL], Location: ['location', LOCATION_GQL],
};

async function read(tenant: Tenant, entity: Entity, id: string) {
  const [field, selection] = FIELDS[entity];
  return (await tenant.ok(`query($id: UUID!) { ${field}(id: $id) { ${selection} } }`, { id }))[field];
}

/** Everything a tenant holds, as GraphQL reads it, plus its audit event ids and assignment rows. */
async function snapshot(tenant: Tenant) {
  // One query per connection keeps each under the per-operation cost limit.
  const data = {
    ...await tenant.ok(`{ assets(first: 20, orderBy: { field: CREATED_AT, direction: ASC }) { totalCount edges { node { ${ASSET_GQL} } } } }`),
    ...await tenant.ok(`{ users(first: 50) { totalCount edges { node { ${USER_GQL} } } } }`),
    ...await tenant.ok(`{ vendors(first: 50) { totalCount edges { node { ${VENDOR_GQL} } } } }`),
    ...await tenant.ok(`{ locations(first: 50) { totalCount edges { node { ${LOCATION_GQL} } } } }`),
    ...await tenant.ok(`{ auditEvents(first: 200) { totalCount edges { node { id action entityType } } } }`),
  };
  // Events written within one millisecond have no defined order: compare them as a sorted list.
  data.auditEvents.edges.sort((x: any, y: any) => `${x.node.action} ${x.node.id}`.localeCompare(`${y.node.action} ${y.node.id}`));
  const rows = await api.db.prisma.assignment.findMany({
    where: { organizationId: tenant.organizationId }, orderBy: [{ checkedOutAt: 'asc' }, { id: 'asc' }],
  });
  // As JSON (dates as ISO strings), like everything read through the API.
  const assignments = JSON.parse(JSON.stringify(rows));
  return { ...data, assignments };
}

/** The audit events of an entity after the first `skip` ones, oldest first. */
async function eventsOf(tenant: Tenant, entityId: string, skip = 0) {
  const data = await tenant.ok(`query($id: UUID!) { auditEvents(first: 100, direction: ASC, filter: { entityId: $id }) {
    edges { node { action entityType entityId changes source requestId actorUser { id } actorApiKeyId } } } }`, { id: entityId });
  return (data.auditEvents.edges as { node: any }[]).map((edge) => edge.node).slice(skip);
}

const countEvents = async (tenant: Tenant, entityId: string) => (await eventsOf(tenant, entityId)).length;

// ---- normalization: what must be equal between two tenants ----

const VOLATILE = new Set(['id', 'createdAt', 'updatedAt', 'lastLoginAt']);
/** Instants set by the clock at write time: compared as "set" only. */
const INSTANTS = new Set(['checkedOutAt', 'checkedInAt']);

/**
 * Replaces the tenant's own ids by labels (`labels`: id → label), drops ids and timestamps of rows,
 * and stands in for values that differ by nature (other uuids, instants, ciphertext).
 */
function normalize(value: unknown, labels: Map<string, string>, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => normalize(item, labels));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value)
      .filter(([k]) => !VOLATILE.has(k))
      .map(([k, v]) => [k, normalize(v, labels, k)]));
  }
  if (typeof value !== 'string') return value;
  if (labels.has(value.toLowerCase())) return `<${labels.get(value.toLowerCase())}>`;
  if (UUID.test(value)) return '<uuid>';
  if (INSTANTS.has(key)) return '<instant>';
  if (value.startsWith('enc:')) return '<encrypted>';
  return value;
}

interface World {
  tenant: Tenant;
  labels: Map<string, string>;
  ids: Record<string, string>;
}

/** The same starting state in a fresh tenant, created through GraphQL. */
async function world(tenant: Tenant): Promise<World> {
  const sydney = await createLocation(tenant, { name: 'Sydney HQ', address: '123 Pitt St', lat: -33.8688, lng: 151.2093 });
  const depot = await createLocation(tenant, { name: 'Depot', type: 'Warehouse' });
  const apple = await createVendor(tenant, { name: 'Apple Inc.', riskRating: 'LOW', complianceStatus: 'COMPLIANT', notes: 'n' });
  const dell = await createVendor(tenant, { name: 'Dell' });
  const alice = await inviteUser(tenant, { name: 'Alice Smith', email: 'alice@example.com', department: 'Engineering' });
  const olivia = await inviteUser(tenant, { name: 'Olivia Owner', email: 'olivia@example.com' });
  const laptop = await createAsset(tenant, {
    name: 'MacBook Pro 16"', category: 'Laptop', assetTag: 'IT-0042', serialNumber: 'C02XYZ', value: 2499, purchaseDate: '2025-10-15',
    warrantyExpiry: '2028-10-15', manufacturer: 'Apple', model: 'M3', notes: 'pool', customFields: { ram_gb: 32 },
    locationId: sydney.id, vendorId: apple.id, ownerId: olivia.id,
  });
  const phone = await createAsset(tenant, { name: 'iPhone', category: 'Phone', assignedUserId: alice.id, expectedReturn: '2099-01-31' });
  const ids = {
    sydney: sydney.id, depot: depot.id, apple: apple.id, dell: dell.id, alice: alice.id, olivia: olivia.id, laptop: laptop.id, phone: phone.id,
    admin: tenant.userId, writeKey: await apiKeyIdOf(tenant), organization: tenant.organizationId,
    // not an id, but as tenant-specific: the bootstrap admin's address
    adminEmail: (await tenant.ok('{ viewer { user { email } } }')).viewer.user.email,
  };
  return { tenant, ids, labels: new Map(Object.entries(ids).map(([label, id]) => [id, label])) };
}

// ---- parity ----

interface Change {
  entity: Entity;
  /** The REST call; returns the response (the entity id is the path id or the created row's id). */
  rest(r: RestClient, w: World): Promise<RestResult>;
  restStatus: number;
  /** The equivalent GraphQL mutation; returns the entity id. */
  graphql(w: World): Promise<string>;
  /** The entity the change is about, when it exists before the change. */
  target?(w: World): string;
}

const PARITY: Record<string, Change> = {
  'POST /api/assets': {
    entity: 'Asset', restStatus: 201,
    rest: (r, w) => r.post('/api/assets', {
      name: 'iPad Air', category: 'Tablet', serial_number: 'DMPX1', value: 899.5, purchase_date: '2025-03-01', warranty_expiry: '2026-03-01',
      location_id: w.ids.sydney, vendor_id: w.ids.apple, owner_id: w.ids.olivia, assigned_user_id: w.ids.alice, expected_return: '2099-06-30',
      manufacturer: 'Apple', model: 'M2', notes: 'Design team', custom_fields: { colour: 'blue' },
    }),
    graphql: async (w) => (await w.tenant.ok(`mutation($input: CreateAssetInput!) { createAsset(input: $input) { id } }`, {
      input: {
        name: 'iPad Air', category: 'Tablet', serialNumber: 'DMPX1', value: '899.5', purchaseDate: '2025-03-01', warrantyExpiry: '2026-03-01',
        locationId: w.ids.sydney, vendorId: w.ids.apple, ownerId: w.ids.olivia, assignedUserId: w.ids.alice, expectedReturn: '2099-06-30',
        manufacturer: 'Apple', model: 'M2', notes: 'Design team', customFields: { colour: 'blue' },
      },
    })).createAsset.id,
  },
  'PUT /api/assets/:id': {
    entity: 'Asset', restStatus: 200, target: (w) => w.ids.laptop,
    rest: (r, w) => r.put(`/api/assets/${w.ids.laptop}`, { name: 'MacBook Pro 14"', category: 'Laptop', value: 1999, location_id: w.ids.depot, status: 'maintenance' }),
    graphql: async (w) => (await w.tenant.ok(`mutation($id: UUID!, $input: ReplaceAssetInput!) { replaceAsset(id: $id, input: $input) { id } }`, {
      id: w.ids.laptop, input: { name: 'MacBook Pro 14"', category: 'Laptop', value: '1999', locationId: w.ids.depot, status: 'MAINTENANCE' },
    })).replaceAsset.id,
  },
  'DELETE /api/assets/:id': {
    entity: 'Asset', restStatus: 200, target: (w) => w.ids.phone,
    rest: (r, w) => r.delete(`/api/assets/${w.ids.phone}`),
    graphql: async (w) => (await w.tenant.ok(`mutation($id: UUID!) { deleteAsset(id: $id) { id } }`, { id: w.ids.phone })).deleteAsset.id,
  },
  'POST /api/assets/:id/checkout': {
    entity: 'Asset', restStatus: 200, target: (w) => w.ids.laptop,
    rest: (r, w) => r.post(`/api/assets/${w.ids.laptop}/checkout`, { assigned_user_id: w.ids.alice, expected_return: '2099-12-31' }),
    graphql: async (w) => (await w.tenant.ok(`mutation($input: CheckoutAssetInput!) { checkoutAsset(input: $input) { id } }`, {
      input: { assetId: w.ids.laptop, userId: w.ids.alice, expectedReturn: '2099-12-31' },
    })).checkoutAsset.id,
  },
  'POST /api/assets/:id/checkin': {
    entity: 'Asset', restStatus: 200, target: (w) => w.ids.phone,
    rest: (r, w) => r.post(`/api/assets/${w.ids.phone}/checkin`),
    graphql: async (w) => (await w.tenant.ok(`mutation($id: UUID!) { checkinAsset(assetId: $id) { id } }`, { id: w.ids.phone })).checkinAsset.id,
  },
  'POST /api/users/invite': {
    entity: 'User', restStatus: 201,
    rest: (r) => r.post('/api/users/invite', { email: 'Nina.New@Example.com', role: 'admin', department: 'IT' }),
    graphql: async (w) => (await w.tenant.ok(`mutation($input: InviteUserInput!) { inviteUser(input: $input) { user { id } } }`, {
      input: { email: 'Nina.New@Example.com', role: 'ADMIN', department: 'IT' },
    })).inviteUser.user.id,
  },
  'PATCH /api/users/:id': {
    entity: 'User', restStatus: 200, target: (w) => w.ids.alice,
    rest: (r, w) => r.patch(`/api/users/${w.ids.alice}`, { role: 'admin', department: null }),
    graphql: async (w) => (await w.tenant.ok(`mutation($id: UUID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id } }`, {
      id: w.ids.alice, input: { role: 'ADMIN', department: null },
    })).updateUser.id,
  },
  'POST /api/vendors': {
    entity: 'Vendor', restStatus: 201,
    rest: (r) => r.post('/api/vendors', {
      name: 'Amazon Web Services', category: 'ICT / Cloud & Hosting', website: 'https://aws.amazon.com/', risk_rating: 'High',
      compliance_status: 'Non-Compliant', primary_contact_name: 'Jeff', primary_contact_email: 'Jeff@Amazon.com', notes: 'cloud',
    }),
    graphql: async (w) => (await w.tenant.ok(`mutation($input: CreateVendorInput!) { createVendor(input: $input) { id } }`, {
      input: {
        name: 'Amazon Web Services', category: 'ICT / Cloud & Hosting', website: 'https://aws.amazon.com/', riskRating: 'HIGH',
        complianceStatus: 'NON_COMPLIANT', primaryContactName: 'Jeff', primaryContactEmail: 'Jeff@Amazon.com', notes: 'cloud',
      },
    })).createVendor.id,
  },
  'PUT /api/vendors/:id': {
    entity: 'Vendor', restStatus: 200, target: (w) => w.ids.apple,
    rest: (r, w) => r.put(`/api/vendors/${w.ids.apple}`, { name: 'Apple', risk_rating: 'Medium', website: 'https://apple.com/' }),
    graphql: async (w) => (await w.tenant.ok(`mutation($id: UUID!, $input: ReplaceVendorInput!) { replaceVendor(id: $id, input: $input) { id } }`, {
      id: w.ids.apple, input: { name: 'Apple', riskRating: 'MEDIUM', website: 'https://apple.com/' },
    })).replaceVendor.id,
  },
  'POST /api/locations': {
    entity: 'Location', restStatus: 201,
    rest: (r) => r.post('/api/locations', { name: 'Perth Office', address: '1 Hay St', lat: -31.95, lng: 115.86 }),
    graphql: async (w) => (await w.tenant.ok(`mutation($input: CreateLocationInput!) { createLocation(input: $input) { id } }`, {
      input: { name: 'Perth Office', address: '1 Hay St', lat: -31.95, lng: 115.86 },
    })).createLocation.id,
  },
};

describe('parity: the same change through REST and through GraphQL', () => {
  it.each(Object.keys(PARITY))('%s leaves identical rows and identical audit events (source REST vs GRAPHQL)', async (route) => {
    const change = PARITY[route];
    const viaRest = await world(await api.tenant());
    const viaGraphql = await world(await api.tenant());
    const restBefore = change.target ? await countEvents(viaRest.tenant, change.target(viaRest)) : 0;
    const graphqlBefore = change.target ? await countEvents(viaGraphql.tenant, change.target(viaGraphql)) : 0;

    const response = await change.rest(restClient(api, viaRest.tenant.writeKey), viaRest);
    expectJson(response, change.restStatus);
    const restId = change.target ? change.target(viaRest) : response.body.id;
    const graphqlId = await change.graphql(viaGraphql);
    if (change.target) expect(graphqlId).toBe(change.target(viaGraphql));
    viaRest.labels.set(restId, 'self');
    viaGraphql.labels.set(graphqlId, 'self');

    // The row, as GraphQL reads it in each tenant.
    const restRow = await read(viaRest.tenant, change.entity, restId);
    const graphqlRow = await read(viaGraphql.tenant, change.entity, graphqlId);
    expect(normalize(restRow, viaRest.labels)).toEqual(normalize(graphqlRow, viaGraphql.labels));
    // Everything else in the tenant too (no stray writes on either side).
    expect(normalize(await snapshot(viaRest.tenant), viaRest.labels)).toEqual(normalize(await snapshot(viaGraphql.tenant), viaGraphql.labels));

    // The audit events of the change: same actions, entities, changes and actors; only the source differs.
    const restEvents = await eventsOf(viaRest.tenant, restId, restBefore);
    const graphqlEvents = await eventsOf(viaGraphql.tenant, graphqlId, graphqlBefore);
    expect(restEvents.length).toBeGreaterThan(0);
    expect(restEvents.map((event) => event.source)).toEqual(restEvents.map(() => 'REST'));
    expect(graphqlEvents.map((event) => event.source)).toEqual(graphqlEvents.map(() => 'GRAPHQL'));
    // (sorted: events of one transaction may share their millisecond, and then have no defined order)
    const comparable = (events: any[], w: World) => events
      .map(({ source: _source, requestId: _requestId, ...event }) => JSON.stringify(normalize(event, w.labels))).sort();
    expect(comparable(restEvents, viaRest)).toEqual(comparable(graphqlEvents, viaGraphql));
    for (const event of restEvents) expect(event).toMatchObject({ actorUser: { id: viaRest.tenant.userId }, actorApiKeyId: viaRest.ids.writeKey });
  });

  it('the REST body of a write equals the REST read afterwards and the GraphQL read', async () => {
    const w = await world(await api.tenant());
    const r = restClient(api, w.tenant.writeKey);
    const put = await r.put(`/api/assets/${w.ids.laptop}`, { name: 'Renamed', vendor_id: w.ids.dell });
    expectJson(put, 200);
    expect((await r.get(`/api/assets/${w.ids.laptop}`)).body).toEqual(put.body);
    const graphql = await read(w.tenant, 'Asset', w.ids.laptop);
    expect(put.body).toMatchObject({
      id: graphql.id, name: graphql.name, vendor_id: graphql.vendor.id, vendor_name: graphql.vendor.name, updated_at: graphql.updatedAt,
    });
  });
});

// ---- tenant isolation and authorization on every write route ----

interface WriteCall {
  method: string;
  path: string;
  body?: unknown;
}

/** Every documented write route, with a valid request against world `w`. */
function writeRoutes(w: World): Record<string, WriteCall> {
  return {
    'POST /api/assets': { method: 'POST', path: '/api/assets', body: { name: 'New', location_id: w.ids.sydney } },
    'PUT /api/assets/:id': { method: 'PUT', path: `/api/assets/${w.ids.laptop}`, body: { name: 'Replaced' } },
    'DELETE /api/assets/:id': { method: 'DELETE', path: `/api/assets/${w.ids.laptop}` },
    'POST /api/assets/:id/checkout': { method: 'POST', path: `/api/assets/${w.ids.laptop}/checkout`, body: { assigned_user_id: w.ids.alice } },
    'POST /api/assets/:id/checkin': { method: 'POST', path: `/api/assets/${w.ids.phone}/checkin` },
    'POST /api/users/invite': { method: 'POST', path: '/api/users/invite', body: { email: 'new@example.com' } },
    'PATCH /api/users/:id': { method: 'PATCH', path: `/api/users/${w.ids.alice}`, body: { department: 'Ops' } },
    'POST /api/vendors': { method: 'POST', path: '/api/vendors', body: { name: 'New vendor' } },
    'PUT /api/vendors/:id': { method: 'PUT', path: `/api/vendors/${w.ids.apple}`, body: { name: 'Replaced vendor' } },
    'POST /api/locations': { method: 'POST', path: '/api/locations', body: { name: 'New location' } },
  };
}

const WRITE_ROUTES = Object.keys(writeRoutes({ ids: {} } as World));

describe('tenant isolation on every write route', () => {
  // Routes naming another tenant's row in the path: 404, as if it did not exist.
  it.each(WRITE_ROUTES.filter((route) => route.includes(':id')))(
    "%s with tenant A's key on tenant B's id answers 404 and leaves both unchanged", async (route) => {
      const a = await world(await api.tenant());
      const b = await world(await api.tenant());
      const call = writeRoutes(b)[route];
      // The body names A's rows where it names any (A's user to check B's asset out to).
      const body = route.endsWith('/checkout') ? { assigned_user_id: a.ids.alice } : call.body;
      const [beforeA, beforeB] = [await snapshot(a.tenant), await snapshot(b.tenant)];
      const response = await rest(api, call.method, call.path, { key: a.tenant.writeKey, body });
      expectError(response, 404, /not found/);
      expect(await snapshot(b.tenant)).toEqual(beforeB);
      expect(await snapshot(a.tenant)).toEqual(beforeA);
    },
  );

  // Routes without a path id: B's rows named in the body are unknown; what A creates is A's alone.
  it("POST /api/assets naming tenant B's location, vendor or owner answers 400 and writes nothing", async () => {
    const a = await world(await api.tenant());
    const b = await world(await api.tenant());
    const [beforeA, beforeB] = [await snapshot(a.tenant), await snapshot(b.tenant)];
    const r = restClient(api, a.tenant.writeKey);
    expectError(await r.post('/api/assets', { name: 'x', location_id: b.ids.sydney }), 400);
    expectError(await r.post('/api/assets', { name: 'x', vendor_id: b.ids.apple }), 400);
    expectError(await r.post('/api/assets', { name: 'x', owner_id: b.ids.olivia }), 400);
    expectError(await r.post('/api/assets', { name: 'x', assigned_user_id: b.ids.alice }), 404);
    expectError(await r.post(`/api/assets/${a.ids.laptop}/checkout`, { assigned_user_id: b.ids.alice }), 404, /User not found/);
    expect(await snapshot(a.tenant)).toEqual(beforeA);
    expect(await snapshot(b.tenant)).toEqual(beforeB);
  });

  it.each(['POST /api/assets', 'POST /api/users/invite', 'POST /api/vendors', 'POST /api/locations'])(
    "%s creates in the caller's organization only; tenant B neither sees nor gains it", async (route) => {
      const a = await world(await api.tenant());
      const b = await world(await api.tenant());
      const call = writeRoutes(a)[route];
      const beforeB = await snapshot(b.tenant);
      const response = await rest(api, call.method, call.path, { key: a.tenant.writeKey, body: call.body });
      expectJson(response, 201);
      const collection = call.path.split('/')[2] as 'assets' | 'users' | 'vendors' | 'locations';
      const entity = ({ assets: 'asset', users: 'user', vendors: 'vendor', locations: 'location' } as const)[collection];
      const delegate = api.db.prisma[entity] as unknown as { findUnique(args: object): Promise<{ organizationId: string } | null> };
      expect((await delegate.findUnique({ where: { id: response.body.id } }))?.organizationId).toBe(a.tenant.organizationId);
      expect(await snapshot(b.tenant)).toEqual(beforeB);
      const asB = restClient(api, b.tenant.writeKey);
      const list = await asB.get(call.path.replace('/invite', ''));
      expect(list.body.map((row: any) => row.id)).not.toContain(response.body.id);
      if (entity === 'asset') expectError(await asB.get(`/api/assets/${response.body.id}`), 404);
      if (entity === 'user') expectError(await asB.get(`/api/users/${response.body.id}/assets`), 404);
    },
  );
});

describe('read-only keys and non-admin users on every write route', () => {
  it.each(WRITE_ROUTES)('%s answers 403 to a read-only key and writes nothing', async (route) => {
    const w = await world(await api.tenant());
    const call = writeRoutes(w)[route];
    const before = await snapshot(w.tenant);
    const response = await rest(api, call.method, call.path, { key: w.tenant.readKey, body: call.body });
    expectError(response, 403, /write/);
    expect(await snapshot(w.tenant)).toEqual(before);
    // The same request with the write key succeeds: the 403 was about the key alone.
    const allowed = await rest(api, call.method, call.path, { key: w.tenant.writeKey, body: call.body });
    expect([200, 201]).toContain(allowed.status);
  });

  it.each(WRITE_ROUTES)('%s answers 403 to a write key of a non-admin user and writes nothing', async (route) => {
    const w = await world(await api.tenant());
    const key = await userRoleWriteKey(api, w.tenant);
    const call = writeRoutes(w)[route];
    const before = await snapshot(w.tenant);
    expectError(await rest(api, call.method, call.path, { key, body: call.body }), 403, /admin/i);
    expect(await snapshot(w.tenant)).toEqual(before);
  });

  it.each(WRITE_ROUTES)('%s answers 401 without a key or with a revoked one and writes nothing', async (route) => {
    const w = await world(await api.tenant());
    const call = writeRoutes(w)[route];
    const before = await snapshot(w.tenant);
    expectError(await rest(api, call.method, call.path, { key: null, body: call.body }), 401);
    expectError(await rest(api, call.method, call.path, { key: `sk_${'a'.repeat(56)}`, body: call.body }), 401);
    expect(await snapshot(w.tenant)).toEqual(before);
  });

  it('reads stay open to the read-only key', async () => {
    const w = await world(await api.tenant());
    const ro = restClient(api, w.tenant.readKey);
    for (const path of [
      '/api/assets', `/api/assets/${w.ids.laptop}`, '/api/users', `/api/users/${w.ids.alice}/assets`, '/api/vendors',
      `/api/vendors/${w.ids.apple}/assets`, '/api/locations', '/api/audit-log',
    ]) {
      expectJson(await ro.get(path), 200);
    }
  });
});

// ---- request ids ----

describe('x-request-id', () => {
  it.each(WRITE_ROUTES)('%s echoes the client x-request-id and stores it on its audit events', async (route) => {
    const w = await world(await api.tenant());
    const call = writeRoutes(w)[route];
    const requestId = `req-${route.replace(/\W+/g, '-')}`.slice(0, 100);
    const response = await rest(api, call.method, call.path, { key: w.tenant.writeKey, body: call.body, headers: { 'x-request-id': requestId } });
    expect([200, 201]).toContain(response.status);
    expect(response.headers.get('x-request-id')).toBe(requestId);
    const stored = await api.db.prisma.auditEvent.findMany({ where: { organizationId: w.tenant.organizationId, requestId } });
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((event) => event.source === 'rest')).toBe(true);
    // and GET /api/audit-log shows it
    const log = await restClient(api, w.tenant.readKey).get('/api/audit-log');
    expect(log.body.data.filter((event: any) => event.request_id === requestId)).toHaveLength(stored.length);
  });

  it('without one (or with an unusable one) answers a generated id, and that id is the one stored', async () => {
    const w = await world(await api.tenant());
    const r = restClient(api, w.tenant.writeKey);
    const variants: Record<string, string>[] = [{}, { 'x-request-id': 'has spaces and / slashes' }, { 'x-request-id': 'x'.repeat(200) }];
    for (const headers of variants) {
      const response = await r.post('/api/locations', { name: `L ${Object.keys(headers).length}` }, { headers });
      expectJson(response, 201);
      const generated = response.headers.get('x-request-id')!;
      expect(generated).toMatch(UUID);
      const [event] = await eventsOf(w.tenant, response.body.id);
      expect(event.requestId).toBe(generated);
    }
  });

  it('is echoed on errors too, and a REST and a GraphQL write with the same id are both traceable', async () => {
    const w = await world(await api.tenant());
    const r = restClient(api, w.tenant.writeKey);
    const failed = await r.post('/api/assets', { name: '' }, { headers: { 'x-request-id': 'trace-1' } });
    expectError(failed, 400);
    expect(failed.headers.get('x-request-id')).toBe('trace-1');
    const denied = await restClient(api, w.tenant.readKey).post('/api/vendors', { name: 'x' }, { headers: { 'x-request-id': 'trace-2' } });
    expectError(denied, 403);
    expect(denied.headers.get('x-request-id')).toBe('trace-2');
    const created = await r.post('/api/vendors', { name: 'Traced' }, { headers: { 'x-request-id': 'trace-3' } });
    await api.gql(`mutation($id: UUID!) { updateVendor(id: $id, input: { notes: "x" }) { id } }`, { id: created.body.id },
      { authorization: `Bearer ${w.tenant.writeKey}`, 'x-request-id': 'trace-3' });
    const events = await eventsOf(w.tenant, created.body.id);
    expect(events.map((event) => [event.action, event.source, event.requestId])).toEqual([
      ['vendor.created', 'REST', 'trace-3'], ['vendor.updated', 'GRAPHQL', 'trace-3'],
    ]);
    expect(await api.db.prisma.auditEvent.count({ where: { organizationId: w.tenant.organizationId, requestId: { in: ['trace-1', 'trace-2'] } } })).toBe(0);
  });
});
