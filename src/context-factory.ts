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
import type { Principal } from './request/principal.js';
import { requestInfo, type RequestHead } from './request/request-info.js';

// Without a principal there is no organization to scope to: any database use is refused.
const noTenant = new Proxy({} as PrismaClient, {
  get() {
    throw authenticationRequired();
  },
});

export interface ContextFactory {
  (request: Request): Context | Promise<Context>;
  /** The context of an API key this instance knows (provisional, nothing read), or null: nothing is resolved or recorded. */
  known(request: RequestHead): Context | null;
}

/** `operatorToken`: OPERATOR_TOKEN (unset: no request is an operator's). */
export function createContextFactory(db: Database, cipher: FieldCipher, auth: AuthService, live: LiveEvents, operatorToken?: string): ContextFactory {
  const isOperator = operatorTokenMatcher(operatorToken);
  const known = new KnownKeys();
  const contextOf = (request: RequestHead, principal: Principal | null, extra: Pick<Context, 'credential' | 'credentialError'>): Context => ({
    requestInfo: requestInfo(request),
    principal,
    ...extra,
    prisma: principal ? scopeToOrganization(db.prisma, principal.organizationId) : noTenant,
    cipher,
    auth,
    live,
    ...(isOperator(request.headers.get(OPERATOR_TOKEN_HEADER)) && { operator: { prisma: db.prisma } }),
  });
  // A rejected credential is kept, not thrown: use-credential-check answers 401 with it unless
  // the operation only uses the public auth fields.
  const resolved = async (request: Request, authorization: string | null) => {
    try {
      return contextOf(request, await resolvePrincipal(db, auth.tokens, authorization, known), {});
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      return contextOf(request, null, { credentialError: error });
    }
  };
  // A key found valid before: no statement now (nor a promise), the request's own statement confirms it.
  const knownContext = (request: RequestHead, authorization: string | null) => {
    const provisional = known.provisional(db, authorization);
    return provisional ? contextOf(request, provisional.principal, { credential: provisional.credential }) : null;
  };
  const factory = (request: Request) => {
    const authorization = request.headers.get('authorization');
    return knownContext(request, authorization) ?? resolved(request, authorization);
  };
  return Object.assign(factory, { known: (request: RequestHead) => knownContext(request, request.headers.get('authorization')) });
}
