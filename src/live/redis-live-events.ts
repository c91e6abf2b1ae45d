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

export function createLiveEvents(config: LiveEventsConfig): ConfiguredLiveEvents {
  if (!config.redisUrl) return { events: new LiveEvents(config), close: async () => {} };
  // A connection in subscriber mode can do nothing else: one publishes, one listens.
  const options = { lazyConnect: false, maxRetriesPerRequest: 1 };
  const publish = new Redis(config.redisUrl, options);
  const subscribe = new Redis(config.redisUrl, options);
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
