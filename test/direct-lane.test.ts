// The direct lane (src/yoga/direct-lane.ts): over node:http, a query text a compiled read answered
// before, sent with a key the instance knows, is answered before graphql-yoga sees the request. The
// caller cannot tell: every answer is compared with the one yoga gives on a listener without the
// lane, over the same app and database. What the lane does not take, yoga answers, with the body
// the lane read; itam_direct_reads_total{entry="http"} counts what the lane answered.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../src/crypto/field-cipher.js';
import { parse } from 'graphql';
import type { Context } from '../src/graphql/context.js';
import { requestInfo } from '../src/request/request-info.js';
import { budgetTable, DEFAULT_COST_LIMITS } from '../src/cost/plans.js';
import { directLane } from '../src/yoga/direct-lane.js';
import { DirectReadHost } from '../src/yoga/direct-read-host.js';
import { Metrics } from '../src/yoga/metrics.js';
import type { CompiledReads } from '../src/yoga/use-compiled-reads.js';
import { DirectReads } from '../src/yoga/use-direct-reads.js';
import { OperationCosts } from '../src/yoga/use-operation-limits.js';
import { directReadCount, isCompiledStatement } from './support/compiled-reads.js';
import { captureLogs } from './support/log-capture.js';
import { expectSameNodeAnswer } from './support/node-answers.js';
import { expectAnsweredByLane, expectFailedStatementRefunded, laneApps, servedBothWays, type BothWays } from './support/lanes.js';
import { listen, type Listening } from './support/node-http.js';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';

let api: TestApi;
let tenant: Tenant;
let lane: Listening; // app.listener: the lane in front of yoga
let yoga: Listening; // the same app without the lane
let bothWays: BothWays;
let both: BothWays['both'];
let close: () => Promise<void>;
const metrics = new Metrics();
const logs = captureLogs();
const cipher = new FieldCipher(randomBytes(32)); // the lanes' own apps below read the same rows
beforeAll(async () => {
  api = await startTestApi({ cipher, metrics, logger: logs.logger, budgetStore: null });
  tenant = await api.tenant();
  // Enough rows for an answer over 1 KiB (compressed when the client accepts it).
  for (let i = 0; i < 12; i += 1) await tenant.ok(`mutation { createAsset(input: { name: "Laptop ${String(i).padStart(2, '0')} with a long enough name", category: "Hardware" }) { id } }`);
  bothWays = await servedBothWays(api.app);
  ({ lane, yoga, both, close } = bothWays);
});
afterAll(async () => {
  await close();
  await api.close();
});

const PAGE = 'query LanePage { assets(first: 20, orderBy: { field: NAME, direction: ASC }) { edges { node { id name category status } } } }';
const body = (query: string, extra: Record<string, unknown> = {}) => JSON.stringify({ query, ...extra });
const headersFor = (key: string, extra: Record<string, string> = {}) => ({ 'content-type': 'application/json', authorization: `Bearer ${key}`, ...extra });
const laneAnswers = () => directReadCount(metrics, 'http');

