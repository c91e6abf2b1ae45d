// Which API style a request to the GraphQL pipeline came from. The REST shim marks the internal
// requests it makes; nothing a client sends can set the mark.
import type { ApiStyle } from '../graphql/context.js';

const restRequests = new WeakSet<Request>();

export function markAsRest(request: Request): Request {
  restRequests.add(request);
  return request;
}

export const apiStyleOf = (request: Request): ApiStyle => (restRequests.has(request) ? 'rest' : 'graphql');
