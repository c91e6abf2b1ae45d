// Incidents: something that went wrong with an asset. Open (by the acting user), partial update,
// resolve (once), delete; every write audited (incident.opened|updated|resolved|deleted), the
// opened and resolved ones raising their webhook events through the outbox.
import { Prisma } from '../generated/prisma/client.js';
import { auditedTransaction, lockRow, type Tx } from '../audit/audited-transaction.js';
import { badInput, conflict, notFound } from '../errors.js';
import { withAllColumns, type DomainContext, type Selection } from './context.js';
import { MAX_NAME, MAX_NOTES, provided, text } from './validate.js';

export type IncidentSelection = Selection<Prisma.IncidentSelect, Prisma.IncidentInclude>;
export type IncidentSeverity = 'low' | 'medium' | 'high' | 'critical';

/** The editable fields of an incident; absent keys are left alone, null clears an optional one. */
export interface IncidentFields {
  severity?: IncidentSeverity | null;
  title?: string | null;
  description?: string | null;
  openedAt?: Date | null;
  resolution?: string | null;
}

export interface OpenIncidentInput extends IncidentFields {
  assetId: string;
}

export interface ResolveIncidentInput {
  resolvedAt?: Date | null;
  resolution?: string | null;
}

// A clock a little ahead of ours is not an error: times up to 5 minutes ahead pass.
const CLOCK_SKEW_MS = 5 * 60_000;

function notInFuture(field: string, value: Date) {
  if (value.getTime() > Date.now() + CLOCK_SKEW_MS) throw badInput(field, `${field} cannot be in the future`);
}

function incidentData(input: IncidentFields, current: { openedAt: Date; resolvedAt: Date | null } | null) {
  const fields = provided(input);
  const data: Prisma.IncidentUncheckedUpdateInput = {};
  if ('severity' in fields) data.severity = fields.severity ?? 'medium';
  if ('title' in fields || !current) data.title = text('title', fields.title ?? (current ? null : ''), { max: MAX_NAME, required: true }) as string;
  if ('description' in fields) data.description = text('description', fields.description, { max: MAX_NOTES }) || null;
  if ('resolution' in fields) data.resolution = text('resolution', fields.resolution, { max: MAX_NOTES }) || null;
  if ('openedAt' in fields) {
    if (fields.openedAt === null) throw badInput('openedAt', 'openedAt cannot be null');
    notInFuture('openedAt', fields.openedAt!);
    if (current?.resolvedAt && fields.openedAt!.getTime() > current.resolvedAt.getTime()) throw badInput('openedAt', 'openedAt cannot be after resolvedAt');
    data.openedAt = fields.openedAt;
  }
  return data;
}

/** The incident, row-locked to the end of the transaction so concurrent writes to it queue. */
async function lockedIncident(tx: Tx, id: string) {
  await lockRow(tx, 'Incident', id);
  const incident = await tx.incident.findUnique({ where: { id } });
  if (!incident) throw notFound('Incident');
  return incident;
}

/** Opens an incident on an asset, by the acting user (opened now unless given). */
export function openIncident(domain: DomainContext, input: OpenIncidentInput, selection: IncidentSelection = {}) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    const { assetId, ...fields } = input;
    // Another organization's asset is a missing one (the client is tenant-scoped).
    if (!(await tx.asset.findUnique({ where: { id: assetId }, select: { id: true } }))) throw notFound('Asset');
    const data = incidentData(fields, null);
    const created = await tx.incident.create({
      ...withAllColumns(selection, Prisma.IncidentScalarFieldEnum),
      data: { ...(data as Prisma.IncidentUncheckedCreateInput), assetId, openedById: domain.actor.userId, organizationId: domain.actor.organizationId },
    });
    await audit({ action: 'incident.opened', entityType: 'Incident', entityId: created.id, before: null, after: created });
    return created;
  });
}

/** Partial update: omitted fields keep their value, null clears an optional one. */
export function updateIncident(domain: DomainContext, id: string, input: IncidentFields, selection: IncidentSelection = {}) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    const before = await lockedIncident(tx, id);
    const after = await tx.incident.update({
      ...withAllColumns(selection, Prisma.IncidentScalarFieldEnum), where: { id }, data: incidentData(input, before),
    });
    await audit({ action: 'incident.updated', entityType: 'Incident', entityId: id, before, after });
    return after;
  });
}

/** Resolves an open incident (now, unless given) by the acting user: CONFLICT when resolved already. */
export function resolveIncident(domain: DomainContext, id: string, input: ResolveIncidentInput, selection: IncidentSelection = {}) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    const before = await lockedIncident(tx, id);
    if (before.resolvedAt) throw conflict(`Incident ${id} was resolved at ${before.resolvedAt.toISOString()}`);
    const resolvedAt = input.resolvedAt ?? new Date();
    notInFuture('resolvedAt', resolvedAt);
    if (resolvedAt.getTime() < before.openedAt.getTime()) throw badInput('resolvedAt', 'resolvedAt cannot be before openedAt');
    const data = { ...incidentData({ resolution: input.resolution }, before), resolvedAt, resolvedById: domain.actor.userId };
    const after = await tx.incident.update({ ...withAllColumns(selection, Prisma.IncidentScalarFieldEnum), where: { id }, data });
    await audit({ action: 'incident.resolved', entityType: 'Incident', entityId: id, before, after });
    return after;
  });
}

export function deleteIncident(domain: DomainContext, id: string, selection: IncidentSelection = {}) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    const before = await lockedIncident(tx, id);
    const deleted = await tx.incident.delete({ ...withAllColumns(selection, Prisma.IncidentScalarFieldEnum), where: { id } });
    await audit({ action: 'incident.deleted', entityType: 'Incident', entityId: id, before, after: null });
    return deleted;
  });
}
