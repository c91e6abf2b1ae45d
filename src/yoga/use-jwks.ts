// GET /.well-known/jwks.json: the public keys that verify access tokens (current and recently
// retired), for services that check our tokens themselves.
import type { Plugin } from 'graphql-yoga';
import type { SigningKeys } from '../auth/signing-keys.js';

export function useJwks(keys: SigningKeys): Plugin {
  return {
    async onRequest({ url, request, endResponse }) {
      if (url.pathname !== '/.well-known/jwks.json' || request.method !== 'GET') return;
      endResponse(
        new Response(JSON.stringify(await keys.jwks()), {
          headers: { 'content-type': 'application/jwk-set+json', 'cache-control': 'public, max-age=300' },
        }),
      );
    },
  };
}
