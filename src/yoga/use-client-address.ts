// The caller's IP address, for the per-IP limits on auth endpoints. Behind a proxy (TRUST_PROXY)
// it is the last X-Forwarded-For entry — the one our proxy appended; a client can forge only the
// entries before it. Internal REST requests carry the address of the request they serve.
import type { Plugin } from 'graphql-yoga';

const addresses = new WeakMap<Request, string>();

export function clientAddressOf(request: Request): string {
  return addresses.get(request) ?? 'unknown';
}

/** Gives `internal` (a request the REST shim makes on behalf of `from`) the caller's address. */
export function carryClientAddress(from: Request, internal: Request): void {
  addresses.set(internal, clientAddressOf(from));
}

export function useClientAddress({ trustProxy }: { trustProxy: boolean }): Plugin {
  return {
    onRequest({ request, serverContext }) {
      if (addresses.has(request)) return;
      const forwarded = trustProxy ? request.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim() : undefined;
      const socket = (serverContext as { req?: { socket?: { remoteAddress?: string } } } | undefined)?.req?.socket;
      addresses.set(request, forwarded || socket?.remoteAddress || 'unknown');
    },
  };
}
