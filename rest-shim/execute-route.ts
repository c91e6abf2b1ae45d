// Runs a route's operation through the very same yoga/envelop pipeline as POST /graphql
// (parse, validate, cost, context, execute), in process, on behalf of the caller's request: its
// credentials and request id, marked as REST so audit events record `source: rest`.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode } from 'graphql';
import type { PaidPlan } from '../src/request/principal.js';
import { requestInfo, runsOnBehalfOf, type RequestHead } from '../src/request/request-info.js';
import type { GraphQLErrorLike } from './http-status.js';

/**
 * Runs an operation in process from yoga's params handler on (onParams, context, parse, validate,
 * cost, execute — everything a /graphql request goes through after its body is read), without an
 * HTTP request or response around it: the result as objects, with the response headers the
 * pipeline gives its caller (request id, rate limits, Retry-After).
 */
export type OperationRunner = (request: Request, params: { query: string; variables: unknown }, serverContext?: object) => Promise<{
  data?: unknown; errors?: readonly GraphQLErrorLike[]; headers: Headers;
}>;

// Headers of the caller that the GraphQL pipeline needs to see. The request id is not copied but
// set: the caller's request already has one (its own header when sane, else a generated id), and
// the operation must run — and audit — under that same id the caller gets back.
const FORWARDED = ['authorization', 'x-forwarded-for', 'x-real-ip', 'user-agent', 'x-cost-debug'];
const printed = new WeakMap<object, string>();

export interface OperationResult<Data = Record<string, unknown>> {
  data?: Data | null;
  errors?: readonly GraphQLErrorLike[];
  /** Response headers of the GraphQL pipeline (request id, rate limits) to pass on. */
  headers: Headers;
}

/** The headers of an operation's request made for `request` (`headers.get` takes lower-case names). */
export function operationHeaders(request: RequestHead): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  for (const name of FORWARDED) {
    const value = request.headers.get(name);
    if (value) headers[name] = value;
  }
  headers['x-request-id'] = requestInfo(request).id;
  return headers;
}

/** The operation's text as routes send it (printed once): the text a direct read knows it by. */
export function operationText(operation: DocumentNode): string {
  let query = printed.get(operation);
  if (!query) printed.set(operation, (query = print(operation)));
  return query;
}

export async function executeRoute<Data, Variables>(
  run: OperationRunner, request: Request, route: { operation: TypedDocumentNode<Data, Variables>; minimumPlan?: PaidPlan }, variables: Variables,
  serverContext?: object,
): Promise<OperationResult<Data>> {
  const query = operationText(route.operation);
  const headers = new Headers(operationHeaders(request));
  // The operation's own request (its headers, its record): the pipeline keys its state by request.
  const internal = runsOnBehalfOf(new Request(new URL('/graphql', request.url), { method: 'POST', headers }), request, route.minimumPlan);
  // The answer of a validated operation has the shape its typed document describes.
  const { data, errors, headers: answered } = await run(internal, { query, variables }, serverContext);
  return { data: data as Data | null | undefined, errors, headers: answered };
}
