// An asset input, validated and turned into column values: the rules every way of writing an asset
// shares (create, update, replace), each failure naming the field it is about.
import type { Prisma } from '../generated/prisma/client.js';
import type { Tx } from '../audit/audited-transaction.js';
import { badInput, conflict } from '../errors.js';
import type { FieldCipher } from '../crypto/field-cipher.js';
import { MAX_NAME, MAX_NOTES, notBefore, provided, text } from './validate.js';

export type AssetStatus = 'active' | 'checked_out' | 'checked_in' | 'maintenance' | 'retired';

/** The descriptive fields of an asset; absent keys are left alone, null clears. */
export interface AssetFields {
  name?: string | null;
  assetTag?: string | null;
  category?: string | null;
  status?: AssetStatus | null;
  serialNumber?: string | null;
  value?: string | null;
  purchaseDate?: Date | null;
  warrantyExpiry?: Date | null;
  manufacturer?: string | null;
  model?: string | null;
  notes?: string | null;
  customFields?: Record<string, unknown> | null;
  locationId?: string | null;
  vendorId?: string | null;
  ownerId?: string | null;
}

const TAG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._\-/]{0,63}$/;

/** Encrypts a secret field's new value, or keeps the stored ciphertext when the clear text did not change. */
export function encryptedColumn(cipher: FieldCipher, value: string | null | undefined, stored: string | null | undefined) {
  if (!value) return null;
  return stored && cipher.decrypt(stored) === value ? stored : cipher.encrypt(value);
}

/** Validates `input` and returns the column values of the fields present in it. */
export async function assetData(
  tx: Tx, cipher: FieldCipher, input: AssetFields,
  current: { purchaseDate: Date | null; serialNumber: string | null; notes: string | null } | null,
) {
  const data: Prisma.AssetUncheckedUpdateInput = {};
  const fields = provided(input);
  if ('name' in fields) data.name = text('name', fields.name, { max: MAX_NAME, required: true }) as string;
  if ('assetTag' in fields) {
    const tag = text('assetTag', fields.assetTag);
    if (tag != null && !TAG_PATTERN.test(tag)) throw badInput('assetTag', 'assetTag must be 1-64 letters, digits or . _ - /, starting with a letter or digit');
    data.assetTag = tag ?? undefined;
  }
  for (const key of ['category', 'manufacturer', 'model'] as const) {
    if (key in fields) data[key] = text(key, fields[key]) || null;
  }
  if ('serialNumber' in fields) {
    const serial = text('serialNumber', fields.serialNumber) || null;
    data.serialNumber = encryptedColumn(cipher, serial, current?.serialNumber);
    data.serialNumberHash = serial ? cipher.blindIndex(serial) : null;
  }
  if ('notes' in fields) data.notes = encryptedColumn(cipher, text('notes', fields.notes, { max: MAX_NOTES }) || null, current?.notes);
  if ('status' in fields) {
    if (fields.status === 'checked_out') throw badInput('status', 'use checkoutAsset to check an asset out');
    data.status = fields.status ?? 'active';
  }
  if ('value' in fields) data.value = fields.value;
  if ('purchaseDate' in fields) data.purchaseDate = fields.purchaseDate;
  if ('warrantyExpiry' in fields) data.warrantyExpiry = fields.warrantyExpiry;
  const purchaseDate = 'purchaseDate' in fields ? fields.purchaseDate : current?.purchaseDate;
  notBefore('warrantyExpiry', fields.warrantyExpiry, purchaseDate, 'purchaseDate');
  if ('customFields' in fields) data.customFields = (fields.customFields ?? {}) as Prisma.InputJsonObject;
  if ('locationId' in fields) data.locationId = await reference(tx, 'location', 'locationId', fields.locationId);
  if ('vendorId' in fields) data.vendorId = await reference(tx, 'vendor', 'vendorId', fields.vendorId);
  if ('ownerId' in fields) data.ownerId = await reference(tx, 'user', 'ownerId', fields.ownerId);
  return data;
}

/** A referenced row must exist in the caller's organization (the client is tenant-scoped). */
export async function reference(tx: Tx, model: 'location' | 'vendor' | 'user', field: string, id: string | null | undefined) {
  if (id == null) return null;
  const delegate = tx[model] as unknown as { findUnique(args: object): Promise<unknown> };
  const row = await delegate.findUnique({ where: { id }, select: { id: true } });
  if (!row) throw badInput(field, `${field}: no ${model} with id ${id}`);
  return id;
}

export async function ensureTagFree(tx: Tx, assetTag: string, exceptId?: string) {
  const taken = await tx.asset.findFirst({ where: { assetTag, NOT: exceptId ? { id: exceptId } : undefined }, select: { id: true } });
  if (taken) throw conflict(`Asset tag ${assetTag} is already in use`, { field: 'assetTag' });
}

/** Next free IT-NNNN tag. The counter row is locked until commit, so concurrent creates queue. */
export async function nextAssetTag(tx: Tx, organizationId: string): Promise<string> {
  for (;;) {
    const { assetTagSeq } = await tx.organization.update({
      where: { id: organizationId },
      data: { assetTagSeq: { increment: 1 } },
      select: { assetTagSeq: true },
    });
    const tag = `IT-${String(assetTagSeq).padStart(4, '0')}`;
    if (!(await tx.asset.findFirst({ where: { assetTag: tag }, select: { id: true } }))) return tag;
  }
}
