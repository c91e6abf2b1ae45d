// The GraphQL context: the request's principal and record, the tenant-scoped client, and the
// services resolvers call. Built once per request by src/context-factory.ts.
import type { GraphQLError } from 'graphql';
import type { FieldCipher } from '../crypto/field-cipher.js';
import type { DomainContext } from '../domain/context.js';
import type { AuthService } from '../auth/auth-service.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { LiveEvents } from '../live/live-events.js';
import { actorOf, type Actor } from '../request/actor.js';
import type { Principal } from '../request/principal.js';
import type { RequestInfo } from '../request/request-info.js';

/** The cost and budget of the running operation, set before any resolver runs. */
export interface CostState {
  requested: number;
  remaining: number;
  capacity: number;
  restoreRate: number;
}

export interface Context {
  /** Request id, client address and API style (src/request/request-info.ts); `request` is yoga's Fetch Request. */
  requestInfo: RequestInfo;
  principal: Principal | null;
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
