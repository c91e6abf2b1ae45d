// `npm start` runs compiled JavaScript (scripts/start.mjs → dist/main.js, NODE_ENV=production),
// building dist/ first when it is missing or was built from other sources (scripts/build-stamp.mjs:
// a hash of the sources' contents). Built here into a directory of its own (inside the project, where
// the compiled modules find node_modules/), never the project's dist/.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ES module of the build scripts (no types)
import { sourceFiles, sourcesFingerprint, sourcesHash, staleReason, STAMP_FILE, writeStamp } from '../scripts/build-stamp.mjs';
// @ts-expect-error plain ES module of the start scripts (no types)
import { PRODUCTION_ENV, PRODUCTION_NODE_ARGS } from '../scripts/production-node.mjs';
import { startServer } from './support/server-process.js';

const root = path.resolve(import.meta.dirname, '..');
const dirs: string[] = [];
afterAll(async () => { await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))); });
const tempDir = async (prefix: string) => {
  const dir = await mkdtemp(path.isAbsolute(prefix) ? prefix : path.join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};

function runCompiled(outDir: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/start.mjs', '--out', outDir, ...args], {
      cwd: root, env: { ...process.env, NODE_ENV: '', DATABASE_URL: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm start (scripts/start.mjs, compiled)', () => {
  it('builds a missing dist/, runs it with NODE_ENV=production, answers a query; a stale dist/ is rebuilt', async () => {
    await mkdir(path.join(root, 'node_modules/.cache'), { recursive: true });
    const outDir = await tempDir(path.join(root, 'node_modules/.cache/itam-dist-'));
    const dataDir = await tempDir('itam-prod-');
    const server = startServer({ DATA_DIR: dataDir, DATABASE_URL: '', NODE_ENV: '' }, { compiledInto: outDir });
    const { port, key } = await server.ready;
    expect(server.output()).toMatch(/building .*itam-dist-\w+\/ \(.* has not been built\)/);
    expect(server.output()).toContain(`running ${path.relative(root, path.join(outDir, 'main.js'))} (NODE_ENV=production)`);
    expect(existsSync(path.join(outDir, 'graphiql/graphiql.js.br'))).toBe(true);
    // The generated client loads its query compiler from the file the build unpacked.
    expect(existsSync(path.join(outDir, 'query_compiler.wasm'))).toBe(true);

    const base = `http://127.0.0.1:${port}`;
    const answer = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: '{ assets(first: 2) { totalCount edges { node { assetTag location { name } } } } }' }),
    }).then((response) => response.json() as Promise<any>);
    expect(answer.errors).toBeUndefined();
    expect(answer.data.assets.totalCount).toBe(200);
    expect(answer.data.assets.edges).toHaveLength(2);
    // The REST layer and its Swagger UI assets (found by the bundle in node_modules) work compiled too.
    const rest = await fetch(`${base}/api/assets?limit=1`, { headers: { authorization: `Bearer ${key}` } });
    expect(rest.status).toBe(200);
    expect(await rest.json()).toHaveLength(1);
    const swagger = await fetch(`${base}/api/docs/swagger-ui.css`);
    expect(swagger.status).toBe(200);
    await swagger.arrayBuffer();
    const graphiql = await fetch(`${base}/graphiql/graphiql.css`, { headers: { 'accept-encoding': 'br' } });
    expect(graphiql.headers.get('content-encoding')).toBe('br');
    await graphiql.arrayBuffer();
    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);

    // Up to date: the compiled migration runner starts without building (and finds prisma/migrations).
    const upToDate = await runCompiled(outDir, ['src/db/migrate-cli.ts', 'apply'], { DATA_DIR: dataDir });
    expect(upToDate.stderr).not.toMatch(/building/);
    expect([upToDate.code, upToDate.stdout.trim()]).toEqual([0, 'database is up to date']);

    // Built from other sources (as after an edit or a pull): rebuilt before it runs.
    const stampFile = path.join(outDir, STAMP_FILE);
    const stamp = JSON.parse(await readFile(stampFile, 'utf8'));
    // (Other contents and other times: the recorded sizes and times no longer match either.)
    await writeFile(stampFile, JSON.stringify({ ...stamp, hash: 'f'.repeat(64), fingerprint: 'e'.repeat(64) }));
    await rm(path.join(outDir, 'cli.js'));
    const stale = await runCompiled(outDir, ['src/cli.ts', 'key', 'list', '--json'], { DATA_DIR: dataDir });
    expect(stale.stderr).toMatch(/building .* \(sources changed since the last build\)/);
    expect(stale.code).toBe(0);
    const keys = JSON.parse(stale.stdout) as { name: string }[];
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(await readFile(stampFile, 'utf8')).hash).toBe(stamp.hash);
  }, 300_000);
});

