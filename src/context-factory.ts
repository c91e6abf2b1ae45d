// The one context factory: both /graphql and the REST shim build their context here, so the
// principal and the tenant-scoped client are resolved the same way for every request.
import { GraphQLError } from 'graphql';
import type { AuthService } from './auth/auth-service.js';
import { OPERATOR_TOKEN_HEADER, operatorTokenMatcher } from './auth/operator-token.js';
import { KnownKeys } from './auth/known-keys.js';
import { resolvePrincipal } from './auth/principal.js';
import type { FieldCipher } from './crypto/field-cipher.js';
import type { Database } from './db/database.js';
import { scopeToOrganization } from './db/tenant-scope.js';
import { authenticationRequired } from './errors.js';
import type { PrismaClient } from './generated/prisma/client.js';
import type { Context } from './graphql/context.js';
import type { LiveEvents } from './live/live-events.js';
import { requestInfo } from './request/request-info.js';

// Without a principal there is no organization to scope to: any database use is refused.
const noTenant = new Proxy({} as PrismaClient, {
  get() {
    throw authenticationRequired();
  },
});

export type ContextFactory = (request: Request) => Promise<Context>;

/** `operatorToken`: OPERATOR_TOKEN (unset: no request is an operator's). */
export function createContextFactory(db: Database, cipher: FieldCipher, auth: AuthService, live: LiveEvents, operatorToken?: string): ContextFactory {
  const isOperator = operatorTokenMatcher(operatorToken);
  const known = new KnownKeys();
  return async (request) => {
    const authorization = request.headers.get('authorization');
    // A key found valid before: no statement now, the request's own statement confirms it.
    const provisional = known.provisional(db, authorization);
    // A rejected credential is kept, not thrown: use-credential-check answers 401 with it unless
    // the operation only uses the public auth fields.
    let principal = provisional?.principal ?? null;
    let credentialError: GraphQLError | undefined;
    if (!provisional) {
      try {
        principal = await resolvePrincipal(db, auth.tokens, authorization, known);
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        credentialError = error;
      }
    }
    return {
      requestInfo: requestInfo(request),
      principal,
      ...(provisional && { credential: provisional.credential }),
      ...(credentialError && { credentialError }),
      prisma: principal ? scopeToOrganization(db.prisma, principal.organizationId) : noTenant,
      cipher,
      auth,
      live,
      ...(isOperator(request.headers.get(OPERATOR_TOKEN_HEADER)) && { operator: { prisma: db.prisma } }),
    };
  };
}
