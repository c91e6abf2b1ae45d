// Compression of JSON answers (GraphQL and REST), negotiated from Accept-Encoding: brotli when
// the client takes it, else gzip. Small bodies, streams (SSE, multipart), other content types
// and answers that already carry a Content-Encoding (pre-compressed static files) pass as they are.
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'graphql-yoga';
import { Response } from '../request/response.js';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

const MIN_BYTES = 1_024;
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;

/** Whether an answer of this content type is compressed (JSON, when large enough). */
export const isCompressible = (contentType: string | null | undefined) => JSON_TYPE.test(contentType ?? '');

/** The coding the client accepts that we prefer (br, then gzip), honouring q=0. */
export function negotiateEncoding(acceptEncoding: string | null): 'br' | 'gzip' | null {
  if (!acceptEncoding) return null;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find(Boolean);
    accepted.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const quality = (coding: string) => accepted.get(coding) ?? accepted.get('*') ?? 0;
  if (quality('br') > 0) return 'br';
  if (quality('gzip') > 0) return 'gzip';
  return null;
}

/**
 * Whether the response has a body, without asking for `response.body`: on @whatwg-node's Response
 * that getter builds a stream (and a Proxy) for a string body the server then never reads.
 */
function hasBody(response: Response): boolean {
  return 'bodyInit' in response ? (response as { bodyInit?: unknown }).bodyInit != null : response.body != null;
}

/** `body` compressed with `encoding`, or null when it is too small to be worth it (the lanes' too: ./node-answer.ts). */
export function compressedBody(body: Buffer, encoding: 'br' | 'gzip'): Promise<Buffer<ArrayBuffer>> | null {
  if (body.length < MIN_BYTES) return null;
  // Quality 4 / level 6: most of the size saving for a fraction of the CPU of the maximum.
  return encoding === 'br'
    ? brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
    : gzipAsync(body, { level: 6 });
}

async function compressed(response: Response, encoding: 'br' | 'gzip'): Promise<Response> {
  const headers = new Headers(response.headers);
  const body = Buffer.from(await response.arrayBuffer());
  const output = await compressedBody(body, encoding);
  if (!output) return new Response(body, { status: response.status, statusText: response.statusText, headers });
  headers.set('content-encoding', encoding);
  headers.delete('content-length');
  return new Response(output, { status: response.status, statusText: response.statusText, headers });
}

export function useCompression(): Plugin {
  return {
    // Not async: an answer that is not compressed passes through synchronously (no promise, no extra tick).
    onResponse({ request, response, setResponse }) {
      if (request.method === 'HEAD' || response.status === 204 || response.status === 304 || !hasBody(response)) return;
      if (response.headers.has('content-encoding') || !isCompressible(response.headers.get('content-type'))) return;
      const vary = response.headers.get('vary');
      if (!vary || !/accept-encoding/i.test(vary)) response.headers.set('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
      const encoding = negotiateEncoding(request.headers.get('accept-encoding'));
      if (!encoding) return;
      // A declared length below the threshold: sent as it is, without reading the body.
      const length = response.headers.get('content-length');
      if (length !== null && Number(length) < MIN_BYTES) return;
      return compressed(response, encoding).then(setResponse);
    },
  };
}
