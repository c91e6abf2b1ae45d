// Specification of AssetNode's /api/employees and /api/assignments (seed 001): employees are users
// created without an invitation; assignments are checkout history rows, returned by id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTrail, createAsset, inviteUser } from './support/fixtures.js';
import { expectError, expectJson, ISO_DATETIME, MISSING_ID, rest, restClient, userRoleWriteKey, UUID } from './support/rest.js';
import { startTestApi, type TestApi } from './support/test-api.js';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(() => api.close());

async function setup() {
  const tenant = await api.tenant();
  return { tenant, r: restClient(api, tenant.writeKey), ro: restClient(api, tenant.readKey) };
}

const idsOf = (body: { data: { _id: string }[] }) => body.data.map((row) => row._id);

describe('POST /api/employees', () => {
  it('creates an employee (201) who holds assets but gets no invitation and cannot log in', async () => {
    const { tenant, r } = await setup();
    const created = await r.post('/api/employees', { name: 'Grace Hopper', email: 'Grace@Example.com', department: 'Engineering', title: 'Rear Admiral' });
    expectJson(created, 201);
    expect(created.body).toEqual({
      _id: expect.stringMatching(UUID), name: 'Grace Hopper', email: 'grace@example.com', department: 'Engineering', title: 'Rear Admiral',
      role: 'user', status: 'active', created_at: expect.stringMatching(ISO_DATETIME),
    });
    const id = created.body._id;
    expect(await api.db.prisma.invitation.count({ where: { userId: id } })).toBe(0);
    expect((await api.db.prisma.user.findUniqueOrThrow({ where: { id } })).passwordHash).toBeNull();
    expect((await auditTrail(tenant, id))[0]).toMatchObject({ action: 'user.invited', source: 'REST' });
    const login = await rest(api, 'POST', '/api/auth/login', { key: null, body: { email: 'grace@example.com', password: 'x'.repeat(12) } });
    expectError(login, 401);
  });

  it('requires name and email; a taken email is 409; role user and read keys get 403', async () => {
    const { tenant, r, ro } = await setup();
    expectError(await r.post('/api/employees', { email: 'a@example.com' }), 400, /name/);
    expectError(await r.post('/api/employees', { name: 'A' }), 400, /email/);
    expectError(await r.post('/api/employees', { name: 'A', email: 'not-an-email' }), 400, /email/i);
    await r.post('/api/employees', { name: 'A', email: 'a@example.com' });
    expectError(await r.post('/api/employees', { name: 'B', email: 'A@example.com' }), 409);
    expectError(await ro.post('/api/employees', { name: 'C', email: 'c@example.com' }), 403);
    expectError(await rest(api, 'POST', '/api/employees', { key: await userRoleWriteKey(api, tenant), body: { name: 'C', email: 'c@example.com' } }), 403);
  });
});

describe('GET /api/employees', () => {
  it('lists employees by name with department, status and search filters, paged', async () => {
    const { tenant, r, ro } = await setup();
    const post = async (body: object) => (await r.post('/api/employees', body)).body._id as string;
    const ada = await post({ name: 'Ada', email: 'ada@example.com', department: 'Engineering' });
    const bea = await post({ name: 'Bea', email: 'bea@contoso.com', department: 'Finance' });
    const cy = await post({ name: 'Cy', email: 'cy@example.com', department: 'Engineering' });
    await tenant.ok(`mutation($id: UUID!) { deactivateUser(id: $id) { id } }`, { id: cy });
    const other = await api.tenant();
    await inviteUser(other, { name: 'Ada', department: 'Engineering' });
    const list = async (query: string) => {
      const response = await ro.get(`/api/employees?${query}`);
      expectJson(response, 200);
      return response.body;
    };
    expect(idsOf(await list('department=Engineering'))).toEqual([ada, cy]);
    expect(idsOf(await list('department=Engineering&status=active'))).toEqual([ada]);
    expect(idsOf(await list('status=inactive'))).toEqual([cy]);
    expect(idsOf(await list('search=CONTOSO'))).toEqual([bea]);
    const first = await list('limit=2');
    expect(first).toMatchObject({ total: 4, page: 1, pages: 2 });
    const second = await list('limit=2&page=2');
    expect([...idsOf(first), ...idsOf(second)].sort()).toEqual([tenant.userId, ada, bea, cy].sort());
    expect((await list('limit=2&page=3')).data).toEqual([]);
    expectError(await ro.get('/api/employees?status=gone'), 400, /status/);
  });
});

