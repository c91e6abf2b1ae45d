// Query cost and budgets, for GraphQL and REST alike (REST runs through this pipeline too):
// 1. after validation, the static cost (src/cost/query-cost.ts) is checked against the limits:
//    over them → MAX_COST_EXCEEDED / BAD_USER_INPUT, and nothing runs;
// 2. before execution, the requested cost is taken from the caller's budget: not enough →
//    THROTTLED, HTTP 429 with Retry-After, and no resolver runs;
// 3. after execution, the unused part (requested − actual) is refunded and reported in
//    extensions.cost and the X-RateLimit-* headers.
// Depth, aliases, tokens and directives are limited by graphql-armor's rules.
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Budget, BudgetStore } from '../cost/budget-store.js';
import { ANONYMOUS_BUDGET, PLAN_BUDGETS, type CostLimits } from '../cost/plans.js';
import { actualCost, staticCost, type QueryCost } from '../cost/query-cost.js';
import type { Context, CostState } from '../graphql/context.js';
import type { Principal } from '../request/principal.js';
import { requestInfo, type RequestInfo } from '../request/request-info.js';

interface RequestCost {
  cost: QueryCost;
  /** The HTTP request (the context's `request` is its RequestInfo record). */
  request: Request;
  state?: CostState & { key: string; actual?: number };
}

// Keyed by the request's record: the one object validation, execution and the response all reach.
const costs = new WeakMap<RequestInfo, RequestCost>();

function budgetOf(principal: Principal | null): Budget {
  if (!principal) return ANONYMOUS_BUDGET;
  return { ...PLAN_BUDGETS[principal.plan], ...principal.budgetOverride };
}

function bucketKey(principal: Principal | null, request: Request): string {
  if (principal) return principal.apiKeyId ? `key:${principal.apiKeyId}` : `user:${principal.userId}`;
  return `ip:${request.headers.get('x-forwarded-for')?.split(',')[0].trim() || request.headers.get('x-real-ip') || 'unknown'}`;
}

const round = (points: number) => Math.round(points * 100) / 100;

export function useQueryCost({ store, limits }: { store: BudgetStore; limits: CostLimits }): Plugin<Context>[] {
  const costPlugin: Plugin<Context> = {
    onValidate({ params, context }) {
      return ({ valid, setResult }) => {
        if (!valid) return;
        const request = (context as { request?: Request }).request;
        const graphqlParams = (context as { params?: { variables?: Record<string, unknown>; operationName?: string } }).params;
        let cost: QueryCost | null;
        try {
          cost = staticCost(params.schema, params.documentAST, graphqlParams?.variables, graphqlParams?.operationName, limits.rules);
        } catch (error) {
          if (error instanceof GraphQLError) return setResult([error]);
          throw error;
        }
        if (!cost) return;
        if (cost.cost > limits.maxCost) {
          return setResult([new GraphQLError(
            `Query cost ${cost.cost} exceeds the maximum of ${limits.maxCost} per operation: request smaller pages (first/last) or fewer nested connections`,
            { extensions: { code: 'MAX_COST_EXCEEDED', cost: { requestedQueryCost: cost.cost, maximumCost: limits.maxCost } } },
          )]);
        }
        if (cost.nodes > limits.maxNodes) {
          return setResult([new GraphQLError(`Query may return ${cost.nodes} objects; the maximum is ${limits.maxNodes}`, {
            extensions: { code: 'MAX_COST_EXCEEDED', nodes: cost.nodes, maximumNodes: limits.maxNodes },
          })]);
        }
        if (request) costs.set(requestInfo(request), { cost, request });
      };
    },

    async onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue;
      const entry = costs.get(context.request);
      if (!entry) return;
      const { request } = entry;
      const budget = budgetOf(context.principal);
      const key = bucketKey(context.principal, request);
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
      const state = costs.get(requestInfo(request))?.state;
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

  return [
    maxTokensPlugin({ n: limits.maxTokens }) as Plugin<Context>,
    maxDepthPlugin({ n: limits.maxDepth, flattenFragments: true }) as Plugin<Context>,
    maxAliasesPlugin({ n: limits.maxAliases }) as Plugin<Context>,
    maxDirectivesPlugin({ n: limits.maxDirectives }) as Plugin<Context>,
    costPlugin,
  ];
}
