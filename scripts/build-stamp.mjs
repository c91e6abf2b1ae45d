// What a build of dist/ was made from: a hash of the contents (not mtimes: a checkout or
// `prisma generate` rewrites files without changing them) of every source the build reads.
import { createHash } from 'node:crypto';
import { readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
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
  hash.update(`graphiql ${graphiqlVersion(root)}`);
  return hash.digest('hex');
}

function graphiqlVersion(root) {
  return createRequire(path.join(root, 'package.json'))('@graphql-yoga/render-graphiql/package.json').version;
}

// A file rewritten within the clock's tick of an earlier write keeps its time: times this recent
// are not trusted, their contents are hashed.
const RACY_MS = 2_000;

/**
 * A hash of every source's path, size and modification time: while it matches the stamp's, the
 * contents are unchanged and are not read again (hashing them costs every start ~0.1 s of CPU).
 * Null when a source was modified too recently to be trusted.
 */
export async function sourcesFingerprint(root, files) {
  const stats = await Promise.all(files.map((file) => stat(path.join(root, file))));
  if (stats.some((entry) => Date.now() - entry.mtimeMs < RACY_MS)) return null;
  const hash = createHash('sha256');
  files.forEach((file, i) => hash.update(`${file}\0${stats[i].size}\0${stats[i].mtimeMs}\0`));
  hash.update(`graphiql ${graphiqlVersion(root)}`);
  return hash.digest('hex');
}

/** Writes the stamp whole (a start reading it meanwhile sees the old or the new one). */
export async function writeStamp(outDir, stamp) {
  const file = path.join(outDir, STAMP_FILE);
  const partial = `${file}.${process.pid}.tmp`;
  await writeFile(partial, `${JSON.stringify(stamp, null, 2)}\n`);
  await rename(partial, file);
}

/** Why dist/ in `outDir` cannot be run as it is, or null when it was built from these sources. */
export async function staleReason(root, outDir) {
  const stamp = await readFile(path.join(outDir, STAMP_FILE), 'utf8').then(JSON.parse, () => null);
  if (!stamp) return `${path.relative(root, outDir) || outDir} has not been built`;
  const files = await sourceFiles(root);
  const fingerprint = await sourcesFingerprint(root, files);
  if (fingerprint && stamp.fingerprint === fingerprint) return null;
  if (stamp.hash !== (await sourcesHash(root, files))) return 'sources changed since the last build';
  // The same contents under other times (a checkout, `prisma generate`): remembered for the next start.
  if (fingerprint) await writeStamp(outDir, { ...stamp, fingerprint }).catch(() => {});
  return null;
}
