// `npm start`, `npm run cli`, `npm run migrate`: run the entry's bundle (dist/main.js, cli.js, …) with
// NODE_ENV=production (unless set), building dist/ first when it is missing or was built from
// other sources — so `npm install && npm start` needs no separate build step.
// Usage: node scripts/start.mjs [--out DIR] src/main.ts|src/cli.ts|src/db/migrate-cli.ts|src/seed/cli.ts [args…]   (DIR inside the project; default dist/)
import { spawnSync } from 'node:child_process';
import module from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ENTRIES, staleReason } from './build-stamp.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outDir = args[0] === '--out' ? path.resolve(args.splice(0, 2)[1]) : path.join(root, 'dist');
const [entry = 'src/main.ts', ...entryArgs] = args;
// The compiled modules find node_modules/ and prisma/migrations/ by walking up from where they are.
if (path.relative(root, outDir).startsWith('..')) {
  console.error(`--out must be inside the project (${root}), got "${outDir}"`);
  process.exit(2);
}
if (!Object.hasOwn(ENTRIES, entry)) {
  console.error(`usage: node scripts/start.mjs [--out DIR] ${Object.keys(ENTRIES).join('|')} [args…] (got "${entry}")`);
  process.exit(2);
}

const reason = await staleReason(root, outDir);
if (reason) {
  // In a process of its own: the compiler and GraphiQL's sources never enter the server's memory.
  console.error(`building ${path.relative(root, outDir) || outDir}/ (${reason})`);
  const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--out', outDir], { stdio: ['ignore', 2, 2] });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// Node ≥ 22.1 keeps V8's compiled code of the bundle between starts (Node 20 has no such cache).
module.enableCompileCache?.(path.join(outDir, '.compile-cache'));
// Read by graphql-js when it loads (no development-only instanceof checks) and by the app.
process.env.NODE_ENV ||= 'production';
const compiled = path.join(outDir, `${ENTRIES[entry]}.js`);
process.argv = [process.argv[0], compiled, ...entryArgs];
// On stderr: the CLI's --json output stays the only thing on stdout.
console.error(`running ${path.relative(root, compiled)} (NODE_ENV=${process.env.NODE_ENV})`);
await import(pathToFileURL(compiled).href);
