// Vendor: who sold an asset. Deleting one that still has assets is refused (CONFLICT).
import type { Prisma } from '../../generated/prisma/client.js';
import { auditedTransaction, lockRow } from '../../audit/audited-transaction.js';
import { builder } from '../builder.js';
import { actorFor, type Context } from '../context.js';
import { conflict, notFound } from '../../errors.js';
import { MAX_NAME, MAX_NOTES, provided, text } from '../../domain/validate.js';
import { afterPageCheck, checkPageArgs, offsetArg, searchWhere, SortDirection, sortedBy, withOffset } from './common.js';

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

builder.prismaNode('Vendor', {
  id: { field: 'id' },
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
  vendors: t.prismaConnection({
    type: 'Vendor',
    nullable: true,
    cursor: 'id',
    authScopes: { read: true },
    args: {
      ...offsetArg,
      filter: t.arg({ type: VendorFilter }),
      orderBy: t.arg({ type: VendorOrder, description: 'Default: NAME ASC.' }),
    },
    totalCount: (_root, args, ctx) => afterPageCheck(args, () => ctx.prisma.vendor.count({ where: vendorWhere(args.filter) })),
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.vendor.findMany({
        ...withOffset(query, checkPageArgs(args)),
        where: vendorWhere(args.filter),
        orderBy: sortedBy(args.orderBy, { field: 'name', direction: 'asc' }),
      }),
  }, { name: 'VendorConnection' }, { name: 'VendorEdge' }),
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

type VendorInput = Partial<typeof UpdateVendorInput.$inferInput>;

function vendorData(input: VendorInput) {
  const fields = provided(input);
  const data: Prisma.VendorUncheckedUpdateInput = {};
  if ('name' in fields) data.name = text('name', fields.name, { max: MAX_NAME, required: true });
  if ('category' in fields) data.category = text('category', fields.category) || null;
  if ('website' in fields) data.website = fields.website ? String(fields.website) : null;
  if ('riskRating' in fields) data.riskRating = fields.riskRating;
  if ('complianceStatus' in fields) data.complianceStatus = fields.complianceStatus ?? 'NotReviewed';
  if ('primaryContactName' in fields) data.primaryContactName = text('primaryContactName', fields.primaryContactName) || null;
  if ('primaryContactEmail' in fields) data.primaryContactEmail = fields.primaryContactEmail?.toLowerCase() ?? null;
  if ('notes' in fields) data.notes = text('notes', fields.notes, { max: MAX_NOTES }) || null;
  return data;
}

const CLEARED: VendorInput = {
  category: null, website: null, riskRating: null, complianceStatus: null,
  primaryContactName: null, primaryContactEmail: null, notes: null,
};

builder.mutationFields((t) => {
  const writeVendor = (replace: boolean) =>
    (query: { include?: Prisma.VendorInclude; select?: Prisma.VendorSelect }, _root: unknown,
      { id, input }: { id: string; input: VendorInput }, ctx: Context) =>
      auditedTransaction(ctx.prisma, actorFor(ctx), async (tx, audit) => {
        await lockRow(tx, 'Vendor', id);
        const before = await tx.vendor.findUnique({ where: { id } });
        if (!before) throw notFound('Vendor');
        const data = vendorData(replace ? { ...CLEARED, ...provided(input) } : input);
        const after = await tx.vendor.update({ ...query, where: { id }, data });
        await audit({ action: 'vendor.updated', entityType: 'Vendor', entityId: id, before, after });
        return after;
      });

  return {
    createVendor: t.prismaField({
      type: 'Vendor',
      nullable: true,
      authScopes: { $all: { write: true, admin: true } },
      args: { input: t.arg({ type: CreateVendorInput, required: true }) },
      resolve: (query, _root, { input }, ctx) =>
        auditedTransaction(ctx.prisma, actorFor(ctx), async (tx, audit) => {
          const created = await tx.vendor.create({
            ...query,
            data: { ...(vendorData(input) as Prisma.VendorUncheckedCreateInput), organizationId: ctx.principal!.organizationId },
          });
          await audit({ action: 'vendor.created', entityType: 'Vendor', entityId: created.id, before: null, after: created });
          return created;
        }),
    }),
    updateVendor: t.prismaField({
      type: 'Vendor',
      nullable: true,
      authScopes: { $all: { write: true, admin: true } },
      args: { id: t.arg({ type: 'UUID', required: true }), input: t.arg({ type: UpdateVendorInput, required: true }) },
      resolve: writeVendor(false),
    }),
    replaceVendor: t.prismaField({
      type: 'Vendor',
      nullable: true,
      authScopes: { $all: { write: true, admin: true } },
      args: { id: t.arg({ type: 'UUID', required: true }), input: t.arg({ type: ReplaceVendorInput, required: true }) },
      resolve: writeVendor(true),
    }),
    deleteVendor: t.prismaField({
      type: 'Vendor',
      nullable: true,
      description: 'CONFLICT while assets still reference the vendor.',
      authScopes: { $all: { write: true, admin: true } },
      args: { id: t.arg({ type: 'UUID', required: true }) },
      resolve: (query, _root, { id }, ctx) =>
        auditedTransaction(ctx.prisma, actorFor(ctx), async (tx, audit) => {
          await lockRow(tx, 'Vendor', id);
          const before = await tx.vendor.findUnique({ where: { id }, include: { _count: { select: { assets: true } } } });
          if (!before) throw notFound('Vendor');
          if (before._count.assets > 0) throw conflict(`Vendor still has ${before._count.assets} asset(s): reassign them first`);
          const deleted = await tx.vendor.delete({ ...query, where: { id } });
          await audit({ action: 'vendor.deleted', entityType: 'Vendor', entityId: id, before, after: null });
          return deleted;
        }),
    }),
  };
});
