// Organization workflows run by the server operator (CLI or operator token), never by the
// organization's own users: an admin must not be able to move their organization to a bigger plan.
import { auditedTransaction, lockRow } from '../audit/audited-transaction.js';
import { scopeToOrganization } from '../db/tenant-scope.js';
import { notFound } from '../errors.js';
import { Prisma, type Plan, type PrismaClient } from '../generated/prisma/client.js';
import type { OperatorActor } from '../request/actor.js';
import { withAllColumns, type Selection } from './context.js';

export type OrganizationSelection = Selection<Prisma.OrganizationSelect, Prisma.OrganizationInclude>;

/**
 * Moves the actor's organization to `plan` (its budgets and the permissions its keys may use
 * follow at once), audited as organization.plan_changed; the same plan again changes nothing.
 * `prisma` is the unscoped client: the operator acts across organizations.
 */
export function setOrganizationPlan(prisma: PrismaClient, actor: OperatorActor, plan: Plan, selection: OrganizationSelection = {}) {
  const organizationId = actor.organizationId;
  return auditedTransaction(scopeToOrganization(prisma, organizationId), actor, async (tx, audit) => {
    await lockRow(tx, 'Organization', organizationId);
    const before = await tx.organization.findUnique({ where: { id: organizationId } });
    if (!before) throw notFound('Organization');
    if (before.plan === plan) return { organization: before, previousPlan: before.plan };
    const after = await tx.organization.update({
      ...withAllColumns(selection, Prisma.OrganizationScalarFieldEnum),
      where: { id: organizationId },
      data: { plan },
    });
    await audit({ action: 'organization.plan_changed', entityType: 'Organization', entityId: organizationId, before, after });
    return { organization: after, previousPlan: before.plan };
  });
}
