import type { GraphQLError } from 'graphql';
import type { FieldCipher } from '../crypto/field-cipher.js';
import type { AuthService } from '../auth/auth-service.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { Permission } from '../auth/permissions.js';

export type ApiStyle = 'graphql' | 'rest' | 'cli';
export type KeyScope = 'read' | 'write' | Permission;

/** Who is calling: resolved once per request from the Authorization header. */
export interface Principal {
  organizationId: string;
  /** The acting user (for an API key, the user who created it). */
  userId: string;
  apiKeyId: string | null;
  /** Access tokens only: the login session (refresh-token family) or the client credential. */
  sessionId?: string;
  clientCredentialId?: string;
  role: 'user' | 'admin';
  scopes: ReadonlySet<KeyScope>;
  /** The organization's plan and this key's budget overrides (src/cost/plans.ts). */
  plan: 'growth' | 'business' | 'enterprise';
  budgetOverride?: { capacity?: number; restoreRate?: number };
}

/** The cost and budget of the running operation, set before any resolver runs. */
export interface CostState {
  requested: number;
  remaining: number;
  capacity: number;
  restoreRate: number;
}

export interface Context {
  requestId: string;
  source: ApiStyle;
  principal: Principal | null;
  /** The Authorization header was present but rejected (answered by yoga/use-credential-check.ts). */
  credentialError?: GraphQLError;
  /** Scoped to the principal's organization (src/db/tenant-scope.ts); unusable without one. */
  prisma: PrismaClient;
  /** Encrypts and decrypts the asset fields kept encrypted at rest. */
  cipher: FieldCipher;
  /** Login, tokens, invitations: the operations that run before there is a principal. */
  auth: AuthService;
  /** The caller's IP address (X-Forwarded-For only with TRUST_PROXY), for auth rate limits. */
  clientAddress: string;
  /** Set by the query-cost plugin before execution (absent when rate limiting is off). */
  cost?: CostState;
}
