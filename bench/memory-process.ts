// A server under bench:memory: the compiled production start (scripts/start.mjs, dist/ already
// built) as a child process, timed from spawn to its first healthy answer, with its RSS read from
// /proc and its heap figures sent by bench/memory-reporter.mjs.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
// @ts-expect-error plain ES module of the start scripts (no types)
import { PRODUCTION_ENV, PRODUCTION_NODE_ARGS } from '../scripts/production-node.mjs';

const root = path.resolve(import.meta.dirname, '..');

interface HeapReport { heapUsed: number; heapTotal: number; external: number; arrayBuffers: number }

export interface MonitoredServer {
  url: string;
  /** ms from spawn to the first 200 from /health. */
  startToHealthy: number;
  /** CPU ms (user + system, all threads) the server used until then: less dependent on a busy machine. */
  cpuToHealthy: number;
  output(): string;
  /** Resident set size now, bytes (VmRSS). */
  rss(): Promise<number>;
  /** The latest heap report. */
  heap(): HeapReport;
  /** Samples RSS and heap every `intervalMs` until the returned stop is called; then their maxima. */
  sample(intervalMs?: number): () => Promise<{ rssPeak: number; heapUsedPeak: number }>;
  stop(): Promise<void>;
}

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

/** utime + stime of /proc/<pid>/stat, in ms (clock ticks of 10 ms on Linux). */
async function cpuMsOf(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export async function startMonitored(env: NodeJS.ProcessEnv, port: number): Promise<MonitoredServer> {
  const started = performance.now();
  // RATE_LIMIT off, as bench:http runs the app: the demo key's budget would answer most of the
  // load with 429s (once the pages got fast), and memory is measured for pages, not refusals.
  const child: ChildProcess = spawn(process.execPath, [...PRODUCTION_NODE_ARGS, '--import', './bench/memory-reporter.mjs', 'scripts/start.mjs', 'src/main.ts'], {
    cwd: root,
    env: { ...PRODUCTION_ENV, ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), REDIS_URL: '', RATE_LIMIT: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => { output += chunk; });
  child.stderr!.on('data', (chunk) => { output += chunk; });
  let latest: HeapReport = { heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0 };
  child.on('message', (message: HeapReport) => { latest = message; });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  // Polled every 25 ms: the time to healthy is known to within that.
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before it was healthy:\n${output}`);
    const ok = await fetch(`${url}/health`).then((response) => response.ok, () => false);
    if (ok) break;
    await sleep(25);
  }
  const startToHealthy = performance.now() - started;
  const pid = child.pid!;
  const cpuToHealthy = await cpuMsOf(pid);
  return {
    url,
    startToHealthy,
    cpuToHealthy,
    output: () => output,
    rss: () => rssOf(pid),
    heap: () => latest,
    sample(intervalMs = 50) {
      let rssPeak = 0;
      let heapUsedPeak = 0;
      let running = true;
      const loop = (async () => {
        while (running) {
          rssPeak = Math.max(rssPeak, await rssOf(pid));
          heapUsedPeak = Math.max(heapUsedPeak, latest.heapUsed);
          await sleep(intervalMs);
        }
      })();
      return async () => {
        running = false;
        await loop;
        return { rssPeak, heapUsedPeak };
      };
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
