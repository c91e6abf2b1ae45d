// Geo-positions (issue 14): recordAssetPosition (asset:location or write, audited), Asset.lastPosition
// and Asset.positions(from, to), and UniAsset's POST /api/integrations/assets/geo-position.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onlyError } from './support/assertions.js';
import { auditTrail, createAsset, createAssets } from './support/fixtures.js';
import { MISSING_ID, UUID } from './support/rest.js';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';
import { expectUniAssetError, integrationTenant } from './support/uniasset.js';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(() => api.close());

const RECORD = `mutation($input: RecordAssetPositionInput!) { recordAssetPosition(input: $input) {
  id latitude longitude accuracyM altitudeM recordedAt source asset { id } } }`;
const ROUTE = '/api/integrations/assets/geo-position';
const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

async function position(tenant: Tenant, input: Record<string, unknown>) {
  return (await tenant.ok(RECORD, { input })).recordAssetPosition;
}

describe('recordAssetPosition', () => {
  it('records a position (the asset\'s Location unchanged), audited as position.recorded', async () => {
    const tenant = await api.tenant();
    const asset = await createAsset(tenant);
    const recorded = await position(tenant, { assetId: asset.id, latitude: -33.8688, longitude: 151.2093, accuracyM: 4.5, altitudeM: 58, source: 'gps' });
    expect(recorded).toMatchObject({ id: expect.stringMatching(UUID), latitude: -33.8688, longitude: 151.2093, accuracyM: 4.5, altitudeM: 58, source: 'gps', asset: { id: asset.id } });
    expect(Math.abs(Date.parse(recorded.recordedAt) - Date.now())).toBeLessThan(60_000);
    expect((await auditTrail(tenant, recorded.id))[0]).toMatchObject({ action: 'position.recorded', entityType: 'GeoPosition', source: 'GRAPHQL' });
    expect((await tenant.ok(`query($id: UUID!) { asset(id: $id) { location { id } } }`, { id: asset.id })).asset.location).toBeNull();
  });

  it('refuses out-of-range coordinates, a negative accuracy or a future time, and another organization\'s asset', async () => {
    const tenant = await api.tenant();
    const other = await api.tenant();
    const asset = await createAsset(tenant);
    expect(onlyError(await tenant.gql(RECORD, { input: { assetId: asset.id, latitude: 91, longitude: 0 } })).extensions?.code).toBe('BAD_USER_INPUT');
    expect(onlyError(await tenant.gql(RECORD, { input: { assetId: asset.id, latitude: 0, longitude: -180.5 } })).extensions?.code).toBe('BAD_USER_INPUT');
    expect(onlyError(await tenant.gql(RECORD, { input: { assetId: asset.id, latitude: 0, longitude: 0, accuracyM: -1 } })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'accuracyM' });
    expect(onlyError(await tenant.gql(RECORD, { input: { assetId: asset.id, latitude: 0, longitude: 0, recordedAt: at(-60) } })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'recordedAt' });
    const theirs = await createAsset(other);
    expect(onlyError(await tenant.gql(RECORD, { input: { assetId: theirs.id, latitude: 0, longitude: 0 } })).extensions?.code).toBe('NOT_FOUND');
    expect(await api.db.prisma.geoPosition.count({ where: { organizationId: { in: [tenant.organizationId, other.organizationId] } } })).toBe(0);
  });
});

