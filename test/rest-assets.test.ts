// Specification of the REST compatibility layer for assets (seed 003, "Assets"): every request
// example of the document as written, the documented shapes field by field, every documented status.
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

/** The documented asset body: every field a REST asset carries. */
const ASSET_KEYS = [
  'id', 'asset_tag', 'name', 'category', 'status', 'serial_number', 'value', 'purchase_date', 'warranty_expiry', 'manufacturer',
  'model', 'notes', 'custom_fields', 'location_id', 'location_name', 'vendor_id', 'vendor_name', 'owner_id', 'owner_name',
  'assigned_user_id', 'assigned_user_name', 'expected_return', 'created_at', 'updated_at',
];

const ASSET_GQL = `id assetTag name category status serialNumber value purchaseDate warrantyExpiry manufacturer model notes
  customFields expectedReturn createdAt updatedAt location { id name } vendor { id name } owner { id name } assignedUser { id name }`;

const REST_STATUS: Record<string, string> = {
  ACTIVE: 'active', CHECKED_OUT: 'checked-out', CHECKED_IN: 'checked-in', MAINTENANCE: 'maintenance', RETIRED: 'retired',
};

/** The asset as GraphQL reads it (null when it does not exist for this tenant). */
async function readAsset(tenant: Tenant, id: string) {
  return (await tenant.ok(`query($id: UUID!) { asset(id: $id) { ${ASSET_GQL} } }`, { id })).asset;
}

/** What the REST body of an asset must be, given its GraphQL read. */
function asRest(asset: any) {
  return {
    id: asset.id, asset_tag: asset.assetTag, name: asset.name, category: asset.category, status: REST_STATUS[asset.status],
    serial_number: asset.serialNumber, value: asset.value, purchase_date: asset.purchaseDate, warranty_expiry: asset.warrantyExpiry,
    manufacturer: asset.manufacturer, model: asset.model, notes: asset.notes, custom_fields: asset.customFields,
    location_id: asset.location?.id ?? null, location_name: asset.location?.name ?? null,
    vendor_id: asset.vendor?.id ?? null, vendor_name: asset.vendor?.name ?? null,
    owner_id: asset.owner?.id ?? null, owner_name: asset.owner?.name ?? null,
    assigned_user_id: asset.assignedUser?.id ?? null, assigned_user_name: asset.assignedUser?.name ?? null,
    expected_return: asset.expectedReturn, created_at: asset.createdAt, updated_at: asset.updatedAt,
  };
}

async function assetCount(tenant: Tenant) {
  return api.db.prisma.asset.count({ where: { organizationId: tenant.organizationId } });
}

async function auditCount(tenant: Tenant) {
  return api.db.prisma.auditEvent.count({ where: { organizationId: tenant.organizationId } });
}

const names = (result: RestResult) => (result.body as { name: string }[]).map((row) => row.name);
const total = (result: RestResult) => result.headers.get('x-total-count');

/** Four assets whose order differs under every documented sort_by. */
async function catalogue(tenant: Tenant) {
  const sydney = await createLocation(tenant, { name: 'Sydney HQ', address: '123 Pitt St, Sydney NSW 2000' });
  const warehouse = await createLocation(tenant, { name: 'Melbourne Warehouse', type: 'Warehouse' });
  const apple = await createVendor(tenant, { name: 'Apple Inc.' });
  const dell = await createVendor(tenant, { name: 'Dell Technologies' });
  const alice = await inviteUser(tenant, { name: 'Alice Smith', email: 'alice@example.com' });
  const olivia = await inviteUser(tenant, { name: 'Olivia Owner', email: 'olivia@example.com' });
  // Created in this order: created_at order is scanner, laptop, monitor, saas.
  const scanner = await createAsset(tenant, {
    name: 'Zebra Scanner', category: 'Scanner', assetTag: 'IT-0044', value: 120, status: 'MAINTENANCE', locationId: warehouse.id,
  });
  const laptop = await createAsset(tenant, {
    name: 'MacBook Pro 16"', category: 'Laptop', assetTag: 'IT-0042', value: 2499, serialNumber: 'C02XYZ123',
    locationId: sydney.id, vendorId: apple.id, ownerId: olivia.id, assignedUserId: alice.id,
  });
  const monitor = await createAsset(tenant, { name: 'Dell Monitor', category: 'Monitor', assetTag: 'IT-0043', value: '499.50', vendorId: dell.id });
  const saas = await createAsset(tenant, { name: 'Figma', category: 'SaaS', assetTag: 'IT-0045', value: 15, status: 'RETIRED' });
  return { sydney, warehouse, apple, dell, alice, olivia, scanner, laptop, monitor, saas };
}

/** `count` assets written straight to the database (fast seeding for paging tests). */
async function seedAssets(tenant: Tenant, count: number) {
  await api.db.prisma.asset.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      organizationId: tenant.organizationId, assetTag: `BULK-${String(i).padStart(5, '0')}`, name: `Bulk ${i}`,
    })),
  });
}

async function setup() {
  const tenant = await api.tenant();
  return { tenant, r: restClient(api, tenant.writeKey), ro: restClient(api, tenant.readKey) };
}

/** The documented auth failures of one route: 401 without a key and with an invalid one. */
async function expectAuthFailures(method: string, path: string, body?: unknown) {
  expectError(await rest(api, method, path, { key: null, body }), 401);
  await expectInvalidKeys(method, path, body);
}

