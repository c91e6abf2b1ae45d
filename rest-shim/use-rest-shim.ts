// The yoga plugin serving /api: matches the route table, parses the request against the route's
// declarations, runs its operation (execute-route.ts), and shapes the answer. Errors leave as
// { "error": "…" } with the status http-status.ts gives their code.
import type { Plugin } from 'graphql-yoga';
import { executeRoute, type GraphQLFetch } from './execute-route.js';
import { errorStatus } from './http-status.js';
import { openApiDocument, swaggerUiAsset, swaggerUiPage } from './openapi.js';
import { checkPathIds, compilePath, parseBody, parseQuery, RestError, type Route } from './route-kit.js';
import { routes } from './routes.js';

const compiled = routes.map((route) => ({ route, match: compilePath(route.path) }));

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  status === 204
    ? new Response(null, { status, headers })
    : new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });

// Headers of the GraphQL pipeline's response that REST callers get too.
const PASSED_ON = /^(x-request-id|x-ratelimit-.*|retry-after)$/i;

async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new RestError(400, 'Malformed JSON body');
  }
}

async function handle(graphql: GraphQLFetch, request: Request, route: Route, params: Record<string, string>): Promise<Response> {
  checkPathIds(route, params);
  const url = new URL(request.url);
  const input = {
    params,
    query: parseQuery(route.query, url.searchParams),
    body: route.body ? parseBody(route.body, await readJson(request)) : {},
  };
  const result = await executeRoute(graphql, request, route, route.variables(input));
  const passed: Record<string, string> = {};
  result.headers.forEach((value, name) => {
    if (PASSED_ON.test(name)) passed[name] = value;
  });
  if (result.errors?.length) {
    const { status, error } = errorStatus(result.errors);
    return json(status, { error: status === 500 ? 'Internal server error' : error.message }, passed);
  }
  try {
    const { status = 200, body, headers = {} } = route.respond(result.data as never, input);
    return json(status, body, { ...passed, ...headers });
  } catch (error) {
    if (error instanceof RestError) return json(error.status, { error: error.message }, passed);
    throw error;
  }
}

export function useRestShim(graphql: () => GraphQLFetch): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      if (!url.pathname.startsWith('/api/') && url.pathname !== '/api') return;
      if (request.method === 'GET' && url.pathname === '/api/openapi.json') return endResponse(json(200, openApiDocument()));
      if (request.method === 'GET' && (url.pathname === '/api/docs' || url.pathname === '/api/docs/')) {
        return endResponse(new Response(swaggerUiPage(), { headers: { 'content-type': 'text/html; charset=utf-8' } }));
      }
      if (request.method === 'GET' && url.pathname.startsWith('/api/docs/')) {
        const asset = await swaggerUiAsset(url.pathname.slice('/api/docs/'.length));
        if (asset) return endResponse(asset);
      }
      const matches = compiled.map(({ route, match }) => ({ route, params: match(url.pathname) })).filter((m) => m.params);
      const hit = matches.find((m) => m.route.method === request.method);
      if (!hit) {
        if (!matches.length) return endResponse(json(404, { error: `No route for ${request.method} ${url.pathname}` }));
        return endResponse(json(405, { error: `${request.method} is not allowed on ${url.pathname}` }, { allow: matches.map((m) => m.route.method).join(', ') }));
      }
      try {
        endResponse(await handle(graphql(), request, hit.route, hit.params!));
      } catch (error) {
        if (error instanceof RestError) return endResponse(json(error.status, { error: error.message }));
        console.error('[rest-shim] unexpected error', error);
        endResponse(json(500, { error: 'Internal server error' }));
      }
    },
  };
}
