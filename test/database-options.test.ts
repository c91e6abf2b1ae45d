// Database settings from the environment (src/config.ts → src/db/database.ts): the pool size and
// the statement timeout of PostgreSQL connections.
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { ConfigError, loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';

const serverUrl = process.env.TEST_DATABASE_URL;

describe('DATABASE_POOL_SIZE and STATEMENT_TIMEOUT_MS', () => {
  it('default to 10 connections and no timeout; bad values stop start-up naming the variable', () => {
    expect(loadConfig({})).toMatchObject({ poolSize: 10, statementTimeoutMs: undefined });
    expect(loadConfig({ DATABASE_POOL_SIZE: '4', STATEMENT_TIMEOUT_MS: '2500' })).toMatchObject({ poolSize: 4, statementTimeoutMs: 2500 });
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: 'many' })).toThrow(/DATABASE_POOL_SIZE/);
    expect(() => loadConfig({ STATEMENT_TIMEOUT_MS: '-1' })).toThrow(/STATEMENT_TIMEOUT_MS/);
  });

  it.skipIf(!serverUrl)('on PostgreSQL: a statement over the timeout is cancelled; the pool holds at most the size', async () => {
    const name = `itam_test_options_${process.pid}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(serverUrl!);
    url.pathname = `/${name}`;
    const db = await openDatabase({ databaseUrl: url.toString(), dataDir: 'unused', poolSize: 2, statementTimeoutMs: 1000 });
    try {
      await expect(db.prisma.$queryRawUnsafe('SELECT 1 AS slept FROM pg_sleep(3)')).rejects.toThrow(/statement timeout/);
      // Four concurrent sleeps on two connections: at most two backends at once.
      const backends = () => admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1`, [name]);
      const sleeps = Promise.all(Array.from({ length: 4 }, () => db.prisma.$queryRawUnsafe('SELECT 1 AS slept FROM pg_sleep(0.2)')));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await backends()).rows[0].n).toBeLessThanOrEqual(2);
      await sleeps;
    } finally {
      await db.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
