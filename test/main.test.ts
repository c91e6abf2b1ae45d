// npm start's process: demo data and a printed key on first start, /health, and a graceful
// shutdown on SIGTERM that lets in-flight requests finish and closes the database cleanly.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.js';
import { startServer } from './support/server-process.js';

const root = path.resolve(import.meta.dirname, '..');
const dirs: string[] = [];
afterAll(async () => { await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))); });

function getOnNewConnection(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => { body += chunk; });
      response.on('end', () => resolve({ status: response.statusCode!, body }));
      response.on('error', reject);
    }).on('error', reject);
  });
}

const start = (dataDir: string) => startServer({ DATA_DIR: dataDir, DATABASE_URL: '' });

describe('npm start (src/main.ts)', () => {
  it('seeds demo data, prints a working key, and on SIGTERM finishes in-flight requests, then exits 0', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'itam-main-'));
    dirs.push(dataDir);
    const server = start(dataDir);
    const { port, key } = await server.ready;
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/ready`)).status).toBe(200);
    // A JSON log line: the quotes come escaped.
    expect(server.output()).toMatch(/demo data: organization \\?"Demo Company\\?" seeded/);

    const count = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: '{ assets(first: 1) { totalCount } users(first: 1) { totalCount } auditEvents(first: 1) { totalCount } }' }),
    }).then((r) => r.json() as Promise<any>);
    expect(count.data.assets.totalCount).toBe(200);
    expect(count.data.users.totalCount).toBeGreaterThan(10);
    expect(count.data.auditEvents.totalCount).toBeGreaterThan(300);

    // A large request in flight (on a connection of its own) when SIGTERM arrives still gets its
    // whole answer.
    const inFlight = getOnNewConnection(`${base}/api/assets?limit=1000`, { authorization: `Bearer ${key}` });
    await new Promise((resolve) => setTimeout(resolve, 30));
    server.child.kill('SIGTERM');
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect((JSON.parse(response.body) as unknown[]).length).toBe(200);
    expect(await server.exit).toBe(0);
    expect(server.output()).toMatch(/SIGTERM: finishing in-flight requests/);
    expect(server.output()).toMatch(/stopped/);
    await expect(fetch(`${base}/health`)).rejects.toThrow();

    // Closed cleanly: the database opens again with everything in it, and the key was kept.
    const db = await openDatabase({ dataDir });
    try {
      expect(await db.prisma.asset.count()).toBe(200);
    } finally {
      await db.close();
    }
    expect((await readFile(path.join(dataDir, 'demo-api-key.txt'), 'utf8')).trim()).toBe(key);
  }, 120_000);

  it('prints the same key on a second start and does not seed twice', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'itam-main-'));
    dirs.push(dataDir);
    const first = start(dataDir);
    const { key } = await first.ready;
    first.child.kill('SIGINT');
    expect(await first.exit).toBe(0);
    const second = start(dataDir);
    const again = await second.ready;
    expect(again.key).toBe(key);
    expect(second.output()).not.toMatch(/demo data:/);
    second.child.kill('SIGTERM');
    expect(await second.exit).toBe(0);
  }, 120_000);

  it('refuses a bad configuration with a clear message and exit code 1', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { // as `npm start` runs it
      cwd: root, env: { ...process.env, PORT: 'eighty' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr!.on('data', (chunk) => { output += chunk; });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain('PORT must be an integer from 0 to 65535, got "eighty"');
  }, 60_000);
});
