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
  /** Takes `cost` points from `key` if it has them, applying any pending refund first. */
  take(key: string, cost: number, budget: Budget): Promise<TakeResult>;
  /** Gives back `points` (requested minus actual cost) to `key`. */
  refund(key: string, points: number, budget: Budget): void;
  close(): Promise<void>;
}

export type Clock = () => number;

/** In-process buckets: the default, for one instance. */
export class MemoryBudgetStore implements BudgetStore {
  private readonly buckets = new Map<string, { points: number; at: number }>();

  constructor(private readonly now: Clock = Date.now) {}

  private current(key: string, budget: Budget): { points: number; at: number } {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { points: budget.capacity, at: now };
    bucket.points = Math.min(budget.capacity, bucket.points + ((now - bucket.at) / 1000) * budget.restoreRate);
    bucket.at = now;
    this.buckets.set(key, bucket);
    return bucket;
  }

  async take(key: string, cost: number, budget: Budget): Promise<TakeResult> {
    const bucket = this.current(key, budget);
    if (bucket.points < cost) return { allowed: false, remaining: bucket.points };
    bucket.points -= cost;
    return { allowed: true, remaining: bucket.points };
  }

  refund(key: string, points: number, budget: Budget): void {
    if (points <= 0) return;
    const bucket = this.current(key, budget);
    bucket.points = Math.min(budget.capacity, bucket.points + points);
  }

  async close(): Promise<void> {}
}
