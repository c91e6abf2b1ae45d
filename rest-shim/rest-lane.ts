// The REST lane: a GET route whose operation a compiled read answered before is served over
// node:http before graphql-yoga sees the request, as the direct lane (src/yoga/direct-lane.ts)
// serves /graphql. The route parses, runs its operation as a direct read and shapes its answer as
// in yoga (use-rest-shim.ts), on the same steps (src/yoga/use-direct-reads.ts, through a LaneHost);
// the answer is written with the headers yoga's plugins add. Anything the lane does not
// take (a body, an Origin, an Accept it does not map, a plan-gated dialect, an unknown key, a text
// not answered before, a refusal before the read), and a read that does not answer, goes to yoga
// unchanged; once the read has answered, the lane answers, refusals in the dialect's error body.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { inNewRequestScope, outsideRequestScope, type RequestScope } from '../src/request/log.js';
import { runsOnBehalfOf, type RequestHead } from '../src/request/request-info.js';
import type { NodeListener, PlainAnswer } from '../src/request/response.js';
import { dispatcher } from './dispatch.js';
import type { Dialect } from './dialect.js';
import { operationHeaders, operationText } from './execute-route.js';
import { internalProblem, problemFromRestError, refusalAnswer } from './problems.js';
import { RestError } from './rest-error.js';
import type { Route, RunOperation } from './route.js';
import { servedAnswer } from './served-answer.js';
import { dialects as allDialects, routes as allRoutes } from './routes.js';

/** What the lane runs on (src/yoga/direct-read-host.ts, handed over by src/app.ts): the REST layer sees no further down. */
export interface LaneHost {
  /** The node request as the layers read it, its client address noted. */
  headOf(request: IncomingMessage): RequestHead;
  /** Direct reads for an operation's request, or null when its key is not one to read for directly (nothing done). */
  readsFor(head: RequestHead, request: IncomingMessage): {
    /** Undefined: nothing done; null: did not answer, or refused (the pipeline runs it); else the data and the headers to pass on. */
    read(query: string, variables: Record<string, unknown>): Promise<{ data: unknown; headers: Record<string, string> } | null> | undefined;
  } | null;
  /** Writes the answer as yoga's plugins would finish it (request id, Vary, compression) and reports the request. */
  write(response: ServerResponse, head: RequestHead, answer: PlainAnswer, scope: RequestScope): Promise<void>;
}

// Accepts whose answer yoga's path gives the same JSON (a CSV-capable route reads Accept itself: yoga's).
const ACCEPTS = new Set([undefined, '*/*', 'application/json']);
// Thrown before the read has any effect: yoga serves the request from the start.
const HAND_ON = Symbol('hand on');

/** Whether the request is one the lane may take, from its request line and headers alone. */
function laneKind(request: IncomingMessage): boolean {
  const { headers } = request;
  return request.method === 'GET' && !!headers.authorization && headers.origin === undefined && ACCEPTS.has(headers.accept)
    && headers['content-length'] === undefined && headers['transfer-encoding'] === undefined;
}

/** The operation's request made for `outer`, as the pipeline would see it (execute-route.ts): its headers, the caller's record marked REST. */
function operationHead(outer: RequestHead): RequestHead {
  const headers = operationHeaders(outer);
  return runsOnBehalfOf({ method: 'POST', url: new URL('/graphql', outer.url).href, headers: { get: (name: string) => headers[name.toLowerCase()] ?? null } }, outer);
}

export function restLane(
  host: LaneHost | null, next: NodeListener, routes: readonly Route[] = allRoutes, dialects: readonly Dialect[] = allDialects,
): NodeListener {
  if (!host) return next;
  const dispatch = dispatcher(routes, dialects);
  type Reads = NonNullable<ReturnType<LaneHost['readsFor']>>;

  /** The route's operation as a direct read, once; HAND_ON while nothing has had an effect. */
  const directRun = (reads: Reads, read: { ran: boolean }): RunOperation => async (operation, variables) => {
    const answer = read.ran ? undefined : reads.read(operationText(operation), variables as Record<string, unknown>);
    if (!answer) throw HAND_ON;
    read.ran = true;
    const result = await answer;
    // Refunded (the pipeline runs it, not a second read), or refused by the budget (yoga prices it again, refused in the dialect's words).
    if (!result) throw HAND_ON;
    return { data: result.data as never, headers: new Headers(result.headers) };
  };

  async function serve(outer: RequestHead, url: URL, route: Route, params: Record<string, string>, reads: Reads): Promise<PlainAnswer> {
    const read = { ran: false };
    let served;
    try {
      served = await route.serve({ params, url, headers: outer.headers, readJson: () => Promise.resolve(undefined) }, directRun(reads, read));
    } catch (error) {
      // A refusal before the read (a malformed parameter, say): yoga's to answer, as it would have.
      if (error === HAND_ON || !read.ran) throw HAND_ON;
      if (error instanceof RestError) return refusalAnswer(route.dialect, problemFromRestError(error));
      throw error;
    }
    return servedAnswer(route, served);
  }

  return (request, response) => {
    if (!laneKind(request)) return next(request, response);
    const outer = host.headOf(request);
    const url = new URL(outer.url);
    const found = dispatch('GET', url.pathname);
    if (found.kind !== 'route' || found.route.minimumPlan || found.route.dialect.minimumPlan) return next(request, response);
    const { route, params } = found;
    const reads = host.readsFor(operationHead(outer), request);
    if (!reads) return next(request, response);
    return inNewRequestScope(outer, (scope) => {
      scope.path = url.pathname;
      scope.route = `${route.method} ${route.path}`;
      return serve(outer, url, route, params, reads).then(
        (answer) => host.write(response, outer, answer, scope),
        (error: unknown) => (error === HAND_ON ? outsideRequestScope(() => next(request, response)) : failed(response, outer, route, error, scope)),
      ).catch((error: unknown) => failed(response, outer, route, error, scope));
    });
  };

  // Unexpected once the read ran: the dialect's 500, the error on the request line (as use-rest-shim.ts).
  function failed(response: ServerResponse, outer: RequestHead, route: Route, error: unknown, scope: RequestScope) {
    scope.error ??= error;
    if (response.headersSent) {
      response.destroy();
      return;
    }
    return host!.write(response, outer, refusalAnswer(route.dialect, internalProblem()), scope);
  }
}
