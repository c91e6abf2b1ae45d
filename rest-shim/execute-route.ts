// Runs a route's operation through the very same yoga/envelop pipeline as POST /graphql
// (parse, validate, cost, context, execute), as an in-process request carrying the caller's
// credentials and request id, marked as REST so audit events record `source: rest`.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import type { PaidPlan } from '../src/request/principal.js';
import { requestInfo, runsOnBehalfOf } from '../src/request/request-info.js';
import type { GraphQLErrorLike } from './http-status.js';

export type GraphQLFetch = (request: Request) => Promise<Response> | Response;

// Headers of the caller that the GraphQL pipeline needs to see. The request id is not copied but
// set: the caller's request already has one (its own header when sane, else a generated id), and
// the operation must run — and audit — under that same id the caller gets back.
const FORWARDED = ['authorization', 'x-forwarded-for', 'x-real-ip', 'user-agent', 'x-cost-debug'];
const printed = new WeakMap<object, string>();

type OperationBody<Data> = { data?: Data | null; errors?: GraphQLErrorLike[] };
/** Results of internal requests handed over as objects (keepResult), by request. */
const kept = new WeakMap<Request, OperationBody<unknown> | null>();

/**
 * For the yoga plugin (use-rest-shim.ts): takes a route operation's successful result as it is,
 * so it is not serialised to JSON only to be parsed again. Answers whether it took it; results
 * with errors, or HTTP extensions, keep going through yoga's own processing.
 */
export function keepResult(request: Request, result: unknown): boolean {
  if (!kept.has(request) || !result || typeof result !== 'object' || Array.isArray(result) || Symbol.asyncIterator in result) return false;
  const { data, errors, extensions } = result as OperationBody<unknown> & { extensions?: { http?: unknown } };
  if (errors?.length || extensions?.http) return false;
  kept.set(request, { data });
  return true;
}

export interface OperationResult<Data = Record<string, unknown>> {
  data?: Data | null;
  errors?: GraphQLErrorLike[];
  /** Response headers of the GraphQL pipeline (request id, rate limits) to pass on. */
  headers: Headers;
}

export async function executeRoute<Data, Variables>(
  graphql: GraphQLFetch, request: Request, route: { operation: TypedDocumentNode<Data, Variables>; minimumPlan?: PaidPlan }, variables: Variables,
): Promise<OperationResult<Data>> {
  let query = printed.get(route.operation);
  if (!query) printed.set(route.operation, (query = print(route.operation)));
  const headers = new Headers({ 'content-type': 'application/json', accept: 'application/json' });
  for (const name of FORWARDED) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  headers.set('x-request-id', requestInfo(request).id);
  const body = JSON.stringify({ query, variables });
  // Declared, so the body limit checks the length instead of counting the body as it streams.
  headers.set('content-length', String(Buffer.byteLength(body)));
  const internal = runsOnBehalfOf(
    new Request(new URL('/graphql', request.url), { method: 'POST', headers, body }),
    request,
    route.minimumPlan,
  );
  kept.set(internal, null);
  const response = await graphql(internal);
  // The answer of a validated operation has the shape its typed document describes.
  const answer = (kept.get(internal) ?? (await response.json())) as OperationBody<Data>;
  return { data: answer.data, errors: answer.errors, headers: response.headers };
}
