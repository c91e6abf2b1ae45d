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
import { checkPageArgs, offsetArg, relatedPageOrder, searchWhere, SortDirection, withOffset, type SqlFirstPage } from './common.js';

export const AssetStatus = builder.enumType('AssetStatus', {
  description: 'Where an asset is in its life. CHECKED_OUT changes only through checkoutAsset/checkinAsset.',
  values: {
    ACTIVE: { value: 'active', description: 'In service and available to check out (the default).' },
    CHECKED_OUT: { value: 'checked_out', description: 'Checked out to a user (checkoutAsset).' },
    CHECKED_IN: { value: 'checked_in', description: 'Returned by checkinAsset; available to check out again.' },
    MAINTENANCE: { value: 'maintenance', description: 'Out of service for repair or servicing.' },
    RETIRED: { value: 'retired', description: 'Taken out of service for good; cannot be checked out (setting it raises the asset.retired webhook event).' },
  } as const,
});

const AssetSecrets = builder.objectRef<{ serialNumber: string | null; notes: string | null }>('AssetSecrets').implement({
  description: 'An asset\'s encrypted fields in clear.',
  fields: (t) => ({
    serialNumber: t.exposeString('serialNumber', { nullable: true, description: 'The full serial number; null when the asset has none.' }),
    notes: t.exposeString('notes', { nullable: true, description: 'The full notes; null when the asset has none.' }),
  }),
});

// The same rule as the admin-only `secrets` field: admins may read encrypted fields in clear.
const mayDecrypt = (ctx: { principal: { role: string } | null }) => ctx.principal?.role === 'admin';

