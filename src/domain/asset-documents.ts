// Asset documents: invoices, warranties, manuals… kept elsewhere and referenced by an http(s) URL
// or a reference into another system. Create, partial update, delete; every write audited
// (document.created|updated|deleted). document.expiring comes from the hourly scan.
import { Prisma } from '../generated/prisma/client.js';
import { auditedTransaction, lockRow, type Tx } from '../audit/audited-transaction.js';
import { badInput, notFound } from '../errors.js';
import { withAllColumns, type DomainContext, type Selection } from './context.js';
import { MAX_NAME, provided, text } from './validate.js';

export type DocumentSelection = Selection<Prisma.AssetDocumentSelect, Prisma.AssetDocumentInclude>;
export type DocumentKind = 'invoice' | 'warranty' | 'manual' | 'contract' | 'certificate' | 'insurance' | 'other';

export const MAX_REFERENCE = 2000;

/** The fields of a document; absent keys are left alone, null clears an optional one. */
export interface DocumentFields {
  name?: string | null;
  kind?: DocumentKind | null;
  reference?: string | null;
  expiresAt?: Date | null;
}

export interface CreateDocumentInput extends DocumentFields {
  assetId: string;
}

// `scheme://…` (or a script-like scheme) is a URL: only http(s) ones with a host are accepted.
const LOOKS_LIKE_URL = /^[a-z][a-z0-9+.-]*:\/\/|^(javascript|data|vbscript|file):/i;

/** The http(s) URL a reference is, or null when it is a plain reference (e.g. `DMS-4711`). */
export function urlOf(reference: string): string | null {
  if (!/^https?:\/\//i.test(reference)) return null;
  try {
    const url = new URL(reference);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname ? url.href : null;
  } catch {
    return null;
  }
}

/** A trimmed reference: an http(s) URL or a non-blank reference string, at most 2,000 characters. */
export function checkReference(value: string | null | undefined): string {
  const reference = text('reference', value ?? '', { max: MAX_REFERENCE, required: true });
  if (LOOKS_LIKE_URL.test(reference) && !urlOf(reference)) {
    throw badInput('reference', 'reference must be an http(s) URL with a host, or a reference that is not a URL (e.g. DMS-4711)');
  }
  return reference;
}

function documentData(input: DocumentFields, creating: boolean) {
  const fields = provided(input);
  const data: Prisma.AssetDocumentUncheckedUpdateInput = {};
  if ('name' in fields || creating) data.name = text('name', fields.name ?? (creating ? '' : null), { max: MAX_NAME, required: true }) as string;
  if ('kind' in fields) data.kind = fields.kind ?? 'other';
  if ('reference' in fields || creating) {
    if (fields.reference === null) throw badInput('reference', 'reference cannot be null');
    data.reference = checkReference(fields.reference);
  }
  if ('expiresAt' in fields) data.expiresAt = fields.expiresAt;
  return data;
}

/** The document, row-locked to the end of the transaction so concurrent writes to it queue. */
async function lockedDocument(tx: Tx, id: string) {
  await lockRow(tx, 'AssetDocument', id);
  const document = await tx.assetDocument.findUnique({ where: { id } });
  if (!document) throw notFound('Document');
  return document;
}

export function createAssetDocument(domain: DomainContext, input: CreateDocumentInput, selection: DocumentSelection = {}) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    const { assetId, ...fields } = input;
    // Another organization's asset is a missing one (the client is tenant-scoped).
    if (!(await tx.asset.findUnique({ where: { id: assetId }, select: { id: true } }))) throw notFound('Asset');
    const data = documentData(fields, true);
    const created = await tx.assetDocument.create({
      ...withAllColumns(selection, Prisma.AssetDocumentScalarFieldEnum),
      data: { ...(data as Prisma.AssetDocumentUncheckedCreateInput), assetId, organizationId: domain.actor.organizationId },
    });
    await audit({ action: 'document.created', entityType: 'AssetDocument', entityId: created.id, before: null, after: created });
    return created;
  });
}

/** Partial update: omitted fields keep their value, null clears expiresAt (name and reference stay required). */
export function updateAssetDocument(domain: DomainContext, id: string, input: DocumentFields, selection: DocumentSelection = {}) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    const before = await lockedDocument(tx, id);
    const after = await tx.assetDocument.update({
      ...withAllColumns(selection, Prisma.AssetDocumentScalarFieldEnum), where: { id }, data: documentData(input, false),
    });
    await audit({ action: 'document.updated', entityType: 'AssetDocument', entityId: id, before, after });
    return after;
  });
}

export function deleteAssetDocument(domain: DomainContext, id: string, selection: DocumentSelection = {}) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    const before = await lockedDocument(tx, id);
    const deleted = await tx.assetDocument.delete({ ...withAllColumns(selection, Prisma.AssetDocumentScalarFieldEnum), where: { id } });
    await audit({ action: 'document.deleted', entityType: 'AssetDocument', entityId: id, before, after: null });
    return deleted;
  });
}
