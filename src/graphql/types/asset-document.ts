// AssetDocument: an invoice, warranty, manual… of an asset, referenced by URL or by a reference
// into another system — object, Asset.documents, the root assetDocuments connection, inputs and
// mutations (workflows: src/domain/asset-documents.ts).
import type { Prisma } from '../../generated/prisma/client.js';
import * as documents from '../../domain/asset-documents.js';
import { todayUtc } from '../../domain/validate.js';
import { builder } from '../builder.js';
import { domainOf } from '../context.js';
import { keysetOrder, keysetResolver, totalCountField, type SortKeys } from '../keyset/connection.js';
import { offsetArg, SortDirection } from './common.js';

export const DocumentKind = builder.enumType('DocumentKind', {
  description: 'What kind of document it is.',
  values: {
    INVOICE: { value: 'invoice', description: 'A purchase invoice or receipt.' },
    WARRANTY: { value: 'warranty', description: 'A warranty certificate or extended-warranty contract.' },
    MANUAL: { value: 'manual', description: 'A user or service manual.' },
    CONTRACT: { value: 'contract', description: 'A lease, service or support contract.' },
    CERTIFICATE: { value: 'certificate', description: 'A calibration, safety or compliance certificate.' },
    INSURANCE: { value: 'insurance', description: 'An insurance policy.' },
    OTHER: { value: 'other', description: 'Anything else (the default).' },
  } as const,
});

export const AssetDocumentNode = builder.prismaNode('AssetDocument', {
  id: { field: 'id' },
  // Select mode: a query reads only the columns its fields need.
  select: { id: true },
  description: 'A document about an asset, kept elsewhere: an http(s) URL or a reference into another system.',
  fields: (t) => ({
    asset: t.relation('asset', { description: 'The asset the document is about.' }),
    name: t.exposeString('name', { description: 'The document\'s name.' }),
    kind: t.expose('kind', { type: DocumentKind, description: 'What kind of document it is.' }),
    reference: t.exposeString('reference', { description: 'Where the document is: an http(s) URL or a reference such as DMS-4711.' }),
    url: t.field({
      type: 'URL',
      nullable: true,
      description: 'The reference when it is an http(s) URL, else null.',
      select: { reference: true },
      resolve: (document) => documents.urlOf(document.reference),
    }),
    expiresAt: t.expose('expiresAt', { type: 'Date', nullable: true, description: 'When the document expires; document.expiring is sent once, 30 days ahead.' }),
    expired: t.boolean({
      description: 'Its expiry date has passed.',
      select: { expiresAt: true },
      resolve: (document) => document.expiresAt !== null && document.expiresAt < todayUtc(),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the document was recorded.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the document last changed.' }),
  }),
});

builder.prismaObjectField('Asset', 'documents', (t) =>
  t.relatedConnection('documents', {
    description: 'Documents of this asset, by expiry date (soonest first, never-expiring last), then name.',
    cursor: 'id',
    totalCount: true,
    query: () => ({ orderBy: [{ expiresAt: { sort: 'asc', nulls: 'last' } }, { name: 'asc' }, { id: 'asc' }] }),
  }, { description: 'A page of an asset\'s documents.', fields: totalCountField }, { description: 'A document of the asset.' }),
);

const AssetDocumentFilter = builder.inputType('AssetDocumentFilter', {
  description: 'Filters of assetDocuments, combined with AND.',
  fields: (t) => ({
    assetId: t.field({ type: 'UUID', description: 'Documents of this asset.' }),
    kind: t.field({ type: DocumentKind, description: 'Documents of this kind.' }),
    expiresBefore: t.field({ type: 'Date', description: 'Documents expiring before this date (expired ones included).' }),
  }),
});

const AssetDocumentOrderField = builder.enumType('AssetDocumentOrderField', {
  description: 'What assetDocuments can be sorted by (ties by id).',
  values: {
    EXPIRES_AT: { value: 'expiresAt', description: 'The expiry date (never-expiring documents last).' },
    NAME: { value: 'name', description: 'The name.' },
    CREATED_AT: { value: 'createdAt', description: 'When the document was recorded.' },
  } as const,
});

const DOCUMENT_ORDER_KEYS: SortKeys = {
  expiresAt: { kind: 'date', nullable: true },
  name: { kind: 'string', nullable: false },
  createdAt: { kind: 'date', nullable: false },
};

const AssetDocumentOrder = builder.inputType('AssetDocumentOrder', {
  description: 'The order of assetDocuments.',
  fields: (t) => ({
    field: t.field({ type: AssetDocumentOrderField, required: true, description: 'The sort key.' }),
    direction: t.field({ type: SortDirection, defaultValue: 'asc', description: 'Default: ASC.' }),
  }),
});

function documentWhere(filter: typeof AssetDocumentFilter.$inferInput | null | undefined): Prisma.AssetDocumentWhereInput {
  if (!filter) return {};
  const and: Prisma.AssetDocumentWhereInput[] = [];
  if (filter.assetId != null) and.push({ assetId: filter.assetId });
  if (filter.kind != null) and.push({ kind: filter.kind });
  if (filter.expiresBefore != null) and.push({ expiresAt: { lt: filter.expiresBefore } });
  return and.length ? { AND: and } : {};
}

builder.queryFields((t) => ({
  assetDocuments: t.connection({
    type: AssetDocumentNode,
    nullable: true,
    description: 'Documents of every asset (filter by asset, kind, expiry).',
    authScopes: { read: true },
    args: {
      ...offsetArg,
      filter: t.arg({ type: AssetDocumentFilter, description: 'Which documents.' }),
      orderBy: t.arg({ type: AssetDocumentOrder, description: 'Default: EXPIRES_AT ASC (never-expiring last).' }),
    },
    resolve: keysetResolver({
      typeName: 'AssetDocument',
      order: (args) => keysetOrder(args.orderBy, DOCUMENT_ORDER_KEYS, { field: 'expiresAt', direction: 'asc' }),
      where: (args) => documentWhere(args.filter),
      findMany: (ctx, query) => ctx.prisma.assetDocument.findMany(query as Prisma.AssetDocumentFindManyArgs),
      count: (ctx, where) => ctx.prisma.assetDocument.count({ where }),
    }),
  }, { name: 'AssetDocumentConnection', description: 'A page of asset documents.', fields: totalCountField }, { name: 'AssetDocumentEdge', description: 'A document in a page.' }),
  assetDocument: t.prismaField({
    type: 'AssetDocument',
    nullable: true,
    description: 'One asset document, or null when there is none with this id.',
    authScopes: { read: true },
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The document\'s id.' }) },
    resolve: (query, _root, { id }, ctx) => ctx.prisma.assetDocument.findUnique({ ...query, where: { id } }),
  }),
}));

