// npm start on PostgreSQL (a cluster of the test's own): start-up prints no pg deprecation
// warning, logs are JSON lines, and on SIGTERM the pool is closed only after a request whose
// client has gone away has finished its work — its write is committed, nothing fails.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from './support/server-process.js';
import { hasPostgresBinaries, startThrowawayPostgres, type ThrowawayPostgres } from './support/throwaway-postgres.js';

describe.skipIf(!hasPostgresBinaries())('npm start on PostgreSQL: start-up and SIGTERM', () => {
  let cluster: ThrowawayPostgres;
  beforeAll(async () => { cluster = await startThrowawayPostgres(); });
  afterAll(async () => { await cluster?.destroy(); });

  it('logs JSON lines without a deprecation warning; SIGTERM waits for the request of a client that went away', async () => {
    const server = startServer({ DATABASE_URL: cluster.url, ENCRYPTION_KEY: randomBytes(32).toString('hex'), NODE_OPTIONS: '--trace-deprecation' });
    const { port, key } = await server.ready;
    const base = `http://127.0.0.1:${port}`;
    const gql = (query: string, signal?: AbortSignal) => fetch(`${base}/graphql`, {
      method: 'POST', signal,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query }),
    });
    const { data } = await (await gql('{ assets(first: 1) { edges { node { id } } } }')).json() as any;
    const assetId: string = data.assets.edges[0].node.id;

    // Hold the asset's row so the rename below blocks inside its transaction.
    const locker = new pg.Client({ connectionString: cluster.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT id FROM assets WHERE id = $1 FOR UPDATE', [assetId]);
      const client = new AbortController();
      const rename = gql(`mutation { updateAsset(id: "${assetId}", input: { name: "Renamed during shutdown" }) { name auditEvents(first: 5) { totalCount edges { node { action } } } } }`, client.signal).catch(() => 'gone');
      for (let i = 0; i < 100; i++) {
        const waiting = await locker.query(`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted`);
        if (waiting.rows[0].n > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      client.abort(); // the client goes away mid-request
      expect(await rename).toBe('gone');
      server.child.kill('SIGTERM');
      // Longer than a shutdown that does not wait takes to close the pool.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await locker.query('COMMIT');
    } finally {
      await locker.end();
    }
    expect(await server.exit).toBe(0);

    const output = server.output();
    expect(output).not.toMatch(/DeprecationWarning|Cannot use a pool after calling end/);
    // Every line is one JSON object with a level and a time.
    const lines = output.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.every((line) => typeof line.level === 'string' && typeof line.time === 'string')).toBe(true);
    const renameLine = lines.find((line) => line.msg === 'request' && line.operation === undefined && line.path === '/graphql' && line.principal && line.cost?.requested >= 10);
    expect(renameLine).toMatchObject({ status: 200, api: 'graphql', principal: { kind: 'api_key' } });
    // The request finished (and was logged) before the database was closed.
    expect(lines.map((line) => line.msg).slice(-2)).toEqual(['request', 'stopped']);

    // The abandoned request's write finished before the pool closed.
    const check = new pg.Client({ connectionString: cluster.url });
    await check.connect();
    try {
      const { rows } = await check.query('SELECT name FROM assets WHERE id = $1', [assetId]);
      expect(rows[0].name).toBe('Renamed during shutdown');
    } finally {
      await check.end();
    }
  }, 120_000);
});
