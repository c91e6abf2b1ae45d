// The app over a real node:http listener (as src/main.ts serves it), and raw requests to it: every
// header as the client sends it (fetch would add Accept, Accept-Encoding, …), the body as the bytes sent.
import { createServer, request as httpRequest, type IncomingHttpHeaders, type RequestListener, type Server } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

export interface NodeAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body, decompressed when it came with a Content-Encoding. */
  text: string;
}

export interface Listening {
  port: number;
  send(request: { method?: string; path?: string; headers?: Record<string, string>; body?: string }): Promise<NodeAnswer>;
  close(): Promise<void>;
}

export async function listen(listener: RequestListener): Promise<Listening> {
  const server: Server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
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
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
