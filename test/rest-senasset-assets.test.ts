// Specification of SenAsset's /v1/assets (seed 000, "Assets API"): the document's examples as
// written (statuses, integer cents, the { data, meta } envelope, its error codes), cursor paging on
// the GraphQL connection's keyset cursors, custom-field filters, and who sees serial numbers in clear.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTrail, checkoutAsset, createAsset, createAssets, createLocation, inviteUser } from './support/fixtures.js';
import {
  expectCodedError, expectJson, ISO_DATETIME, MISSING_ID, rest, restClient, userRoleWriteKey, UUID, type RestClient, type RestResult,
} from './support/rest.js';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(() => api.close());

/** The documented asset: every field, in the document's order (notes added: PATCH writes it). */
const ASSET_KEYS = [
  'id', 'tag', 'name', 'status', 'category', 'serial_number', 'purchase_price', 'purchase_date', 'warranty_expires',
  'location', 'assignee', 'custom_fields', 'notes', 'created_at', 'updated_at',
];

/** The document's create example, as written. */
const DELL_XPS = {
  name: 'Dell XPS 15', category: 'laptops', serial_number: '5CG94812KP', purchase_price: 189900, purchase_date: '2025-03-01',
  status: 'available', custom_fields: { department: 'Marketing' },
};

async function setUp() {
  const tenant = await api.tenant();
  return { tenant, r: restClient(api, tenant.writeKey) };
}

const ids = (body: { data: { id: string }[] }) => body.data.map((row) => row.id);

