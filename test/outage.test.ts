// Health, readiness and database outages, on a PostgreSQL cluster this test stops and starts:
// liveness stays 200; readiness and every request that needs the database answer 503 with
// Retry-After (GraphQL: SERVICE_UNAVAILABLE; REST: the dialect's { error }), each with one log
// line; once the cluster is back, the same app serves again without a restart.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { bootstrapOrganization } from '../src/auth/key-admin.js';
import { FieldCipher } from '../src/crypto/field-cipher.js';
import { openDatabase, type Database } from '../src/db/database.js';
import { redisReadiness } from '../src/yoga/redis-readiness.js';
import { captureLogs } from './support/log-capture.js';
import { hasPostgresBinaries, startThrowawayPostgres, type ThrowawayPostgres } from './support/throwaway-postgres.js';

const ASSETS = '{ assets(first: 5) { totalCount } }';

describe.skipIf(!hasPostgresBinaries())('a database outage (a PostgreSQL cluster stopped and started by the test)', () => {
  let cluster: ThrowawayPostgres;
  let db: Database;
  let app: App;
  let key: string;
  const logs = captureLogs();

  beforeAll(async () => {
    cluster = await startThrowawayPostgres();
    db = await openDatabase({ databaseUrl: cluster.url, dataDir: 'unused', connectTimeoutMs: 1_000 });
    app = createApp(db, { cipher: new FieldCipher(randomBytes(32)), logger: logs.logger });
    key = (await bootstrapOrganization(db.prisma, { org: 'Outage Ltd', email: 'admin@outage.test' })).writeKey;
  });
  afterAll(async () => {
    await db?.close().catch(() => {});
    await cluster?.destroy();
  });

  const graphql = (accept = 'application/json') => app.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept, authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: ASSETS }),
  });
  const rest = () => app.fetch('http://test/api/assets', { headers: { authorization: `Bearer ${key}` } });

  it('while the database answers: /health and /ready 200, requests served', async () => {
    const health = await app.fetch('http://test/health');
    expect(health.status).toBe(200);
    const ready = await app.fetch('http://test/ready');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'ok' } });
    const response = await graphql();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { assets: { totalCount: 0 } }, extensions: expect.anything() });
  });

  it('while it is stopped: /health 200, /ready and requests 503 with Retry-After, one log line each; back to 200 once it is started', async () => {
    cluster.stop();
    try {
      expect((await app.fetch('http://test/health')).status).toBe(200);

      const ready = await app.fetch('http://test/ready');
      expect(ready.status).toBe(503);
      expect(ready.headers.get('retry-after')).toBe('5');
      expect(await ready.json()).toEqual({ status: 'unavailable', checks: { database: 'unreachable' } });

      const before = logs.requestLines().length;
      for (const accept of ['application/json', 'application/graphql-response+json']) {
        const response = await graphql(accept);
        expect(response.status, accept).toBe(503);
        expect(response.headers.get('retry-after')).toBe('5');
        const body = await response.json();
        expect(body.errors).toEqual([expect.objectContaining({ extensions: { code: 'SERVICE_UNAVAILABLE' } })]);
        expect(body.errors[0].message).toMatch(/database cannot be reached/);
      }

      const restResponse = await rest();
      expect(restResponse.status).toBe(503);
      expect(restResponse.headers.get('retry-after')).toBe('5');
      expect(await restResponse.json()).toEqual({ error: expect.stringMatching(/database cannot be reached/) });

      // One line per failed request (three), at warn, naming status and the cause.
      const failed = logs.requestLines().slice(before);
      expect(failed.map((line) => [line.level, line.status, line.api])).toEqual([
        ['warn', 503, 'graphql'], ['warn', 503, 'graphql'], ['warn', 503, 'rest'],
      ]);
      expect(failed[2].route).toBe('GET /api/assets');
      expect(failed[0].err?.message).toMatch(/reach database server|ECONNREFUSED|terminat/i);
      expect(logs.lines.filter((line) => line.level === 'error')).toEqual([]);
    } finally {
      cluster.start();
    }

    expect((await app.fetch('http://test/ready')).status).toBe(200);
    const again = await graphql();
    expect(again.status).toBe(200);
    expect((await again.json()).data).toEqual({ assets: { totalCount: 0 } });
    expect((await rest()).status).toBe(200);
  });

  describe('GET /ready with Redis as a dependency (RATE_LIMIT_FAIL_CLOSED)', () => {
    it('is 200 while Redis answers PING and 503 naming redis while it cannot be reached', async () => {
      const reachable = redisReadiness(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
      const unreachable = redisReadiness('redis://127.0.0.1:1');
      try {
        const cipher = new FieldCipher(randomBytes(32));
        const up = createApp(db, { cipher, logger: captureLogs().logger, readinessChecks: { redis: reachable.check } });
        const upReady = await up.fetch('http://test/ready');
        expect(await upReady.json()).toEqual({ status: 'ready', checks: { database: 'ok', redis: 'ok' } });
        expect(upReady.status).toBe(200);

        const down = createApp(db, { cipher, logger: captureLogs().logger, readinessChecks: { redis: unreachable.check } });
        const downReady = await down.fetch('http://test/ready');
        expect(downReady.status).toBe(503);
        expect(downReady.headers.get('retry-after')).toBe('5');
        expect(await downReady.json()).toEqual({ status: 'unavailable', checks: { database: 'ok', redis: 'unreachable' } });
      } finally {
        await reachable.close();
        await unreachable.close();
      }
    });
  });
});
