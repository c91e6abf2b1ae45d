// UniAsset's Integration API (seed 002, issue 14): the dialect (plan gate, error body, 405/404,
// credentials) and its two routes over the asset workflows, /assets/create and /assets/assignment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTrail, createAsset, createLocation, inviteUser } from './support/fixtures.js';
import { MISSING_ID, restClient, UUID } from './support/rest.js';
import { startTestApi, type TestApi } from './support/test-api.js';
import { expectUniAssetError, integrationTenant } from './support/uniasset.js';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(() => api.close());

const CREATE = '/api/integrations/assets/create';
const ASSIGNMENT = '/api/integrations/assets/assignment';

const assetsOf = (organizationId: string) => api.db.prisma.asset.count({ where: { organizationId } });

describe('UniAsset dialect', () => {
  it('refuses a Growth organization with 403 PLAN_UPGRADE_REQUIRED even with a write key, writing nothing', async () => {
    const { tenant, r } = await integrationTenant(api, 'growth');
    const asset = await createAsset(tenant);
    const user = await inviteUser(tenant);
    const body = expectUniAssetError(await r.post(CREATE, { name: 'Laptop' }), 403, 'PLAN_UPGRADE_REQUIRED', []);
    expect(body.message).toBe('Business plan or higher required');
    expectUniAssetError(await r.post(ASSIGNMENT, { asset_id: asset.id, user_id: user.id }), 403, 'PLAN_UPGRADE_REQUIRED');
    expect(await assetsOf(tenant.organizationId)).toBe(1);
    expect((await auditTrail(tenant, asset.id)).map((event) => event.action)).toEqual(['asset.created']);
  });

  it('serves Business and Enterprise organizations', async () => {
    for (const plan of ['business', 'enterprise'] as const) {
      const { r } = await integrationTenant(api, plan);
      expect((await r.post(CREATE, { name: `On ${plan}` })).status, plan).toBe(201);
    }
  });

  it('answers other methods with 405 and an Allow header, unknown paths with 404, in its error body', async () => {
    const { r } = await integrationTenant(api, 'business');
    for (const method of ['GET', 'PUT', 'PATCH', 'DELETE']) {
      const result = await r.call(method, CREATE);
      expectUniAssetError(result, 405, 'METHOD_NOT_ALLOWED', []);
      expect(result.headers.get('allow')).toBe('POST');
    }
    expectUniAssetError(await r.post('/api/integrations/assets/read'), 404, 'NOT_FOUND');
  });

  it('answers 401 UNAUTHENTICATED without or with an unknown key, and 401 KEY_REVOKED with a revoked one', async () => {
    const { tenant } = await integrationTenant(api, 'business');
    expectUniAssetError(await restClient(api, null).post(CREATE, { name: 'x' }), 401, 'UNAUTHENTICATED');
    expectUniAssetError(await restClient(api, `sk_${'0'.repeat(56)}`).post(CREATE, { name: 'x' }), 401, 'UNAUTHENTICATED');
    const { keyWith } = await integrationTenant(api, 'business');
    const revoked = await keyWith('asset:create');
    await api.db.prisma.apiKey.update({ where: { id: revoked.keyId }, data: { revokedAt: new Date() } });
    expectUniAssetError(await revoked.post(CREATE, { name: 'x' }), 401, 'KEY_REVOKED');
    expect(await assetsOf(tenant.organizationId)).toBe(0);
  });

  it('answers malformed JSON and a non-object body with 422 VALIDATION_ERROR, never 500', async () => {
    const { r } = await integrationTenant(api, 'business');
    expectUniAssetError(await r.call('POST', CREATE, { raw: '{"name": ' }), 422, 'VALIDATION_ERROR');
    expectUniAssetError(await r.post(CREATE, [1, 2]), 422, 'VALIDATION_ERROR');
  });

  it('is documented in the OpenAPI document under the UniAsset tag with its error schema', async () => {
    const document = (await restClient(api, null).get('/api/openapi.json')).body;
    const operation = document.paths[CREATE].post;
    expect(operation.tags).toEqual(['UniAsset']);
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['201', '401', '403', '404', '409', '422', '429']));
    expect(document.components.schemas.UniAssetError.required).toEqual(['code', 'message', 'details']);
    expect(document['x-tagGroups']).toContainEqual({ name: 'UniAsset', tags: ['UniAsset'] });
  });
});

