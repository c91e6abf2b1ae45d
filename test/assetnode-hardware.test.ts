// Specification of AssetNode's /api/hardware (seed 001): the document's own example, page/limit
// paging and its edges, filters, sort, creates and partial updates, roles, tenant isolation, and
// parity with Scoutmon's /api/assets and GraphQL (the same rows in another shape).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTrail, createAsset, createAssets, createLocation, inviteUser, signedUpUser } from './support/fixtures.js';
import { expectError, expectJson, ISO_DATETIME, MISSING_ID, rest, restClient, userRoleWriteKey, UUID } from './support/rest.js';
import { startTestApi, type TestApi } from './support/test-api.js';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(() => api.close());

const HARDWARE_KEYS = [
  '_id', 'asset_tag', 'name', 'model', 'category', 'manufacturer', 'serial_number', 'status', 'purchase_price', 'purchase_date',
  'warranty_expiry', 'location_id', 'location_name', 'assigned_to', 'assigned_to_name', 'expected_return', 'created_at', 'updated_at',
].sort();

async function setup() {
  const tenant = await api.tenant();
  return { tenant, r: restClient(api, tenant.writeKey), ro: restClient(api, tenant.readKey) };
}

const idsOf = (body: { data: { _id: string }[] }) => body.data.map((row) => row._id);

