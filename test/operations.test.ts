// Operating the server: one structured log line per request, masked errors a client can quote,
// GraphQL-over-HTTP statuses, GET /metrics behind its token, and compressed JSON answers.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { Plugin } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { FieldCipher } from '../src/crypto/field-cipher.js';
import { DeliveryWorker } from '../src/webhooks/delivery-worker.js';
import { Metrics } from '../src/yoga/metrics.js';
import { negotiateEncoding } from '../src/yoga/use-compression.js';
import { createAsset } from './support/fixtures.js';
import { captureLogs } from './support/log-capture.js';
import { rest } from './support/rest.js';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';

process.env.WEBHOOK_ALLOW_PRIVATE = 'true';
const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const logs = captureLogs();
const metrics = new Metrics();
const cipher = new FieldCipher(randomBytes(32));

// Fault injection for the masked-error spec: a request with this header fails unexpectedly, and
// a request with `x-test-log` logs a line from inside its execution (after an await).
const faults: Plugin = {
  async onExecute({ args }) {
    const request = (args.contextValue as { request: Request }).request;
    if (request.headers.get('x-test-fault')) throw new Error('connection string postgres://admin:hunter2@db failed');
    if (request.headers.get('x-test-log')) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      logs.logger.info('inside the request');
    }
  },
};

let api: TestApi;
let tenant: Tenant;
beforeAll(async () => {
  api = await startTestApi({ cipher, logger: logs.logger, metrics, metricsToken: METRICS_TOKEN, plugins: [faults] });
  tenant = await api.tenant();
});
afterAll(() => api.close());

