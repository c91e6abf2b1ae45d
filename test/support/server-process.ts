// Runs the real server for process-level tests: from source (node --import tsx src/main.ts), or
// compiled as `npm start` runs it (scripts/start.mjs, building into `compiledInto` when stale).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the port (and the printed demo key, when there is one) once it listens. */
  ready: Promise<{ port: number; key?: string }>;
  exit: Promise<number | null>;
}

export function startServer(env: Record<string, string>, { compiledInto }: { compiledInto?: string } = {}): ServerProcess {
  const args = compiledInto ? ['scripts/start.mjs', '--out', compiledInto, 'src/main.ts'] : ['--import', 'tsx', 'src/main.ts'];
  const child = spawn(process.execPath, args, {
    cwd: root,
    // LOG_LEVEL info: the start-up lines (URL, key) are what `ready` waits for.
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => { output += chunk; });
  child.stderr!.on('data', (chunk) => { output += chunk; });
  const ready = new Promise<{ port: number; key?: string }>((resolve, reject) => {
    const check = setInterval(() => {
      const port = /GraphiQL:\s+http:\/\/localhost:(\d+)\/graphql/.exec(output)?.[1];
      // The key line follows the port line: wait for it (or its absence) to be printed.
      if (port && /API key:/.test(output)) {
        clearInterval(check);
        resolve({ port: Number(port), key: /API key:\s+(sk_[0-9a-f]{56})/.exec(output)?.[1] });
      }
    }, 50);
    child.on('exit', () => { clearInterval(check); reject(new Error(`exited before ready:\n${output}`)); });
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, ready, exit };
}