describe('GET /api/hardware', () => {
  it('answers the document example: ?page=1&limit=10&category=laptop → { data: [{ _id, model, category, … }], total, page, pages }', async () => {
    const { tenant, r } = await setup();
    await createAssets(tenant, 12, (i) => ({ name: `Laptop ${i}`, model: 'MacBook Pro 16"', category: 'laptop' }));
    await createAssets(tenant, 3, (i) => ({ name: `Monitor ${i}`, category: 'monitor' }));
    const response = await r.get('/api/hardware?page=1&limit=10&category=laptop');
    expectJson(response, 200);
    expect(Object.keys(response.body).sort()).toEqual(['data', 'page', 'pages', 'total']);
    expect(response.body).toMatchObject({ total: 12, page: 1, pages: 2 });
    expect(response.body.data).toHaveLength(10);
    for (const row of response.body.data) {
      expect(Object.keys(row).sort()).toEqual(HARDWARE_KEYS);
      expect(row).toMatchObject({ _id: expect.stringMatching(UUID), model: 'MacBook Pro 16"', category: 'laptop', status: 'active' });
    }
  });

  it('pages from 1: the last page holds the rest, a page past the end has empty data, each row appears once', async () => {
    const { tenant, r } = await setup();
    await createAssets(tenant, 7);
    const pages = await Promise.all([1, 2, 3, 4].map((page) => r.get(`/api/hardware?page=${page}&limit=3`)));
    expect(pages.map((page) => page.body.data.length)).toEqual([3, 3, 1, 0]);
    for (const [i, page] of pages.entries()) expect(page.body).toMatchObject({ total: 7, page: i + 1, pages: 3 });
    const walked = pages.flatMap((page) => idsOf(page.body));
    expect(new Set(walked).size).toBe(7);
    const all = await r.get('/api/hardware');
    expect(all.body).toMatchObject({ total: 7, page: 1, pages: 1 });
    expect(idsOf(all.body)).toEqual(walked);
    for (const bad of ['page=0', 'page=x', 'limit=0', 'limit=1001', 'sort=price', 'status=checked_out']) {
      expectError(await r.get(`/api/hardware?${bad}`), 400, new RegExp(bad.split('=')[0]));
    }
    expect((await r.get('/api/hardware?limit=1000')).body.data).toHaveLength(7);
  });

  it('filters by status, location, holder and search (name, tag, whole serial), and sorts by sign', async () => {
    const { tenant, r } = await setup();
    const office = await createLocation(tenant, { name: 'Office' });
    const holder = await inviteUser(tenant, { name: 'Holder' });
    const a = await createAsset(tenant, { name: 'Alpha', serialNumber: 'C02XYZ123', locationId: office.id });
    const b = await createAsset(tenant, { name: 'Bravo', status: 'RETIRED' });
    const c = await createAsset(tenant, { name: 'Charlie', assignedUserId: holder.id });
    const list = async (query: string) => idsOf((await r.get(`/api/hardware?${query}`)).body);
    expect(await list('status=retired')).toEqual([b.id]);
    expect(await list('status=assigned')).toEqual([c.id]);
    expect(await list(`location_id=${office.id}`)).toEqual([a.id]);
    expect(await list(`assigned_to=${holder.id}`)).toEqual([c.id]);
    expect(await list('search=brav')).toEqual([b.id]);
    expect(await list('search=c02xyz123')).toEqual([a.id]);
    expect(await list(`search=${c.assetTag}`)).toEqual([c.id]);
    expect(await list('sort=name')).toEqual([a.id, b.id, c.id]);
    expect(await list('sort=-name')).toEqual([c.id, b.id, a.id]);
    expect(await list('')).toEqual([c.id, b.id, a.id]);
  });

  it('is the same data as Scoutmon’s /api/assets and GraphQL, in AssetNode’s shape', async () => {
    const { tenant, r } = await setup();
    const office = await createLocation(tenant, { name: 'Office' });
    const holder = await inviteUser(tenant, { name: 'Holder' });
    const asset = await createAsset(tenant, {
      name: 'Design laptop', model: 'XPS 15', manufacturer: 'Dell', serialNumber: 'SN-0042-ABCD', value: '1899.99',
      purchaseDate: '2026-01-15', warrantyExpiry: '2029-01-15', locationId: office.id, assignedUserId: holder.id, expectedReturn: '2027-06-30',
    });
    const node = (await r.get('/api/hardware')).body.data[0];
    const one = await r.get(`/api/hardware/${asset.id}`);
    expectJson(one, 200);
    expect(one.body).toEqual(node);
    const scoutmon = (await r.get(`/api/assets/${asset.id}`)).body;
    const gql = (await tenant.ok(`query($id: UUID!) { asset(id: $id) { id assetTag status serialNumber value createdAt updatedAt } }`, { id: asset.id })).asset;
    expect(node).toEqual({
      _id: scoutmon.id, asset_tag: scoutmon.asset_tag, name: 'Design laptop', model: 'XPS 15', category: 'Laptop', manufacturer: 'Dell',
      serial_number: scoutmon.serial_number, status: 'assigned', purchase_price: '1899.99', purchase_date: '2026-01-15',
      warranty_expiry: '2029-01-15', location_id: office.id, location_name: 'Office', assigned_to: holder.id, assigned_to_name: 'Holder',
      expected_return: '2027-06-30', created_at: gql.createdAt, updated_at: gql.updatedAt,
    });
    expect(node.serial_number).toBe(gql.serialNumber);
    expect(node.serial_number).toMatch(/ABCD$/);
    expect(node.serial_number).not.toContain('0042');
    expect(scoutmon.value).toBe(gql.value);
  });

  it('answers read keys and access tokens; 401 without a credential', async () => {
    const { tenant, ro } = await setup();
    await createAsset(tenant);
    expect((await ro.get('/api/hardware')).body.total).toBe(1);
    const employee = await signedUpUser(api, tenant);
    const withToken = await rest(api, 'GET', '/api/hardware', { key: employee.accessToken });
    expectJson(withToken, 200);
    expect(withToken.body.total).toBe(1);
    expectError(await rest(api, 'GET', '/api/hardware', { key: null }), 401);
  });
});

