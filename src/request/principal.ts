// Who is calling, and what a credential may hold: plain types at the bottom of the house, so
// every layer (auth, audit, cost, webhooks, GraphQL, REST) speaks of a caller the same way.

/** An organization's plan: decides budgets and which fine-grained permissions a key may use. */
export const PLANS = ['growth', 'business', 'enterprise'] as const;
export type Plan = (typeof PLANS)[number];
/** The plans a permission or field can require (the base plan requires nothing). */
export type PaidPlan = Exclude<Plan, 'growth'>;

/** The coarse key scopes: `write` includes `read`. */
export const COARSE_SCOPES = ['read', 'write'] as const;
export type CoarseScope = (typeof COARSE_SCOPES)[number];

/** Fine-grained permissions, for integrations that should do one thing only (src/auth/permissions.ts). */
export const PERMISSIONS = ['asset:create', 'asset:location', 'maintenance:create', 'assignment:update', 'iot:signal:ingest'] as const;
export type Permission = (typeof PERMISSIONS)[number];

export type KeyScope = CoarseScope | Permission;

/** Everything a key may hold, in the order scopes are listed. */
export const KEY_SCOPES: readonly KeyScope[] = [...COARSE_SCOPES, ...PERMISSIONS];

export type Role = 'user' | 'admin';

/** Who is calling: resolved once per request from the Authorization header. */
export interface Principal {
  organizationId: string;
  /** The acting user (for an API key, the user who created it). */
  userId: string;
  apiKeyId: string | null;
  /** Access tokens only: the login session (refresh-token family) or the client credential. */
  sessionId?: string;
  clientCredentialId?: string;
  role: Role;
  scopes: ReadonlySet<KeyScope>;
  /** The organization's plan and this key's budget overrides (src/cost/plans.ts). */
  plan: Plan;
  /** Only documents from the trusted manifests may run (the key's or the organization's choice). */
  trustedDocumentsOnly?: boolean;
  budgetOverride?: { capacity?: number; restoreRate?: number };
}
