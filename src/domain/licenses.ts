// Software licence workflows: create, partial update and delete a licence, and assign or release
// its seats. Each runs in one audited transaction; seat changes lock the licence row first, so
// concurrent assignments queue and never hand out more seats than were purchased.
import { Prisma } from '../generated/prisma/client.js';
import { auditedTransaction, lockRow, type Tx } from '../audit/audited-transaction.js';
import { badInput, conflict, notFound } from '../errors.js';
import { encryptedColumn } from './asset-input.js';
import { withAllColumns, type DomainContext, type Selection } from './context.js';
import { MAX_NAME, MAX_NOTES, notBefore, provided, text } from './validate.js';

export type LicenseSelection = Selection<Prisma.LicenseSelect, Prisma.LicenseInclude>;
export type SeatSelection = Selection<Prisma.LicenseSeatSelect, Prisma.LicenseSeatInclude>;

/** The fields of a licence; absent keys are left alone, null clears. */
export interface LicenseFields {
  name?: string | null;
  vendor?: string | null;
  product?: string | null;
  edition?: string | null;
  seatsPurchased?: number | null;
  costPerSeat?: string | null;
  totalCost?: string | null;
  purchaseDate?: Date | null;
  expiryDate?: Date | null;
  licenseKey?: string | null;
  notes?: string | null;
}

export const MAX_SEATS = 1_000_000;

type LicenseRow = Prisma.LicenseGetPayload<object>;

function licenseData(domain: DomainContext, input: LicenseFields, current: LicenseRow | null) {
  const fields = provided(input);
  const data: Prisma.LicenseUncheckedUpdateInput = {};
  if ('name' in fields) data.name = text('name', fields.name, { max: MAX_NAME, required: true }) as string;
  for (const key of ['vendor', 'product', 'edition'] as const) {
    if (key in fields) data[key] = text(key, fields[key]) || null;
  }
  if ('seatsPurchased' in fields) {
    const seats = fields.seatsPurchased;
    if (seats == null || !Number.isInteger(seats) || seats < 0 || seats > MAX_SEATS) {
      throw badInput('seatsPurchased', `seatsPurchased must be an integer from 0 to ${MAX_SEATS}`);
    }
    data.seatsPurchased = seats;
  }
  if ('costPerSeat' in fields) data.costPerSeat = fields.costPerSeat;
  if ('totalCost' in fields) data.totalCost = fields.totalCost;
  const perSeat = 'costPerSeat' in fields ? fields.costPerSeat : current?.costPerSeat;
  const total = 'totalCost' in fields ? fields.totalCost : current?.totalCost;
  if (perSeat != null && total != null) throw badInput('totalCost', 'give costPerSeat or totalCost, not both (clear the other with null)');
  if ('purchaseDate' in fields) data.purchaseDate = fields.purchaseDate;
  if ('expiryDate' in fields) data.expiryDate = fields.expiryDate;
  const purchaseDate = 'purchaseDate' in fields ? fields.purchaseDate : current?.purchaseDate;
  notBefore('expiryDate', 'expiryDate' in fields ? fields.expiryDate : current?.expiryDate, purchaseDate, 'purchaseDate');
  if ('licenseKey' in fields) data.licenseKey = encryptedColumn(domain.cipher, text('licenseKey', fields.licenseKey, { max: 4096 }) || null, current?.licenseKey);
  if ('notes' in fields) data.notes = text('notes', fields.notes, { max: MAX_NOTES }) || null;
  return data;
}

async function lockedLicense(tx: Tx, id: string) {
  await lockRow(tx, 'License', id);
  const license = await tx.license.findUnique({ where: { id } });
  if (!license) throw notFound('License');
  return license;
}

export function createLicense(domain: DomainContext, input: LicenseFields, selection: LicenseSelection = {}) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    if (input.name == null) throw badInput('name', 'name is required');
    if (input.seatsPurchased == null) throw badInput('seatsPurchased', 'seatsPurchased is required');
    const data = licenseData(domain, input, null);
    const created = await tx.license.create({
      ...withAllColumns(selection, Prisma.LicenseScalarFieldEnum),
      data: { ...(data as Prisma.LicenseUncheckedCreateInput), organizationId: domain.actor.organizationId },
    });
    await audit({ action: 'license.created', entityType: 'License', entityId: created.id, before: null, after: created });
    return created;
  });
}

/** Partial update. Lowering seatsPurchased below the seats in use is allowed: the dashboard reports the licence as over-assigned. */
export function updateLicense(domain: DomainContext, id: string, input: LicenseFields, selection: LicenseSelection = {}) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    const before = await lockedLicense(tx, id);
    const after = await tx.license.update({ ...withAllColumns(selection, Prisma.LicenseScalarFieldEnum), where: { id }, data: licenseData(domain, input, before) });
    await audit({ action: 'license.updated', entityType: 'License', entityId: id, before, after });
    return after;
  });
}

/** Deletes the licence and its seat history; its audit events stay. */
export function deleteLicense(domain: DomainContext, id: string, selection: LicenseSelection = {}) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    const before = await lockedLicense(tx, id);
    const deleted = await tx.license.delete({ ...withAllColumns(selection, Prisma.LicenseScalarFieldEnum), where: { id } });
    await audit({ action: 'license.deleted', entityType: 'License', entityId: id, before, after: null });
    return deleted;
  });
}

/** Gives an active user a seat: CONFLICT when every purchased seat is taken or the user already holds one. */
export function assignSeat(domain: DomainContext, input: { licenseId: string; userId: string }, selection: SeatSelection = {}) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    const license = await lockedLicense(tx, input.licenseId);
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { status: true } });
    if (!user) throw notFound('User');
    if (user.status !== 'active') throw conflict(`User ${input.userId} is inactive and cannot hold a seat`, { field: 'userId' });
    const held = await tx.licenseSeat.findMany({ where: { licenseId: license.id, releasedAt: null }, select: { userId: true } });
    if (held.some((seat) => seat.userId === input.userId)) throw conflict(`The user already holds a seat of ${license.name}`, { field: 'userId' });
    if (held.length >= license.seatsPurchased) {
      throw conflict(`${license.name} has no seat available: ${held.length} of ${license.seatsPurchased} purchased seats are assigned`);
    }
    const seat = await tx.licenseSeat.create({
      ...withAllColumns(selection, Prisma.LicenseSeatScalarFieldEnum),
      data: { organizationId: domain.actor.organizationId, licenseId: license.id, userId: input.userId, performedById: domain.actor.userId },
    });
    await audit({ action: 'license.seat_assigned', entityType: 'LicenseSeat', entityId: seat.id, before: null, after: seat });
    return seat;
  });
}

/** Releases a held seat (kept as history); CONFLICT when it was already released. `licenseId`, when given, must be the seat's. */
export function releaseSeat(domain: DomainContext, id: string, licenseId: string | null | undefined, selection: SeatSelection = {}) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    const found = await tx.licenseSeat.findUnique({ where: { id }, select: { licenseId: true } });
    if (!found || (licenseId != null && found.licenseId !== licenseId)) throw notFound('Seat');
    await lockedLicense(tx, found.licenseId);
    const before = await tx.licenseSeat.findUniqueOrThrow({ where: { id } });
    if (before.releasedAt) throw conflict(`Seat ${id} was already released`);
    const after = await tx.licenseSeat.update({ ...withAllColumns(selection, Prisma.LicenseSeatScalarFieldEnum), where: { id }, data: { releasedAt: new Date() } });
    await audit({ action: 'license.seat_released', entityType: 'LicenseSeat', entityId: id, before, after });
    return after;
  });
}
