// npm run bench:ab -- --a DIR [--b DIR] [--scenario graphql|deep|rest|events|floor] [--rate 1500|max]
//   [--rounds 6] [-d 5] [--warmup 20] [-c 20] [--a-node-args "…"] [--b-node-args "…"] [--rate-limit | --rate-limit-on a|b] [--assets 100000]
// (`--a . --rate-limit-on b`: the limiter's cost, one build with it off as A and on as B.)
// Two builds of the app side by side: A (another checkout, e.g. a git worktree of main) and B (this
// one unless --b), both started, both warmed up, then rounds alternating which goes first. At a
// fixed request rate (default) both do the same work per second, so their CPU per request is
// compared at the same throughput; at saturation the slower one also pays more wake-ups per request.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cpuSecondsOf, databaseCpuSince, databaseCpuSnapshot, startApp, type ServerUnderTest } from './http-processes.js';
import { compare, comparisonTable, statsOf, type Round } from './http-report.js';
import { scenarios as makeScenarios } from './http-scenarios.js';
import { benchDatabaseUrl, benchTarget, BENCH_ENCRYPTION_KEY, createBenchKey, ensureSeeded, waitUntilQuiet } from './http-setup.js';
import { LoadGenerator } from './load.js';

const { values } = parseArgs({
  options: {
    a: { type: 'string' }, b: { type: 'string' },
    scenario: { type: 'string', default: 'floor' }, rate: { type: 'string', default: '1500' },
    rounds: { type: 'string', default: '6' }, duration: { type: 'string', short: 'd', default: '5' },
    warmup: { type: 'string', default: '20' }, connections: { type: 'string', short: 'c', default: '20' },
    'a-node-args': { type: 'string', default: '' }, 'b-node-args': { type: 'string', default: '' },
    'rate-limit': { type: 'boolean', default: false }, assets: { type: 'string', default: '100000' },
    // The limiter on one side only.
    'rate-limit-on': { type: 'string' },
  },
});
if (!values.a) throw new Error('--a DIR: the checkout to compare with (e.g. `git worktree add ../main-base main`, with node_modules and src/generated)');
const picked = { graphql: 0, deep: 1, rest: 2, events: 3, floor: 4 }[values.scenario!];
if (picked === undefined) throw new Error(`--scenario must be graphql, deep, rest, events or floor, got "${values.scenario}"`);
const pick: number = picked;
const limitedSide = values['rate-limit-on'];
if (limitedSide !== undefined && limitedSide !== 'a' && limitedSide !== 'b') throw new Error(`--rate-limit-on must be a or b, got "${limitedSide}"`);
if (limitedSide && values['rate-limit']) throw new Error('--rate-limit (both sides) and --rate-limit-on (one side) do not go together');
const whole = (name: string, text: string) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number ≥ 1, got "${text}"`);
  return value;
};
const rate = values.rate === 'max' ? undefined : whole('rate', values.rate!);
const [rounds, duration, warmup, connections, assets] = (['rounds', 'duration', 'warmup', 'connections', 'assets'] as const).map((name) => whole(name, values[name]!));

const encryptionKey = process.env.ENCRYPTION_KEY || BENCH_ENCRYPTION_KEY;
const databaseUrl = benchDatabaseUrl(assets);
await ensureSeeded(databaseUrl, assets, encryptionKey);
const target = await benchTarget(databaseUrl, assets, encryptionKey);
const key = await createBenchKey(databaseUrl, target.organizationId, encryptionKey);
const start = (name: string, root: string | undefined, nodeArgs: string) => startApp(name, {
  databaseUrl, encryptionKey, rateLimit: values['rate-limit']! || limitedSide === name.toLowerCase(), appRoot: root && path.resolve(root), nodeArgs: nodeArgs.split(' ').filter(Boolean),
});
const sides: [string, ServerUnderTest][] = [['A', await start('A', values.a, values['a-node-args']!)], ['B', await start('B', values.b, values['b-node-args']!)]];
const load = await LoadGenerator.start();

async function measure(server: ServerUnderTest, seconds: number): Promise<Round> {
  // The deep page's cursor is the app's own (as bench:http takes it); both builds make the same cursors.
  const scenario = makeScenarios({ deepCursor: await deepCursorOf(server), deepRow: { createdAt: '', id: '' }, assetId: target.assetId })[pick];
  const cpuBefore = cpuSecondsOf(server.pid);
  const databaseBefore = databaseCpuSnapshot();
  const result = await load.run({
    url: `${server.url}${scenario.path}`, method: scenario.method, body: scenario.body, duration: seconds, connections, rate,
    headers: { authorization: `Bearer ${key}`, ...(scenario.body && { 'content-type': 'application/json' }) },
  });
  const cpuAfter = cpuSecondsOf(server.pid);
  if (result.non2xx || result.errors || !result.total) throw new Error(`bench:ab: ${server.name} answered with errors or not at all: ${JSON.stringify(result)}`);
  await waitUntilQuiet(databaseUrl);
  return {
    ...result,
    cpuMsPerRequest: ((cpuAfter.user + cpuAfter.system - cpuBefore.user - cpuBefore.system) * 1000) / result.total,
    databaseCpuMsPerRequest: (databaseCpuSince(databaseBefore) * 1000) / result.total,
  };
}

const cursors = new Map<ServerUnderTest, string>();
async function deepCursorOf(server: ServerUnderTest): Promise<string> {
  const known = cursors.get(server);
  if (known) return known;
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query: `{ assets(first: 1, offset: ${target.deepIndex}) { edges { cursor } } }` }),
  });
  const cursor = ((await response.json()) as { data: { assets: { edges: { cursor: string }[] } } }).data.assets.edges[0].cursor;
  cursors.set(server, cursor);
  return cursor;
}

try {
  for (const [, server] of sides) await measure(server, warmup);
  const results = new Map<string, Round[]>(sides.map(([label]) => [label, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [label, server] of round % 2 ? [...sides].reverse() : sides) {
      const result = await measure(server, duration);
      results.get(label)!.push(result);
      console.error(`  ${label} round ${round + 1}/${rounds}: ${result.requestsPerSecond.toFixed(0)} req/s, p99 ${result.p99} ms, ${result.cpuMsPerRequest.toFixed(3)} ms CPU/request`);
    }
  }
  const [a, b] = [results.get('A')!, results.get('B')!];
  const scenarioName = makeScenarios({ deepCursor: '', deepRow: { createdAt: '', id: '' }, assetId: '' })[pick].name;
  const limited = (side: string) => (values['rate-limit'] || limitedSide === side ? ' (limiter on)' : '');
  console.log(`\nbench:ab  ${new Date().toISOString()}  A = ${path.resolve(values.a)}${limited('a')} ${values['a-node-args']}  B = ${path.resolve(values.b ?? '.')}${limited('b')} ${values['b-node-args']}`);
  console.log(`${rounds} alternating rounds × ${duration} s at ${rate ? `${rate} req/s` : 'full speed'}, ${connections} connections, after ${warmup} s of warm-up each; medians ±half the spread\n`);
  console.log(comparisonTable([compare(scenarioName, { label: 'B', stats: statsOf(b) }, { label: 'A', stats: statsOf(a) })], 'B/A'));
  const lower = b.filter((round, index) => round.cpuMsPerRequest < a[index].cpuMsPerRequest).length;
  console.log(`\nB used less CPU per request than A in ${lower} of ${rounds} rounds`);
} finally {
  await load.stop();
  for (const [, server] of sides) await server.stop();
}
