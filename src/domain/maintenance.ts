// Maintenance records: work done, or scheduled, on an asset. Create, partial update, complete
// (once), delete; every write audited (maintenance.created|updated|completed|deleted) and the
// created/completed ones raising their webhook events through the outbox.
import { Prisma } from '../generated/prisma/client.js';
import { auditedTransaction, lockRow, type Tx } from '../audit/audited-transaction.js';
import { badInput, conflict, notFound } from '../errors.js';
import { reference } from './asset-input.js';
import { withAllColumns, type DomainContext, type Selection } from './context.js';
import { MAX_NOTES, MAX_TEXT, provided, text } from './validate.js';

export type MaintenanceSelection = Selection<Prisma.MaintenanceRecordSelect, Prisma.MaintenanceRecordInclude>;
export type MaintenanceType = 'repair' | 'inspection' | 'calibration' | 'upgrade' | 'cleaning' | 'other';

/** The fields of a record; absent keys are left alone, null clears. */
export interface MaintenanceFields {
  type?: MaintenanceType | null;
  description?: string | null;
  scheduledDate?: Date | null;
  completedAt?: Date | null;
  cost?: string | null;
  performedByUserId?: string | null;
  performedByVendorId?: string | null;
  notes?: string | null;
}

export interface CreateMaintenanceInput extends MaintenanceFields {
  assetId: string;
}

export interface CompleteMaintenanceInput {
  completedAt?: Date | null;
  cost?: string | null;
  notes?: string | null;
}

// A clock a little ahead of ours is not an error: completion times up to 5 minutes ahead pass.
const CLOCK_SKEW_MS = 5 * 60_000;

function checkCompletedAt(completedAt: Date | null | undefined) {
  if (completedAt && completedAt.getTime() > Date.now() + CLOCK_SKEW_MS) throw badInput('completedAt', 'completedAt cannot be in the future');
}

function checkCost(cost: string | null | undefined) {
  if (cost != null && Number(cost) < 0) throw badInput('cost', 'cost must be 0 or more');
}

async function maintenanceData(tx: Tx, input: MaintenanceFields) {
  const fields = provided(input);
  const data: Prisma.MaintenanceRecordUncheckedUpdateInput = {};
  if ('type' in fields) data.type = fields.type ?? 'other';
  if ('description' in fields) data.description = text('description', fields.description, { max: MAX_TEXT }) || null;
  if ('notes' in fields) data.notes = text('notes', fields.notes, { max: MAX_NOTES }) || null;
  if ('scheduledDate' in fields) data.scheduledDate = fields.scheduledDate;
  if ('completedAt' in fields) {
    checkCompletedAt(fields.completedAt);
    data.completedAt = fields.completedAt;
  }
  if ('cost' in fields) {
    checkCost(fields.cost);
    data.cost = fields.cost;
  }
  if ('performedByUserId' in fields) data.performedByUserId = await reference(tx, 'user', 'performedByUserId', fields.performedByUserId);
  if ('performedByVendorId' in fields) data.performedByVendorId = await reference(tx, 'vendor', 'performedByVendorId', fields.performedByVendorId);
  return data;
}

/** The record, row-locked to the end of the transaction so concurrent writes to it queue. */
async function lockedRecord(tx: Tx, id: string) {
  await lockRow(tx, 'MaintenanceRecord', id);
  const record = await tx.maintenanceRecord.findUnique({ where: { id } });
  if (!record) throw notFound('Maintenance record');
  return record;
}

export function createMaintenanceRecord(domain: DomainContext, input: CreateMaintenanceInput, selection: MaintenanceSelection = {}) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    const { assetId, ...fields } = input;
    // Another organization's asset is a missing one (the client is tenant-scoped).
    if (!(await tx.asset.findUnique({ where: { id: assetId }, select: { id: true } }))) throw notFound('Asset');
    const data = await maintenanceData(tx, fields);
    const created = await tx.maintenanceRecord.create({
      ...withAllColumns(selection, Prisma.MaintenanceRecordScalarFieldEnum),
      data: { ...(data as Prisma.MaintenanceRecordUncheckedCreateInput), assetId, organizationId: domain.actor.organizationId },
    });
    await audit({ action: 'maintenance.created', entityType: 'MaintenanceRecord', entityId: created.id, before: null, after: created });
    return created;
  });
}

/** Partial update: omitted fields keep their value, null clears one (setting completedAt completes it). */
export function updateMaintenanceRecord(domain: DomainContext, id: string, input: MaintenanceFields, selection: MaintenanceSelection = {}) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    const before = await lockedRecord(tx, id);
    const after = await tx.maintenanceRecord.update({
      ...withAllColumns(selection, Prisma.MaintenanceRecordScalarFieldEnum), where: { id }, data: await maintenanceData(tx, input),
    });
    await audit({ action: 'maintenance.updated', entityType: 'MaintenanceRecord', entityId: id, before, after });
    return after;
  });
}

/** Marks an open record completed (now, unless given): CONFLICT when it is completed already. */
export function completeMaintenanceRecord(domain: DomainContext, id: string, input: CompleteMaintenanceInput, selection: MaintenanceSelection = {}) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    const before = await lockedRecord(tx, id);
    if (before.completedAt) throw conflict(`Maintenance record ${id} was completed at ${before.completedAt.toISOString()}`);
    const data = await maintenanceData(tx, { ...input, completedAt: input.completedAt ?? new Date() });
    const after = await tx.maintenanceRecord.update({ ...withAllColumns(selection, Prisma.MaintenanceRecordScalarFieldEnum), where: { id }, data });
    await audit({ action: 'maintenance.completed', entityType: 'MaintenanceRecord', entityId: id, before, after });
    return after;
  });
}

export function deleteMaintenanceRecord(domain: DomainContext, id: string, selection: MaintenanceSelection = {}) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    const before = await lockedRecord(tx, id);
    const deleted = await tx.maintenanceRecord.delete({ ...withAllColumns(selection, Prisma.MaintenanceRecordScalarFieldEnum), where: { id } });
    await audit({ action: 'maintenance.deleted', entityType: 'MaintenanceRecord', entityId: id, before, after: null });
    return deleted;
  });
}
