// Vendor workflows: create, partial update, full replace, delete (refused while assets reference it).
import { Prisma } from '../generated/prisma/client.js';
import { auditedTransaction, lockRow } from '../audit/audited-transaction.js';
import { conflict, notFound } from '../errors.js';
import { withAllColumns, type DomainContext, type Selection } from './context.js';
import { MAX_NAME, MAX_NOTES, provided, text } from './validate.js';

export type VendorSelection = Selection<Prisma.VendorSelect, Prisma.VendorInclude>;

export interface VendorFields {
  name?: string | null;
  category?: string | null;
  website?: URL | string | null;
  riskRating?: 'Low' | 'Medium' | 'High' | null;
  complianceStatus?: 'Compliant' | 'NonCompliant' | 'NotReviewed' | null;
  primaryContactName?: string | null;
  primaryContactEmail?: string | null;
  notes?: string | null;
}

// A replace writes every field: what its input omits is cleared (complianceStatus to NotReviewed).
const CLEARED: VendorFields = {
  category: null, website: null, riskRating: null, complianceStatus: null,
  primaryContactName: null, primaryContactEmail: null, notes: null,
};

function vendorData(input: VendorFields) {
  const fields = provided(input);
  const data: Prisma.VendorUncheckedUpdateInput = {};
  if ('name' in fields) data.name = text('name', fields.name, { max: MAX_NAME, required: true }) as string;
  if ('category' in fields) data.category = text('category', fields.category) || null;
  if ('website' in fields) data.website = fields.website ? String(fields.website) : null;
  if ('riskRating' in fields) data.riskRating = fields.riskRating;
  if ('complianceStatus' in fields) data.complianceStatus = fields.complianceStatus ?? 'NotReviewed';
  if ('primaryContactName' in fields) data.primaryContactName = text('primaryContactName', fields.primaryContactName) || null;
  if ('primaryContactEmail' in fields) data.primaryContactEmail = fields.primaryContactEmail?.toLowerCase() ?? null;
  if ('notes' in fields) data.notes = text('notes', fields.notes, { max: MAX_NOTES }) || null;
  return data;
}

export function createVendor(domain: DomainContext, input: VendorFields, selection: VendorSelection = {}) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    const created = await tx.vendor.create({
      ...withAllColumns(selection, Prisma.VendorScalarFieldEnum),
      data: { ...(vendorData(input) as Prisma.VendorUncheckedCreateInput), organizationId: domain.actor.organizationId },
    });
    await audit({ action: 'vendor.created', entityType: 'Vendor', entityId: created.id, before: null, after: created });
    return created;
  });
}

/** Partial update (`replace` false) or full replace (omitted fields cleared). */
export function writeVendor(domain: DomainContext, id: string, input: VendorFields, replace: boolean, selection: VendorSelection = {}) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    await lockRow(tx, 'Vendor', id);
    const before = await tx.vendor.findUnique({ where: { id } });
    if (!before) throw notFound('Vendor');
    const data = vendorData(replace ? { ...CLEARED, ...provided(input) } : input);
    const after = await tx.vendor.update({ ...withAllColumns(selection, Prisma.VendorScalarFieldEnum), where: { id }, data });
    await audit({ action: 'vendor.updated', entityType: 'Vendor', entityId: id, before, after });
    return after;
  });
}

/** CONFLICT while assets still reference the vendor. */
export function deleteVendor(domain: DomainContext, id: string, selection: VendorSelection = {}) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    await lockRow(tx, 'Vendor', id);
    const before = await tx.vendor.findUnique({ where: { id }, include: { _count: { select: { assets: true } } } });
    if (!before) throw notFound('Vendor');
    if (before._count.assets > 0) throw conflict(`Vendor still has ${before._count.assets} asset(s): reassign them first`);
    const deleted = await tx.vendor.delete({ ...withAllColumns(selection, Prisma.VendorScalarFieldEnum), where: { id } });
    await audit({ action: 'vendor.deleted', entityType: 'Vendor', entityId: id, before, after: null });
    return deleted;
  });
}
