// License and LicenseSeat: software licences with their seats — objects, queries, inputs and
// mutations. The workflows live in src/domain/licenses.ts.
import { Prisma } from '../../generated/prisma/client.js';
import { maskSerial } from '../../crypto/field-cipher.js';
import * as licenses from '../../domain/licenses.js';
import { builder } from '../builder.js';
import { domainOf } from '../context.js';
import { keysetOrder, keysetResolver, totalCountField, type SortKeys } from '../keyset/connection.js';
import { offsetArg, searchWhere, SortDirection } from './common.js';

const ACTIVE_SEATS = { _count: { select: { seats: { where: { releasedAt: null } } } } } as const;

const LicenseSecrets = builder.objectRef<{ licenseKey: string | null }>('LicenseSecrets').implement({
  description: "A licence's encrypted fields in clear.",
  fields: (t) => ({ licenseKey: t.exposeString('licenseKey', { nullable: true, description: 'The licence key in clear.' }) }),
});

export const LicenseNode = builder.prismaNode('License', {
  id: { field: 'id' },
  // Select mode: a query reads only the columns its fields need.
  select: { id: true },
  description: 'A software licence: seats purchased from a vendor, assigned to users.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'What the licence is called, e.g. "Adobe Creative Cloud".' }),
    vendor: t.exposeString('vendor', { nullable: true, description: 'Who sells it.' }),
    product: t.exposeString('product', { nullable: true, description: 'The product licensed.' }),
    edition: t.exposeString('edition', { nullable: true, description: 'Edition or plan, e.g. "Business".' }),
    seatsPurchased: t.exposeInt('seatsPurchased', { description: 'Seats bought: assigning more answers CONFLICT.' }),
    seatsUsed: t.int({ select: ACTIVE_SEATS, description: 'Seats currently assigned (not released).', resolve: (license) => license._count.seats }),
    seatsAvailable: t.int({
      select: { seatsPurchased: true, ...ACTIVE_SEATS },
      description: 'Seats purchased minus seats used; negative when over-assigned (seatsPurchased lowered below the seats in use).',
      resolve: (license) => license.seatsPurchased - license._count.seats,
    }),
    costPerSeat: t.field({ type: 'Decimal', nullable: true, select: { costPerSeat: true }, description: 'Price of one seat, when given that way.', resolve: (license) => license.costPerSeat?.toFixed(2) ?? null }),
    totalCost: t.field({
      type: 'Decimal',
      nullable: true,
      select: { totalCost: true, costPerSeat: true, seatsPurchased: true },
      description: 'Price of the whole licence: as given, or costPerSeat × seatsPurchased.',
      resolve: (license) => (license.totalCost ?? license.costPerSeat?.mul(license.seatsPurchased))?.toFixed(2) ?? null,
    }),
    purchaseDate: t.expose('purchaseDate', { type: 'Date', nullable: true, description: 'When it was bought.' }),
    expiryDate: t.expose('expiryDate', { type: 'Date', nullable: true, description: 'When it expires or renews (license.expiring fires 30 days before).' }),
    licenseKey: t.string({
      nullable: true,
      select: { licenseKey: true },
      description: 'Masked: only the last 4 characters show. Stored encrypted; admins read it through `secrets`.',
      resolve: (license, _args, ctx) => (license.licenseKey ? maskSerial(ctx.cipher.decrypt(license.licenseKey)) : null),
    }),
    secrets: t.field({
      type: LicenseSecrets,
      nullable: true,
      select: { licenseKey: true },
      description: 'The fields kept encrypted at rest, in clear. Admins only.',
      authScopes: { admin: true },
      resolve: (license, _args, ctx) => ({ licenseKey: license.licenseKey ? ctx.cipher.decrypt(license.licenseKey) : null }),
    }),
    notes: t.exposeString('notes', { nullable: true, description: 'Free text.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the licence was recorded.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'Last change.' }),
    seats: t.relatedConnection('seats', {
      description: 'Seats of this licence, newest first: held ones only unless includeReleased.',
      cursor: 'id',
      totalCount: true,
      args: { includeReleased: t.arg.boolean({ defaultValue: false, description: 'Also list released seats (history).' }) },
      query: (args) => ({ where: args.includeReleased ? {} : { releasedAt: null }, orderBy: [{ assignedAt: 'desc' }, { id: 'desc' }] }),
    }, { description: 'A page of a licence\'s seats.', fields: totalCountField }, { description: 'A seat of the licence.' }),
  }),
});

