// A route as the dispatcher (use-rest-shim.ts) and the OpenAPI document (openapi.ts) see it: its
// declarations, its dialect, and `serve`, which defineRoute / defineListRoute (define-route.ts) build
// with the types of the route's operation. Nothing here knows a particular operation.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { Dialect } from './dialect.js';
import type { PaidPlan } from '../src/request/principal.js';
import type { RequestHead } from '../src/request/request-info.js';
import type { OperationResult } from './execute-route.js';
import type { FieldSpecs } from './field-specs.js';
import type { GraphQLErrorLike } from './http-status.js';
import type { RestResponse, SuccessDoc } from './responses.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call a route (documentation; the GraphQL field's authScopes enforce it). `public`: no
 * credential needed (the auth endpoints); documented without a security requirement.
 */
export type Access = 'read' | 'write admin' | 'read admin' | 'public';

/** What the dispatcher hands a matched route. */
export interface RouteRequest {
  params: Readonly<Record<string, string>>;
  url: URL;
  /** The request's headers (e.g. Accept, for routes that answer in several formats). */
  headers: RequestHead['headers'];
  /** The JSON body (undefined when empty); read only by routes that declare body fields. */
  readJson(): Promise<unknown>;
}

/** Runs a typed operation through the GraphQL pipeline (execute-route.ts, bound to the request). */
export type RunOperation = <Data, Variables>(operation: TypedDocumentNode<Data, Variables>, variables: Variables) => Promise<OperationResult<Data>>;

export interface Served {
  /** Headers of the GraphQL pipeline's answer (request id, rate limits). */
  headers: Headers;
  /** The operation's errors, when it failed (the dispatcher answers them in the dialect's error body). */
  errors?: readonly GraphQLErrorLike[];
  /** The REST answer shaped from the operation's data; may throw RestError (e.g. a null entity → 404). */
  answer(): RestResponse;
}

export interface RouteDeclaration {
  readonly method: HttpMethod;
  /** Express-style: /api/assets/:id */
  readonly path: string;
  readonly summary: string;
  readonly access: Access;
  readonly dialect: Dialect;
  /** The plan this route needs beyond its dialect's (the dialect's minimumPlan otherwise). */
  readonly minimumPlan?: PaidPlan;
  readonly operationName: string;
  /** Path ids (name → entity): each goes through the dialect's pathId, else 404 "<entity> not found". */
  readonly pathIds?: Readonly<Record<string, string>>;
  /** Every query parameter, the dialect's paging ones included. */
  readonly query?: FieldSpecs;
  readonly body?: FieldSpecs;
  readonly success: SuccessDoc;
  /** Parses the request against the declarations, runs the operation, and shapes its answer. */
  serve(request: RouteRequest, run: RunOperation): Promise<Served>;
}

export interface Route extends RouteDeclaration {
  /** The route table it belongs to (rest-shim/<dialect>/<area>.ts): grouping in the OpenAPI document. */
  readonly area: string;
}

/** One route table: its routes, each stamped with the area. */
export const routeTable = (area: string, routes: readonly RouteDeclaration[]): Route[] => routes.map((route) => ({ ...route, area }));

/** Compiles `/api/assets/:id` into a matcher returning the params, or null. */
export function compilePath(path: string): (pathname: string) => Record<string, string> | null {
  const names: string[] = [];
  const pattern = new RegExp(
    `^${path.replace(/\/:(\w+)/g, (_, name: string) => {
      names.push(name);
      return '/([^/]+)';
    })}/?$`,
  );
  return (pathname) => {
    const match = pattern.exec(pathname);
    if (!match) return null;
    return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1])]));
  };
}
