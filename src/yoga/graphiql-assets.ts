// GraphiQL's code (from @graphql-yoga/render-graphiql, no CDN) as static files, each stored plain,
// gzip and brotli, written once by `npm run build` (or on first use when running from source), so
// the server never holds the package's 9 MB of strings in memory nor compresses them per request.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

/** Bump when the files written change (names, sources, compression). */
const LAYOUT = 2;
const MANIFEST = 'manifest.json';

export const ENCODINGS = ['br', 'gzip'] as const;
export type Encoding = (typeof ENCODINGS)[number];
const SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

export interface AssetEntry {
  type: string;
  /** Bytes of each stored form: plain and per encoding. */
  sizes: { identity: number } & Record<Encoding, number>;
  etag: string;
}

export interface AssetManifest {
  version: string;
  files: Record<string, AssetEntry>;
}

/** The file names the page refers to, by what the package exports. */
export const ASSET_NAMES = {
  js: 'graphiql.js',
  css: 'graphiql.css',
  favicon: 'favicon.ico',
  editorWorkerService: 'editor.worker.js',
  jsonWorker: 'json.worker.js',
  graphqlWorker: 'graphql.worker.js',
} as const;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ico': 'image/x-icon',
};

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

function packageVersion(): string {
  const require = createRequire(import.meta.url);
  return `${require('@graphql-yoga/render-graphiql/package.json').version}/${LAYOUT}`;
}

export async function readManifest(dir: string): Promise<AssetManifest | null> {
  const manifest = await readFile(path.join(dir, MANIFEST), 'utf8').then((text) => JSON.parse(text) as AssetManifest, () => null);
  return manifest?.version === packageVersion() ? manifest : null;
}

export function storedName(name: string, encoding: Encoding | 'identity'): string {
  return encoding === 'identity' ? name : name + SUFFIX[encoding];
}

async function writeAssets(dir: string, version: string): Promise<AssetManifest> {
  // Loaded only here: importing it is what put 9 MB of strings into the server's heap.
  const graphiql = await import('@graphql-yoga/render-graphiql/graphiql');
  const files: AssetManifest['files'] = {};
  await mkdir(dir, { recursive: true });
  await Promise.all(Object.entries(ASSET_NAMES).map(async ([key, name]) => {
    const text = graphiql[key as keyof typeof ASSET_NAMES];
    const plain = key === 'favicon'
      ? Buffer.from(text.slice(text.indexOf(',') + 1), 'base64')
      : Buffer.from(text, 'utf8');
    const [gz, br] = await Promise.all([
      gzip(plain, { level: 9 }),
      // Quality 5: within 15% of the best (11) at a thirtieth of the time (~1 s for the 5 MB bundle).
      brotli(plain, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: plain.length } }),
    ]);
    await Promise.all([
      writeFile(path.join(dir, name), plain),
      writeFile(path.join(dir, storedName(name, 'gzip')), gz),
      writeFile(path.join(dir, storedName(name, 'br')), br),
    ]);
    files[name] = {
      type: TYPES[path.extname(name)],
      sizes: { identity: plain.length, gzip: gz.length, br: br.length },
      etag: `"${version.replace('/', '-')}-${plain.length.toString(36)}"`,
    };
  }));
  const manifest = { version, files };
  await writeFile(path.join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * The assets in `dir`, written first when missing or from another package version. Written to a
 * scratch directory and renamed into place, so concurrent processes never see half a set.
 */
export async function buildGraphiQLAssets(dir: string): Promise<{ manifest: AssetManifest; built: boolean }> {
  const existing = await readManifest(dir);
  if (existing) return { manifest: existing, built: false };
  const scratch = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const manifest = await writeAssets(scratch, packageVersion());
    const meanwhile = await readManifest(dir);
    if (meanwhile) return { manifest: meanwhile, built: false };
    await rm(dir, { recursive: true, force: true }); // another version's set

    await rename(scratch, dir).catch(async (error: unknown) => {
      // Another process put its (identical) set in place first: use that one.
      if (!(await readManifest(dir))) throw error;
    });
    return { manifest, built: true };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
