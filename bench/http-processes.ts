// The two servers under test, each a child process: the app exactly as production starts it
// (`npm start`: compiled dist/, built first when stale, NODE_ENV=production), the raw baseline and
// graphql-yoga alone (the framework's floor).
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
// @ts-expect-error plain ES module of the start scripts (no types)
import { PRODUCTION_ENV, PRODUCTION_NODE_ARGS } from '../scripts/production-node.mjs';
import type { RawConfig } from './raw-baseline.js';

const root = path.resolve(import.meta.dirname, '..');

export interface ServerUnderTest {
  name: string;
  url: string;
  /** The server's process id (its CPU time is read from /proc). */
  pid: number;
  stop(): Promise<void>;
}

function startProcess(name: string, args: string[], env: NodeJS.ProcessEnv, portPattern: RegExp, cwd = root): Promise<ServerUnderTest> {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const port = portPattern.exec(output)?.[1];
      if (port) {
        child.stdout!.off('data', onData);
        // Keep draining its output (a full pipe would stall the server); show only errors.
        child.stdout!.resume();
        child.stderr!.on('data', (text) => process.stderr.write(`[${name}] ${text}`));
        resolve({ name, url: `http://127.0.0.1:${port}`, pid: child.pid!, stop: () => stop(child, exited) });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk) => { output += chunk; });
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before listening:\n${output}`)));
  });
}

async function stop(child: ChildProcess, exited: Promise<void>) {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** `appRoot`: another checkout's app (bench:profile compares two builds); default this one. */
export function startApp(name: string, { databaseUrl, encryptionKey, rateLimit, nodeArgs = [], appRoot = root }: {
  databaseUrl: string; encryptionKey: string; rateLimit: boolean; nodeArgs?: string[]; appRoot?: string;
}) {
  return startProcess(name, [...PRODUCTION_NODE_ARGS, ...nodeArgs, 'scripts/start.mjs', 'src/main.ts'], {
    ...PRODUCTION_ENV, ...process.env,
    NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', SEED_DEMO_DATA: 'false',
    DATABASE_URL: databaseUrl, ENCRYPTION_KEY: encryptionKey, RATE_LIMIT: rateLimit ? 'on' : 'off',
    // A budget store of its own: the limiter runs in memory, as one instance without Redis would.
    REDIS_URL: '',
  }, /GraphiQL:\s+http:\/\/localhost:(\d+)\//, appRoot);
}

/** graphql-yoga alone (bench/bare-yoga.ts): the framework's floor, with the app's node settings. */
export function startBareYoga() {
  return startProcess('bare yoga', [...PRODUCTION_NODE_ARGS, '--import', 'tsx', 'bench/bare-yoga.ts'], {
    ...PRODUCTION_ENV, ...process.env, NODE_ENV: 'production',
  }, /bare yoga listening on (\d+)/);
}

/** User and system CPU seconds a process has used (Linux /proc): unlike latency, not inflated by waiting for a core. */
export function cpuSecondsOf(pid: number): { user: number; system: number } {
  return cpuOfStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

/** utime and stime of a /proc/<pid>/stat line, in seconds (fields after the command name). */
function cpuOfStat(stat: string): { user: number; system: number } {
  const fields = stat.split(') ')[1].split(' ');
  return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 };
}

export function startRaw(config: RawConfig) {
  return startProcess('raw', ['--import', 'tsx', 'bench/raw-baseline.ts'], {
    ...process.env, NODE_ENV: 'production', BENCH_RAW_CONFIG: JSON.stringify(config),
  }, /raw baseline listening on (\d+)/);
}

/** CPU seconds of each PostgreSQL process on this host, by pid (empty when PostgreSQL runs elsewhere). */
export function databaseCpuSnapshot(): Map<number, number> {
  const seconds = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    if (!stat.includes('(postgres)')) continue;
    const { user, system } = cpuOfStat(stat);
    seconds.set(Number(entry), user + system);
  }
  return seconds;
}

/**
 * PostgreSQL's CPU seconds since `before` (its backends serve both servers in turn): what the
 * processes alive now used since then, new ones in full. A backend that ended meanwhile (a pool's
 * idle connection) is left out rather than subtracted. NaN when PostgreSQL runs elsewhere.
 */
export function databaseCpuSince(before: Map<number, number>): number {
  const now = databaseCpuSnapshot();
  if (!now.size) return Number.NaN;
  let total = 0;
  for (const [pid, seconds] of now) total += seconds - (before.get(pid) ?? 0);
  return total;
}
