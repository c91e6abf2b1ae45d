// Location: where assets are — object, queries, inputs, mutations (workflows: src/domain/locations.ts).
import type { Prisma } from '../../generated/prisma/client.js';
import * as locations from '../../domain/locations.js';
import { rowCount } from '../../db/row-counts.js';
import { builder } from '../builder.js';
import { domainOf } from '../context.js';
import { keysetOrder, keysetResolver, totalCountField, type SortKeys } from '../keyset/connection.js';
import { offsetArg, relatedPageOrder, searchWhere, SortDirection } from './common.js';

export const LocationNode = builder.prismaNode('Location', {
  id: { field: 'id' },
  // Select mode: a query reads only the columns its fields need.
  select: { id: true },
  description: 'A place where assets are kept: an office, a warehouse, someone\'s home office.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'What the place is called, e.g. "Berlin HQ".' }),
    type: t.exposeString('type', { description: 'Office (default), Warehouse, Remote, …' }),
    address: t.exposeString('address', { nullable: true, description: 'Postal address, free text; null when not set.' }),
    lat: t.expose('lat', { type: 'Latitude', nullable: true, description: 'Latitude in decimal degrees (WGS 84, −90 to 90); null when not set.' }),
    lng: t.expose('lng', { type: 'Longitude', nullable: true, description: 'Longitude in decimal degrees (WGS 84, −180 to 180); null when not set.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the location was created.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the location last changed.' }),
    assets: t.relatedConnection('assets', {
      description: 'The assets at this location, by name.',
      cursor: 'id',
      totalCount: true,
      ...relatedPageOrder({ model: 'Asset', parentKey: 'locationId', order: [['name', 'asc'], ['id', 'asc']], cursor: 'id' }),
    }, { description: 'One page of a location\'s assets, with the total count.', fields: totalCountField }, { description: 'One asset of the page, with its cursor.' }),
  }),
});

const LocationFilter = builder.inputType('LocationFilter', {
  description: 'Which locations to list; every field given must match (AND).',
  fields: (t) => ({
    search: t.string({ description: 'Case-insensitive match on the name.' }),
    type: t.string({ description: 'Locations of exactly this type, e.g. Warehouse (case-sensitive).' }),
  }),
});

const LocationOrderField = builder.enumType('LocationOrderField', {
  description: 'What `locations` can be sorted by.',
  values: { NAME: { value: 'name', description: 'By name.' }, CREATED_AT: { value: 'createdAt', description: 'By creation time.' }, TYPE: { value: 'type', description: 'By type (as text).' } } as const,
});

const LOCATION_ORDER_KEYS: SortKeys = {
  name: { kind: 'string', nullable: false },
  createdAt: { kind: 'date', nullable: false },
  type: { kind: 'string', nullable: false },
};

const LocationOrder = builder.inputType('LocationOrder', {
  description: 'The order of `locations`; ties are broken by id.',
  fields: (t) => ({
    field: t.field({ type: LocationOrderField, required: true, description: 'What to sort by.' }),
    direction: t.field({ type: SortDirection, defaultValue: 'asc', description: 'Default: ASC.' }),
  }),
});

function locationWhere(filter: typeof LocationFilter.$inferInput | null | undefined): Prisma.LocationWhereInput {
  return { ...(filter?.type != null && { type: filter.type }), ...searchWhere(['name'], filter?.search) };
}

builder.queryFields((t) => ({
  locations: t.connection({
    type: LocationNode,
    nullable: true,
    description: 'The organization\'s locations, filtered and ordered (default: by name). Needs the read scope.',
    authScopes: { read: true },
    args: {
      ...offsetArg,
      filter: t.arg({ type: LocationFilter, description: 'Which locations; omitted: all of them.' }),
      orderBy: t.arg({ type: LocationOrder, description: 'Default: NAME ASC.' }),
    },
    resolve: keysetResolver({
      typeName: 'Location',
      order: (args) => keysetOrder(args.orderBy, LOCATION_ORDER_KEYS, { field: 'name', direction: 'asc' }),
      where: (args) => locationWhere(args.filter),
      findMany: (ctx, query) => ctx.prisma.location.findMany(query as Prisma.LocationFindManyArgs),
      count: (ctx, where) => ctx.prisma.location.count({ where }),
      countAll: (ctx) => rowCount(ctx.prisma, ctx.principal!.organizationId, 'locations'),
      sql: { countAll: 'locations' },
    }),
  }, { name: 'LocationConnection', description: 'One page of locations, with the total count.', fields: totalCountField }, { name: 'LocationEdge', description: 'One location of the page, with its cursor.' }),
  location: t.prismaField({
    type: 'Location',
    nullable: true,
    description: 'One location by id; null when there is none in your organization. Needs the read scope.',
    authScopes: { read: true },
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The location\'s id.' }) },
    // A plain lookup by id: compiled reads (src/graphql/compiled) may answer it in SQL.
    extensions: { sqlLookup: { by: 'id' } },
    resolve: (query, _root, { id }, ctx) => ctx.prisma.location.findUnique({ ...query, where: { id } }),
  }),
}));

const locationFields = (t: PothosSchemaTypes.InputFieldBuilder<any, 'InputObject'>, nameRequired: boolean) => ({
  name: t.string({ required: nameRequired, description: '1–200 characters, not blank.' }),
  type: t.string({ description: 'Free text, e.g. Office, Warehouse, Remote; Office when omitted or blank.' }),
  address: t.string({ description: 'Postal address, free text.' }),
  lat: t.field({ type: 'Latitude', description: 'Decimal degrees, −90 to 90.' }),
  lng: t.field({ type: 'Longitude', description: 'Decimal degrees, −180 to 180.' }),
});

const CreateLocationInput = builder.inputType('CreateLocationInput', { description: 'A new location; only name is required.', fields: (t) => locationFields(t, true) });
const UpdateLocationInput = builder.inputType('UpdateLocationInput', {
  description: 'Partial update: omitted fields keep their value, null clears a field.',
  fields: (t) => locationFields(t, false),
});

const ADMIN_WRITE = { $all: { write: true, admin: true } } as const;

builder.mutationFields((t) => ({
  createLocation: t.prismaField({
    type: 'Location',
    nullable: true,
    description: 'Creates a location and returns it. Admins with a write key; BAD_USER_INPUT naming the field.',
    authScopes: ADMIN_WRITE,
    args: { input: t.arg({ type: CreateLocationInput, required: true, description: 'The new location.' }) },
    resolve: (query, _root, { input }, ctx) => locations.createLocation(domainOf(ctx), input, query),
  }),
  updateLocation: t.prismaField({
    type: 'Location',
    nullable: true,
    description: 'Changes the fields given and returns the location. Admins with a write key; NOT_FOUND, BAD_USER_INPUT.',
    authScopes: ADMIN_WRITE,
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The location to change.' }), input: t.arg({ type: UpdateLocationInput, required: true, description: 'The fields to change.' }) },
    resolve: (query, _root, { id, input }, ctx) => locations.updateLocation(domainOf(ctx), id, input, query),
  }),
  deleteLocation: t.prismaField({
    type: 'Location',
    nullable: true,
    description: 'Deletes a location and returns it as it was. Admins with a write key; NOT_FOUND; CONFLICT while assets are still at the location: move or delete them first.',
    authScopes: ADMIN_WRITE,
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The location to delete.' }) },
    resolve: (query, _root, { id }, ctx) => locations.deleteLocation(domainOf(ctx), id, query),
  }),
}));
