// IoT signals (issue 14): ingestAssetSignals / POST /api/integrations/iot/signals (Enterprise;
// iot:signal:ingest or write), batches of up to 1,000 in one INSERT, all or nothing, a budget
// point per signal; Asset.signals and Asset.signalSummary (buckets in SQL); retention.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneExpiredSignals } from '../src/domain/signals.js';
import { onlyError } from './support/assertions.js';
import { createAsset } from './support/fixtures.js';
import { MISSING_ID } from './support/rest.js';
import { API_KEY_LOOKUP, describeStatements, isTransactionControl, tablesOf } from './support/sql.js';
import { startTestApi, type TestApi } from './support/test-api.js';
import { expectUniAssetError, integrationTenant } from './support/uniasset.js';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(() => api.close());

const ROUTE = '/api/integrations/iot/signals';
const INGEST = `mutation($signals: [AssetSignalInput!]!) { ingestAssetSignals(signals: $signals) { accepted } }`;
const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
const stored = (organizationId: string) => api.db.prisma.assetSignal.count({ where: { organizationId } });

async function enterprise() {
  const context = await integrationTenant(api, 'enterprise');
  const asset = await createAsset(context.tenant);
  return { ...context, asset };
}

describe('POST /api/integrations/iot/signals', () => {
  it('takes one signal: 202 { accepted: 1 }, stored with its unit, time and metadata', async () => {
    const { tenant, r, asset } = await enterprise();
    const timestamp = at(2);
    const result = await r.post(ROUTE, { asset_id: asset.id, signal_type: 'temperature', value: 21.5, unit: 'C', timestamp, metadata: { sensor: 't1' } });
    expect(result.status, result.text).toBe(202);
    expect(result.body).toEqual({ accepted: 1 });
    expect(await api.db.prisma.assetSignal.findMany({ where: { organizationId: tenant.organizationId }, select: { assetId: true, signalType: true, value: true, unit: true, recordedAt: true, metadata: true } }))
      .toEqual([{ assetId: asset.id, signalType: 'temperature', value: 21.5, unit: 'C', recordedAt: new Date(timestamp), metadata: { sensor: 't1' } }]);
  });

  it('stores a batch of 1,000 with one INSERT statement, audited once as REST, one budget point per signal', async () => {
    const { tenant, r, asset } = await enterprise();
    const other = await createAsset(tenant);
    const signals = Array.from({ length: 1000 }, (_, i) => ({ asset_id: i % 2 ? asset.id : other.id, signal_type: 'vibration', value: i / 10, timestamp: at(1000 - i) }));
    let result: Awaited<ReturnType<typeof r.post>> | undefined;
    const statements = await api.recordSql(async () => { result = await r.post(ROUTE, { signals }); });
    expect(result!.status, result!.text).toBe(202);
    expect(result!.body).toEqual({ accepted: 1000 });
    const inserts = statements.filter((statement) => /^\s*INSERT\b/i.test(statement.sql) && tablesOf(statement).includes('asset_signals'));
    expect(inserts).toHaveLength(1);
    expect(statements.filter((statement) => tablesOf(statement).includes('asset_signals'))).toHaveLength(1);
    // The key, the batch's assets (one lookup for all ids), the insert, the audit event: nothing per signal.
    const counted = statements.filter((statement) => !isTransactionControl(statement));
    expect(counted.map(tablesOf), describeStatements(counted)).toEqual([...API_KEY_LOOKUP, ['assets'], ['asset_signals'], ['audit_events']]);
    expect(await stored(tenant.organizationId)).toBe(1000);
    expect(Number(result!.headers.get('x-ratelimit-cost'))).toBeGreaterThanOrEqual(1000);
    const audit = await api.db.prisma.auditEvent.findMany({ where: { organizationId: tenant.organizationId, action: 'signals.ingested' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entityType: 'SignalBatch', source: 'rest', changes: { count: { before: null, after: 1000 } } });
  });

  it('is all or nothing: one bad signal is named (signals[3].value) and nothing is stored', async () => {
    const { tenant, r, asset } = await enterprise();
    const good = { asset_id: asset.id, signal_type: 'temperature', value: 20 };
    const signals = [good, good, good, { ...good, value: 'hot' }, good, { asset_id: asset.id, value: 1 }];
    expectUniAssetError(await r.post(ROUTE, { signals }), 422, 'VALIDATION_ERROR', ['signals[3].value', 'signals[5].signal_type']);
    const future = [good, { ...good, timestamp: new Date(Date.now() + 86_400_000).toISOString() }];
    expectUniAssetError(await r.post(ROUTE, { signals: future }), 422, 'VALIDATION_ERROR', ['signals[1].timestamp']);
    expectUniAssetError(await r.post(ROUTE, { signals: [good, { ...good, signal_type: '   ' }] }), 422, 'VALIDATION_ERROR', ['signals[1].signal_type']);
    expectUniAssetError(await r.post(ROUTE, { signals: Array.from({ length: 1001 }, () => good) }), 422, 'VALIDATION_ERROR', ['signals']);
    expectUniAssetError(await r.post(ROUTE, { signals: [] }), 422, 'VALIDATION_ERROR', ['signals']);
    expectUniAssetError(await r.post(ROUTE, { unit: 'C' }), 422, 'VALIDATION_ERROR', ['asset_id', 'signal_type', 'value']);
    expect(await stored(tenant.organizationId)).toBe(0);
  });

  it("answers an unknown or another organization's asset anywhere in the batch with 404, storing nothing", async () => {
    const { tenant, r, asset } = await enterprise();
    const other = await enterprise();
    const signals = [{ asset_id: asset.id, signal_type: 't', value: 1 }, { asset_id: other.asset.id, signal_type: 't', value: 2 }];
    expectUniAssetError(await r.post(ROUTE, { signals }), 404, 'NOT_FOUND', ['signals[1].asset_id']);
    expectUniAssetError(await r.post(ROUTE, { asset_id: MISSING_ID, signal_type: 't', value: 1 }), 404, 'NOT_FOUND');
    expect(await stored(tenant.organizationId)).toBe(0);
    expect(await stored(other.tenant.organizationId)).toBe(0);
  });

  it('needs Enterprise (ENTERPRISE_REQUIRED even with a write key) and iot:signal:ingest or write', async () => {
    for (const plan of ['growth', 'business'] as const) {
      const { tenant, r, keyWith } = await integrationTenant(api, plan);
      const asset = await createAsset(tenant);
      const body = { asset_id: asset.id, signal_type: 't', value: 1 };
      expect(expectUniAssetError(await r.post(ROUTE, body), 403, 'ENTERPRISE_REQUIRED').message, plan).toBe('Enterprise plan required');
      expectUniAssetError(await (await keyWith('iot:signal:ingest')).post(ROUTE, body), 403, 'ENTERPRISE_REQUIRED');
      expect(await stored(tenant.organizationId)).toBe(0);
    }
    const { keyWith, asset } = await enterprise();
    const body = { asset_id: asset.id, signal_type: 't', value: 1 };
    expect((await (await keyWith('iot:signal:ingest')).post(ROUTE, body)).status).toBe(202);
    for (const scope of ['asset:create', 'assignment:update', 'asset:location', 'maintenance:create', 'read']) {
      expect(expectUniAssetError(await (await keyWith(scope)).post(ROUTE, body), 403, 'FORBIDDEN').message, scope).toMatch(/iot:signal:ingest/);
    }
  });
});

describe('ingestAssetSignals (GraphQL)', () => {
  it('names every bad signal in extensions.details and is Enterprise-only', async () => {
    const { tenant, asset } = await enterprise();
    const error = onlyError(await tenant.gql(INGEST, { signals: [
      { assetId: asset.id, signalType: 'ok', value: 1 }, { assetId: asset.id, signalType: '', value: 1 }, { assetId: asset.id, signalType: 'x'.repeat(101), value: 1 },
    ] }));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'signals[1].signalType', details: [{ field: 'signals[1].signalType' }, { field: 'signals[2].signalType' }] });
    const business = await api.tenant(undefined, 'business');
    const refused = await business.gql(INGEST, { signals: [{ assetId: (await createAsset(business)).id, signalType: 't', value: 1 }] });
    expect(onlyError(refused).extensions?.code).toBe('ENTERPRISE_REQUIRED');
  });

  it('is priced one point per signal before it runs', async () => {
    const { tenant, asset } = await enterprise();
    const cost = async (n: number) => {
      const response = await api.app.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.writeKey}` },
        body: JSON.stringify({ query: INGEST, variables: { signals: Array.from({ length: n }, (_, i) => ({ assetId: asset.id, signalType: 't', value: i })) } }),
      });
      const body = await response.json() as { errors?: unknown; extensions: { cost: { requestedQueryCost: number } } };
      expect(body.errors).toBeUndefined();
      // The price before it runs (what is charged is at least the request floor).
      return body.extensions.cost.requestedQueryCost;
    };
    expect((await cost(500)) - (await cost(1))).toBe(499);
  });
});

describe('Asset.signals and Asset.signalSummary', () => {
  it('pages readings newest first by type and time range; summarizes them per bucket in SQL', async () => {
    const { tenant, asset } = await enterprise();
    const hour = (h: number, minute: number) => new Date(Date.UTC(2026, 10, 1, h, minute)).toISOString();
    const readings = [[10, 5, 1], [10, 20, 3], [10, 50, 8], [11, 10, 4], [13, 0, 10]].map(([h, m, value]) => ({ assetId: asset.id, signalType: 'temp', value, recordedAt: hour(h, m) }));
    await tenant.ok(INGEST, { signals: [...readings, { assetId: asset.id, signalType: 'battery', value: 99, recordedAt: hour(10, 30) }] });
    const query = `query($id: UUID!, $from: DateTime, $to: DateTime, $bucket: SignalBucket) { asset(id: $id) {
      signals(first: 10, type: "temp", from: $from, to: $to) { totalCount edges { node { value signalType recordedAt } } }
      signalSummary(type: "temp", from: $from, to: $to, bucket: $bucket) { bucketStart count min max avg } } }`;
    const data = (await tenant.ok(query, { id: asset.id, from: hour(10, 0), to: hour(12, 0) })).asset;
    expect(data.signals.totalCount).toBe(4);
    expect(data.signals.edges.map((edge: any) => edge.node.value)).toEqual([4, 8, 3, 1]);
    expect(data.signalSummary).toEqual([
      { bucketStart: hour(10, 0), count: 3, min: 1, max: 8, avg: 4 },
      { bucketStart: hour(11, 0), count: 1, min: 4, max: 4, avg: 4 },
    ]);
    const daily = (await tenant.ok(query, { id: asset.id, from: hour(0, 0), to: hour(23, 0), bucket: 'DAY' })).asset.signalSummary;
    expect(daily).toEqual([{ bucketStart: hour(0, 0), count: 5, min: 1, max: 10, avg: 5.2 }]);
    const tooMany = await tenant.gql(query, { id: asset.id, from: hour(0, 0), to: new Date(Date.UTC(2026, 11, 1)).toISOString(), bucket: 'MINUTE' });
    expect(onlyError(tooMany).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'bucket' });
  });
});

describe('retention', () => {
  it('pruneExpiredSignals deletes readings older than the retention days, and only those', async () => {
    const { tenant, asset } = await enterprise();
    await tenant.ok(INGEST, { signals: [
      { assetId: asset.id, signalType: 't', value: 1, recordedAt: new Date(Date.now() - 31 * 86_400_000).toISOString() },
      { assetId: asset.id, signalType: 't', value: 2, recordedAt: new Date(Date.now() - 29 * 86_400_000).toISOString() },
    ] });
    expect(await pruneExpiredSignals(api.db.prisma, 30)).toBeGreaterThanOrEqual(1);
    expect((await api.db.prisma.assetSignal.findMany({ where: { organizationId: tenant.organizationId }, select: { value: true } }))).toEqual([{ value: 2 }]);
  });
});
