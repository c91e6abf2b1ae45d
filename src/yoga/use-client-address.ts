// The caller's IP address, for per-address limits. Behind a proxy (TRUST_PROXY) it is the last
// X-Forwarded-For entry — the one our proxy appended; a client can forge only the entries before
// it. Internal REST requests already carry the address of the request they serve.
import type { Plugin } from 'graphql-yoga';
import { hasRequestInfo, requestInfo, type RequestHead } from '../request/request-info.js';

/** Records the address of a request that came in on `socket` (the direct lane's too: src/yoga/direct-lane.ts). */
export function noteClientAddress(request: RequestHead, socket: { remoteAddress?: string } | undefined, trustProxy: boolean): void {
  const forwarded = trustProxy ? request.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim() : undefined;
  requestInfo(request).clientAddress = forwarded || socket?.remoteAddress || 'unknown';
}

export function useClientAddress({ trustProxy }: { trustProxy: boolean }): Plugin {
  return {
    onRequest({ request, serverContext }) {
      if (hasRequestInfo(request)) return;
      noteClientAddress(request, (serverContext as { req?: { socket?: { remoteAddress?: string } } } | undefined)?.req?.socket, trustProxy);
    },
  };
}
