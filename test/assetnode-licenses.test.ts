// Specification of AssetNode's /api/licenses (seed 001): paged licences with seats_total,
// seats_used and seats_available, creates and partial updates, seat assignment up to the purchased
// count (409 beyond), release, roles and tenant isolation; Scoutmon's /api/users/:id/assets seats.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTrail, inviteUser } from './support/fixtures.js';
import { expectError, expectJson, ISO_DATETIME, MISSING_ID, rest, restClient, userRoleWriteKey, UUID } from './support/rest.js';
import { startTestApi, type TestApi } from './support/test-api.js';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(() => api.close());

async function setup() {
  const tenant = await api.tenant();
  return { tenant, r: restClient(api, tenant.writeKey), ro: restClient(api, tenant.readKey) };
}

const LICENSE_KEYS = [
  '_id', 'name', 'vendor', 'product', 'edition', 'seats_total', 'seats_used', 'seats_available', 'cost_per_seat', 'total_cost',
  'purchase_date', 'expiry_date', 'license_key', 'notes', 'created_at', 'updated_at',
].sort();

describe('POST and PATCH /api/licenses', () => {
  it('records a licence (201) in AssetNode’s shape, then patches only the fields sent', async () => {
    const { tenant, r } = await setup();
    const created = await r.post('/api/licenses', {
      name: 'Microsoft 365', vendor: 'Microsoft', product: 'M365', edition: 'Business Premium', seats_total: 10, total_cost: '2640.00',
      purchase_date: '2026-02-01', expiry_date: '2027-02-01', license_key: 'XXXX-YYYY-ZZZZ-1234',
    });
    expectJson(created, 201);
    expect(Object.keys(created.body).sort()).toEqual(LICENSE_KEYS);
    expect(created.body).toMatchObject({
      _id: expect.stringMatching(UUID), name: 'Microsoft 365', seats_total: 10, seats_used: 0, seats_available: 10, cost_per_seat: null,
      total_cost: '2640.00', expiry_date: '2027-02-01', license_key: '********1234', created_at: expect.stringMatching(ISO_DATETIME),
    });
    expect((await auditTrail(tenant, created.body._id))[0]).toMatchObject({ action: 'license.created', source: 'REST' });
    const patched = await r.patch(`/api/licenses/${created.body._id}`, { seats_total: 12, notes: 'renewed' });
    expectJson(patched, 200);
    expect(patched.body).toEqual({ ...created.body, seats_total: 12, seats_available: 12, notes: 'renewed', updated_at: expect.any(String) });
  });

  it('400 for missing or bad fields, 403 for read keys and role user, 404 for another tenant’s licence', async () => {
    const { tenant, r, ro } = await setup();
    expectError(await r.post('/api/licenses', { seats_total: 1 }), 400, /name/);
    expectError(await r.post('/api/licenses', { name: 'X' }), 400, /seats_total/);
    expectError(await r.post('/api/licenses', { name: 'X', seats_total: -2 }), 400, /seats_total/);
    expectError(await r.post('/api/licenses', { name: 'X', seats_total: 1, cost_per_seat: 5, total_cost: 5 }), 400, /totalCost|total_cost/);
    expectError(await ro.post('/api/licenses', { name: 'X', seats_total: 1 }), 403);
    expectError(await rest(api, 'POST', '/api/licenses', { key: await userRoleWriteKey(api, tenant), body: { name: 'X', seats_total: 1 } }), 403);
    const theirs = (await restClient(api, (await api.tenant()).writeKey).post('/api/licenses', { name: 'Theirs', seats_total: 1 })).body;
    for (const id of [theirs._id, MISSING_ID, 'x']) expectError(await r.patch(`/api/licenses/${id}`, { name: 'Mine' }), 404, /License not found/);
    expect((await ro.get('/api/licenses')).body.total).toBe(0);
  });
});

describe('GET /api/licenses', () => {
  it('pages licences with seat tracking: { data, total, page, pages }, filters and signed sort', async () => {
    const { r, ro } = await setup();
    const names = ['Adobe CC', 'Figma', 'JetBrains', 'Slack', 'Zoom'];
    const ids: string[] = [];
    for (const name of names) ids.push((await r.post('/api/licenses', { name, vendor: name === 'Figma' ? 'Figma Inc.' : 'Other', seats_total: 2 })).body._id);
    const me = (await r.post('/api/employees', { name: 'Me', email: 'me@example.com' })).body._id;
    await r.post(`/api/licenses/${ids[1]}/seats`, { employee_id: me });
    const first = await ro.get('/api/licenses?page=1&limit=2');
    expectJson(first, 200);
    expect(first.body).toMatchObject({ total: 5, page: 1, pages: 3 });
    expect(first.body.data.map((row: any) => row.name)).toEqual(['Adobe CC', 'Figma']);
    expect(first.body.data[1]).toMatchObject({ seats_total: 2, seats_used: 1, seats_available: 1 });
    expect((await ro.get('/api/licenses?page=3&limit=2')).body.data.map((row: any) => row.name)).toEqual(['Zoom']);
    expect((await ro.get('/api/licenses?page=4&limit=2')).body).toMatchObject({ data: [], total: 5, page: 4, pages: 3 });
    expect((await ro.get('/api/licenses?sort=-name&limit=1')).body.data[0].name).toBe('Zoom');
    expect((await ro.get('/api/licenses?vendor=Figma%20Inc.')).body.data.map((row: any) => row._id)).toEqual([ids[1]]);
    expect((await ro.get('/api/licenses?search=brain')).body.data.map((row: any) => row._id)).toEqual([ids[2]]);
    expectError(await ro.get('/api/licenses?sort=seats'), 400, /sort/);
  });
});

