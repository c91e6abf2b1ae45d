// npm run bench:profile -- [--scenario graphql|deep|rest|events|floor|rest-op] [--rate-limit] [-d 15] [-c 10] [--warmup 20] [--assets 100000] [--out DIR] [--app-root DIR]
// The compiled app (as bench:http starts it) under `node --cpu-prof` while one bench:http scenario
// runs against it; prints self time by package and by frame (bench/profile-summary.ts).
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cpuSecondsOf, startApp } from './http-processes.js';
import { restOperation, scenarios as makeScenarios } from './http-scenarios.js';
import { benchDatabaseUrl, benchTarget, BENCH_ENCRYPTION_KEY, createBenchKey, ensureSeeded } from './http-setup.js';
import { LoadGenerator } from './load.js';
import { printSummary, summarise } from './profile-summary.js';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'graphql' }, duration: { type: 'string', short: 'd', default: '15' },
    connections: { type: 'string', short: 'c', default: '10' }, assets: { type: 'string', default: '100000' }, out: { type: 'string' },
    top: { type: 'string', default: '40' },
    // Seconds of the same load before measuring: a just-started server's CPU per request falls for
    // about a minute (JIT, caches, prepared statements). The profile covers the measured run only.
    warmup: { type: 'string', default: '20' },
    // The cost limiter on (in-memory budgets, as bench:http's limiter comparison runs it).
    'rate-limit': { type: 'boolean', default: false },
    // CPU per request and req/s only, without the profiler's own sampling cost.
    'no-profile': { type: 'boolean', default: false },
    // Another checkout (a git worktree of main, say) to profile instead of this one.
    'app-root': { type: 'string' },
  },
});
const pick = { graphql: 0, deep: 1, rest: 2, events: 3, floor: 4, 'rest-op': 5 }[values.scenario!];
if (pick === undefined) throw new Error(`--scenario must be graphql, deep, rest, events, floor or rest-op, got "${values.scenario}"`);

const encryptionKey = process.env.ENCRYPTION_KEY || BENCH_ENCRYPTION_KEY;
const databaseUrl = benchDatabaseUrl(Number(values.assets));
await ensureSeeded(databaseUrl, Number(values.assets), encryptionKey);
const target = await benchTarget(databaseUrl, Number(values.assets), encryptionKey);
const key = await createBenchKey(databaseUrl, target.organizationId, encryptionKey);
const dir = values.out ? path.resolve(values.out) : mkdtempSync(path.join(os.tmpdir(), 'itam-profile-'));


const app = await startApp('app', { databaseUrl, encryptionKey, rateLimit: values['rate-limit']!, appRoot: values['app-root'] && path.resolve(values['app-root']), nodeArgs: values['no-profile'] ? [] : ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
const load = await LoadGenerator.start();
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);
const measured = { fromUs: 0, toUs: 0 };
let result;
let cpuPerRequest = { user: Number.NaN, system: Number.NaN };
try {
  // The deep page's cursor comes from the app itself, as bench:http takes it (an empty one is BAD_USER_INPUT).
  const probe = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query: `{ assets(first: 1, offset: ${target.deepIndex}) { edges { cursor } } }` }),
  });
  const deepCursor = ((await probe.json()) as { data: { assets: { edges: { cursor: string }[] } } }).data.assets.edges[0].cursor;
  const scenario = [...makeScenarios({ deepCursor, deepRow: { createdAt: '', id: '' }, assetId: target.assetId }), restOperation][pick];
  const job = {
    url: `${app.url}${scenario.path}`, method: scenario.method, body: scenario.body, connections: Number(values.connections),
    headers: { authorization: `Bearer ${key}`, ...(scenario.body && { 'content-type': 'application/json' }) },
  };
  await load.run({ ...job, duration: Number(values.warmup) });
  const cpuBefore = cpuSecondsOf(app.pid);
  measured.fromUs = monotonicUs();
  result = await load.run({ ...job, duration: Number(values.duration) });
  measured.toUs = monotonicUs();
  const cpuAfter = cpuSecondsOf(app.pid);
  cpuPerRequest = { user: ((cpuAfter.user - cpuBefore.user) * 1000) / result.total, system: ((cpuAfter.system - cpuBefore.system) * 1000) / result.total };
} finally {
  await load.stop();
  await app.stop();
}
console.log(`${values.scenario}${values['rate-limit'] ? ' (limiter on)' : ''}: ${result.requestsPerSecond.toFixed(1)} req/s, p50 ${result.p50} ms (non-2xx ${result.non2xx}), ${(cpuPerRequest.user + cpuPerRequest.system).toFixed(3)} ms of server CPU per request (user ${cpuPerRequest.user.toFixed(3)}, system ${cpuPerRequest.system.toFixed(3)}); load average ${os.loadavg().map((n) => n.toFixed(2)).join(' ')}`);
if (values['no-profile']) process.exit(0);
const file = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile')).map((name) => path.join(dir, name)).at(-1);
if (!file) throw new Error(`no .cpuprofile in ${dir}`);
console.log(`${file}\n`);
console.log(printSummary(summarise(file, Number(values.top), measured)));
