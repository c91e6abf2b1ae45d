// The process logger's stdout (src/request/log.ts): lines leave in batches, yet none is held back
// for long and none is lost when the process exits or crashes.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Runs `code` (a module body with `logger` imported) as its own process; its stdout lines as JSON. */
function runLogging(code: string, { until }: { until?: (lines: { msg: string }[]) => boolean } = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `import { logger } from './src/request/log.ts';\n${code}`], {
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'info', LOG_FORMAT: 'json' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let output = '';
  const lines = () => output.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { msg: string });
  return new Promise<{ lines: { msg: string }[]; code: number | null }>((resolve) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (until?.(lines())) {
        child.kill();
        resolve({ lines: lines(), code: null });
      }
    });
    child.on('exit', (code) => resolve({ lines: lines(), code }));
  });
}

describe('the process log on stdout', () => {
  it('writes a lone line while the process runs (it does not wait for a full batch)', async () => {
    const { lines } = await runLogging(`logger.info('alone'); setInterval(() => {}, 1000);`, { until: (seen) => seen.some((line) => line.msg === 'alone') });
    expect(lines.map((line) => line.msg)).toEqual(['alone']);
  });

  it('writes every pending line when the process exits, or crashes', async () => {
    const exiting = await runLogging(`for (let i = 0; i < 50; i++) logger.info('line ' + i); process.exit(3);`);
    expect(exiting.code).toBe(3);
    expect(exiting.lines.map((line) => line.msg)).toEqual(Array.from({ length: 50 }, (_, i) => `line ${i}`));
    const crashing = await runLogging(`logger.info('before'); setTimeout(() => { throw new Error('boom'); }, 5);`);
    expect(crashing.code).toBe(1);
    expect(crashing.lines.map((line) => line.msg)).toEqual(['before']);
  });
});
