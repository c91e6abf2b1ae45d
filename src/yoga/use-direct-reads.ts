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
import type { RequestHead } from '../request/request-info.js';
import type { DirectReadEntry } from './metrics.js';

export interface DirectReadSteps {
  reads: CompiledReads;
  /** The context of an API key the app knows, or null, resolving nothing (src/context-factory.ts `known`). */
  knownContext: (request: RequestHead) => Context | null;
  operationCosts: OperationCosts;
  /** Null when rate limiting is off. */
  budgets: Budgets | null;
  /** An operation answered directly, by where it entered (itam_direct_reads_total). */
  onAnswered?: (entry: DirectReadEntry) => void;
}

interface ParamsPayload { request: Request; params: GraphQLParams; context: Record<string, unknown> }
type ParamsHandler = (payload: ParamsPayload) => unknown;

/** What `DirectReads.answer` gives when the statement did not answer after the budget was charged: refunded, to be run from the start. */
export const NOT_ANSWERED = Symbol('not answered');
export type DirectAnswer = ExecutionResult | typeof NOT_ANSWERED;

/** The steps of a direct read, for the params handler below and the direct lane (./direct-lane.ts). */
export class DirectReads {
  // Node requests the direct lane handed on after a read did not answer: the pipeline runs them, not a second read.
  private readonly toPipeline = new WeakSet<object>();

  constructor(private readonly steps: DirectReadSteps) {}

  /** Sends the node request (yoga's server context `req`) through the pipeline: its read did not answer. */
  sendToPipeline(nodeRequest: object): void {
    this.toPipeline.add(nodeRequest);
  }

  /** Whether the request is one the direct lane sent to the pipeline. */
  sentToPipeline(serverContext: unknown): boolean {
    const nodeRequest = (serverContext as { req?: object } | undefined)?.req;
    return nodeRequest !== undefined && this.toPipeline.has(nodeRequest);
  }

  /** The parsed, valid document of a query text a compiled read answered before. */
  documentOf(query: unknown): DocumentNode | undefined {
    return typeof query === 'string' ? this.steps.reads.answeredDocument(query) : undefined;
  }

  /**
   * The context of a key this process already knows, when nothing about it needs the pipeline:
   * no statement before the read's own. Anything else is left to the pipeline untouched
   * (resolving it here would look it up, and record its use, twice).
   */
  contextOf(request: RequestHead): Context | null {
    const context = this.steps.knownContext(request);
    return !context || context.principal?.trustedDocumentsOnly || context.requestInfo.minimumPlan ? null : context;
  }

  /**
   * Undefined when nothing was done (the pipeline is to take the operation on); else the answer
   * (a THROTTLED result included), or NOT_ANSWERED once the charge was refunded.
   */
  answer(document: DocumentNode, request: RequestHead, context: Context, params: Pick<GraphQLParams, 'variables' | 'operationName'>, entry: DirectReadEntry):
    DirectAnswer | Promise<DirectAnswer> | undefined {
    const { steps } = this;
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
    const run = (charge: Charge | null) => steps.reads.answer(read, context).then((result): DirectAnswer => {
      if (result) {
        steps.onAnswered?.(entry);
        return charge ? charge.settle(operation, result) : result;
      }
      // Not answered: refunded, and run from the start (the credential resolved as stored now).
      charge?.cancel();
      return NOT_ANSWERED;
    });
    if (!steps.budgets || !cost) return run(null);
    const charged = steps.budgets.charge(context, request, cost);
    const afterTake = (taken: { throttled: ExecutionResult } | Charge) => ('throttled' in taken ? taken.throttled : run(taken));
    return charged instanceof Promise ? charged.then(afterTake) : afterTake(charged);
  }
}

export function useDirectReads(directReads: DirectReads): Plugin<Context> {
  return {
    onParams({ params, paramsHandler, setParamsHandler, context }) {
      const document = directReads.documentOf(params.query);
      if (!document || directReads.sentToPipeline(context)) return;
      const pipeline = paramsHandler as unknown as ParamsHandler;
      setParamsHandler(((payload: ParamsPayload) => {
        const context = directReads.contextOf(payload.request);
        const answer = context && directReads.answer(document, payload.request, context, payload.params, 'yoga');
        if (!answer) return pipeline(payload);
        const orPipeline = (result: DirectAnswer) => (result === NOT_ANSWERED ? pipeline(payload) : result);
        return answer instanceof Promise ? answer.then(orPipeline) : orPipeline(answer);
      }) as unknown as typeof paramsHandler);
    },
  };
}