describe('POST /api/integrations/assets/create', () => {
  it('creates the asset: 201 with id, asset_tag and the fields sent (unknown fields ignored), audited as REST', async () => {
    const { tenant, r } = await integrationTenant(api, 'business');
    const location = await createLocation(tenant);
    const result = await r.post(CREATE, {
      name: 'Dell Latitude 7440', category: 'Laptop', serial_number: 'SN-ABC-12345', manufacturer: 'Dell', model: 'Latitude 7440',
      value: 1499.5, purchase_date: '2025-01-15', warranty_expiry: '2028-01-15', location_id: location.id,
      custom_fields: { cost_center: 'CC-42' }, colour: 'black',
    });
    expect(result.status, result.text).toBe(201);
    expect(result.body).toMatchObject({
      id: expect.stringMatching(UUID), asset_tag: 'IT-0001', name: 'Dell Latitude 7440', category: 'Laptop', status: 'active',
      serial_number: expect.stringMatching(/2345$/), manufacturer: 'Dell', model: 'Latitude 7440', value: '1499.50',
      purchase_date: '2025-01-15', warranty_expiry: '2028-01-15', location_id: location.id, vendor_id: null,
      assigned_user_id: null, custom_fields: { cost_center: 'CC-42' },
    });
    expect(result.body).not.toHaveProperty('colour');
    const [event] = await auditTrail(tenant, result.body.id);
    expect(event).toMatchObject({ action: 'asset.created', source: 'REST', actorUser: { id: tenant.userId } });
  });

  it('names every bad field in details (422 VALIDATION_ERROR) and writes nothing', async () => {
    const { tenant, r } = await integrationTenant(api, 'business');
    const body = expectUniAssetError(
      await r.post(CREATE, { value: 'lots', purchase_date: '15/01/2025' }), 422, 'VALIDATION_ERROR', ['name', 'value', 'purchase_date'],
    );
    expect(body.details[0].message).toBe('name is required');
    expectUniAssetError(await r.post(CREATE, { name: '   ' }), 422, 'VALIDATION_ERROR', ['name']);
    expectUniAssetError(await r.post(CREATE, { name: 'x', location_id: MISSING_ID }), 422, 'VALIDATION_ERROR', ['location_id']);
    expect(await assetsOf(tenant.organizationId)).toBe(0);
  });

  it('answers a duplicate asset_tag with 409 CONFLICT', async () => {
    const { r } = await integrationTenant(api, 'business');
    expect((await r.post(CREATE, { name: 'a', asset_tag: 'ERP-1' })).status).toBe(201);
    expectUniAssetError(await r.post(CREATE, { name: 'b', asset_tag: 'ERP-1' }), 409, 'CONFLICT', ['asset_tag']);
  });

  it('is allowed by asset:create (and write) and by no other permission', async () => {
    const { tenant, keyWith } = await integrationTenant(api, 'enterprise');
    expect((await (await keyWith('asset:create')).post(CREATE, { name: 'by permission' })).status).toBe(201);
    for (const scope of ['assignment:update', 'asset:location', 'maintenance:create', 'iot:signal:ingest', 'read']) {
      const body = expectUniAssetError(await (await keyWith(scope)).post(CREATE, { name: scope }), 403, 'FORBIDDEN');
      expect(body.message, scope).toMatch(/asset:create/);
    }
    expect(await assetsOf(tenant.organizationId)).toBe(1);
  });
});