describe('GET /v1/assets', () => {
  let tenant: Tenant;
  let r: RestClient;
  let c: Record<string, { id: string }> & { jane: { id: string; name: string; email: string }; hq: { id: string; name: string } };

  beforeAll(async () => {
    ({ tenant, r } = await setUp());
    const hq = await createLocation(tenant, { name: 'HQ - San Francisco' });
    const jane = await inviteUser(tenant, { name: 'Jane Smith', email: 'jane@acme.com' });
    // Created in this order; the list is newest first.
    const macbook = await createAsset(tenant, {
      name: 'MacBook Pro 16"', assetTag: 'AST-0001', category: 'laptops', serialNumber: 'C02XL0RNJG5H', value: '2499.00',
      purchaseDate: '2024-01-15', warrantyExpiry: '2027-01-15', locationId: hq.id, assignedUserId: jane.id,
      customFields: { department: 'Engineering', cost_center: 'CC-4420' },
    });
    const spare = await createAsset(tenant, { name: 'Spare laptop', category: 'laptops', customFields: { department: 'Engineering', cost_center: 'CC-1000' } });
    const returned = await createAsset(tenant, { name: 'Returned monitor', category: 'monitors', customFields: { department: 'Marketing' } });
    await checkoutAsset(tenant, returned.id, jane.id);
    await tenant.ok(`mutation($id: UUID!) { checkinAsset(assetId: $id) { id } }`, { id: returned.id });
    const broken = await createAsset(tenant, { name: 'Broken phone', category: 'phones', status: 'MAINTENANCE' });
    const old = await createAsset(tenant, { name: 'Old tablet', category: 'tablets', status: 'RETIRED' });
    c = { hq, jane, macbook, spare, returned, broken, old };
  });

  it('runs the document example (?status=assigned&limit=20) and answers the documented row and envelope', async () => {
    const response = await r.get('/v1/assets?status=assigned&limit=20');
    expectJson(response, 200);
    expect(Object.keys(response.body)).toEqual(['data', 'meta']);
    expect(response.body.meta).toEqual({ total: 1, limit: 20, has_more: false, next_cursor: null });
    const [row] = response.body.data;
    expect(Object.keys(row)).toEqual(ASSET_KEYS);
    expect(row).toEqual({
      id: c.macbook.id, tag: 'AST-0001', name: 'MacBook Pro 16"', status: 'assigned', category: 'laptops',
      // The tenant's write key acts as its admin, who may decrypt: in clear, as SenAsset lists it.
      serial_number: 'C02XL0RNJG5H', purchase_price: 249900, purchase_date: '2024-01-15', warranty_expires: '2027-01-15',
      location: { id: c.hq.id, name: 'HQ - San Francisco' },
      assignee: { id: c.jane.id, name: 'Jane Smith', email: 'jane@acme.com' },
      custom_fields: { department: 'Engineering', cost_center: 'CC-4420' }, notes: null,
      created_at: expect.stringMatching(ISO_DATETIME), updated_at: expect.stringMatching(ISO_DATETIME),
    });
  });

  it('lists every asset newest first with the default limit of 50', async () => {
    const response = await r.get('/v1/assets');
    expectJson(response, 200);
    expect(ids(response.body)).toEqual([c.old.id, c.broken.id, c.returned.id, c.spare.id, c.macbook.id]);
    expect(response.body.meta).toEqual({ total: 5, limit: 50, has_more: false, next_cursor: null });
  });

  it('maps the status vocabulary: available is active or checked in; assigned, maintenance and retired as ours', async () => {
    const statusOf = async (status: string) => ids((await r.get(`/v1/assets?status=${status}`)).body).sort();
    expect(await statusOf('available')).toEqual([c.spare.id, c.returned.id].sort());
    expect(await statusOf('assigned')).toEqual([c.macbook.id]);
    expect(await statusOf('maintenance')).toEqual([c.broken.id]);
    expect(await statusOf('retired')).toEqual([c.old.id]);
    const listed = (await r.get('/v1/assets')).body.data as { id: string; status: string }[];
    expect(Object.fromEntries(listed.map((row) => [row.id, row.status]))).toEqual({
      [c.macbook.id]: 'assigned', [c.spare.id]: 'available', [c.returned.id]: 'available', [c.broken.id]: 'maintenance', [c.old.id]: 'retired',
    });
  });

  it('filters by location_id, assignee_id and category', async () => {
    expect(ids((await r.get(`/v1/assets?location_id=${c.hq.id}`)).body)).toEqual([c.macbook.id]);
    expect(ids((await r.get(`/v1/assets?assignee_id=${c.jane.id}`)).body)).toEqual([c.macbook.id]);
    expect(ids((await r.get('/v1/assets?category=laptops')).body)).toEqual([c.spare.id, c.macbook.id]);
    const none = await r.get('/v1/assets?category=laptop');
    expect(none.body).toEqual({ data: [], meta: { total: 0, limit: 50, has_more: false, next_cursor: null } });
  });

  it('filters by custom_fields[KEY]=VALUE, several AND-ed, exact match', async () => {
    expect(ids((await r.get('/v1/assets?custom_fields[department]=Engineering')).body)).toEqual([c.spare.id, c.macbook.id]);
    const both = await r.get('/v1/assets?custom_fields[department]=Engineering&custom_fields[cost_center]=CC-4420');
    expect(ids(both.body)).toEqual([c.macbook.id]);
    expect(both.body.meta.total).toBe(1);
    // URL-encoded brackets, as HTTP clients send them.
    expect(ids((await r.get('/v1/assets?custom_fields%5Bdepartment%5D=Marketing')).body)).toEqual([c.returned.id]);
    expect(ids((await r.get('/v1/assets?custom_fields[department]=engineering')).body)).toEqual([]);
    expect(ids((await r.get('/v1/assets?custom_fields[department]=Engineering&status=available')).body)).toEqual([c.spare.id]);
  });

  it('refuses bad filters with 400 validation_error naming the parameter', async () => {
    expectCodedError(await r.get('/v1/assets?status=checked_out'), 400, 'validation_error', /status must be one of: available, assigned, maintenance, retired/);
    expectCodedError(await r.get('/v1/assets?location_id=loc_9xk2m4p7q1r3s'), 400, 'validation_error', /location_id/);
    expectCodedError(await r.get('/v1/assets?custom_fields=Engineering'), 400, 'validation_error', /custom_fields\[KEY\]=VALUE/);
    expectCodedError(await r.get('/v1/assets?custom_fields[]=x'), 400, 'validation_error', /custom_fields/);
  });

  it('answers an empty list to a tenant with no assets (another organization’s assets are not listed)', async () => {
    const other = await setUp();
    const response = await other.r.get(`/v1/assets?assignee_id=${c.jane.id}`);
    expect(response.body).toEqual({ data: [], meta: { total: 0, limit: 50, has_more: false, next_cursor: null } });
    expect((await other.r.get('/v1/assets')).body.meta.total).toBe(0);
  });
});

