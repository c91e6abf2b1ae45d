// The GraphQL context: the request's principal and record, the tenant-scoped client, and the
// services resolvers call. Built once per request by src/context-factory.ts.
import type { GraphQLError } from 'graphql';
import type { FieldCipher } from '../crypto/field-cipher.js';
import type { DomainContext } from '../domain/context.js';
import type { AuthService } from '../auth/auth-service.js';
import type { ProvisionalCredential } from '../auth/known-keys.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { LiveEvents } from '../live/live-events.js';
import { actorOf, type Actor } from '../request/actor.js';
import type { Principal } from '../request/principal.js';
import type { RequestInfo } from '../request/request-info.js';

/** The cost and budget of the running operation, set before any resolver runs. */
export interface CostState {
  /** Points taken up front: the operation's requested cost, at least the request floor. */
  requested: number;
  /** The least any request is charged (plan or key). */
  floor: number;
  remaining: number;
  capacity: number;
  restoreRate: number;
}

export interface Context {
  /** Request id, client address and API style (src/request/request-info.ts); `request` is yoga's Fetch Request. */
  requestInfo: RequestInfo;
  principal: Principal | null;
  /**
   * A known API key's principal, not yet confirmed by a statement of this request
   * (src/auth/known-keys.ts; yoga/use-credential-confirmation.ts confirms it before anything runs).
   */
  credential?: ProvisionalCredential;
  /** The Authorization header was present but rejected (answered by yoga/use-credential-check.ts). */
  credentialError?: GraphQLError;
  /** Scoped to the principal's organization (src/db/tenant-scope.ts); unusable without one. */
  prisma: PrismaClient;
  /** Encrypts and decrypts the asset fields kept encrypted at rest. */
  cipher: FieldCipher;
  /** Login, tokens, invitations: the operations that run before there is a principal. */
  auth: AuthService;
  /** The organization's live event streams (subscriptions). */
  live: LiveEvents;
  /**
   * Present only on requests carrying the server operator token (X-Operator-Token = OPERATOR_TOKEN):
   * the unscoped client that operator workflows (src/domain/organizations.ts) run with.
   */
  operator?: { prisma: PrismaClient };
  /** Set by the query-cost plugin before execution (absent when rate limiting is off). */
  cost?: CostState;
}

/** The actor a resolver's writes are recorded as; only fields guarded by authScopes call it. */
function actorFor(ctx: Context): Actor {
  if (!ctx.principal) throw new Error('a write needs a principal (guard the field with authScopes)');
  return actorOf(ctx.principal, ctx.requestInfo);
}

/** What a domain workflow runs with, for this request. */
export function domainOf(ctx: Context): DomainContext {
  return { prisma: ctx.prisma, actor: actorFor(ctx), cipher: ctx.cipher };
}
