// The live-event bus as configured: shared through Redis pub/sub when REDIS_URL is set (every
// instance sees every committed write), in this process otherwise.
import { Redis } from 'ioredis';
import { LiveEvents } from './live-events.js';
import { logger } from '../request/log.js';

export interface LiveEventsConfig {
  redisUrl?: string;
  maxStreamsPerCredential?: number;
}

export interface ConfiguredLiveEvents {
  events: LiveEvents;
  close(): Promise<void>;
}

/**
 * The two connections of the bus: a connection in subscriber mode can do nothing else, so one
 * publishes and one listens. The listener skips ioredis's ready check: a SUBSCRIBE sent while the
 * connection is still in its handshake (a subscription opened just after start or a reconnect)
 * puts it in subscriber mode, the check's INFO is then refused, and the SUBSCRIBE was lost.
 */
export function connectLiveEventsRedis(url: string): { publish: Redis; subscribe: Redis } {
  const options = { lazyConnect: false, maxRetriesPerRequest: 1 };
  return { publish: new Redis(url, options), subscribe: new Redis(url, { ...options, enableReadyCheck: false }) };
}

export function createLiveEvents(config: LiveEventsConfig): ConfiguredLiveEvents {
  if (!config.redisUrl) return { events: new LiveEvents(config), close: async () => {} };
  const { publish, subscribe } = connectLiveEventsRedis(config.redisUrl);
  for (const client of [publish, subscribe]) {
    client.on('error', (error) => logger.warn(`live events: Redis: ${error.message}`));
  }
  return {
    events: new LiveEvents({ ...config, redis: { publish, subscribe } }),
    close: async () => {
      publish.disconnect();
      subscribe.disconnect();
    },
  };
}
