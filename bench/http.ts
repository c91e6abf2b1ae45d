// npm run bench:http -- [--assets 100000|1000000] [-c 20] [-d 10] [--rounds 3] [--quick] [--json] [--scenario graphql,deep,rest,events,floor,framework,rest-op,limiter]
// The read path over HTTP on PostgreSQL, against a raw-SQL baseline in the same run:
//  1. a database per size (BENCH_DATABASE_URL + _100k, _1m…), seeded by `npm run seed` when empty;
//  2. the app as production runs it (RATE_LIMIT=off) and the raw baseline (bench/raw-baseline.ts),
//     each a child process; both must answer every scenario with the same bytes;
//  3. autocannon in a process of its own, rounds alternating app/raw; medians, spread, ratios, and
//     each server's CPU time per request (from /proc: the figure least moved by other load);
//  4. the app's floor ({ __typename }) against graphql-yoga alone (bench/bare-yoga.ts), the framework's share;
//  5. the REST page against its own GraphQL operation (same process, same rows checked);
//  6. the first scenario with the cost limiter on (memory store) vs off: two servers started together,
//     so neither has had minutes more of JIT warm-up than the other.
import os from 'node:os';
import { setTimeout } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { checkParity, ask } from './http-parity.js';
import { cpuSecondsOf, databaseCpuSince, databaseCpuSnapshot, startApp, startBareYoga, startRaw, type ServerUnderTest } from './http-processes.js';
import { compare, comparisonTable, statsOf, type Comparison, type Round } from './http-report.js';
import { restOperation, scenarios as makeScenarios, type Scenario } from './http-scenarios.js';
import { benchDatabaseUrl, benchTarget, BENCH_ENCRYPTION_KEY, createBenchKey, ensureSeeded, waitUntilQuiet } from './http-setup.js';
import { LoadGenerator } from './load.js';

