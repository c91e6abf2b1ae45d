// Database settings from the environment (src/config.ts → src/db/database.ts): the pool size and
// the statement timeout of PostgreSQL connections, PGlite's memory; migrations checked at start-up.
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { ConfigError, loadConfig } from '../src/config.js';
import { readdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { openDatabase, pgliteStartParams } from '../src/db/database.js';
import { applyMigrations, migrationsDir } from '../src/db/migrations.js';
import { pgliteExtensions } from '../src/db/pglite-extensions.js';
import { recordingFactory } from '../src/db/sql-recording.js';

const serverUrl = process.env.TEST_DATABASE_URL;
const idleFor = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `test` on a database of its own on the test server, with a count of its backends; dropped after. */
async function withScratchDatabase(label: string, test: (url: string, backends: () => Promise<number>) => Promise<void>) {
  const name = `itam_test_${label}_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl!);
  url.pathname = `/${name}`;
  const backends = async () => (await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name])).rows[0].n;
  try {
    await test(url.toString(), backends);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

describe('DATABASE_POOL_SIZE, DATABASE_POOL_IDLE_MS and STATEMENT_TIMEOUT_MS', () => {
  it('default to 10 connections kept 60 s idle and no timeout; bad values stop start-up naming the variable', () => {
    expect(loadConfig({})).toMatchObject({ poolSize: 10, poolIdleMs: 60_000, statementTimeoutMs: undefined });
    expect(loadConfig({ DATABASE_POOL_SIZE: '4', DATABASE_POOL_IDLE_MS: '0', STATEMENT_TIMEOUT_MS: '2500' })).toMatchObject({ poolSize: 4, poolIdleMs: 0, statementTimeoutMs: 2500 });
    expect(() => loadConfig({ DATABASE_POOL_IDLE_MS: 'soon' })).toThrow(/DATABASE_POOL_IDLE_MS/);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: 'many' })).toThrow(/DATABASE_POOL_SIZE/);
    expect(() => loadConfig({ STATEMENT_TIMEOUT_MS: '-1' })).toThrow(/STATEMENT_TIMEOUT_MS/);
  });

  it.skipIf(!serverUrl)('on PostgreSQL: a statement over the timeout is cancelled; the pool holds at most the size', () => withScratchDatabase('options', async (url, backends) => {
    const db = await openDatabase({ databaseUrl: url, dataDir: 'unused', poolSize: 2, statementTimeoutMs: 1000 });
    try {
      await expect(db.prisma.$queryRawUnsafe('SELECT 1 AS slept FROM pg_sleep(3)')).rejects.toThrow(/statement timeout/);
      // Four concurrent sleeps on two connections: at most two backends at once.
      const sleeps = Promise.all(Array.from({ length: 4 }, () => db.prisma.$queryRawUnsafe('SELECT 1 AS slept FROM pg_sleep(0.2)')));
      await idleFor(50);
      expect(await backends()).toBeLessThanOrEqual(2);
      await sleeps;
    } finally {
      await db.close();
    }
  }));

  it.skipIf(!serverUrl)('on PostgreSQL: an idle connection stays open for DATABASE_POOL_IDLE_MS, then closes', () => withScratchDatabase('idle', async (url, backends) => {
    const kept = await openDatabase({ databaseUrl: url, dataDir: 'unused', poolIdleMs: 1500 });
    try {
      await kept.prisma.$queryRawUnsafe('SELECT 1');
      await idleFor(500);
      expect(await backends()).toBe(1);
      await idleFor(2000);
      expect(await backends()).toBe(0);
    } finally {
      await kept.close();
    }
    const byDefault = await openDatabase({ databaseUrl: url, dataDir: 'unused' });
    try {
      await byDefault.prisma.$queryRawUnsafe('SELECT 1');
      // Past pg's own 10 s default: still open.
      await idleFor(11_000);
      expect(await backends()).toBe(1);
    } finally {
      await byDefault.close();
    }
  }), 30_000);
});

describe('PGLITE_SHARED_BUFFERS (embedded PGlite memory)', () => {
  it('defaults to a 16 MB page cache and 16 MB for index builds; a bad size stops start-up naming the variable', async () => {
    expect(loadConfig({}).pgliteSharedBuffers).toBe('16MB');
    expect(loadConfig({ PGLITE_SHARED_BUFFERS: '64MB' }).pgliteSharedBuffers).toBe('64MB');
    expect(() => loadConfig({ PGLITE_SHARED_BUFFERS: '64' })).toThrow(/PGLITE_SHARED_BUFFERS must be a size like 16MB/);
    expect(() => loadConfig({ PGLITE_SHARED_BUFFERS: 'lots' })).toThrow(ConfigError);

    const db = await openDatabase({ dataDir: 'memory://', pgliteSharedBuffers: '24MB' });
    try {
      const [settings] = await db.prisma.$queryRawUnsafe<{ shared_buffers: string; maintenance_work_mem: string }[]>(
        `SELECT current_setting('shared_buffers') AS shared_buffers, current_setting('maintenance_work_mem') AS maintenance_work_mem`);
      expect(settings).toEqual({ shared_buffers: '24MB', maintenance_work_mem: '16MB' });
    } finally {
      await db.close();
    }
    // Unset, PGlite's defaults plus the laptop-sized cache.
    expect(pgliteStartParams(PGlite.defaultStartParams)).toEqual([...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB', '-c', 'maintenance_work_mem=16MB']);
  }, 120_000);
});

describe('migrations at start-up (src/db/migrations.ts)', () => {
  it('a database recording every migration with its checksum is checked in one statement; a changed file goes to the engine', async () => {
    const pglite = new PGlite('memory://', { extensions: pgliteExtensions });
    const statements: string[] = [];
    const factory = recordingFactory(new PrismaPGlite(pglite), ({ sql }) => statements.push(sql));
    try {
      const onDisk = (await readdir(migrationsDir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
      expect(await applyMigrations(factory)).toEqual(onDisk);

      statements.length = 0;
      expect(await applyMigrations(factory)).toEqual([]);
      expect(statements).toHaveLength(1);
      expect(statements[0]).toMatch(/^SELECT migration_name, checksum FROM _prisma_migrations/);

      // As if the first migration's file had been edited after it was applied: the engine decides.
      await pglite.query(`UPDATE _prisma_migrations SET checksum = 'edited' WHERE migration_name = $1`, [onDisk[0]]);
      statements.length = 0;
      expect(await applyMigrations(factory)).toEqual([]);
      expect(statements.length).toBeGreaterThan(1);
    } finally {
      await pglite.close();
    }
  }, 180_000);
});
