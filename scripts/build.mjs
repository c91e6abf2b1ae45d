// `npm run build`: the server bundled by esbuild into dist/ (one file per entry — main, cli, migrate,
// seed — and shared chunks), GraphiQL's assets as static pre-compressed files, and a stamp of the
// sources built (scripts/build-stamp.mjs) that `npm start` compares.
// Usage: node scripts/build.mjs [--out DIR]   (DIR defaults to dist/; tests build elsewhere)
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { ENTRIES, sourceFiles, sourcesFingerprint, sourcesHash, writeStamp } from './build-stamp.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Prisma's generated client loads its query compiler from a 4.5 MB base64 ES module: parsed,
// decoded and kept in the heap for the life of the process. The build writes the WebAssembly
// beside the bundle instead, read once when the first query is compiled.
const QUERY_COMPILER_IMPORT = /const \{ wasm \} = await import\("(@prisma\/client\/runtime\/query_compiler_\w+_bg\.postgresql\.wasm-base64\.mjs)"\);?\s*return await decodeBase64AsWasm\(wasm\);?/;
const QUERY_COMPILER_FILE = 'query_compiler.wasm';

function unpackQueryCompiler(outDir, unpacked) {
  return {
    name: 'unpack-query-compiler',
    setup(build) {
      build.onLoad({ filter: /src[\\/]generated[\\/]prisma[\\/]internal[\\/]class\.ts$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        const match = QUERY_COMPILER_IMPORT.exec(source);
        if (!match) {
          console.warn('build: the Prisma client no longer loads its compiler as expected; left as generated');
          return { contents: source, loader: 'ts' };
        }
        const { wasm } = await import(match[1]);
        await writeFile(path.join(outDir, QUERY_COMPILER_FILE), Buffer.from(wasm, 'base64'));
        unpacked.push(QUERY_COMPILER_FILE);
        return {
          contents: source.replace(match[0],
            `const { readFile } = await import("node:fs/promises");\n    return new WebAssembly.Module(await readFile(new URL("./${QUERY_COMPILER_FILE}", import.meta.url)));`),
          loader: 'ts',
        };
      });
    },
  };
}

// Left to Node: packages that find their own files (WebAssembly, data, assets) next to their code,
// and those loaded only on demand (mail, Redis, GraphiQL's sources at build time).
const EXTERNAL = [
  '@electric-sql/pglite', '@electric-sql/pglite/*', 'pglite-prisma-adapter', '@prisma/client/runtime/*',
  '@prisma/schema-engine-wasm/*', 'swagger-ui-dist', 'pg-native', 'nodemailer', 'ioredis', '@graphql-yoga/render-graphiql/*',
];

// graphql-js as its ES module build (index.mjs, …): bundled as CommonJS, every `graphql.x` the
// executor reads per field goes through an interop getter (a few % of a request's CPU). Every
// importer, require() included, gets the same build, so there is still one graphql instance.
const GRAPHQL_SPECIFIER = /^graphql(\/.*)?$/;
function graphqlAsEsm() {
  return {
    name: 'graphql-as-esm',
    setup(build) {
      build.onResolve({ filter: GRAPHQL_SPECIFIER }, async (args) => {
        if (args.pluginData === 'graphql-as-esm') return undefined;
        const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'graphql-as-esm' });
        if (resolved.errors.length || !/[\\/]node_modules[\\/]graphql[\\/].*\.js$/.test(resolved.path)) return resolved;
        return { ...resolved, path: resolved.path.replace(/\.js$/, '.mjs') };
      });
    },
  };
}

/** Compiles the server into `outDir`; returns what it did, for the caller to print. */
export async function buildServer(outDir = path.join(root, 'dist')) {
  const started = Date.now();
  const files = await sourceFiles(root);
  // Before the contents are read: a source edited during the build makes the next start compare them.
  const fingerprint = await sourcesFingerprint(root, files);
  const hash = await sourcesHash(root, files);
  // A stale build must not leave files of an older one behind; GraphiQL's assets are kept
  // (they depend only on the package version, checked below).
  await mkdir(outDir, { recursive: true });
  for (const entry of await readdir(outDir)) {
    if (entry !== 'graphiql') await rm(path.join(outDir, entry), { recursive: true, force: true });
  }
  const unpacked = [];
  // One bundle per entry with shared chunks: a few files to load instead of hundreds of modules
  // resolved one by one (about a second of CPU at start-up).
  const result = await build({
    entryPoints: { ...Object.fromEntries(Object.entries(ENTRIES).map(([source, name]) => [name, path.join(root, source)])), 'graphiql-assets': path.join(root, 'src/yoga/graphiql-assets.ts') },
    outdir: outDir,
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    // CommonJS dependencies inside an ES module bundle still call require().
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    plugins: [unpackQueryCompiler(outDir, unpacked), graphqlAsEsm()],
  });
  // The server's own asset writer, just built (src/yoga/graphiql-assets.ts).
  const { buildGraphiQLAssets } = await import(pathToFileURL(path.join(outDir, 'graphiql-assets.js')).href);
  const graphiql = await buildGraphiQLAssets(path.join(outDir, 'graphiql'));
  await writeStamp(outDir, { hash, ...(fingerprint && { fingerprint }), builtAt: new Date().toISOString() });
  const modules = Object.keys(result.metafile.inputs).length;
  return { outDir, modules, unpacked, graphiql, ms: Date.now() - started };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const result = await buildServer(values.out ? path.resolve(values.out) : undefined);
  console.log(`bundled ${result.modules} modules into ${path.relative(process.cwd(), result.outDir) || '.'} in ${result.ms} ms` +
    ` (GraphiQL assets ${result.graphiql.built ? 'compressed' : 'up to date'})`);
}
