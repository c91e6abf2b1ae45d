// Vendor: who sold an asset — object, queries, inputs, mutations (workflows: src/domain/vendors.ts).
import { RiskRating as RiskRatingValues, type Prisma } from '../../generated/prisma/client.js';
import * as vendors from '../../domain/vendors.js';
import { rowCount } from '../../db/row-counts.js';
import { builder } from '../builder.js';
import { domainOf } from '../context.js';
import { keysetOrder, keysetResolver, totalCountField, type SortKeys } from '../keyset/connection.js';
import { offsetArg, relatedPageOrder, searchWhere, SortDirection } from './common.js';

export const RiskRating = builder.enumType('RiskRating', {
  description: 'How much risk a vendor poses to the organization (security, supply, compliance), as your organization rates it.',
  values: { LOW: { value: 'Low', description: 'Low risk.' }, MEDIUM: { value: 'Medium', description: 'Medium risk.' }, HIGH: { value: 'High', description: 'High risk: review before buying more.' } } as const,
});

export const ComplianceStatus = builder.enumType('ComplianceStatus', {
  description: 'The outcome of the organization\'s compliance review of a vendor.',
  values: {
    COMPLIANT: { value: 'Compliant', description: 'Reviewed and meets your requirements.' },
    NON_COMPLIANT: { value: 'NonCompliant', description: 'Reviewed and does not meet them.' },
    NOT_REVIEWED: { value: 'NotReviewed', description: 'Not reviewed yet (the default).' },
  } as const,
});

export const VendorNode = builder.prismaNode('Vendor', {
  id: { field: 'id' },
  // Select mode: a query reads only the columns its fields need.
  select: { id: true },
  description: 'A company the organization buys assets from, with its risk rating, compliance status and contact.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The vendor\'s name, e.g. "Dell Technologies".' }),
    category: t.exposeString('category', { nullable: true, description: 'What they supply, free text (e.g. Hardware, SaaS); null when not set.' }),
    website: t.exposeString('website', { nullable: true, description: 'The vendor\'s website (a URL); null when not set.' }),
    riskRating: t.expose('riskRating', { type: RiskRating, nullable: true, description: 'Null when not rated.' }),
    complianceStatus: t.expose('complianceStatus', { type: ComplianceStatus, description: 'NOT_REVIEWED until someone sets it.' }),
    primaryContactName: t.exposeString('primaryContactName', { nullable: true, description: 'Who to talk to at the vendor; null when not set.' }),
    primaryContactEmail: t.exposeString('primaryContactEmail', { nullable: true, description: 'Their e-mail address; null when not set.' }),
    notes: t.exposeString('notes', { nullable: true, description: 'Free text (contract terms, account numbers…); null when empty. Not encrypted.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the vendor was created.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the vendor last changed.' }),
    assets: t.relatedConnection('assets', {
      description: 'The assets bought from this vendor, by name.',
      cursor: 'id',
      totalCount: true,
      ...relatedPageOrder({ model: 'Asset', parentKey: 'vendorId', order: [['name', 'asc'], ['id', 'asc']], cursor: 'id' }),
    }, { description: 'One page of a vendor\'s assets, with the total count.', fields: totalCountField }, { description: 'One asset of the page, with its cursor.' }),
  }),
});

const VendorFilter = builder.inputType('VendorFilter', {
  description: 'Which vendors to list; every field given must match (AND).',
  fields: (t) => ({
    search: t.string({ description: 'Case-insensitive match on the name.' }),
    category: t.string({ description: 'Vendors of exactly this category (case-sensitive).' }),
    riskRating: t.field({ type: RiskRating, description: 'Exactly this rating.' }),
  }),
});

const VendorOrderField = builder.enumType('VendorOrderField', {
  description: 'What `vendors` can be sorted by.',
  values: { NAME: { value: 'name', description: 'By name.' }, CREATED_AT: { value: 'createdAt', description: 'By creation time.' }, RISK_RATING: { value: 'riskRating', description: 'LOW, MEDIUM, HIGH; unrated vendors come last.' } } as const,
});

const VENDOR_ORDER_KEYS: SortKeys = {
  name: { kind: 'string', nullable: false },
  createdAt: { kind: 'date', nullable: false },
  riskRating: { kind: 'string', nullable: true, enumValues: Object.values(RiskRatingValues) },
};

const VendorOrder = builder.inputType('VendorOrder', {
  description: 'The order of `vendors`; ties are broken by id.',
  fields: (t) => ({
    field: t.field({ type: VendorOrderField, required: true, description: 'What to sort by.' }),
    direction: t.field({ type: SortDirection, defaultValue: 'asc', description: 'Default: ASC.' }),
  }),
});

function vendorWhere(filter: typeof VendorFilter.$inferInput | null | undefined): Prisma.VendorWhereInput {
  return {
    ...(filter?.category != null && { category: filter.category }),
    ...(filter?.riskRating != null && { riskRating: filter.riskRating }),
    ...searchWhere(['name'], filter?.search),
  };
}

