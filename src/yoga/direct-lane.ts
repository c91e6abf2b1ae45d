// The direct lane: node:http straight to a direct read (./use-direct-reads.ts), in front of
// graphql-yoga's own request handling (whatwg-node's Request and Response objects, every plugin's
// onRequest and onResponse hooks, the result processor), which cost a direct read more CPU than the
// read itself (bench/PROFILE.md, 3 Dec). It takes on only requests it answers as yoga would, byte
// for byte: POST /graphql with a JSON body of known length, no Origin (CORS is yoga's), an Accept
// it maps to yoga's content type, a key the process knows and a query text a compiled read answered
// before. It writes yoga's headers (request id, Vary, budget headers, compression), request line and
// metrics. Anything else, and any read that does not answer, goes on to yoga with the body it read.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExecutionResult, GraphQLError } from 'graphql';
import { inNewRequestScope, outsideRequestScope } from '../request/log.js';
import type { NodeListener } from '../request/response.js';
import type { DirectReadHost } from './direct-read-host.js';
import { maskUnexpectedErrors } from './mask-unexpected-errors.js';
import { sentTextOf } from './use-json-text-results.js';
import { rateLimitHeaders } from './use-query-cost.js';

// Larger bodies go to yoga unread: a body handed on as text costs whatwg-node a pass over its characters.
const MAX_BODY_BYTES = 16 * 1024;
// yoga's answer type for each Accept the lane takes (lists and q-values are left to yoga's negotiation).
const CONTENT_TYPES = new Map<string | undefined, string>([
  [undefined, 'application/json; charset=utf-8'],
  ['*/*', 'application/json; charset=utf-8'],
  ['application/json', 'application/json; charset=utf-8'],
  ['application/graphql-response+json', 'application/graphql-response+json; charset=utf-8'],
]);
const PARAMS = new Set(['query', 'variables', 'operationName']);

/** The answer's content type when the request is the lane's kind, from its request line and headers alone. */
function laneContentType(request: IncomingMessage): string | undefined {
  const { headers } = request;
  if (request.method !== 'POST' || request.url !== '/graphql' || headers.origin !== undefined || !headers.authorization) return undefined;
  const type = headers['content-type'];
  if (type !== 'application/json' && !type?.startsWith('application/json;')) return undefined;
  const length = Number(headers['content-length']);
  if (!(length > 0 && length <= MAX_BODY_BYTES) || headers['transfer-encoding'] !== undefined) return undefined;
  return CONTENT_TYPES.get(headers.accept);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.once('end', () => resolve((chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString('utf8')));
    request.once('error', reject);
    request.once('close', () => { if (!request.complete) reject(new Error('client went away')); });
  });
}

/** The body's params when they are only the three a plain query sends (extensions, batches: yoga's). */
function plainParams(body: unknown): { query: unknown; variables?: unknown; operationName?: unknown } | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  for (const key in body) if (!PARAMS.has(key)) return undefined;
  const { variables, operationName } = body as { variables?: unknown; operationName?: unknown };
  const variablesOk = variables == null || (typeof variables === 'object' && !Array.isArray(variables));
  return variablesOk && (operationName == null || typeof operationName === 'string') ? body as { query: unknown } : undefined;
}

export function directLane(host: DirectReadHost | null, next: NodeListener): NodeListener {
  if (!host) return next;
  const { directReads } = host;
  // On to yoga with the body already read: whatwg-node takes a parsed body (an object with keys) or its text.
  const handOn = (request: IncomingMessage, response: ServerResponse, text: string, body?: unknown) => {
    (request as IncomingMessage & { body?: unknown }).body = body && typeof body === 'object' && Object.keys(body).length ? body : text;
    return outsideRequestScope(() => next(request, response));
  };

  return (request, response) => {
    const contentType = laneContentType(request);
    if (!contentType) return next(request, response);
    return readBody(request).then((text) => {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return handOn(request, response, text); // yoga answers the 400
      }
      const params = plainParams(body);
      const document = params && directReads.documentOf(params.query);
      if (!params || !document) return handOn(request, response, text, body);
      const head = host.headOf(request);
      const context = directReads.contextOf(head);
      if (!context) return handOn(request, response, text, body);
      return inNewRequestScope(head, (scope) => {
        scope.path = '/graphql';
        const answer = host.answer(request, document, head, context, params as Parameters<DirectReadHost['answer']>[4]);
        if (!answer) return handOn(request, response, text, body);
        const sendOrHandOn = (result: ExecutionResult | null) => (result
          ? host.write(response, head, { status: 200, headers: { 'content-type': contentType, ...rateLimitHeaders(head) }, text: sentTextOf(result) ?? JSON.stringify(result) }, scope)
          : handOn(request, response, text, body));
        // Unexpected (a compression error, say) once the read ran: masked as yoga masks it (the
        // shared maskUnexpectedErrors, which logs it on the request line), its status and headers.
        const failed = (error: unknown) => {
          if (response.headersSent) {
            scope.error ??= error;
            response.destroy();
            return;
          }
          const masked = maskUnexpectedErrors(error, 'Unexpected error.', false) as GraphQLError;
          const { unexpected: _unexpected, http, ...extensions } = masked.extensions as { unexpected?: boolean; http?: { status?: number; headers?: Record<string, string> } };
          const text = JSON.stringify({ errors: [{ message: masked.message, extensions }] });
          return host.write(response, head, { status: http?.status ?? 500, headers: { 'content-type': contentType, ...http?.headers }, text }, scope);
        };
        return answer.then(sendOrHandOn).catch(failed);
      });
    }, () => response.destroy());
  };
}
