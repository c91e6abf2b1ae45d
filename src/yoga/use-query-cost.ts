// Budgets, for GraphQL and REST alike (REST runs through this pipeline too). The operation has
// passed the per-operation limits already (use-operation-limits.ts, which priced it):
// 1. before execution, the requested cost — at least the request floor — is taken from the
//    caller's budget: not enough → THROTTLED, HTTP 429 with Retry-After, and no resolver runs;
// 2. after execution, the unused part is refunded (the request keeps paying max(actual, floor))
//    and reported in extensions.cost and the X-RateLimit-* headers.
import { GraphQLError, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { BudgetStore, TakeResult } from '../cost/budget-store.js';
import { DEFAULT_BUDGETS, type BudgetTable, type CostLimits, type PlanBudget } from '../cost/plans.js';
import { actualCostOfText } from '../cost/actual-cost-of-text.js';
import { actualCost, type CostRules, type QueryCost } from '../cost/query-cost.js';
import type { Context, CostState } from '../graphql/context.js';
import type { Principal } from '../request/principal.js';
import { jsonTextOf, knownCostOf, withResultFields } from './use-json-text-results.js';
import { operationCostOf } from './use-operation-limits.js';
import type { RequestHead } from '../request/request-info.js';
import { Slot } from '../request/slot.js';

interface RequestCost {
  cost: QueryCost;
  /** Set once the budget was charged; `charged` after the refund. */
  state?: CostState & { key: string; charged?: number };
}

const costs = new Slot<RequestHead, RequestCost>('request cost');

/** What an onExecute hook may return besides nothing (onExecuteDone, …). */
type ExecuteHooks = Exclude<Awaited<ReturnType<NonNullable<Plugin<Context>['onExecute']>>>, void>;

/** A caller's bucket: its key in the store and the budget it fills to. */
interface Bucket { key: string; budget: PlanBudget }

function budgetOf(budgets: BudgetTable, principal: Principal | null): PlanBudget {
  const budget = principal ? { ...budgets[principal.plan], ...principal.budgetOverride } : budgets.anonymous;
  // A key's small capacity must not make every request unaffordable.
  return { ...budget, floor: Math.min(budget.floor, budget.capacity) };
}

/**
 * What `result` cost: counted by a compiled read's statement; else its JSON text priced as it is,
 * not parsed (the same figure); else the walk over its data.
 */
function actualCostOf(args: PricedOperation, result: ExecutionResult, rules: CostRules): number {
  const known = knownCostOf(result);
  if (known !== undefined) return known;
  const text = jsonTextOf(result);
  return text !== undefined
    ? actualCostOfText(args.schema, args.document, args.variableValues, args.operationName, text, rules)
    : actualCost(args.schema, args.document, args.variableValues, args.operationName, result.data as Record<string, unknown>, rules);
}

const round = (points: number) => Math.round(points * 100) / 100;

/** What pricing a result reads of its operation. */
export type PricedOperation = Pick<ExecutionArgs, 'schema' | 'document' | 'variableValues' | 'operationName'>;

/** A budget charged for an operation: refunds what it did not use once it has run. */
export interface Charge {
  /** `result` (one with `data`: an operation that ran) with `extensions.cost`, the unused part refunded. */
  settle(operation: PricedOperation, result: ExecutionResult): ExecutionResult;
  /** Gives back all it took: the operation was not answered (it is run again from the start). */
  cancel(): void;
}

type ChargeState = NonNullable<RequestCost['state']>;

const throttleStatusOf = (state: ChargeState) => ({
  maximumAvailable: state.capacity, currentlyAvailable: round(state.remaining), restoreRate: round(state.restoreRate),
});

/** A budget taken for one operation (a class: a request makes one object, not a set of closures). */
class BudgetCharge implements Charge {
  constructor(private readonly store: BudgetStore, private readonly rules: CostRules, private readonly context: Context,
    private readonly request: RequestHead, private readonly cost: QueryCost, private readonly budget: PlanBudget, private readonly state: ChargeState) {}

  settle(operation: PricedOperation, result: ExecutionResult): ExecutionResult {
    const { cost, budget, state } = this;
    const actual = Math.min(cost.cost, actualCostOf(operation, result, this.rules));
    const charged = this.context.principal ? Math.max(actual, budget.floor) : budget.floor;
    const refund = state.requested - charged;
    this.store.refund(state.key, refund, budget);
    state.remaining = Math.min(budget.capacity, state.remaining + refund);
    state.charged = charged;
    const report: Record<string, unknown> = {
      requestedQueryCost: cost.cost, actualQueryCost: actual, requestFloor: budget.floor, chargedCost: charged, throttleStatus: throttleStatusOf(state),
    };
    if (this.request.headers.get('x-cost-debug') === '1') report.fields = cost.fields;
    return withResultFields(result, { extensions: result.extensions ? { ...result.extensions, cost: report } : { cost: report } });
  }

  cancel(): void {
    this.store.refund(this.state.key, this.state.requested, this.budget);
    costs.clear(this.request);
    delete this.context.cost;
  }
}

/** Callers' budgets: the requested cost taken before an operation runs, the unused part refunded after. */
export class Budgets {
  // A known key's principal is one object for as long as the key is unchanged: its bucket is worked out once.
  private readonly buckets = new WeakMap<Principal, Bucket>();
  private readonly anonymousBudget: PlanBudget;

  constructor(private readonly store: BudgetStore, private readonly limits: CostLimits, private readonly budgets: BudgetTable = DEFAULT_BUDGETS) {
    this.anonymousBudget = budgetOf(budgets, null);
  }

  /** A key's or a user's bucket; without a credential, the client address's as TRUST_PROXY resolves it (never a raw header). */
  private bucketOf(context: Context): Bucket {
    const { principal } = context;
    if (!principal) return { key: `ip:${context.requestInfo.clientAddress}`, budget: this.anonymousBudget };
    let bucket = this.buckets.get(principal);
    if (!bucket) {
      bucket = { key: principal.apiKeyId ? `key:${principal.apiKeyId}` : `user:${principal.userId}`, budget: budgetOf(this.budgets, principal) };
      this.buckets.set(principal, bucket);
    }
    return bucket;
  }

  /** Takes `cost` (at least the floor) from the caller's budget: a THROTTLED result (429) when it is short, else the charge. */
  charge(context: Context, request: RequestHead, cost: QueryCost): { throttled: ExecutionResult } | Charge | Promise<{ throttled: ExecutionResult } | Charge> {
    const entry: RequestCost = { cost };
    costs.set(request, entry);
    const { key, budget } = this.bucketOf(context);
    // Every request is charged at least the floor, so a key's request rate is bounded however
    // cheap its requests are. Without a credential nothing but introspection can run (every
    // data field answers UNAUTHENTICATED first): such requests pay just the anonymous floor.
    const requested = context.principal ? Math.max(cost.cost, budget.floor) : budget.floor;
    const afterTake = (taken: TakeResult): { throttled: ExecutionResult } | Charge => {
      const state: ChargeState = {
        key, requested, floor: budget.floor, remaining: taken.remaining, capacity: budget.capacity, restoreRate: budget.restoreRate,
      };
      entry.state = state;
      if (!taken.allowed) {
        const retryAfter = Math.max(1, Math.ceil((requested - taken.remaining) / budget.restoreRate));
        return {
          throttled: {
            errors: [new GraphQLError(`Throttled: this request needs ${requested} points (its query cost ${cost.cost}, at least ${budget.floor} a request) and ${Math.floor(taken.remaining)} are available; retry in ${retryAfter} s`, {
              extensions: {
                code: 'THROTTLED',
                http: { status: 429, headers: { 'Retry-After': String(retryAfter) } },
                cost: { requestedQueryCost: cost.cost, requestFloor: budget.floor, throttleStatus: throttleStatusOf(state) },
              },
            })],
          },
        };
      }
      context.cost = state;
      return new BudgetCharge(this.store, this.limits.rules, context, request, cost, budget, state);
    };
    // The memory store answers at once: no promise, no extra tick before execution.
    const took = this.store.take(key, requested, budget);
    return took instanceof Promise ? took.then(afterTake) : afterTake(took);
  }
}

export function useQueryCost(budgets: Budgets): Plugin<Context> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue;
      const request = (context as unknown as { request: Request }).request;
      const cost = operationCostOf(request);
      if (!cost) return;
      // After the take: throttled (no execution), or the hook that refunds what was not used.
      const afterTake = (charged: { throttled: ExecutionResult } | Charge): ExecuteHooks | undefined => {
        if ('throttled' in charged) {
          setResultAndStopExecution(charged.throttled);
          return;
        }
        return {
          onExecuteDone({ result, setResult }) {
            if (!('data' in result)) return;
            setResult(charged.settle(args, result));
          },
        };
      };
      const charged = budgets.charge(context, request, cost);
      return charged instanceof Promise ? charged.then(afterTake) : afterTake(charged);
    },

    onResponse({ request, response }) {
      for (const [name, value] of Object.entries(rateLimitHeaders(request))) response.headers.set(name, value);
    },
  };
}

/** The X-RateLimit-* headers of the operation `request` ran (none when no budget was charged). */
export function rateLimitHeaders(request: RequestHead): Record<string, string> {
  const state = costs.get(request)?.state;
  if (!state) return {};
  const remaining = Math.max(0, Math.floor(state.remaining));
  const secondsToFull = (state.capacity - state.remaining) / state.restoreRate;
  return {
    'X-RateLimit-Limit': String(state.capacity),
    'X-RateLimit-Remaining': String(remaining),
    'X-RateLimit-Used': String(state.capacity - remaining),
    'X-RateLimit-Reset': String(Math.ceil(Date.now() / 1000 + secondsToFull)),
    'X-RateLimit-Cost': String(state.charged ?? state.requested),
    'X-RateLimit-Floor': String(state.floor),
  };
}
