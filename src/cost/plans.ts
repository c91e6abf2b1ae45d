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
import { PLANS, type Plan } from '../request/principal.js';
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

const FIELDS = ['capacity', 'restoreRate', 'floor'] as const;
const TIERS = [...PLANS, 'anonymous'] as const;

/**
 * PLAN_BUDGETS: a JSON object of plans (growth, business, enterprise, anonymous), each with any
 * of capacity, restoreRate (points a second) and floor; what it leaves out keeps its default.
 * Throws an Error naming the bad entry.
 */
export function parsePlanBudgets(json: string): BudgetTable {
  let given: unknown;
  try {
    given = JSON.parse(json);
  } catch {
    throw new Error('must be a JSON object, e.g. {"business":{"capacity":1000000,"restoreRate":16667,"floor":50}}');
  }
  if (!given || typeof given !== 'object' || Array.isArray(given)) throw new Error('must be a JSON object of plans');
  const table: BudgetTable = structuredClone(DEFAULT_BUDGETS);
  for (const [tier, budget] of Object.entries(given)) {
    if (!(TIERS as readonly string[]).includes(tier)) throw new Error(`unknown plan "${tier}" (expected ${TIERS.join(', ')})`);
    if (!budget || typeof budget !== 'object' || Array.isArray(budget)) throw new Error(`${tier} must be an object`);
    for (const [field, value] of Object.entries(budget)) {
      if (!(FIELDS as readonly string[]).includes(field)) throw new Error(`${tier}.${field} is not a budget field (expected ${FIELDS.join(', ')})`);
      // Capacity and floor are whole points (reported as Int); the restore rate may be fractional.
      const valid = typeof value === 'number' && Number.isFinite(value) &&
        (field === 'restoreRate' ? value > 0 : Number.isSafeInteger(value) && value >= (field === 'floor' ? 0 : 1));
      if (!valid) {
        const expected = { capacity: 'a positive integer', restoreRate: 'a positive number', floor: 'a non-negative integer' }[field as (typeof FIELDS)[number]];
        throw new Error(`${tier}.${field} must be ${expected}, got ${JSON.stringify(value)}`);
      }
      table[tier as keyof BudgetTable][field as (typeof FIELDS)[number]] = value;
    }
    const { capacity, floor } = table[tier as keyof BudgetTable];
    if (floor > capacity) throw new Error(`${tier}.floor (${floor}) must not exceed its capacity (${capacity})`);
  }
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
