// Yoga's request body limit (25 MB, 413 REQUEST_ENTITY_TOO_LARGE; 400 for a malformed
// Content-Length), without its per-request stream pipe where it cannot matter: Node's HTTP parser
// never delivers more than the Content-Length it checked, so only bodies without one (chunked, or
// in-process requests) are counted as they stream. The app passes `maxRequestBodySize: false`.
import { createGraphQLError, type Plugin } from 'graphql-yoga';

export const MAX_REQUEST_BODY_BYTES = 25_000_000;
const CONTENT_LENGTH = /^\d+$/;

const tooLarge = () => createGraphQLError('Request body too large', { extensions: { http: { status: 413 }, code: 'REQUEST_ENTITY_TOO_LARGE' } });

/** The request with its body counted as it is read: past `limit` bytes, reading it fails with 413. */
function counted(request: Request, body: ReadableStream<Uint8Array>, limit: number, fetchAPI: { Request: typeof Request; TransformStream: typeof TransformStream }): Request {
  const Transform = body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
  let bytesRead = 0;
  const limited = body.pipeThrough(new Transform<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      bytesRead += chunk.byteLength;
      if (bytesRead > limit) return controller.error(tooLarge());
      controller.enqueue(chunk);
    },
  }));
  return new fetchAPI.Request(request.url, { method: request.method, headers: request.headers, signal: request.signal, body: limited, duplex: 'half' } as RequestInit);
}

export function useBodySizeLimit(limit = MAX_REQUEST_BODY_BYTES): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const length = request.headers.get('content-length');
      if (length != null) {
        if (!CONTENT_LENGTH.test(length)) {
          throw createGraphQLError('Content-Length header is invalid.', { extensions: { http: { status: 400 }, code: 'BAD_REQUEST' } });
        }
        if (Number(length) > limit) throw tooLarge();
        return;
      }
      if (requestParser == null || request.body == null) return;
      const parse = requestParser;
      setRequestParser((req) => parse(req.body ? counted(req, req.body, limit, fetchAPI) : req));
    },
  };
}
