// Per-operation limits, checked after validation and before anything runs, whether budgets are on
// or off: depth, aliases, tokens and directives (graphql-armor), then the static cost — at most
// `maxCost` points and `maxNodes` objects (src/cost/query-cost.ts; page sizes are checked there
// too) → MAX_COST_EXCEEDED / BAD_USER_INPUT with the numbers. The cost it computed is kept for
// the budgets (use-query-cost.ts), so it is computed once per request.
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { CostLimits } from '../cost/plans.js';
import { staticCost, type QueryCost } from '../cost/query-cost.js';
import type { Context } from '../graphql/context.js';
import type { RequestHead } from '../request/request-info.js';
import { Slot } from '../request/slot.js';

const costs = new Slot<RequestHead, QueryCost>('operation cost');

/** The static cost of the request's operation, once it passed the limits (undefined before, or when unpriced). */
export const operationCostOf = (request: Request): QueryCost | undefined => costs.get(request);

function overLimit(cost: QueryCost, limits: CostLimits): GraphQLError | null {
  if (cost.cost > limits.maxCost) {
    return new GraphQLError(
      `Query cost ${cost.cost} exceeds the maximum of ${limits.maxCost} per operation: request smaller pages (first/last) or fewer nested connections`,
      { extensions: { code: 'MAX_COST_EXCEEDED', cost: { requestedQueryCost: cost.cost, maximumCost: limits.maxCost } } },
    );
  }
  if (cost.nodes > limits.maxNodes) {
    return new GraphQLError(`Query may return ${cost.nodes} objects; the maximum is ${limits.maxNodes}`, {
      extensions: { code: 'MAX_COST_EXCEEDED', nodes: cost.nodes, maximumNodes: limits.maxNodes },
    });
  }
  return null;
}

/**
 * The static cost of operations under `limits`, and whether it is refused. Yoga's parse cache hands
 * back the same document object for the same text: the cost of an operation sent without variables
 * is computed once, not per request (with variables it depends on their values: computed each time).
 */
export class OperationCosts {
  private readonly withoutVariables = new WeakMap<DocumentNode, Map<string, QueryCost | null>>();
  constructor(readonly limits: CostLimits) {}

  /** Throws a GraphQLError for arguments the rules refuse (a page size out of range, say). */
  costOf(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName: string | undefined): QueryCost | null {
    if (variables && Object.keys(variables).length) return staticCost(schema, document, variables, operationName, this.limits.rules);
    const key = operationName ?? '';
    let byOperation = this.withoutVariables.get(document);
    if (byOperation?.has(key)) return byOperation.get(key)!;
    const cost = staticCost(schema, document, variables, operationName, this.limits.rules);
    if (!byOperation) this.withoutVariables.set(document, (byOperation = new Map()));
    byOperation.set(key, cost);
    return cost;
  }

  /** The error refusing an operation of this cost, or null when it is within the limits. */
  refusal(cost: QueryCost): GraphQLError | null {
    return overLimit(cost, this.limits);
  }

  /** Kept for the budgets (operationCostOf): the cost of the operation `request` runs, once it passed. */
  record(request: RequestHead, cost: QueryCost): void {
    costs.set(request, cost);
  }
}

export function useOperationLimits(operationCosts: OperationCosts): Plugin<Context>[] {
  const { limits } = operationCosts;
  const costLimit: Plugin<Context> = {
    onValidate({ params, context }) {
      return ({ valid, setResult }) => {
        if (!valid) return;
        const request = (context as { request?: Request }).request;
        const graphqlParams = (context as { params?: { variables?: Record<string, unknown>; operationName?: string } }).params;
        let cost: QueryCost | null;
        try {
          cost = operationCosts.costOf(params.schema, params.documentAST, graphqlParams?.variables, graphqlParams?.operationName);
        } catch (error) {
          if (error instanceof GraphQLError) return setResult([error]);
          throw error;
        }
        if (!cost) return;
        const refused = operationCosts.refusal(cost);
        if (refused) return setResult([refused]);
        if (request) operationCosts.record(request, cost);
      };
    },
  };
  return [
    maxTokensPlugin({ n: limits.maxTokens }) as Plugin<Context>,
    maxDepthPlugin({ n: limits.maxDepth, flattenFragments: true }) as Plugin<Context>,
    maxAliasesPlugin({ n: limits.maxAliases }) as Plugin<Context>,
    maxDirectivesPlugin({ n: limits.maxDirectives }) as Plugin<Context>,
    costLimit,
  ];
}
