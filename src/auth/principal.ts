// Who is calling, from the Authorization header: `Bearer sk_…` is an API key; `Bearer <jwt>` or
// `JWT <jwt>` an access token (from login, refresh or client credentials).
import { timingSafeEqual } from 'node:crypto';
import type { Database } from '../db/database.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import { apiError, unauthenticated } from '../errors.js';
import type { KeyScope, Plan, Principal, Role } from '../request/principal.js';
import { isUuid } from '../request/uuid.js';
import { AccessTokenError, type AccessTokens } from './access-tokens.js';
import { API_KEY_PATTERN, hashSecret, normalizeScopes } from './api-keys.js';
import { API_KEY_SQL, apiKeySecretOf, LAST_USED_RESOLUTION_MS, type KnownKeys } from './known-keys.js';

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** What resolving a credential reads from: Prisma, and the one-statement key lookup (Database.queryText). */
export type CredentialStore = Pick<Database, 'prisma' | 'queryText'>;

// Users act by role: admins read and write, users read.
const ROLE_SCOPES: Record<'admin' | 'user', KeyScope[]> = { admin: ['read', 'write'], user: ['read'] };

/**
 * The principal behind an `Authorization` header: null when there is none; HTTP 401 otherwise
 * when it does not identify an active user (KEY_REVOKED for a revoked key). A valid API key is
 * remembered in `known`.
 */
export async function resolvePrincipal(db: CredentialStore, tokens: AccessTokens, authorization: string | null, known?: KnownKeys): Promise<Principal | null> {
  if (!authorization) return null;
  const secret = apiKeySecretOf(authorization);
  if (secret) return apiKeyPrincipal(db, secret, known);
  const match = /^(Bearer|JWT)\s+(\S+)$/i.exec(authorization.trim());
  if (match && JWT_SHAPE.test(match[2])) return accessTokenPrincipal(db.prisma, tokens, match[2]);
  throw unauthenticated('Invalid credentials: send Authorization: Bearer sk_… (API key) or Bearer <access token>');
}

// One statement: the key, its user and its organization's plan (src/auth/known-keys.ts), sent
// without Prisma's query runtime or the driver adapter (Database.queryText) and prepared once per
// connection.
type KeyStateRow = [
  id: string, organizationId: string, prefix: string, scopes: string[], revoked: boolean,
  budgetCapacity: number | null, budgetRestoreRate: number | null, budgetFloor: number | null, trustedDocumentsOnly: boolean,
  userId: string | null, role: Role | null, status: string | null, userOrganizationId: string | null,
  plan: Plan, organizationTrustedDocumentsOnly: boolean,
];

async function apiKeyPrincipal(db: CredentialStore, secret: string, known?: KnownKeys): Promise<Principal> {
  // Made only when thrown: a GraphQLError (with its stack) per request is measurable.
  const invalid = () => unauthenticated('Invalid API key');
  if (!API_KEY_PATTERN.test(secret)) throw invalid();
  const hash = hashSecret(secret);
  const [result] = await db.queryText(API_KEY_SQL, [hash]);
  const state = result?.[0];
  if (!state || !result[1]) throw invalid();
  const [secretHash, lastUsedMs] = JSON.parse(result[1]) as [string, number | null];
  // The index lookup is by hash already; compare in constant time all the same.
  if (!timingSafeEqual(Buffer.from(secretHash, 'hex'), Buffer.from(hash, 'hex'))) throw invalid();
  const [id, organizationId, prefix, scopes, revoked, budgetCapacity, budgetRestoreRate, budgetFloor, trustedDocumentsOnly,
    userId, role, status, userOrganizationId, plan, organizationTrustedDocumentsOnly] = JSON.parse(state) as KeyStateRow;
  // Only the holder of the secret can learn it was revoked: tell them, so they fetch a new one.
  if (revoked) throw apiError('KEY_REVOKED', `API key ${prefix}… was revoked`, { http: { status: 401 } });
  if (!userId || !role || status !== 'active' || userOrganizationId !== organizationId) throw invalid();
  let lastUsed = lastUsedMs ?? 0;
  if (Date.now() - lastUsed > LAST_USED_RESOLUTION_MS) {
    lastUsed = Date.now();
    await db.prisma.apiKey.update({ where: { id }, data: { lastUsedAt: new Date(lastUsed) } });
  }
  const principal: Principal = {
    organizationId,
    userId,
    apiKeyId: id,
    role,
    scopes: new Set(normalizeScopes(scopes)),
    plan,
    trustedDocumentsOnly: trustedDocumentsOnly || organizationTrustedDocumentsOnly,
    budgetOverride: {
      ...(budgetCapacity != null && { capacity: budgetCapacity }),
      ...(budgetRestoreRate != null && { restoreRate: budgetRestoreRate }),
      ...(budgetFloor != null && { floor: budgetFloor }),
    },
  };
  known?.remember(hash, state, principal, lastUsed);
  return principal;
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
  if (![claims.sub, claims.org, claims.sid, claims.cid].every((id) => id === undefined || isUuid(id))) {
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
