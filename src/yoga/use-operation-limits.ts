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

const costs = new WeakMap<Request, QueryCost>();

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

export function useOperationLimits(limits: CostLimits): Plugin<Context>[] {
  // Yoga's parse cache hands back the same document object for the same text: the static cost of
  // an operation sent without variables is computed once, not per request. (With variables it
  // depends on their values: computed each time.)
  const withoutVariables = new WeakMap<DocumentNode, Map<string, QueryCost | null>>();
  const costOf = (schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName: string | undefined) => {
    if (variables && Object.keys(variables).length) return staticCost(schema, document, variables, operationName, limits.rules);
    const key = operationName ?? '';
    let byOperation = withoutVariables.get(document);
    if (byOperation?.has(key)) return byOperation.get(key)!;
    const cost = staticCost(schema, document, variables, operationName, limits.rules);
    if (!byOperation) withoutVariables.set(document, (byOperation = new Map()));
    byOperation.set(key, cost);
    return cost;
  };
  const costLimit: Plugin<Context> = {
    onValidate({ params, context }) {
      return ({ valid, setResult }) => {
        if (!valid) return;
        const request = (context as { request?: Request }).request;
        const graphqlParams = (context as { params?: { variables?: Record<string, unknown>; operationName?: string } }).params;
        let cost: QueryCost | null;
        try {
          cost = costOf(params.schema, params.documentAST, graphqlParams?.variables, graphqlParams?.operationName);
        } catch (error) {
          if (error instanceof GraphQLError) return setResult([error]);
          throw error;
        }
        if (!cost) return;
        const refused = overLimit(cost, limits);
        if (refused) return setResult([refused]);
        if (request) costs.set(request, cost);
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
