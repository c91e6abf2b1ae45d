// The budget stores forget what can no longer matter: a bucket idle until it is full again (it
// equals a fresh one), and in Redis the key and a pending refund once the bucket would be full.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryBudgetStore } from '../src/cost/budget-store.js';
import { RedisBudgetStore } from '../src/cost/redis-budget-store.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const budget = { capacity: 100, restoreRate: 1 }; // empty → full in 100 s

describe('MemoryBudgetStore', () => {
  it('forgets buckets left idle until full again, and no answer changes', async () => {
    let now = 0;
    const store = new MemoryBudgetStore(() => now, 60_000);
    for (let i = 0; i < 1000; i++) await store.take(`ip:${i}`, 1, budget); // full again after 1 s
    await store.take('busy', 100, budget); // full again after 100 s
    expect(store.size).toBe(1001);
    now = 60_000; // the next take sweeps: the 1,000 are full, the busy one still refilling
    expect(await store.take('ip:0', 1, budget)).toEqual({ allowed: true, remaining: 99 }); // as a fresh bucket would answer
    expect(store.size).toBe(2);
    expect(await store.take('busy', 100, budget)).toEqual({ allowed: false, remaining: 60 }); // kept: still refilling
    now = 120_000; // busy is full since 100 s; ip:0 since 61 s
    expect(await store.take('busy', 0, budget)).toEqual({ allowed: true, remaining: 100 });
    expect(store.size).toBe(1);
  });

  it('keeps a bucket that a refund leaves short of full', async () => {
    let now = 0;
    const store = new MemoryBudgetStore(() => now, 1_000);
    await store.take('k', 100, budget);
    store.refund('k', 10, budget); // 10 points: full after 90 s
    now = 89_000;
    await store.take('other', 0, budget); // sweeps
    expect(await store.take('k', 0, budget)).toEqual({ allowed: true, remaining: 99 });
  });
});

describe('RedisBudgetStore', () => {
  const prefix = `itam:test:${randomUUID()}:`;
  const redis = new Redis(REDIS_URL);
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('expires a key when its bucket would be full again (plus a minute)', async () => {
    const store = new RedisBudgetStore({ url: REDIS_URL, keyPrefix: prefix });
    try {
      await store.take('k', 50, budget);
      const ttl = await redis.pttl(`${prefix}k`);
      expect(ttl).toBeGreaterThan(150_000); // capacity / rate = 100 s, + 60 s
      expect(ttl).toBeLessThanOrEqual(160_000);
    } finally {
      await store.close();
    }
  });

  it('drops a pending refund whose key never came back once the bucket would be full anyway', async () => {
    let now = 1_000_000;
    const store = new RedisBudgetStore({ url: REDIS_URL, keyPrefix: prefix, now: () => now });
    try {
      await store.take('gone', 100, budget);
      store.refund('gone', 90, budget);
      await store.take('back', 10, budget);
      store.refund('back', 5, budget);
      expect(store.pendingRefundCount).toBe(2);
      now += 101_000; // both buckets are full by now with or without their refunds
      await store.take('other', 1, budget); // sweeps
      expect(store.pendingRefundCount).toBe(0);
      expect(await store.take('back', 0, budget)).toEqual({ allowed: true, remaining: 100 });
    } finally {
      await store.close();
    }
  });
});