describe('POST /api/assignments and /api/assignments/:id/return', () => {
  it('assigns hardware (201 with the assignment), then returns it (200, closed); both audited on the hardware', async () => {
    const { tenant, r } = await setup();
    const laptop = await createAsset(tenant);
    const emp = (await r.post('/api/employees', { name: 'Ann', email: 'ann@example.com' })).body._id;
    const assigned = await r.post('/api/assignments', { hardware_id: laptop.id, employee_id: emp, expected_return: '2099-01-31' });
    expectJson(assigned, 201);
    expect(assigned.body).toEqual({
      _id: expect.stringMatching(UUID), hardware_id: laptop.id, employee_id: emp, assigned_at: expect.stringMatching(ISO_DATETIME),
      expected_return: '2099-01-31', returned_at: null,
    });
    const hardware = (await r.get(`/api/hardware/${laptop.id}`)).body;
    expect(hardware).toMatchObject({ status: 'assigned', assigned_to: emp, expected_return: '2099-01-31' });
    const history = (await tenant.ok(`query($id: UUID!) { asset(id: $id) { assignments(first: 5) { edges { node { id } } } } }`, { id: laptop.id })).asset;
    expect(history.assignments.edges.map((edge: any) => edge.node.id)).toEqual([assigned.body._id]);

    const returned = await r.post(`/api/assignments/${assigned.body._id}/return`);
    expectJson(returned, 200);
    expect(returned.body).toEqual({ ...assigned.body, returned_at: expect.stringMatching(ISO_DATETIME) });
    expect((await r.get(`/api/hardware/${laptop.id}`)).body).toMatchObject({ status: 'returned', assigned_to: null });
    expect((await auditTrail(tenant, laptop.id)).map((event) => [event.action, event.source])).toEqual([
      ['asset.created', 'GRAPHQL'], ['asset.checked_out', 'REST'], ['asset.checked_in', 'REST'],
    ]);
    const graphql = await tenant.ok(`query($id: UUID!) { assignment(id: $id) { checkedInAt user { id } asset { id } } }`, { id: assigned.body._id });
    expect(graphql.assignment).toEqual({ checkedInAt: returned.body.returned_at, user: { id: emp }, asset: { id: laptop.id } });
  });

  it('hardware already assigned → 409; an assignment already returned → 409 (an older one too)', async () => {
    const { tenant, r } = await setup();
    const laptop = await createAsset(tenant);
    const [ann, bob] = [await inviteUser(tenant), await inviteUser(tenant)];
    const first = (await r.post('/api/assignments', { hardware_id: laptop.id, employee_id: ann.id })).body;
    expectError(await r.post('/api/assignments', { hardware_id: laptop.id, employee_id: bob.id }), 409, /already checked out/);
    await r.post(`/api/assignments/${first._id}/return`);
    expectError(await r.post(`/api/assignments/${first._id}/return`), 409, /already returned/);
    const second = (await r.post('/api/assignments', { hardware_id: laptop.id, employee_id: bob.id })).body;
    expectError(await r.post(`/api/assignments/${first._id}/return`), 409);
    expect((await r.get(`/api/hardware/${laptop.id}`)).body.assigned_to).toBe(bob.id);
    expectJson(await r.post(`/api/assignments/${second._id}/return`), 200);
  });

  it('another tenant’s hardware, employee or assignment → 404 (nothing changes); bad bodies 400; roles 403', async () => {
    const { tenant, r, ro } = await setup();
    const other = await api.tenant();
    const theirLaptop = await createAsset(other);
    const theirEmployee = await inviteUser(other);
    const mine = await createAsset(tenant);
    const me = await inviteUser(tenant);
    expectError(await r.post('/api/assignments', { hardware_id: theirLaptop.id, employee_id: me.id }), 404, /Asset not found/);
    expectError(await r.post('/api/assignments', { hardware_id: mine.id, employee_id: theirEmployee.id }), 404, /User not found/);
    const theirs = (await restClient(api, other.writeKey).post('/api/assignments', { hardware_id: theirLaptop.id, employee_id: theirEmployee.id })).body;
    for (const id of [theirs._id, MISSING_ID, 'nope']) expectError(await r.post(`/api/assignments/${id}/return`), 404, /Assignment not found/);
    expect((await restClient(api, other.writeKey).get(`/api/hardware/${theirLaptop.id}`)).body.status).toBe('assigned');
    expect((await r.get(`/api/hardware/${mine.id}`)).body.status).toBe('active');
    expectError(await r.post('/api/assignments', { employee_id: me.id }), 400, /hardware_id/);
    expectError(await r.post('/api/assignments', { hardware_id: mine.id, employee_id: me.id, expected_return: '2000-01-01' }), 400, /before today/);
    expectError(await ro.post('/api/assignments', { hardware_id: mine.id, employee_id: me.id }), 403);
    expectError(await rest(api, 'POST', '/api/assignments', { key: await userRoleWriteKey(api, tenant), body: { hardware_id: mine.id, employee_id: me.id } }), 403);
    expect((await r.get(`/api/hardware/${mine.id}`)).body.status).toBe('active');
  });
});