describe('POST /api/licenses/:id/seats and DELETE /api/licenses/:id/seats/:seatId', () => {
  it('assigns seats up to seats_total (201), 409 beyond; releasing (200) frees one; releasing again is 409', async () => {
    const { tenant, r } = await setup();
    const license = (await r.post('/api/licenses', { name: 'Figma', seats_total: 2 })).body;
    const [ann, bob, cy] = [await inviteUser(tenant, { name: 'Ann' }), await inviteUser(tenant), await inviteUser(tenant)];
    const seat = await r.post(`/api/licenses/${license._id}/seats`, { employee_id: ann.id });
    expectJson(seat, 201);
    expect(seat.body).toEqual({
      _id: expect.stringMatching(UUID), license_id: license._id, employee_id: ann.id, employee_name: 'Ann',
      assigned_at: expect.stringMatching(ISO_DATETIME), released_at: null,
    });
    expectJson(await r.post(`/api/licenses/${license._id}/seats`, { employee_id: bob.id }), 201);
    expectError(await r.post(`/api/licenses/${license._id}/seats`, { employee_id: cy.id }), 409, /no seat available/);
    expectError(await r.post(`/api/licenses/${license._id}/seats`, { employee_id: bob.id }), 409, /already holds/);
    const released = await r.delete(`/api/licenses/${license._id}/seats/${seat.body._id}`);
    expectJson(released, 200);
    expect(released.body).toEqual({ ...seat.body, released_at: expect.stringMatching(ISO_DATETIME) });
    expectError(await r.delete(`/api/licenses/${license._id}/seats/${seat.body._id}`), 409, /already released/);
    expectJson(await r.post(`/api/licenses/${license._id}/seats`, { employee_id: cy.id }), 201);
    const listed = (await r.get('/api/licenses')).body.data[0];
    expect(listed).toMatchObject({ seats_total: 2, seats_used: 2, seats_available: 0 });
    // Lowering the seats below those in use is allowed: the licence is over-assigned.
    expect((await r.patch(`/api/licenses/${license._id}`, { seats_total: 1 })).body).toMatchObject({ seats_used: 2, seats_available: -1 });
  });

  it('404 for another tenant’s licence, employee or seat, and for a seat of another licence; 400 without employee_id; 403 for read keys', async () => {
    const { tenant, r, ro } = await setup();
    const other = await api.tenant();
    const theirs = restClient(api, other.writeKey);
    const theirLicense = (await theirs.post('/api/licenses', { name: 'Theirs', seats_total: 5 })).body;
    const theirSeat = (await theirs.post(`/api/licenses/${theirLicense._id}/seats`, { employee_id: other.userId })).body;
    const mine = (await r.post('/api/licenses', { name: 'Mine', seats_total: 5 })).body;
    const second = (await r.post('/api/licenses', { name: 'Second', seats_total: 5 })).body;
    const mySeat = (await r.post(`/api/licenses/${mine._id}/seats`, { employee_id: tenant.userId })).body;
    expectError(await r.post(`/api/licenses/${theirLicense._id}/seats`, { employee_id: tenant.userId }), 404, /License not found/);
    expectError(await r.post(`/api/licenses/${mine._id}/seats`, { employee_id: other.userId }), 404, /User not found/);
    expectError(await r.delete(`/api/licenses/${theirLicense._id}/seats/${theirSeat._id}`), 404);
    expectError(await r.delete(`/api/licenses/${second._id}/seats/${mySeat._id}`), 404, /Seat not found/);
    expectError(await r.delete(`/api/licenses/${mine._id}/seats/nope`), 404, /Seat not found/);
    expectError(await r.post(`/api/licenses/${mine._id}/seats`, {}), 400, /employee_id/);
    expectError(await ro.post(`/api/licenses/${mine._id}/seats`, { employee_id: tenant.userId }), 403);
    expectError(await ro.delete(`/api/licenses/${mine._id}/seats/${mySeat._id}`), 403);
    expect((await theirs.get('/api/licenses')).body.data[0]).toMatchObject({ seats_used: 1 });
  });
});

describe('Scoutmon GET /api/users/:id/assets', () => {
  it('fills seats with the licence seats the user holds (released ones are not listed)', async () => {
    const { tenant, r } = await setup();
    const ann = await inviteUser(tenant);
    const figma = (await r.post('/api/licenses', { name: 'Figma', vendor: 'Figma', seats_total: 3, expiry_date: '2027-01-01' })).body;
    const slack = (await r.post('/api/licenses', { name: 'Slack', seats_total: 3 })).body;
    const kept = (await r.post(`/api/licenses/${figma._id}/seats`, { employee_id: ann.id })).body;
    const gone = (await r.post(`/api/licenses/${slack._id}/seats`, { employee_id: ann.id })).body;
    await r.delete(`/api/licenses/${slack._id}/seats/${gone._id}`);
    const response = await r.get(`/api/users/${ann.id}/assets`);
    expectJson(response, 200);
    expect(response.body).toEqual({
      assets: [],
      seats: [{
        id: kept._id, license_id: figma._id, license_name: 'Figma', vendor: 'Figma', product: null, edition: null,
        expiry_date: '2027-01-01', assigned_at: kept.assigned_at,
      }],
    });
  });
});
