// Location: where assets are — object, queries, inputs, mutations (workflows: src/domain/locations.ts).
import type { Prisma } from '../../generated/prisma/client.js';
import * as locations from '../../domain/locations.js';
import { rowCount } from '../../db/row-counts.js';
import { builder } from '../builder.js';
import { domainOf } from '../context.js';
import { keysetOrder, keysetResolver, totalCountField, type SortKeys } from '../keyset/connection.js';
import { offsetArg, searchWhere, SortDirection } from './common.js';

export const LocationNode = builder.prismaNode('Location', {
  id: { field: 'id' },
  // Select mode: a query reads only the columns its fields need.
  select: { id: true },
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

const LOCATION_ORDER_KEYS: SortKeys = {
  name: { kind: 'string', nullable: false },
  createdAt: { kind: 'date', nullable: false },
  type: { kind: 'string', nullable: false },
};

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
  locations: t.connection({
    type: LocationNode,
    nullable: true,
    authScopes: { read: true },
    args: {
      ...offsetArg,
      filter: t.arg({ type: LocationFilter }),
      orderBy: t.arg({ type: LocationOrder, description: 'Default: NAME ASC.' }),
    },
    resolve: keysetResolver({
      typeName: 'Location',
      order: (args) => keysetOrder(args.orderBy, LOCATION_ORDER_KEYS, { field: 'name', direction: 'asc' }),
      where: (args) => locationWhere(args.filter),
      findMany: (ctx, query) => ctx.prisma.location.findMany(query as Prisma.LocationFindManyArgs),
      count: (ctx, where) => ctx.prisma.location.count({ where }),
      countAll: (ctx) => rowCount(ctx.prisma, ctx.principal!.organizationId, 'locations'),
    }),
  }, { name: 'LocationConnection', fields: totalCountField }, { name: 'LocationEdge' }),
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

const ADMIN_WRITE = { $all: { write: true, admin: true } } as const;

builder.mutationFields((t) => ({
  createLocation: t.prismaField({
    type: 'Location',
    nullable: true,
    authScopes: ADMIN_WRITE,
    args: { input: t.arg({ type: CreateLocationInput, required: true }) },
    resolve: (query, _root, { input }, ctx) => locations.createLocation(domainOf(ctx), input, query),
  }),
  updateLocation: t.prismaField({
    type: 'Location',
    nullable: true,
    authScopes: ADMIN_WRITE,
    args: { id: t.arg({ type: 'UUID', required: true }), input: t.arg({ type: UpdateLocationInput, required: true }) },
    resolve: (query, _root, { id, input }, ctx) => locations.updateLocation(domainOf(ctx), id, input, query),
  }),
  deleteLocation: t.prismaField({
    type: 'Location',
    nullable: true,
    description: 'CONFLICT while assets are still at the location: move or delete them first.',
    authScopes: ADMIN_WRITE,
    args: { id: t.arg({ type: 'UUID', required: true }) },
    resolve: (query, _root, { id }, ctx) => locations.deleteLocation(domainOf(ctx), id, query),
  }),
}));
