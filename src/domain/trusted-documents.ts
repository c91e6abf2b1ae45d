// An organization's choice to run only trusted documents (persisted operations from the manifests
// the server was given): every credential of the organization is held to it from its next request.
import { auditedTransaction, lockRow } from '../audit/audited-transaction.js';
import type { DomainContext, Selection } from './context.js';
import type { Prisma } from '../generated/prisma/client.js';

export function setTrustedDocumentsOnly(
  domain: DomainContext, enabled: boolean, selection: Selection<Prisma.OrganizationSelect, Prisma.OrganizationInclude>,
) {
  const id = domain.actor.organizationId;
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    await lockRow(tx, 'Organization', id);
    const before = await tx.organization.findUniqueOrThrow({ where: { id } });
    const after = await tx.organization.update({ ...selection, where: { id }, data: { trustedDocumentsOnly: enabled } });
    await audit({ action: 'organization.updated', entityType: 'Organization', entityId: id, before, after: { ...before, trustedDocumentsOnly: enabled } });
    return after;
  });
}
