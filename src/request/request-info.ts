// What the server knows of a request besides its credential: its id (echoed as X-Request-Id and
// stored on audit events), the client address (for per-address limits) and the API style that
// sent it. One record per Request, set by the yoga plugins and read by everything above them.
import { randomUUID } from 'node:crypto';
import type { PaidPlan } from './principal.js';
import { Slot } from './slot.js';

/** Where a change came from: one of the two API styles, or the operator CLI. */
export type ApiStyle = 'graphql' | 'rest' | 'cli';

export interface RequestInfo {
  id: string;
  clientAddress: string;
  apiStyle: ApiStyle;
  /** Set by a REST dialect whose every route needs a plan (UniAsset's Integration API: Business). */
  minimumPlan?: PaidPlan;
}

/** What the layers read of a request before its body: a fetch Request, or the direct lane's view of a node one (src/yoga/direct-lane.ts). */
export interface RequestHead {
  readonly method: string;
  readonly url: string;
  readonly headers: { get(name: string): string | null };
}

const infos = new Slot<RequestHead, RequestInfo>('request info');
const SANE_ID = /^[\w.:-]{1,128}$/;

/** The request's record, made on first use: the caller's X-Request-Id when sane, else a new UUID. */
export function requestInfo(request: RequestHead): RequestInfo {
  let info = infos.get(request);
  if (!info) {
    const given = request.headers.get('x-request-id');
    info = { id: given && SANE_ID.test(given) ? given : randomUUID(), clientAddress: 'unknown', apiStyle: 'graphql' };
    infos.set(request, info);
  }
  return info;
}

/**
 * Marks `internal` (a request the REST layer makes to run an operation for `from`, or `from`
 * itself in the REST lane) as REST, with the caller's id and address. Nothing a client sends can set the mark.
 */
export function runsOnBehalfOf<T extends RequestHead>(internal: T, from: RequestHead, minimumPlan?: PaidPlan): T {
  infos.set(internal, { ...requestInfo(from), apiStyle: 'rest', ...(minimumPlan && { minimumPlan }) });
  return internal;
}

/** Whether the request's record was made already (an internal REST request carries its caller's). */
export const hasRequestInfo = (request: Request) => infos.get(request) !== undefined;
