// Specification of SenAsset's /v1/users (seed 000, "Users API"): the listed user with role
// member/admin, department and asset_count; invitations; a user's current assets in { data, meta }.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTrail, checkoutAsset, createAsset, createAssets, inviteUser } from './support/fixtures.js';
import { expectCodedError, expectJson, ISO_DATETIME, MISSING_ID, restClient, UUID, type RestClient } from './support/rest.js';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(() => api.close());

const USER_KEYS = ['id', 'name', 'email', 'role', 'department', 'asset_count', 'created_at'];

/** The document's invite example, as written. */
const MARCUS = { name: 'Marcus Thompson', email: 'marcus@acme.com', role: 'member', department: 'Operations' };

async function setUp() {
  const tenant = await api.tenant();
  return { tenant, r: restClient(api, tenant.writeKey) };
}

describe('GET /v1/users', () => {
  let tenant: Tenant;
  let r: RestClient;
  let jane: { id: string };

  beforeAll(async () => {
    ({ tenant, r } = await setUp());
    jane = await inviteUser(tenant, { name: 'Jane Smith', email: 'jane@acme.com', department: 'Engineering' });
    const [a, b, c] = await createAssets(tenant, 4);
    for (const id of [a, b, c]) await checkoutAsset(tenant, id, jane.id);
    // A returned asset no longer counts.
    await tenant.ok(`mutation($id: UUID!) { checkinAsset(assetId: $id) { id } }`, { id: c });
  });

  it('answers the documented user with role member, department and asset_count (assets assigned now)', async () => {
    const response = await r.get('/v1/users');
    expectJson(response, 200);
    expect(Object.keys(response.body)).toEqual(['data', 'meta']);
    expect(response.body.meta).toEqual({ total: 2, limit: 50, has_more: false, next_cursor: null });
    const byId = (id: string) => response.body.data.find((user: { id: string }) => user.id === id);
    const [admin, row] = [byId(tenant.userId), byId(jane.id)];
    expect(admin).toMatchObject({ id: tenant.userId, role: 'admin', asset_count: 0 });
    expect(Object.keys(row)).toEqual(USER_KEYS);
    expect(row).toEqual({
      id: jane.id, name: 'Jane Smith', email: 'jane@acme.com', role: 'member', department: 'Engineering', asset_count: 2,
      created_at: expect.stringMatching(ISO_DATETIME),
    });
  });

  it('reads the page with its asset counts in one statement (key, page, count)', async () => {
    await api.expectQueries(3, () => r.get('/v1/users'));
  });

  it('filters by role and pages by cursor', async () => {
    expect((await r.get('/v1/users?role=member')).body.data.map((u: { id: string }) => u.id)).toEqual([jane.id]);
    expect((await r.get('/v1/users?role=admin')).body.data.map((u: { id: string }) => u.id)).toEqual([tenant.userId]);
    const first = await r.get('/v1/users?limit=1');
    expect(first.body.meta).toEqual({ total: 2, limit: 1, has_more: true, next_cursor: expect.any(String) });
    const second = await r.get(`/v1/users?limit=1&cursor=${encodeURIComponent(first.body.meta.next_cursor)}`);
    expect([...first.body.data, ...second.body.data].map((u: { id: string }) => u.id).sort()).toEqual([jane.id, tenant.userId].sort());
    expect(second.body.meta).toEqual({ total: 2, limit: 1, has_more: false, next_cursor: null });
    expectCodedError(await r.get('/v1/users?role=user'), 400, 'validation_error', /role must be one of: member, admin/);
    expectCodedError(await r.get('/v1/users?limit=500'), 400, 'validation_error', /limit/);
  });

  it('lists only the caller’s organization', async () => {
    const other = await setUp();
    const listed = (await other.r.get('/v1/users')).body;
    expect(listed.data.map((u: { id: string }) => u.id)).toEqual([other.tenant.userId]);
    expect(listed.meta.total).toBe(1);
  });
});

