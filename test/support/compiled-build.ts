// The production bundle (scripts/build.mjs) built once for a test file, into a directory of its own
// inside the project (where the bundle finds node_modules/), never the project's dist/.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface CompiledBuild {
  /** The directory holding main.js, cli.js, migrate.js, seed.js. */
  dir: string;
  remove(): Promise<void>;
}

export async function buildCompiled(prefix: string): Promise<CompiledBuild> {
  const cache = path.join(ROOT, 'node_modules', '.cache');
  await mkdir(cache, { recursive: true });
  const dir = await mkdtemp(path.join(cache, prefix));
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--out', dir], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
