// Specification of the REST compatibility layer for users, vendors and locations (seed 003) and the
// audit log (seed 001, AssetNode's page/limit convention): shapes field by field, filters, paging,
// and every documented status.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyIdOf, auditTrail, createAsset, createLocation, createVendor, inviteUser } from './support/fixtures.js';
import {
  expectError, expectJson, ISO_DATETIME, MISSING_ID, rest, restClient, userRoleWriteKey, UUID, type RestClient, type RestResult,
} from './support/rest.js';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(() => api.close());

// ---- helpers ----

const USER_KEYS = ['id', 'name', 'email', 'role', 'status', 'department', 'last_login', 'created_at'];
const VENDOR_KEYS = [
  'id', 'name', 'category', 'website', 'risk_rating', 'compliance_status', 'primary_contact_name', 'primary_contact_email', 'notes',
  'created_at', 'updated_at',
];
const LOCATION_KEYS = ['id', 'name', 'type', 'address', 'lat', 'lng', 'created_at'];
const ASSET_KEYS = [
  'id', 'asset_tag', 'name', 'category', 'status', 'serial_number', 'value', 'purchase_date', 'warranty_expiry', 'manufacturer',
  'model', 'notes', 'custom_fields', 'location_id', 'location_name', 'vendor_id', 'vendor_name', 'owner_id', 'owner_name',
  'assigned_user_id', 'assigned_user_name', 'expected_return', 'created_at', 'updated_at',
];
const AUDIT_KEYS = ['id', 'action', 'entity_type', 'entity_id', 'changes', 'actor_id', 'actor_name', 'api_key_id', 'request_id', 'source', 'created_at'];

const RISK: Record<string, string> = { LOW: 'Low', MEDIUM: 'Medium', HIGH: 'High' };
const COMPLIANCE: Record<string, string> = { COMPLIANT: 'Compliant', NON_COMPLIANT: 'Non-Compliant', NOT_REVIEWED: 'Not Reviewed' };

async function setup() {
  const tenant = await api.tenant();
  return { tenant, r: restClient(api, tenant.writeKey), ro: restClient(api, tenant.readKey) };
}

const ids = (result: RestResult) => (result.body as { id: string }[]).map((row) => row.id);
const total = (result: RestResult) => result.headers.get('x-total-count');
const sorted = (values: string[]) => [...values].sort();

async function readUser(tenant: Tenant, id: string) {
  return (await tenant.ok(`query($id: UUID!) { user(id: $id) { id name email role status department lastLoginAt createdAt } }`, { id })).user;
}

function asRestUser(user: any) {
  return {
    id: user.id, name: user.name, email: user.email, role: user.role.toLowerCase(), status: user.status.toLowerCase(),
    department: user.department, last_login: user.lastLoginAt, created_at: user.createdAt,
  };
}

async function readVendor(tenant: Tenant, id: string) {
  return (await tenant.ok(`query($id: UUID!) { vendor(id: $id) { id name category website riskRating complianceStatus
    primaryContactName primaryContactEmail notes createdAt updatedAt } }`, { id })).vendor;
}

function asRestVendor(vendor: any) {
  return {
    id: vendor.id, name: vendor.name, category: vendor.category, website: vendor.website,
    risk_rating: vendor.riskRating ? RISK[vendor.riskRating] : null, compliance_status: COMPLIANCE[vendor.complianceStatus],
    primary_contact_name: vendor.primaryContactName, primary_contact_email: vendor.primaryContactEmail, notes: vendor.notes,
    created_at: vendor.createdAt, updated_at: vendor.updatedAt,
  };
}

async function readLocation(tenant: Tenant, id: string) {
  return (await tenant.ok(`query($id: UUID!) { location(id: $id) { id name type address lat lng createdAt } }`, { id })).location;
}

async function count(model: 'user' | 'vendor' | 'location' | 'auditEvent', tenant: Tenant) {
  const delegate = api.db.prisma[model] as unknown as { count(args: object): Promise<number> };
  return delegate.count({ where: { organizationId: tenant.organizationId } });
}

/** 401 without a key, with an unknown key and with a malformed one. */
async function expectAuthFailures(method: string, path: string, body?: unknown) {
  expectError(await rest(api, method, path, { key: null, body }), 401);
  await expectInvalidKeys(method, path, body);
}

/** 401 for an unknown key and a malformed one. */
async function expectInvalidKeys(method: string, path: string, body?: unknown) {
  expectError(await rest(api, method, path, { key: `sk_${'f'.repeat(56)}`, body }), 401, /invalid/i);
  expectError(await rest(api, method, path, { key: 'sk_live_123', body }), 401);
}

/** Checks every page of a list endpoint against the full list: disjoint, ordered, counted. */
async function expectPaging(r: RestClient, path: string, expectedTotal: number) {
  const separator = path.includes('?') ? '&' : '?';
  const all = await r.get(path);
  expectJson(all, 200);
  expect(total(all)).toBe(String(expectedTotal));
  expect(all.body).toHaveLength(expectedTotal);
  const pages: string[] = [];
  for (let offset = 0; offset < expectedTotal; offset += 2) {
    const page = await r.get(`${path}${separator}limit=2&offset=${offset}`);
    expectJson(page, 200);
    expect(total(page)).toBe(String(expectedTotal));
    expect(page.body.length).toBe(Math.min(2, expectedTotal - offset));
    pages.push(...ids(page));
  }
  expect(pages).toEqual(ids(all));
  const beyond = await r.get(`${path}${separator}offset=${expectedTotal}`);
  expect(beyond.body).toEqual([]);
  expect(total(beyond)).toBe(String(expectedTotal));
  for (const bad of ['limit=0', 'limit=1001', 'limit=x', 'offset=-1']) expectError(await r.get(`${path}${separator}${bad}`), 400);
  expect((await r.get(`${path}${separator}limit=1000`)).body).toHaveLength(expectedTotal);
}

// ---- users ----

async function people(tenant: Tenant) {
  const alice = await inviteUser(tenant, { name: 'Alice Smith', email: 'alice.smith@example.com', department: 'Engineering', role: 'ADMIN' });
  const bob = await inviteUser(tenant, { name: 'Bob Jones', email: 'bob@contoso.com', department: 'Finance' });
  const carol = await inviteUser(tenant, { name: 'Carol White', email: 'carol@example.com' });
  const dan = await inviteUser(tenant, { name: 'Dan Brown', email: 'dan@example.com' });
  await tenant.ok(`mutation($id: UUID!) { deactivateUser(id: $id) { id } }`, { id: dan.id });
  return { admin: tenant.userId, alice, bob, carol, dan };
}

