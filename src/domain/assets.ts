// Asset workflows: create (with a generated tag, optionally checked out at once), partial update,
// full replace, delete, checkout, checkin and move. Each runs in one audited transaction; the
// checkout state (status CHECKED_OUT, assignee, expected return) changes through checkout and
// checkin only.
import { Prisma } from '../generated/prisma/client.js';
import { auditedTransaction, lockRow, type Audit, type Tx } from '../audit/audited-transaction.js';
import { badInput, conflict, notFound } from '../errors.js';
import { assetData, ensureTagFree, nextAssetTag, reference, type AssetFields } from './asset-input.js';
import { withAllColumns, type DomainContext, type Selection } from './context.js';
import { notBefore, provided, todayUtc } from './validate.js';

export type AssetSelection = Selection<Prisma.AssetSelect, Prisma.AssetInclude>;

export interface CreateAssetInput extends AssetFields {
  /** Check the new asset out to this user at once. */
  assignedUserId?: string | null;
  expectedReturn?: Date | null;
}

/** Clients that send the whole asset back (REST PUT) include its assignee: it must be the current one. */
export interface WriteAssetInput extends AssetFields {
  assignedUserId?: string | null;
}

export interface CheckoutInput {
  assetId: string;
  userId: string;
  expectedReturn?: Date | null;
}

// A replace writes every descriptive field: what its input omits is cleared.
const CLEARED: AssetFields = {
  category: null, serialNumber: null, value: null, purchaseDate: null, warrantyExpiry: null,
  manufacturer: null, model: null, notes: null, customFields: null, locationId: null,
  vendorId: null, ownerId: null, status: null,
};

async function activeUser(tx: Tx, field: string, userId: string) {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, status: true } });
  if (!user) throw notFound('User');
  if (user.status !== 'active') throw conflict(`User ${userId} is inactive and cannot hold assets`, { field });
  return user;
}

/** The asset, row-locked to the end of the transaction so concurrent writes to it queue. */
async function lockedAsset(tx: Tx, id: string) {
  await lockRow(tx, 'Asset', id);
  const asset = await tx.asset.findUnique({ where: { id } });
  if (!asset) throw notFound('Asset');
  return asset;
}

type AssetRow = Awaited<ReturnType<typeof lockedAsset>>;

export function createAsset(domain: DomainContext, input: CreateAssetInput, selection: AssetSelection = {}) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    const { organizationId } = domain.actor;
    const { assignedUserId, expectedReturn, ...fields } = input;
    const data = await assetData(tx, domain.cipher, fields, null);
    if (assignedUserId) {
      if (fields.status && fields.status !== 'checked_out') {
        throw badInput('status', 'an asset created with assignedUserId is checked out');
      }
      await activeUser(tx, 'assignedUserId', assignedUserId);
      notBefore('expectedReturn', expectedReturn, todayUtc(), 'today');
    } else if (expectedReturn) {
      throw badInput('expectedReturn', 'expectedReturn needs assignedUserId');
    }
    if (data.assetTag) await ensureTagFree(tx, data.assetTag as string);
    const assetTag = (data.assetTag as string | undefined) ?? (await nextAssetTag(tx, organizationId));
    const created = await tx.asset.create({
      ...withAllColumns(selection, Prisma.AssetScalarFieldEnum),
      data: { ...(data as Prisma.AssetUncheckedCreateInput), assetTag, organizationId },
    });
    await audit({ action: 'asset.created', entityType: 'Asset', entityId: created.id, before: null, after: created });
    if (!assignedUserId) return created;
    return checkout(tx, audit, selection, created, assignedUserId, expectedReturn ?? null, domain.actor.userId);
  });
}

/** Partial update: omitted fields keep their value, null clears one. */
export function updateAsset(domain: DomainContext, id: string, input: WriteAssetInput, selection: AssetSelection = {}) {
  return auditedTransaction(domain.prisma, domain.actor, (tx, audit) => writeAsset(tx, domain, audit, selection, id, input, false));
}

/** Full replace: omitted fields are cleared (status to active); a checked-out asset keeps its status. */
export function replaceAsset(domain: DomainContext, id: string, input: WriteAssetInput, selection: AssetSelection = {}) {
  return auditedTransaction(domain.prisma, domain.actor, (tx, audit) =>
    writeAsset(tx, domain, audit, selection, id, { ...CLEARED, ...provided(input) }, true));
}

/** Deletes the asset and its checkout history; its audit events stay. */
export function deleteAsset(domain: DomainContext, id: string, selection: AssetSelection = {}) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    const before = await lockedAsset(tx, id);
    const deleted = await tx.asset.delete({ ...withAllColumns(selection, Prisma.AssetScalarFieldEnum), where: { id } });
    await audit({ action: 'asset.deleted', entityType: 'Asset', entityId: id, before, after: null });
    return deleted;
  });
}

