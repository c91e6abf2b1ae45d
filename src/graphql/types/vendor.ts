// Vendor: who sold an asset — object, queries, inputs, mutations (workflows: src/domain/vendors.ts).
import { RiskRating as RiskRatingValues, type Prisma } from '../../generated/prisma/client.js';
import * as vendors from '../../domain/vendors.js';
import { rowCount } from '../../db/row-counts.js';
import { builder } from '../builder.js';
import { domainOf } from '../context.js';
import { keysetOrder, keysetResolver, totalCountField, type SortKeys } from '../keyset/connection.js';
import { offsetArg, searchWhere, SortDirection } from './common.js';

export const RiskRating = builder.enumType('RiskRating', {
  values: { LOW: { value: 'Low' }, MEDIUM: { value: 'Medium' }, HIGH: { value: 'High' } } as const,
});

export const ComplianceStatus = builder.enumType('ComplianceStatus', {
  values: {
    COMPLIANT: { value: 'Compliant' },
    NON_COMPLIANT: { value: 'NonCompliant' },
    NOT_REVIEWED: { value: 'NotReviewed' },
  } as const,
});

export const VendorNode = builder.prismaNode('Vendor', {
  id: { field: 'id' },
  // Select mode: a query reads only the columns its fields need.
  select: { id: true },
  fields: (t) => ({
    name: t.exposeString('name'),
    category: t.exposeString('category', { nullable: true }),
    website: t.exposeString('website', { nullable: true }),
    riskRating: t.expose('riskRating', { type: RiskRating, nullable: true }),
    complianceStatus: t.expose('complianceStatus', { type: ComplianceStatus }),
    primaryContactName: t.exposeString('primaryContactName', { nullable: true }),
    primaryContactEmail: t.exposeString('primaryContactEmail', { nullable: true }),
    notes: t.exposeString('notes', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    assets: t.relatedConnection('assets', {
      cursor: 'id',
      totalCount: true,
      query: () => ({ orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
    }),
  }),
});

const VendorFilter = builder.inputType('VendorFilter', {
  fields: (t) => ({
    search: t.string({ description: 'Case-insensitive match on the name.' }),
    category: t.string({ description: 'Exact match.' }),
    riskRating: t.field({ type: RiskRating }),
  }),
});

const VendorOrderField = builder.enumType('VendorOrderField', {
  values: { NAME: { value: 'name' }, CREATED_AT: { value: 'createdAt' }, RISK_RATING: { value: 'riskRating' } } as const,
});

const VENDOR_ORDER_KEYS: SortKeys = {
  name: { kind: 'string', nullable: false },
  createdAt: { kind: 'date', nullable: false },
  riskRating: { kind: 'string', nullable: true, enumValues: Object.values(RiskRatingValues) },
};

const VendorOrder = builder.inputType('VendorOrder', {
  fields: (t) => ({
    field: t.field({ type: VendorOrderField, required: true }),
    direction: t.field({ type: SortDirection, defaultValue: 'asc' }),
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
    authScopes: { read: true },
    args: {
      ...offsetArg,
      filter: t.arg({ type: VendorFilter }),
      orderBy: t.arg({ type: VendorOrder, description: 'Default: NAME ASC.' }),
    },
    resolve: keysetResolver({
      typeName: 'Vendor',
      order: (args) => keysetOrder(args.orderBy, VENDOR_ORDER_KEYS, { field: 'name', direction: 'asc' }),
      where: (args) => vendorWhere(args.filter),
      findMany: (ctx, query) => ctx.prisma.vendor.findMany(query as Prisma.VendorFindManyArgs),
      count: (ctx, where) => ctx.prisma.vendor.count({ where }),
      countAll: (ctx) => rowCount(ctx.prisma, ctx.principal!.organizationId, 'vendors'),
    }),
  }, { name: 'VendorConnection', fields: totalCountField }, { name: 'VendorEdge' }),
  vendor: t.prismaField({
    type: 'Vendor',
    nullable: true,
    authScopes: { read: true },
    args: { id: t.arg({ type: 'UUID', required: true }) },
    resolve: (query, _root, { id }, ctx) => ctx.prisma.vendor.findUnique({ ...query, where: { id } }),
  }),
}));

const vendorFields = (t: PothosSchemaTypes.InputFieldBuilder<any, 'InputObject'>, nameRequired: boolean) => ({
  name: t.string({ required: nameRequired }),
  category: t.string(),
  website: t.field({ type: 'URL' }),
  riskRating: t.field({ type: RiskRating }),
  complianceStatus: t.field({ type: ComplianceStatus, description: 'Default: NOT_REVIEWED.' }),
  primaryContactName: t.string(),
  primaryContactEmail: t.field({ type: 'EmailAddress' }),
  notes: t.string(),
});

const CreateVendorInput = builder.inputType('CreateVendorInput', { fields: (t) => vendorFields(t, true) });
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
    authScopes: ADMIN_WRITE,
    args: { input: t.arg({ type: CreateVendorInput, required: true }) },
    resolve: (query, _root, { input }, ctx) => vendors.createVendor(domainOf(ctx), input, query),
  }),
  updateVendor: t.prismaField({
    type: 'Vendor',
    nullable: true,
    authScopes: ADMIN_WRITE,
    args: { id: t.arg({ type: 'UUID', required: true }), input: t.arg({ type: UpdateVendorInput, required: true }) },
    resolve: (query, _root, { id, input }, ctx) => vendors.writeVendor(domainOf(ctx), id, input, false, query),
  }),
  replaceVendor: t.prismaField({
    type: 'Vendor',
    nullable: true,
    authScopes: ADMIN_WRITE,
    args: { id: t.arg({ type: 'UUID', required: true }), input: t.arg({ type: ReplaceVendorInput, required: true }) },
    resolve: (query, _root, { id, input }, ctx) => vendors.writeVendor(domainOf(ctx), id, input, true, query),
  }),
  deleteVendor: t.prismaField({
    type: 'Vendor',
    nullable: true,
    description: 'CONFLICT while assets still reference the vendor.',
    authScopes: ADMIN_WRITE,
    args: { id: t.arg({ type: 'UUID', required: true }) },
    resolve: (query, _root, { id }, ctx) => vendors.deleteVendor(domainOf(ctx), id, query),
  }),
}));
