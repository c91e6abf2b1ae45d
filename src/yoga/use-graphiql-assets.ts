// GraphiQL (GET /graphql from a browser) as a 2 KB page loading its code from /graphiql/*: static
// files compressed at build time (graphiql-assets.ts), sent as stored in the best encoding the
// client accepts, with Content-Encoding set here so response compression leaves them alone.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';
import { ASSET_NAMES, buildGraphiQLAssets, ENCODINGS, storedName, type AssetManifest, type Encoding } from './graphiql-assets.js';
import { Response } from '../request/response.js';

export const GRAPHIQL_ASSETS_PATH = '/graphiql/';

/** Assets by directory, built at most once per process (only when running from source). */
const manifests = new Map<string, Promise<AssetManifest>>();

function manifestOf(dir: string): Promise<AssetManifest> {
  let manifest = manifests.get(dir);
  if (!manifest) {
    manifest = buildGraphiQLAssets(dir).then((result) => result.manifest);
    // A failed build is retried by the next request, not remembered.
    manifest.catch(() => manifests.delete(dir));
    manifests.set(dir, manifest);
  }
  return manifest;
}

/** The encoding to send: brotli, then gzip, when accepted with q > 0 (RFC 9110 §12.5.3). */
export function pickEncoding(acceptEncoding: string | null): Encoding | 'identity' {
  const weights = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').toLowerCase().split(',')) {
    const [token, ...params] = part.split(';').map((piece) => piece.trim());
    if (!token) continue;
    const q = params.find((param) => param.startsWith('q='));
    weights.set(token, q ? Number(q.slice(2)) : 1);
  }
  return ENCODINGS.find((encoding) => (weights.get(encoding) ?? weights.get('*') ?? 0) > 0) ?? 'identity';
}

// `<` escaped so no option value can close the script element.
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');
const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page yoga sends for GET /graphql (Accept: text/html): markup and options, no code. */
export function renderGraphiQLPage(options: GraphiQLOptions = {}): string {
  const asset = (name: string) => GRAPHIQL_ASSETS_PATH + name;
  const workers = {
    editorWorkerService: asset(ASSET_NAMES.editorWorkerService),
    json: asset(ASSET_NAMES.jsonWorker),
    graphql: asset(ASSET_NAMES.graphqlWorker),
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(options.title ?? 'GraphiQL')}</title>
<link rel="icon" href="${escapeHtml(options.favicon ?? asset(ASSET_NAMES.favicon))}">
<link rel="stylesheet" href="${asset(ASSET_NAMES.css)}">
</head>
<body id="body" class="no-focus-outline">
<noscript>You need to enable JavaScript to run this app.</noscript>
<div id="root"></div>
<script>
const workers = ${scriptJson(workers)};
// Absolute: Monaco starts each worker from a blob: script that imports this URL.
self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (moduleId, label) => new URL(workers[label], location.href).href };
</script>
<script src="${asset(ASSET_NAMES.js)}"></script>
<script>YogaGraphiQL.renderYogaGraphiQL(document.querySelector('#root'), ${scriptJson(options)});</script>
</body>
</html>
`;
}

/** The stored file `name` of `dir` for `request`: 404, 304 or 200 with the best encoding it accepts. */
async function serveAsset(dir: string, name: string, request: Request): Promise<Response> {
  const manifest = await manifestOf(dir);
  const entry = Object.hasOwn(manifest.files, name) ? manifest.files[name] : undefined;
  if (!entry) return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  const encoding = pickEncoding(request.headers.get('accept-encoding'));
  const headers: Record<string, string> = {
    'content-type': entry.type,
    'cache-control': 'public, max-age=86400',
    etag: encoding === 'identity' ? entry.etag : entry.etag.replace(/"$/, `-${encoding}"`),
    vary: 'accept-encoding',
  };
  if (encoding !== 'identity') headers['content-encoding'] = encoding;
  if (request.headers.get('if-none-match') === headers.etag) return new Response(null, { status: 304, headers });
  headers['content-length'] = String(entry.sizes[encoding]);
  const body = request.method === 'HEAD' ? null : await readFile(path.join(dir, storedName(name, encoding)));
  return new Response(body, { status: 200, headers });
}

/** Serves GET/HEAD /graphiql/<file> from `dir` (dist/graphiql; written on first use from source). */
export function useGraphiQLAssets(dir: string): Plugin {
  return {
    // Not async: every other request passes through synchronously (no promise, no extra tick).
    onRequest({ url, request, endResponse }) {
      if ((request.method !== 'GET' && request.method !== 'HEAD') || !url.pathname.startsWith(GRAPHIQL_ASSETS_PATH)) return;
      return serveAsset(dir, url.pathname.slice(GRAPHIQL_ASSETS_PATH.length), request).then(endResponse);
    },
  };
}