builder.prismaNode('LicenseSeat', {
  id: { field: 'id' },
  select: { id: true },
  description: 'One seat of a licence held by a user; releasedAt is null while it is held.',
  fields: (t) => ({
    license: t.relation('license', { description: 'The licence the seat belongs to.' }),
    user: t.relation('user', { description: 'Who holds (or held) the seat.' }),
    assignedAt: t.expose('assignedAt', { type: 'DateTime', description: 'When the seat was assigned.' }),
    releasedAt: t.expose('releasedAt', { type: 'DateTime', nullable: true, description: 'When it was released; null while held.' }),
    performedBy: t.relation('performedBy', { nullable: true, description: 'Who assigned it.' }),
  }),
});

builder.prismaObjectField('User', 'seats', (t) =>
  t.relatedConnection('licenseSeats', {
    description: 'Licence seats this user holds, newest first (released ones too with includeReleased).',
    cursor: 'id',
    totalCount: true,
    args: { includeReleased: t.arg.boolean({ defaultValue: false, description: 'Also list released seats (history).' }) },
    query: (args) => ({ where: args.includeReleased ? {} : { releasedAt: null }, orderBy: [{ assignedAt: 'desc' }, { id: 'desc' }] }),
  }, { description: 'A page of the licence seats a user holds.', fields: totalCountField }, { description: 'A seat the user holds.' }),
);

const LicenseOrderField = builder.enumType('LicenseOrderField', {
  description: 'What licences can be sorted by.',
  values: {
    NAME: { value: 'name', description: 'Name.' },
    VENDOR: { value: 'vendor', description: 'Vendor (licences without one last).' },
    EXPIRY_DATE: { value: 'expiryDate', description: 'Expiry date (licences without one last).' },
    CREATED_AT: { value: 'createdAt', description: 'When recorded.' },
  } as const,
});

const LICENSE_ORDER_KEYS: SortKeys = {
  name: { kind: 'string', nullable: false },
  vendor: { kind: 'string', nullable: true },
  expiryDate: { kind: 'date', nullable: true },
  createdAt: { kind: 'date', nullable: false },
};

const LicenseOrder = builder.inputType('LicenseOrder', {
  description: 'The order of a licence list (ties broken by id).',
  fields: (t) => ({
    field: t.field({ type: LicenseOrderField, required: true, description: 'The sort key.' }),
    direction: t.field({ type: SortDirection, defaultValue: 'asc', description: 'Default: ASC.' }),
  }),
});

const LicenseFilter = builder.inputType('LicenseFilter', {
  description: 'Conditions every listed licence meets.',
  fields: (t) => ({
    search: t.string({ description: 'Case-insensitive: part of the name, vendor or product.' }),
    vendor: t.string({ description: 'Exact match on the vendor.' }),
    expiresBefore: t.field({ type: 'Date', description: 'Expiry date on or before this date.' }),
    expiresAfter: t.field({ type: 'Date', description: 'Expiry date on or after this date.' }),
  }),
});

function licenseWhere(filter: typeof LicenseFilter.$inferInput | null | undefined): Prisma.LicenseWhereInput {
  if (!filter) return {};
  const expiry = { ...(filter.expiresBefore && { lte: filter.expiresBefore }), ...(filter.expiresAfter && { gte: filter.expiresAfter }) };
  return {
    ...(filter.vendor != null && { vendor: filter.vendor }),
    ...(Object.keys(expiry).length > 0 && { expiryDate: expiry }),
    ...searchWhere(['name', 'vendor', 'product'], filter.search),
  };
}

builder.queryFields((t) => ({
  licenses: t.connection({
    type: LicenseNode,
    nullable: true,
    description: 'Software licences of your organization.',
    authScopes: { read: true },
    args: {
      ...offsetArg,
      filter: t.arg({ type: LicenseFilter, description: 'Conditions every licence meets.' }),
      orderBy: t.arg({ type: LicenseOrder, description: 'Default: NAME ASC.' }),
    },
    resolve: keysetResolver({
      typeName: 'License',
      order: (args) => keysetOrder(args.orderBy, LICENSE_ORDER_KEYS, { field: 'name', direction: 'asc' }),
      where: (args) => licenseWhere(args.filter),
      findMany: (ctx, query) => ctx.prisma.license.findMany(query as Prisma.LicenseFindManyArgs),
      count: (ctx, where) => ctx.prisma.license.count({ where }),
    }),
  }, { name: 'LicenseConnection', description: 'A page of licences.', fields: totalCountField }, { name: 'LicenseEdge', description: 'A licence in a page.' }),
  license: t.prismaField({
    type: 'License',
    nullable: true,
    description: 'One licence by id (null when it does not exist in your organization).',
    authScopes: { read: true },
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The licence id.' }) },
    resolve: (query, _root, { id }, ctx) => ctx.prisma.license.findUnique({ ...query, where: { id } }),
  }),
}));