const { values } = parseArgs({
  options: {
    assets: { type: 'string', default: '100000' }, connections: { type: 'string', short: 'c' }, duration: { type: 'string', short: 'd' },
    rounds: { type: 'string' }, quick: { type: 'boolean', default: false }, json: { type: 'boolean', default: false },
    // Only these comparisons: app/raw ones by bench:profile's names, and the framework, rest-op and limiter pairs.
    scenario: { type: 'string' },
  },
});
const SCENARIO_NAMES = ['graphql', 'deep', 'rest', 'events', 'floor'];
// The other comparisons: the app's floor against bare yoga, REST against its own operation, the limiter on against off.
const PAIR_NAMES = ['framework', 'rest-op', 'limiter'];
const picks = values.scenario?.split(',');
for (const name of picks ?? []) {
  if (!SCENARIO_NAMES.includes(name) && !PAIR_NAMES.includes(name)) {
    throw new Error(`--scenario takes ${[...SCENARIO_NAMES, ...PAIR_NAMES].join(', ')} (comma-separated), got "${name}"`);
  }
}
const runs = (name: string) => !picks || picks.includes(name);
const positive = (name: string, text: string) => {
  const value = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number ≥ 1, got "${text}"`);
  return value;
};
const settings = {
  assets: positive('assets', values.assets!),
  connections: positive('connections', values.connections ?? (values.quick ? '10' : '20')),
  duration: positive('duration', values.duration ?? (values.quick ? '3' : '10')),
  rounds: positive('rounds', values.rounds ?? (values.quick ? '1' : '3')),
  warmup: values.quick ? 1 : 3,
};
// With --json, stdout carries the JSON only.
const log = (line = '') => (values.json ? console.error(line) : console.log(line));

const encryptionKey = process.env.ENCRYPTION_KEY || BENCH_ENCRYPTION_KEY;
const databaseUrl = benchDatabaseUrl(settings.assets);
const database = new URL(databaseUrl).pathname.slice(1);
const started = new Date();
const loadStart = os.loadavg();

const seeding = await ensureSeeded(databaseUrl, settings.assets, encryptionKey);
if (seeding) {
  log(`seeded ${database}: ${seeding.totalRows.toLocaleString('en-US')} rows in ${seeding.seconds.toFixed(1)} s (${seeding.rowsPerSecond.toLocaleString('en-US')} rows/s): ` +
    `loaded in ${seeding.phases.loadSeconds.toFixed(1)} s (${seeding.loadRowsPerSecond.toLocaleString('en-US')} rows/s), indexes and foreign keys ${seeding.phases.indexSeconds.toFixed(1)} s, analyze ${seeding.phases.analyzeSeconds.toFixed(1)} s`);
}
const target = await benchTarget(databaseUrl, settings.assets, encryptionKey);
const key = await createBenchKey(databaseUrl, target.organizationId, encryptionKey);

const servers: ServerUnderTest[] = [];
const load = await LoadGenerator.start();
async function track<T extends ServerUnderTest>(server: Promise<T>): Promise<T> {
  const up = await server;
  servers.push(up);
  return up;
}
async function stopServer(server: ServerUnderTest) {
  servers.splice(servers.indexOf(server), 1);
  await server.stop();
}

/** A measured round, or with `warmupSeconds` a warm-up of that length. */
async function measure(server: ServerUnderTest, scenario: Scenario, warmupSeconds?: number): Promise<Round> {
  const warmup = warmupSeconds !== undefined;
  const duration = warmupSeconds ?? settings.duration;
  const cpuBefore = cpuSecondsOf(server.pid);
  const databaseBefore = databaseCpuSnapshot();
  const loadResult = await load.run({
    url: `${server.url}${scenario.path}`, method: scenario.method, body: scenario.body, duration, connections: settings.connections,
    headers: { authorization: `Bearer ${key}`, ...(scenario.body && { 'content-type': 'application/json' }) },
  });
  const cpuAfter = cpuSecondsOf(server.pid);
  const cpuMsPerRequest = ((cpuAfter.user + cpuAfter.system - cpuBefore.user - cpuBefore.system) * 1000) / loadResult.total;
  const databaseCpuMsPerRequest = (databaseCpuSince(databaseBefore) * 1000) / loadResult.total;
  const result = { ...loadResult, cpuMsPerRequest, databaseCpuMsPerRequest };
  if (result.non2xx || result.errors) {
    throw new Error(`bench: ${server.name} answered "${scenario.name}" with errors: ${JSON.stringify({ ...result, p50: undefined, p99: undefined })}`);
  }
  if (!result.total && !warmup) log(`  (${server.name} completed no "${scenario.name}" request within ${duration} s: 0 req/s, no latency)`);
  await waitUntilQuiet(databaseUrl);
  await setTimeout(200);
  return result;
}

/** One side of a comparison: a scenario sent to a server, under a label. */
interface Contestant { label: string; server: ServerUnderTest; scenario: Scenario }

/** Warm-up, then rounds alternating which side goes first; results per label. */
async function rounds(pair: [Contestant, Contestant], warmupSeconds = settings.warmup) {
  for (const { server, scenario } of pair) await measure(server, scenario, warmupSeconds);
  const results = new Map(pair.map(({ label }) => [label, [] as Round[]]));
  for (let round = 0; round < settings.rounds; round++) {
    for (const { label, server, scenario } of round % 2 ? [...pair].reverse() : pair) {
      const result = await measure(server, scenario);
      results.get(label)!.push(result);
      log(`  ${scenario.name} · ${label} · round ${round + 1}/${settings.rounds}: ${result.requestsPerSecond.toFixed(1)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms`);
    }
  }
  return results;
}

/** Both answer the same asset ids in the same order, and the same total. */
async function checkRestAgainstOperation(url: string, rest: Scenario) {
  const restAnswer = await ask(url, rest, key);
  const rows = JSON.parse(restAnswer.body) as { id: string }[];
  const { assets } = JSON.parse((await ask(url, restOperation, key)).comparable) as { assets: { totalCount: number; edges: { node: { id: string } }[] } };
  const same = JSON.stringify(rows.map((row) => row.id)) === JSON.stringify(assets.edges.map((edge) => edge.node.id));
  if (!same || Number(restAnswer.totalCount) !== assets.totalCount) throw new Error('bench: the REST page and its GraphQL operation answer different rows or totals');
}

const comparisons: Comparison[] = [];
let limiter: Comparison | undefined;
let restVsGraphQL: Comparison | undefined;
let frameworkFloor: Comparison | undefined;
try {
  const app = await track(startApp('app', { databaseUrl, encryptionKey, rateLimit: false }));
  // The deep page's cursor comes from the app itself (its format is the app's business); the
  // baseline gets the keyset that row stands for.
  const probe: Scenario = {
    name: 'deep cursor', kind: 'assetPage', method: 'POST', path: '/graphql',
    body: JSON.stringify({ query: `{ assets(first: 1, offset: ${target.deepIndex}) { edges { cursor node { id createdAt } } } }` }),
  };
  const edge = JSON.parse((await ask(app.url, probe, key)).comparable).assets.edges[0];
  const scenarios = makeScenarios({ deepCursor: edge.cursor, deepRow: { createdAt: edge.node.createdAt, id: edge.node.id }, assetId: target.assetId });
  const raw = await track(startRaw({ databaseUrl, encryptionKey, scenarios }));
  await checkParity(app.url, raw.url, scenarios, key);
  log(`both servers answer the ${scenarios.length} scenarios with the same bytes; measuring (${settings.rounds} × ${settings.duration} s, ${settings.connections} connections)`);
  // Every scenario once on each server before any is measured: a just-started app's CPU per page
  // kept falling for its first minute (JIT, heap sizing), which weighed on whichever scenario came first.
  const measured = scenarios.filter((_, index) => runs(SCENARIO_NAMES[index]));
  for (const scenario of measured) for (const server of [app, raw]) await measure(server, scenario, settings.warmup * 2);
  for (const scenario of measured) {
    const results = await rounds([{ label: 'app', server: app, scenario }, { label: 'raw', server: raw, scenario }]);
    comparisons.push(compare(scenario.name, { label: 'app', stats: statsOf(results.get('app')!) }, { label: 'raw', stats: statsOf(results.get('raw')!) }));
  }
  await stopServer(raw);
  if (runs('framework')) {
    // The app's floor against graphql-yoga's own (no plugins, no database): what the framework costs.
    const floor = scenarios.find((scenario) => scenario.kind === 'floor')!;
    const bareYoga = await track(startBareYoga());
    const floorResults = await rounds([{ label: 'app', server: app, scenario: floor }, { label: 'bare yoga', server: bareYoga, scenario: floor }]);
    frameworkFloor = compare(floor.name, { label: 'app', stats: statsOf(floorResults.get('app')!) }, { label: 'bare yoga', stats: statsOf(floorResults.get('bare yoga')!) });
    await stopServer(bareYoga);
  }
  if (runs('rest-op')) {
    // REST against the GraphQL operation it runs (target ≥ 0.9×), on the same app process.
    const rest = scenarios.find((scenario) => scenario.kind === 'restAssetPage')!;
    await checkRestAgainstOperation(app.url, rest);
    const restResults = await rounds([{ label: 'REST', server: app, scenario: rest }, { label: 'GraphQL', server: app, scenario: restOperation }]);
    restVsGraphQL = compare(rest.name, { label: 'REST', stats: statsOf(restResults.get('REST')!) }, { label: 'GraphQL', stats: statsOf(restResults.get('GraphQL')!) });
  }
  if (runs('limiter')) {
    // A fresh server on each side: against the app that has served every scenario for minutes, a
    // just-started one pays its JIT warm-up (compiler threads count as its CPU) in the comparison.
    await stopServer(app);
    const [limited, unlimited] = await Promise.all([
      track(startApp('app+limiter', { databaseUrl, encryptionKey, rateLimit: true })),
      track(startApp('app', { databaseUrl, encryptionKey, rateLimit: false })),
    ]);
    await checkParity(limited.url, unlimited.url, scenarios.slice(0, 1), key, ['limiter on', 'limiter off']);
    // Two fresh processes: a longer warm-up each (a new app's CPU per page falls for about a minute).
    const results = await rounds([{ label: 'limiter on', server: limited, scenario: scenarios[0] }, { label: 'limiter off', server: unlimited, scenario: scenarios[0] }], settings.warmup * 5);
    limiter = compare(scenarios[0].name, { label: 'limiter on', stats: statsOf(results.get('limiter on')!) }, { label: 'limiter off', stats: statsOf(results.get('limiter off')!) });
  }
} finally {
  await Promise.all(servers.map((server) => server.stop()));
  await load.stop();
}

const report = {
  date: started.toISOString(),
  machine: {
    cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version, postgres: target.postgres, loadAverage: { start: loadStart.map((n) => +n.toFixed(2)), end: os.loadavg().map((n) => +n.toFixed(2)) },
  },
  data: { database, assets: target.assets, auditEvents: target.auditEvents, seeding },
  settings: { connections: settings.connections, durationSeconds: settings.duration, rounds: settings.rounds, warmupSeconds: settings.warmup },
  comparisons,
  limiter: limiter && {
    ...limiter, overheadPercent: (1 - limiter.ratio.requestsPerSecond) * 100, cpuOverheadPercent: (limiter.ratio.cpu - 1) * 100,
    pairedOverheadPercent: (1 - limiter.paired.requestsPerSecond.median) * 100,
  },
  restVsGraphQL,
  frameworkFloor,
};

log();
log(`bench:http  ${report.date}  ${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGb} GB, Node ${report.machine.node}, PostgreSQL ${report.machine.postgres}`);
log(`load average ${report.machine.loadAverage.start.join(' ')} at start, ${report.machine.loadAverage.end.join(' ')} at end`);
log(`data: ${database}, ${target.assets.toLocaleString('en-US')} assets, ${target.auditEvents.toLocaleString('en-US')} audit events; ` +
  `${settings.rounds} round(s) × ${settings.duration} s, ${settings.connections} connections; medians ±half the min–max spread`);
log();
log(comparisonTable(comparisons, 'app/raw'));
if (frameworkFloor) {
  log();
  log(comparisonTable([frameworkFloor], 'app/yoga'));
  log(`graphql-yoga alone (no plugins, no database) answers { __typename } with ${frameworkFloor.reference.stats.cpu.median.toFixed(3)} ms of CPU per request; the app, ${frameworkFloor.subject.stats.cpu.median.toFixed(3)} ms`);
}
if (restVsGraphQL) {
  log();
  log(comparisonTable([restVsGraphQL], 'REST/GraphQL'));
  log(`REST over its own GraphQL operation: ${restVsGraphQL.ratio.requestsPerSecond.toFixed(2)}× the req/s (target ≥ 0.9×)`);
}
if (limiter) {
  log();
  log(comparisonTable([limiter], 'on/off'));
  log(`limiter overhead: ${report.limiter!.overheadPercent.toFixed(1)} % of req/s (target ≤ 5 %), ${report.limiter!.cpuOverheadPercent.toFixed(1)} % more CPU per request; ` +
    `${report.limiter!.pairedOverheadPercent.toFixed(1)} % of req/s by the median of back-to-back pairs`);
}
if (values.json) console.log(JSON.stringify(report, null, 2));
