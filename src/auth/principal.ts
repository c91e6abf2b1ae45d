// Who is calling, from the Authorization header: `Bearer sk_…` is an API key; `Bearer <jwt>` or
// `JWT <jwt>` an access token (from login, refresh or client credentials).
import { timingSafeEqual } from 'node:crypto';
import type { Database } from '../db/database.js';
import { preparedStatement } from '../db/prepared-statements.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import { apiError, unauthenticated } from '../errors.js';
import type { KeyScope, Plan, Principal, Role } from '../request/principal.js';
import { AccessTokenError, type AccessTokens } from './access-tokens.js';
import { API_KEY_PATTERN, hashSecret, normalizeScopes } from './api-keys.js';

const LAST_USED_RESOLUTION_MS = 60_000;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What resolving a credential reads from: Prisma, and the one-statement key lookup (Database.queryText). */
export type CredentialStore = Pick<Database, 'prisma' | 'queryText'>;

// Users act by role: admins read and write, users read.
const ROLE_SCOPES: Record<'admin' | 'user', KeyScope[]> = { admin: ['read', 'write'], user: ['read'] };

/**
 * The principal behind an `Authorization` header: null when there is none; HTTP 401 otherwise
 * when it does not identify an active user (KEY_REVOKED for a revoked key).
 */
export async function resolvePrincipal(db: CredentialStore, tokens: AccessTokens, authorization: string | null): Promise<Principal | null> {
  if (!authorization) return null;
  const match = /^(Bearer|JWT)\s+(\S+)$/i.exec(authorization.trim());
  if (match && match[1].toLowerCase() === 'bearer' && match[2].startsWith('sk_')) return apiKeyPrincipal(db, match[2]);
  if (match && JWT_SHAPE.test(match[2])) return accessTokenPrincipal(db.prisma, tokens, match[2]);
  throw unauthenticated('Invalid credentials: send Authorization: Bearer sk_… (API key) or Bearer <access token>');
}

// One statement: the key, its user and its organization's plan, sent without Prisma's query
// runtime or the driver adapter (Database.queryText) — every request pays it — and prepared once
// per connection. The
// row comes back as ONE column, a JSON array of the values: the driver parses a row description
// and builds a parser per column for every result, which for 17 columns cost more than parsing
// this short text (JSON keeps the types: numbers, booleans, the scopes array, nulls).
const API_KEY_SQL = preparedStatement('credential_api_key', `SELECT json_build_array(k.id, k.organization_id, k.prefix, k.secret_hash, k.scopes,
    (date_part('epoch', k.last_used_at) * 1000)::float8, k.revoked_at IS NOT NULL,
    k.budget_capacity, k.budget_restore_rate, k.budget_floor, k.trusted_documents_only,
    u.id, u.role, u.status, u.organization_id,
    o.plan, o.trusted_documents_only)::text
  FROM api_keys k JOIN organizations o ON o.id = k.organization_id LEFT JOIN users u ON u.id = k.created_by_id
  WHERE k.secret_hash = $1`);

type ApiKeyRow = [
  id: string, organizationId: string, prefix: string, secretHash: string, scopes: string[], lastUsedMs: number | null, revoked: boolean,
  budgetCapacity: number | null, budgetRestoreRate: number | null, budgetFloor: number | null, trustedDocumentsOnly: boolean,
  userId: string | null, role: Role | null, status: string | null, userOrganizationId: string | null,
  plan: Plan, organizationTrustedDocumentsOnly: boolean,
];

async function apiKeyPrincipal(db: CredentialStore, secret: string): Promise<Principal> {
  // Made only when thrown: a GraphQLError (with its stack) per request is measurable.
  const invalid = () => unauthenticated('Invalid API key');
  if (!API_KEY_PATTERN.test(secret)) throw invalid();
  const hash = hashSecret(secret);
  const [result] = await db.queryText(API_KEY_SQL, [hash]);
  const row = result?.[0] ? (JSON.parse(result[0]) as ApiKeyRow) : undefined;
  // The index lookup is by hash already; compare in constant time all the same.
  if (!row || !timingSafeEqual(Buffer.from(row[3], 'hex'), Buffer.from(hash, 'hex'))) throw invalid();
  const [id, organizationId, prefix, , scopes, lastUsedMs, revoked, budgetCapacity, budgetRestoreRate, budgetFloor, trustedDocumentsOnly,
    userId, role, status, userOrganizationId, plan, organizationTrustedDocumentsOnly] = row;
  // Only the holder of the secret can learn it was revoked: tell them, so they fetch a new one.
  if (revoked) throw apiError('KEY_REVOKED', `API key ${prefix}… was revoked`, { http: { status: 401 } });
  if (!userId || !role || status !== 'active' || userOrganizationId !== organizationId) throw invalid();
  if (lastUsedMs === null || Date.now() - lastUsedMs > LAST_USED_RESOLUTION_MS) {
    await db.prisma.apiKey.update({ where: { id }, data: { lastUsedAt: new Date() } });
  }
  return {
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
