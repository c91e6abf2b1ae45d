// Location: where assets are. Deleting one that still holds assets is refused (CONFLICT).
import type { Prisma } from '../../generated/prisma/client.js';
import { auditedTransaction, lockRow } from '../../audit/audited-transaction.js';
import { builder } from '../builder.js';
import { actorFor } from '../context.js';
import { conflict, notFound } from '../../errors.js';
import { MAX_NAME, provided, text } from '../../domain/validate.js';
import { afterPageCheck, checkPageArgs, offsetArg, searchWhere, SortDirection, sortedBy, withOffset } from './common.js';

builder.prismaNode('Location', {
  id: { field: 'id' },
  fields: (t) => ({
    name: t.exposeString('name'),
    type: t.exposeString('type', { description: 'Office (default), Warehouse, Remote, …' }),
    address: t.exposeString('address', { nullable: true }),
    lat: t.expose('lat', { type: 'Latitude', nullable: true }),
    lng: t.expose('lng', { type: 'Longitude', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    assets: t.relatedConnection('assets', {
      cursor: 'id',
      totalCount: true,
      query: () => ({ orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
    }),
  }),
});

const LocationFilter = builder.inputType('LocationFilter', {
  fields: (t) => ({
    search: t.string({ description: 'Case-insensitive match on the name.' }),
    type: t.string({ description: 'Exact match.' }),
  }),
});

const LocationOrderField = builder.enumType('LocationOrderField', {
  values: { NAME: { value: 'name' }, CREATED_AT: { value: 'createdAt' }, TYPE: { value: 'type' } } as const,
});

const LocationOrder = builder.inputType('LocationOrder', {
  fields: (t) => ({
    field: t.field({ type: LocationOrderField, required: true }),
    direction: t.field({ type: SortDirection, defaultValue: 'asc' }),
  }),
});

function locationWhere(filter: typeof LocationFilter.$inferInput | null | undefined): Prisma.LocationWhereInput {
  return { ...(filter?.type != null && { type: filter.type }), ...searchWhere(['name'], filter?.search) };
}

builder.queryFields((t) => ({
  locations: t.prismaConnection({
    type: 'Location',
    nullable: true,
    cursor: 'id',
    authScopes: { read: true },
    args: {
      ...offsetArg,
      filter: t.arg({ type: LocationFilter }),
      orderBy: t.arg({ type: LocationOrder, description: 'Default: NAME ASC.' }),
    },
    totalCount: (_root, args, ctx) => afterPageCheck(args, () => ctx.prisma.location.count({ where: locationWhere(args.filter) })),
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.location.findMany({
        ...withOffset(query, checkPageArgs(args)),
        where: locationWhere(args.filter),
        orderBy: sortedBy(args.orderBy, { field: 'name', direction: 'asc' }),
      }),
  }, { name: 'LocationConnection' }, { name: 'LocationEdge' }),
  location: t.prismaField({
    type: 'Location',
    nullable: true,
    authScopes: { read: true },
    args: { id: t.arg({ type: 'UUID', required: true }) },
    resolve: (query, _root, { id }, ctx) => ctx.prisma.location.findUnique({ ...query, where: { id } }),
  }),
}));

const locationFields = (t: PothosSchemaTypes.InputFieldBuilder<any, 'InputObject'>, nameRequired: boolean) => ({
  name: t.string({ required: nameRequired }),
  type: t.string({ description: 'Default: Office.' }),
  address: t.string(),
  lat: t.field({ type: 'Latitude' }),
  lng: t.field({ type: 'Longitude' }),
});

const CreateLocationInput = builder.inputType('CreateLocationInput', { fields: (t) => locationFields(t, true) });
const UpdateLocationInput = builder.inputType('UpdateLocationInput', {
  description: 'Partial update: omitted fields keep their value, null clears a field.',
  fields: (t) => locationFields(t, false),
});

function locationData(input: Partial<typeof UpdateLocationInput.$inferInput>) {
  const fields = provided(input);
  const data: Prisma.LocationUncheckedUpdateInput = {};
  if ('name' in fields) data.name = text('name', fields.name, { max: MAX_NAME, required: true });
  if ('type' in fields) data.type = text('type', fields.type, { max: MAX_NAME }) || 'Office';
  if ('address' in fields) data.address = text('address', fields.address) || null;
  if ('lat' in fields) data.lat = fields.lat;
  if ('lng' in fields) data.lng = fields.lng;
  return data;
}

builder.mutationFields((t) => ({
  createLocation: t.prismaField({
    type: 'Location',
    nullable: true,
    authScopes: { $all: { write: true, admin: true } },
    args: { input: t.arg({ type: CreateLocationInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      auditedTransaction(ctx.prisma, actorFor(ctx), async (tx, audit) => {
        const created = await tx.location.create({
          ...query,
          data: { ...(locationData(input) as Prisma.LocationUncheckedCreateInput), organizationId: ctx.principal!.organizationId },
        });
        await audit({ action: 'location.created', entityType: 'Location', entityId: created.id, before: null, after: created });
        return created;
      }),
  }),
  updateLocation: t.prismaField({
    type: 'Location',
    nullable: true,
    authScopes: { $all: { write: true, admin: true } },
    args: { id: t.arg({ type: 'UUID', required: true }), input: t.arg({ type: UpdateLocationInput, required: true }) },
    resolve: (query, _root, { id, input }, ctx) =>
      auditedTransaction(ctx.prisma, actorFor(ctx), async (tx, audit) => {
        await lockRow(tx, 'Location', id);
        const before = await tx.location.findUnique({ where: { id } });
        if (!before) throw notFound('Location');
        const after = await tx.location.update({ ...query, where: { id }, data: locationData(input) });
        await audit({ action: 'location.updated', entityType: 'Location', entityId: id, before, after });
        return after;
      }),
  }),
  deleteLocation: t.prismaField({
    type: 'Location',
    nullable: true,
    description: 'CONFLICT while assets are still at the location: move or delete them first.',
    authScopes: { $all: { write: true, admin: true } },
    args: { id: t.arg({ type: 'UUID', required: true }) },
    resolve: (query, _root, { id }, ctx) =>
      auditedTransaction(ctx.prisma, actorFor(ctx), async (tx, audit) => {
        await lockRow(tx, 'Location', id);
        const before = await tx.location.findUnique({ where: { id }, include: { _count: { select: { assets: true } } } });
        if (!before) throw notFound('Location');
        if (before._count.assets > 0) throw conflict(`Location still has ${before._count.assets} asset(s): move them first`);
        const deleted = await tx.location.delete({ ...query, where: { id } });
        await audit({ action: 'location.deleted', entityType: 'Location', entityId: id, before, after: null });
        return deleted;
      }),
  }),
}));
