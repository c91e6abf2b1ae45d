// Cost limits and budgets. One point ≈ one object returned. Every request is charged its cost,
// but at least the plan's floor (default 50 points), so a key's sustained request rate is bounded
// (restoreRate / floor per second) while large queries pay by what they read:
//   growth (the base plan): 60,000 points restoring 277.8/s: 1,200 small requests at once, 5.6/s
//     sustained (Scoutmon's 60 burst, 1,000/hour fit);
//   business: 1,000,000 points restoring 16,667/s: 333 small requests/s (SenAsset's 1,000/minute fit);
//   enterprise: 5,000,000 points restoring 83,333/s (5,000/minute fit).
// PLAN_BUDGETS (src/config.ts) overrides any of these numbers; api_keys.budget_* override a key's.
// An operation may cost at most 10,000 points: REST's largest page (limit=1000 rows with their
// location, vendor, owner and assignee: 5,001 points) fits, and so does every plan's bucket.
import type { PlanBudgetOverrides } from '../config.js';
import type { Plan } from '../request/principal.js';
import type { Budget } from './budget-store.js';
import { DEFAULT_COST_RULES, type CostRules } from './query-cost.js';

/** A bucket and the least a request is charged from it. */
export interface PlanBudget extends Budget {
  /** Points every request costs at least (after refunds). */
  floor: number;
}

/** Budgets of each plan, and of callers without a credential (per client address). */
export type BudgetTable = Record<Plan | 'anonymous', PlanBudget>;

export const DEFAULT_REQUEST_FLOOR = 50;

export const DEFAULT_BUDGETS: BudgetTable = {
  growth: { capacity: 60_000, restoreRate: 1_000_000 / 3600, floor: DEFAULT_REQUEST_FLOOR },
  business: { capacity: 1_000_000, restoreRate: 1_000_000 / 60, floor: DEFAULT_REQUEST_FLOOR },
  enterprise: { capacity: 5_000_000, restoreRate: 5_000_000 / 60, floor: DEFAULT_REQUEST_FLOOR },
  // Without a credential only introspection runs: a flat point a request, per client address.
  anonymous: { capacity: 1_000, restoreRate: 10, floor: 1 },
};

/** The default budgets with PLAN_BUDGETS' numbers over them (validated by src/config.ts). */
export function budgetTable(overrides: PlanBudgetOverrides = {}): BudgetTable {
  const table = structuredClone(DEFAULT_BUDGETS);
  for (const [tier, budget] of Object.entries(overrides)) Object.assign(table[tier as keyof BudgetTable], budget);
  return table;
}

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
