// GraphiQL: GET /graphql from a browser is a small page; its code comes from /graphiql/* as files
// compressed at build time (from source: written to dist/graphiql on first use), each sent in the
// best encoding the client accepts with Content-Encoding set, so response compression skips it.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickEncoding } from '../src/yoga/use-graphiql-assets.js';
import { startTestApi, type TestApi } from './support/test-api.js';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(() => api.close());

const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
  api.app.fetch(`http://test${path}`, { method, headers });

describe('GET /graphql (Accept: text/html)', () => {
  it('is a page of a few kilobytes that loads GraphiQL from /graphiql/, with the example query', async () => {
    const response = await get('/graphql', { accept: 'text/html' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await response.text();
    expect(page.length).toBeLessThan(8_000);
    for (const asset of ['graphiql.js', 'graphiql.css', 'favicon.ico', 'editor.worker.js', 'json.worker.js', 'graphql.worker.js']) {
      expect(page).toContain(`/graphiql/${asset}`);
    }
    expect(page).toContain('<title>IT asset management API</title>');
    expect(page).toContain('query Assets {');
    // Option values cannot end the script element they are written into.
    expect(page.match(/<\/script>/g)).toHaveLength(3);
  });
});

describe('GET /graphiql/<file>', () => {
  it('sends brotli to a client accepting it, gzip to one accepting only gzip, the plain file otherwise', async () => {
    const br = await get('/graphiql/graphiql.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(br.headers.get('vary')).toBe('accept-encoding');
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(Number(br.headers.get('content-length'))).toBe(brBytes.length);

    const gzip = await get('/graphiql/graphiql.js', { 'accept-encoding': 'gzip' });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    const gzipBytes = Buffer.from(await gzip.arrayBuffer());

    const plain = await get('/graphiql/graphiql.js');
    expect(plain.headers.get('content-encoding')).toBeNull();
    const plainBytes = Buffer.from(await plain.arrayBuffer());
    expect(plainBytes.toString('utf8', 0, 200)).toContain('YogaGraphiQL');
    // The three are the same file, and the compressed ones are a fraction of it.
    expect(brotliDecompressSync(brBytes).equals(plainBytes)).toBe(true);
    expect(gunzipSync(gzipBytes).equals(plainBytes)).toBe(true);
    expect(brBytes.length).toBeLessThan(plainBytes.length / 3);
    expect(gzipBytes.length).toBeLessThan(plainBytes.length / 3);
  });

  it('serves the stylesheet, the three editor workers and the icon with their types', async () => {
    const types: Record<string, string> = {
      'graphiql.css': 'text/css; charset=utf-8',
      'editor.worker.js': 'text/javascript; charset=utf-8',
      'json.worker.js': 'text/javascript; charset=utf-8',
      'graphql.worker.js': 'text/javascript; charset=utf-8',
      'favicon.ico': 'image/x-icon',
    };
    for (const [name, type] of Object.entries(types)) {
      const response = await get(`/graphiql/${name}`, { 'accept-encoding': 'gzip' });
      expect([name, response.status, response.headers.get('content-type')]).toEqual([name, 200, type]);
      expect(gunzipSync(Buffer.from(await response.arrayBuffer())).length).toBeGreaterThan(1_000);
    }
  });

  it('answers a repeated request carrying the ETag with 304 and no body; HEAD with the headers only', async () => {
    const first = await get('/graphiql/graphiql.css', { 'accept-encoding': 'br' });
    await first.arrayBuffer();
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^".+-br"$/);
    const again = await get('/graphiql/graphiql.css', { 'accept-encoding': 'br', 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    // Another encoding is another representation: its own tag.
    const gzip = await get('/graphiql/graphiql.css', { 'accept-encoding': 'gzip', 'if-none-match': etag });
    expect(gzip.status).toBe(200);
    await gzip.arrayBuffer();

    const head = await get('/graphiql/graphiql.css', { 'accept-encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(first.headers.get('content-length'));
    expect(await head.text()).toBe('');
  });

  it('is 404 for any other name, including paths out of the directory', async () => {
    for (const path of ['/graphiql/nope.js', '/graphiql/manifest.json', '/graphiql/../package.json', '/graphiql/%2e%2e/package.json', '/graphiql/graphiql.js.br']) {
      const response = await get(path);
      expect([path, response.status]).toEqual([path, 404]);
      await response.arrayBuffer();
    }
  });
});

describe('pickEncoding (Accept-Encoding)', () => {
  it('prefers brotli, then gzip, honours q=0 and *, and falls back to the plain file', () => {
    expect(pickEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(pickEncoding('gzip;q=1.0, br;q=0')).toBe('gzip');
    expect(pickEncoding('GZIP')).toBe('gzip');
    expect(pickEncoding('*')).toBe('br');
    expect(pickEncoding('*;q=0, gzip')).toBe('gzip');
    expect(pickEncoding('deflate')).toBe('identity');
    expect(pickEncoding('br;q=0, gzip;q=0')).toBe('identity');
    expect(pickEncoding(null)).toBe('identity');
  });
});
