// One log line per request, when its response leaves: request id, principal (id and kind, never
// a secret), API style, operation name or REST route, cost, status and duration — and, for a
// failed request, the one error behind it. The same sample feeds /metrics. Requests run inside a
// request scope (src/request/log.ts), so every other line logged meanwhile carries the request id.
import { getOperationAST, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../graphql/context.js';
import { currentRequest, inRequestScope, type Logger, type RequestScope } from '../request/log.js';
import type { Principal } from '../request/principal.js';
import { requestInfo } from '../request/request-info.js';
import { Slot } from '../request/slot.js';
import type { Metrics, RequestSample } from './metrics.js';

// Endpoints other than /graphql and the REST routes, by path (anything else is "other": paths are the client's choice).
const KNOWN_PATHS = new Set(['/health', '/ready', '/metrics', '/.well-known/jwks.json', '/accept-invite', '/api/openapi.json', '/api/docs']);

function describePrincipal(principal: Principal): NonNullable<RequestScope['principal']> {
  const { userId, organizationId } = principal;
  if (principal.apiKeyId) return { kind: 'api_key', id: principal.apiKeyId, userId, organizationId };
  if (principal.clientCredentialId) return { kind: 'client_credential', id: principal.clientCredentialId, userId, organizationId };
  if (principal.sessionId) return { kind: 'session', id: principal.sessionId, userId, organizationId };
  return { kind: 'user', id: userId, userId, organizationId };
}

function classify(scope: RequestScope, path: string): Pick<RequestSample, 'api' | 'operation'> {
  if (scope.route) return { api: 'rest', operation: scope.route };
  if (path === '/graphql') return { api: 'graphql', operation: scope.operation ?? (scope.cost ? 'anonymous' : 'none') };
  if (path.startsWith('/api/docs')) return { api: 'other', operation: '/api/docs' };
  if (KNOWN_PATHS.has(path)) return { api: 'other', operation: path };
  return path.startsWith('/api/') ? { api: 'rest', operation: 'unmatched' } : { api: 'other', operation: 'other' };
}

const levelOf = (status: number) => (status >= 500 && status !== 503 ? 'error' : status === 503 || status === 429 ? 'warn' : 'info');

// The context of the operation a request scope runs (its cost is read when the response leaves).
const contexts = new Slot<RequestScope, Context>('operation context');

/** What the request line says of the operation about to run (use-direct-reads.ts runs it without onExecute). */
export function noteOperation(document: DocumentNode, operationName: string | null | undefined, context: Context): void {
  const scope = currentRequest();
  if (!scope) return;
  contexts.set(scope, context);
  scope.operation ??= getOperationAST(document, operationName)?.name?.value;
  if (context.principal && !scope.principal) scope.principal = describePrincipal(context.principal);
}

/** Writes the request's line and feeds /metrics, once its response leaves with `status`. */
export function reportRequest(scope: RequestScope, status: number, { logger, metrics }: RequestReporting): void {
  const { request } = scope;
  // `charged`: what the budget paid after the refund (the request floor included).
  const cost = contexts.get(scope)?.cost as (Context['cost'] & { actual?: number; charged?: number }) | undefined;
  if (cost) scope.cost = { requested: cost.requested, actual: cost.charged ?? cost.actual };
  const path = scope.path ?? new URL(request.url).pathname;
  const { api, operation } = classify(scope, path);
  const seconds = (performance.now() - scope.startedAt) / 1000;
  metrics?.observeRequest({ api, operation, status, seconds, cost: scope.cost?.actual ?? scope.cost?.requested });
  const info = requestInfo(request);
  logger[levelOf(status)]({
    method: request.method,
    path,
    api,
    ...(scope.route ? { route: scope.route } : { operation: scope.operation }),
    ...(scope.principal && { principal: scope.principal }),
    ...(scope.cost && { cost: scope.cost }),
    status,
    durationMs: Math.round(seconds * 10_000) / 10,
    client: info.clientAddress,
    ...(scope.error !== undefined && { err: scope.error }),
  }, 'request');
}

export interface RequestReporting { logger: Logger; metrics?: Metrics }

export function useRequestLog(reporting: RequestReporting): Plugin<Context> {
  return {
    instrumentation: {
      request: ({ request }, wrapped) => inRequestScope(request, wrapped),
    },
    onRequest({ request, url }) {
      const scope = currentRequest();
      if (scope?.request === request) scope.path = url.pathname;
    },
    onExecute({ args }) {
      noteOperation(args.document, args.operationName, args.contextValue as Context);
    },
    onResponse({ request, response }) {
      const scope = currentRequest();
      // An inner request (a REST route's operation) is reported by the request it serves.
      if (scope?.request === request) reportRequest(scope, response.status, reporting);
    },
  };
}
