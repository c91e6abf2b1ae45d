// `npm run seed -- --assets 1000000 [--orgs N] [--seed S] [--append] [--as-of YYYY-MM-DD] [--plan P] [--json]`:
// generated organizations in the configured database (DATABASE_URL, or embedded PGlite in
// DATA_DIR with the server stopped), encrypted with ENCRYPTION_KEY. Progress goes to stderr;
// the organizations and their keys (shown once) to stdout.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { loadCipher } from '../crypto/encryption-key.js';
import { openDatabase } from '../db/database.js';
import type { Plan } from '../generated/prisma/client.js';
import { generate, SeedRefusedError, type GenerateResult } from './generate.js';
import { progressPrinter } from './progress.js';

const USAGE = 'usage: npm run seed -- --assets N [--orgs N] [--seed S] [--append] [--as-of YYYY-MM-DD] [--plan growth|business|enterprise] [--json]';

class UsageError extends Error {}
class SeedStoppedError extends Error {}

function wholeNumber(name: string, text: string | undefined, fallback?: number): number {
  if (text === undefined && fallback !== undefined) return fallback;
  if (text === undefined) throw new UsageError(`--${name} is required`);
  const value = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < 0) throw new UsageError(`--${name} must be a whole number, got "${text}"`);
  return value;
}

function options() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        assets: { type: 'string' }, orgs: { type: 'string' }, seed: { type: 'string' }, append: { type: 'boolean' },
        'as-of': { type: 'string' }, plan: { type: 'string' }, json: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const asOf = values['as-of'];
  if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new UsageError(`--as-of must be a date (YYYY-MM-DD), got "${asOf}"`);
  if (values.plan !== undefined && !['growth', 'business', 'enterprise'].includes(values.plan)) {
    throw new UsageError('--plan must be growth, business or enterprise');
  }
  const orgs = wholeNumber('orgs', values.orgs, 1);
  if (orgs < 1) throw new UsageError('--orgs must be at least 1');
  return {
    assets: wholeNumber('assets', values.assets), orgs, seed: wholeNumber('seed', values.seed, 1),
    append: values.append ?? false, asOf: asOf ? new Date(`${asOf}T00:00:00Z`) : undefined,
    plan: values.plan as Plan | undefined, json: values.json ?? false,
  };
}

function printSummary(result: GenerateResult) {
  const line = (text = '') => console.log(text);
  line(`seeded ${result.totalRows.toLocaleString('en-US')} rows in ${result.seconds.toFixed(1)} s ` +
    `(${result.rowsPerSecond.toLocaleString('en-US')} rows/s, ${result.writer === 'copy' ? 'COPY' : 'batched INSERT'}); seed ${result.seed}, history up to ${result.asOf.slice(0, 10)}`);
  const { loadSeconds, indexSeconds, analyzeSeconds } = result.phases;
  line(`  loaded in ${loadSeconds.toFixed(1)} s (${result.loadRowsPerSecond.toLocaleString('en-US')} rows/s), ` +
    `indexes and foreign keys rebuilt in ${indexSeconds.toFixed(1)} s more, analyzed in ${analyzeSeconds.toFixed(1)} s`);
  if (result.rebuild) {
    const { keysAndIndexesSeconds, foreignKeysSeconds, vacuumSeconds } = result.rebuild;
    line(`  alongside the load, a second connection: keys and indexes ${keysAndIndexesSeconds.toFixed(1)} s, ` +
      `foreign keys ${foreignKeysSeconds.toFixed(1)} s, VACUUM (ANALYZE) ${vacuumSeconds.toFixed(1)} s`);
  }
  line(`  ${Object.entries(result.rows).map(([table, n]) => `${table} ${n.toLocaleString('en-US')}`).join(', ')}`);
  for (const org of result.organizations) {
    line();
    line(`organization ${org.organizationId}  ${org.name} (${org.plan}): ${org.assets.toLocaleString('en-US')} assets, ${org.users.toLocaleString('en-US')} users`);
    line(`  admin      ${org.adminEmail}`);
    line(`  write key  ${org.writeKey}`);
    line(`  read key   ${org.readKey}`);
  }
  line();
  line('(keys are shown once)');
}

async function main() {
  const args = options();
  const config = loadConfig();
  const db = await openDatabase(config);
  const progress = progressPrinter();
  // Ctrl-C once: stop at the next batch, restoring dropped indexes and foreign keys; twice: now.
  const stop = new AbortController();
  process.once('SIGINT', () => {
    progress.end();
    console.error('seed: stopping (restoring indexes and foreign keys; Ctrl-C again to quit at once)…');
    stop.abort(new SeedStoppedError('seed stopped: the database holds part of the data; drop it to seed again'));
    process.once('SIGINT', () => process.exit(130));
  });
  try {
    const cipher = await loadCipher(config, (message) => console.error(message));
    const result = await generate(db, {
      assets: args.assets, orgs: args.orgs, seed: args.seed, append: args.append, asOf: args.asOf, plan: args.plan,
      cipher, databaseUrl: config.databaseUrl, onProgress: progress.listener, signal: stop.signal,
    });
    progress.end();
    if (args.json) console.log(JSON.stringify(result, null, 2));
    else printSummary(result);
  } finally {
    progress.end();
    await db.close();
  }
}

try {
  await main();
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n${USAGE}`);
    process.exit(2);
  }
  if (error instanceof ConfigError || error instanceof SeedRefusedError || error instanceof RangeError || error instanceof SeedStoppedError) {
    console.error(`seed: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
