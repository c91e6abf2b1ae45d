// What the lanes in front of yoga run on (./direct-lane.ts, and rest-shim/rest-lane.ts, which sees
// only the request layer below it): a node request as the layers read it, direct reads for a
// request's key (./use-direct-reads.ts) with the one rule for what goes back to yoga, and answers
// written as yoga's plugins finish them (./node-answer.ts). src/app.ts hands it to both.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from '../graphql/context.js';
import type { RequestScope } from '../request/log.js';
import { requestInfo, type RequestHead } from '../request/request-info.js';
import type { PlainAnswer } from '../request/response.js';
import { NodeRequestHead, writeAnswer } from './node-answer.js';
import { noteClientAddress } from './use-client-address.js';
import type { DocumentNode, ExecutionResult } from 'graphql';
import { NOT_ANSWERED, type DirectReads } from './use-direct-reads.js';
import { rateLimitHeaders } from './use-query-cost.js';
import type { RequestReporting } from './use-request-log.js';

/** An operation's data read directly, with the headers its /graphql answer would carry (request id, X-RateLimit-*). */
export interface DirectData { data: unknown; headers: Record<string, string> }

export interface DirectReadsFor {
  /**
   * The operation's data: undefined when nothing was done (the text is not one a compiled read
   * answered, or the operation is not to be read directly); null when the read did not answer
   * (refunded, the node request marked for the pipeline) or was refused (THROTTLED: the pipeline
   * refuses it again, in its caller's words).
   */
  read(query: string, variables: Record<string, unknown>): Promise<DirectData | null> | undefined;
}

export class DirectReadHost {
  constructor(readonly directReads: DirectReads, readonly reporting: RequestReporting & { trustProxy: boolean }) {}

  /** The node request as the layers read it, its client address noted. */
  headOf(request: IncomingMessage): RequestHead {
    const head = new NodeRequestHead(request);
    noteClientAddress(head, request.socket, this.reporting.trustProxy);
    return head;
  }

  /**
   * The direct read's answer for `request` (its operation's `head`): undefined when nothing was
   * done; null when yoga is to take it after all — the read did not answer (refunded, and the node
   * request marked so the pipeline runs it, not a second read) or was refused (THROTTLED: yoga
   * prices it again and answers the refusal in its caller's words).
   */
  answer(request: IncomingMessage, document: DocumentNode, head: RequestHead, context: Context,
    params: Parameters<DirectReads['answer']>[3]): Promise<ExecutionResult | null> | undefined {
    const answer = this.directReads.answer(document, head, context, params, 'http');
    if (!answer) return undefined;
    return Promise.resolve(answer).then((result) => {
      if (result === NOT_ANSWERED) this.directReads.sendToPipeline(request);
      return result === NOT_ANSWERED || result.errors?.length ? null : result;
    });
  }

  /** Direct reads for `head` (an operation's request made for `request`), or null when its key is not one to read for directly: nothing done. */
  readsFor(head: RequestHead, request: IncomingMessage): DirectReadsFor | null {
    const context = this.directReads.contextOf(head);
    if (!context) return null;
    return {
      read: (query, variables) => {
        const document = this.directReads.documentOf(query);
        const answered = document && this.answer(request, document, head, context, { variables });
        return answered && answered.then((result) => result && { data: result.data, headers: { ...rateLimitHeaders(head), 'x-request-id': requestInfo(head).id } });
      },
    };
  }

  /** Writes `answer` for the request of `head` as yoga's plugins would finish it, and reports it. */
  write(response: ServerResponse, head: RequestHead, answer: PlainAnswer, scope: RequestScope): Promise<void> {
    return writeAnswer(response, head, answer, scope, this.reporting);
  }
}
