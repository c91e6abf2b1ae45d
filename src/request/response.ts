// The Response every answer of ours is built with: @whatwg-node's, as graphql-yoga's own. The server
// adapter writes its string or Buffer body as is; the global (undici) Response's body goes through a
// web stream and TextEncoder first (~0.2 ms of CPU a REST request, measured with bench:ab).
export { Response } from '@whatwg-node/fetch';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * An answer as status, headers (lower-case names) and text: made into a Response by the REST layer
 * (rest-shim/responses.ts asResponse), or written to node:http by the lanes in front of yoga (src/yoga/node-answer.ts).
 */
export interface PlainAnswer {
  status: number;
  headers: Record<string, string>;
  /** Null: no body (a 204). */
  text: string | null;
}

/** node:http's request listener, as the lanes in front of yoga are composed (src/app.ts). */
export type NodeListener = (request: IncomingMessage, response: ServerResponse) => unknown;