describe('POST /api/hardware', () => {
  it('registers hardware (201): name defaults to the model, the price is in currency units, audited as REST', async () => {
    const { tenant, r } = await setup();
    const office = await createLocation(tenant);
    const created = await r.post('/api/hardware', {
      model: 'ThinkPad X1', category: 'laptop', serial_number: 'PF-1234', manufacturer: 'Lenovo', purchase_price: 1299.5,
      purchase_date: '2026-03-01', warranty_expiry: '2029-03-01', location_id: office.id, status: 'maintenance',
    });
    expectJson(created, 201);
    expect(created.body).toMatchObject({
      _id: expect.stringMatching(UUID), asset_tag: 'IT-0001', name: 'ThinkPad X1', model: 'ThinkPad X1', category: 'laptop',
      manufacturer: 'Lenovo', serial_number: expect.stringMatching(/1234$/), status: 'maintenance', purchase_price: '1299.50',
      purchase_date: '2026-03-01', warranty_expiry: '2029-03-01', location_id: office.id, assigned_to: null,
      created_at: expect.stringMatching(ISO_DATETIME),
    });
    expect((await r.get(`/api/hardware/${created.body._id}`)).body).toEqual(created.body);
    const [event] = await auditTrail(tenant, created.body._id);
    expect(event).toMatchObject({ action: 'asset.created', source: 'REST', actorUser: { id: tenant.userId } });
    const named = await r.post('/api/hardware', { model: 'U2723QE', category: 'monitor', name: 'Desk 4 monitor', purchase_price: '649.00' });
    expect(named.body).toMatchObject({ name: 'Desk 4 monitor', model: 'U2723QE', purchase_price: '649.00' });
  });

  it('requires model and category, and refuses bad fields with 400 naming them (nothing written)', async () => {
    const { tenant, r } = await setup();
    expectError(await r.post('/api/hardware', { category: 'laptop' }), 400, /model/);
    expectError(await r.post('/api/hardware', { model: 'X' }), 400, /category/);
    expectError(await r.post('/api/hardware', { model: 'X', category: 'laptop', purchase_price: -1 }), 400, /purchase_price/);
    expectError(await r.post('/api/hardware', { model: 'X', category: 'laptop', purchase_date: '2026-13-01' }), 400, /purchase_date/);
    expectError(await r.post('/api/hardware', { model: 'X', category: 'laptop', status: 'assigned' }), 400, /checkout/);
    expectError(await r.post('/api/hardware', { model: 'X', category: 'laptop', location_id: MISSING_ID }), 400, /location/);
    expectError(await r.call('POST', '/api/hardware', { raw: '{"model":' }), 400);
    expect((await r.get('/api/hardware')).body.total).toBe(0);
    expect(await api.db.prisma.asset.count({ where: { organizationId: tenant.organizationId } })).toBe(0);
  });

  it('needs an admin with a write credential: 403 for read keys, role user keys and role user access tokens', async () => {
    const { tenant, ro } = await setup();
    const body = { model: 'X', category: 'laptop' };
    expectError(await ro.post('/api/hardware', body), 403);
    expectError(await rest(api, 'POST', '/api/hardware', { key: await userRoleWriteKey(api, tenant), body }), 403);
    const employee = await signedUpUser(api, tenant);
    expectError(await rest(api, 'POST', '/api/hardware', { key: employee.accessToken, body }), 403);
    expect((await ro.get('/api/hardware')).body.total).toBe(0);
  });
});

describe('GET and PATCH /api/hardware/:id', () => {
  it('PATCH changes only the fields sent; null clears one', async () => {
    const { tenant, r } = await setup();
    const created = (await r.post('/api/hardware', { model: 'XPS 13', category: 'laptop', manufacturer: 'Dell', purchase_price: 999 })).body;
    const patched = await r.patch(`/api/hardware/${created._id}`, { status: 'retired', manufacturer: null, purchase_price: '950.10' });
    expectJson(patched, 200);
    expect(patched.body).toEqual({
      ...created, status: 'retired', manufacturer: null, purchase_price: '950.10', updated_at: expect.stringMatching(ISO_DATETIME),
    });
    const event = (await auditTrail(tenant, created._id)).at(-1)!;
    expect(event.action).toBe('asset.updated');
    expect(Object.keys(event.changes).sort()).toEqual(['manufacturer', 'status', 'value']);
  });

  it('another tenant’s id, an unknown id and a malformed id are 404; other methods 405; unknown sub-paths 404', async () => {
    const { r } = await setup();
    const other = await api.tenant();
    const theirs = await createAsset(other);
    for (const id of [theirs.id, MISSING_ID, 'not-an-id']) {
      expectError(await r.get(`/api/hardware/${id}`), 404, /Hardware not found/);
      expectError(await r.patch(`/api/hardware/${id}`, { name: 'Mine now' }), 404);
    }
    expect((await other.ok(`query($id: UUID!) { asset(id: $id) { name } }`, { id: theirs.id })).asset.name).toBe(theirs.name);
    const wrong = await r.delete(`/api/hardware/${theirs.id}`);
    expectError(wrong, 405);
    expect(wrong.headers.get('allow')).toBe('GET, PATCH');
    expectError(await r.get('/api/hardware/x/y'), 404, /No route/);
  });
});
