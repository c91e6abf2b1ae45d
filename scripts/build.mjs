// `npm run build`: the server compiled to dist/ (esbuild transpiles each TypeScript file, no
// bundling, so dist/ mirrors src/ and rest-shim/), GraphiQL's assets as static pre-compressed files,
// and a stamp of the sources built (scripts/build-stamp.mjs) that `npm start` compares.
// Usage: node scripts/build.mjs [--out DIR]   (DIR defaults to dist/; tests build elsewhere)
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { sourceFiles, sourcesHash, STAMP_FILE } from './build-stamp.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Prisma's generated client loads its query compiler from a 4.5 MB base64 ES module: parsed,
// decoded and kept in the heap for the life of the process. The build writes the WebAssembly
// beside the client instead, read once when the first query is compiled.
const QUERY_COMPILER_IMPORT = /const \{ wasm \} = await import\("(@prisma\/client\/runtime\/query_compiler_\w+_bg\.postgresql\.wasm-base64\.mjs)"\);\s*return await decodeBase64AsWasm\(wasm\);/;

async function unpackQueryCompiler(outDir) {
  const classFile = path.join(outDir, 'src/generated/prisma/internal/class.js');
  const source = await readFile(classFile, 'utf8');
  const match = QUERY_COMPILER_IMPORT.exec(source);
  if (!match) {
    console.warn('build: the Prisma client no longer loads its compiler as expected; left as generated');
    return false;
  }
  const { wasm } = await import(match[1]);
  await writeFile(path.join(path.dirname(classFile), 'query_compiler.wasm'), Buffer.from(wasm, 'base64'));
  await writeFile(classFile, source.replace(match[0],
    'const { readFile } = await import("node:fs/promises");\n    return new WebAssembly.Module(await readFile(new URL("./query_compiler.wasm", import.meta.url)));'));
  return true;
}

/** Compiles the server into `outDir`; returns what it did, for the caller to print. */
export async function buildServer(outDir = path.join(root, 'dist')) {
  const started = Date.now();
  const files = await sourceFiles(root);
  const hash = await sourcesHash(root, files);
  // A stale build must not leave files of deleted sources behind; GraphiQL's assets are kept
  // (they depend only on the package version, checked below).
  await mkdir(outDir, { recursive: true });
  await Promise.all(['src', 'rest-shim', STAMP_FILE].map((name) => rm(path.join(outDir, name), { recursive: true, force: true })));
  await build({
    entryPoints: files.filter((file) => file.endsWith('.ts')).map((file) => path.join(root, file)),
    outdir: outDir,
    outbase: root,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    bundle: false,
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  await unpackQueryCompiler(outDir);
  // The server's own asset writer, just compiled (src/yoga/graphiql-assets.ts).
  const { buildGraphiQLAssets } = await import(pathToFileURL(path.join(outDir, 'src/yoga/graphiql-assets.js')).href);
  const graphiql = await buildGraphiQLAssets(path.join(outDir, 'graphiql'));
  await writeFile(path.join(outDir, STAMP_FILE), `${JSON.stringify({ hash, builtAt: new Date().toISOString() }, null, 2)}\n`);
  return { outDir, modules: files.filter((file) => file.endsWith('.ts')).length, graphiql, ms: Date.now() - started };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const result = await buildServer(values.out ? path.resolve(values.out) : undefined);
  console.log(`built ${result.modules} modules into ${path.relative(process.cwd(), result.outDir) || '.'} in ${result.ms} ms` +
    ` (GraphiQL assets ${result.graphiql.built ? 'compressed' : 'up to date'})`);
}
