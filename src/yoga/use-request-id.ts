// Every request gets an id (the caller's X-Request-Id when sane, else a new UUID; see
// src/request/request-info.ts), echoed back in the response and stored on each audit event.
import type { Plugin } from 'graphql-yoga';
import { requestInfo } from '../request/request-info.js';

export function useRequestId(): Plugin {
  return {
    onResponse({ request, response }) {
      response.headers.set('x-request-id', requestInfo(request).id);
    },
  };
}
