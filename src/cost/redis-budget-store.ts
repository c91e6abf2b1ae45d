// Buckets in Redis, shared by every instance: one atomic Lua script, one round trip per request.
// Refunds are kept in-process and applied by the next take of the same key (still one round trip).
// Redis unreachable: fail open with a logged warning (default) or fail closed.
import { Redis } from 'ioredis';
import type { Budget, BudgetStore, Clock, TakeResult } from './budget-store.js';
import { logger } from '../request/log.js';

const TAKE = `
local bucket = redis.call('HMGET', KEYS[1], 'points', 'at')
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local cost = tonumber(ARGV[4])
local refund = tonumber(ARGV[5])
local points = tonumber(bucket[1])
local at = tonumber(bucket[2])
if points == nil then points = capacity; at = now end
points = math.min(capacity, points + math.max(0, now - at) / 1000 * rate + refund)
local allowed = 0
if points >= cost then points = points - cost; allowed = 1 end
redis.call('HSET', KEYS[1], 'points', tostring(points), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], ARGV[6])
return { allowed, tostring(points) }
`;

export interface RedisBudgetStoreOptions {
  url: string;
  failClosed?: boolean;
  keyPrefix?: string;
  now?: Clock;
}

export class RedisBudgetStore implements BudgetStore {
  private readonly redis: Redis;
  private readonly pendingRefunds = new Map<string, number>();
  private lastWarning = 0;

  constructor(private readonly options: RedisBudgetStoreOptions) {
    this.redis = new Redis(options.url, {
      keyPrefix: options.keyPrefix ?? 'itam:budget:',
      // Requests wait for a (re)connection briefly, never long: a slow limiter must not stall the API.
      maxRetriesPerRequest: 1,
      connectTimeout: 1000,
      commandTimeout: 1000,
    });
    this.redis.on('error', (error) => this.warn(error));
    this.redis.defineCommand('takeBudget', { numberOfKeys: 1, lua: TAKE });
  }

  private warn(error: unknown) {
    // One line a minute at most: an outage must not flood the log.
    if (Date.now() - this.lastWarning < 60_000) return;
    this.lastWarning = Date.now();
    logger.warn(`rate limits: Redis unavailable (${error instanceof Error ? error.message : error}); failing ${this.options.failClosed ? 'closed' : 'open'}`);
  }

  async take(key: string, cost: number, budget: Budget): Promise<TakeResult> {
    const refund = this.pendingRefunds.get(key) ?? 0;
    this.pendingRefunds.delete(key);
    const now = (this.options.now ?? Date.now)();
    // A full bucket refills in capacity/rate seconds: keep the key that long, no longer.
    const ttl = Math.ceil((budget.capacity / budget.restoreRate) * 1000) + 60_000;
    try {
      const [allowed, points] = (await (this.redis as unknown as {
        takeBudget(...args: (string | number)[]): Promise<[number, string]>;
      }).takeBudget(key, budget.capacity, budget.restoreRate, now, cost, refund, ttl));
      return { allowed: allowed === 1, remaining: Number(points) };
    } catch (error) {
      if (refund) this.pendingRefunds.set(key, refund);
      this.warn(error);
      return { allowed: !this.options.failClosed, remaining: this.options.failClosed ? 0 : budget.capacity };
    }
  }

  refund(key: string, points: number): void {
    if (points > 0) this.pendingRefunds.set(key, (this.pendingRefunds.get(key) ?? 0) + points);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