/** Checks an asset out to an active user; CONFLICT when it is checked out or retired. */
export function checkoutAsset(domain: DomainContext, input: CheckoutInput, selection: AssetSelection = {}) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    const asset = await lockedAsset(tx, input.assetId);
    await activeUser(tx, 'userId', input.userId);
    notBefore('expectedReturn', input.expectedReturn, todayUtc(), 'today');
    return checkout(tx, audit, selection, asset, input.userId, input.expectedReturn ?? null, domain.actor.userId);
  });
}

/** Checks a checked-out asset back in (closing its open assignment); CONFLICT otherwise. */
export function checkinAsset(domain: DomainContext, assetId: string, selection: AssetSelection = {}) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    const before = await lockedAsset(tx, assetId);
    if (before.status !== 'checked_out') throw conflict(`Asset ${before.assetTag} is not checked out`);
    return checkin(tx, audit, selection, before);
  });
}

export type AssignmentSelection = Selection<Prisma.AssignmentSelect, Prisma.AssignmentInclude>;

/** Closes one assignment (checkout history row) by checking its asset in; CONFLICT when it is already returned. */
export function returnAssignment(domain: DomainContext, id: string, selection: AssignmentSelection = {}) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    const found = await tx.assignment.findUnique({ where: { id }, select: { assetId: true } });
    if (!found) throw notFound('Assignment');
    // The asset is locked first (as checkin does), then the assignment is read again under the lock.
    const asset = await lockedAsset(tx, found.assetId);
    const assignment = await tx.assignment.findUniqueOrThrow({ where: { id }, select: { checkedInAt: true } });
    if (assignment.checkedInAt) throw conflict(`Assignment ${id} was already returned`);
    await checkin(tx, audit, {}, asset);
    return tx.assignment.findUniqueOrThrow({ ...selection, where: { id } });
  });
}

async function checkin(tx: Tx, audit: Audit, selection: AssetSelection, before: AssetRow) {
  await tx.assignment.updateMany({ where: { assetId: before.id, checkedInAt: null }, data: { checkedInAt: new Date() } });
  const after = await tx.asset.update({
    ...withAllColumns(selection, Prisma.AssetScalarFieldEnum),
    where: { id: before.id },
    data: { status: 'checked_in', assignedUserId: null, expectedReturn: null },
  });
  await audit({ action: 'asset.checked_in', entityType: 'Asset', entityId: before.id, before, after });
  return after;
}

/** Moves an asset to a location (null: none); audited as asset.updated. */
export function moveAsset(domain: DomainContext, id: string, locationId: string | null | undefined, selection: AssetSelection = {}) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    const before = await lockedAsset(tx, id);
    const newLocationId = await reference(tx, 'location', 'locationId', locationId);
    const after = await tx.asset.update({ ...withAllColumns(selection, Prisma.AssetScalarFieldEnum), where: { id }, data: { locationId: newLocationId } });
    await audit({ action: 'asset.updated', entityType: 'Asset', entityId: id, before, after });
    return after;
  });
}

async function writeAsset(
  tx: Tx, domain: DomainContext, audit: Audit, selection: AssetSelection, id: string, input: WriteAssetInput, replace: boolean,
) {
  const before = await lockedAsset(tx, id);
  const { assignedUserId, ...fields } = input;
  if (assignedUserId !== undefined && assignedUserId !== before.assignedUserId) {
    throw conflict(`Asset ${before.assetTag}: the assignee changes only through checkout and checkin`, { field: 'assignedUserId' });
  }
  const data = await assetData(tx, domain.cipher, fields, before);
  if (before.status === 'checked_out' && data.status !== undefined) {
    // A checked-out asset keeps its status until checkin; a replace leaves it alone.
    if (!replace || input.status != null) throw conflict(`Asset ${before.assetTag} is checked out: check it in before changing its status`);
    delete data.status;
  }
  if (typeof data.assetTag === 'string' && data.assetTag !== before.assetTag) await ensureTagFree(tx, data.assetTag, id);
  const after = await tx.asset.update({ ...withAllColumns(selection, Prisma.AssetScalarFieldEnum), where: { id }, data });
  await audit({ action: 'asset.updated', entityType: 'Asset', entityId: id, before, after });
  return after;
}

async function checkout(
  tx: Tx, audit: Audit, selection: AssetSelection,
  before: AssetRow, userId: string, expectedReturn: Date | null, performedById: string,
) {
  if (before.status === 'checked_out') throw conflict(`Asset ${before.assetTag} is already checked out`);
  if (before.status === 'retired') throw conflict(`Asset ${before.assetTag} is retired and cannot be checked out`);
  await tx.assignment.create({
    data: { organizationId: before.organizationId, assetId: before.id, userId, expectedReturn, performedById },
  });
  const after = await tx.asset.update({
    ...withAllColumns(selection, Prisma.AssetScalarFieldEnum),
    where: { id: before.id },
    data: { status: 'checked_out', assignedUserId: userId, expectedReturn },
  });
  await audit({ action: 'asset.checked_out', entityType: 'Asset', entityId: before.id, before, after });
  return after;
}
