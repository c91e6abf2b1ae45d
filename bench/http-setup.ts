// The data bench:http runs on: one PostgreSQL database per size (itam_bench_100k, itam_bench_1m…),
// created and seeded by `npm run seed` when empty, a write key made with `npm run cli` for the
// organization with the most assets, and what the scenarios need from it.
import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { FieldCipher, parseEncryptionKey } from '../src/crypto/field-cipher.js';

const root = path.resolve(import.meta.dirname, '..');
export const DEFAULT_BENCH_URL = 'postgresql://postgres@127.0.0.1:5432/itam_bench';
// Bench data only: a published key, so a seeded bench database can be reused by anyone. Set
// ENCRYPTION_KEY to seed and run with another one.
export const BENCH_ENCRYPTION_KEY = '5ffb6e8993228d7baf12df8d46b2c48aa0f0564f148c4a49e6f7d3f3aeb69d6d';

export const sizeLabel = (assets: number) =>
  assets % 1_000_000 === 0 ? `${assets / 1_000_000}m` : assets % 1_000 === 0 ? `${assets / 1_000}k` : String(assets);

/** BENCH_DATABASE_URL (default …/itam_bench) with the size appended to the database name. */
export function benchDatabaseUrl(assets: number, base = process.env.BENCH_DATABASE_URL || DEFAULT_BENCH_URL): string {
  const url = new URL(base);
  url.pathname = `${url.pathname.replace(/\/$/, '') || '/itam_bench'}_${sizeLabel(assets)}`;
  return url.toString();
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** A child process of ours (seed, CLI); resolves with its stdout; its stderr (progress) is shown. */
function run(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout!.on('data', (chunk) => { stdout += chunk; });
    child.once('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${args.slice(2).join(' ')} failed (exit ${code})`))));
  });
}

export interface SeedReport {
  seconds: number;
  totalRows: number;
  rowsPerSecond: number;
  loadRowsPerSecond: number;
  phases: { loadSeconds: number; indexSeconds: number; analyzeSeconds: number };
  rows: Record<string, number>;
}

/** Creates the database if needed and seeds it when it has no organization; null when it was seeded before. */
export async function ensureSeeded(url: string, assets: number, encryptionKey: string): Promise<SeedReport | null> {
  const name = new URL(url).pathname.slice(1);
  const server = new URL(url);
  server.pathname = '/postgres';
  await withClient(server.toString(), async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  });
  const organizations = await withClient(url, async (client) => {
    const { rows } = await client.query(`SELECT to_regclass('organizations') IS NOT NULL AS migrated`);
    return rows[0].migrated ? Number((await client.query('SELECT count(*) FROM organizations')).rows[0].count) : 0;
  });
  if (organizations) return null;
  console.error(`bench: seeding ${name} with ${assets.toLocaleString('en-US')} assets (npm run seed)…`);
  const output = await run(['--max-semi-space-size=32', 'scripts/start.mjs', 'src/seed/cli.ts', '--assets', String(assets), '--seed', '1', '--json'], {
    DATABASE_URL: url, ENCRYPTION_KEY: encryptionKey,
  });
  const { seconds, totalRows, rowsPerSecond, loadRowsPerSecond, phases, rows } = JSON.parse(output) as SeedReport;
  return { seconds, totalRows, rowsPerSecond, loadRowsPerSecond, phases, rows };
}

export interface BenchTarget {
  organizationId: string;
  assets: number;
  auditEvents: number;
  /** Row index (newest first) whose cursor the deep page starts after: ~90 % down. */
  deepIndex: number;
  /** One of the oldest assets with the longest history. */
  assetId: string;
  postgres: string;
}

export async function benchTarget(url: string, assets: number, encryptionKey: string): Promise<BenchTarget> {
  return withClient(url, async (client) => {
    const { rows: [org] } = await client.query(`SELECT organization_id, count(*)::int AS assets FROM assets GROUP BY 1 ORDER BY 2 DESC LIMIT 1`);
    if (!org || org.assets < assets * 0.99) {
      throw new Error(`${new URL(url).pathname.slice(1)} has ${org?.assets ?? 0} assets in its largest organization, not ${assets}: drop it to reseed (dropdb)`);
    }
    const { rows: [serial] } = await client.query(`SELECT serial_number FROM assets WHERE organization_id = $1 AND serial_number IS NOT NULL LIMIT 1`, [org.organization_id]);
    try {
      if (serial) new FieldCipher(parseEncryptionKey(encryptionKey)).decrypt(serial.serial_number);
    } catch {
      throw new Error('ENCRYPTION_KEY is not the key this database was seeded with');
    }
    const { rows: [events] } = await client.query(`SELECT count(*)::int AS n FROM audit_events WHERE organization_id = $1`, [org.organization_id]);
    const { rows: [stints] } = await client.query(`SELECT count(*)::int AS n FROM assignments WHERE organization_id = $1`, [org.organization_id]);
    // Every asset has its asset.created event and every assignment its checkout: fewer, and the seed was cut short.
    if (events.n < org.assets + stints.n) {
      throw new Error(`${new URL(url).pathname.slice(1)} looks partly seeded (${events.n} audit events for ${org.assets} assets and ${stints.n} assignments): drop it to reseed (dropdb)`);
    }
    const { rows: [storied] } = await client.query(`
      SELECT entity_id FROM audit_events
      WHERE organization_id = $1 AND entity_type = 'Asset'
        AND entity_id IN (SELECT id FROM assets WHERE organization_id = $1 ORDER BY created_at, id LIMIT 2000)
      GROUP BY entity_id ORDER BY count(*) DESC, entity_id LIMIT 1`, [org.organization_id]);
    const { rows: [version] } = await client.query(`SHOW server_version`);
    return {
      organizationId: org.organization_id, assets: org.assets, auditEvents: events.n,
      deepIndex: Math.floor(org.assets * 0.9), assetId: storied.entity_id, postgres: version.server_version,
    };
  });
}

/**
 * A write key for the organization, made as an operator makes one (`npm run cli -- key create`).
 * Its cost budget is raised out of reach, so the limiter does all its work but never throttles
 * a measurement (the benchmark measures the limiter's cost, not the plan's limits).
 */
export async function createBenchKey(url: string, organizationId: string, encryptionKey: string): Promise<string> {
  const output = await run(['--import', 'tsx', 'src/cli.ts', 'key', 'create', '--org', organizationId, '--name', 'bench:http', '--scopes', 'read,write', '--json'], {
    DATABASE_URL: url, ENCRYPTION_KEY: encryptionKey,
  });
  const key = JSON.parse(output) as { id: string; secret: string };
  await withClient(url, (client) =>
    client.query('UPDATE api_keys SET budget_capacity = 2000000000, budget_restore_rate = 1e9 WHERE id = $1', [key.id]));
  return key.secret;
}

/**
 * Waits until no statement runs on the database but ours: requests a load generator abandoned at
 * the end of a run go on in the server, and must not weigh on the next measurement.
 */
export async function waitUntilQuiet(url: string, limitMs = 120_000): Promise<void> {
  await withClient(url, async (client) => {
    const deadline = Date.now() + limitMs;
    let quiet = 0;
    while (quiet < 2 && Date.now() < deadline) {
      const { rows } = await client.query(
        `SELECT count(*)::int AS busy FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()`);
      quiet = rows[0].busy ? 0 : quiet + 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
}
