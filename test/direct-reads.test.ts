// Direct reads (src/yoga/use-direct-reads.ts): a query text a compiled read answered before, sent
// again with a key the instance knows, is answered without envelop's execution pipeline. Everything
// the caller sees — body, status, headers, budget, request line, statements — is what the pipeline
// gives; itam_direct_reads_total counts the requests that took this path.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { MemoryBudgetStore } from '../src/cost/budget-store.js';
import { budgetTable } from '../src/cost/plans.js';
import type { Database } from '../src/db/database.js';
import { FieldCipher } from '../src/crypto/field-cipher.js';
import { Metrics } from '../src/yoga/metrics.js';
import { directReadCount, isCompiledStatement, readsKeyState } from './support/compiled-reads.js';
import { captureLogs } from './support/log-capture.js';
import { restClient } from './support/rest.js';
import { API_KEY_LOOKUP, tablesOf } from './support/sql.js';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';

let api: TestApi;
let tenant: Tenant;
const metrics = new Metrics();
const logs = captureLogs();
beforeAll(async () => {
  api = await startTestApi({ metrics, logger: logs.logger });
  tenant = await api.tenant();
  for (const name of ['Laptop', 'Monitor', 'Dock']) await tenant.ok(`mutation { createAsset(input: { name: "${name}", category: "Hardware" }) { id } }`);
});
afterAll(() => api.close());

// app.fetch goes to yoga: its params handler answers (the direct lane is node:http's: direct-lane.test.ts).
const directReads = (source: Metrics = metrics) => directReadCount(source, 'yoga');

async function post(query: string, variables: Record<string, unknown> = {}, key = tenant.readKey, app: App = api.app) {
  const response = await app.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}
const bodyOf = (answer: { text: string }) => JSON.parse(answer.text) as { data?: any; errors?: any[]; extensions?: any };