describe('Asset.lastPosition and Asset.positions', () => {
  it('lastPosition is the newest by recordedAt; positions pages newest first within from/to', async () => {
    const tenant = await api.tenant();
    const asset = await createAsset(tenant);
    await position(tenant, { assetId: asset.id, latitude: 1, longitude: 1, recordedAt: at(10) });
    await position(tenant, { assetId: asset.id, latitude: 3, longitude: 3, recordedAt: at(1) });
    // Reported late: recorded earlier than the last one received.
    await position(tenant, { assetId: asset.id, latitude: 2, longitude: 2, recordedAt: at(5) });
    const query = `query($id: UUID!, $from: DateTime, $to: DateTime) { asset(id: $id) {
      lastPosition { latitude } positions(first: 10, from: $from, to: $to) { totalCount edges { node { latitude } } } } }`;
    const all = (await tenant.ok(query, { id: asset.id })).asset;
    expect(all.lastPosition).toEqual({ latitude: 3 });
    expect(all.positions.edges.map((edge: any) => edge.node.latitude)).toEqual([3, 2, 1]);
    const window = (await tenant.ok(query, { id: asset.id, from: at(7), to: at(2) })).asset.positions;
    expect(window).toEqual({ totalCount: 1, edges: [{ node: { latitude: 2 } }] });
    expect(onlyError(await tenant.gql(query, { id: asset.id, from: at(1), to: at(5) })).extensions?.code).toBe('BAD_USER_INPUT');
    const none = await createAsset(tenant);
    expect((await tenant.ok(query, { id: none.id })).asset).toEqual({ lastPosition: null, positions: { totalCount: 0, edges: [] } });
  });

  it('reads the last position of a page of assets in the page\'s own statement', async () => {
    const tenant = await api.tenant();
    const ids = await createAssets(tenant, 5);
    for (const [i, id] of ids.entries()) await position(tenant, { assetId: id, latitude: i, longitude: i });
    const query = `{ assets(first: 10) { edges { node { id lastPosition { latitude recordedAt } } } } }`;
    // The key, then the page with each asset's newest position joined.
    await api.expectQueries(2, () => tenant.ok(query));
  });
});

describe('POST /api/integrations/assets/geo-position', () => {
  it('records the position: 201 with it, audited as REST', async () => {
    const { tenant, r } = await integrationTenant(api, 'business');
    const asset = await createAsset(tenant);
    const recordedAt = at(3);
    const result = await r.post(ROUTE, { asset_id: asset.id, latitude: '48.8584', longitude: 2.2945, accuracy_m: 12, altitude_m: 35.5, recorded_at: recordedAt, heading: 90 });
    expect(result.status, result.text).toBe(201);
    expect(result.body).toEqual({
      id: expect.stringMatching(UUID), asset_id: asset.id, latitude: 48.8584, longitude: 2.2945, accuracy_m: 12, altitude_m: 35.5,
      recorded_at: recordedAt, source: null, created_at: expect.any(String),
    });
    expect((await auditTrail(tenant, result.body.id))[0]).toMatchObject({ action: 'position.recorded', source: 'REST' });
  });

  it('names every bad field (422) and answers another tenant\'s or an unknown asset with 404, writing nothing', async () => {
    const { tenant, r } = await integrationTenant(api, 'business');
    const other = await integrationTenant(api, 'business');
    expectUniAssetError(await r.post(ROUTE, { latitude: 95, longitude: 'east', accuracy_m: -3 }), 422, 'VALIDATION_ERROR', ['asset_id', 'latitude', 'longitude', 'accuracy_m']);
    expectUniAssetError(await r.post(ROUTE, { asset_id: (await createAsset(tenant)).id }), 422, 'VALIDATION_ERROR', ['latitude', 'longitude']);
    expectUniAssetError(await r.post(ROUTE, { asset_id: (await createAsset(other.tenant)).id, latitude: 0, longitude: 0 }), 404, 'NOT_FOUND');
    expectUniAssetError(await r.post(ROUTE, { asset_id: MISSING_ID, latitude: 0, longitude: 0 }), 404, 'NOT_FOUND');
    expect(await api.db.prisma.geoPosition.count({ where: { organizationId: { in: [tenant.organizationId, other.tenant.organizationId] } } })).toBe(0);
  });

  it('is allowed by asset:location and no other permission; Growth gets PLAN_UPGRADE_REQUIRED', async () => {
    const { tenant, keyWith } = await integrationTenant(api, 'enterprise');
    const asset = await createAsset(tenant);
    const body = { asset_id: asset.id, latitude: 10, longitude: 20 };
    expect((await (await keyWith('asset:location')).post(ROUTE, body)).status).toBe(201);
    for (const scope of ['asset:create', 'assignment:update', 'maintenance:create', 'iot:signal:ingest', 'read']) {
      expect(expectUniAssetError(await (await keyWith(scope)).post(ROUTE, body), 403, 'FORBIDDEN').message, scope).toMatch(/asset:location/);
    }
    const growth = await integrationTenant(api, 'growth');
    expectUniAssetError(await growth.r.post(ROUTE, { asset_id: (await createAsset(growth.tenant)).id, latitude: 0, longitude: 0 }), 403, 'PLAN_UPGRADE_REQUIRED');
  });
});