describe('POST /graphql through the direct lane', () => {
  it('answers a query text read before as yoga does (status, headers, body) with one statement, before yoga', async () => {
    const fromLane = await expectAnsweredByLane(api, bothWays, metrics, { headers: headersFor(tenant.readKey), body: body(PAGE) });
    expect(JSON.parse(fromLane.text).data.assets.edges).toHaveLength(12);
    expect(fromLane.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(fromLane.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers each Accept it takes with yoga’s content type, and compresses as yoga does', async () => {
    const before = await laneAnswers();
    const cases: Record<string, string>[] = [{}, { accept: '*/*' }, { accept: 'application/json' }, { accept: 'application/graphql-response+json' },
      { 'accept-encoding': 'gzip' }, { 'accept-encoding': 'br;q=1, gzip;q=0.5' }, { 'accept-encoding': 'identity' }];
    for (const extra of cases) {
      const { fromYoga, fromLane } = await both({ headers: headersFor(tenant.readKey, extra), body: body(PAGE) });
      expectSameNodeAnswer(fromLane, fromYoga);
    }
    const compressed = await lane.send({ headers: headersFor(tenant.readKey, { 'accept-encoding': 'gzip' }), body: body(PAGE) });
    expect(compressed.headers['content-encoding']).toBe('gzip');
    expect(compressed.headers.vary).toBe('Accept-Encoding');
    expect(await laneAnswers()).toBe(before + cases.length + 1);
  });

  it('takes variables and an operation name, and echoes the caller’s request id', async () => {
    const query = 'query One($n: Int!) { assets(first: $n) { edges { node { name } } } } query Two { __typename }';
    const request = (n: number) => ({ headers: headersFor(tenant.readKey, { 'x-request-id': `lane-${n}` }), body: body(query, { variables: { n }, operationName: 'One' }) });
    await yoga.send(request(1));
    const before = await laneAnswers();
    const fromLane = await lane.send(request(2));
    expect(fromLane.headers['x-request-id']).toBe('lane-2');
    expect(JSON.parse(fromLane.text).data.assets.edges).toHaveLength(2);
    expect(await laneAnswers()).toBe(before + 1);
  });

  it('writes the request line yoga writes: operation, principal, status, client address', async () => {
    const request = { headers: headersFor(tenant.readKey, { 'x-forwarded-for': '203.0.113.7' }), body: body(PAGE) };
    const before = await laneAnswers();
    await both(request);
    expect(await laneAnswers()).toBe(before + 1);
    const [fromYoga, fromLane] = logs.requestLines().slice(-2);
    const { time: _t1, requestId: _r1, durationMs: _d1, ...yogaLine } = fromYoga;
    const { time: _t2, requestId: _r2, durationMs: _d2, ...laneLine } = fromLane;
    expect(laneLine).toEqual(yogaLine);
    expect(laneLine).toMatchObject({ method: 'POST', path: '/graphql', api: 'graphql', operation: 'LanePage', status: 200, client: '203.0.113.7', principal: { kind: 'api_key' } });
  });
});

describe('what the direct lane hands on to yoga', () => {
  const large = `${PAGE}${' '.repeat(17 * 1024)}`;
  const cases: [string, Parameters<Listening['send']>[0]][] = [
    ['a key the instance does not know', { headers: headersFor('sk_unknown'), body: body(PAGE) }],
    ['a body that is not JSON', { headers: headersFor('READ_KEY'), body: '{"query": ' }],
    ['a body that is not an object', { headers: headersFor('READ_KEY'), body: '[1]' }],
    ['a query text not read before', { headers: headersFor('READ_KEY'), body: body('{ __typename }') }],
    ['a cross-origin request (CORS is yoga’s)', { headers: headersFor('READ_KEY', { origin: 'https://app.example' }), body: body(PAGE) }],
    ['extensions', { headers: headersFor('READ_KEY'), body: body(PAGE, { extensions: { client: 'x' } }) }],
    ['an Accept list', { headers: headersFor('READ_KEY', { accept: 'application/graphql-response+json, application/json;q=0.9' }), body: body(PAGE) }],
    ['a body over 16 KiB', { headers: headersFor('READ_KEY'), body: body(large) }],
    ['another path', { path: '/graphql?x=1', headers: headersFor('READ_KEY'), body: body(PAGE) }],
  ];
  it.each(cases)('%s: the answer yoga gives, the body read once', async (_name, request) => {
    const withKey = { ...request, headers: Object.fromEntries(Object.entries(request.headers!).map(([name, value]) => [name, value.replace('READ_KEY', tenant.readKey)])) };
    await yoga.send({ headers: headersFor(tenant.readKey), body: body(PAGE) }); // the text is known
    const before = await laneAnswers();
    const { fromYoga, fromLane } = await both(withKey);
    expectSameNodeAnswer(fromLane, fromYoga);
    expect(await laneAnswers()).toBe(before);
  });

  it('a key revoked since its last request: yoga’s 401, nothing answered by the lane', async () => {
    const { key, apiKey } = (await tenant.ok('mutation { createApiKey(input: { name: "lane, revoked soon", scopes: ["read"] }) { key apiKey { id } } }')).createApiKey;
    const request = { headers: headersFor(key), body: body(PAGE) };
    await yoga.send(request);
    expect((await lane.send(request)).status).toBe(200); // known to the instance now
    await tenant.ok('mutation($id: UUID!) { revokeApiKey(id: $id) { id } }', { id: apiKey.id });
    const before = await laneAnswers();
    const refused = await lane.send(request);
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.text).data ?? null).toBeNull();
    expect(await laneAnswers()).toBe(before);
  });

  it('a mutation: run once, by yoga', async () => {
    const mutation = 'mutation { createLocation(input: { name: "Lane HQ" }) { name } }';
    const answer = await lane.send({ headers: headersFor(tenant.writeKey), body: body(mutation) });
    expect(JSON.parse(answer.text)).toEqual({ data: { createLocation: { name: 'Lane HQ' } } });
    const { locations } = await tenant.ok('{ locations(first: 50) { edges { node { name } } } }');
    expect(locations.edges.filter((edge: any) => edge.node.name === 'Lane HQ')).toHaveLength(1);
  });
});

