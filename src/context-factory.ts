// The one context factory: both /graphql and the REST shim build their context here, so the
// principal and the tenant-scoped client are resolved the same way for every request.
import { GraphQLError } from 'graphql';
import type { AuthService } from './auth/auth-service.js';
import { OPERATOR_TOKEN_HEADER, operatorTokenMatcher } from './auth/operator-token.js';
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
  return async (request) => {
    // A rejected credential is kept, not thrown: use-credential-check answers 401 with it unless
    // the operation only uses the public auth fields.
    let principal = null;
    let credentialError: GraphQLError | undefined;
    try {
      principal = await resolvePrincipal(db, auth.tokens, request.headers.get('authorization'));
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      credentialError = error;
    }
    return {
      requestInfo: requestInfo(request),
      principal,
      ...(credentialError && { credentialError }),
      prisma: principal ? scopeToOrganization(db.prisma, principal.organizationId) : noTenant,
      cipher,
      auth,
      live,
      ...(isOperator(request.headers.get(OPERATOR_TOKEN_HEADER)) && { operator: { prisma: db.prisma } }),
    };
  };
}