describe('GET /v1/assets: cursor paging', () => {
  let tenant: Tenant;
  let r: RestClient;
  let created: string[];

  beforeAll(async () => {
    ({ tenant, r } = await setUp());
    created = await createAssets(tenant, 7);
  });

  it('walks every asset once with limit and next_cursor; the last page has has_more false and next_cursor null', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    const metas: unknown[] = [];
    do {
      const response: RestResult = await r.get(`/v1/assets?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expectJson(response, 200);
      seen.push(...ids(response.body));
      metas.push(response.body.meta);
      cursor = response.body.meta.next_cursor;
    } while (cursor);
    expect(seen).toEqual([...created].reverse());
    expect(metas).toEqual([
      { total: 7, limit: 3, has_more: true, next_cursor: expect.any(String) },
      { total: 7, limit: 3, has_more: true, next_cursor: expect.any(String) },
      { total: 7, limit: 3, has_more: false, next_cursor: null },
    ]);
  });

  it('pages by keyset, as GraphQL does: the cursor is the connection’s, and no statement has an OFFSET', async () => {
    const first = await r.get('/v1/assets?limit=2');
    const graphql = await tenant.ok(`{ assets(first: 2) { pageInfo { endCursor } } }`);
    expect(first.body.meta.next_cursor).toBe(graphql.assets.pageInfo.endCursor);
    // One statement: the page with its relations and the count (a compiled read), and the known key's state.
    const statements = await api.expectQueries(1, () => r.get(`/v1/assets?limit=2&cursor=${encodeURIComponent(first.body.meta.next_cursor)}`));
    for (const statement of statements) expect(statement.sql).not.toMatch(/\bOFFSET\b/i);
  });

  it('keeps the filters on the next page', async () => {
    await createAssets(tenant, 3, () => ({ category: 'phones' }));
    const page1 = await r.get('/v1/assets?category=phones&limit=2');
    expect(page1.body.meta).toMatchObject({ total: 3, has_more: true });
    const page2 = await r.get(`/v1/assets?category=phones&limit=2&cursor=${encodeURIComponent(page1.body.meta.next_cursor)}`);
    expect(page2.body.data.map((row: { category: string }) => row.category)).toEqual(['phones']);
    expect(page2.body.meta).toEqual({ total: 3, limit: 2, has_more: false, next_cursor: null });
  });

  it('refuses a limit outside 1-200 and a cursor that is not ours with 400 validation_error, never 500', async () => {
    expectCodedError(await r.get('/v1/assets?limit=201'), 400, 'validation_error', /limit must be an integer from 1 to 200/);
    expectCodedError(await r.get('/v1/assets?limit=0'), 400, 'validation_error', /limit/);
    expectCodedError(await r.get('/v1/assets?limit=abc'), 400, 'validation_error', /limit/);
    expectCodedError(await r.get('/v1/assets?cursor=eyJpZCI6ImFzdF8wMWh4Li4uIn0'), 400, 'validation_error', /^cursor: invalid cursor/);
    expectCodedError(await r.get('/v1/assets?cursor=%00%ff'), 400, 'validation_error', /cursor/);
    // A cursor of another connection (users, by name) is not one of this list's.
    const { endCursor } = (await tenant.ok(`{ users(first: 1) { pageInfo { endCursor } } }`)).users.pageInfo;
    expectCodedError(await r.get(`/v1/assets?cursor=${encodeURIComponent(endCursor)}`), 400, 'validation_error', /^cursor: /);
  });
});

describe('GET /v1/assets: custom_fields is served by the GIN index', () => {
  it('the statement the filter sends is answered from assets_custom_fields_match (EXPLAIN), not a table scan', async () => {
    const tenant = await api.tenant();
    await api.db.prisma.$executeRawUnsafe(`
      INSERT INTO assets (id, organization_id, asset_tag, name, notes, custom_fields, updated_at)
      SELECT gen_random_uuid(), '${tenant.organizationId}', 'T-' || g, 'Asset ' || g, repeat(md5(g::text), 47),
             jsonb_build_object('department', 'Dept ' || (g % 500), 'n', g::text), now()
      FROM generate_series(1, 5000) g`);
    await api.db.prisma.$executeRawUnsafe('ANALYZE assets');
    const statements = await api.recordSql(() => restClient(api, tenant.writeKey).get('/v1/assets?custom_fields[n]=4242&limit=5'));
    const page = statements.find((s) => s.sql.includes('custom_fields_match'));
    expect(page, 'no statement filtered on custom_fields_match').toBeDefined();
    const literal = page!.sql.replace(/\$(\d+)/g, (_, n) => {
      const arg = page!.args[Number(n) - 1];
      return `'${(typeof arg === 'string' ? arg : JSON.stringify(arg)).replace(/'/g, "''")}'`;
    });
    const plan = (await api.db.prisma.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(`EXPLAIN ${literal}`)).map((row) => row['QUERY PLAN']).join('\n');
    expect(plan).toContain('assets_custom_fields_match');
    expect(plan).not.toMatch(/Seq Scan on assets/);
    const response = await restClient(api, tenant.writeKey).get('/v1/assets?custom_fields[n]=4242&custom_fields[department]=Dept 242');
    expect(response.body.data.map((row: { name: string }) => row.name)).toEqual(['Asset 4242']);
  }, 120_000);
});

