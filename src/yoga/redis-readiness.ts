// Readiness probe of Redis, on a connection of its own: PING answers, or the instance is not ready.
// Used only when RATE_LIMIT_FAIL_CLOSED makes Redis a dependency of every request.
import { Redis } from 'ioredis';
import type { ReadinessCheck } from './use-health.js';

export function redisReadiness(url: string): { check: ReadinessCheck; close(): Promise<void> } {
  const redis = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 1_000 });
  redis.on('error', () => {}); // an outage is what the probe reports; the budget store logs it
  return {
    async check() {
      if (redis.status === 'wait') await redis.connect();
      await redis.ping();
    },
    async close() {
      redis.disconnect();
    },
  };
}
