// SenAsset's /v1 is the same API as /api and GraphQL: an asset written through one reads back
// identically through the others (prices: value = cents / 100), one audit trail, one budget per
// key (429 rate_limited with Retry-After), and the OpenAPI document lists /v1 under its own tag.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTrail, createAssets, createLocation, inviteUser } from './support/fixtures.js';
import { expectCodedError, restClient } from './support/rest.js';
import { startTestApi, type TestApi } from './support/test-api.js';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(() => api.close());

const GRAPHQL_ASSET = `id assetTag name category status value purchaseDate warrantyExpiry customFields createdAt updatedAt
  serialNumber(reveal: true) notes(reveal: true) secrets { serialNumber notes } location { id name } assignedUser { id name email }`;

describe('an asset made through /v1', () => {
  it('reads back identically through /api and GraphQL, with value = purchase_price / 100', async () => {
    const tenant = await api.tenant();
    const r = restClient(api, tenant.writeKey);
    const hq = await createLocation(tenant, { name: 'HQ - San Francisco' });
    const jane = await inviteUser(tenant, { name: 'Jane Smith', email: 'jane@acme.com' });
    const made = await r.post('/v1/assets', {
      name: 'MacBook Pro 16"', tag: 'AST-0001', category: 'laptops', serial_number: 'C02XL0RNJG5H', purchase_price: 249999,
      purchase_date: '2024-01-15', warranty_expires: '2027-01-15', location_id: hq.id, assignee_id: jane.id, notes: 'Spare charger',
      custom_fields: { department: 'Engineering', cost_center: 'CC-4420' },
    });
    expect(made.status).toBe(201);
    const v1 = made.body;
    expect((await r.get(`/v1/assets/${v1.id}`)).body).toEqual(v1);

    const scoutmon = (await r.get(`/api/assets/${v1.id}/decrypt`)).body;
    expect(scoutmon).toMatchObject({
      id: v1.id, asset_tag: v1.tag, name: v1.name, category: v1.category, status: 'checked-out', value: '2499.99',
      serial_number: v1.serial_number, notes: v1.notes, purchase_date: v1.purchase_date, warranty_expiry: v1.warranty_expires,
      location_id: v1.location.id, location_name: v1.location.name, assigned_user_id: v1.assignee.id, assigned_user_name: v1.assignee.name,
      custom_fields: v1.custom_fields, created_at: v1.created_at, updated_at: v1.updated_at,
    });
    expect(Number(scoutmon.value)).toBe(v1.purchase_price / 100);

    const graphql = (await tenant.ok(`query($id: UUID!) { asset(id: $id) { ${GRAPHQL_ASSET} } }`, { id: v1.id })).asset;
    expect(graphql).toEqual({
      id: v1.id, assetTag: v1.tag, name: v1.name, category: v1.category, status: 'CHECKED_OUT', value: '2499.99',
      purchaseDate: v1.purchase_date, warrantyExpiry: v1.warranty_expires, customFields: v1.custom_fields,
      createdAt: v1.created_at, updatedAt: v1.updated_at, serialNumber: v1.serial_number, notes: v1.notes,
      secrets: { serialNumber: v1.serial_number, notes: v1.notes }, location: v1.location, assignedUser: v1.assignee,
    });

    // One audit trail: the create and the checkout, recorded as REST under the request's id.
    const events = await auditTrail(tenant, v1.id);
    expect(events.map((event) => event.action)).toEqual(['asset.created', 'asset.checked_out']);
    for (const event of events) expect(event).toMatchObject({ source: 'REST', requestId: made.headers.get('x-request-id') });
  });

  it('and one made through /api reads back through /v1 in cents, its status in SenAsset’s words', async () => {
    const tenant = await api.tenant();
    const r = restClient(api, tenant.writeKey);
    const made = (await r.post('/api/assets', { name: 'Dell XPS 15', value: '1899.5', status: 'checked-in', custom_fields: { department: 'Marketing' } })).body;
    const v1 = (await r.get(`/v1/assets/${made.id}`)).body;
    expect(v1).toMatchObject({ id: made.id, tag: made.asset_tag, purchase_price: 189950, status: 'available', custom_fields: { department: 'Marketing' } });
    expect((await r.get('/v1/assets?status=available&custom_fields[department]=Marketing')).body.data.map((a: { id: string }) => a.id)).toEqual([made.id]);
  });
});