describe('GET /api/users', () => {
  it('runs the document example (?role=admin) and returns the documented row shape', async () => {
    const { tenant, r } = await setup();
    const p = await people(tenant);
    const response = await r.get('/api/users?role=admin');
    expectJson(response, 200);
    expect(total(response)).toBe('2');
    expect(sorted(ids(response))).toEqual(sorted([p.admin, p.alice.id]));
    for (const row of response.body) {
      expect(Object.keys(row).sort()).toEqual([...USER_KEYS].sort());
      expect(row).toEqual(asRestUser(await readUser(tenant, row.id)));
    }
    const alice = response.body.find((row: any) => row.id === p.alice.id);
    expect(alice).toEqual({
      id: p.alice.id, name: 'Alice Smith', email: 'alice.smith@example.com', role: 'admin', status: 'active',
      department: 'Engineering', last_login: null, created_at: expect.stringMatching(ISO_DATETIME),
    });
  });

  it('lists every user of the organization (and only it) with X-Total-Count', async () => {
    const { tenant, r } = await setup();
    const p = await people(tenant);
    const other = await api.tenant();
    await inviteUser(other, { email: 'alice.smith@example.com' });
    const response = await r.get('/api/users');
    expectJson(response, 200);
    expect(total(response)).toBe('5');
    expect(sorted(ids(response))).toEqual(sorted([p.admin, p.alice.id, p.bob.id, p.carol.id, p.dan.id]));
    expect(response.body.find((row: any) => row.id === p.dan.id)).toMatchObject({ status: 'inactive', role: 'user', department: null });
  });

  it('searches name or email case-insensitively', async () => {
    const { tenant, r } = await setup();
    const p = await people(tenant);
    const search = async (text: string) => {
      const response = await r.get(`/api/users?search=${encodeURIComponent(text)}`);
      expectJson(response, 200);
      expect(total(response)).toBe(String(response.body.length));
      return sorted(ids(response));
    };
    expect(await search('alice')).toEqual([p.alice.id]);
    expect(await search('SMITH')).toEqual([p.alice.id]);
    expect(await search('@CONTOSO.com')).toEqual([p.bob.id]);
    expect(await search('example.com')).toEqual(sorted([p.alice.id, p.carol.id, p.dan.id]));
    expect(await search('zed')).toEqual([]);
  });

  it('filters by role and status, combined', async () => {
    const { tenant, r } = await setup();
    const p = await people(tenant);
    const list = async (query: string) => {
      const response = await r.get(`/api/users?${query}`);
      expectJson(response, 200);
      expect(total(response)).toBe(String(response.body.length));
      return sorted(ids(response));
    };
    expect(await list('role=user')).toEqual(sorted([p.bob.id, p.carol.id, p.dan.id]));
    expect(await list('status=inactive')).toEqual([p.dan.id]);
    expect(await list('status=active')).toEqual(sorted([p.admin, p.alice.id, p.bob.id, p.carol.id]));
    expect(await list('role=user&status=active')).toEqual(sorted([p.bob.id, p.carol.id]));
    expect(await list('role=admin&status=inactive')).toEqual([]);
    expect(await list('role=user&search=example')).toEqual(sorted([p.carol.id, p.dan.id]));
  });

  it('pages with limit and offset (default 500, max 1000)', async () => {
    const { tenant, r } = await setup();
    await people(tenant);
    await expectPaging(r, '/api/users', 5);
    await expectPaging(r, '/api/users?role=user', 3);
  });

  it.each(['role=owner', 'role=ADMIN', 'status=deleted', 'status=ACTIVE', 'limit=1001', 'offset=x'])('refuses %s with 400', async (query) => {
    const { r } = await setup();
    expectError(await r.get(`/api/users?${query}`), 400, new RegExp(query.split('=')[0]));
  });

  it('answers the read key, and 401 without a valid key', async () => {
    const { tenant, ro } = await setup();
    const response = await ro.get('/api/users');
    expectJson(response, 200);
    expect(ids(response)).toEqual([tenant.userId]);
    await expectAuthFailures('GET', '/api/users');
  });
});

