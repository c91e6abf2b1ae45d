// What the lanes in front of yoga share (the GraphQL direct lane, ./direct-lane.ts, and the REST
// lane, rest-shim/rest-lane.ts, through ./direct-read-host.ts): a node request seen as the lower
// layers read a request, and an answer written to node:http with the headers yoga's plugins would
// add (request id, Vary, compression), then reported on the request line and in the metrics as yoga reports it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestScope } from '../request/log.js';
import { requestInfo, type RequestHead } from '../request/request-info.js';
import type { PlainAnswer } from '../request/response.js';
import { compressedBody, isCompressible, negotiateEncoding } from './use-compression.js';
import { reportRequest, type RequestReporting } from './use-request-log.js';

/** What the steps read of a node request (headers by lower-case name, as Headers.get answers them). */
export class NodeRequestHead implements RequestHead {
  readonly headers = { get: (name: string) => headerOf(this.raw, name) };
  constructor(private readonly raw: IncomingMessage) {}
  get method() {
    return this.raw.method ?? 'GET';
  }
  get url() {
    return `http://${this.raw.headers.host ?? 'localhost'}${this.raw.url}`;
  }
}

function headerOf(raw: IncomingMessage, name: string): string | null {
  const value = raw.headers[name.toLowerCase()];
  return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Writes `answer` as yoga's plugins would finish it: the request id; for a JSON body, Vary:
 * Accept-Encoding and br or gzip when the client takes it (use-compression.ts); then reports it.
 */
export async function writeAnswer(response: ServerResponse, head: RequestHead, answer: PlainAnswer, scope: RequestScope, reporting: RequestReporting) {
  // Sent as a string unless compressed: node joins it to the head, without a Buffer copy first (bench/PROFILE.md, 3 Dec 16:13).
  let body: string | Buffer | null = answer.text;
  let vary = answer.headers.vary;
  let encoding: 'br' | 'gzip' | null = null;
  if (body !== null && isCompressible(answer.headers['content-type'])) {
    if (vary === undefined) vary = 'Accept-Encoding';
    else if (!/accept-encoding/i.test(vary)) vary = `${vary}, Accept-Encoding`;
    encoding = negotiateEncoding(head.headers.get('accept-encoding'));
    const compressed = encoding && compressedBody(Buffer.from(body), encoding);
    if (compressed) body = await compressed;
    else encoding = null;
  }
  // A flat list of names and values, in the order the object spread used to give them: building an
  // object key by key (and a copy of the answer's) cost more than the rest of this function.
  const headers: string[] = [];
  const requestId = requestInfo(head).id;
  for (const name in answer.headers) {
    if (name !== 'x-request-id') headers.push(name, name === 'vary' ? vary! : answer.headers[name]);
  }
  headers.push('x-request-id', requestId);
  if (vary !== undefined && answer.headers.vary === undefined) headers.push('vary', vary);
  if (encoding) headers.push('content-encoding', encoding);
  if (body !== null) headers.push('content-length', String(typeof body === 'string' ? Buffer.byteLength(body) : body.length));
  response.writeHead(answer.status, headers);
  response.end(body);
  reportRequest(scope, answer.status, reporting);
}
