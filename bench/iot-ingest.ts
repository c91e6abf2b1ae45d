// IoT ingestion: signals per second through POST /api/integrations/iot/signals in batches of
// 1,000 (the whole pipeline: auth, plan gate, cost, validation, one INSERT, audit) against a
// raw-SQL baseline (the same unnest INSERT sent with pg), on PostgreSQL (BENCH_DATABASE_URL's
// server; a scratch database is made and dropped). Short on purpose: 3 rounds of 5 batches each.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createApp } from '../src/app.js';
import { bootstrapOrganization } from '../src/auth/key-admin.js';
import { FieldCipher } from '../src/crypto/field-cipher.js';
import { openDatabase } from '../src/db/database.js';
import { DEFAULT_BENCH_URL } from './http-setup.js';

const BATCH = 1000;
const BATCHES_PER_ROUND = 5;
const ROUNDS = 3;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const server = new URL(process.env.BENCH_DATABASE_URL || DEFAULT_BENCH_URL);
const scratch = `itam_bench_iot_${process.pid}`;
const admin = new URL(server);
admin.pathname = '/postgres';
const url = new URL(server);
url.pathname = `/${scratch}`;

async function onServer(sql: string) {
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try { await client.query(sql); } finally { await client.end(); }
}

await onServer(`CREATE DATABASE "${scratch}"`);
try {
  const db = await openDatabase({ databaseUrl: url.toString(), dataDir: 'memory://' });
  const raw = new pg.Client({ connectionString: url.toString() });
  await raw.connect();
  try {
    const tenant = await bootstrapOrganization(db.prisma, { org: 'IoT bench', email: 'iot@bench.example', plan: 'enterprise' });
    const app = createApp(db, { cipher: new FieldCipher(randomBytes(32)), budgetStore: null });
    const asset = await (await app.fetch('http://bench/api/integrations/assets/create', {
      method: 'POST', headers: { authorization: `Bearer ${tenant.writeKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Sensor hub' }),
    })).json() as { id: string };
    const batch = (round: number, n: number) => Array.from({ length: BATCH }, (_, i) => ({
      asset_id: asset.id, signal_type: i % 2 ? 'temperature' : 'vibration', value: Math.sin(i) * 50, unit: 'u',
      timestamp: new Date(Date.now() - (round * BATCHES_PER_ROUND + n) * 60_000 - i).toISOString(),
    }));

    async function viaApi(round: number) {
      const started = performance.now();
      for (let n = 0; n < BATCHES_PER_ROUND; n++) {
        const response = await app.fetch('http://bench/api/integrations/iot/signals', {
          method: 'POST', headers: { authorization: `Bearer ${tenant.writeKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ signals: batch(round, n) }),
        });
        if (response.status !== 202) throw new Error(`ingestion answered ${response.status}: ${await response.text()}`);
      }
      return (BATCH * BATCHES_PER_ROUND) / ((performance.now() - started) / 1000);
    }

    async function viaRawSql(round: number) {
      const started = performance.now();
      for (let n = 0; n < BATCHES_PER_ROUND; n++) {
        const rows = batch(round, n);
        await raw.query(
          `INSERT INTO asset_signals (organization_id, asset_id, signal_type, value, unit, recorded_at, metadata)
           SELECT $1::uuid, s.asset_id::uuid, s.signal_type, s.value::float8, s.unit, s.recorded_at::timestamptz, s.metadata::jsonb
             FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS s(asset_id, signal_type, value, unit, recorded_at, metadata)`,
          [tenant.organizationId, rows.map((r) => r.asset_id), rows.map((r) => r.signal_type), rows.map((r) => String(r.value)),
            rows.map((r) => r.unit), rows.map((r) => r.timestamp), rows.map(() => null)],
        );
      }
      return (BATCH * BATCHES_PER_ROUND) / ((performance.now() - started) / 1000);
    }

    // Rounds alternate, so machine noise hits both sides alike.
    const api: number[] = [];
    const baseline: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      api.push(await viaApi(round));
      baseline.push(await viaRawSql(round + ROUNDS));
    }
    console.log(`\nIoT ingestion on PostgreSQL: batches of ${BATCH}, ${ROUNDS} rounds of ${BATCHES_PER_ROUND} batches (medians)`);
    console.table([
      { path: 'POST /api/integrations/iot/signals', 'signals/s': Math.round(median(api)), 'vs raw SQL': (median(api) / median(baseline)).toFixed(2) },
      { path: 'raw SQL (same INSERT, pg)', 'signals/s': Math.round(median(baseline)), 'vs raw SQL': '1.00' },
    ]);
  } finally {
    await raw.end();
    await db.close();
  }
} finally {
  await onServer(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
}
