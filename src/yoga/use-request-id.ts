// Every request gets an id (the caller's X-Request-Id when sane, else a new UUID), echoed back in
// the response and stored on each audit event the request writes.
import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';

const requestIds = new WeakMap<Request, string>();
const SANE_ID = /^[\w.:-]{1,128}$/;

export function requestIdOf(request: Request): string {
  let id = requestIds.get(request);
  if (!id) {
    const given = request.headers.get('x-request-id');
    id = given && SANE_ID.test(given) ? given : randomUUID();
    requestIds.set(request, id);
  }
  return id;
}

export function useRequestId(): Plugin {
  return {
    onResponse({ request, response }) {
      response.headers.set('x-request-id', requestIdOf(request));
    },
  };
}
