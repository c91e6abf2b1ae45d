// Location workflows: create, partial update, delete (refused while assets are there).
import { Prisma } from '../generated/prisma/client.js';
import { auditedTransaction, lockRow } from '../audit/audited-transaction.js';
import { conflict, notFound } from '../errors.js';
import { withAllColumns, type DomainContext, type Selection } from './context.js';
import { MAX_NAME, provided, text } from './validate.js';

export type LocationSelection = Selection<Prisma.LocationSelect, Prisma.LocationInclude>;

export interface LocationFields {
  name?: string | null;
  type?: string | null;
  address?: string | null;
  lat?: number | null;
  lng?: number | null;
}

function locationData(input: LocationFields) {
  const fields = provided(input);
  const data: Prisma.LocationUncheckedUpdateInput = {};
  if ('name' in fields) data.name = text('name', fields.name, { max: MAX_NAME, required: true }) as string;
  if ('type' in fields) data.type = text('type', fields.type, { max: MAX_NAME }) || 'Office';
  if ('address' in fields) data.address = text('address', fields.address) || null;
  if ('lat' in fields) data.lat = fields.lat;
  if ('lng' in fields) data.lng = fields.lng;
  return data;
}

export function createLocation(domain: DomainContext, input: LocationFields, selection: LocationSelection = {}) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    const created = await tx.location.create({
      ...withAllColumns(selection, Prisma.LocationScalarFieldEnum),
      data: { ...(locationData(input) as Prisma.LocationUncheckedCreateInput), organizationId: domain.actor.organizationId },
    });
    await audit({ action: 'location.created', entityType: 'Location', entityId: created.id, before: null, after: created });
    return created;
  });
}

/** Partial update: omitted fields keep their value, null clears one. */
export function updateLocation(domain: DomainContext, id: string, input: LocationFields, selection: LocationSelection = {}) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    await lockRow(tx, 'Location', id);
    const before = await tx.location.findUnique({ where: { id } });
    if (!before) throw notFound('Location');
    const after = await tx.location.update({ ...withAllColumns(selection, Prisma.LocationScalarFieldEnum), where: { id }, data: locationData(input) });
    await audit({ action: 'location.updated', entityType: 'Location', entityId: id, before, after });
    return after;
  });
}

/** CONFLICT while assets are still at the location: nothing is silently unlinked. */
export function deleteLocation(domain: DomainContext, id: string, selection: LocationSelection = {}) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    await lockRow(tx, 'Location', id);
    const before = await tx.location.findUnique({ where: { id }, include: { _count: { select: { assets: true } } } });
    if (!before) throw notFound('Location');
    if (before._count.assets > 0) throw conflict(`Location still has ${before._count.assets} asset(s): move them first`);
    const deleted = await tx.location.delete({ ...withAllColumns(selection, Prisma.LocationScalarFieldEnum), where: { id } });
    await audit({ action: 'location.deleted', entityType: 'Location', entityId: id, before, after: null });
    return deleted;
  });
}