/** 401 for a key that is unknown, malformed, or not a Bearer token. */
async function expectInvalidKeys(method: string, path: string, body?: unknown) {
  expectError(await rest(api, method, path, { key: `sk_${'0'.repeat(56)}`, body }), 401, /invalid/i);
  expectError(await rest(api, method, path, { key: 'not-a-key', body }), 401);
  const headers = { authorization: 'Basic dXNlcjpwYXNz' };
  const basic = await api.app.fetch(`http://test${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(basic.status).toBe(401);
  expect(await basic.json()).toEqual({ error: expect.any(String) });
}

// The POST /api/assets request example of the document, exactly as written.
const DOC_CREATE_BODY = `{
    "name": "MacBook Pro 16\\"",
    "category": "Laptop",
    "manufacturer": "Apple",
    "model": "MacBook Pro 16\\" M3",
    "value": 2499,
    "purchase_date": "2025-10-15",
    "warranty_expiry": "2028-10-15"
  }`;

// ---- GET /api/assets ----

describe('GET /api/assets', () => {
  it('runs the document example (?status=checked-out&sort_by=name&sort_dir=asc&limit=25) and returns the documented row', async () => {
    const { tenant, r } = await setup();
    const c = await catalogue(tenant);
    const response = await r.get('/api/assets?status=checked-out&sort_by=name&sort_dir=asc&limit=25');
    expectJson(response, 200);
    expect(total(response)).toBe('1');
    expect(response.body).toHaveLength(1);
    const [row] = response.body;
    // The fields the document's example shows, with its values.
    expect(row).toMatchObject({
      id: c.laptop.id, asset_tag: 'IT-0042', name: 'MacBook Pro 16"', category: 'Laptop', status: 'checked-out', value: '2499.00',
      location_name: 'Sydney HQ', vendor_name: 'Apple Inc.', assigned_user_name: 'Alice Smith',
    });
    expect(row.created_at).toMatch(ISO_DATETIME);
    // Every field, and exactly those: joined ids and names (location, vendor, owner, assignee) included.
    expect(Object.keys(row).sort()).toEqual([...ASSET_KEYS].sort());
    expect(row).toEqual({
      id: c.laptop.id, asset_tag: 'IT-0042', name: 'MacBook Pro 16"', category: 'Laptop', status: 'checked-out',
      serial_number: (await readAsset(tenant, c.laptop.id)).serialNumber, value: '2499.00', purchase_date: null, warranty_expiry: null,
      manufacturer: null, model: null, notes: null, custom_fields: {}, location_id: c.sydney.id, location_name: 'Sydney HQ',
      vendor_id: c.apple.id, vendor_name: 'Apple Inc.', owner_id: c.olivia.id, owner_name: 'Olivia Owner',
      assigned_user_id: c.alice.id, assigned_user_name: 'Alice Smith', expected_return: null,
      created_at: expect.stringMatching(ISO_DATETIME), updated_at: expect.stringMatching(ISO_DATETIME),
    });
    // The row is what GraphQL reads for the same asset.
    expect(row).toEqual(asRest(await readAsset(tenant, c.laptop.id)));
    // serial_number is encrypted at rest and masked in normal reads (GET /api/assets/:id/decrypt shows it).
    expect(row.serial_number).not.toBe('C02XYZ123');
    expect(row.serial_number).toMatch(/^\*+Z123$/);
  });

  it('runs the authentication example (GET /api/assets with a Bearer key): every asset, newest first', async () => {
    const { tenant, r } = await setup();
    const c = await catalogue(tenant);
    const response = await r.get('/api/assets');
    expectJson(response, 200);
    expect(total(response)).toBe('4');
    expect(names(response)).toEqual(['Figma', 'Dell Monitor', 'MacBook Pro 16"', 'Zebra Scanner']);
    for (const row of response.body) expect(Object.keys(row).sort()).toEqual([...ASSET_KEYS].sort());
    const byId = new Map(response.body.map((row: any) => [row.id, row]));
    for (const asset of [c.scanner, c.laptop, c.monitor, c.saas]) {
      expect(byId.get(asset.id)).toEqual(asRest(await readAsset(tenant, asset.id)));
    }
    expect(byId.get(c.monitor.id)).toMatchObject({ value: '499.50', status: 'active', vendor_name: 'Dell Technologies', location_name: null, assigned_user_name: null });
    expect(byId.get(c.scanner.id)).toMatchObject({ status: 'maintenance', location_name: 'Melbourne Warehouse', vendor_name: null });
    expect(byId.get(c.saas.id)).toMatchObject({ status: 'retired', value: '15.00' });
  });

  it('runs the pagination example (limit=50&offset=0, then offset=50) with X-Total-Count before paging', async () => {
    const { tenant, r } = await setup();
    await seedAssets(tenant, 75);
    const page1 = await r.get('/api/assets?limit=50&offset=0');
    const page2 = await r.get('/api/assets?limit=50&offset=50');
    expectJson(page1, 200);
    expectJson(page2, 200);
    expect(total(page1)).toBe('75');
    expect(total(page2)).toBe('75');
    expect(Math.ceil(Number(total(page1)) / 50)).toBe(2);
    expect(page1.body).toHaveLength(50);
    expect(page2.body).toHaveLength(25);
    const ids = [...page1.body, ...page2.body].map((row: any) => row.id);
    expect(new Set(ids).size).toBe(75);
    const all = await r.get('/api/assets');
    expect(all.body.map((row: any) => row.id)).toEqual(ids);
  });

  it('returns an empty array with X-Total-Count 0 for an organization without assets', async () => {
    const { r } = await setup();
    const response = await r.get('/api/assets');
    expectJson(response, 200);
    expect(response.body).toEqual([]);
    expect(total(response)).toBe('0');
  });

  it('uses limit 500 by default, allows up to 1000, and counts every match in X-Total-Count', async () => {
    const { tenant, r } = await setup();
    // Several pages of up to 1000 rows back to back exceed the base plan's cost budget (429):
    // this test is about paging, so the organization gets the largest plan.
    await api.db.prisma.organization.update({ where: { id: tenant.organizationId }, data: { plan: 'enterprise' } });
    await seedAssets(tenant, 1001);
    const byDefault = await r.get('/api/assets');
    expectJson(byDefault, 200);
    expect(byDefault.body).toHaveLength(500);
    expect(total(byDefault)).toBe('1001');
    const max = await r.get('/api/assets?limit=1000');
    expect(max.body).toHaveLength(1000);
    expect(total(max)).toBe('1001');
    const remainder = await r.get('/api/assets?limit=1000&offset=1000');
    expect(remainder.body).toHaveLength(1);
    expect(total(remainder)).toBe('1001');
    expect(max.body.map((row: any) => row.id)).not.toContain(remainder.body[0].id);
    const beyond = await r.get('/api/assets?offset=5000');
    expectJson(beyond, 200);
    expect(beyond.body).toEqual([]);
    expect(total(beyond)).toBe('1001');
  });

  it.each(['limit=1001', 'limit=0', 'limit=-1', 'limit=abc', 'limit=2.5', 'limit=1e2', 'offset=-1', 'offset=abc', 'offset=1.5'])(
    'refuses %s with 400', async (query) => {
      const { tenant, r } = await setup();
      await createAsset(tenant);
      expectError(await r.get(`/api/assets?${query}`), 400, new RegExp(query.split('=')[0]));
    },
  );

  it('pages with limit and offset in the requested order', async () => {
    const { tenant, r } = await setup();
    await catalogue(tenant);
    const page = async (query: string) => {
      const response = await r.get(`/api/assets?sort_by=name&sort_dir=asc&${query}`);
      expectJson(response, 200);
      expect(total(response)).toBe('4');
      return names(response);
    };
    expect(await page('limit=2')).toEqual(['Dell Monitor', 'Figma']);
    expect(await page('limit=2&offset=2')).toEqual(['MacBook Pro 16"', 'Zebra Scanner']);
    expect(await page('limit=1&offset=3')).toEqual(['Zebra Scanner']);
    expect(await page('offset=1')).toEqual(['Figma', 'MacBook Pro 16"', 'Zebra Scanner']);
    expect(await page('offset=4')).toEqual([]);
  });

  const ORDERS: Record<string, string[]> = {
    created_at: ['Zebra Scanner', 'MacBook Pro 16"', 'Dell Monitor', 'Figma'],
    name: ['Dell Monitor', 'Figma', 'MacBook Pro 16"', 'Zebra Scanner'],
    // Statuses sort in their declared order: active, checked-out, checked-in, maintenance, retired.
    status: ['Dell Monitor', 'MacBook Pro 16"', 'Zebra Scanner', 'Figma'],
    category: ['MacBook Pro 16"', 'Dell Monitor', 'Figma', 'Zebra Scanner'],
    value: ['Figma', 'Zebra Scanner', 'Dell Monitor', 'MacBook Pro 16"'],
    asset_tag: ['MacBook Pro 16"', 'Dell Monitor', 'Zebra Scanner', 'Figma'],
  };

  it.each(Object.keys(ORDERS).flatMap((field) => [[field, 'asc'], [field, 'desc']]))(
    'sorts by sort_by=%s&sort_dir=%s', async (field, direction) => {
      const { tenant, r } = await setup();
      await catalogue(tenant);
      const response = await r.get(`/api/assets?sort_by=${field}&sort_dir=${direction}`);
      expectJson(response, 200);
      expect(total(response)).toBe('4');
      const ascending = ORDERS[field];
      expect(names(response)).toEqual(direction === 'asc' ? ascending : [...ascending].reverse());
    },
  );

  it('defaults to sort_by=created_at and sort_dir=desc', async () => {
    const { tenant, r } = await setup();
    await catalogue(tenant);
    const newestFirst = [...ORDERS.created_at].reverse();
    expect(names(await r.get('/api/assets'))).toEqual(newestFirst);
    expect(names(await r.get('/api/assets?sort_by=created_at'))).toEqual(newestFirst);
    expect(names(await r.get('/api/assets?sort_dir=desc'))).toEqual(newestFirst);
    expect(names(await r.get('/api/assets?sort_dir=asc'))).toEqual(ORDERS.created_at);
    expect(names(await r.get('/api/assets?sort_by=value'))).toEqual([...ORDERS.value].reverse());
  });

  it('puts assets without a value last, in both directions', async () => {
    const { tenant, r } = await setup();
    await catalogue(tenant);
    await createAsset(tenant, { name: 'Unpriced cable' });
    expect(names(await r.get('/api/assets?sort_by=value&sort_dir=asc'))).toEqual([...ORDERS.value, 'Unpriced cable']);
    expect(names(await r.get('/api/assets?sort_by=value&sort_dir=desc'))).toEqual([...[...ORDERS.value].reverse(), 'Unpriced cable']);
    // Paged, the null row still comes last.
    expect(names(await r.get('/api/assets?sort_by=value&sort_dir=desc&limit=1&offset=4'))).toEqual(['Unpriced cable']);
    expect(names(await r.get('/api/assets?sort_by=value&sort_dir=asc&limit=2&offset=3'))).toEqual(['MacBook Pro 16"', 'Unpriced cable']);
  });

  it('searches name, asset tag and serial number case-insensitively', async () => {
    const { tenant, r } = await setup();
    const c = await catalogue(tenant);
    const search = async (text: string) => {
      const response = await r.get(`/api/assets?search=${encodeURIComponent(text)}`);
      expectJson(response, 200);
      expect(total(response)).toBe(String(response.body.length));
      return response.body.map((row: any) => row.id).sort();
    };
    expect(await search('macbook')).toEqual([c.laptop.id]);
    expect(await search('ZEBRA')).toEqual([c.scanner.id]);
    expect(await search('it-0043')).toEqual([c.monitor.id]);
    expect(await search('IT-004')).toEqual([c.scanner.id, c.laptop.id, c.monitor.id, c.saas.id].sort());
    expect(await search('c02xyz123')).toEqual([c.laptop.id]);
    expect(await search('no such thing')).toEqual([]);
    // search combines with the filters
    const combined = await r.get('/api/assets?search=IT-004&status=retired');
    expect(combined.body.map((row: any) => row.id)).toEqual([c.saas.id]);
    expect(total(combined)).toBe('1');
  });

  it('filters by every documented status value', async () => {
    const { tenant, r } = await setup();
    const c = await catalogue(tenant);
    const returned = await createAsset(tenant, { name: 'Spare Keyboard', category: 'Keyboard' });
    await tenant.ok(`mutation($input: CheckoutAssetInput!) { checkoutAsset(input: $input) { id } }`, { input: { assetId: returned.id, userId: c.alice.id } });
    await tenant.ok(`mutation($id: UUID!) { checkinAsset(assetId: $id) { id } }`, { id: returned.id });
    const expected: Record<string, string> = {
      active: c.monitor.id, 'checked-out': c.laptop.id, 'checked-in': returned.id, maintenance: c.scanner.id, retired: c.saas.id,
    };
    for (const [status, id] of Object.entries(expected)) {
      const response = await r.get(`/api/assets?status=${status}`);
      expectJson(response, 200);
      expect(response.body.map((row: any) => [row.id, row.status]), status).toEqual([[id, status]]);
      expect(total(response)).toBe('1');
    }
  });

  it('filters by category (exact), location_id, owner_id, assigned_user_id and vendor_id, combined with AND', async () => {
    const { tenant, r } = await setup();
    const c = await catalogue(tenant);
    const ids = async (query: string) => {
      const response = await r.get(`/api/assets?${query}`);
      expectJson(response, 200);
      expect(total(response)).toBe(String(response.body.length));
      return response.body.map((row: any) => row.id);
    };
    expect(await ids('category=Laptop')).toEqual([c.laptop.id]);
    expect(await ids('category=SaaS')).toEqual([c.saas.id]);
    expect(await ids('category=Lap')).toEqual([]);
    expect(await ids(`location_id=${c.sydney.id}`)).toEqual([c.laptop.id]);
    expect(await ids(`location_id=${c.warehouse.id}`)).toEqual([c.scanner.id]);
    expect(await ids(`owner_id=${c.olivia.id}`)).toEqual([c.laptop.id]);
    expect(await ids(`assigned_user_id=${c.alice.id}`)).toEqual([c.laptop.id]);
    expect(await ids(`assigned_user_id=${c.olivia.id}`)).toEqual([]);
    expect(await ids(`vendor_id=${c.dell.id}`)).toEqual([c.monitor.id]);
    expect(await ids(`category=Laptop&status=active`)).toEqual([]);
    expect(await ids(`category=Laptop&location_id=${c.sydney.id}&assigned_user_id=${c.alice.id}`)).toEqual([c.laptop.id]);
    // Ids are matched in any letter case.
    expect(await ids(`location_id=${c.sydney.id.toUpperCase()}`)).toEqual([c.laptop.id]);
    expect(await ids(`location_id=${MISSING_ID}`)).toEqual([]);
  });

  it("lists only the caller's organization, even when filtering by another organization's ids", async () => {
    const { tenant, r } = await setup();
    const other = await api.tenant();
    const theirs = await catalogue(other);
    const mine = await createAsset(tenant, { name: 'Mine' });
    const all = await r.get('/api/assets');
    expect(all.body.map((row: any) => row.id)).toEqual([mine.id]);
    expect(total(all)).toBe('1');
    const filtered = await r.get(`/api/assets?location_id=${theirs.sydney.id}`);
    expectJson(filtered, 200);
    expect(filtered.body).toEqual([]);
    expect(total(filtered)).toBe('0');
    expect((await r.get('/api/assets?search=macbook')).body).toEqual([]);
  });

  it('answers with the read key too', async () => {
    const { tenant, ro } = await setup();
    const asset = await createAsset(tenant);
    const response = await ro.get('/api/assets');
    expectJson(response, 200);
    expect(response.body.map((row: any) => row.id)).toEqual([asset.id]);
  });

  it.each([
    ['sort_by=price', /sort_by/],
    ['sort_by=NAME', /sort_by/],
    ['sort_dir=up', /sort_dir/],
    ['sort_dir=ASC', /sort_dir/],
    ['status=lost', /status/],
    ['status=checked_out', /status/],
    ['status=CHECKED_OUT', /status/],
    ['location_id=sydney', /location_id/],
    ['owner_id=123', /owner_id/],
    ['assigned_user_id=not-a-uuid', /assigned_user_id/],
    ['vendor_id=apple', /vendor_id/],
    ['classification_id=secret', /classification_id/],
  ])('refuses %s with 400 { error }', async (query, message) => {
    const { tenant, r } = await setup();
    await createAsset(tenant);
    expectError(await r.get(`/api/assets?${query}`), 400, message);
  });

  it('answers 401 with an invalid key', async () => {
    await expectInvalidKeys('GET', '/api/assets');
  });

  // A missing key is 401 whatever the page would cost: the key check comes before any budget.
  it('answers 401 (not 429) without a key', async () => {
    expectError(await rest(api, 'GET', '/api/assets', { key: null }), 401, /API key/);
  });

  it('echoes the caller x-request-id and makes one up otherwise', async () => {
    const { r } = await setup();
    const given = await r.get('/api/assets', { headers: { 'x-request-id': 'legacy-client-42' } });
    expectJson(given, 200);
    expect(given.headers.get('x-request-id')).toBe('legacy-client-42');
    const made = await r.get('/api/assets');
    expect(made.headers.get('x-request-id')).toMatch(UUID);
    const failed = await r.get('/api/assets?limit=0', { headers: { 'x-request-id': 'legacy-client-43' } });
    expectError(failed, 400);
    expect(failed.headers.get('x-request-id')).toBe('legacy-client-43');
  });
});

// ---- POST /api/assets ----

describe('POST /api/assets', () => {
  it('runs the document example as written: 201 with the created asset, active, with a generated tag', async () => {
    const { tenant } = await setup();
    const response = await rest(api, 'POST', '/api/assets', {
      key: tenant.writeKey, raw: DOC_CREATE_BODY, headers: { 'Content-Type': 'application/json', 'x-request-id': 'doc-create-1' },
    });
    expectJson(response, 201);
    expect(response.body).toEqual({
      id: expect.stringMatching(UUID), asset_tag: 'IT-0001', name: 'MacBook Pro 16"', category: 'Laptop', status: 'active',
      serial_number: null, value: '2499.00', purchase_date: '2025-10-15', warranty_expiry: '2028-10-15', manufacturer: 'Apple',
      model: 'MacBook Pro 16" M3', notes: null, custom_fields: {}, location_id: null, location_name: null, vendor_id: null,
      vendor_name: null, owner_id: null, owner_name: null, assigned_user_id: null, assigned_user_name: null, expected_return: null,
      created_at: expect.stringMatching(ISO_DATETIME), updated_at: expect.stringMatching(ISO_DATETIME),
    });
    // The row exists, as GraphQL reads it.
    const stored = await readAsset(tenant, response.body.id);
    expect(asRest(stored)).toEqual(response.body);
    // One asset.created event, from REST, by the write key, under the request id.
    const events = await auditTrail(tenant, response.body.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: 'asset.created', entityType: 'Asset', entityId: response.body.id, source: 'REST', requestId: 'doc-create-1',
      actorUser: { id: tenant.userId }, actorApiKeyId: await apiKeyIdOf(tenant),
    });
    expect(events[0].changes).toMatchObject({
      name: { before: null, after: 'MacBook Pro 16"' }, category: { before: null, after: 'Laptop' },
      manufacturer: { before: null, after: 'Apple' }, model: { before: null, after: 'MacBook Pro 16" M3' },
      value: { before: null, after: '2499.00' }, assetTag: { before: null, after: 'IT-0001' }, status: { before: null, after: 'active' },
    });
    expect(events[0].changes.purchaseDate.after).toMatch(/^2025-10-15/);
    expect(events[0].changes.warrantyExpiry.after).toMatch(/^2028-10-15/);
    // A second create gets the next tag.
    const second = await rest(api, 'POST', '/api/assets', { key: tenant.writeKey, raw: DOC_CREATE_BODY });
    expect(second.body.asset_tag).toBe('IT-0002');
  });

  it('accepts every documented body field, joins the names, and checks out to assigned_user_id at once', async () => {
    const { tenant, r } = await setup();
    const location = await createLocation(tenant, { name: 'Sydney HQ' });
    const vendor = await createVendor(tenant, { name: 'Apple Inc.' });
    const alice = await inviteUser(tenant, { name: 'Alice Smith' });
    const owner = await inviteUser(tenant, { name: 'Olivia Owner' });
    const response = await r.post('/api/assets', {
      name: 'iPhone 15', category: 'Phone', asset_tag: 'PH-0007', serial_number: 'F2LXK9', value: 1799.5,
      purchase_date: '2025-01-31', warranty_expiry: '2027-01-31', location_id: location.id, vendor_id: vendor.id,
      assigned_user_id: alice.id, owner_id: owner.id, manufacturer: 'Apple', model: 'A3090', notes: 'Spare for on-call',
      custom_fields: { imei: '35-209900-176148-1' }, expected_return: '2099-06-30',
    });
    expectJson(response, 201);
    const stored = await readAsset(tenant, response.body.id);
    expect(response.body).toEqual({
      id: stored.id, asset_tag: 'PH-0007', name: 'iPhone 15', category: 'Phone', status: 'checked-out',
      serial_number: stored.serialNumber, value: '1799.50', purchase_date: '2025-01-31', warranty_expiry: '2027-01-31',
      manufacturer: 'Apple', model: 'A3090', notes: stored.notes, custom_fields: { imei: '35-209900-176148-1' },
      location_id: location.id, location_name: 'Sydney HQ', vendor_id: vendor.id, vendor_name: 'Apple Inc.',
      owner_id: owner.id, owner_name: 'Olivia Owner', assigned_user_id: alice.id, assigned_user_name: 'Alice Smith',
      expected_return: '2099-06-30', created_at: stored.createdAt, updated_at: stored.updatedAt,
    });
    expect(await api.db.prisma.assignment.count({ where: { assetId: stored.id, userId: alice.id, checkedInAt: null } })).toBe(1);
    // (one transaction: both events may share their millisecond, so their order is not asserted)
    expect((await auditTrail(tenant, stored.id)).map((event) => `${event.action} ${event.source}`).sort()).toEqual([
      'asset.checked_out REST', 'asset.created REST',
    ]);
  });

  it('ignores fields the document does not define and accepts a numeric string value', async () => {
    const { tenant, r } = await setup();
    const response = await r.post('/api/assets', { name: 'Dock', value: '89.9', colour: 'grey', id: MISSING_ID, created_at: '2000-01-01' });
    expectJson(response, 201);
    expect(response.body).toMatchObject({ name: 'Dock', value: '89.90', asset_tag: 'IT-0001', status: 'active' });
    expect(response.body.id).not.toBe(MISSING_ID);
    expect(response.body).not.toHaveProperty('colour');
    expect(await assetCount(tenant)).toBe(1);
  });

  it('answers 409 for an asset tag already in use, writing nothing', async () => {
    const { tenant, r } = await setup();
    await createAsset(tenant, { assetTag: 'LAP-1' });
    const events = await auditCount(tenant);
    expectError(await r.post('/api/assets', { name: 'Again', asset_tag: 'LAP-1' }), 409, /LAP-1/);
    expect(await assetCount(tenant)).toBe(1);
    expect(await auditCount(tenant)).toBe(events);
  });

  it('answers 409 when assigned_user_id names an inactive user', async () => {
    const { tenant, r } = await setup();
    const user = await inviteUser(tenant);
    await tenant.ok(`mutation($id: UUID!) { deactivateUser(id: $id) { id } }`, { id: user.id });
    expectError(await r.post('/api/assets', { name: 'Phone', assigned_user_id: user.id }), 409);
    expect(await assetCount(tenant)).toBe(0);
  });

  it.each([
    ['no name', {}, /name/],
    ['a null name', { name: null }, /name/],
    ['a blank name', { name: '   ' }, /name/],
    ['a numeric name', { name: 42 }, /name/],
    ['a bad status enum', { name: 'x', status: 'lost' }, /status/],
    ['the GraphQL status spelling', { name: 'x', status: 'ACTIVE' }, /status/],
    ['status checked-out (set by checkout only)', { name: 'x', status: 'checked-out' }, /check/],
    ['a non-numeric value', { name: 'x', value: 'lots' }, /value/],
    ['a negative value', { name: 'x', value: -1 }, /value/],
    ['a bad purchase_date', { name: 'x', purchase_date: '2025-13-40' }, /purchase_date/],
    ['a non-ISO purchase_date', { name: 'x', purchase_date: '15/10/2025' }, /purchase_date/],
    ['a date-time warranty_expiry', { name: 'x', warranty_expiry: '2028-10-15T00:00:00Z' }, /warranty_expiry/],
    ['warranty before purchase', { name: 'x', purchase_date: '2025-10-15', warranty_expiry: '2024-10-15' }, /warrantyExpiry|warranty/],
    ['a non-UUID location_id', { name: 'x', location_id: 'sydney' }, /location_id/],
    ['a non-UUID vendor_id', { name: 'x', vendor_id: 12 }, /vendor_id/],
    ['a non-UUID assigned_user_id', { name: 'x', assigned_user_id: 'alice' }, /assigned_user_id/],
    ['an unknown location_id', { name: 'x', location_id: MISSING_ID }, /location/i],
    ['an unknown vendor_id', { name: 'x', vendor_id: MISSING_ID }, /vendor/i],
    ['expected_return without assigned_user_id', { name: 'x', expected_return: '2099-01-01' }, /expected/i],
    ['a custom_fields array', { name: 'x', custom_fields: [1, 2] }, /custom_fields/],
    ['a bad asset_tag', { name: 'x', asset_tag: 'bad tag!' }, /assetTag|asset_tag/],
    ['a status other than checked-out with assigned_user_id', { name: 'x', status: 'maintenance', assigned_user_id: MISSING_ID }, /checked out|status/],
  ])('answers 400 for %s, writing nothing', async (_label, body, message) => {
    const { tenant, r } = await setup();
    const events = await auditCount(tenant);
    expectError(await r.post('/api/assets', body), 400, message);
    expect(await assetCount(tenant)).toBe(0);
    expect(await auditCount(tenant)).toBe(events);
  });

  it.each([
    ['malformed JSON', '{"name": "MacBook", '],
    ['a bare string', 'MacBook'],
    ['JSON that is not an object', '["MacBook"]'],
    ['a JSON string', '"MacBook"'],
    ['an empty body', ''],
  ])('answers 400 for %s, writing nothing', async (_label, raw) => {
    const { tenant, r } = await setup();
    expectError(await r.call('POST', '/api/assets', { raw }), 400);
    expect(await assetCount(tenant)).toBe(0);
  });

  it("answers 400 for another organization's location, vendor or user, writing nothing", async () => {
    const { tenant, r } = await setup();
    const other = await api.tenant();
    const location = await createLocation(other);
    const vendor = await createVendor(other);
    const user = await inviteUser(other);
    expectError(await r.post('/api/assets', { name: 'x', location_id: location.id }), 400);
    expectError(await r.post('/api/assets', { name: 'x', vendor_id: vendor.id }), 400);
    expectError(await r.post('/api/assets', { name: 'x', owner_id: user.id }), 400);
    // An unknown user to check out to is "not found", as on the checkout route.
    expectError(await r.post('/api/assets', { name: 'x', assigned_user_id: user.id }), 404, /User not found/);
    expect(await assetCount(tenant)).toBe(0);
    expect(await assetCount(other)).toBe(0);
  });

  it('answers 401 without a key or with an invalid one, writing nothing', async () => {
    const { tenant } = await setup();
    await expectAuthFailures('POST', '/api/assets', { name: 'x' });
    expect(await assetCount(tenant)).toBe(0);
  });

  it('answers 403 for a read-only key and for a non-admin user, writing nothing', async () => {
    const { tenant, ro } = await setup();
    const events = await auditCount(tenant);
    expectError(await ro.post('/api/assets', { name: 'x' }), 403, /write/);
    const userKey = await userRoleWriteKey(api, tenant);
    const before = await auditCount(tenant);
    expectError(await rest(api, 'POST', '/api/assets', { key: userKey, body: { name: 'x' } }), 403, /admin/i);
    expect(await assetCount(tenant)).toBe(0);
    expect(await auditCount(tenant)).toBe(before);
    expect(before).toBeGreaterThan(events); // the user-role key was created (audited)
  });
});

// ---- GET /api/assets/:id ----

describe('GET /api/assets/:id', () => {
  it('runs the document example with a real id: 200 with the full asset body', async () => {
    const { tenant, r, ro } = await setup();
    const c = await catalogue(tenant);
    const response = await r.get(`/api/assets/${c.laptop.id}`);
    expectJson(response, 200);
    expect(Object.keys(response.body).sort()).toEqual([...ASSET_KEYS].sort());
    expect(response.body).toEqual(asRest(await readAsset(tenant, c.laptop.id)));
    expect(response.body).toMatchObject({
      asset_tag: 'IT-0042', status: 'checked-out', value: '2499.00', location_name: 'Sydney HQ', vendor_name: 'Apple Inc.',
      owner_name: 'Olivia Owner', assigned_user_name: 'Alice Smith',
    });
    expect(response.headers.get('x-total-count')).toBeNull();
    // read scope is enough; an upper-case id is the same id
    expect((await ro.get(`/api/assets/${c.laptop.id}`)).body).toEqual(response.body);
    expect((await r.get(`/api/assets/${c.laptop.id.toUpperCase()}`)).body).toEqual(response.body);
  });

  it("answers 404 { error: 'Asset not found' } for an unknown, another organization's, or a malformed id", async () => {
    const { r } = await setup();
    const other = await api.tenant();
    const theirs = await createAsset(other);
    expectError(await r.get(`/api/assets/${MISSING_ID}`), 404, /^Asset not found$/);
    expectError(await r.get(`/api/assets/${theirs.id}`), 404, /^Asset not found$/);
    expectError(await r.get('/api/assets/a1b2c3d4-...'), 404, /^Asset not found$/);
    expectError(await r.get('/api/assets/42'), 404, /^Asset not found$/);
    expectError(await r.get(`/api/assets/${theirs.id}x`), 404, /^Asset not found$/);
  });

  it('answers 401 without a key or with an invalid one', async () => {
    const { tenant } = await setup();
    const asset = await createAsset(tenant);
    await expectAuthFailures('GET', `/api/assets/${asset.id}`);
  });
});

// ---- PUT /api/assets/:id ----

describe('PUT /api/assets/:id', () => {
  async function fullAsset(tenant: Tenant) {
    const location = await createLocation(tenant, { name: 'Sydney HQ' });
    const vendor = await createVendor(tenant, { name: 'Apple Inc.' });
    const owner = await inviteUser(tenant, { name: 'Olivia Owner' });
    const asset = await createAsset(tenant, {
      name: 'MacBook Pro 16"', category: 'Laptop', assetTag: 'IT-0042', serialNumber: 'C02XYZ', value: 2499, purchaseDate: '2025-10-15',
      warrantyExpiry: '2028-10-15', manufacturer: 'Apple', model: 'M3', notes: 'pool', customFields: { ram_gb: 32 },
      locationId: location.id, vendorId: vendor.id, ownerId: owner.id, status: 'MAINTENANCE',
    });
    return { asset, location, vendor, owner };
  }

  it('replaces every field: omitted fields are cleared, status back to active, the tag kept', async () => {
    const { tenant, r } = await setup();
    const { asset } = await fullAsset(tenant);
    const response = await r.put(`/api/assets/${asset.id}`, { name: 'MacBook Pro 16" (renamed)' }, { headers: { 'x-request-id': 'put-1' } });
    expectJson(response, 200);
    const stored = await readAsset(tenant, asset.id);
    expect(response.body).toEqual(asRest(stored));
    expect(response.body).toEqual({
      id: asset.id, asset_tag: 'IT-0042', name: 'MacBook Pro 16" (renamed)', category: null, status: 'active', serial_number: null,
      value: null, purchase_date: null, warranty_expiry: null, manufacturer: null, model: null, notes: null, custom_fields: {},
      location_id: null, location_name: null, vendor_id: null, vendor_name: null, owner_id: null, owner_name: null,
      assigned_user_id: null, assigned_user_name: null, expected_return: null,
      created_at: stored.createdAt, updated_at: stored.updatedAt,
    });
    const event = (await auditTrail(tenant, asset.id)).at(-1)!;
    expect(event).toMatchObject({ action: 'asset.updated', source: 'REST', requestId: 'put-1' });
    expect(event.changes).toMatchObject({
      name: { before: 'MacBook Pro 16"', after: 'MacBook Pro 16" (renamed)' }, category: { before: 'Laptop', after: null },
      value: { before: '2499.00', after: null }, manufacturer: { before: 'Apple', after: null }, status: { before: 'maintenance', after: 'active' },
    });
    expect(event.changes).toHaveProperty('locationId');
    expect(event.changes).toHaveProperty('vendorId');
    expect(event.changes).toHaveProperty('ownerId');
    expect(event.changes).not.toHaveProperty('assetTag');
  });

  it('sets every field the body sends (same fields as POST)', async () => {
    const { tenant, r } = await setup();
    const { asset } = await fullAsset(tenant);
    const location = await createLocation(tenant, { name: 'Remote' , type: 'Remote' });
    const vendor = await createVendor(tenant, { name: 'Dell' });
    const owner = await inviteUser(tenant, { name: 'Nina New' });
    const body = {
      name: 'Dell XPS 13', category: 'Ultrabook', status: 'retired', asset_tag: 'IT-0100', serial_number: 'DX13', value: 1299.99,
      purchase_date: '2024-02-01', warranty_expiry: '2026-02-01', location_id: location.id, vendor_id: vendor.id, owner_id: owner.id,
      manufacturer: 'Dell', model: 'XPS 13 9340', notes: 'Returned', custom_fields: { colour: 'silver' },
    };
    const response = await r.put(`/api/assets/${asset.id}`, body);
    expectJson(response, 200);
    const stored = await readAsset(tenant, asset.id);
    expect(response.body).toEqual(asRest(stored));
    expect(response.body).toMatchObject({
      id: asset.id, name: 'Dell XPS 13', category: 'Ultrabook', status: 'retired', asset_tag: 'IT-0100', value: '1299.99',
      purchase_date: '2024-02-01', warranty_expiry: '2026-02-01', location_id: location.id, location_name: 'Remote',
      vendor_id: vendor.id, vendor_name: 'Dell', owner_id: owner.id, owner_name: 'Nina New', manufacturer: 'Dell',
      model: 'XPS 13 9340', custom_fields: { colour: 'silver' },
    });
    // PUT again with the same body changes nothing and records no event.
    const events = (await auditTrail(tenant, asset.id)).length;
    expectJson(await r.put(`/api/assets/${asset.id}`, body), 200);
    expect((await auditTrail(tenant, asset.id)).length).toBe(events);
  });

  it('keeps the checkout state of a checked-out asset, and answers 409 to a status change', async () => {
    const { tenant, r } = await setup();
    const user = await inviteUser(tenant, { name: 'Alice Smith' });
    const asset = await createAsset(tenant, { assignedUserId: user.id });
    const kept = await r.put(`/api/assets/${asset.id}`, { name: 'Still out' });
    expectJson(kept, 200);
    expect(kept.body).toMatchObject({ name: 'Still out', status: 'checked-out', assigned_user_id: user.id, assigned_user_name: 'Alice Smith' });
    const before = await readAsset(tenant, asset.id);
    expectError(await r.put(`/api/assets/${asset.id}`, { name: 'Retire it', status: 'retired' }), 409, /checked out/);
    expect(await readAsset(tenant, asset.id)).toEqual(before);
  });

  it('answers 409 for an asset tag used by another asset', async () => {
    const { tenant, r } = await setup();
    await createAsset(tenant, { assetTag: 'TAKEN' });
    const asset = await createAsset(tenant, { name: 'Mine' });
    const before = await readAsset(tenant, asset.id);
    expectError(await r.put(`/api/assets/${asset.id}`, { name: 'Mine', asset_tag: 'TAKEN' }), 409);
    expect(await readAsset(tenant, asset.id)).toEqual(before);
  });

  it.each([
    ['malformed JSON', { raw: '{"name": ' }],
    ['no name', { body: { category: 'Laptop' } }],
    ['a bad status', { body: { name: 'x', status: 'broken' } }],
    ['a bad date', { body: { name: 'x', purchase_date: '2025-02-30' } }],
    ['a non-UUID vendor_id', { body: { name: 'x', vendor_id: 'dell' } }],
    ['an unknown location_id', { body: { name: 'x', location_id: MISSING_ID } }],
    ['a body that is an array', { raw: '[]' }],
  ])('answers 400 for %s and changes nothing', async (_label, call) => {
    const { tenant, r } = await setup();
    const { asset } = await fullAsset(tenant);
    const before = await readAsset(tenant, asset.id);
    const events = await auditCount(tenant);
    expectError(await r.call('PUT', `/api/assets/${asset.id}`, call), 400);
    expect(await readAsset(tenant, asset.id)).toEqual(before);
    expect(await auditCount(tenant)).toBe(events);
  });

  it("answers 404 for an unknown, another organization's, or a malformed id", async () => {
    const { r } = await setup();
    const other = await api.tenant();
    const theirs = await createAsset(other, { name: 'Theirs' });
    const before = await readAsset(other, theirs.id);
    expectError(await r.put(`/api/assets/${MISSING_ID}`, { name: 'x' }), 404, /^Asset not found$/);
    expectError(await r.put(`/api/assets/${theirs.id}`, { name: 'x' }), 404, /^Asset not found$/);
    expectError(await r.put('/api/assets/not-an-id', { name: 'x' }), 404, /^Asset not found$/);
    expect(await readAsset(other, theirs.id)).toEqual(before);
  });

  it('answers 401 and 403 (read-only key), changing nothing', async () => {
    const { tenant, ro } = await setup();
    const asset = await createAsset(tenant);
    const before = await readAsset(tenant, asset.id);
    await expectAuthFailures('PUT', `/api/assets/${asset.id}`, { name: 'x' });
    expectError(await ro.put(`/api/assets/${asset.id}`, { name: 'x' }), 403);
    expect(await readAsset(tenant, asset.id)).toEqual(before);
  });
});

// ---- DELETE /api/assets/:id ----

describe('DELETE /api/assets/:id', () => {
  it('deletes the asset for good and answers { "ok": true }; its audit events stay', async () => {
    const { tenant, r } = await setup();
    const user = await inviteUser(tenant);
    const asset = await createAsset(tenant, { assignedUserId: user.id });
    const response = await r.delete(`/api/assets/${asset.id}`, { headers: { 'x-request-id': 'delete-1' } });
    expectJson(response, 200);
    expect(response.body).toEqual({ ok: true });
    expect(await readAsset(tenant, asset.id)).toBeNull();
    expect(await api.db.prisma.asset.count({ where: { id: asset.id } })).toBe(0);
    expect(await api.db.prisma.assignment.count({ where: { assetId: asset.id } })).toBe(0);
    const events = await auditTrail(tenant, asset.id);
    expect(events.slice(0, 2).map((event) => event.action).sort()).toEqual(['asset.checked_out', 'asset.created']);
    expect(events.map((event) => event.action)[2]).toBe('asset.deleted');
    expect(events).toHaveLength(3);
    expect(events.at(-1)).toMatchObject({ source: 'REST', requestId: 'delete-1' });
    expect(events.at(-1)!.changes.name).toEqual({ before: asset.name, after: null });
    // The document: "cannot be undone": a second delete and a read are 404.
    expectError(await r.delete(`/api/assets/${asset.id}`), 404, /^Asset not found$/);
    expectError(await r.get(`/api/assets/${asset.id}`), 404, /^Asset not found$/);
  });

  it("answers 404 for an unknown, another organization's, or a malformed id, deleting nothing", async () => {
    const { r } = await setup();
    const other = await api.tenant();
    const theirs = await createAsset(other);
    expectError(await r.delete(`/api/assets/${MISSING_ID}`), 404, /^Asset not found$/);
    expectError(await r.delete(`/api/assets/${theirs.id}`), 404, /^Asset not found$/);
    expectError(await r.delete('/api/assets/IT-0001'), 404, /^Asset not found$/);
    expect(await readAsset(other, theirs.id)).not.toBeNull();
  });

  it('answers 401 and 403 (read-only key, non-admin user), deleting nothing', async () => {
    const { tenant, ro } = await setup();
    const asset = await createAsset(tenant);
    await expectAuthFailures('DELETE', `/api/assets/${asset.id}`);
    expectError(await ro.delete(`/api/assets/${asset.id}`), 403);
    expectError(await rest(api, 'DELETE', `/api/assets/${asset.id}`, { key: await userRoleWriteKey(api, tenant) }), 403);
    expect(await readAsset(tenant, asset.id)).not.toBeNull();
  });
});

// ---- POST /api/assets/:id/checkout ----

describe('POST /api/assets/:id/checkout', () => {
  it('checks the asset out: status checked-out, the assignment recorded, the asset returned', async () => {
    const { tenant, r } = await setup();
    const alice = await inviteUser(tenant, { name: 'Alice Smith' });
    const asset = await createAsset(tenant);
    const response = await r.post(`/api/assets/${asset.id}/checkout`, { assigned_user_id: alice.id, expected_return: '2099-12-31' },
      { headers: { 'x-request-id': 'checkout-1' } });
    expectJson(response, 200);
    expect(response.body).toEqual(asRest(await readAsset(tenant, asset.id)));
    expect(response.body).toMatchObject({
      id: asset.id, status: 'checked-out', assigned_user_id: alice.id, assigned_user_name: 'Alice Smith', expected_return: '2099-12-31',
    });
    const assignments = await api.db.prisma.assignment.findMany({ where: { assetId: asset.id } });
    expect(assignments).toHaveLength(1);
    expect(assignments[0]).toMatchObject({ userId: alice.id, checkedInAt: null, performedById: tenant.userId });
    expect(assignments[0].expectedReturn?.toISOString()).toBe('2099-12-31T00:00:00.000Z');
    const event = (await auditTrail(tenant, asset.id)).at(-1)!;
    expect(event).toMatchObject({ action: 'asset.checked_out', source: 'REST', requestId: 'checkout-1' });
    expect(event.changes).toMatchObject({
      status: { before: 'active', after: 'checked-out' }, assignedUserId: { before: null, after: alice.id },
    });
  });

  it('needs no expected_return', async () => {
    const { tenant, r } = await setup();
    const user = await inviteUser(tenant);
    const asset = await createAsset(tenant);
    const response = await r.post(`/api/assets/${asset.id}/checkout`, { assigned_user_id: user.id });
    expectJson(response, 200);
    expect(response.body).toMatchObject({ status: 'checked-out', assigned_user_id: user.id, expected_return: null });
  });

  it('answers 409 when the asset is already checked out or retired, changing nothing', async () => {
    const { tenant, r } = await setup();
    const [alice, bob] = [await inviteUser(tenant), await inviteUser(tenant)];
    const asset = await createAsset(tenant, { assignedUserId: alice.id });
    expectError(await r.post(`/api/assets/${asset.id}/checkout`, { assigned_user_id: bob.id }), 409, /already checked out/);
    expect((await readAsset(tenant, asset.id)).assignedUser.id).toBe(alice.id);
    const retired = await createAsset(tenant, { status: 'RETIRED' });
    expectError(await r.post(`/api/assets/${retired.id}/checkout`, { assigned_user_id: bob.id }), 409, /retired/);
    expect(await api.db.prisma.assignment.count({ where: { assetId: { in: [asset.id, retired.id] } } })).toBe(1);
  });

  it('answers 409 for an inactive user', async () => {
    const { tenant, r } = await setup();
    const user = await inviteUser(tenant);
    await tenant.ok(`mutation($id: UUID!) { deactivateUser(id: $id) { id } }`, { id: user.id });
    const asset = await createAsset(tenant);
    expectError(await r.post(`/api/assets/${asset.id}/checkout`, { assigned_user_id: user.id }), 409);
    expect((await readAsset(tenant, asset.id)).status).toBe('ACTIVE');
  });

  // Each case builds its request from the id of an existing, active user.
  it.each<[string, (userId: string) => { body?: unknown; raw?: string }, RegExp]>([
    ['no assigned_user_id', () => ({ body: {} }), /assigned_user_id/],
    ['an empty body', () => ({ raw: '' }), /assigned_user_id/],
    ['a null assigned_user_id', () => ({ body: { assigned_user_id: null } }), /assigned_user_id/],
    ['a non-UUID assigned_user_id', () => ({ body: { assigned_user_id: 'alice' } }), /assigned_user_id/],
    ['a bad expected_return', (id) => ({ body: { assigned_user_id: id, expected_return: '31/12/2099' } }), /expected_return/],
    ['an expected_return in the past', (id) => ({ body: { assigned_user_id: id, expected_return: '2000-01-01' } }), /expected/i],
    ['malformed JSON', () => ({ raw: '{"assigned_user_id":' }), /JSON/],
  ])('answers 400 for %s, changing nothing', async (_label, call, message) => {
    const { tenant, r } = await setup();
    const user = await inviteUser(tenant);
    const asset = await createAsset(tenant);
    expectError(await r.call('POST', `/api/assets/${asset.id}/checkout`, call(user.id)), 400, message);
    expect((await readAsset(tenant, asset.id)).status).toBe('ACTIVE');
    expect(await api.db.prisma.assignment.count({ where: { assetId: asset.id } })).toBe(0);
  });

  it("answers 404 for an unknown, another organization's or a malformed asset id, and an unknown user", async () => {
    const { tenant, r } = await setup();
    const user = await inviteUser(tenant);
    const other = await api.tenant();
    const theirs = await createAsset(other);
    const theirUser = await inviteUser(other);
    const body = { assigned_user_id: user.id };
    expectError(await r.post(`/api/assets/${MISSING_ID}/checkout`, body), 404, /^Asset not found$/);
    expectError(await r.post(`/api/assets/${theirs.id}/checkout`, body), 404, /^Asset not found$/);
    expectError(await r.post('/api/assets/nope/checkout', body), 404, /^Asset not found$/);
    const mine = await createAsset(tenant);
    expectError(await r.post(`/api/assets/${mine.id}/checkout`, { assigned_user_id: MISSING_ID }), 404, /User not found/);
    expectError(await r.post(`/api/assets/${mine.id}/checkout`, { assigned_user_id: theirUser.id }), 404, /User not found/);
    expect((await readAsset(other, theirs.id)).status).toBe('ACTIVE');
    expect((await readAsset(tenant, mine.id)).status).toBe('ACTIVE');
  });

  it('answers 401 and 403 (read-only key), changing nothing', async () => {
    const { tenant, ro } = await setup();
    const user = await inviteUser(tenant);
    const asset = await createAsset(tenant);
    await expectAuthFailures('POST', `/api/assets/${asset.id}/checkout`, { assigned_user_id: user.id });
    expectError(await ro.post(`/api/assets/${asset.id}/checkout`, { assigned_user_id: user.id }), 403);
    expect((await readAsset(tenant, asset.id)).status).toBe('ACTIVE');
  });
});

// ---- POST /api/assets/:id/checkin ----

describe('POST /api/assets/:id/checkin', () => {
  it('checks the asset back in: status checked-in, the assigned user cleared, the assignment closed', async () => {
    const { tenant, r } = await setup();
    const user = await inviteUser(tenant);
    const asset = await createAsset(tenant, { assignedUserId: user.id, expectedReturn: '2099-01-01' });
    const response = await r.post(`/api/assets/${asset.id}/checkin`, undefined, { headers: { 'x-request-id': 'checkin-1' } });
    expectJson(response, 200);
    expect(response.body).toEqual(asRest(await readAsset(tenant, asset.id)));
    expect(response.body).toMatchObject({ id: asset.id, status: 'checked-in', assigned_user_id: null, assigned_user_name: null, expected_return: null });
    const assignments = await api.db.prisma.assignment.findMany({ where: { assetId: asset.id } });
    expect(assignments).toHaveLength(1);
    expect(assignments[0].checkedInAt).toBeInstanceOf(Date);
    const event = (await auditTrail(tenant, asset.id)).at(-1)!;
    expect(event).toMatchObject({ action: 'asset.checked_in', source: 'REST', requestId: 'checkin-1' });
    expect(event.changes).toMatchObject({ status: { before: 'checked-out', after: 'checked-in' }, assignedUserId: { before: user.id, after: null } });
    // A body is not needed, but an empty JSON object is fine as well.
    const again = await createAsset(tenant, { assignedUserId: user.id });
    expectJson(await r.post(`/api/assets/${again.id}/checkin`, {}), 200);
  });

  it('answers 409 when the asset is not checked out', async () => {
    const { tenant, r } = await setup();
    const user = await inviteUser(tenant);
    const asset = await createAsset(tenant);
    expectError(await r.post(`/api/assets/${asset.id}/checkin`), 409, /not checked out/);
    const back = await createAsset(tenant, { assignedUserId: user.id });
    expectJson(await r.post(`/api/assets/${back.id}/checkin`), 200);
    expectError(await r.post(`/api/assets/${back.id}/checkin`), 409, /not checked out/);
    const actions = (await auditTrail(tenant, back.id)).map((event) => event.action);
    expect(actions.slice(0, 2).sort()).toEqual(['asset.checked_out', 'asset.created']);
    expect(actions.slice(2)).toEqual(['asset.checked_in']);
  });

  it("answers 404 for an unknown, another organization's or a malformed id, changing nothing", async () => {
    const { r } = await setup();
    const other = await api.tenant();
    const user = await inviteUser(other);
    const theirs = await createAsset(other, { assignedUserId: user.id });
    expectError(await r.post(`/api/assets/${MISSING_ID}/checkin`), 404, /^Asset not found$/);
    expectError(await r.post(`/api/assets/${theirs.id}/checkin`), 404, /^Asset not found$/);
    expectError(await r.post('/api/assets/0/checkin'), 404, /^Asset not found$/);
    expect((await readAsset(other, theirs.id)).status).toBe('CHECKED_OUT');
  });

  it('answers 401 and 403 (read-only key), changing nothing', async () => {
    const { tenant, ro } = await setup();
    const user = await inviteUser(tenant);
    const asset = await createAsset(tenant, { assignedUserId: user.id });
    await expectAuthFailures('POST', `/api/assets/${asset.id}/checkin`);
    expectError(await ro.post(`/api/assets/${asset.id}/checkin`), 403);
    expect((await readAsset(tenant, asset.id)).status).toBe('CHECKED_OUT');
  });
});

// ---- outside the route table ----

describe('unknown /api paths and wrong methods', () => {
  async function call(r: RestClient, method: string, path: string) {
    return r.call(method, path);
  }

  it.each([
    ['PATCH', '/api/assets', 'GET, POST'],
    ['DELETE', '/api/assets', 'GET, POST'],
    ['PATCH', '/api/assets/ID', 'GET, PUT, DELETE'],
    ['POST', '/api/assets/ID', 'GET, PUT, DELETE'],
    ['GET', '/api/assets/ID/checkout', 'POST'],
    ['PUT', '/api/assets/ID/checkin', 'POST'],
  ])('answers 405 with Allow for %s %s', async (method, path, allow) => {
    const { tenant, r } = await setup();
    const asset = await createAsset(tenant);
    const response = await call(r, method, path.replace('ID', asset.id));
    expectError(response, 405);
    expect(response.headers.get('allow')?.split(/,\s*/).sort()).toEqual(allow.split(', ').sort());
    expect((await readAsset(tenant, asset.id)).status).toBe('ACTIVE');
  });

  it.each([
    ['GET', '/api/asset'],
    ['GET', '/api/gadgets'],
    ['GET', '/api/assets/ID/history'],
    ['POST', '/api/assets/ID/retire'],
    ['GET', '/api'],
    ['GET', '/api/'],
  ])('answers 404 { error } for %s %s', async (method, path) => {
    const { tenant, r } = await setup();
    const asset = await createAsset(tenant);
    expectError(await call(r, method, path.replace('ID', asset.id)), 404);
  });
});
