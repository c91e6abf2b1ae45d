// The REST lane (rest-shim/rest-lane.ts): over node:http, a GET route whose operation a compiled read
// answered before, called with a key the instance knows, is served before graphql-yoga sees the
// request. The caller cannot tell: every answer is compared with the one yoga gives on a listener
// without the lanes, over the same app and database. What the lane does not take, yoga answers;
// itam_direct_reads_total{entry="http"} counts what the lanes answered.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetTable } from '../src/cost/plans.js';
import { FieldCipher } from '../src/crypto/field-cipher.js';
import { Metrics } from '../src/yoga/metrics.js';
import { defineRoute } from '../rest-shim/define-route.js';
import { RestGetAssetDocument } from '../rest-shim/generated/operations.js';
import { restLane } from '../rest-shim/rest-lane.js';
import { routeTable } from '../rest-shim/route.js';
import { scoutmon } from '../rest-shim/scoutmon/adapter.js';
import { directReadCount, isCompiledStatement } from './support/compiled-reads.js';
import { captureLogs } from './support/log-capture.js';
import { expectSameNodeAnswer } from './support/node-answers.js';
import { expectAnsweredByLane, expectFailedStatementRefunded, laneApps, servedBothWays, type BothWays } from './support/lanes.js';
import { listen, type Listening } from './support/node-http.js';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';

let api: TestApi;
let tenant: Tenant;
let lane: Listening; // app.listener: the lanes in front of yoga
let yoga: Listening; // the same app without them
let bothWays: BothWays;
let both: BothWays['both'];
let close: () => Promise<void>;
let assetId: string;
let userId: string;
const metrics = new Metrics();
const logs = captureLogs();
const cipher = new FieldCipher(randomBytes(32)); // the lanes' own apps below read the same encrypted rows
beforeAll(async () => {
  api = await startTestApi({ cipher, metrics, logger: logs.logger, budgetStore: null });
  tenant = await api.tenant();
  // Enough rows for an answer over 1 KiB (compressed when the client accepts it).
  for (let i = 0; i < 12; i += 1) {
    const { createAsset } = await tenant.ok(`mutation { createAsset(input: { name: "Laptop ${String(i).padStart(2, '0')} on the REST lane", category: "Hardware", serialNumber: "SN-${i}" }) { id } }`);
    assetId = createAsset.id;
  }
  userId = (await tenant.ok('{ users(first: 1) { edges { node { id } } } }')).users.edges[0].node.id;
  await tenant.ok('mutation($input: CheckoutAssetInput!) { checkoutAsset(input: $input) { id } }', { input: { assetId, userId } });
  bothWays = await servedBothWays(api.app);
  ({ lane, yoga, both, close } = bothWays);
});
afterAll(async () => {
  await close();
  await api.close();
});

const get = (path: string, key: string, extra: Record<string, string> = {}) => ({ method: 'GET', path, headers: { authorization: `Bearer ${key}`, ...extra } });
const laneAnswers = () => directReadCount(metrics, 'http');

