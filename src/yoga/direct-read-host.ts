// What the REST lane (rest-shim/rest-lane.ts, which sees only the request layer below it) runs on:
// a node request as the layers read it, direct reads of operation texts for a request's key
// (./use-direct-reads.ts), and answers written as yoga's plugins finish them (./node-answer.ts).
// src/app.ts hands it to the lane.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestScope } from '../request/log.js';
import { requestInfo, type RequestHead } from '../request/request-info.js';
import { NodeRequestHead, writeAnswer, type NodeAnswer } from './node-answer.js';
import { noteClientAddress } from './use-client-address.js';
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
  constructor(private readonly directReads: DirectReads, private readonly reporting: RequestReporting & { trustProxy: boolean }) {}

  /** The node request as the layers read it, its client address noted. */
  headOf(request: IncomingMessage): RequestHead {
    const head = new NodeRequestHead(request);
    noteClientAddress(head, request.socket, this.reporting.trustProxy);
    return head;
  }

  /** Direct reads for `head` (an operation's request made for `request`), or null when its key is not one to read for directly: nothing done. */
  readsFor(head: RequestHead, request: IncomingMessage): DirectReadsFor | null {
    const { directReads } = this;
    const context = directReads.contextOf(head);
    if (!context) return null;
    return {
      read(query, variables) {
        const document = directReads.documentOf(query);
        const answer = document && directReads.answer(document, head, context, { variables }, 'http');
        if (!answer) return undefined;
        return Promise.resolve(answer).then((result) => {
          if (result === NOT_ANSWERED) directReads.sendToPipeline(request);
          if (result === NOT_ANSWERED || result.errors?.length) return null;
          return { data: result.data, headers: { ...rateLimitHeaders(head), 'x-request-id': requestInfo(head).id } };
        });
      },
    };
  }

  /** Writes `answer` for the request of `head` as yoga's plugins would finish it, and reports it. */
  write(response: ServerResponse, head: RequestHead, answer: NodeAnswer, scope: RequestScope): Promise<void> {
    return writeAnswer(response, head, answer, scope, this.reporting);
  }
}