describe('POST /api/integrations/assets/assignment', () => {
  it('checks an asset out to a user (200 with the asset) and back in with action checkin, audited as REST', async () => {
    const { tenant, r } = await integrationTenant(api, 'business');
    const asset = await createAsset(tenant);
    const user = await inviteUser(tenant);
    const out = await r.post(ASSIGNMENT, { asset_id: asset.id, user_id: user.id, expected_return: '2030-06-30' });
    expect(out.status, out.text).toBe(200);
    expect(out.body).toMatchObject({ id: asset.id, status: 'checked_out', assigned_user_id: user.id, expected_return: '2030-06-30' });
    const back = await r.post(ASSIGNMENT, { asset_id: asset.id, action: 'checkin' });
    expect(back.status, back.text).toBe(200);
    expect(back.body).toMatchObject({ id: asset.id, status: 'checked_in', assigned_user_id: null });
    const trail = await auditTrail(tenant, asset.id);
    expect(trail.slice(1).map((event) => [event.action, event.source])).toEqual([['asset.checked_out', 'REST'], ['asset.checked_in', 'REST']]);
  });

  it('refuses a missing asset_id or user_id, or user_id with checkin (422 naming them)', async () => {
    const { tenant, r } = await integrationTenant(api, 'business');
    const asset = await createAsset(tenant);
    const user = await inviteUser(tenant);
    expectUniAssetError(await r.post(ASSIGNMENT, {}), 422, 'VALIDATION_ERROR', ['asset_id']);
    expectUniAssetError(await r.post(ASSIGNMENT, { asset_id: asset.id }), 422, 'VALIDATION_ERROR', ['user_id']);
    expectUniAssetError(await r.post(ASSIGNMENT, { asset_id: asset.id, user_id: user.id, action: 'checkin' }), 422, 'VALIDATION_ERROR', ['user_id']);
    expectUniAssetError(await r.post(ASSIGNMENT, { asset_id: asset.id, action: 'return' }), 422, 'VALIDATION_ERROR', ['action']);
  });

  it("answers another organization's asset or user like a missing one (404), writing nothing", async () => {
    const { tenant, r } = await integrationTenant(api, 'business');
    const other = await integrationTenant(api, 'business');
    const theirs = await createAsset(other.tenant);
    const mine = await createAsset(tenant);
    const user = await inviteUser(tenant);
    const theirUser = await inviteUser(other.tenant);
    expectUniAssetError(await r.post(ASSIGNMENT, { asset_id: theirs.id, user_id: user.id }), 404, 'NOT_FOUND');
    expectUniAssetError(await r.post(ASSIGNMENT, { asset_id: MISSING_ID, user_id: user.id }), 404, 'NOT_FOUND');
    expectUniAssetError(await r.post(ASSIGNMENT, { asset_id: mine.id, user_id: theirUser.id }), 404, 'NOT_FOUND');
    expect((await auditTrail(other.tenant, theirs.id)).map((event) => event.action)).toEqual(['asset.created']);
    expect((await auditTrail(tenant, mine.id)).map((event) => event.action)).toEqual(['asset.created']);
  });

  it('answers checking out a checked-out asset, or checking in one that is not, with 409 CONFLICT', async () => {
    const { tenant, r } = await integrationTenant(api, 'business');
    const asset = await createAsset(tenant);
    const user = await inviteUser(tenant);
    expectUniAssetError(await r.post(ASSIGNMENT, { asset_id: asset.id, action: 'checkin' }), 409, 'CONFLICT');
    expect((await r.post(ASSIGNMENT, { asset_id: asset.id, user_id: user.id })).status).toBe(200);
    expectUniAssetError(await r.post(ASSIGNMENT, { asset_id: asset.id, user_id: user.id }), 409, 'CONFLICT');
  });

  it('is allowed by assignment:update and by no other permission', async () => {
    const { tenant, keyWith } = await integrationTenant(api, 'enterprise');
    const asset = await createAsset(tenant);
    const user = await inviteUser(tenant);
    for (const scope of ['asset:create', 'asset:location', 'maintenance:create', 'iot:signal:ingest', 'read']) {
      const body = expectUniAssetError(await (await keyWith(scope)).post(ASSIGNMENT, { asset_id: asset.id, user_id: user.id }), 403, 'FORBIDDEN');
      expect(body.message, scope).toMatch(/assignment:update/);
    }
    expect((await (await keyWith('assignment:update')).post(ASSIGNMENT, { asset_id: asset.id, user_id: user.id })).status).toBe(200);
  });
});