describe('GET /api/assets (Scoutmon) through the REST lane', () => {
  it('answers as yoga does (status, headers, body, X-Total-Count) with the one compiled statement, before yoga', async () => {
    const fromLane = await expectAnsweredByLane(api, bothWays, metrics, get('/api/assets?limit=10&sort=name&order=asc', tenant.readKey));
    expect(JSON.parse(fromLane.text)).toHaveLength(10);
    expect(fromLane.headers['x-total-count']).toBe('12');
    expect(fromLane.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(fromLane.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('compresses as yoga does, for each Accept it takes', async () => {
    const before = await laneAnswers();
    const cases: Record<string, string>[] = [{}, { accept: '*/*' }, { accept: 'application/json' }, { 'accept-encoding': 'gzip' }, { 'accept-encoding': 'br' }, { 'accept-encoding': 'identity' }];
    for (const extra of cases) {
      const { fromYoga, fromLane } = await both(get('/api/assets?limit=12', tenant.readKey, extra));
      expectSameNodeAnswer(fromLane, fromYoga);
    }
    const compressed = await lane.send(get('/api/assets?limit=12', tenant.readKey, { 'accept-encoding': 'br' }));
    expect([compressed.headers['content-encoding'], compressed.headers.vary]).toEqual(['br', 'Accept-Encoding']);
    expect(await laneAnswers()).toBe(before + cases.length + 1);
  });

  it('a path id of no asset: the dialect’s 404 after the read, as yoga answers it', async () => {
    const path = '/api/assets/00000000-0000-4000-8000-000000000000';
    const { fromYoga, fromLane } = await both(get(path, tenant.readKey));
    expectSameNodeAnswer(fromLane, fromYoga);
    expect(fromLane.status).toBe(404);
    const before = await laneAnswers();
    expectSameNodeAnswer(await lane.send(get(path, tenant.readKey)), fromYoga);
    expect(await laneAnswers()).toBe(before + 1);
  });

  it('sends the operation the caller’s headers yoga forwards, and no others (an X-Operator-Token, say)', async () => {
    const request = get('/api/assets?limit=3', tenant.readKey, { 'x-operator-token': 'not-the-operator', 'user-agent': 'lane-spec' });
    const before = await laneAnswers();
    const { fromYoga, fromLane } = await both(request);
    expectSameNodeAnswer(fromLane, fromYoga);
    expect(fromLane.status).toBe(200);
    expect(await laneAnswers()).toBe(before + 1);
  });

  it('writes the request line yoga writes: route, principal, status, client address', async () => {
    const request = get(`/api/assets/${assetId}`, tenant.readKey, { 'x-forwarded-for': '203.0.113.9', 'x-request-id': 'rest-lane-1' });
    await yoga.send(request);
    const before = await laneAnswers();
    const { fromLane } = await both(request);
    expect(fromLane.headers['x-request-id']).toBe('rest-lane-1');
    expect(await laneAnswers()).toBe(before + 1);
    const [fromYoga, fromLaneLine] = logs.requestLines().slice(-2);
    const { time: _t1, durationMs: _d1, ...yogaLine } = fromYoga;
    const { time: _t2, durationMs: _d2, ...laneLine } = fromLaneLine;
    expect(laneLine).toEqual(yogaLine);
    expect(laneLine).toMatchObject({ method: 'GET', path: `/api/assets/${assetId}`, api: 'rest', route: 'GET /api/assets/:id', status: 200, client: '203.0.113.9', principal: { kind: 'api_key' } });
  });
});

describe('every dialect’s GET routes through the REST lane', () => {
  const paths = () => [
    '/api/assets?limit=5', `/api/assets/${assetId}`, `/api/assets/${assetId}/decrypt`, '/api/locations', '/api/users', '/api/vendors',
    `/api/users/${userId}/assets`, '/api/webhooks', '/api/hardware?limit=5', `/api/hardware/${assetId}`, '/api/licenses', '/api/employees',
    '/api/audit-log?limit=5', '/api/dashboard', '/api/reports/depreciation', '/v1/assets?limit=5', `/v1/assets/${assetId}`, '/v1/users',
    `/v1/users/${userId}/assets`, '/v1/webhooks',
  ];
  it('answers each as yoga does, with the read key and the admin’s key (those it takes, and those it hands on)', async () => {
    const answeredByLane = new Set<string>();
    for (const key of [tenant.readKey, tenant.writeKey]) {
      for (const path of paths()) {
        const fromYoga = await yoga.send(get(path, key));
        const before = await laneAnswers();
        const fromLane = await lane.send(get(path, key));
        expectSameNodeAnswer(fromLane, fromYoga, path);
        if ((await laneAnswers()) > before) answeredByLane.add(path.replace(assetId, ':id').replace(userId, ':userId'));
      }
    }
    // The list and item routes of Scoutmon, AssetNode and SenAsset are compiled reads: the lane answered them.
    expect([...answeredByLane]).toEqual(expect.arrayContaining(['/api/assets?limit=5', '/api/assets/:id', '/api/users', '/api/vendors',
      '/api/hardware?limit=5', '/api/hardware/:id', '/api/employees', '/v1/assets?limit=5', '/v1/assets/:id', '/v1/users/:userId/assets']));
  });
});

describe('what the REST lane hands on to yoga', () => {
  const cases: [string, () => Parameters<Listening['send']>[0]][] = [
    ['a key the instance does not know', () => get('/api/assets?limit=5', 'sk_unknown')],
    ['no credential', () => ({ method: 'GET', path: '/api/assets?limit=5' })],
    ['a malformed query parameter (refused before the read)', () => get('/api/assets?limit=abc', tenant.readKey)],
    ['a malformed path id (refused before the read)', () => get('/api/assets/not-a-uuid', tenant.readKey)],
    ['a path no route serves', () => get('/api/nowhere', tenant.readKey)],
    ['a cross-origin request (CORS is yoga’s)', () => get('/api/assets?limit=5', tenant.readKey, { origin: 'https://app.example' })],
    ['an Accept the lane does not map (CSV)', () => get('/api/reports/depreciation', tenant.readKey, { accept: 'text/csv' })],
    ['a GET on a POST-only route (UniAsset: every route plan-gated)', () => get('/api/integrations/assets/create', tenant.readKey)],
    ['a POST', () => ({ method: 'POST', path: '/api/locations', headers: { authorization: `Bearer ${tenant.writeKey}`, 'content-type': 'application/json' }, body: '{"name":"Lane depot"}' })],
  ];
  it.each(cases)('%s: the answer yoga gives', async (name, request) => {
    await yoga.send(get('/api/assets?limit=5', tenant.readKey)); // the operation is known
    const before = await laneAnswers();
    if (name === 'a POST') {
      expect((await lane.send(request())).status).toBe(201);
      const { locations } = await tenant.ok('{ locations(first: 50) { edges { node { name } } } }');
      expect(locations.edges.filter((edge: any) => edge.node.name === 'Lane depot')).toHaveLength(1);
    } else {
      const { fromYoga, fromLane } = await both(request());
      expectSameNodeAnswer(fromLane, fromYoga);
    }
    expect(await laneAnswers()).toBe(before);
  });
});

describe('a route that fails once the lane has read', () => {
  it('answers the dialect’s 500 and logs the error on the request line, once', async () => {
    // A route table of its own: the asset route's operation, an answer that throws.
    const exploding = routeTable('spec', [defineRoute(scoutmon, {
      method: 'GET', path: '/api/exploding/:id', summary: 'fails after its read', access: 'read', pathIds: { id: 'Asset' },
      operation: RestGetAssetDocument, variables: ({ params }) => ({ id: params.id }),
      respond: () => { throw new Error('the answer could not be shaped'); },
      success: { status: 200, description: 'never' },
    })]);
    const served = await listen(restLane(api.app.laneHost, api.app, exploding, [scoutmon]));
    try {
      await yoga.send(get(`/api/assets/${assetId}`, tenant.readKey)); // the operation's text is known
      const before = await laneAnswers();
      const answer = await served.send(get(`/api/exploding/${assetId}`, tenant.readKey));
      expect([answer.status, JSON.parse(answer.text)]).toEqual([500, { error: 'Internal server error' }]);
      expect(answer.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(await laneAnswers()).toBe(before + 1);
      const line = logs.requestLines().at(-1)!;
      expect(line).toMatchObject({ level: 'error', route: 'GET /api/exploding/:id', status: 500, err: { message: 'the answer could not be shaped' } });
      expect(logs.lines.filter((logged) => JSON.stringify(logged).includes('the answer could not be shaped'))).toHaveLength(1);
    } finally {
      await served.close();
    }
  });
});

describe('the REST lane and budgets', () => {
  const ask = (served: Listening) => served.send(get('/api/assets?limit=1', tenant.readKey));

  it('sends yoga’s budget headers; a throttled request gets the dialect’s 429 and Retry-After from yoga, no statement', async () => {
    const { own, served, plain, close } = await laneApps(api.db, cipher, { budgets: budgetTable({ growth: { capacity: 170, floor: 50, restoreRate: 0.001 } }) });
    try {
      const first = await ask(served);
      const second = await ask(served);
      expect(await directReadCount(own, 'http')).toBe(1);
      expectSameNodeAnswer(second, await ask(plain));
      expect(Number(second.headers['x-ratelimit-remaining'])).toBe(Number(first.headers['x-ratelimit-remaining']) - 50);
      const statements = await api.recordSql(async () => {
        const throttled = await ask(served);
        const fromYoga = await ask(plain);
        // Retry-After and the message's seconds may differ by one between the two (points restore meanwhile).
        expect([throttled.status, Object.keys(throttled.headers).sort()]).toEqual([fromYoga.status, Object.keys(fromYoga.headers).sort()]);
        expect(JSON.parse(throttled.text).code ?? JSON.parse(throttled.text).error?.code).toBe(JSON.parse(fromYoga.text).code ?? JSON.parse(fromYoga.text).error?.code);
        expect(throttled.status).toBe(429);
        expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
      });
      expect(statements.some(isCompiledStatement)).toBe(false);
    } finally {
      await close();
    }
  });

  it('a statement that fails after the charge: refunded, answered by the pipeline, charged once, 2 statement attempts', async () => {
    await expectFailedStatementRefunded(api.db, cipher, ask, (text) => JSON.parse(text));
  });
});
