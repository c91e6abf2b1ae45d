// A GraphQL subscription over Server-Sent Events, read from app.fetch's streamed body.
import type { App } from '../../src/app.js';

export interface SseResult<T = any> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, any> }[];
}

export interface Subscription<T = any> {
  status: number;
  headers: Headers;
  /** The next `next` event (rejects after `timeoutMs`). */
  next(timeoutMs?: number): Promise<SseResult<T>>;
  /** Resolves to true when no event arrives within `ms`. */
  quietFor(ms: number): Promise<boolean>;
  close(): Promise<void>;
}

/** `key`: an API key or access token; '' subscribes without a credential. */
export async function subscribe<T = any>(app: App, key: string, query: string, variables?: Record<string, unknown>, method: 'POST' | 'GET' = 'POST'): Promise<Subscription<T>> {
  const abort = new AbortController();
  const headers = { accept: 'text/event-stream', ...(key && { authorization: `Bearer ${key}` }) };
  // GET is what EventSource sends: the operation in the query string.
  const response = method === 'GET'
    ? await app.fetch(`http://test/graphql?${new URLSearchParams({ query, ...(variables && { variables: JSON.stringify(variables) }) })}`, { headers, signal: abort.signal })
    : await app.fetch('http://test/graphql', {
      method, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }), signal: abort.signal,
    });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const queued: SseResult<T>[] = [];
  let buffer = '';
  let pending: Promise<void> | null = null;

  // Reads until one more complete `event: next` message is queued; `complete` ends the stream.
  const readMore = async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('the subscription stream ended');
      buffer += value;
      let end;
      let queuedOne = false;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(message)?.[1];
        const data = /^data: (.*)$/m.exec(message)?.[1];
        if (event === 'complete') throw new Error('the subscription completed');
        if (data && (event === 'next' || event === undefined)) { queued.push(JSON.parse(data)); queuedOne = true; }
      }
      if (queuedOne) return;
    }
  };
  const waitForEvent = () => (pending ??= readMore().finally(() => { pending = null; }));

  return {
    status: response.status,
    headers: response.headers,
    async next(timeoutMs = 5_000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no event within ${timeoutMs} ms`)), timeoutMs); });
      try {
        while (queued.length === 0) await Promise.race([waitForEvent(), timeout]);
        return queued.shift()!;
      } finally {
        clearTimeout(timer);
      }
    },
    async quietFor(ms) {
      if (queued.length) return false;
      const arrived = await Promise.race([waitForEvent().then(() => true, () => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);
      return !arrived;
    },
    async close() {
      abort.abort();
      await reader.cancel().catch(() => {});
    },
  };
}
