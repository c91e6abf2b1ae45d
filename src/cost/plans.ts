// Cost limits and budgets. One point ≈ one object returned. A request is counted as 1,000 points
// (REST's default page of 500 rows with their joined names actually costs 1,000–2,500), so the
// documented request limits become:
//   growth (the base plan): 60 requests at once, 1,000 an hour → 60,000 points, 277.8 points/s;
//   business: 1,000 requests a minute → 1,000,000 points, 16,667 points/s;
//   enterprise: 5,000 requests a minute → 5,000,000 points, 83,333 points/s.
// An operation may cost at most 10,000 points: REST's largest page (limit=1000 rows with their
// location, vendor, owner and assignee: 5,001 points) fits, and so does every plan's bucket.
import type { Plan } from '../request/principal.js';
import type { Budget } from './budget-store.js';
import { DEFAULT_COST_RULES, type CostRules } from './query-cost.js';

export const PLAN_BUDGETS: Record<Plan, Budget> = {
  growth: { capacity: 60_000, restoreRate: 1_000_000 / 3600 },
  business: { capacity: 1_000_000, restoreRate: 1_000_000 / 60 },
  enterprise: { capacity: 5_000_000, restoreRate: 5_000_000 / 60 },
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
  maxCost: 10_000,
  maxNodes: 500_000,
  maxDepth: 12,
  maxAliases: 30,
  maxTokens: 5_000,
  maxDirectives: 50,
};
