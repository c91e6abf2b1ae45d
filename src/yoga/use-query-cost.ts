// Budgets, for GraphQL and REST alike (REST runs through this pipeline too). The operation has
// passed the per-operation limits already (use-operation-limits.ts, which priced it):
// 1. before execution, the requested cost is taken from the caller's budget: not enough →
//    THROTTLED, HTTP 429 with Retry-After, and no resolver runs;
// 2. after execution, the unused part (requested − actual) is refunded and reported in
//    extensions.cost and the X-RateLimit-* headers.
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { BudgetStore } from '../cost/budget-store.js';
import { DEFAULT_BUDGETS, type BudgetTable, type CostLimits, type PlanBudget } from '../cost/plans.js';
import { actualCost, type QueryCost } from '../cost/query-cost.js';
import type { Context, CostState } from '../graphql/context.js';
import type { Principal } from '../request/principal.js';
import { operationCostOf } from './use-operation-limits.js';

interface RequestCost {
  cost: QueryCost;
  state?: CostState & { key: string; actual?: number };
}

const costs = new WeakMap<Request, RequestCost>();

function budgetOf(budgets: BudgetTable, principal: Principal | null): PlanBudget {
  if (!principal) return budgets.anonymous;
  return { ...budgets[principal.plan], ...principal.budgetOverride };
}

/** A key's or a user's bucket; without a credential, the client address's as TRUST_PROXY resolves it (never a raw header). */
function bucketKey(context: Context): string {
  const { principal } = context;
  if (principal) return principal.apiKeyId ? `key:${principal.apiKeyId}` : `user:${principal.userId}`;
  return `ip:${context.requestInfo.clientAddress}`;
}

const round = (points: number) => Math.round(points * 100) / 100;

export interface QueryCostOptions {
  store: BudgetStore;
  limits: CostLimits;
  /** Plan budgets (PLAN_BUDGETS); default DEFAULT_BUDGETS. */
  budgets?: BudgetTable;
}

export function useQueryCost({ store, limits, budgets = DEFAULT_BUDGETS }: QueryCostOptions): Plugin<Context> {
  const costPlugin: Plugin<Context> = {
    async onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue;
      const request = (context as unknown as { request: Request }).request;
      const cost = operationCostOf(request);
      if (!cost) return;
      const entry: RequestCost = { cost };
      costs.set(request, entry);
      const budget = budgetOf(budgets, context.principal);
      const key = bucketKey(context);
      // Without a credential nothing but introspection can run (every data field answers
      // UNAUTHENTICATED first): such requests pay one point each from the client IP's bucket,
      // so a missing key gets its 401, not a 429.
      const requested = context.principal ? entry.cost.cost : 1;
      const taken = await store.take(key, requested, budget);
      const state = { key, requested, remaining: taken.remaining, capacity: budget.capacity, restoreRate: budget.restoreRate };
      entry.state = state;
      if (!taken.allowed) {
        const retryAfter = Math.max(1, Math.ceil((requested - taken.remaining) / budget.restoreRate));
        setResultAndStopExecution({
          errors: [new GraphQLError(`Throttled: this operation costs ${requested} points and ${Math.floor(taken.remaining)} are available; retry in ${retryAfter} s`, {
            extensions: {
              code: 'THROTTLED',
              http: { status: 429, headers: { 'Retry-After': String(retryAfter) } },
              cost: { requestedQueryCost: requested, throttleStatus: { maximumAvailable: budget.capacity, currentlyAvailable: round(taken.remaining), restoreRate: round(budget.restoreRate) } },
            },
          })],
        });
        return;
      }
      context.cost = state;
      return {
        onExecuteDone({ result, setResult }) {
          if (!('data' in result)) return;
          const actual = !context.principal ? requested : Math.min(requested, actualCost(args.schema, args.document, args.variableValues, args.operationName, result.data as Record<string, unknown>, limits.rules));
          const refund = requested - actual;
          store.refund(key, refund, budget);
          state.remaining = Math.min(budget.capacity, state.remaining + refund);
          (state as RequestCost['state'] & object).actual = actual;
          const debug = request.headers.get('x-cost-debug') === '1';
          setResult({
            ...result,
            extensions: {
              ...result.extensions,
              cost: {
                requestedQueryCost: requested,
                actualQueryCost: actual,
                throttleStatus: { maximumAvailable: budget.capacity, currentlyAvailable: round(state.remaining), restoreRate: round(budget.restoreRate) },
                ...(debug && { fields: entry.cost.fields }),
              },
            },
          });
        },
      };
    },

    onResponse({ request, response }) {
      const state = costs.get(request)?.state;
      if (!state) return;
      const remaining = Math.max(0, Math.floor(state.remaining));
      const secondsToFull = (state.capacity - state.remaining) / state.restoreRate;
      response.headers.set('X-RateLimit-Limit', String(state.capacity));
      response.headers.set('X-RateLimit-Remaining', String(remaining));
      response.headers.set('X-RateLimit-Used', String(state.capacity - remaining));
      response.headers.set('X-RateLimit-Reset', String(Math.ceil(Date.now() / 1000 + secondsToFull)));
      response.headers.set('X-RateLimit-Cost', String(state.actual ?? state.requested));
    },
  };

  return costPlugin;
}
