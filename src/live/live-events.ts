// Live events behind GraphQL subscriptions: committed audit events fanned out to the subscribers of
// the same organization — in this process, or across instances through Redis pub/sub.
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub, type PubSub } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import { apiError } from '../errors.js';

/** What travels on the bus: enough to filter on; subscribers read the row itself, tenant-scoped. */
export interface LiveAuditEvent {
  id: string;
  organizationId: string;
  action: string;
  entityType: string;
  entityId: string;
}

type Topics = { 'audit-event': [organizationId: string, event: LiveAuditEvent] };

export interface LiveEventsOptions {
  /** Two ioredis connections (one only subscribes): instances sharing them see each other's events. */
  redis?: { publish: Redis; subscribe: Redis };
  /** Open streams one credential may hold on this instance. */
  maxStreamsPerCredential?: number;
}

export const DEFAULT_MAX_STREAMS_PER_CREDENTIAL = 10;

/**
 * A stream ending after its Redis connection closed (at shutdown) unsubscribes on a dead
 * connection; nobody awaits that promise, so its failure would be an unhandled rejection.
 */
function ignoreUnsubscribeFailures(client: Redis): void {
  const unsubscribe = client.unsubscribe.bind(client) as (...channels: string[]) => Promise<unknown>;
  (client as unknown as { unsubscribe: (...channels: string[]) => Promise<unknown> }).unsubscribe =
    (...channels) => unsubscribe(...channels).catch(() => 0);
}

export class LiveEvents {
  readonly shared: boolean;
  readonly maxStreamsPerCredential: number;
  private readonly pubSub: PubSub<Topics>;
  private readonly openStreams = new Map<string, number>();
  private localSubscribers = 0;

  constructor(options: LiveEventsOptions = {}) {
    this.shared = options.redis !== undefined;
    this.maxStreamsPerCredential = options.maxStreamsPerCredential ?? DEFAULT_MAX_STREAMS_PER_CREDENTIAL;
    if (options.redis) ignoreUnsubscribeFailures(options.redis.subscribe);
    this.pubSub = createPubSub<Topics>(options.redis
      ? { eventTarget: createRedisEventTarget({ publishClient: options.redis.publish, subscribeClient: options.redis.subscribe }) }
      : {});
  }

  /** Whether a write's events can reach anyone: always when shared (subscribers may be elsewhere). */
  get hasAudience(): boolean {
    return this.shared || this.localSubscribers > 0;
  }

  publish(events: readonly LiveAuditEvent[]): void {
    for (const event of events) this.pubSub.publish('audit-event', event.organizationId, event);
  }

  /**
   * The organization's events as a stream held by `credential` (a key, session or client id);
   * over the per-credential limit → THROTTLED before anything is opened.
   */
  stream(organizationId: string, credential: string, accept: (event: LiveAuditEvent) => boolean): AsyncIterableIterator<LiveAuditEvent> {
    const open = this.openStreams.get(credential) ?? 0;
    if (open >= this.maxStreamsPerCredential) {
      throw apiError('THROTTLED', `At most ${this.maxStreamsPerCredential} open subscriptions per credential; close one first`, {
        limit: this.maxStreamsPerCredential,
      });
    }
    this.openStreams.set(credential, open + 1);
    this.localSubscribers++;
    const source = this.pubSub.subscribe('audit-event', organizationId)[Symbol.asyncIterator]();
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      this.localSubscribers--;
      const left = (this.openStreams.get(credential) ?? 1) - 1;
      if (left > 0) this.openStreams.set(credential, left);
      else this.openStreams.delete(credential);
    };
    // An explicit iterator, not a generator: return() must release the slot even before the first next().
    const iterator: AsyncIterableIterator<LiveAuditEvent> = {
      async next() {
        for (;;) {
          const result = await source.next();
          if (result.done) {
            close();
            return result;
          }
          if (accept(result.value)) return result;
        }
      },
      async return(value?: unknown) {
        close();
        await source.return?.();
        return { done: true, value: value as LiveAuditEvent };
      },
      async throw(error?: unknown) {
        close();
        await source.return?.();
        throw error;
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }
}