describe('a query text answered by a compiled read before', () => {
  const PAGE = 'query DirectPage { assets(first: 3, orderBy: { field: NAME, direction: ASC }) { edges { node { id name } } } }';

  it('is answered directly: the pipeline’s body, status and budget headers, one statement', async () => {
    const before = await directReads();
    const first = await post(PAGE); // the key is looked up, the document compiled and answered
    const statements = await api.expectQueries(1, async () => {
      const second = await post(PAGE);
      expect(second.status).toBe(first.status);
      expect(second.headers.get('content-type')).toBe(first.headers.get('content-type'));
      const [a, b] = [bodyOf(first), bodyOf(second)];
      expect(b.data).toEqual(a.data);
      expect(b.data.assets.edges.map((edge: any) => edge.node.name)).toEqual(['Dock', 'Laptop', 'Monitor']);
      // The same charge, from a budget one request emptier.
      const { throttleStatus: t1, ...cost1 } = a.extensions.cost;
      const { throttleStatus: t2, ...cost2 } = b.extensions.cost;
      expect(cost2).toEqual(cost1);
      expect(t2.currentlyAvailable).toBeLessThan(t1.currentlyAvailable);
      expect(second.headers.get('x-ratelimit-cost')).toBe(first.headers.get('x-ratelimit-cost'));
      expect(Number(second.headers.get('x-ratelimit-remaining'))).toBeLessThan(Number(first.headers.get('x-ratelimit-remaining')));
      expect(second.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });
    expect(isCompiledStatement(statements[0]) && readsKeyState(statements[0])).toBe(true);
    expect(await directReads()).toBe(before + 1);
  });

  it('writes the request line the pipeline writes: operation, principal, cost, status', async () => {
    await post(PAGE);
    await post(PAGE);
    const [pipeline, direct] = logs.requestLines().slice(-2).map(({ time, requestId, durationMs, ...line }) => line);
    expect(direct).toEqual(pipeline);
    expect(direct).toMatchObject({ operation: 'DirectPage', status: 200, principal: { kind: 'api_key' }, cost: { requested: expect.any(Number) } });
  });

  it('prices each request’s variables: a page over the limit is refused as the pipeline refuses it', async () => {
    const query = 'query Sized($n: Int!) { assets(first: $n) { edges { node { name } } } }';
    expect(bodyOf(await post(query, { n: 1 })).data.assets.edges).toHaveLength(1);
    const before = await directReads();
    expect(bodyOf(await post(query, { n: 2 })).data.assets.edges).toHaveLength(2);
    expect(await directReads()).toBe(before + 1);
    const refused = bodyOf(await post(query, { n: 100_000 }));
    expect(refused.data).toBeUndefined();
    expect(refused.errors?.[0].extensions.code).toMatch(/^(BAD_USER_INPUT|MAX_COST_EXCEEDED)$/);
    const notCoerced = await post(query, { n: 'two' });
    expect(bodyOf(notCoerced).errors?.[0].message).toMatch(/Int/);
    expect(await directReads()).toBe(before + 1);
  });

  it('a key revoked meanwhile: refused on its next request, nothing read for it', async () => {
    const { key, apiKey } = (await tenant.ok(`mutation { createApiKey(input: { name: "revoked soon", scopes: ["read"] }) { key apiKey { id } } }`)).createApiKey;
    await post(PAGE, {}, key);
    await post(PAGE, {}, key); // known to the instance, answered directly
    await tenant.ok('mutation($id: UUID!) { revokeApiKey(id: $id) { id } }', { id: apiKey.id });
    const before = await directReads();
    const refused = await post(PAGE, {}, key);
    expect(refused.status).toBe(401);
    expect(bodyOf(refused).data ?? null).toBeNull();
    expect(await directReads()).toBe(before);
  });

  it('is not taken for a key the instance does not know yet, nor for an organization that runs trusted documents only', async () => {
    const other = await api.tenant();
    const before = await directReads();
    // The text is known, the key is not: looked up and its first use recorded once, by the pipeline
    // (nothing looked up and dropped before it).
    const statements = await api.recordSql(() => post(PAGE, {}, other.readKey));
    expect(statements.filter((statement) => !isCompiledStatement(statement)).map(tablesOf)).toEqual([...API_KEY_LOOKUP, ['api_keys']]);
    expect(await directReads()).toBe(before);
    await other.ok(`mutation { setTrustedDocumentsOnly(enabled: true) { id } }`);
    const refused = bodyOf(await post(PAGE, {}, other.readKey));
    expect(refused.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(await directReads()).toBe(before);
  });
});

describe('GET /api/assets (a REST route whose operation is a compiled read)', () => {
  it('is answered directly from its second request: the same body, total and budget headers', async () => {
    const r = restClient(api, tenant.readKey);
    const first = await r.get('/api/assets?limit=2&sort_by=name&sort_dir=asc');
    const before = await directReads();
    const statements = await api.recordSql(async () => {
      const second = await r.get('/api/assets?limit=2&sort_by=name&sort_dir=asc');
      expect(second.status).toBe(200);
      expect(second.text).toBe(first.text);
      expect(second.headers.get('x-total-count')).toBe(first.headers.get('x-total-count'));
      expect(second.headers.get('x-ratelimit-cost')).toBe(first.headers.get('x-ratelimit-cost'));
    });
    expect(statements.filter(isCompiledStatement)).toHaveLength(1);
    expect(await directReads()).toBe(before + 1);
  });
});

describe('direct reads and budgets', () => {
  const QUERY = '{ assets(first: 1) { edges { node { name } } } }';

  it('a throttled request is refused with 429 and Retry-After before its statement is sent', async () => {
    const own = new Metrics();
    // Room for two requests at the floor, then almost nothing restored.
    const app = createApp(api.db, {
      cipher: new FieldCipher(randomBytes(32)), metrics: own, budgetStore: new MemoryBudgetStore(), logger: captureLogs().logger,
      budgets: budgetTable({ growth: { capacity: 120, floor: 50, restoreRate: 0.001 } }),
    });
    expect((await post(QUERY, {}, tenant.readKey, app)).status).toBe(200);
    expect((await post(QUERY, {}, tenant.readKey, app)).status).toBe(200);
    expect(await directReads(own)).toBe(1);
    const statements = await api.recordSql(async () => {
      const throttled = await post(QUERY, {}, tenant.readKey, app);
      expect(throttled.status).toBe(429);
      expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(bodyOf(throttled).errors?.[0].extensions.code).toBe('THROTTLED');
    });
    expect(statements.some(isCompiledStatement)).toBe(false);
  });

  it('a statement that fails after the charge: refunded, the read answered by the pipeline, charged once', async () => {
    let failing = false;
    const db: Database = {
      ...api.db,
      queryText: (sql, args) => (failing && isCompiledStatement({ sql, args }) ? Promise.reject(new Error('connection lost')) : api.db.queryText(sql, args)),
    };
    const own = new Metrics();
    // Next to nothing restored between requests: the remaining points tell how often it was charged.
    const app = createApp(db, {
      cipher: new FieldCipher(randomBytes(32)), metrics: own, budgetStore: new MemoryBudgetStore(), logger: captureLogs().logger,
      budgets: budgetTable({ growth: { restoreRate: 0.001 } }),
    });
    const answered = await post(QUERY, {}, tenant.readKey, app);
    const charged = Number(answered.headers.get('x-ratelimit-cost'));
    const remaining = Number(answered.headers.get('x-ratelimit-remaining'));
    failing = true;
    const fallback = await post(QUERY, {}, tenant.readKey, app);
    expect(fallback.status).toBe(200);
    expect(bodyOf(fallback).data).toEqual(bodyOf(answered).data);
    // One charge for the request, not two.
    expect(Number(fallback.headers.get('x-ratelimit-cost'))).toBe(charged);
    expect(Number(fallback.headers.get('x-ratelimit-remaining'))).toBe(remaining - charged);
    expect(await directReads(own)).toBe(0);
  });
});

describe('an app with extra plugins', () => {
  it('sends every operation through the pipeline, so its plugins see them all', async () => {
    let executed = 0;
    const own = new Metrics();
    const app = createApp(api.db, {
      cipher: new FieldCipher(randomBytes(32)), metrics: own, budgetStore: null, logger: captureLogs().logger,
      plugins: [{ onExecute: () => { executed += 1; } }],
    });
    for (let i = 0; i < 3; i += 1) expect((await post('{ assets(first: 1) { edges { node { id } } } }', {}, tenant.readKey, app)).status).toBe(200);
    expect(executed).toBe(3);
    expect(await directReads(own)).toBe(0);
  });
});
