import type { FieldCipher } from '../crypto/field-cipher.js';
import type { PrismaClient } from '../generated/prisma/client.js';

export type ApiStyle = 'graphql' | 'rest' | 'cli';
export type KeyScope = 'read' | 'write';

/** Who is calling: resolved once per request from the Authorization header. */
export interface Principal {
  organizationId: string;
  /** The acting user (for an API key, the user who created it). */
  userId: string;
  apiKeyId: string | null;
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
  /** Scoped to the principal's organization (src/db/tenant-scope.ts); unusable without one. */
  prisma: PrismaClient;
  /** Encrypts and decrypts the asset fields kept encrypted at rest. */
  cipher: FieldCipher;
  /** Set by the query-cost plugin before execution (absent when rate limiting is off). */
  cost?: CostState;
}