describe('/v1 tenant isolation', () => {
  it('another organization’s ids are 404 not_found on every route with an id, and its lists are empty', async () => {
    const owner = await api.tenant();
    const r = restClient(api, owner.writeKey);
    const asset = (await r.post('/v1/assets', { name: 'Mine' })).body;
    const user = (await r.post('/v1/users', { email: 'mine@acme.com' })).body;
    const hook = (await r.post('/v1/webhooks', { url: 'https://example.com/hooks', events: ['asset.created'] })).body;
    const stranger = restClient(api, (await api.tenant()).writeKey);
    expectCodedError(await stranger.get(`/v1/assets/${asset.id}`), 404, 'not_found');
    expectCodedError(await stranger.patch(`/v1/assets/${asset.id}`, { name: 'Theirs' }), 404, 'not_found');
    expectCodedError(await stranger.delete(`/v1/assets/${asset.id}`), 404, 'not_found');
    expectCodedError(await stranger.get(`/v1/users/${user.id}/assets`), 404, 'not_found');
    expectCodedError(await stranger.delete(`/v1/webhooks/${hook.id}`), 404, 'not_found');
    for (const path of ['/v1/assets', '/v1/webhooks']) expect((await stranger.get(path)).body.meta.total, path).toBe(0);
    expect((await stranger.get('/v1/users')).body.meta.total).toBe(1);
    expect((await r.get(`/v1/assets/${asset.id}`)).body.name).toBe('Mine');
  });
});

describe('/v1 budget', () => {
  it('answers 429 rate_limited with Retry-After once the key’s budget is spent (the same budget as every style)', async () => {
    const tenant = await api.tenant();
    await createAssets(tenant, 10);
    await api.db.prisma.apiKey.updateMany({ where: { organizationId: tenant.organizationId }, data: { budgetCapacity: 60, budgetRestoreRate: 0.001 } });
    const r = restClient(api, tenant.writeKey);
    let response = await r.get('/v1/assets?limit=10');
    for (let i = 0; i < 10 && response.status === 200; i++) response = await r.get('/v1/assets?limit=10');
    expectCodedError(response, 429, 'rate_limited');
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('GET /api/openapi.json: SenAsset', () => {
  it('documents every /v1 route under the SenAsset tag, with its envelope, error body and custom_fields as a deepObject', async () => {
    const document = (await (await api.app.fetch('http://test/api/openapi.json')).json()) as any;
    const v1 = Object.entries(document.paths).filter(([path]) => path.startsWith('/v1/'));
    expect(v1.map(([path]) => path).sort()).toEqual(['/v1/assets', '/v1/assets/{id}', '/v1/users', '/v1/users/{id}/assets', '/v1/webhooks', '/v1/webhooks/{id}']);
    for (const [path, operations] of v1) {
      for (const operation of Object.values(operations as Record<string, any>)) {
        expect(operation.tags, path).toEqual(['SenAsset']);
        expect(operation['x-dialect']).toBe('SenAsset');
        expect(operation.responses['401'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/SenAssetError' });
      }
    }
    expect(document['x-tagGroups']).toContainEqual({ name: 'SenAsset', tags: ['SenAsset'] });
    expect(document.components.schemas.SenAssetError.properties.error.properties.code.enum).toEqual(expect.arrayContaining(['unauthorized', 'forbidden', 'rate_limited', 'server_error']));
    const list = document.paths['/v1/assets'].get;
    expect(Object.keys(list.responses['200'].content['application/json'].schema.properties)).toEqual(['data', 'meta']);
    expect(list.parameters.find((p: { name: string }) => p.name === 'custom_fields')).toMatchObject({ in: 'query', style: 'deepObject', explode: true });
    expect(list.parameters.find((p: { name: string }) => p.name === 'limit').schema).toMatchObject({ default: 50, minimum: 1, maximum: 200 });
    expect(document.paths['/v1/assets'].post.requestBody.content['application/json'].schema.properties.purchase_price.type).toBe('integer');
  });
});