builder.queryFields((t) => ({
  vendors: t.connection({
    type: VendorNode,
    nullable: true,
    description: 'The organization\'s vendors, filtered and ordered (default: by name). Needs the read scope.',
    authScopes: { read: true },
    args: {
      ...offsetArg,
      filter: t.arg({ type: VendorFilter, description: 'Which vendors; omitted: all of them.' }),
      orderBy: t.arg({ type: VendorOrder, description: 'Default: NAME ASC.' }),
    },
    resolve: keysetResolver({
      typeName: 'Vendor',
      order: (args) => keysetOrder(args.orderBy, VENDOR_ORDER_KEYS, { field: 'name', direction: 'asc' }),
      where: (args) => vendorWhere(args.filter),
      findMany: (ctx, query) => ctx.prisma.vendor.findMany(query as Prisma.VendorFindManyArgs),
      count: (ctx, where) => ctx.prisma.vendor.count({ where }),
      countAll: (ctx) => rowCount(ctx.prisma, ctx.principal!.organizationId, 'vendors'),
      sql: { countAll: 'vendors' },
    }),
  }, { name: 'VendorConnection', description: 'One page of vendors, with the total count.', fields: totalCountField }, { name: 'VendorEdge', description: 'One vendor of the page, with its cursor.' }),
  vendor: t.prismaField({
    type: 'Vendor',
    nullable: true,
    description: 'One vendor by id; null when there is none in your organization. Needs the read scope.',
    authScopes: { read: true },
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The vendor\'s id.' }) },
    // A plain lookup by id: compiled reads (src/graphql/compiled) may answer it in SQL.
    extensions: { sqlLookup: { by: 'id' } },
    resolve: (query, _root, { id }, ctx) => ctx.prisma.vendor.findUnique({ ...query, where: { id } }),
  }),
}));

const vendorFields = (t: PothosSchemaTypes.InputFieldBuilder<any, 'InputObject'>, nameRequired: boolean) => ({
  name: t.string({ required: nameRequired, description: '1–200 characters, not blank.' }),
  category: t.string({ description: 'What they supply, free text.' }),
  website: t.field({ type: 'URL', description: 'An absolute URL, e.g. https://www.dell.com.' }),
  riskRating: t.field({ type: RiskRating, description: 'Your rating of the vendor.' }),
  complianceStatus: t.field({ type: ComplianceStatus, description: 'The outcome of your review; NOT_REVIEWED when omitted.' }),
  primaryContactName: t.string({ description: 'Who to talk to at the vendor.' }),
  primaryContactEmail: t.field({ type: 'EmailAddress', description: 'Their e-mail address.' }),
  notes: t.string({ description: 'Free text, up to 10,000 characters.' }),
});

const CreateVendorInput = builder.inputType('CreateVendorInput', { description: 'A new vendor; only name is required.', fields: (t) => vendorFields(t, true) });
const UpdateVendorInput = builder.inputType('UpdateVendorInput', {
  description: 'Partial update: omitted fields keep their value, null clears a field.',
  fields: (t) => vendorFields(t, false),
});
const ReplaceVendorInput = builder.inputType('ReplaceVendorInput', {
  description: 'Full replace: omitted fields are cleared (complianceStatus to NOT_REVIEWED).',
  fields: (t) => vendorFields(t, true),
});

const ADMIN_WRITE = { $all: { write: true, admin: true } } as const;

builder.mutationFields((t) => ({
  createVendor: t.prismaField({
    type: 'Vendor',
    nullable: true,
    description: 'Creates a vendor and returns it. Admins with a write key; BAD_USER_INPUT naming the field.',
    authScopes: ADMIN_WRITE,
    args: { input: t.arg({ type: CreateVendorInput, required: true, description: 'The new vendor.' }) },
    resolve: (query, _root, { input }, ctx) => vendors.createVendor(domainOf(ctx), input, query),
  }),
  updateVendor: t.prismaField({
    type: 'Vendor',
    nullable: true,
    description: 'Changes the fields given and returns the vendor. Admins with a write key; NOT_FOUND, BAD_USER_INPUT.',
    authScopes: ADMIN_WRITE,
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The vendor to change.' }), input: t.arg({ type: UpdateVendorInput, required: true, description: 'The fields to change.' }) },
    resolve: (query, _root, { id, input }, ctx) => vendors.writeVendor(domainOf(ctx), id, input, false, query),
  }),
  replaceVendor: t.prismaField({
    type: 'Vendor',
    nullable: true,
    description: 'Replaces every field (omitted ones are cleared) and returns the vendor. Admins with a write key; NOT_FOUND, BAD_USER_INPUT.',
    authScopes: ADMIN_WRITE,
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The vendor to replace.' }), input: t.arg({ type: ReplaceVendorInput, required: true, description: 'The vendor\'s new fields.' }) },
    resolve: (query, _root, { id, input }, ctx) => vendors.writeVendor(domainOf(ctx), id, input, true, query),
  }),
  deleteVendor: t.prismaField({
    type: 'Vendor',
    nullable: true,
    description: 'Deletes a vendor and returns it as it was. Admins with a write key; NOT_FOUND; CONFLICT while assets still reference the vendor.',
    authScopes: ADMIN_WRITE,
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The vendor to delete.' }) },
    resolve: (query, _root, { id }, ctx) => vendors.deleteVendor(domainOf(ctx), id, query),
  }),
}));
