// The yoga plugin serving the REST dialects: the OpenAPI document and its Swagger UI, then the
// routes of every dialect (routes.ts). A matched route parses its request, runs its operation
// (execute-route.ts) and shapes the answer; every refusal leaves in its dialect's error body
// (problems.ts) with the status http-status.ts gives its code.
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import { currentRequest, logger } from '../src/request/log.js';
import { requestInfo } from '../src/request/request-info.js';
import { dispatcher } from './dispatch.js';
import type { Dialect } from './dialect.js';
import { executeRoute, type OperationRunner } from './execute-route.js';
import { openApiDocument } from './openapi.js';
import { internalProblem, problemFromRestError, refusal } from './problems.js';
import { asResponse, jsonResponse } from './responses.js';
import { servedAnswer } from './served-answer.js';
import { RestError } from './rest-error.js';
import type { Route } from './route.js';
import type { GraphQLErrorLike } from './http-status.js';
import { dialects as allDialects, routes as allRoutes } from './routes.js';
import { swaggerUiAsset, swaggerUiPage } from './swagger-ui.js';
import { Response } from '../src/request/response.js';

async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new RestError(400, 'Malformed JSON body', { code: 'BAD_REQUEST' });
  }
}

// `serverContext`: the request's own (its node request), the operation's through a prototype, as yoga gives a batch's operations.
async function serve(run: OperationRunner, request: Request, url: URL, route: Route, params: Record<string, string>, serverContext?: object): Promise<Response> {
  // The request's log line and metrics name the route, not the path with its ids.
  const scope = currentRequest();
  if (scope) scope.route = `${route.method} ${route.path}`;
  const served = await route.serve(
    { params, url, headers: request.headers, readJson: () => readJson(request) },
    (operation, variables) => executeRoute(run, request, { operation, minimumPlan: route.minimumPlan ?? route.dialect.minimumPlan }, variables, serverContext),
  );
  return asResponse(servedAnswer(route, served));
}

async function serveRoute(run: OperationRunner, request: Request, url: URL, route: Route, params: Record<string, string>, serverContext?: object): Promise<Response> {
  try {
    return await serve(run, request, url, route, params, serverContext);
  } catch (error) {
    if (error instanceof RestError) return refusal(route.dialect, problemFromRestError(error));
    // Logged once, on the request's line (or here when there is no request scope).
    const scope = currentRequest();
    if (scope) scope.error ??= error;
    else logger.error({ err: error }, 'REST route failed');
    return refusal(route.dialect, internalProblem());
  }
}

/**
 * Answers a request to the REST layer, or null when its path is no dialect's (at once, without a
 * promise: most requests are not REST). The routes and dialects are those of routes.ts unless
 * given (a test may serve a dialect of its own). `pathname`: the request's, when known already;
 * `serverContext`: yoga's for the request.
 */
export function restHandler(routes: readonly Route[] = allRoutes, dialects: readonly Dialect[] = allDialects) {
  const dispatch = dispatcher(routes, dialects);
  return (request: Request, run: () => OperationRunner, pathname = new URL(request.url).pathname, serverContext?: object): Response | Promise<Response> | null => {
    const found = dispatch(request.method, pathname);
    switch (found.kind) {
      case 'elsewhere':
        return null;
      case 'no route':
        return refusal(found.dialect, { status: 404, code: 'NOT_FOUND', message: `No route for ${request.method} ${pathname}` });
      case 'wrong method':
        return refusal(
          found.dialect,
          { status: 405, code: 'METHOD_NOT_ALLOWED', message: `${request.method} is not allowed on ${pathname}` },
          { allow: found.allow.join(', ') },
        );
      case 'route':
        return serveRoute(run(), request, new URL(request.url), found.route, found.params, serverContext);
    }
  };
}

/** What runs a route's operation: the app's yoga instance from its params handler on. */
export interface OperationPipeline {
  getResultForParams(args: { params: GraphQLParams; request: Request }, serverContext: object): unknown;
  /** Response headers the pipeline keeps for an operation's request (the budget's X-RateLimit-*). */
  headersFor(request: Request): Record<string, string>;
  /**
   * The errors /graphql would answer for an error the pipeline threw rather than returned (its
   * context factory failing: a database that cannot be reached is SERVICE_UNAVAILABLE, not a 500).
   */
  errorsOf(error: unknown): readonly GraphQLErrorLike[];
}

/**
 * A route's operation through `pipeline`, in process: no HTTP request and response around it, so
 * nothing is serialised to JSON to be parsed again; the headers a /graphql response would carry
 * (request id, X-RateLimit-*, an error's HTTP headers such as Retry-After) are gathered here.
 */
export function operationRunner(pipeline: OperationPipeline): OperationRunner {
  return async (request, params, serverContext) => {
    type Answer = { data?: unknown; errors?: readonly (GraphQLErrorLike & { extensions?: { http?: { headers?: Record<string, string> } } })[] };
    let result: Answer | undefined;
    try {
      result = (await pipeline.getResultForParams({ request, params: params as GraphQLParams }, serverContext ? Object.create(serverContext) as object : {})) as Answer | undefined;
    } catch (error) {
      result = { errors: pipeline.errorsOf(error) };
    }
    if (!result || Symbol.asyncIterator in result) throw new Error('a route operation answered no single result');
    const headers = new Headers(pipeline.headersFor(request));
    headers.set('x-request-id', requestInfo(request).id);
    for (const error of result.errors ?? []) {
      for (const [name, value] of Object.entries(error.extensions?.http?.headers ?? {})) headers.set(name, value);
    }
    return { data: result.data, errors: result.errors, headers };
  };
}

export function useRestShim(pipeline: () => OperationPipeline): Plugin {
  const handle = restHandler();
  let runner: OperationRunner | undefined;
  const run = () => (runner ??= operationRunner(pipeline()));
  return {
    // Not async: a request for no REST path passes through synchronously (no promise, no extra tick).
    onRequest({ request, url, endResponse, serverContext }) {
      const { pathname } = url;
      if (request.method === 'GET' && pathname === '/api/openapi.json') return endResponse(jsonResponse(200, openApiDocument()));
      if (request.method === 'GET' && (pathname === '/api/docs' || pathname === '/api/docs/')) {
        return endResponse(new Response(swaggerUiPage(), { headers: { 'content-type': 'text/html; charset=utf-8' } }));
      }
      const routed = () => {
        const response = handle(request, run, pathname, serverContext);
        if (response instanceof Promise) return response.then(endResponse);
        if (response) endResponse(response);
      };
      if (request.method === 'GET' && pathname.startsWith('/api/docs/')) {
        return swaggerUiAsset(pathname.slice('/api/docs/'.length)).then((asset) => (asset ? endResponse(asset) : routed()));
      }
      return routed();
    },
  };
}
