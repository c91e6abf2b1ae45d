// Client credential workflows (AssetIT): one per user, issued by admins; the secret is returned
// once. Regenerating keeps the client id but makes a new row, so tokens of the old one stop working.
import { Prisma } from '../generated/prisma/client.js';
import { auditedTransaction, lockRow, type Tx } from '../audit/audited-transaction.js';
import { generateClientCredential, generateClientSecret } from '../auth/client-credentials.js';
import { conflict, notFound } from '../errors.js';
import { withAllColumns, type DomainContext, type Selection } from './context.js';

/** The owner must exist in the organization (tenant-scoped lookup) and be active. */
async function activeOwner(tx: Tx, userId: string) {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true, status: true } });
  if (!user) throw notFound('User');
  if (user.status !== 'active') throw conflict(`User ${user.email} is inactive: a client credential would not work`, { field: 'userId' });
  return user;
}

const alreadyHas = (email: string) => conflict(`User ${email} already has a client credential: regenerate or delete it`, { field: 'userId' });

const isUniqueViolationOn = (error: unknown, column: string) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002' && JSON.stringify(error.meta ?? {}).includes(column);

/** Writes a credential row for `userId` with a fresh secret (and a fresh client id unless one is kept). */
async function insertCredential(tx: Tx, domain: DomainContext, owner: { id: string; email: string }, kept?: { clientId: string; createdAt: Date }) {
  const generated = kept ? { clientId: kept.clientId, ...generateClientSecret() } : generateClientCredential();
  try {
    const credential = await tx.clientCredential.create({
      data: {
        organizationId: domain.actor.organizationId,
        userId: owner.id,
        clientId: generated.clientId,
        secretHash: generated.secretHash,
        createdById: domain.actor.userId,
        // A regenerated credential keeps its creation time; updatedAt says when this secret was issued.
        ...(kept && { createdAt: kept.createdAt, updatedAt: new Date() }),
      },
    });
    return { clientId: credential.clientId, clientSecret: generated.secret, credential };
  } catch (error) {
    // A concurrent create for the same user got there first (the unique index on user_id).
    if (isUniqueViolationOn(error, 'user_id') || isUniqueViolationOn(error, 'userId')) throw alreadyHas(owner.email);
    throw error;
  }
}

/** A credential for `userId` (default: the acting admin), who must be active; one per user. */
export function createClientCredential(domain: DomainContext, userId: string | null | undefined) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    const ownerId = userId ?? domain.actor.userId;
    // Serializes creates for one user (and against deactivation) before the existence check.
    await lockRow(tx, 'User', ownerId);
    const owner = await activeOwner(tx, ownerId);
    if (await tx.clientCredential.findUnique({ where: { userId: owner.id }, select: { id: true } })) throw alreadyHas(owner.email);
    const created = await insertCredential(tx, domain, owner);
    await audit({ action: 'client_credential.created', entityType: 'ClientCredential', entityId: created.credential.id, before: null, after: created.credential });
    return created;
  });
}

/** A new secret under the same client id but a new row id: the old secret and its tokens stop working. */
export function regenerateClientCredential(domain: DomainContext, id: string) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    await lockRow(tx, 'ClientCredential', id);
    const before = await tx.clientCredential.findUnique({ where: { id } });
    if (!before) throw notFound('Client credential');
    const owner = await activeOwner(tx, before.userId);
    await tx.clientCredential.delete({ where: { id } });
    const created = await insertCredential(tx, domain, owner, before);
    // On the new row (the one that exists from now on); changes show the clientId it kept.
    await audit({ action: 'client_credential.regenerated', entityType: 'ClientCredential', entityId: created.credential.id, before: null, after: created.credential });
    return created;
  });
}

/** Deletes the credential: its secret and every token issued with it stop working at once. */
export function deleteClientCredential(
  domain: DomainContext, id: string, selection: Selection<Prisma.ClientCredentialSelect, Prisma.ClientCredentialInclude> = {},
) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    await lockRow(tx, 'ClientCredential', id);
    const before = await tx.clientCredential.findUnique({ where: { id } });
    if (!before) throw notFound('Client credential');
    const deleted = await tx.clientCredential.delete({ ...withAllColumns(selection, Prisma.ClientCredentialScalarFieldEnum), where: { id } });
    await audit({ action: 'client_credential.deleted', entityType: 'ClientCredential', entityId: id, before, after: null });
    return deleted;
  });
}