describe('AssetFilter.customFields (GraphQL)', () => {
  it('matches assets whose custom fields hold every given pair, JSON values compared exactly', async () => {
    const { tenant } = await setUp();
    const [a, b] = await createAssets(tenant, 3, (i) => ({ customFields: [{ team: 'red', floor: 3 }, { team: 'red', floor: '3' }, { team: 'blue' }][i] }));
    const names = async (filter: object) =>
      (await tenant.ok(`query($f: AssetFilter) { assets(first: 10, filter: $f, orderBy: { field: NAME, direction: ASC }) { totalCount edges { node { id } } } }`, { f: filter }))
        .assets.edges.map((edge: { node: { id: string } }) => edge.node.id);
    expect(await names({ customFields: { team: 'red' } })).toEqual([a, b]);
    expect(await names({ customFields: { team: 'red', floor: 3 } })).toEqual([a]);
    expect(await names({ customFields: { team: 'red', floor: '3' } })).toEqual([b]);
    expect(await names({ customFields: {} })).toHaveLength(3);
  });
});

describe('POST /v1/assets', () => {
  it('creates the document’s example: 201, the asset in SenAsset’s shape, audited as a REST write', async () => {
    const { tenant, r } = await setUp();
    const hq = await createLocation(tenant, { name: 'HQ - San Francisco' });
    const response = await r.post('/v1/assets', { ...DELL_XPS, location_id: hq.id });
    expectJson(response, 201);
    expect(Object.keys(response.body)).toEqual(ASSET_KEYS);
    expect(response.body).toEqual({
      id: expect.stringMatching(UUID), tag: 'IT-0001', name: 'Dell XPS 15', status: 'available', category: 'laptops',
      serial_number: '5CG94812KP', purchase_price: 189900, purchase_date: '2025-03-01', warranty_expires: null,
      location: { id: hq.id, name: 'HQ - San Francisco' }, assignee: null, custom_fields: { department: 'Marketing' }, notes: null,
      created_at: expect.stringMatching(ISO_DATETIME), updated_at: expect.stringMatching(ISO_DATETIME),
    });
    const stored = (await tenant.ok(`query($id: UUID!) { asset(id: $id) { value status } }`, { id: response.body.id })).asset;
    expect(stored).toEqual({ value: '1899.00', status: 'ACTIVE' });
    const [event] = await auditTrail(tenant, response.body.id);
    expect(event).toMatchObject({ action: 'asset.created', entityType: 'Asset', source: 'REST', requestId: response.headers.get('x-request-id') });
  });

  it('takes tag, warranty_expires, notes and assignee_id (assigned at once)', async () => {
    const { tenant, r } = await setUp();
    const jane = await inviteUser(tenant, { name: 'Jane Smith', email: 'jane@acme.com' });
    const response = await r.post('/v1/assets', {
      name: 'MacBook Pro 16"', tag: 'AST-0001', purchase_date: '2024-01-15', warranty_expires: '2027-01-15', notes: 'Spare charger in the box',
      assignee_id: jane.id,
    });
    expectJson(response, 201);
    expect(response.body).toMatchObject({
      tag: 'AST-0001', status: 'assigned', warranty_expires: '2027-01-15', notes: 'Spare charger in the box',
      assignee: { id: jane.id, name: 'Jane Smith', email: 'jane@acme.com' }, purchase_price: null,
    });
  });

  it('refuses bad bodies with 400 validation_error naming the field, writing nothing', async () => {
    const { tenant, r } = await setUp();
    const cases: [object, RegExp][] = [
      [{ ...DELL_XPS, purchase_price: 1899.5 }, /purchase_price must be an integer/],
      [{ ...DELL_XPS, purchase_price: '189900' }, /purchase_price must be an integer/],
      [{ ...DELL_XPS, purchase_price: -1 }, /purchase_price/],
      [{ ...DELL_XPS, purchase_price: 1e15 }, /purchase_price/],
      [{ ...DELL_XPS, name: undefined }, /name is required/],
      [{ ...DELL_XPS, status: 'checked_out' }, /status must be one of/],
      [{ ...DELL_XPS, purchase_date: '01/03/2025' }, /purchase_date/],
      [{ ...DELL_XPS, warranty_expires: '2020-01-01' }, /warranty/],
      [{ ...DELL_XPS, tag: 'has space' }, /tag/],
      [{ ...DELL_XPS, location_id: MISSING_ID }, /location/],
      [{ ...DELL_XPS, custom_fields: ['x'] }, /custom_fields must be a JSON object/],
    ];
    for (const [body, message] of cases) expectCodedError(await r.post('/v1/assets', body), 400, 'validation_error', message);
    expectCodedError(await r.call('POST', '/v1/assets', { raw: '{"name": ' }), 400, 'validation_error', /Malformed JSON/);
    expect(await api.db.prisma.asset.count({ where: { organizationId: tenant.organizationId } })).toBe(0);
  });

  it('refuses status assigned without an assignee with 409 conflict (assignments set it)', async () => {
    const { tenant, r } = await setUp();
    expectCodedError(await r.post('/v1/assets', { ...DELL_XPS, status: 'assigned' }), 409, 'conflict', /status: assigned/);
    expect(await api.db.prisma.asset.count({ where: { organizationId: tenant.organizationId } })).toBe(0);
  });
});

