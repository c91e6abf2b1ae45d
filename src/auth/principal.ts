// Who is calling, from the Authorization header: `Bearer sk_…` is an API key; `Bearer <jwt>` or
// `JWT <jwt>` an access token (from login, refresh or client credentials).
import { timingSafeEqual } from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client.js';
import { apiError, unauthenticated } from '../errors.js';
import type { KeyScope, Principal } from '../request/principal.js';
import { AccessTokenError, type AccessTokens } from './access-tokens.js';
import { API_KEY_PATTERN, hashSecret, normalizeScopes } from './api-keys.js';

const LAST_USED_RESOLUTION_MS = 60_000;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Users act by role: admins read and write, users read.
const ROLE_SCOPES: Record<'admin' | 'user', KeyScope[]> = { admin: ['read', 'write'], user: ['read'] };

/**
 * The principal behind an `Authorization` header: null when there is none; HTTP 401 otherwise
 * when it does not identify an active user (KEY_REVOKED for a revoked key).
 */
export async function resolvePrincipal(prisma: PrismaClient, tokens: AccessTokens, authorization: string | null): Promise<Principal | null> {
  if (!authorization) return null;
  const match = /^(Bearer|JWT)\s+(\S+)$/i.exec(authorization.trim());
  if (match && match[1].toLowerCase() === 'bearer' && match[2].startsWith('sk_')) return apiKeyPrincipal(prisma, match[2]);
  if (match && JWT_SHAPE.test(match[2])) return accessTokenPrincipal(prisma, tokens, match[2]);
  throw unauthenticated('Invalid credentials: send Authorization: Bearer sk_… (API key) or Bearer <access token>');
}

async function apiKeyPrincipal(prisma: PrismaClient, secret: string): Promise<Principal> {
  // Made only when thrown: a GraphQLError (with its stack) per request is measurable.
  const invalid = () => unauthenticated('Invalid API key');
  if (!API_KEY_PATTERN.test(secret)) throw invalid();
  const hash = hashSecret(secret);
  // One statement: the key, its user and its organization's plan (joined), only the columns needed.
  const key = await prisma.apiKey.findUnique({
    where: { secretHash: hash },
    select: {
      id: true, organizationId: true, prefix: true, secretHash: true, scopes: true, lastUsedAt: true, revokedAt: true,
      budgetCapacity: true, budgetRestoreRate: true, trustedDocumentsOnly: true,
      createdBy: { select: { id: true, role: true, status: true, organizationId: true } },
      organization: { select: { plan: true, trustedDocumentsOnly: true } },
    },
  });
  // The index lookup is by hash already; compare in constant time all the same.
  if (!key || !timingSafeEqual(Buffer.from(key.secretHash, 'hex'), Buffer.from(hash, 'hex'))) throw invalid();
  const user = key.createdBy;
  // Only the holder of the secret can learn it was revoked: tell them, so they fetch a new one.
  if (key.revokedAt) throw apiError('KEY_REVOKED', `API key ${key.prefix}… was revoked`, { http: { status: 401 } });
  if (!user || user.status !== 'active' || user.organizationId !== key.organizationId) throw invalid();
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
    trustedDocumentsOnly: key.trustedDocumentsOnly || key.organization.trustedDocumentsOnly,
    budgetOverride: {
      ...(key.budgetCapacity != null && { capacity: key.budgetCapacity }),
      ...(key.budgetRestoreRate != null && { restoreRate: key.budgetRestoreRate }),
    },
  };
}

/**
 * A valid signature is not enough: the user must still be active, a login session not logged out
 * (or reused), a client credential not deleted or regenerated. One query checks all of it.
 */
async function accessTokenPrincipal(prisma: PrismaClient, tokens: AccessTokens, token: string): Promise<Principal> {
  let claims;
  try {
    claims = await tokens.verify(token);
  } catch (error) {
    if (error instanceof AccessTokenError) throw unauthenticated(error.message, { reason: error.reason });
    throw error;
  }
  // Ids go into uuid columns: a validly signed token with a malformed one is invalid, not a 500.
  if (![claims.sub, claims.org, claims.sid, claims.cid].every((id) => id === undefined || UUID.test(id))) {
    throw unauthenticated(new AccessTokenError('invalid').message, { reason: 'invalid' });
  }
  const user = await prisma.user.findUnique({
    where: { id: claims.sub },
    select: {
      id: true, role: true, status: true, organizationId: true,
      organization: { select: { plan: true, trustedDocumentsOnly: true } },
      refreshTokens: claims.sid ? { where: { familyId: claims.sid, revokedAt: null }, select: { id: true }, take: 1 } : false,
      clientCredential: claims.cid ? { select: { id: true } } : false,
    },
  });
  const live =
    user && user.status === 'active' && user.organizationId === claims.org &&
    (!claims.sid || user.refreshTokens.length > 0) &&
    (!claims.cid || user.clientCredential?.id === claims.cid) &&
    (claims.sid || claims.cid);
  if (!user || !live) throw unauthenticated('Access token is no longer valid', { reason: 'revoked' });
  return {
    organizationId: user.organizationId,
    userId: user.id,
    apiKeyId: null,
    role: user.role,
    scopes: new Set(ROLE_SCOPES[user.role]),
    plan: user.organization.plan,
    trustedDocumentsOnly: user.organization.trustedDocumentsOnly,
    ...(claims.sid && { sessionId: claims.sid }),
    ...(claims.cid && { clientCredentialId: claims.cid }),
  };
}
