// Direct reads: a query text that a compiled read answered before is answered again without
// envelop's execution pipeline (context building, the parse and validation caches, a dozen
// onExecute hooks and their per-hook promise state, which cost more CPU than the statement's own
// work). Its document is already parsed and valid, so this handler takes, in the pipeline's order,
// the steps those hooks take for a compiled read: the credential (a known key only), the trusted-
// documents rule and the plan gate, the operation's cost and limits, the request line, the budget,
// then the statement. Whatever it does not take on (an unknown key, a refusal to report, variables
// that do not coerce) goes to the normal pipeline before any step has an effect; a statement that
// does not answer after the budget was charged is refunded first. Measured in bench/PROFILE.md.
import type { DocumentNode, ExecutionResult } from 'graphql';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import type { Context } from '../graphql/context.js';
import { schema } from '../graphql/schema.js';
import type { CompiledReads } from './use-compiled-reads.js';
import type { OperationCosts } from './use-operation-limits.js';
import type { Budgets, Charge } from './use-query-cost.js';
import { noteOperation } from './use-request-log.js';

export interface DirectReadSteps {
  reads: CompiledReads;
  /** The context of an API key the app knows, or null, resolving nothing (src/context-factory.ts `known`). */
  knownContext: (request: Request) => Context | null;
  operationCosts: OperationCosts;
  /** Null when rate limiting is off. */
  budgets: Budgets | null;
  /** An operation answered here (itam_direct_reads_total). */
  onAnswered?: () => void;
}

interface ParamsPayload { request: Request; params: GraphQLParams; context: Record<string, unknown> }
type ParamsHandler = (payload: ParamsPayload) => unknown;

/** The operation's answer, or undefined when the normal pipeline is to take it on from the start. */
function answerDirectly(steps: DirectReadSteps, document: DocumentNode, payload: ParamsPayload, pipeline: ParamsHandler) {
  const { request, params } = payload;
  // Only a key this process already knows: no statement before the read's own. Anything else is
  // left to the pipeline untouched (resolving it here would look it up, and record its use, twice).
  const context = steps.knownContext(request);
  if (!context || context.principal?.trustedDocumentsOnly || context.requestInfo.minimumPlan) return undefined;
  const variables = params.variables as Record<string, unknown> | undefined;
  let read, cost;
  try {
    read = steps.reads.compile({ schema, document, operationName: params.operationName, variableValues: variables, context });
    cost = read && steps.operationCosts.costOf(schema, document, variables, params.operationName);
  } catch {
    return undefined;
  }
  if (!read || (cost && steps.operationCosts.refusal(cost))) return undefined;

  // From here on the steps have effects. The context stays the handler's own: no hook after it
  // reads the server context's copy (the credential is settled here), and copying it onto that
  // object cost ~15 % of a request's CPU in bench:ab (why was not pinned down).
  if (cost) steps.operationCosts.record(request, cost);
  noteOperation(document, params.operationName, context);
  const operation = { schema, document, variableValues: variables, operationName: params.operationName };
  const run = (charge: Charge | null) => steps.reads.answer(read, context).then((result): unknown => {
    if (result) {
      steps.onAnswered?.();
      return charge ? charge.settle(operation, result) : result;
    }
    // Not answered: refunded, and run from the start (the credential resolved as stored now).
    charge?.cancel();
    return pipeline(payload);
  });
  if (!steps.budgets || !cost) return run(null);
  const charged = steps.budgets.charge(context, request, cost);
  const afterTake = (taken: { throttled: ExecutionResult } | Charge) => ('throttled' in taken ? taken.throttled : run(taken));
  return charged instanceof Promise ? charged.then(afterTake) : afterTake(charged);
}

export function useDirectReads(steps: DirectReadSteps): Plugin<Context> {
  return {
    onParams({ params, paramsHandler, setParamsHandler }) {
      const document = typeof params.query === 'string' ? steps.reads.answeredDocument(params.query) : undefined;
      if (!document) return;
      const pipeline = paramsHandler as unknown as ParamsHandler;
      setParamsHandler(((payload: ParamsPayload) => answerDirectly(steps, document, payload, pipeline) ?? pipeline(payload)) as unknown as typeof paramsHandler);
    },
  };
}
