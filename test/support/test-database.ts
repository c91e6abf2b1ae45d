// A database of its own for each test file: in-memory PGlite by default; with
// TEST_DATABASE_URL=postgresql://…/postgres a fresh PostgreSQL database created and dropped here.
// Both record every SQL statement at the driver (db.onSql), for the testkit's query counts.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migratedPgliteSnapshot, openDatabase, type Database } from '../../src/db/database.js';

// Migrated once per worker (workers keep modules between files: vitest.config.ts): a new PGlite
// otherwise runs initdb and every migration, several seconds of each file's set-up.
let pgliteSnapshot: Promise<Blob> | undefined;

export async function openTestDatabase(): Promise<Database> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return openDatabase({ dataDir: 'memory://', recordSql: true, pgliteSnapshot: await (pgliteSnapshot ??= migratedPgliteSnapshot()) });
  const name = `itam_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), dataDir: 'unused', recordSql: true });
  return {
    ...db,
    async close() {
      await db.close();
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function adminQuery(serverUrl: string, sql: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