const post = (body: unknown, headers: Record<string, string> = {}) => api.app.fetch('http://test/graphql', {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.writeKey}`, ...headers },
  body: JSON.stringify(body),
});
const lineOf = (requestId: string) => logs.requestLines().filter((line) => line.requestId === requestId);

describe('request logs', () => {
  it('one JSON line per GraphQL request: id, principal (never the key), operation, cost, status, duration', async () => {
    const response = await post({ query: 'query Assets { assets(first: 5) { totalCount } }', operationName: 'Assets' });
    expect(response.status).toBe(200);
    const requestId = response.headers.get('x-request-id')!;
    const [line] = lineOf(requestId);
    expect(lineOf(requestId)).toHaveLength(1);
    expect(line).toMatchObject({
      level: 'info', msg: 'request', method: 'POST', path: '/graphql', api: 'graphql', operation: 'Assets', status: 200,
      principal: { kind: 'api_key', userId: tenant.userId, organizationId: tenant.organizationId },
      cost: { requested: expect.any(Number), actual: expect.any(Number) },
      durationMs: expect.any(Number),
    });
    expect(line.principal.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(logs.lines)).not.toContain(tenant.writeKey);
  });

  it('one line per REST request, naming the route rather than the path', async () => {
    const asset = await createAsset(tenant, { name: 'Logged laptop' });
    const response = await rest(api, 'GET', `/api/assets/${asset.id}`, { key: tenant.writeKey });
    expect(response.status).toBe(200);
    const lines = lineOf(response.headers.get('x-request-id')!);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ api: 'rest', route: 'GET /api/assets/:id', path: `/api/assets/${asset.id}`, status: 200, principal: { kind: 'api_key' } });
  });

  it('lines logged while a request runs carry its request id', async () => {
    const response = await post({ query: '{ viewer { apiKeyId } }' }, { 'x-test-log': '1', 'x-request-id': 'trace-me-42' });
    expect(response.status).toBe(200);
    expect(logs.lines.filter((line) => line.msg === 'inside the request').map((line) => line.requestId)).toEqual(['trace-me-42']);
  });
});

describe('masked errors', () => {
  it('INTERNAL_SERVER_ERROR carries extensions.requestId; the cause is logged once, on the request line, never sent', async () => {
    const errorsBefore = logs.lines.filter((line) => line.level === 'error').length;
    const response = await post({ query: '{ viewer { apiKeyId } }' }, { 'x-test-fault': '1', accept: 'application/graphql-response+json' });
    const text = await response.text();
    expect(text).not.toContain('hunter2');
    const requestId = response.headers.get('x-request-id')!;
    // No data at all: a server error status, as GraphQL over HTTP requires.
    expect(response.status).toBe(500);
    expect(JSON.parse(text)).toEqual({ errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } }] });
    const errorLines = logs.lines.filter((line) => line.level === 'error').slice(errorsBefore);
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toMatchObject({ msg: 'request', requestId, status: 500 });
    expect(errorLines[0].err.message).toContain('hunter2');
  });
});

describe('GraphQL over HTTP (Accept: application/graphql-response+json)', () => {
  const accept = { accept: 'application/graphql-response+json' };
  it('answers 4xx when there is no data: invalid document 400, bad credential 401', async () => {
    expect((await post({ query: '{ nope }' }, accept)).status).toBe(400);
    expect((await post({ query: '{ viewer { apiKeyId } }' }, { ...accept, authorization: 'Bearer sk_bad' })).status).toBe(401);
  });
  it('answers 200 when there is data, even with field errors', async () => {
    const response = await post({ query: '{ asset(id: "00000000-0000-4000-8000-000000000000") { id } }' }, accept);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ data: { asset: null } });
  });
});

describe('GET /metrics', () => {
  const scrape = (authorization?: string) => api.app.fetch('http://test/metrics', { headers: authorization ? { authorization } : {} });

  it('needs the METRICS_TOKEN bearer token (401 without or with another one)', async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape('Bearer not-the-token-at-all')).status).toBe(401);
    expect((await scrape(`Bearer ${METRICS_TOKEN}`)).status).toBe(200);
  });

  it('does not exist without a token configured', async () => {
    const plain = createApp(api.db, { cipher, logger: captureLogs().logger });
    expect((await plain.fetch('http://test/metrics')).status).toBe(404);
  });

  it('counts requests by operation and status, latency, query cost, throttled requests, webhook deliveries and queue depth', async () => {
    await post({ query: 'query CountMe { assets(first: 1) { totalCount } }' });
    for (let i = 0; i < 11; i++) {
      await rest(api, 'POST', '/api/auth/login', { key: null, body: { email: 'nobody@metrics.test', password: 'wrong password 1' }, headers: { 'x-forwarded-for': '203.0.113.77' } });
    }
    const receiver = await new Promise<Server>((resolve) => { const server = createServer((_, res) => res.end('ok')); server.listen(0, '127.0.0.1', () => resolve(server)); });
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      await tenant.ok('mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }', { input: { url, events: ['asset.created'] } });
      await createAsset(tenant, { name: 'Queued' });
      const queued = await (await scrape(`Bearer ${METRICS_TOKEN}`)).text();
      expect(queued).toMatch(/^itam_webhook_queue_depth 1$/m);

      const worker = new DeliveryWorker({ prisma: api.db.prisma, cipher, onOutcome: (outcome) => metrics.observeDelivery(outcome) });
      expect(await worker.runOnce()).toMatchObject({ claimed: 1, delivered: 1 });
    } finally {
      receiver.close();
    }
    const text = await (await scrape(`Bearer ${METRICS_TOKEN}`)).text();
    expect(text).toMatch(/^itam_http_requests_total\{api="graphql",operation="CountMe",status="200"\} 1$/m);
    expect(text).toMatch(/^itam_http_request_duration_seconds_count\{api="graphql",operation="CountMe"\} 1$/m);
    // The auth limits refuse some of the eleven attempts: each refusal is a 429 and a throttled request.
    const refused = Number(/^itam_http_requests_total\{api="rest",operation="POST \/api\/auth\/login",status="429"\} (\d+)$/m.exec(text)?.[1]);
    expect(refused).toBeGreaterThan(0);
    expect(text).toMatch(new RegExp(`^itam_throttled_requests_total\\{api="rest"\\} ${refused}$`, 'm'));
    expect(text).toMatch(/^itam_query_cost_points_count\{api="graphql"\} [1-9]\d*$/m);
    expect(text).toMatch(/^itam_webhook_deliveries_total\{outcome="delivered"\} 1$/m);
    expect(text).toMatch(/^itam_webhook_queue_depth 0$/m);
    if (api.db.kind === 'postgresql') expect(text).toMatch(/^itam_db_pool_connections\{state="idle"\} \d+$/m);
  });
});

describe('compression', () => {
  const big = { query: '{ __schema { types { name description } } }' };

  it('brotli when accepted, else gzip; small answers and no Accept-Encoding as they are', async () => {
    const br = await post(big, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toMatch(/Accept-Encoding/i);
    const brBody = Buffer.from(await br.arrayBuffer());
    const json = JSON.parse(brotliDecompressSync(brBody).toString('utf8'));
    expect(json.data.__schema.types.length).toBeGreaterThan(20);

    const gz = await post(big, { 'accept-encoding': 'gzip' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    const gzText = gunzipSync(Buffer.from(await gz.arrayBuffer())).toString('utf8');
    expect(JSON.parse(gzText).data).toEqual(json.data);
    expect(brBody.length).toBeLessThan(gzText.length / 3);

    const plain = await post(big);
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(((await plain.json()) as { data: unknown }).data).toEqual(json.data);

    const small = await post({ query: '{ viewer { apiKeyId } }' }, { 'accept-encoding': 'br' });
    expect(small.headers.get('content-encoding')).toBeNull();
  });

  it('compresses REST JSON too', async () => {
    const response = await api.app.fetch('http://test/api/openapi.json', { headers: { 'accept-encoding': 'gzip' } });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(JSON.parse(gunzipSync(Buffer.from(await response.arrayBuffer())).toString('utf8')).openapi).toMatch(/^3\.1/);
  });

  it('leaves answers that already carry a Content-Encoding alone (pre-compressed static files)', async () => {
    const precompressed: Plugin = {
      onRequest({ url, endResponse }) {
        if (url.pathname === '/precompressed.json') {
          endResponse(new Response(new Uint8Array(gzipSync(JSON.stringify({ x: 'y'.repeat(5000) }))), {
            headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
          }));
        }
      },
    };
    const other = createApp(api.db, { cipher, logger: captureLogs().logger, plugins: [precompressed] });
    const response = await other.fetch('http://test/precompressed.json', { headers: { 'accept-encoding': 'br, gzip' } });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(JSON.parse(gunzipSync(Buffer.from(await response.arrayBuffer())).toString('utf8')).x).toHaveLength(5000);
  });

  it('negotiates by quality: q=0 refuses a coding, * stands for the rest', () => {
    expect(negotiateEncoding('gzip, br;q=0')).toBe('gzip');
    expect(negotiateEncoding('identity')).toBeNull();
    expect(negotiateEncoding('*')).toBe('br');
    expect(negotiateEncoding('*, br;q=0')).toBe('gzip');
    expect(negotiateEncoding(null)).toBeNull();
  });
});