const REFERENCE = 'An http(s) URL, or a reference that is not a URL (e.g. DMS-4711); up to 2,000 characters.';

const CreateAssetDocumentInput = builder.inputType('CreateAssetDocumentInput', {
  description: 'A new document of an asset.',
  fields: (t) => ({
    assetId: t.field({ type: 'UUID', required: true, description: 'The asset the document is about.' }),
    name: t.string({ required: true, description: 'The document\'s name; 1–200 characters, not blank.' }),
    kind: t.field({ type: DocumentKind, description: 'Default: OTHER.' }),
    reference: t.string({ required: true, description: REFERENCE }),
    expiresAt: t.field({ type: 'Date', description: 'When the document expires (none: never).' }),
  }),
});
const UpdateAssetDocumentInput = builder.inputType('UpdateAssetDocumentInput', {
  description: 'Partial update: omitted fields keep their value; null clears expiresAt (name and reference cannot be cleared).',
  fields: (t) => ({
    name: t.string({ description: 'The document\'s name.' }),
    kind: t.field({ type: DocumentKind, description: 'What kind of document it is (null: OTHER).' }),
    reference: t.string({ description: REFERENCE }),
    expiresAt: t.field({ type: 'Date', description: 'When the document expires; a new date sends document.expiring again once.' }),
  }),
});

// No UniAsset permission names documents: admins with a write key.
const ADMIN_WRITE = { $all: { write: true, admin: true } } as const;
const ID_ARG = { type: 'UUID', required: true, description: 'The document\'s id.' } as const;
const WHO = 'Admins with a write key.';

builder.mutationFields((t) => ({
  createAssetDocument: t.prismaField({
    type: 'AssetDocument',
    nullable: true,
    description: `Records a document of an asset (NOT_FOUND for an unknown asset). ${WHO}`,
    authScopes: ADMIN_WRITE,
    args: { input: t.arg({ type: CreateAssetDocumentInput, required: true, description: 'The document.' }) },
    resolve: (query, _root, { input }, ctx) => documents.createAssetDocument(domainOf(ctx), input, query),
  }),
  updateAssetDocument: t.prismaField({
    type: 'AssetDocument',
    nullable: true,
    description: `Changes a document (partial). ${WHO}`,
    authScopes: ADMIN_WRITE,
    args: { id: t.arg(ID_ARG), input: t.arg({ type: UpdateAssetDocumentInput, required: true, description: 'The fields to change.' }) },
    resolve: (query, _root, { id, input }, ctx) => documents.updateAssetDocument(domainOf(ctx), id, input, query),
  }),
  deleteAssetDocument: t.prismaField({
    type: 'AssetDocument',
    nullable: true,
    description: `Deletes a document record for good (its audit events stay). ${WHO}`,
    authScopes: ADMIN_WRITE,
    args: { id: t.arg(ID_ARG) },
    resolve: (query, _root, { id }, ctx) => documents.deleteAssetDocument(domainOf(ctx), id, query),
  }),
}));
