// Asset: the object (with its checkout history and audit trail), queries, inputs and mutations.
// The workflows behind the mutations live in src/domain/assets.ts.
import { AssetStatus as AssetStatusValues, type Prisma } from '../../generated/prisma/client.js';
import { MASKED_NOTES, maskSerial, type FieldCipher } from '../../crypto/field-cipher.js';
import * as assets from '../../domain/assets.js';
import { assetEventLoaders } from '../asset-events-loader.js';
import { rowCount } from '../../db/row-counts.js';
import { builder } from '../builder.js';
import { domainOf } from '../context.js';
import { newestFirst } from './audit-event.js';
import { keysetOrder, keysetResolver, totalCountField, type SortKeys } from '../keyset/connection.js';
import { checkPageArgs, offsetArg, searchWhere, SortDirection, withOffset } from './common.js';

export const AssetStatus = builder.enumType('AssetStatus', {
  values: {
    ACTIVE: { value: 'active' },
    CHECKED_OUT: { value: 'checked_out', description: 'Checked out to a user (checkoutAsset).' },
    CHECKED_IN: { value: 'checked_in' },
    MAINTENANCE: { value: 'maintenance' },
    RETIRED: { value: 'retired' },
  } as const,
});

const AssetSecrets = builder.objectRef<{ serialNumber: string | null; notes: string | null }>('AssetSecrets').implement({
  description: 'An asset\'s encrypted fields in clear.',
  fields: (t) => ({
    serialNumber: t.exposeString('serialNumber', { nullable: true }),
    notes: t.exposeString('notes', { nullable: true }),
  }),
});

// The same rule as the admin-only `secrets` field: admins may read encrypted fields in clear.
const mayDecrypt = (ctx: { principal: { role: string } | null }) => ctx.principal?.role === 'admin';

