// npm run bench:memory -- [-c 20] [-d 15] [--modes embedded,postgresql] [--assets 100000] [--json]
// The server's memory and start-up as production runs it (compiled, NODE_ENV=production), per mode:
//  - embedded PGlite: demo data in a fresh data directory (first start), then a warm start timed;
//  - PostgreSQL: the bench:http database (seeded by `npm run seed` when empty);
// start to healthy (spawn → first 200 from /health), RSS idle (2 s after healthy), then a fixed
// load (autocannon in a process of its own: c clients × d s of 100-row asset pages) sampling RSS
// (/proc) and V8's heap (reported by the server over IPC) every 50 ms; a printed table.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { benchDatabaseUrl, benchTarget, BENCH_ENCRYPTION_KEY, createBenchKey, ensureSeeded } from './http-setup.js';
import { LoadGenerator } from './load.js';
import { startMonitored, type MonitoredServer } from './memory-process.js';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', short: 'c', default: '20' }, duration: { type: 'string', short: 'd', default: '15' },
    modes: { type: 'string', default: 'embedded,postgresql' }, assets: { type: 'string', default: '100000' },
    json: { type: 'boolean', default: false },
  },
});
const connections = Number(values.connections);
const duration = Number(values.duration);
const modes = values.modes!.split(',') as Mode[];
type Mode = 'embedded' | 'postgresql';
const log = (line = '') => (values.json ? console.error(line) : console.log(line));

// The budget (#17): MB, MB, ms.
const TARGETS: Record<Mode, { idle: number; peak: number; healthy?: number }> = {
  embedded: { idle: 300, peak: 450, healthy: 3_000 },
  postgresql: { idle: 150, peak: 300 },
};
const PAGE = JSON.stringify({
  query: '{ assets(first: 100) { edges { node { id assetTag name status location { name } vendor { name } assignedUser { name } } } } }',
});

interface Row {
  mode: Mode;
  data: string;
  startToHealthyMs: number;
  cpuToHealthyMs: number;
  rssIdleMb: number;
  heapUsedIdleMb: number;
  rssPeakMb: number;
  heapUsedPeakMb: number;
  requestsPerSecond: number;
  p99Ms: number;
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    }).on('error', reject);
  });
}

async function measure(mode: Mode, data: string, server: MonitoredServer, key: string, load: LoadGenerator): Promise<Row> {
  await sleep(2_000);
  const rssIdle = await server.rss();
  const heapIdle = server.heap().heapUsed;
  const stopSampling = server.sample();
  const result = await load.run({
    url: `${server.url}/graphql`, method: 'POST', body: PAGE, connections, duration,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
  });
  const { rssPeak, heapUsedPeak } = await stopSampling();
  if (result.non2xx || result.errors) throw new Error(`bench:memory: ${mode} answered with errors: ${JSON.stringify(result.statusCodes)}, ${result.errors} errors`);
  return {
    mode, data, startToHealthyMs: Math.round(server.startToHealthy), cpuToHealthyMs: server.cpuToHealthy, rssIdleMb: mb(rssIdle), heapUsedIdleMb: mb(heapIdle),
    rssPeakMb: mb(rssPeak), heapUsedPeakMb: mb(heapUsedPeak), requestsPerSecond: Math.round(result.requestsPerSecond), p99Ms: result.p99,
  };
}

async function embedded(load: LoadGenerator): Promise<Row> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'itam-bench-memory-'));
  try {
    // First start: migrations and demo data; the measured start is the warm one after it.
    const first = await startMonitored({ DATA_DIR: dataDir, DATABASE_URL: '' }, await freePort());
    await first.stop();
    const key = (await readFile(path.join(dataDir, 'demo-api-key.txt'), 'utf8')).trim();
    const server = await startMonitored({ DATA_DIR: dataDir, DATABASE_URL: '' }, await freePort());
    try {
      return await measure('embedded', 'demo data, 200 assets', server, key, load);
    } finally {
      await server.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function postgresql(load: LoadGenerator): Promise<Row> {
  const assets = Number(values.assets);
  const encryptionKey = process.env.ENCRYPTION_KEY || BENCH_ENCRYPTION_KEY;
  const databaseUrl = benchDatabaseUrl(assets);
  await ensureSeeded(databaseUrl, assets, encryptionKey);
  const target = await benchTarget(databaseUrl, assets, encryptionKey);
  const key = await createBenchKey(databaseUrl, target.organizationId, encryptionKey);
  const server = await startMonitored({ DATABASE_URL: databaseUrl, ENCRYPTION_KEY: encryptionKey, SEED_DEMO_DATA: 'false' }, await freePort());
  try {
    return await measure('postgresql', `${new URL(databaseUrl).pathname.slice(1)}, ${target.assets.toLocaleString('en-US')} assets`, server, key, load);
  } finally {
    await server.stop();
  }
}

const started = new Date();
const loadStart = os.loadavg();
log('bench:memory: building dist/ (npm run build)…');
const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: path.resolve(import.meta.dirname, '..'), stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) throw new Error('npm run build failed');

const rows: Row[] = [];
const load = await LoadGenerator.start();
try {
  for (const mode of modes) {
    log(`bench:memory: ${mode}…`);
    rows.push(await (mode === 'embedded' ? embedded(load) : postgresql(load)));
  }
} finally {
  await load.stop();
}
const loadEnd = os.loadavg();

const report = {
  date: started.toISOString(),
  machine: {
    cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version,
    loadAverage: { start: loadStart.map((n) => +n.toFixed(2)), end: loadEnd.map((n) => +n.toFixed(2)) },
  },
  load: { connections, durationSeconds: duration, request: 'POST /graphql assets(first: 100) with location, vendor, assignedUser' },
  rows,
  targets: TARGETS,
};
if (values.json) {
  console.log(JSON.stringify(report, null, 2));
} else {
  const within = (value: number, limit?: number) => (limit === undefined ? '' : value <= limit ? ' ✓' : ` ✗ (≤ ${limit})`);
  log();
  log(`bench:memory  ${report.date}  ${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGb} GB, Node ${report.machine.node}`);
  log(`load average ${report.machine.loadAverage.start.join(' ')} at start, ${report.machine.loadAverage.end.join(' ')} at end`);
  log(`load: ${connections} clients × ${duration} s of ${report.load.request}`);
  log();
  log('| mode | data | start → healthy (CPU used) | RSS idle | RSS peak | heap used idle / peak | req/s | p99 |');
  log('|---|---|---|---|---|---|---|---|');
  for (const row of rows) {
    const target = TARGETS[row.mode];
    log(`| ${row.mode} | ${row.data} | ${(row.startToHealthyMs / 1000).toFixed(2)} s${within(row.startToHealthyMs / 1000, target.healthy && target.healthy / 1000).replace(')', ' s)')} ` +
      `(${(row.cpuToHealthyMs / 1000).toFixed(2)} s) | ` +
      `${row.rssIdleMb} MB${within(row.rssIdleMb, target.idle)} | ${row.rssPeakMb} MB${within(row.rssPeakMb, target.peak)} | ` +
      `${row.heapUsedIdleMb} / ${row.heapUsedPeakMb} MB | ${row.requestsPerSecond} | ${row.p99Ms} ms |`);
  }
}
