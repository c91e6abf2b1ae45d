// API keys: `sk_` + 56 hex. Only the SHA-256 of the secret is stored; the first 10 characters
// are kept as a prefix to tell keys apart in lists.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { KeyScope, Principal } from '../graphql/context.js';
import { apiError, unauthenticated } from '../graphql/errors.js';

export const API_KEY_PATTERN = /^sk_[0-9a-f]{56}$/;
export const KEY_SCOPES: readonly KeyScope[] = ['read', 'write'];
const LAST_USED_RESOLUTION_MS = 60_000;

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function generateApiKey() {
  const secret = `sk_${randomBytes(28).toString('hex')}`;
  return { secret, prefix: secret.slice(0, 10), secretHash: hashSecret(secret) };
}

/** `write` includes `read`; unknown scopes are refused. */
export function normalizeScopes(scopes: readonly string[]): KeyScope[] {
  const unknown = scopes.filter((scope) => !KEY_SCOPES.includes(scope as KeyScope));
  if (unknown.length) throw new Error(`unknown scope(s): ${unknown.join(', ')} (known: ${KEY_SCOPES.join(', ')})`);
  const set = new Set(scopes as KeyScope[]);
  if (set.has('write')) set.add('read');
  if (set.size === 0) throw new Error('a key needs at least one scope');
  return KEY_SCOPES.filter((scope) => set.has(scope));
}

/**
 * The principal behind an `Authorization` header: null when there is none; HTTP 401 with
 * KEY_REVOKED for a revoked key, UNAUTHENTICATED when it is malformed, unknown or its user is
 * inactive (all alike).
 */
export async function resolvePrincipal(prisma: PrismaClient, authorization: string | null): Promise<Principal | null> {
  if (!authorization) return null;
  const invalid = unauthenticated('Invalid API key');
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match || !API_KEY_PATTERN.test(match[1])) throw invalid;
  const hash = hashSecret(match[1]);
  const key = await prisma.apiKey.findUnique({
    where: { secretHash: hash },
    include: {
      createdBy: { select: { id: true, role: true, status: true, organizationId: true } },
      organization: { select: { plan: true } },
    },
  });
  // The index lookup is by hash already; compare in constant time all the same.
  if (!key || !timingSafeEqual(Buffer.from(key.secretHash, 'hex'), Buffer.from(hash, 'hex'))) throw invalid;
  const user = key.createdBy;
  // Only the holder of the secret can learn it was revoked: tell them, so they fetch a new one.
  if (key.revokedAt) throw apiError('KEY_REVOKED', `API key ${key.prefix}… was revoked`, { http: { status: 401 } });
  if (!user || user.status !== 'active' || user.organizationId !== key.organizationId) throw invalid;
  if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await prisma.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date() } });
  }
  return {
    organizationId: key.organizationId,
    userId: user.id,
    apiKeyId: key.id,
    role: user.role,
    scopes: new Set(normalizeScopes(key.scopes)),
    plan: key.organization.plan,
    budgetOverride: {
      ...(key.budgetCapacity != null && { capacity: key.budgetCapacity }),
      ...(key.budgetRestoreRate != null && { restoreRate: key.budgetRestoreRate }),
    },
  };
}