describe('POST /api/users/invite', () => {
  it('invites a user: 201, name defaults to the email prefix, role to user, email stored lower-case', async () => {
    // The prefix of the address as stored (lower-case).
    const { tenant, r } = await setup();
    const response = await r.post('/api/users/invite', { email: 'Bob.Smith@Example.COM' }, { headers: { 'x-request-id': 'invite-1' } });
    expectJson(response, 201);
    const { invitation, ...user } = response.body;
    expect(user).toEqual({
      id: expect.stringMatching(UUID), name: 'bob.smith', email: 'bob.smith@example.com', role: 'user', status: 'active',
      department: null, last_login: null, created_at: expect.stringMatching(ISO_DATETIME),
    });
    expect(user).toEqual(asRestUser(await readUser(tenant, response.body.id)));
    // The link to set a password, for the admin to pass on (it is also mailed or logged).
    expect(invitation).toEqual({
      url: expect.stringMatching(/\/accept-invite#token=inv_[0-9a-f]{64}$/), expires_at: expect.stringMatching(ISO_DATETIME), delivery: 'log',
    });
    expect(Date.parse(invitation.expires_at) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    const [event] = await auditTrail(tenant, response.body.id);
    expect(event).toMatchObject({
      action: 'user.invited', entityType: 'User', source: 'REST', requestId: 'invite-1', actorUser: { id: tenant.userId },
      actorApiKeyId: await apiKeyIdOf(tenant),
    });
    expect(event.changes).toMatchObject({
      email: { before: null, after: 'bob.smith@example.com' }, role: { before: null, after: 'user' }, status: { before: null, after: 'active' },
    });
  });

  it('takes name, role and department', async () => {
    const { tenant, r } = await setup();
    const response = await r.post('/api/users/invite', { email: 'alice@example.com', name: 'Alice Smith', role: 'admin', department: 'Engineering' });
    expectJson(response, 201);
    expect(response.body).toMatchObject({ name: 'Alice Smith', email: 'alice@example.com', role: 'admin', status: 'active', department: 'Engineering' });
    const { invitation: _invitation, ...user } = response.body;
    expect(user).toEqual(asRestUser(await readUser(tenant, response.body.id)));
    const explicitUser = await r.post('/api/users/invite', { email: 'carl@example.com', role: 'user' });
    expect(explicitUser.body.role).toBe('user');
  });

  it('answers 409 for an email already in the organization, in any letter case, writing nothing', async () => {
    const { tenant, r } = await setup();
    expectJson(await r.post('/api/users/invite', { email: 'dup@example.com' }), 201);
    const users = await count('user', tenant);
    const events = await count('auditEvent', tenant);
    for (const email of ['dup@example.com', 'DUP@EXAMPLE.COM', 'Dup@Example.com']) {
      expectError(await r.post('/api/users/invite', { email, name: 'Again' }), 409, /already exists/);
    }
    // The bootstrap admin's address too.
    const admin = await readUser(tenant, tenant.userId);
    expectError(await r.post('/api/users/invite', { email: admin.email.toUpperCase() }), 409);
    expect(await count('user', tenant)).toBe(users);
    expect(await count('auditEvent', tenant)).toBe(events);
    // Email addresses are unique per organization only.
    const other = await api.tenant();
    expectJson(await restClient(api, other.writeKey).post('/api/users/invite', { email: 'dup@example.com' }), 201);
  });

  it.each([
    ['no email', { name: 'Nobody' }, /email/],
    ['a null email', { email: null }, /email/],
    ['an invalid email', { email: 'not-an-email' }, /email|Email/],
    ['a numeric email', { email: 42 }, /email/],
    ['a bad role', { email: 'x@example.com', role: 'owner' }, /role/],
    ['the GraphQL role spelling', { email: 'x@example.com', role: 'ADMIN' }, /role/],
    ['a numeric department', { email: 'x@example.com', department: 7 }, /department/],
  ])('answers 400 for %s, writing nothing', async (_label, body, message) => {
    const { tenant, r } = await setup();
    const users = await count('user', tenant);
    expectError(await r.post('/api/users/invite', body), 400, message);
    expect(await count('user', tenant)).toBe(users);
  });

  it('answers 400 for malformed JSON', async () => {
    const { tenant, r } = await setup();
    expectError(await r.call('POST', '/api/users/invite', { raw: "{'email': 'x@example.com'}" }), 400, /JSON/);
    expect(await count('user', tenant)).toBe(1);
  });

  it('answers 401, and 403 for a read-only key or a non-admin user, writing nothing', async () => {
    const { tenant, ro } = await setup();
    await expectAuthFailures('POST', '/api/users/invite', { email: 'x@example.com' });
    expectError(await ro.post('/api/users/invite', { email: 'x@example.com' }), 403);
    const userKey = await userRoleWriteKey(api, tenant);
    const users = await count('user', tenant);
    expectError(await rest(api, 'POST', '/api/users/invite', { key: userKey, body: { email: 'y@example.com' } }), 403);
    expect(await count('user', tenant)).toBe(users);
    expect((await api.db.prisma.user.findMany({ where: { organizationId: tenant.organizationId, email: { in: ['x@example.com', 'y@example.com'] } } }))).toEqual([]);
  });
});

describe('PATCH /api/users/:id', () => {
  it('changes only the fields sent (partial update), audited from REST with only what changed', async () => {
    const { tenant, r } = await setup();
    const user = await inviteUser(tenant, { name: 'Bob Jones', email: 'bob@example.com', department: 'Finance' });
    const response = await r.patch(`/api/users/${user.id}`, { department: 'Engineering' }, { headers: { 'x-request-id': 'patch-1' } });
    expectJson(response, 200);
    expect(response.body).toEqual({
      id: user.id, name: 'Bob Jones', email: 'bob@example.com', role: 'user', status: 'active', department: 'Engineering',
      last_login: null, created_at: expect.stringMatching(ISO_DATETIME),
    });
    expect(response.body).toEqual(asRestUser(await readUser(tenant, user.id)));
    const event = (await auditTrail(tenant, user.id)).at(-1)!;
    expect(event).toMatchObject({ action: 'user.updated', source: 'REST', requestId: 'patch-1' });
    expect(event.changes).toEqual({ department: { before: 'Finance', after: 'Engineering' } });

    const renamed = await r.patch(`/api/users/${user.id}`, { name: 'Robert Jones' });
    expect(renamed.body).toMatchObject({ name: 'Robert Jones', department: 'Engineering', role: 'user' });
    const promoted = await r.patch(`/api/users/${user.id}`, { role: 'admin' });
    expect(promoted.body).toMatchObject({ name: 'Robert Jones', department: 'Engineering', role: 'admin' });
    const cleared = await r.patch(`/api/users/${user.id}`, { department: null });
    expect(cleared.body).toMatchObject({ name: 'Robert Jones', department: null, role: 'admin' });
    const all = await r.patch(`/api/users/${user.id}`, { name: 'Bob', role: 'user', department: 'Ops' });
    expect(all.body).toMatchObject({ name: 'Bob', role: 'user', department: 'Ops', email: 'bob@example.com' });
  });

  it('changes nothing (and records nothing) for an empty body or fields outside the document', async () => {
    const { tenant, r } = await setup();
    const user = await inviteUser(tenant, { name: 'Carol' });
    const before = await readUser(tenant, user.id);
    const events = (await auditTrail(tenant, user.id)).length;
    expect((await r.patch(`/api/users/${user.id}`, {})).body).toEqual(asRestUser(before));
    expect((await r.patch(`/api/users/${user.id}`, { email: 'new@example.com', status: 'inactive' })).body).toEqual(asRestUser(before));
    expect(await readUser(tenant, user.id)).toEqual(before);
    expect((await auditTrail(tenant, user.id)).length).toBe(events);
  });

  it('answers 409 when it would demote the last active admin', async () => {
    const { tenant, r } = await setup();
    expectError(await r.patch(`/api/users/${tenant.userId}`, { role: 'user' }), 409, /last active admin/);
    expect((await readUser(tenant, tenant.userId)).role).toBe('ADMIN');
  });

  it.each([
    ['a bad role', { body: { role: 'owner' } }, /role/],
    ['a null role', { body: { role: null } }, /role/],
    ['a blank name', { body: { name: ' ' } }, /name/],
    ['a null name', { body: { name: null } }, /name/],
    ['a numeric name', { body: { name: 1 } }, /name/],
    ['malformed JSON', { raw: '{"name":"x"' }, /JSON/],
  ])('answers 400 for %s, changing nothing', async (_label, call, message) => {
    const { tenant, r } = await setup();
    const user = await inviteUser(tenant, { name: 'Dan' });
    const before = await readUser(tenant, user.id);
    expectError(await r.call('PATCH', `/api/users/${user.id}`, call), 400, message);
    expect(await readUser(tenant, user.id)).toEqual(before);
  });

  it("answers 404 for an unknown, another organization's or a malformed id, changing nothing", async () => {
    const { r } = await setup();
    const other = await api.tenant();
    const theirs = await inviteUser(other, { name: 'Theirs' });
    expectError(await r.patch(`/api/users/${MISSING_ID}`, { name: 'x' }), 404, /^User not found$/);
    expectError(await r.patch(`/api/users/${theirs.id}`, { name: 'x' }), 404, /^User not found$/);
    expectError(await r.patch('/api/users/u1b2c3d4-...', { name: 'x' }), 404, /^User not found$/);
    expect((await readUser(other, theirs.id)).name).toBe('Theirs');
  });

  it('answers 401, and 403 for a read-only key, changing nothing', async () => {
    const { tenant, ro } = await setup();
    const user = await inviteUser(tenant, { name: 'Eve' });
    await expectAuthFailures('PATCH', `/api/users/${user.id}`, { name: 'x' });
    expectError(await ro.patch(`/api/users/${user.id}`, { name: 'x' }), 403);
    expect((await readUser(tenant, user.id)).name).toBe('Eve');
  });
});

describe('GET /api/users/:id/assets', () => {
  it('returns { assets, seats } with the assets currently checked out to the user', async () => {
    const { tenant, r, ro } = await setup();
    const user = await inviteUser(tenant, { name: 'Alice Smith' });
    const location = await createLocation(tenant, { name: 'Sydney HQ' });
    const laptop = await createAsset(tenant, { name: 'MacBook Pro 16"', assignedUserId: user.id, locationId: location.id, value: 2499 });
    const phone = await createAsset(tenant, { name: 'iPhone', assignedUserId: user.id });
    const owned = await createAsset(tenant, { name: 'Owned only', ownerId: user.id });
    const returned = await createAsset(tenant, { name: 'Returned', assignedUserId: user.id });
    await tenant.ok(`mutation($id: UUID!) { checkinAsset(assetId: $id) { id } }`, { id: returned.id });
    const response = await r.get(`/api/users/${user.id}/assets`);
    expectJson(response, 200);
    expect(Object.keys(response.body).sort()).toEqual(['assets', 'seats']);
    expect(response.body.seats).toEqual([]);
    expect(sorted(response.body.assets.map((row: any) => row.id))).toEqual(sorted([laptop.id, phone.id]));
    for (const row of response.body.assets) {
      expect(Object.keys(row).sort()).toEqual([...ASSET_KEYS].sort());
      expect(row).toEqual((await r.get(`/api/assets/${row.id}`)).body);
      expect(row).toMatchObject({ status: 'checked-out', assigned_user_id: user.id, assigned_user_name: 'Alice Smith' });
    }
    expect(response.body.assets.find((row: any) => row.id === laptop.id)).toMatchObject({ value: '2499.00', location_name: 'Sydney HQ' });
    expect(response.body.assets.map((row: any) => row.id)).not.toContain(owned.id);
    expect((await ro.get(`/api/users/${user.id}/assets`)).body).toEqual(response.body);
  });

  it('returns empty lists for a user holding nothing', async () => {
    const { tenant, r } = await setup();
    const response = await r.get(`/api/users/${tenant.userId}/assets`);
    expectJson(response, 200);
    expect(response.body).toEqual({ assets: [], seats: [] });
  });

  it("answers 404 for an unknown, another organization's or a malformed user id", async () => {
    const { r } = await setup();
    const other = await api.tenant();
    const theirs = await inviteUser(other);
    await createAsset(other, { assignedUserId: theirs.id });
    expectError(await r.get(`/api/users/${MISSING_ID}/assets`), 404, /^User not found$/);
    expectError(await r.get(`/api/users/${theirs.id}/assets`), 404, /^User not found$/);
    expectError(await r.get('/api/users/alice/assets'), 404, /^User not found$/);
  });

  it('answers 401 with an invalid key', async () => {
    const { tenant } = await setup();
    await expectInvalidKeys('GET', `/api/users/${tenant.userId}/assets`);
  });

  // A missing key is 401 whatever the operation would cost: the key check comes before any budget.
  it('answers 401 (not 429) without a key', async () => {
    const { tenant } = await setup();
    expectError(await rest(api, 'GET', `/api/users/${tenant.userId}/assets`, { key: null }), 401, /API key/);
  });
});

// ---- vendors ----

const CLOUD = 'ICT / Cloud & Hosting';

async function vendors(tenant: Tenant) {
  const aws = await createVendor(tenant, {
    name: 'Amazon Web Services', category: CLOUD, riskRating: 'HIGH', complianceStatus: 'NON_COMPLIANT', website: 'https://aws.amazon.com/',
    primaryContactName: 'Jeff', primaryContactEmail: 'jeff@amazon.com', notes: 'Main cloud',
  });
  const apple = await createVendor(tenant, { name: 'Apple Inc.', category: 'Hardware', riskRating: 'LOW', complianceStatus: 'COMPLIANT' });
  const atlassian = await createVendor(tenant, { name: 'Atlassian', category: CLOUD, riskRating: 'MEDIUM' });
  const dell = await createVendor(tenant, { name: 'Dell Technologies' });
  return { aws, apple, atlassian, dell };
}

describe('GET /api/vendors', () => {
  it('lists vendors with risk rating, compliance status and contacts, spelled as documented', async () => {
    const { tenant, r } = await setup();
    const v = await vendors(tenant);
    const response = await r.get('/api/vendors');
    expectJson(response, 200);
    expect(total(response)).toBe('4');
    for (const row of response.body) {
      expect(Object.keys(row).sort()).toEqual([...VENDOR_KEYS].sort());
      expect(row).toEqual(asRestVendor(await readVendor(tenant, row.id)));
    }
    const byId = new Map(response.body.map((row: any) => [row.id, row]));
    expect(byId.get(v.aws.id)).toEqual({
      id: v.aws.id, name: 'Amazon Web Services', category: CLOUD, website: 'https://aws.amazon.com/', risk_rating: 'High',
      compliance_status: 'Non-Compliant', primary_contact_name: 'Jeff', primary_contact_email: 'jeff@amazon.com', notes: 'Main cloud',
      created_at: expect.stringMatching(ISO_DATETIME), updated_at: expect.stringMatching(ISO_DATETIME),
    });
    expect(byId.get(v.apple.id)).toMatchObject({ risk_rating: 'Low', compliance_status: 'Compliant' });
    expect(byId.get(v.atlassian.id)).toMatchObject({ risk_rating: 'Medium', compliance_status: 'Not Reviewed' });
    expect(byId.get(v.dell.id)).toMatchObject({ risk_rating: null, compliance_status: 'Not Reviewed', category: null, website: null });
  });

  it('filters by search (name), category (exact) and risk_rating', async () => {
    const { tenant, r } = await setup();
    const v = await vendors(tenant);
    const list = async (query: string) => {
      const response = await r.get(`/api/vendors?${query}`);
      expectJson(response, 200);
      expect(total(response)).toBe(String(response.body.length));
      return sorted(ids(response));
    };
    expect(await list('search=apple')).toEqual([v.apple.id]);
    expect(await list('search=WEB SERVICES')).toEqual([v.aws.id]);
    expect(await list('search=a')).toEqual(sorted([v.aws.id, v.apple.id, v.atlassian.id]));
    expect(await list(`category=${encodeURIComponent(CLOUD)}`)).toEqual(sorted([v.aws.id, v.atlassian.id]));
    expect(await list('category=Hardware')).toEqual([v.apple.id]);
    expect(await list('risk_rating=High')).toEqual([v.aws.id]);
    expect(await list('risk_rating=Medium')).toEqual([v.atlassian.id]);
    expect(await list('risk_rating=Low')).toEqual([v.apple.id]);
    expect(await list(`risk_rating=High&category=${encodeURIComponent(CLOUD)}`)).toEqual([v.aws.id]);
    expect(await list('risk_rating=Low&search=dell')).toEqual([]);
  });

  it('pages with limit and offset', async () => {
    const { tenant, r } = await setup();
    await vendors(tenant);
    await expectPaging(r, '/api/vendors', 4);
  });

  it("lists only the caller's organization", async () => {
    const { tenant, r } = await setup();
    await vendors(await api.tenant());
    const mine = await createVendor(tenant, { name: 'Mine' });
    const response = await r.get('/api/vendors');
    expect(ids(response)).toEqual([mine.id]);
    expect(total(response)).toBe('1');
  });

  it.each(['risk_rating=high', 'risk_rating=HIGH', 'risk_rating=Critical', 'limit=0'])('refuses %s with 400', async (query) => {
    const { r } = await setup();
    expectError(await r.get(`/api/vendors?${query}`), 400, new RegExp(query.split('=')[0]));
  });

  it('answers the read key, and 401 without a valid key', async () => {
    const { tenant, ro } = await setup();
    await createVendor(tenant);
    expectJson(await ro.get('/api/vendors'), 200);
    await expectAuthFailures('GET', '/api/vendors');
  });
});

describe('POST /api/vendors', () => {
  it('creates a vendor with every documented field: 201, audited from REST', async () => {
    const { tenant, r } = await setup();
    const response = await r.post('/api/vendors', {
      name: 'Amazon Web Services', category: CLOUD, website: 'https://aws.amazon.com/', risk_rating: 'High',
      compliance_status: 'Non-Compliant', primary_contact_name: 'Jeff Barr', primary_contact_email: 'Jeff@Amazon.com', notes: 'Main cloud',
    }, { headers: { 'x-request-id': 'vendor-1' } });
    expectJson(response, 201);
    expect(response.body).toEqual({
      id: expect.stringMatching(UUID), name: 'Amazon Web Services', category: CLOUD, website: 'https://aws.amazon.com/', risk_rating: 'High',
      compliance_status: 'Non-Compliant', primary_contact_name: 'Jeff Barr', primary_contact_email: 'jeff@amazon.com', notes: 'Main cloud',
      created_at: expect.stringMatching(ISO_DATETIME), updated_at: expect.stringMatching(ISO_DATETIME),
    });
    expect(response.body).toEqual(asRestVendor(await readVendor(tenant, response.body.id)));
    const [event] = await auditTrail(tenant, response.body.id);
    expect(event).toMatchObject({ action: 'vendor.created', entityType: 'Vendor', source: 'REST', requestId: 'vendor-1' });
    expect(event.changes).toMatchObject({
      name: { before: null, after: 'Amazon Web Services' }, riskRating: { before: null, after: 'High' },
      complianceStatus: { before: null, after: 'Non-Compliant' },
    });
  });

  it('defaults compliance_status to Not Reviewed and leaves risk_rating empty; accepts every documented spelling', async () => {
    const { r } = await setup();
    const bare = await r.post('/api/vendors', { name: 'Dell' });
    expectJson(bare, 201);
    expect(bare.body).toMatchObject({
      name: 'Dell', category: null, website: null, risk_rating: null, compliance_status: 'Not Reviewed',
      primary_contact_name: null, primary_contact_email: null, notes: null,
    });
    for (const compliance of ['Compliant', 'Non-Compliant', 'Not Reviewed']) {
      const response = await r.post('/api/vendors', { name: `V ${compliance}`, compliance_status: compliance });
      expectJson(response, 201);
      expect(response.body.compliance_status).toBe(compliance);
    }
    for (const risk of ['Low', 'Medium', 'High']) {
      const response = await r.post('/api/vendors', { name: `R ${risk}`, risk_rating: risk });
      expectJson(response, 201);
      expect(response.body.risk_rating).toBe(risk);
    }
  });

  it.each([
    ['no name', { category: 'x' }, /name/],
    ['a blank name', { name: '' }, /name/],
    ['a lower-case risk_rating', { name: 'x', risk_rating: 'high' }, /risk_rating/],
    ['the GraphQL compliance spelling', { name: 'x', compliance_status: 'NON_COMPLIANT' }, /compliance_status/],
    ['an undocumented compliance value', { name: 'x', compliance_status: 'NonCompliant' }, /compliance_status/],
    ['an invalid website', { name: 'x', website: 'not a url' }, /website|URL/],
    ['an invalid contact email', { name: 'x', primary_contact_email: 'jeff' }, /email|Email/i],
  ])('answers 400 for %s, writing nothing', async (_label, body, message) => {
    const { tenant, r } = await setup();
    expectError(await r.post('/api/vendors', body), 400, message);
    expect(await count('vendor', tenant)).toBe(0);
  });

  it('answers 400 for malformed JSON, 401, and 403 for a read-only key, writing nothing', async () => {
    const { tenant, r, ro } = await setup();
    expectError(await r.call('POST', '/api/vendors', { raw: 'name=Dell' }), 400, /JSON/);
    await expectAuthFailures('POST', '/api/vendors', { name: 'Dell' });
    expectError(await ro.post('/api/vendors', { name: 'Dell' }), 403);
    expect(await count('vendor', tenant)).toBe(0);
  });
});

describe('PUT /api/vendors/:id', () => {
  it('replaces the vendor: omitted fields are cleared, compliance back to Not Reviewed', async () => {
    const { tenant, r } = await setup();
    const { aws } = await vendors(tenant);
    const response = await r.put(`/api/vendors/${aws.id}`, { name: 'AWS' }, { headers: { 'x-request-id': 'vendor-put-1' } });
    expectJson(response, 200);
    expect(response.body).toEqual({
      id: aws.id, name: 'AWS', category: null, website: null, risk_rating: null, compliance_status: 'Not Reviewed',
      primary_contact_name: null, primary_contact_email: null, notes: null,
      created_at: expect.stringMatching(ISO_DATETIME), updated_at: expect.stringMatching(ISO_DATETIME),
    });
    expect(response.body).toEqual(asRestVendor(await readVendor(tenant, aws.id)));
    const event = (await auditTrail(tenant, aws.id)).at(-1)!;
    expect(event).toMatchObject({ action: 'vendor.updated', source: 'REST', requestId: 'vendor-put-1' });
    expect(event.changes).toMatchObject({
      name: { before: 'Amazon Web Services', after: 'AWS' }, riskRating: { before: 'High', after: null },
      complianceStatus: { before: 'Non-Compliant', after: 'Not Reviewed' }, notes: { before: 'Main cloud', after: null },
    });
  });

  it('sets every field the body sends', async () => {
    const { tenant, r } = await setup();
    const { dell } = await vendors(tenant);
    const body = {
      name: 'Dell Inc.', category: 'Hardware', website: 'https://www.dell.com/', risk_rating: 'Medium', compliance_status: 'Compliant',
      primary_contact_name: 'Michael', primary_contact_email: 'michael@dell.com', notes: 'Laptops',
    };
    const response = await r.put(`/api/vendors/${dell.id}`, body);
    expectJson(response, 200);
    expect(response.body).toMatchObject({ id: dell.id, ...body });
    expect(response.body).toEqual(asRestVendor(await readVendor(tenant, dell.id)));
  });

  it.each([
    ['no name', { body: { category: 'x' } }],
    ['a bad risk_rating', { body: { name: 'x', risk_rating: 'Extreme' } }],
    ['a bad compliance_status', { body: { name: 'x', compliance_status: 'compliant' } }],
    ['malformed JSON', { raw: '{' }],
  ])('answers 400 for %s, changing nothing', async (_label, call) => {
    const { tenant, r } = await setup();
    const { aws } = await vendors(tenant);
    const before = await readVendor(tenant, aws.id);
    expectError(await r.call('PUT', `/api/vendors/${aws.id}`, call), 400);
    expect(await readVendor(tenant, aws.id)).toEqual(before);
  });

  it("answers 404 for an unknown, another organization's or a malformed id, changing nothing", async () => {
    const { r } = await setup();
    const other = await api.tenant();
    const theirs = await createVendor(other, { name: 'Theirs' });
    expectError(await r.put(`/api/vendors/${MISSING_ID}`, { name: 'x' }), 404, /^Vendor not found$/);
    expectError(await r.put(`/api/vendors/${theirs.id}`, { name: 'x' }), 404, /^Vendor not found$/);
    expectError(await r.put('/api/vendors/apple', { name: 'x' }), 404, /^Vendor not found$/);
    expect((await readVendor(other, theirs.id)).name).toBe('Theirs');
  });

  it('answers 401, and 403 for a read-only key, changing nothing', async () => {
    const { tenant, ro } = await setup();
    const vendor = await createVendor(tenant, { name: 'Apple Inc.' });
    await expectAuthFailures('PUT', `/api/vendors/${vendor.id}`, { name: 'x' });
    expectError(await ro.put(`/api/vendors/${vendor.id}`, { name: 'x' }), 403);
    expect((await readVendor(tenant, vendor.id)).name).toBe('Apple Inc.');
  });
});

describe('GET /api/vendors/:id/assets', () => {
  async function vendorCatalogue(tenant: Tenant) {
    const vendor = await createVendor(tenant, { name: 'Apple Inc.' });
    const otherVendor = await createVendor(tenant, { name: 'Dell' });
    const user = await inviteUser(tenant, { name: 'Alice Smith' });
    const active = await createAsset(tenant, { name: 'A active', vendorId: vendor.id });
    const out = await createAsset(tenant, { name: 'B checked out', vendorId: vendor.id, assignedUserId: user.id });
    const maintenance = await createAsset(tenant, { name: 'C maintenance', vendorId: vendor.id, status: 'MAINTENANCE' });
    const back = await createAsset(tenant, { name: 'D checked in', vendorId: vendor.id, assignedUserId: user.id });
    await tenant.ok(`mutation($id: UUID!) { checkinAsset(assetId: $id) { id } }`, { id: back.id });
    const retired = await createAsset(tenant, { name: 'E retired', vendorId: vendor.id, status: 'RETIRED' });
    const elsewhere = await createAsset(tenant, { name: 'F other vendor', vendorId: otherVendor.id });
    return { vendor, otherVendor, active, out, maintenance, back, retired, elsewhere };
  }

  it("returns the vendor's active (not retired) assets with X-Total-Count", async () => {
    const { tenant, r, ro } = await setup();
    const c = await vendorCatalogue(tenant);
    const response = await r.get(`/api/vendors/${c.vendor.id}/assets`);
    expectJson(response, 200);
    expect(total(response)).toBe('4');
    expect(sorted(ids(response))).toEqual(sorted([c.active.id, c.out.id, c.maintenance.id, c.back.id]));
    for (const row of response.body) {
      expect(Object.keys(row).sort()).toEqual([...ASSET_KEYS].sort());
      expect(row).toEqual((await r.get(`/api/assets/${row.id}`)).body);
      expect(row).toMatchObject({ vendor_id: c.vendor.id, vendor_name: 'Apple Inc.' });
      expect(row.status).not.toBe('retired');
    }
    expect((await ro.get(`/api/vendors/${c.vendor.id}/assets`)).body).toEqual(response.body);
    const none = await r.get(`/api/vendors/${(await createVendor(tenant, { name: 'Empty' })).id}/assets`);
    expectJson(none, 200);
    expect(none.body).toEqual([]);
    expect(total(none)).toBe('0');
  });

  it('pages with limit and offset like every list endpoint', async () => {
    const { tenant, r } = await setup();
    const c = await vendorCatalogue(tenant);
    await expectPaging(r, `/api/vendors/${c.vendor.id}/assets`, 4);
  });

  it("answers 404 for an unknown, another organization's or a malformed vendor id", async () => {
    const { r } = await setup();
    const other = await api.tenant();
    const theirs = await createVendor(other);
    await createAsset(other, { vendorId: theirs.id });
    expectError(await r.get(`/api/vendors/${MISSING_ID}/assets`), 404, /^Vendor not found$/);
    expectError(await r.get(`/api/vendors/${theirs.id}/assets`), 404, /^Vendor not found$/);
    expectError(await r.get('/api/vendors/v1/assets'), 404, /^Vendor not found$/);
  });

  it('answers 401 with an invalid key', async () => {
    const { tenant } = await setup();
    const vendor = await createVendor(tenant);
    await expectInvalidKeys('GET', `/api/vendors/${vendor.id}/assets`);
  });

  // A missing key is 401 whatever the operation would cost: the key check comes before any budget.
  it('answers 401 (not 429) without a key', async () => {
    const { tenant } = await setup();
    const vendor = await createVendor(tenant);
    expectError(await rest(api, 'GET', `/api/vendors/${vendor.id}/assets`, { key: null }), 401, /API key/);
  });
});

// ---- locations ----

describe('GET /api/locations', () => {
  it('returns the documented row (Sydney HQ, Office, address, lat/lng as numbers)', async () => {
    const { tenant, r } = await setup();
    const created = await r.post('/api/locations', {
      name: 'Sydney HQ', type: 'Office', address: '123 Pitt St, Sydney NSW 2000', lat: -33.8688, lng: 151.2093,
    });
    expectJson(created, 201);
    const response = await r.get('/api/locations');
    expectJson(response, 200);
    expect(total(response)).toBe('1');
    expect(response.body).toEqual([{
      id: created.body.id, name: 'Sydney HQ', type: 'Office', address: '123 Pitt St, Sydney NSW 2000', lat: -33.8688, lng: 151.2093,
      created_at: expect.stringMatching(ISO_DATETIME),
    }]);
    expect(Object.keys(response.body[0]).sort()).toEqual([...LOCATION_KEYS].sort());
    const stored = await readLocation(tenant, created.body.id);
    expect(response.body[0]).toEqual({
      id: stored.id, name: stored.name, type: stored.type, address: stored.address, lat: stored.lat, lng: stored.lng, created_at: stored.createdAt,
    });
  });

  it('filters by search (name) and type, and pages', async () => {
    const { tenant, r } = await setup();
    const sydney = await createLocation(tenant, { name: 'Sydney HQ' });
    const melbourne = await createLocation(tenant, { name: 'Melbourne Warehouse', type: 'Warehouse' });
    const remote = await createLocation(tenant, { name: 'Home offices', type: 'Remote' });
    const perth = await createLocation(tenant, { name: 'Perth Office', type: 'Office' });
    const list = async (query: string) => {
      const response = await r.get(`/api/locations?${query}`);
      expectJson(response, 200);
      expect(total(response)).toBe(String(response.body.length));
      return sorted(ids(response));
    };
    expect(await list('search=sydney')).toEqual([sydney.id]);
    expect(await list('search=OFFICE')).toEqual(sorted([remote.id, perth.id]));
    expect(await list('type=Office')).toEqual(sorted([sydney.id, perth.id]));
    expect(await list('type=Warehouse')).toEqual([melbourne.id]);
    expect(await list('type=Remote')).toEqual([remote.id]);
    expect(await list('type=Office&search=perth')).toEqual([perth.id]);
    expect(await list('type=Lab')).toEqual([]);
    await expectPaging(r, '/api/locations', 4);
  });

  it("lists only the caller's organization; answers the read key and 401 without a valid key", async () => {
    const { tenant, ro } = await setup();
    await createLocation(await api.tenant(), { name: 'Theirs' });
    const mine = await createLocation(tenant, { name: 'Mine' });
    const response = await ro.get('/api/locations');
    expectJson(response, 200);
    expect(ids(response)).toEqual([mine.id]);
    await expectAuthFailures('GET', '/api/locations');
  });
});

describe('POST /api/locations', () => {
  it('creates a location: 201, type defaults to Office, lat/lng optional, audited from REST', async () => {
    const { tenant, r } = await setup();
    const response = await r.post('/api/locations', { name: 'Brisbane' }, { headers: { 'x-request-id': 'location-1' } });
    expectJson(response, 201);
    expect(response.body).toEqual({
      id: expect.stringMatching(UUID), name: 'Brisbane', type: 'Office', address: null, lat: null, lng: null,
      created_at: expect.stringMatching(ISO_DATETIME),
    });
    const [event] = await auditTrail(tenant, response.body.id);
    expect(event).toMatchObject({ action: 'location.created', entityType: 'Location', source: 'REST', requestId: 'location-1' });
    expect(event.changes).toMatchObject({ name: { before: null, after: 'Brisbane' }, type: { before: null, after: 'Office' } });
  });

  it('takes type, address and coordinates, including the range limits', async () => {
    const { r } = await setup();
    const response = await r.post('/api/locations', { name: 'Depot', type: 'Warehouse', address: '1 Dock Rd', lat: 90, lng: -180 });
    expectJson(response, 201);
    expect(response.body).toMatchObject({ name: 'Depot', type: 'Warehouse', address: '1 Dock Rd', lat: 90, lng: -180 });
    const south = await r.post('/api/locations', { name: 'Pole', lat: -90, lng: 180 });
    expect(south.body).toMatchObject({ lat: -90, lng: 180 });
  });

  it.each([
    ['no name', { type: 'Office' }, /name/],
    ['a latitude above 90', { name: 'x', lat: 91 }, /lat/],
    ['a latitude below -90', { name: 'x', lat: -90.5 }, /lat/],
    ['a longitude above 180', { name: 'x', lng: 180.01 }, /lng/],
    ['a longitude below -180', { name: 'x', lng: -181 }, /lng/],
    ['a non-numeric latitude', { name: 'x', lat: 'north' }, /lat/],
    ['a non-numeric longitude', { name: 'x', lng: true }, /lng/],
  ])('answers 400 for %s, writing nothing', async (_label, body, message) => {
    const { tenant, r } = await setup();
    expectError(await r.post('/api/locations', body), 400, message);
    expect(await count('location', tenant)).toBe(0);
  });

  it('answers 400 for malformed JSON, 401, and 403 for a read-only key, writing nothing', async () => {
    const { tenant, r, ro } = await setup();
    expectError(await r.call('POST', '/api/locations', { raw: '{"name": "Sydney HQ",}' }), 400, /JSON/);
    await expectAuthFailures('POST', '/api/locations', { name: 'x' });
    expectError(await ro.post('/api/locations', { name: 'x' }), 403);
    expect(await count('location', tenant)).toBe(0);
  });
});

// ---- audit log ----

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('GET /api/audit-log', () => {
  /** Three REST writes a few milliseconds apart, after the 4 bootstrap events (source cli). */
  async function history(tenant: Tenant, r: RestClient) {
    await sleep(5);
    const location = (await r.post('/api/locations', { name: 'Sydney HQ' }, { headers: { 'x-request-id': 'audit-a' } })).body;
    await sleep(5);
    const vendor = (await r.post('/api/vendors', { name: 'Apple Inc.' }, { headers: { 'x-request-id': 'audit-b' } })).body;
    await sleep(5);
    const asset = (await r.post('/api/assets', { name: 'MacBook', vendor_id: vendor.id }, { headers: { 'x-request-id': 'audit-c' } })).body;
    return { location, vendor, asset };
  }

  it('returns { data, total, page, pages }, newest first, each event field by field', async () => {
    const { tenant, r } = await setup();
    const h = await history(tenant, r);
    const response = await r.get('/api/audit-log');
    expectJson(response, 200);
    expect(Object.keys(response.body).sort()).toEqual(['data', 'page', 'pages', 'total']);
    expect(response.body).toMatchObject({ total: 7, page: 1, pages: 1 });
    expect(response.body.data).toHaveLength(7);
    expect(response.body.data.map((e: any) => e.action)).toEqual([
      'asset.created', 'vendor.created', 'location.created', expect.any(String), expect.any(String), expect.any(String), expect.any(String),
    ]);
    expect(sorted(response.body.data.slice(3).map((e: any) => e.action))).toEqual(['api_key.created', 'api_key.created', 'organization.created', 'user.invited']);
    for (const row of response.body.data) expect(Object.keys(row).sort()).toEqual([...AUDIT_KEYS].sort());
    const created = response.body.data[0];
    expect(created).toEqual({
      id: expect.stringMatching(UUID), action: 'asset.created', entity_type: 'Asset', entity_id: h.asset.id,
      changes: expect.objectContaining({ name: { before: null, after: 'MacBook' }, vendorId: { before: null, after: h.vendor.id } }),
      actor_id: tenant.userId, actor_name: (await r.get(`/api/users?search=${encodeURIComponent('admin@')}`)).body[0].name,
      api_key_id: await apiKeyIdOf(tenant), request_id: 'audit-c', source: 'rest', created_at: expect.stringMatching(ISO_DATETIME),
    });
    expect(response.body.data.slice(3).every((e: any) => e.source === 'cli' && e.api_key_id === null)).toBe(true);
    const times = response.body.data.map((e: any) => Date.parse(e.created_at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('pages with page and limit: pages = ceil(total / limit)', async () => {
    const { tenant, r } = await setup();
    await history(tenant, r);
    const all = (await r.get('/api/audit-log')).body.data.map((e: any) => e.id);
    const page = async (query: string) => {
      const response = await r.get(`/api/audit-log?${query}`);
      expectJson(response, 200);
      return response.body;
    };
    const p1 = await page('page=1&limit=3');
    expect(p1).toMatchObject({ total: 7, page: 1, pages: 3 });
    const p2 = await page('page=2&limit=3');
    expect(p2).toMatchObject({ total: 7, page: 2, pages: 3 });
    const p3 = await page('limit=3&page=3');
    expect(p3).toMatchObject({ total: 7, page: 3, pages: 3 });
    expect(p3.data).toHaveLength(1);
    expect([...p1.data, ...p2.data, ...p3.data].map((e: any) => e.id)).toEqual(all);
    expect(await page('page=4&limit=3')).toEqual({ data: [], total: 7, page: 4, pages: 3 });
    expect((await page('limit=7')).pages).toBe(1);
    expect((await page('page=2')).data).toEqual([]);
  });

  it('pages 50 events at a time by default, up to 1000', async () => {
    const { tenant, r } = await setup();
    await api.db.prisma.auditEvent.createMany({
      data: Array.from({ length: 60 }, (_, i) => ({
        organizationId: tenant.organizationId, actorUserId: tenant.userId, action: 'asset.updated', entityType: 'Asset',
        entityId: MISSING_ID, changes: { name: { before: `n${i}`, after: `n${i + 1}` } }, source: 'graphql' as const,
      })),
    });
    const byDefault = await r.get('/api/audit-log');
    expect(byDefault.body).toMatchObject({ total: 64, page: 1, pages: 2 });
    expect(byDefault.body.data).toHaveLength(50);
    expect((await r.get('/api/audit-log?page=2')).body.data).toHaveLength(14);
    const max = await r.get('/api/audit-log?limit=1000');
    expect(max.body).toMatchObject({ total: 64, page: 1, pages: 1 });
    expect(max.body.data).toHaveLength(64);
  });

  it('filters by action, entity_type, entity_id and actor_id (a user or an API key)', async () => {
    const { tenant, r } = await setup();
    const h = await history(tenant, r);
    await tenant.ok(`mutation($id: UUID!, $input: UpdateVendorInput!) { updateVendor(id: $id, input: $input) { id } }`, {
      id: h.vendor.id, input: { notes: 'via GraphQL' },
    });
    const log = async (query: string) => {
      const response = await r.get(`/api/audit-log?${query}`);
      expectJson(response, 200);
      expect(response.body.total).toBe(response.body.data.length);
      return response.body.data as any[];
    };
    expect((await log('action=asset.created')).map((e) => e.entity_id)).toEqual([h.asset.id]);
    expect((await log('action=api_key.created')).length).toBe(2);
    expect((await log('entity_type=Vendor')).map((e) => [e.action, e.source])).toEqual([['vendor.updated', 'graphql'], ['vendor.created', 'rest']]);
    expect((await log(`entity_id=${h.vendor.id}`)).map((e) => e.action)).toEqual(['vendor.updated', 'vendor.created']);
    expect((await log(`entity_id=${h.location.id}&action=location.created`)).length).toBe(1);
    expect((await log(`entity_id=${h.location.id}&action=vendor.created`)).length).toBe(0);
    // actor_id: the acting user (every event here) or the API key (only what the key did)
    expect((await log(`actor_id=${tenant.userId}`)).length).toBe(8);
    expect((await log(`actor_id=${await apiKeyIdOf(tenant)}`)).map((e) => e.action)).toEqual([
      'vendor.updated', 'asset.created', 'vendor.created', 'location.created',
    ]);
    expect(await log(`actor_id=${MISSING_ID}`)).toEqual([]);
    expect(await log('action=asset.deleted')).toEqual([]);
  });

  it('filters by time range: from inclusive, to exclusive (ISO 8601)', async () => {
    const { tenant, r } = await setup();
    const h = await history(tenant, r);
    const events = (await r.get('/api/audit-log')).body.data as any[];
    const at = (entityId: string) => events.find((e) => e.entity_id === entityId).created_at as string;
    const log = async (query: string) => {
      const response = await r.get(`/api/audit-log?${query}`);
      expectJson(response, 200);
      return (response.body.data as any[]).map((e) => e.action);
    };
    expect(await log(`from=${at(h.vendor.id)}`)).toEqual(['asset.created', 'vendor.created']);
    expect(await log(`to=${at(h.vendor.id)}`)).not.toContain('vendor.created');
    expect(await log(`to=${at(h.vendor.id)}`)).toContain('location.created');
    expect(await log(`from=${at(h.location.id)}&to=${at(h.asset.id)}`)).toEqual(['vendor.created', 'location.created']);
    // Other ISO 8601 spellings: a date, an offset.
    expect((await log('from=2000-01-01')).length).toBe(7);
    expect(await log('to=2000-01-01')).toEqual([]);
    const vendorTime = new Date(at(h.vendor.id));
    const plusTen = new Date(vendorTime.getTime() + 10 * 3600_000).toISOString().replace('Z', '+10:00');
    expect(await log(`from=${encodeURIComponent(plusTen)}`)).toEqual(['asset.created', 'vendor.created']);
  });

  it("shows only the caller's organization", async () => {
    const { tenant, r } = await setup();
    const other = await api.tenant();
    const theirs = await createAsset(other);
    const response = await r.get('/api/audit-log?limit=1000');
    expect(response.body.total).toBe(4);
    expect(response.body.data.every((e: any) => e.entity_id !== theirs.id)).toBe(true);
    expect((await r.get(`/api/audit-log?entity_id=${theirs.id}`)).body).toEqual({ data: [], total: 0, page: 1, pages: 0 });
    expect((await r.get(`/api/audit-log?actor_id=${other.userId}`)).body.total).toBe(0);
    expect(tenant.organizationId).not.toBe(other.organizationId);
  });

  it.each([
    ['from=yesterday', /from/],
    ['to=2025-13-01', /to/],
    ['from=31%2F12%2F2025', /from/],
    ['from=2025-06-01&to=2025-01-01', /to/],
    ['page=0', /page/],
    ['page=x', /page/],
    ['limit=0', /limit/],
    ['limit=1001', /limit/],
    ['entity_id=asset-1', /entity_id/],
    ['actor_id=me', /actor_id/],
  ])('refuses %s with 400', async (query, message) => {
    const { r } = await setup();
    expectError(await r.get(`/api/audit-log?${query}`), 400, message);
  });

  it('answers the read key, and 401 without a valid key', async () => {
    const { ro } = await setup();
    const response = await ro.get('/api/audit-log');
    expectJson(response, 200);
    expect(response.body.total).toBe(4);
    await expectAuthFailures('GET', '/api/audit-log');
  });
});
