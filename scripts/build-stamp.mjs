// What a build of dist/ was made from: a hash of the contents (not mtimes: a checkout or
// `prisma generate` rewrites files without changing them) of every source the build reads.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

export const STAMP_FILE = 'build-stamp.json';

/** The runnable entries: source → the bundle in dist/ (`node scripts/start.mjs src/cli.ts …`). */
export const ENTRIES = { 'src/main.ts': 'main', 'src/cli.ts': 'cli', 'src/db/migrate-cli.ts': 'migrate', 'src/seed/cli.ts': 'seed' };

const SOURCE_DIRS = ['src', 'rest-shim'];
// The build's own code and settings, and the lock file (dependencies are bundled): a change to
// them is a change to the output.
const BUILD_INPUTS = ['package-lock.json', 'tsconfig.json', 'scripts/build.mjs', 'scripts/build-stamp.mjs'];

/** Paths (relative to root, sorted) of the files a build reads. */
export async function sourceFiles(root) {
  const files = [...BUILD_INPUTS];
  for (const dir of SOURCE_DIRS) {
    for (const entry of await readdir(path.join(root, dir), { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        files.push(path.relative(root, path.join(entry.parentPath ?? entry.path, entry.name)));
      }
    }
  }
  return files.sort();
}

/** sha256 over every source's path and contents, and the GraphiQL package's version. */
export async function sourcesHash(root, files) {
  const hash = createHash('sha256');
  const contents = await Promise.all(files.map((file) => readFile(path.join(root, file))));
  files.forEach((file, i) => hash.update(`${file}\0${contents[i].length}\0`).update(contents[i]));
  const require = createRequire(path.join(root, 'package.json'));
  hash.update(`graphiql ${require('@graphql-yoga/render-graphiql/package.json').version}`);
  return hash.digest('hex');
}

/** Why dist/ in `outDir` cannot be run as it is, or null when it was built from these sources. */
export async function staleReason(root, outDir) {
  const stamp = await readFile(path.join(outDir, STAMP_FILE), 'utf8').then(JSON.parse, () => null);
  if (!stamp) return `${path.relative(root, outDir) || outDir} has not been built`;
  if (stamp.hash !== (await sourcesHash(root, await sourceFiles(root)))) return 'sources changed since the last build';
  return null;
}