export const AssetNode = builder.prismaNode('Asset', {
  id: { field: 'id' },
  // Select mode: a query reads only the columns its fields need.
  select: { id: true },
  fields: (t) => ({
    assetTag: t.exposeString('assetTag', { description: 'Unique per organization; IT-0001… when not given.' }),
    name: t.exposeString('name'),
    category: t.exposeString('category', { nullable: true }),
    status: t.expose('status', { type: AssetStatus }),
    serialNumber: t.string({
      nullable: true,
      select: { serialNumber: true },
      description: 'Masked: only the last 4 characters show. Stored encrypted; admins read it through `secrets`, or with `reveal: true`.',
      args: {
        reveal: t.arg.boolean({
          defaultValue: false,
          description: 'In clear when the caller may decrypt (admins), masked otherwise: for clients that show one field to every caller.',
        }),
      },
      resolve: (asset, { reveal }, ctx) => {
        if (!asset.serialNumber) return null;
        const clear = ctx.cipher.decrypt(asset.serialNumber);
        return reveal && mayDecrypt(ctx) ? clear : maskSerial(clear);
      },
    }),
    value: t.field({ type: 'Decimal', nullable: true, select: { value: true }, resolve: (asset) => asset.value?.toFixed(2) ?? null }),
    purchaseDate: t.expose('purchaseDate', { type: 'Date', nullable: true }),
    warrantyExpiry: t.expose('warrantyExpiry', { type: 'Date', nullable: true }),
    manufacturer: t.exposeString('manufacturer', { nullable: true }),
    model: t.exposeString('model', { nullable: true }),
    notes: t.string({
      nullable: true,
      select: { notes: true },
      description: 'Masked. Stored encrypted; admins read it through `secrets`, or with `reveal: true`.',
      args: { reveal: t.arg.boolean({ defaultValue: false, description: 'In clear when the caller may decrypt (admins), masked otherwise.' }) },
      resolve: (asset, { reveal }, ctx) => {
        if (!asset.notes) return null;
        return reveal && mayDecrypt(ctx) ? ctx.cipher.decrypt(asset.notes) : MASKED_NOTES;
      },
    }),
    secrets: t.field({
      type: AssetSecrets,
      nullable: true,
      select: { serialNumber: true, notes: true },
      description: 'The fields kept encrypted at rest, in clear. Admins only.',
      authScopes: { admin: true },
      resolve: (asset, _args, ctx) => ({
        serialNumber: asset.serialNumber ? ctx.cipher.decrypt(asset.serialNumber) : null,
        notes: asset.notes ? ctx.cipher.decrypt(asset.notes) : null,
      }),
    }),
    customFields: t.field({ type: 'JSONObject', select: { customFields: true }, resolve: (asset) => asset.customFields as Record<string, unknown> }),
    location: t.relation('location', { nullable: true }),
    vendor: t.relation('vendor', { nullable: true }),
    owner: t.relation('owner', { nullable: true }),
    assignedUser: t.relation('assignedUser', { nullable: true }),
    expectedReturn: t.expose('expectedReturn', { type: 'Date', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    assignments: t.relatedConnection('assignments', {
      description: 'Checkout history, newest first.',
      cursor: 'id',
      totalCount: true,
      query: () => ({ orderBy: [{ checkedOutAt: 'desc' }, { id: 'desc' }] }),
    }),
  }),
});

const AssetOrderField = builder.enumType('AssetOrderField', {
  values: {
    NAME: { value: 'name' },
    CREATED_AT: { value: 'createdAt' },
    STATUS: { value: 'status' },
    CATEGORY: { value: 'category' },
    VALUE: { value: 'value' },
    ASSET_TAG: { value: 'assetTag' },
  } as const,
});

const ASSET_ORDER_KEYS: SortKeys = {
  name: { kind: 'string', nullable: false },
  createdAt: { kind: 'date', nullable: false },
  status: { kind: 'string', nullable: false, enumValues: Object.values(AssetStatusValues) },
  category: { kind: 'string', nullable: true },
  value: { kind: 'decimal', nullable: true },
  assetTag: { kind: 'string', nullable: false },
};

const AssetOrder = builder.inputType('AssetOrder', {
  fields: (t) => ({
    field: t.field({ type: AssetOrderField, required: true }),
    direction: t.field({ type: SortDirection, defaultValue: 'desc' }),
  }),
});

const AssetFilter = builder.inputType('AssetFilter', {
  fields: (t) => ({
    status: t.field({ type: AssetStatus }),
    statuses: t.field({ type: [AssetStatus], description: 'Any of these statuses.' }),
    category: t.string({ description: 'Exact match.' }),
    locationId: t.field({ type: 'UUID' }),
    vendorId: t.field({ type: 'UUID' }),
    ownerId: t.field({ type: 'UUID' }),
    assignedUserId: t.field({ type: 'UUID' }),
    search: t.string({
      description: 'Case-insensitive: part of the name or asset tag, or the whole serial number (serials are encrypted, so only an exact match can be found).',
    }),
    customFields: t.field({
      type: 'JSONObject',
      description: 'Custom fields holding every one of these key/value pairs (exact JSON match, AND-ed); served by a GIN index.',
    }),
  }),
});

type AssetFilterShape = typeof AssetFilter.$inferInput;

function assetWhere(filter: AssetFilterShape | null | undefined, cipher: FieldCipher): Prisma.AssetWhereInput {
  if (!filter) return {};
  const { search, statuses, customFields, ...exact } = filter;
  const textSearch = searchWhere(['name', 'assetTag'], search);
  const and: Prisma.AssetWhereInput[] = [];
  if (statuses) and.push({ status: { in: statuses } });
  // `[custom_fields] @> [{…}]`: containment, which the GIN index on custom_fields_match serves.
  if (customFields && Object.keys(customFields).length) and.push({ customFieldsMatch: { array_contains: [customFields as Prisma.InputJsonObject] } });
  return {
    ...Object.fromEntries(Object.entries(exact).filter(([, value]) => value != null)),
    ...(and.length && { AND: and }),
    ...(textSearch.OR && { OR: [...textSearch.OR, { serialNumberHash: cipher.blindIndex(search!) }] }),
  };
}


builder.queryFields((t) => ({
  assets: t.connection({
    type: AssetNode,
    nullable: true,
    authScopes: { read: true },
    args: {
      ...offsetArg,
      filter: t.arg({ type: AssetFilter }),
      orderBy: t.arg({ type: AssetOrder, description: 'Default: CREATED_AT DESC.' }),
    },
    resolve: keysetResolver({
      typeName: 'Asset',
      order: (args) => keysetOrder(args.orderBy, ASSET_ORDER_KEYS, { field: 'createdAt', direction: 'desc' }),
      where: (args, ctx) => assetWhere(args.filter, ctx.cipher),
      findMany: (ctx, query) => ctx.prisma.asset.findMany(query as Prisma.AssetFindManyArgs),
      count: (ctx, where) => ctx.prisma.asset.count({ where }),
      countAll: (ctx) => rowCount(ctx.prisma, ctx.principal!.organizationId, 'assets'),
    }),
  }, { name: 'AssetConnection', fields: totalCountField }, { name: 'AssetEdge' }),
  asset: t.prismaField({
    type: 'Asset',
    nullable: true,
    authScopes: { read: true },
    args: { id: t.arg({ type: 'UUID', required: true }) },
    resolve: (query, _root, { id }, ctx) => ctx.prisma.asset.findUnique({ ...query, where: { id } }),
  }),
}));

// Events keep no foreign key to their entity (they outlive it), so Prisma cannot join them:
// first pages for a list of assets are loaded in one batch instead (asset-events-loader.ts).
builder.prismaObjectField('Asset', 'auditEvents', (t) =>
  t.prismaConnection({
    type: 'AuditEvent',
    cursor: 'id',
    description: 'Changes to this asset, newest first.',
    totalCount: (asset, _args, ctx) => assetEventLoaders(ctx).count.load(asset.id),
    resolve: (query, asset, args, ctx) => {
      const offset = checkPageArgs(args);
      const firstPage = !query.cursor && !offset && (query.take ?? 0) > 0;
      if (firstPage) return assetEventLoaders(ctx).firstPage(query).load(asset.id);
      return ctx.prisma.auditEvent.findMany({
        ...withOffset(query, offset),
        where: { entityType: 'Asset', entityId: asset.id },
        orderBy: newestFirst(),
      });
    },
  }),
);

// ---- mutations ----

const assetFields = (t: PothosSchemaTypes.InputFieldBuilder<any, 'InputObject'>, nameRequired: boolean) => ({
  name: t.string({ required: nameRequired }),
  assetTag: t.string({ description: 'Generated (IT-0001, IT-0002, …) when omitted on create.' }),
  category: t.string(),
  status: t.field({ type: AssetStatus, description: 'CHECKED_OUT is set by checkoutAsset only.' }),
  serialNumber: t.string(),
  value: t.field({ type: 'Decimal' }),
  purchaseDate: t.field({ type: 'Date' }),
  warrantyExpiry: t.field({ type: 'Date' }),
  manufacturer: t.string(),
  model: t.string(),
  notes: t.string(),
  customFields: t.field({ type: 'JSONObject' }),
  locationId: t.field({ type: 'UUID' }),
  vendorId: t.field({ type: 'UUID' }),
  ownerId: t.field({ type: 'UUID' }),
});

const CreateAssetInput = builder.inputType('CreateAssetInput', {
  fields: (t) => ({
    ...assetFields(t, true),
    assignedUserId: t.field({ type: 'UUID', description: 'Check the new asset out to this user at once.' }),
    expectedReturn: t.field({ type: 'Date', description: 'With assignedUserId.' }),
  }),
});
// Clients that send the whole asset back (REST PUT) include its assignee: accepted when it is the
// current one, CONFLICT otherwise, since the checkout state changes only by checkout/checkin.
const currentAssignee = (t: PothosSchemaTypes.InputFieldBuilder<any, 'InputObject'>) => ({
  assignedUserId: t.field({ type: 'UUID', description: 'Must be the current assignee (or omitted): use checkoutAsset/checkinAsset to change it.' }),
});
const UpdateAssetInput = builder.inputType('UpdateAssetInput', {
  description: 'Partial update: omitted fields keep their value, null clears a field.',
  fields: (t) => ({ ...assetFields(t, false), ...currentAssignee(t) }),
});
const ReplaceAssetInput = builder.inputType('ReplaceAssetInput', {
  description:
    'Full replace: omitted fields are cleared (status to ACTIVE). The checkout state changes only through checkoutAsset/checkinAsset.',
  fields: (t) => ({ ...assetFields(t, true), ...currentAssignee(t) }),
});
const CheckoutAssetInput = builder.inputType('CheckoutAssetInput', {
  fields: (t) => ({
    assetId: t.field({ type: 'UUID', required: true }),
    userId: t.field({ type: 'UUID', required: true }),
    expectedReturn: t.field({ type: 'Date' }),
  }),
});

const ADMIN_WRITE = { $all: { write: true, admin: true } } as const;
const byPermission = (permission: 'asset:create' | 'assignment:update' | 'asset:location') => ({ $all: { admin: true, permission } }) as const;
const ID_ARG = { type: 'UUID', required: true } as const;

builder.mutationFields((t) => ({
  createAsset: t.prismaField({
    type: 'Asset',
    nullable: true,
    description: 'Admins: a write key, or a key with the asset:create permission (Business plan or higher).',
    authScopes: byPermission('asset:create'),
    args: { input: t.arg({ type: CreateAssetInput, required: true }) },
    resolve: (query, _root, { input }, ctx) => assets.createAsset(domainOf(ctx), input, query),
  }),
  updateAsset: t.prismaField({
    type: 'Asset',
    nullable: true,
    authScopes: ADMIN_WRITE,
    args: { id: t.arg(ID_ARG), input: t.arg({ type: UpdateAssetInput, required: true }) },
    resolve: (query, _root, { id, input }, ctx) => assets.updateAsset(domainOf(ctx), id, input, query),
  }),
  replaceAsset: t.prismaField({
    type: 'Asset',
    nullable: true,
    authScopes: ADMIN_WRITE,
    args: { id: t.arg(ID_ARG), input: t.arg({ type: ReplaceAssetInput, required: true }) },
    resolve: (query, _root, { id, input }, ctx) => assets.replaceAsset(domainOf(ctx), id, input, query),
  }),
  deleteAsset: t.prismaField({
    type: 'Asset',
    nullable: true,
    description: 'Deletes the asset and its checkout history for good; its audit events stay.',
    authScopes: ADMIN_WRITE,
    args: { id: t.arg(ID_ARG) },
    resolve: (query, _root, { id }, ctx) => assets.deleteAsset(domainOf(ctx), id, query),
  }),
  checkoutAsset: t.prismaField({
    type: 'Asset',
    nullable: true,
    description:
      'Checks an asset out to an active user. CONFLICT when it is checked out or retired. Admins: a write key, or a key with the assignment:update permission (Business plan or higher).',
    authScopes: byPermission('assignment:update'),
    args: { input: t.arg({ type: CheckoutAssetInput, required: true }) },
    resolve: (query, _root, { input }, ctx) => assets.checkoutAsset(domainOf(ctx), input, query),
  }),
  checkinAsset: t.prismaField({
    type: 'Asset',
    nullable: true,
    description:
      'Checks a checked-out asset back in. CONFLICT when it is not checked out. Admins: a write key, or a key with the assignment:update permission (Business plan or higher).',
    authScopes: byPermission('assignment:update'),
    args: { assetId: t.arg(ID_ARG) },
    resolve: (query, _root, { assetId }, ctx) => assets.checkinAsset(domainOf(ctx), assetId, query),
  }),
  moveAsset: t.prismaField({
    type: 'Asset',
    nullable: true,
    description:
      'Moves an asset to a location (null: no location); audited as asset.updated. Admins: a write key, or a key with the asset:location permission (Business plan or higher).',
    authScopes: byPermission('asset:location'),
    args: {
      id: t.arg(ID_ARG),
      locationId: t.arg({ type: 'UUID', description: 'null or omitted: the asset has no location.' }),
    },
    resolve: (query, _root, { id, locationId }, ctx) => assets.moveAsset(domainOf(ctx), id, locationId, query),
  }),
}));
