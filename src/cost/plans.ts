// Cost limits and budgets. One point ≈ one object returned; a typical request (a page of 50 rows
// with a relation or two) costs ~100 points, so the documented request limits become:
//   growth (the base plan): 60 requests at once, 1,000 an hour → 6,000 points, 27.8 points/s;
//   business: 1,000 requests a minute → 100,000 points, 1,667 points/s;
//   enterprise: 5,000 requests a minute → 500,000 points, 8,333 points/s.
// An operation may cost at most 6,000 points: REST's largest page (limit=1000 rows with their
// location, vendor, owner and assignee: 5,001 points) fits, and so does every plan's bucket.
import type { Budget } from './budget-store.js';
import { DEFAULT_COST_RULES, type CostRules } from './query-cost.js';

export type Plan = 'growth' | 'business' | 'enterprise';

export const PLAN_BUDGETS: Record<Plan, Budget> = {
  growth: { capacity: 6_000, restoreRate: 100_000 / 3600 },
  business: { capacity: 100_000, restoreRate: 100_000 / 60 },
  enterprise: { capacity: 500_000, restoreRate: 500_000 / 60 },
};

/** Callers without a credential (introspection, errors): a small budget per client IP. */
export const ANONYMOUS_BUDGET: Budget = { capacity: 1_000, restoreRate: 10 };

export interface CostLimits {
  rules: CostRules;
  maxCost: number;
  maxNodes: number;
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
}

export const DEFAULT_COST_LIMITS: CostLimits = {
  rules: DEFAULT_COST_RULES,
  maxCost: 6_000,
  maxNodes: 500_000,
  maxDepth: 12,
  maxAliases: 30,
  maxTokens: 5_000,
  maxDirectives: 50,
};
