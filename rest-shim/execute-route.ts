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
  const internal = runsOnBehalfOf(
    new Request(new URL('/graphql', request.url), { method: 'POST', headers, body: JSON.stringify({ query, variables }) }),
    request,
    route.minimumPlan,
  );
  const response = await graphql(internal);
  // The answer of a validated operation has the shape its typed document describes.
  const body = (await response.json()) as { data?: Data | null; errors?: GraphQLErrorLike[] };
  return { data: body.data, errors: body.errors, headers: response.headers };
}