/** A project of two sources beside the real node_modules; `stamp` records its build as build.mjs does. */
async function stampProject() {
  const project = await tempDir('itam-stamp-');
  for (const file of ['package.json', 'package-lock.json', 'tsconfig.json', 'scripts/build.mjs', 'scripts/build-stamp.mjs']) {
    await cp(path.join(root, file), path.join(project, file), { recursive: true });
  }
  await mkdir(path.join(project, 'src/db'), { recursive: true });
  await mkdir(path.join(project, 'rest-shim'));
  await writeFile(path.join(project, 'src/db/a.ts'), 'export const a = 1;\n');
  await writeFile(path.join(project, 'rest-shim/b.ts'), 'export const b = 2;\n');
  await symlink(path.join(root, 'node_modules'), path.join(project, 'node_modules'));
  const outDir = path.join(project, 'dist');
  const stamp = async () => {
    await mkdir(outDir, { recursive: true });
    const files = await sourceFiles(project);
    await writeStamp(outDir, { hash: await sourcesHash(project, files), fingerprint: await sourcesFingerprint(project, files) });
  };
  const readStamp = async () => JSON.parse(await readFile(path.join(outDir, STAMP_FILE), 'utf8')) as { hash: string; fingerprint: string | null };
  return { project, outDir, stamp, readStamp };
}

describe('npm start\'s node (scripts/production-node.mjs)', () => {
  it('runs node with the flags and environment the benches measure the server with', async () => {
    const { scripts } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const [prefix, command] = scripts.start.split(/\bnode\b/);
    // The environment as defaults: a value the operator sets wins.
    const env = Object.fromEntries([...prefix.matchAll(/(\w+)=\$\{\1:-([^}]*)\}/g)].map(([, name, value]) => [name, value]));
    expect(env).toEqual(PRODUCTION_ENV);
    expect(command.trim()).toBe([...PRODUCTION_NODE_ARGS, 'scripts/start.mjs', 'src/main.ts'].join(' '));
  });
});

describe('staleness of dist/ (scripts/build-stamp.mjs)', () => {
  it('follows the contents of the sources and the lock file, not their times; a new source file makes it stale', async () => {
    const { project, outDir, stamp } = await stampProject();

    expect(await staleReason(project, outDir)).toBe('dist has not been built');
    await stamp();
    expect(await sourceFiles(project)).toEqual(['package-lock.json', 'rest-shim/b.ts', 'scripts/build-stamp.mjs', 'scripts/build.mjs', 'src/db/a.ts', 'tsconfig.json']);
    expect(await staleReason(project, outDir)).toBeNull();

    // Rewritten with the same bytes (a checkout, `prisma generate`): still current.
    await writeFile(path.join(project, 'src/db/a.ts'), 'export const a = 1;\n');
    await utimes(path.join(project, 'src/db/a.ts'), new Date(), new Date(Date.now() + 60_000));
    expect(await staleReason(project, outDir)).toBeNull();

    await writeFile(path.join(project, 'src/db/a.ts'), 'export const a = 2;\n');
    expect(await staleReason(project, outDir)).toBe('sources changed since the last build');
    await writeFile(path.join(project, 'src/db/a.ts'), 'export const a = 1;\n');
    expect(await staleReason(project, outDir)).toBeNull();

    await writeFile(path.join(project, 'rest-shim/c.ts'), 'export const c = 3;\n');
    expect(await staleReason(project, outDir)).toBe('sources changed since the last build');
    await rm(path.join(project, 'rest-shim/c.ts'));
    expect(await staleReason(project, outDir)).toBeNull();

    // Another dependency version (bundled into dist/): stale.
    await writeFile(path.join(project, 'package-lock.json'), '{"lockfileVersion": 3, "packages": {}}\n');
    expect(await staleReason(project, outDir)).toBe('sources changed since the last build');
  });

  it('trusts sizes and times recorded when they were old enough, and still sees a same-size edit', async () => {
    const { project, outDir, stamp, readStamp } = await stampProject();
    const files: string[] = await sourceFiles(project);
    const anHourAgo = new Date(Date.now() - 3_600_000);
    const age = () => Promise.all(files.map((file) => utimes(path.join(project, file), anHourAgo, anHourAgo)));

    // Just written: times within the clock's tick are not trusted, the contents decide.
    await stamp();
    expect((await readStamp()).fingerprint).toBeNull();
    expect(await staleReason(project, outDir)).toBeNull();
    expect((await readStamp()).fingerprint).toBeNull();

    // Old enough: the start that compared the contents records the times for the next one.
    await age();
    expect(await staleReason(project, outDir)).toBeNull();
    const recorded = await readStamp();
    expect(recorded.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    // While they match, the contents are not read (a stamp of other contents but these times passes).
    await writeStamp(outDir, { ...recorded, hash: 'not-these-sources' });
    expect(await staleReason(project, outDir)).toBeNull();
    await writeStamp(outDir, recorded);

    // The same size, other contents, new time: stale.
    await writeFile(path.join(project, 'src/db/a.ts'), 'export const a = 2;\n');
    expect(await staleReason(project, outDir)).toBe('sources changed since the last build');
    await writeFile(path.join(project, 'src/db/a.ts'), 'export const a = 1;\n');
    await age();
    expect(await staleReason(project, outDir)).toBeNull();
  });
});