describe('GET /v1/assets/:id', () => {
  it('answers the asset; another organization’s id, an unknown id and a malformed id are 404 not_found', async () => {
    const { tenant, r } = await setUp();
    const created = (await r.post('/v1/assets', DELL_XPS)).body;
    const response = await r.get(`/v1/assets/${created.id}`);
    expectJson(response, 200);
    expect(response.body).toEqual(created);
    const other = await setUp();
    expectCodedError(await other.r.get(`/v1/assets/${created.id}`), 404, 'not_found', 'Asset not found');
    expectCodedError(await r.get(`/v1/assets/${MISSING_ID}`), 404, 'not_found', 'Asset not found');
    expectCodedError(await r.get('/v1/assets/ast_01hx4k9bm2f3g7q8r5t6y7u8v'), 404, 'not_found', 'Asset not found');
    expect(tenant.organizationId).not.toBe(other.tenant.organizationId);
  });

  it('shows serial_number and notes masked to callers who may not decrypt (not admins)', async () => {
    const { tenant, r } = await setUp();
    const created = (await r.post('/v1/assets', { ...DELL_XPS, notes: 'Sent for screen replacement' })).body;
    const member = restClient(api, await userRoleWriteKey(api, tenant));
    const response = await member.get(`/v1/assets/${created.id}`);
    expectJson(response, 200);
    expect(response.body.serial_number).toBe('******12KP');
    expect(response.body.notes).toMatch(/^\[encrypted/);
    expect((await member.get('/v1/assets')).body.data[0].serial_number).toBe('******12KP');
  });
});

describe('PATCH /v1/assets/:id', () => {
  it('runs the document example: status maintenance and notes; other fields keep their value; audited', async () => {
    const { tenant, r } = await setUp();
    const created = (await r.post('/v1/assets', DELL_XPS)).body;
    const response = await r.patch(`/v1/assets/${created.id}`, { status: 'maintenance', notes: 'Sent for screen replacement' });
    expectJson(response, 200);
    expect(response.body).toEqual({ ...created, status: 'maintenance', notes: 'Sent for screen replacement', updated_at: expect.stringMatching(ISO_DATETIME) });
    const events = await auditTrail(tenant, created.id);
    expect(events.at(-1)).toMatchObject({ action: 'asset.updated', source: 'REST', changes: { status: { before: 'active', after: 'maintenance' } } });
  });

  it('writes cents, clears with null, and answers status available for ours active', async () => {
    const { r } = await setUp();
    const created = (await r.post('/v1/assets', { ...DELL_XPS, status: 'retired' })).body;
    const response = await r.patch(`/v1/assets/${created.id}`, { purchase_price: 5, status: 'available', custom_fields: { a: 'b' }, category: null });
    expect(response.body).toMatchObject({ purchase_price: 5, status: 'available', custom_fields: { a: 'b' }, category: null });
    expect((await r.patch(`/v1/assets/${created.id}`, { purchase_price: null })).body.purchase_price).toBeNull();
  });

  it('refuses status assigned with 409 conflict (use an assignment), and bad fields with 400, changing nothing', async () => {
    const { tenant, r } = await setUp();
    const created = (await r.post('/v1/assets', DELL_XPS)).body;
    expectCodedError(await r.patch(`/v1/assets/${created.id}`, { status: 'assigned' }), 409, 'conflict', /assign/);
    expectCodedError(await r.patch(`/v1/assets/${created.id}`, { purchase_price: 10.5 }), 400, 'validation_error', /purchase_price/);
    expectCodedError(await r.patch(`/v1/assets/${created.id}`, { name: '' }), 400, 'validation_error', /name/);
    const bob = await inviteUser(tenant);
    expectCodedError(await r.patch(`/v1/assets/${created.id}`, { assignee_id: bob.id }), 409, 'conflict');
    expect((await r.get(`/v1/assets/${created.id}`)).body).toEqual(created);
    expectCodedError(await r.patch(`/v1/assets/${MISSING_ID}`, { name: 'x' }), 404, 'not_found');
  });
});

describe('DELETE /v1/assets/:id', () => {
  it('deletes the asset: { id, deleted: true }, then 404; another organization’s id is 404 and stays', async () => {
    const { tenant, r } = await setUp();
    const created = (await r.post('/v1/assets', DELL_XPS)).body;
    const other = await setUp();
    expectCodedError(await other.r.delete(`/v1/assets/${created.id}`), 404, 'not_found');
    const response = await r.delete(`/v1/assets/${created.id}`);
    expectJson(response, 200);
    expect(response.body).toEqual({ id: created.id, deleted: true });
    expectCodedError(await r.get(`/v1/assets/${created.id}`), 404, 'not_found');
    expect((await auditTrail(tenant, created.id)).at(-1)).toMatchObject({ action: 'asset.deleted', source: 'REST' });
  });
});

describe('/v1/assets: keys and errors', () => {
  it('a read key reads but every write is 403 forbidden, writing nothing', async () => {
    const { tenant, r } = await setUp();
    const created = (await r.post('/v1/assets', DELL_XPS)).body;
    const reader = restClient(api, tenant.readKey);
    expect((await reader.get('/v1/assets')).status).toBe(200);
    expect((await reader.get(`/v1/assets/${created.id}`)).status).toBe(200);
    expectCodedError(await reader.post('/v1/assets', DELL_XPS), 403, 'forbidden');
    expectCodedError(await reader.patch(`/v1/assets/${created.id}`, { name: 'x' }), 403, 'forbidden');
    expectCodedError(await reader.delete(`/v1/assets/${created.id}`), 403, 'forbidden');
    expect(await api.db.prisma.asset.count({ where: { organizationId: tenant.organizationId } })).toBe(1);
  });

  it('no key or an invalid key is 401 unauthorized', async () => {
    expectCodedError(await rest(api, 'GET', '/v1/assets', { key: null }), 401, 'unauthorized');
    expectCodedError(await rest(api, 'GET', '/v1/assets', { key: `sk_${'0'.repeat(56)}` }), 401, 'unauthorized');
  });

  it('an unknown /v1 path is 404 not_found and a wrong method 405, in SenAsset’s error shape', async () => {
    const { r } = await setUp();
    expectCodedError(await r.get('/v1/locations/nowhere'), 404, 'not_found', /No route/);
    const wrong = await r.put(`/v1/assets/${MISSING_ID}`, {});
    expectCodedError(wrong, 405, 'method_not_allowed');
    expect(wrong.headers.get('allow')).toBe('GET, PATCH, DELETE');
  });
});
