// The app over a real node:http listener (as src/main.ts serves it; browsers open it too), and raw requests to it: every
// header as the client sends it (fetch would add Accept, Accept-Encoding, …), the body as the bytes sent.
import { createServer, request as httpRequest, type IncomingHttpHeaders, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

export interface NodeAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body, decompressed when it came with a Content-Encoding. */
  text: string;
}

export interface ServedApp {
  /** `http://127.0.0.1:<port>` */
  base: string;
  /** Stops listening and closes every connection (idle keep-alive ones too). */
  close(): Promise<void>;
}

/** The app on 127.0.0.1 and a free port, as a browser or a client reaches it. */
export async function serveOnPort(app: RequestListener): Promise<ServedApp> {
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

export interface Listening extends ServedApp {
  port: number;
  send(request: { method?: string; path?: string; headers?: Record<string, string>; body?: string }): Promise<NodeAnswer>;
}

/** serveOnPort, with raw requests to it. */
export async function listen(listener: RequestListener): Promise<Listening> {
  const served = await serveOnPort(listener);
  const port = Number(new URL(served.base).port);
  return {
    ...served,
    port,
    send: ({ method = 'POST', path = '/graphql', headers = {}, body }) => new Promise((resolve, reject) => {
      const outgoing = httpRequest({ host: '127.0.0.1', port, method, path, headers: { ...headers, ...(body !== undefined && { 'content-length': String(Buffer.byteLength(body)) }) } }, (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => {
          const raw = Buffer.concat(chunks);
          const encoding = incoming.headers['content-encoding'];
          const bytes = encoding === 'br' ? brotliDecompressSync(raw) : encoding === 'gzip' ? gunzipSync(raw) : raw;
          resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, text: bytes.toString('utf8') });
        });
        incoming.on('error', reject);
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    }),
  };
}