export const AssetNode = builder.prismaNode('Asset', {
  id: { field: 'id' },
  // Select mode: a query reads only the columns its fields need.
  select: { id: true },
  description: 'A piece of IT equipment the organization tracks: what it is, where it is, who owns and who holds it, and its history.',
  fields: (t) => ({
    assetTag: t.exposeString('assetTag', { description: 'Unique per organization; IT-0001… when not given.' }),
    name: t.exposeString('name', { description: 'What the asset is called, e.g. "MacBook Pro 14 (Dana)".' }),
    category: t.exposeString('category', { nullable: true, description: 'Free text, e.g. Laptop, Monitor, Phone; null when not set.' }),
    status: t.expose('status', { type: AssetStatus, description: 'Where the asset is in its life; CHECKED_OUT while an assignment is open.' }),
    serialNumber: t.string({
      nullable: true,
      select: { serialNumber: true },
      // Compiled reads hand it the column and run this resolver after their statement.
      extensions: { sqlResolvesFrom: ['serialNumber'] },
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
    // `sqlExposes`: the resolver only hands the column to its scalar, so compiled reads may read it.
    value: t.field({ type: 'Decimal', nullable: true, description: 'Purchase price, an exact amount ("2499.00"); null when unknown.', select: { value: true }, extensions: { sqlExposes: 'value' }, resolve: (asset) => asset.value?.toFixed(2) ?? null }),
    purchaseDate: t.expose('purchaseDate', { type: 'Date', nullable: true, description: 'When it was bought (YYYY-MM-DD); null when unknown.' }),
    warrantyExpiry: t.expose('warrantyExpiry', { type: 'Date', nullable: true, description: 'Last day of the warranty (YYYY-MM-DD), never before purchaseDate; 30 days ahead a warranty.expiring webhook event is sent. Null: no warranty known.' }),
    manufacturer: t.exposeString('manufacturer', { nullable: true, description: 'Who made it, e.g. Apple, Dell; null when not set.' }),
    model: t.exposeString('model', { nullable: true, description: 'The manufacturer\'s model name, e.g. "MacBook Pro 14 M3"; null when not set.' }),
    notes: t.string({
      nullable: true,
      select: { notes: true },
      extensions: { sqlResolvesFrom: ['notes'] },
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
    customFields: t.field({ type: 'JSONObject', description: 'The organization\'s own fields, a JSON object (e.g. { "costCenter": "R&D" }); {} when none.', select: { customFields: true }, extensions: { sqlExposes: 'customFields' }, resolve: (asset) => asset.customFields as Record<string, unknown> }),
    location: t.relation('location', { nullable: true, description: 'Where the asset is; null when it has no location.' }),
    vendor: t.relation('vendor', { nullable: true, description: 'Who sold it; null when not recorded.' }),
    owner: t.relation('owner', { nullable: true, description: 'The user responsible for the asset (not necessarily who holds it); null when none.' }),
    assignedUser: t.relation('assignedUser', { nullable: true, description: 'Who has it checked out; null unless status is CHECKED_OUT.' }),
    expectedReturn: t.expose('expectedReturn', { type: 'Date', nullable: true, description: 'When the current checkout should end (YYYY-MM-DD); null when not checked out or no date was given.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the asset was created.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the asset last changed (any write, checkouts included).' }),
    assignments: t.relatedConnection('assignments', {
      description: 'Checkout history, newest first.',
      cursor: 'id',
      totalCount: true,
      ...relatedPageOrder({ model: 'Assignment', parentKey: 'assetId', order: [['checkedOutAt', 'desc'], ['id', 'desc']], cursor: 'id' }),
    }, { description: 'One page of an asset\'s checkouts, with the total count.', fields: totalCountField }, { description: 'One checkout of the page, with its cursor.' }),
  }),
});

const AssetOrderField = builder.enumType('AssetOrderField', {
  description: 'What `assets` can be sorted by.',
  values: {
    NAME: { value: 'name', description: 'By name.' },
    CREATED_AT: { value: 'createdAt', description: 'By creation time.' },
    STATUS: { value: 'status', description: 'By status, in the order ACTIVE, CHECKED_OUT, CHECKED_IN, MAINTENANCE, RETIRED.' },
    CATEGORY: { value: 'category', description: 'By category; assets without one come last.' },
    VALUE: { value: 'value', description: 'By purchase value; assets without one come last.' },
    ASSET_TAG: { value: 'assetTag', description: 'By asset tag (as text: IT-0010 after IT-0009).' },
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
  description: 'The order of `assets`; ties are broken by id.',
  fields: (t) => ({
    field: t.field({ type: AssetOrderField, required: true, description: 'What to sort by.' }),
    direction: t.field({ type: SortDirection, defaultValue: 'desc', description: 'Default: DESC.' }),
  }),
});

const AssetFilter = builder.inputType('AssetFilter', {
  description: 'Which assets to list; every field given must match (AND), omitted ones match everything.',
  fields: (t) => ({
    status: t.field({ type: AssetStatus, description: 'Exactly this status.' }),
    statuses: t.field({ type: [AssetStatus], description: 'Any of these statuses.' }),
    category: t.string({ description: 'Assets of exactly this category (case-sensitive).' }),
    locationId: t.field({ type: 'UUID', description: 'Assets at this location.' }),
    vendorId: t.field({ type: 'UUID', description: 'Assets bought from this vendor.' }),
    ownerId: t.field({ type: 'UUID', description: 'Assets this user owns.' }),
    assignedUserId: t.field({ type: 'UUID', description: 'Assets checked out to this user.' }),
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
    description: 'The organization\'s assets, filtered and ordered (default: newest first). Needs the read scope.',
    authScopes: { read: true },
    args: {
      ...offsetArg,
      filter: t.arg({ type: AssetFilter, description: 'Which assets; omitted: all of them.' }),
      orderBy: t.arg({ type: AssetOrder, description: 'Default: CREATED_AT DESC.' }),
    },
    resolve: keysetResolver({
      typeName: 'Asset',
      order: (args) => keysetOrder(args.orderBy, ASSET_ORDER_KEYS, { field: 'createdAt', direction: 'desc' }),
      where: (args, ctx) => assetWhere(args.filter, ctx.cipher),
      findMany: (ctx, query) => ctx.prisma.asset.findMany(query as Prisma.AssetFindManyArgs),
      count: (ctx, where) => ctx.prisma.asset.count({ where }),
      countAll: (ctx) => rowCount(ctx.prisma, ctx.principal!.organizationId, 'assets'),
      sql: { countAll: 'assets' },
    }),
  }, { name: 'AssetConnection', description: 'One page of assets, with the total count.', fields: totalCountField }, { name: 'AssetEdge', description: 'One asset of the page, with its cursor.' }),
  asset: t.prismaField({
    type: 'Asset',
    nullable: true,
    description: 'One asset by id; null when there is none in your organization. Needs the read scope.',
    authScopes: { read: true },
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The asset\'s id.' }) },
    // A plain lookup by id: compiled reads (src/graphql/compiled) may answer it in SQL.
    extensions: { sqlLookup: { by: 'id' } },
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
    // For compiled reads (src/graphql/compiled): first pages are these events by sequence, newest first.
    extensions: { sqlFirstPage: { model: 'AuditEvent', match: { entityType: 'Asset' }, parentKey: 'entityId', order: [['sequence', 'desc']], cursor: 'id' } satisfies SqlFirstPage },
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
  }, { description: 'One page of an asset\'s audit events, with the total count.', fields: totalCountField }, { description: 'One audit event of the page, with its cursor.' }),
);

// ---- mutations ----

const assetFields = (t: PothosSchemaTypes.InputFieldBuilder<any, 'InputObject'>, nameRequired: boolean) => ({
  name: t.string({ required: nameRequired, description: 'What the asset is called; 1–200 characters, not blank.' }),
  assetTag: t.string({ description: 'Generated (IT-0001, IT-0002, …) when omitted on create.' }),
  category: t.string({ description: 'Free text, e.g. Laptop.' }),
  status: t.field({ type: AssetStatus, description: 'CHECKED_OUT is set by checkoutAsset only.' }),
  serialNumber: t.string({ description: 'Stored encrypted; searchable by exact match only.' }),
  value: t.field({ type: 'Decimal', description: 'Purchase price, e.g. "2499.00" or 2499.' }),
  purchaseDate: t.field({ type: 'Date', description: 'YYYY-MM-DD.' }),
  warrantyExpiry: t.field({ type: 'Date', description: 'YYYY-MM-DD; not before purchaseDate (BAD_USER_INPUT).' }),
  manufacturer: t.string({ description: 'e.g. Apple.' }),
  model: t.string({ description: 'e.g. MacBook Pro 14 M3.' }),
  notes: t.string({ description: 'Up to 10,000 characters; stored encrypted.' }),
  customFields: t.field({ type: 'JSONObject', description: 'The organization\'s own fields; replaces the whole object (null: {}).' }),
  locationId: t.field({ type: 'UUID', description: 'A location of your organization (unknown: BAD_USER_INPUT).' }),
  vendorId: t.field({ type: 'UUID', description: 'A vendor of your organization (unknown: BAD_USER_INPUT).' }),
  ownerId: t.field({ type: 'UUID', description: 'The responsible user, of your organization (unknown: BAD_USER_INPUT).' }),
});

const CreateAssetInput = builder.inputType('CreateAssetInput', {
  description: 'A new asset. Only name is required; status defaults to ACTIVE.',
  fields: (t) => ({
    ...assetFields(t, true),
    assignedUserId: t.field({ type: 'UUID', description: 'Check the new asset out to this user at once.' }),
    expectedReturn: t.field({ type: 'Date', description: 'When the checkout should end (YYYY-MM-DD); only with assignedUserId (BAD_USER_INPUT otherwise).' }),
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
  description: 'Which asset goes to whom, and until when.',
  fields: (t) => ({
    assetId: t.field({ type: 'UUID', required: true, description: 'The asset; it must not be checked out or retired.' }),
    userId: t.field({ type: 'UUID', required: true, description: 'An active user of your organization.' }),
    expectedReturn: t.field({ type: 'Date', description: 'When it should come back (YYYY-MM-DD); optional.' }),
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
    args: { input: t.arg({ type: CreateAssetInput, required: true, description: 'The new asset.' }) },
    resolve: (query, _root, { input }, ctx) => assets.createAsset(domainOf(ctx), input, query),
  }),
  updateAsset: t.prismaField({
    type: 'Asset',
    nullable: true,
    description: 'Changes the fields given, returns the asset. Admins with a write key. NOT_FOUND, BAD_USER_INPUT (naming the field), CONFLICT (asset tag taken, status of a checked-out asset).',
    authScopes: ADMIN_WRITE,
    args: { id: t.arg({ ...ID_ARG, description: 'The asset to change.' }), input: t.arg({ type: UpdateAssetInput, required: true, description: 'The fields to change.' }) },
    resolve: (query, _root, { id, input }, ctx) => assets.updateAsset(domainOf(ctx), id, input, query),
  }),
  replaceAsset: t.prismaField({
    type: 'Asset',
    nullable: true,
    description: 'Replaces every descriptive field (omitted ones are cleared), returns the asset. Admins with a write key. NOT_FOUND, BAD_USER_INPUT, CONFLICT as updateAsset.',
    authScopes: ADMIN_WRITE,
    args: { id: t.arg({ ...ID_ARG, description: 'The asset to replace.' }), input: t.arg({ type: ReplaceAssetInput, required: true, description: 'The asset\'s new fields.' }) },
    resolve: (query, _root, { id, input }, ctx) => assets.replaceAsset(domainOf(ctx), id, input, query),
  }),
  deleteAsset: t.prismaField({
    type: 'Asset',
    nullable: true,
    description: 'Deletes the asset and its checkout history for good; its audit events stay. Returns it as it was. Admins with a write key; NOT_FOUND.',
    authScopes: ADMIN_WRITE,
    args: { id: t.arg({ ...ID_ARG, description: 'The asset to delete.' }) },
    resolve: (query, _root, { id }, ctx) => assets.deleteAsset(domainOf(ctx), id, query),
  }),
  checkoutAsset: t.prismaField({
    type: 'Asset',
    nullable: true,
    description:
      'Checks an asset out to an active user. CONFLICT when it is checked out or retired. Admins: a write key, or a key with the assignment:update permission (Business plan or higher).',
    authScopes: byPermission('assignment:update'),
    args: { input: t.arg({ type: CheckoutAssetInput, required: true, description: 'The asset, the user and the expected return.' }) },
    resolve: (query, _root, { input }, ctx) => assets.checkoutAsset(domainOf(ctx), input, query),
  }),
  checkinAsset: t.prismaField({
    type: 'Asset',
    nullable: true,
    description:
      'Checks a checked-out asset back in. CONFLICT when it is not checked out. Admins: a write key, or a key with the assignment:update permission (Business plan or higher).',
    authScopes: byPermission('assignment:update'),
    args: { assetId: t.arg({ ...ID_ARG, description: 'The checked-out asset.' }) },
    resolve: (query, _root, { assetId }, ctx) => assets.checkinAsset(domainOf(ctx), assetId, query),
  }),
  moveAsset: t.prismaField({
    type: 'Asset',
    nullable: true,
    description:
      'Moves an asset to a location (null: no location); audited as asset.updated. Admins: a write key, or a key with the asset:location permission (Business plan or higher).',
    authScopes: byPermission('asset:location'),
    args: {
      id: t.arg({ ...ID_ARG, description: 'The asset to move.' }),
      locationId: t.arg({ type: 'UUID', description: 'null or omitted: the asset has no location.' }),
    },
    resolve: (query, _root, { id, locationId }, ctx) => assets.moveAsset(domainOf(ctx), id, locationId, query),
  }),
}));