describe('POST /v1/users', () => {
  it('invites the document’s example: 201, role member (our user), department; audited and e-mailed as any invitation', async () => {
    const { tenant, r } = await setUp();
    const response = await r.post('/v1/users', MARCUS);
    expectJson(response, 201);
    expect(response.body).toEqual({
      id: expect.stringMatching(UUID), name: 'Marcus Thompson', email: 'marcus@acme.com', role: 'member', department: 'Operations',
      asset_count: 0, created_at: expect.stringMatching(ISO_DATETIME),
    });
    const stored = (await tenant.ok(`query($id: UUID!) { user(id: $id) { role status department } }`, { id: response.body.id })).user;
    expect(stored).toEqual({ role: 'USER', status: 'ACTIVE', department: 'Operations' });
    expect((await auditTrail(tenant, response.body.id))[0]).toMatchObject({ action: 'user.invited', source: 'REST' });
  });

  it('defaults role to member; admin maps to our admin', async () => {
    const { r } = await setUp();
    expect((await r.post('/v1/users', { email: 'dana@acme.com' })).body).toMatchObject({ role: 'member', name: 'dana', department: null });
    expect((await r.post('/v1/users', { email: 'ada@acme.com', role: 'admin' })).body.role).toBe('admin');
  });

  it('refuses a bad body with 400, a taken email with 409, a read key with 403, writing nothing', async () => {
    const { tenant, r } = await setUp();
    await r.post('/v1/users', MARCUS);
    const count = () => api.db.prisma.user.count({ where: { organizationId: tenant.organizationId } });
    const before = await count();
    expectCodedError(await r.post('/v1/users', { ...MARCUS, email: undefined }), 400, 'validation_error', /email is required/);
    expectCodedError(await r.post('/v1/users', { ...MARCUS, email: 'not-an-email' }), 400, 'validation_error', /email/);
    expectCodedError(await r.post('/v1/users', { ...MARCUS, role: 'user' }), 400, 'validation_error', /role must be one of: member, admin/);
    expectCodedError(await r.post('/v1/users', MARCUS), 409, 'conflict', /marcus@acme.com/);
    expectCodedError(await restClient(api, tenant.readKey).post('/v1/users', { ...MARCUS, email: 'x@acme.com' }), 403, 'forbidden');
    expect(await count()).toBe(before);
  });
});

describe('GET /v1/users/:id/assets', () => {
  it('answers the assets currently assigned to the user in { data, meta }, in SenAsset’s asset shape', async () => {
    const { tenant, r } = await setUp();
    const jane = await inviteUser(tenant, { name: 'Jane Smith', email: 'jane@acme.com' });
    const laptop = await createAsset(tenant, { name: 'MacBook Pro 16"', value: '2499.00', assignedUserId: jane.id });
    const phone = await createAsset(tenant, { name: 'iPhone', assignedUserId: jane.id });
    await createAsset(tenant, { name: 'Unassigned' });
    const response = await r.get(`/v1/users/${jane.id}/assets`);
    expectJson(response, 200);
    expect(response.body.data.map((a: { id: string }) => a.id)).toEqual([phone.id, laptop.id]);
    expect(response.body.data[1]).toMatchObject({
      tag: laptop.assetTag, status: 'assigned', purchase_price: 249900, assignee: { id: jane.id, name: 'Jane Smith', email: 'jane@acme.com' },
    });
    expect(response.body.meta).toEqual({ total: 2, limit: 50, has_more: false, next_cursor: null });
    const paged = await r.get(`/v1/users/${jane.id}/assets?limit=1`);
    expect(paged.body.meta).toEqual({ total: 2, limit: 1, has_more: true, next_cursor: expect.any(String) });
  });

  it('is 404 not_found for an unknown, malformed or another organization’s user; an empty list for a user with none', async () => {
    const { tenant, r } = await setUp();
    const other = await setUp();
    expectCodedError(await r.get(`/v1/users/${MISSING_ID}/assets`), 404, 'not_found', 'User not found');
    expectCodedError(await r.get('/v1/users/usr_3fg8h9j2k4l5m/assets'), 404, 'not_found', 'User not found');
    expectCodedError(await other.r.get(`/v1/users/${tenant.userId}/assets`), 404, 'not_found', 'User not found');
    expect((await r.get(`/v1/users/${tenant.userId}/assets`)).body).toEqual({ data: [], meta: { total: 0, limit: 50, has_more: false, next_cursor: null } });
  });
});