describe('the direct lane and budgets', () => {
  const QUERY = '{ assets(first: 1) { edges { node { name } } } }';
  const ask = (served: Listening) => served.send({ headers: headersFor(tenant.readKey), body: body(QUERY) });

  it('sends the budget headers yoga sends; a throttled request gets yoga’s 429 and Retry-After, no statement', async () => {
    // Room for three requests at the floor (the lane's two, yoga's one), then almost nothing restored.
    const { own, served, plain, close } = await laneApps(api.db, cipher, { budgets: budgetTable({ growth: { capacity: 170, floor: 50, restoreRate: 0.001 } }) });
    try {
      const first = await ask(served);
      const second = await ask(served);
      expect(await directReadCount(own, 'http')).toBe(1);
      expectSameNodeAnswer(second, await ask(plain)); // the same headers and body (the budget one request emptier)
      expect(second.headers['x-ratelimit-cost']).toBe(first.headers['x-ratelimit-cost']);
      expect(Object.keys(second.headers).filter((name) => name.startsWith('x-ratelimit-')).sort()).toEqual(
        ['x-ratelimit-cost', 'x-ratelimit-floor', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'x-ratelimit-used']);
      expect(Number(second.headers['x-ratelimit-remaining'])).toBe(Number(first.headers['x-ratelimit-remaining']) - 50);
      expect(JSON.parse(second.text).extensions.cost.chargedCost).toBe(50);
      const statements = await api.recordSql(async () => {
        const throttled = await ask(served);
        // Retry-After and the message's seconds may differ by one between the two (points restore meanwhile).
        const fromYoga = await ask(plain);
        expect([throttled.status, Object.keys(throttled.headers).sort()]).toEqual([fromYoga.status, Object.keys(fromYoga.headers).sort()]);
        expect(throttled.status).toBe(429);
        expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
        expect(JSON.parse(throttled.text).errors[0].extensions.code).toBe('THROTTLED');
      });
      expect(statements.some(isCompiledStatement)).toBe(false);
    } finally {
      await close();
    }
  });

  it('a statement that fails after the charge: refunded, the read answered by the pipeline, charged once', async () => {
    await expectFailedStatementRefunded(api.db, cipher, ask, (text) => JSON.parse(text).data);
  });
});

describe('an answer the direct lane cannot send', () => {
  it('is masked as yoga masks it: a 500 with INTERNAL_SERVER_ERROR and the request id, the error on the request line, nothing handed on', async () => {
    // A read whose data cannot be written as JSON (a BigInt): the failure comes after the read, as a compression error would.
    const document = parse('query Unsendable { __typename }');
    const reads = { answeredDocument: () => document, compile: () => ({}), answer: async () => ({ data: { __typename: 1n } }) } as unknown as CompiledReads;
    const own = captureLogs();
    const directReads = new DirectReads({
      reads, operationCosts: new OperationCosts(DEFAULT_COST_LIMITS), budgets: null,
      knownContext: (request) => ({ principal: null, requestInfo: requestInfo(request) }) as Context,
    });
    let handedOn = 0;
    const served = await listen(directLane(new DirectReadHost(directReads, { logger: own.logger, trustProxy: false }), (_request, response) => {
      handedOn += 1;
      response.writeHead(599).end();
    }));
    try {
      const answer = await served.send({ headers: headersFor('sk_any', { 'accept-encoding': 'gzip' }), body: body('query Unsendable { __typename }') });
      const requestId = answer.headers['x-request-id'];
      expect([answer.status, answer.headers['content-type'], answer.headers.vary]).toEqual([500, 'application/json; charset=utf-8', 'Accept-Encoding']);
      expect(JSON.parse(answer.text)).toEqual({ errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } }] });
      expect(handedOn).toBe(0);
      expect(own.requestLines()).toEqual([expect.objectContaining({ requestId, status: 500, operation: 'Unsendable', err: expect.objectContaining({ type: 'TypeError' }) })]);
    } finally {
      await served.close();
    }
  });
});
