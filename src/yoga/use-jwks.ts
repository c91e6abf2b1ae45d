// GET /.well-known/jwks.json: the public keys that verify access tokens (current and recently
// retired), for services that check our tokens themselves.
import type { Plugin } from 'graphql-yoga';
import type { SigningKeys } from '../auth/signing-keys.js';
import { Response } from '../request/response.js';

export function useJwks(keys: SigningKeys): Plugin {
  return {
    // Not async: every other request passes through synchronously (no promise, no extra tick).
    onRequest({ url, request, endResponse }) {
      if (request.method !== 'GET' || url.pathname !== '/.well-known/jwks.json') return;
      return keys.jwks().then((jwks) => endResponse(new Response(JSON.stringify(jwks), {
        headers: { 'content-type': 'application/jwk-set+json', 'cache-control': 'public, max-age=300' },
      })));
    },
  };
}
