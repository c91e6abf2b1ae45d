// Leaky-bucket budgets of cost points. A bucket holds up to `capacity` points and refills at
// `restoreRate` points per second; a request takes its requested cost up front, and what it did
// not use is refunded after execution.
export interface Budget {
  /** Bucket size: the most a client can spend at once. */
  capacity: number;
  /** Points restored per second. */
  restoreRate: number;
}

export interface TakeResult {
  allowed: boolean;
  /** Points left after this request (before it, when refused). */
  remaining: number;
}

export interface BudgetStore {
  /** Takes `cost` points from `key` if it has them, applying any pending refund first (the memory store answers synchronously). */
  take(key: string, cost: number, budget: Budget): Promise<TakeResult> | TakeResult;
  /** Gives back `points` (requested minus actual cost) to `key`. */
  refund(key: string, points: number, budget: Budget): void;
  close(): Promise<void>;
}

export type Clock = () => number;

interface Bucket {
  points: number;
  at: number;
  /** When the bucket is full again if nothing more is taken: from then on it equals a fresh one. */
  fullAt: number;
}

/**
 * In-process buckets: the default, for one instance. A bucket left idle until it is full again is
 * forgotten (a fresh bucket starts full, so forgetting it changes no answer): every `sweepEveryMs`
 * a take or refund drops the full ones, so memory follows the clients active in the last refill
 * period, not every key and address ever seen.
 */
export class MemoryBudgetStore implements BudgetStore {
  private readonly buckets = new Map<string, Bucket>();
  private nextSweep: number;

  constructor(private readonly now: Clock = Date.now, private readonly sweepEveryMs = 60_000) {
    this.nextSweep = now() + sweepEveryMs;
  }

  /** Buckets held (for tests and metrics). */
  get size(): number {
    return this.buckets.size;
  }

  private current(key: string, budget: Budget): Bucket {
    const now = this.now();
    if (now >= this.nextSweep) this.sweep(now);
    const bucket = this.buckets.get(key) ?? { points: budget.capacity, at: now, fullAt: now };
    bucket.points = Math.min(budget.capacity, bucket.points + ((now - bucket.at) / 1000) * budget.restoreRate);
    bucket.at = now;
    this.buckets.set(key, bucket);
    return bucket;
  }

  private settle(bucket: Bucket, budget: Budget): void {
    bucket.fullAt = bucket.at + ((budget.capacity - bucket.points) / budget.restoreRate) * 1000;
  }

  private sweep(now: number): void {
    this.nextSweep = now + this.sweepEveryMs;
    for (const [key, bucket] of this.buckets) if (bucket.fullAt <= now) this.buckets.delete(key);
  }

  take(key: string, cost: number, budget: Budget): TakeResult {
    const bucket = this.current(key, budget);
    if (bucket.points < cost) {
      this.settle(bucket, budget);
      return { allowed: false, remaining: bucket.points };
    }
    bucket.points -= cost;
    this.settle(bucket, budget);
    return { allowed: true, remaining: bucket.points };
  }

  refund(key: string, points: number, budget: Budget): void {
    if (points <= 0) return;
    const bucket = this.current(key, budget);
    bucket.points = Math.min(budget.capacity, bucket.points + points);
    this.settle(bucket, budget);
  }

  async close(): Promise<void> {}
}
