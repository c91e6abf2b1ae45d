// Operator actions behind `npm run cli`: bootstrap an organization, create/revoke/list keys.
// Each runs in one transaction with its audit events (source: cli).
import { randomUUID } from 'node:crypto';
import { auditedTransaction, type Audit, type Tx } from '../audit/audited-transaction.js';
import { scopeToOrganization } from '../db/tenant-scope.js';
import type { Plan, PrismaClient } from '../generated/prisma/client.js';
import type { Actor } from '../request/actor.js';
import type { KeyScope } from '../request/principal.js';
import { generateApiKey, normalizeScopes } from './api-keys.js';
import { createInvitationToken, invitationUrl } from './auth-service.js';

/** An operator action in `organizationId`, recorded as `userId` (an admin) from the CLI. */
function asOperator<T>(prisma: PrismaClient, organizationId: string, userId: string, write: (tx: Tx, audit: Audit) => Promise<T>): Promise<T> {
  const actor: Actor = { organizationId, userId, apiKeyId: null, source: 'cli', requestId: `cli-${randomUUID()}` };
  return auditedTransaction(scopeToOrganization(prisma, organizationId), actor, write);
}

export interface BootstrapResult {
  organizationId: string;
  userId: string;
  writeKey: string;
  readKey: string;
}

/** A new organization with its first admin, one write key and one read key. */
export async function bootstrapOrganization(
  prisma: PrismaClient,
  { org, email, name, plan = 'growth' }: { org: string; email: string; name?: string; plan?: Plan },
): Promise<BootstrapResult> {
  const normalized = email.trim().toLowerCase();
  if (!org.trim()) throw new Error('--org must not be blank');
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(normalized)) throw new Error(`--email is not an email address: ${email}`);
  // The organization and its admin exist before anyone can act in it; then the rest is audited.
  const { organization, admin } = await prisma.$transaction(async (tx) => {
    const organization = await tx.organization.create({ data: { name: org.trim(), plan } });
    const admin = await tx.user.create({
      data: { organizationId: organization.id, email: normalized, name: name ?? normalized.split('@')[0], role: 'admin' },
    });
    return { organization, admin };
  });
  return asOperator(prisma, organization.id, admin.id, async (tx, audit) => {
    await audit({ action: 'organization.created', entityType: 'Organization', entityId: organization.id, before: null, after: organization });
    await audit({ action: 'user.invited', entityType: 'User', entityId: admin.id, before: null, after: admin });
    const keys: string[] = [];
    for (const scopes of [['write'], ['read']]) {
      const { secret } = await issueApiKey(tx, audit, {
        organizationId: organization.id, name: `${scopes[0]} key`, scopes: normalizeScopes(scopes), createdById: admin.id,
      });
      keys.push(secret);
    }
    return { organizationId: organization.id, userId: admin.id, writeKey: keys[0], readKey: keys[1] };
  });
}

/**
 * Writes a new key (scopes already normalized) and its api_key.created event inside the caller's
 * audited transaction; returns the row and the secret, which exists nowhere else afterwards.
 * Shared by bootstrap, the CLI and GraphQL's createApiKey.
 */
export async function issueApiKey(
  tx: Tx, audit: Audit,
  data: { organizationId: string; name: string; scopes: KeyScope[]; createdById: string; trustedDocumentsOnly?: boolean },
) {
  const { secret, prefix, secretHash } = generateApiKey();
  const key = await tx.apiKey.create({ data: { ...data, prefix, secretHash } });
  await audit({ action: 'api_key.created', entityType: 'ApiKey', entityId: key.id, before: null, after: key });
  return { key, secret };
}

/** A new key acting as `userEmail` (default: the organization's oldest active admin). */
export async function createKey(
  prisma: PrismaClient,
  { organizationId, name, scopes, userEmail }: { organizationId: string; name: string; scopes: string[]; userEmail?: string },
) {
  const user = await prisma.user.findFirst({
    where: { organizationId, status: 'active', ...(userEmail ? { email: userEmail.toLowerCase() } : { role: 'admin' }) },
    orderBy: { createdAt: 'asc' },
  });
  if (!user) throw new Error(userEmail ? `no active user ${userEmail} in organization ${organizationId}` : `no active admin in organization ${organizationId}`);
  const normalizedScopes = normalizeScopes(scopes);
  return asOperator(prisma, organizationId, user.id, async (tx, audit) => {
    const { key, secret } = await issueApiKey(tx, audit, { organizationId, name, scopes: normalizedScopes, createdById: user.id });
    return { id: key.id, prefix: key.prefix, secret, scopes: normalizedScopes, userId: user.id };
  });
}

export async function revokeKey(prisma: PrismaClient, id: string) {
  const key = await prisma.apiKey.findUnique({ where: { id } });
  if (!key) throw new Error(`no API key ${id}`);
  if (key.revokedAt) return key;
  const actingUserId = key.createdById ?? (await anyAdmin(prisma, key.organizationId));
  return asOperator(prisma, key.organizationId, actingUserId, async (tx, audit) => {
    const after = await tx.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    await audit({ action: 'api_key.revoked', entityType: 'ApiKey', entityId: id, before: key, after });
    return after;
  });
}

async function anyAdmin(prisma: PrismaClient, organizationId: string): Promise<string> {
  const admin = await prisma.user.findFirst({ where: { organizationId, role: 'admin' }, orderBy: { createdAt: 'asc' } });
  if (!admin) throw new Error(`organization ${organizationId} has no admin`);
  return admin.id;
}

export function listKeys(prisma: PrismaClient, organizationId?: string) {
  return prisma.apiKey.findMany({
    where: organizationId ? { organizationId } : {},
    select: { id: true, organizationId: true, name: true, prefix: true, scopes: true, createdById: true, lastUsedAt: true, revokedAt: true, createdAt: true },
    orderBy: { createdAt: 'asc' },
  });
}

/**
 * An invitation link for a user (e.g. the admin made by bootstrap, who has no password yet);
 * earlier links stop working. The caller prints it: nothing is e-mailed.
 */
export async function createInvitationLink(
  prisma: PrismaClient,
  { organizationId, email, publicUrl }: { organizationId: string; email: string; publicUrl: string },
) {
  const user = await prisma.user.findFirst({ where: { organizationId, email: email.trim().toLowerCase() } });
  if (!user) throw new Error(`no user ${email} in organization ${organizationId}`);
  if (user.status !== 'active') throw new Error(`user ${email} is inactive`);
  const invitedById = user.role === 'admin' ? user.id : await anyAdmin(prisma, organizationId);
  return asOperator(prisma, organizationId, invitedById, async (tx, audit) => {
    const { token, invitation } = await createInvitationToken(tx, audit, { organizationId, userId: user.id, invitedById });
    return { url: invitationUrl(publicUrl, token), expiresAt: invitation.expiresAt, userId: user.id };
  });
}
