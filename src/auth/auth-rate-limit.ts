// Stricter limits on the endpoints that take passwords and secrets (seed 001: 5–10 per minute):
// per client IP across all of them, and per account (e-mail, client id) for the ones naming one.
// Same buckets as query cost (memory or Redis), so every instance counts together.
import type { BudgetStore } from '../cost/budget-store.js';
import { apiError } from '../errors.js';
import { hashSecret } from './api-keys.js';

export interface AuthLimits {
  perIpPerMinute: number;
  perAccountPerMinute: number;
}

export const DEFAULT_AUTH_LIMITS: AuthLimits = { perIpPerMinute: 10, perAccountPerMinute: 5 };

const perMinute = (count: number) => ({ capacity: count, restoreRate: count / 60 });
// Bucket names never hold an e-mail address in clear.
const accountKey = (account: string) => `auth:account:${hashSecret(account.toLowerCase()).slice(0, 32)}`;

export class AuthRateLimiter {
  constructor(private readonly store: BudgetStore, readonly limits: AuthLimits = DEFAULT_AUTH_LIMITS) {}

  /** Counts one attempt; THROTTLED (HTTP 429, Retry-After) when the IP or the account is over its limit. */
  async attempt(clientAddress: string, account?: string): Promise<void> {
    const ip = perMinute(this.limits.perIpPerMinute);
    const byIp = await this.store.take(`auth:ip:${clientAddress}`, 1, ip);
    if (!byIp.allowed) throw throttled(ip.restoreRate, 'this address');
    if (account === undefined) return;
    const acct = perMinute(this.limits.perAccountPerMinute);
    const byAccount = await this.store.take(accountKey(account), 1, acct);
    if (!byAccount.allowed) throw throttled(acct.restoreRate, 'this account');
  }
}

function throttled(restoreRate: number, who: string) {
  const retryAfter = Math.max(1, Math.ceil(1 / restoreRate));
  return apiError('THROTTLED', `Too many authentication attempts from ${who}; retry in ${retryAfter} s`, {
    retryAfter,
    http: { status: 429, headers: { 'Retry-After': String(retryAfter) } },
  });
}