const licenseFields = (t: PothosSchemaTypes.InputFieldBuilder<any, 'InputObject'>, required: boolean) => ({
  name: t.string({ required, description: 'What the licence is called.' }),
  vendor: t.string({ description: 'Who sells it.' }),
  product: t.string({ description: 'The product licensed.' }),
  edition: t.string({ description: 'Edition or plan.' }),
  seatsPurchased: t.int({ required, description: `Seats bought (0 to ${licenses.MAX_SEATS}).` }),
  costPerSeat: t.field({ type: 'Decimal', description: 'Price of one seat (or give totalCost, not both).' }),
  totalCost: t.field({ type: 'Decimal', description: 'Price of the whole licence (or give costPerSeat, not both).' }),
  purchaseDate: t.field({ type: 'Date', description: 'When it was bought.' }),
  expiryDate: t.field({ type: 'Date', description: 'When it expires or renews; not before purchaseDate.' }),
  licenseKey: t.string({ description: 'Stored encrypted; answers show its last 4 characters.' }),
  notes: t.string({ description: 'Free text.' }),
});

const CreateLicenseInput = builder.inputType('CreateLicenseInput', { description: 'A new licence.', fields: (t) => licenseFields(t, true) });
const UpdateLicenseInput = builder.inputType('UpdateLicenseInput', {
  description: 'Partial update: omitted fields keep their value, null clears a field.',
  fields: (t) => licenseFields(t, false),
});
const AssignLicenseSeatInput = builder.inputType('AssignLicenseSeatInput', {
  description: 'Who gets a seat of which licence.',
  fields: (t) => ({
    licenseId: t.field({ type: 'UUID', required: true, description: 'The licence.' }),
    userId: t.field({ type: 'UUID', required: true, description: 'An active user without a seat of this licence.' }),
  }),
});

const ADMIN_WRITE = { $all: { write: true, admin: true } } as const;
const ID_ARG = { type: 'UUID', required: true, description: 'The licence id.' } as const;

builder.mutationFields((t) => ({
  createLicense: t.prismaField({
    type: 'License', nullable: true, description: 'Records a licence (webhook license.created).', authScopes: ADMIN_WRITE,
    args: { input: t.arg({ type: CreateLicenseInput, required: true, description: 'The licence.' }) },
    resolve: (query, _root, { input }, ctx) => licenses.createLicense(domainOf(ctx), input, query),
  }),
  updateLicense: t.prismaField({
    type: 'License', nullable: true, description: 'Partial update of a licence.', authScopes: ADMIN_WRITE,
    args: { id: t.arg(ID_ARG), input: t.arg({ type: UpdateLicenseInput, required: true, description: 'The fields to change.' }) },
    resolve: (query, _root, { id, input }, ctx) => licenses.updateLicense(domainOf(ctx), id, input, query),
  }),
  deleteLicense: t.prismaField({
    type: 'License', nullable: true, description: 'Deletes a licence and its seat history; its audit events stay.', authScopes: ADMIN_WRITE,
    args: { id: t.arg(ID_ARG) },
    resolve: (query, _root, { id }, ctx) => licenses.deleteLicense(domainOf(ctx), id, query),
  }),
  assignLicenseSeat: t.prismaField({
    type: 'LicenseSeat', nullable: true,
    description: 'Gives a user a seat (webhook license.seat_assigned). CONFLICT when every purchased seat is taken, or the user is inactive or already holds one.',
    authScopes: ADMIN_WRITE,
    args: { input: t.arg({ type: AssignLicenseSeatInput, required: true, description: 'The licence and the user.' }) },
    resolve: (query, _root, { input }, ctx) => licenses.assignSeat(domainOf(ctx), input, query),
  }),
  releaseLicenseSeat: t.prismaField({
    type: 'LicenseSeat', nullable: true,
    description: 'Releases a held seat, kept as history (webhook license.seat_released). CONFLICT when it was already released.',
    authScopes: ADMIN_WRITE,
    args: {
      id: t.arg({ type: 'UUID', required: true, description: 'The seat id.' }),
      licenseId: t.arg({ type: 'UUID', description: 'When given, the seat must belong to this licence (NOT_FOUND otherwise).' }),
    },
    resolve: (query, _root, { id, licenseId }, ctx) => licenses.releaseSeat(domainOf(ctx), id, licenseId, query),
  }),
}));
