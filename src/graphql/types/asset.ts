// Asset: the object, its connections, queries and mutations (including checkout/checkin).
import { Prisma } from '../../generated/prisma/client.js';
import { auditedTransaction, lockRow, type Audit, type Tx } from '../../audit/audited-transaction.js';
import { builder } from '../builder.js';
import { actorFor } from '../context.js';
import { badInput, conflict, notFound } from '../../errors.js';
import { MAX_NAME, MAX_NOTES, notBefore, provided, text, todayUtc } from '../validate.js';
import { MASKED_NOTES, maskSerial, type FieldCipher } from '../../crypto/field-cipher.js';
import { afterPageCheck, checkPageArgs, offsetArg, searchWhere, SortDirection, sortedBy, withOffset } from './common.js';

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

builder.prismaNode('Asset', {
  id: { field: 'id' },
  fields: (t) => ({
    assetTag: t.exposeString('assetTag', { description: 'Unique per organization; IT-0001… when not given.' }),
    name: t.exposeString('name'),
    category: t.exposeString('category', { nullable: true }),
    status: t.expose('status', { type: AssetStatus }),
    serialNumber: t.string({
      nullable: true,
      description: 'Masked: only the last 4 characters show. Stored encrypted; admins read it through `secrets`.',
      resolve: (asset, _args, ctx) => (asset.serialNumber ? maskSerial(ctx.cipher.decrypt(asset.serialNumber)) : null),
    }),
    value: t.field({ type: 'Decimal', nullable: true, resolve: (asset) => asset.value?.toFixed(2) ?? null }),
    purchaseDate: t.expose('purchaseDate', { type: 'Date', nullable: true }),
    warrantyExpiry: t.expose('warrantyExpiry', { type: 'Date', nullable: true }),
    manufacturer: t.exposeString('manufacturer', { nullable: true }),
    model: t.exposeString('model', { nullable: true }),
    notes: t.string({
      nullable: true,
      description: 'Masked. Stored encrypted; admins read it through `secrets`.',
      resolve: (asset) => (asset.notes ? MASKED_NOTES : null),
    }),
    secrets: t.field({
      type: AssetSecrets,
      nullable: true,
      description: 'The fields kept encrypted at rest, in clear. Admins only.',
      authScopes: { admin: true },
      resolve: (asset, _args, ctx) => ({
        serialNumber: asset.serialNumber ? ctx.cipher.decrypt(asset.serialNumber) : null,
        notes: asset.notes ? ctx.cipher.decrypt(asset.notes) : null,
      }),
    }),
    customFields: t.field({ type: 'JSONObject', resolve: (asset) => asset.customFields as Record<string, unknown> }),
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
  }),
});

type AssetFilterShape = typeof AssetFilter.$inferInput;

function assetWhere(filter: AssetFilterShape | null | undefined, cipher: FieldCipher): Prisma.AssetWhereInput {
  if (!filter) return {};
  const { search, statuses, ...exact } = filter;
  const textSearch = searchWhere(['name', 'assetTag'], search);
  return {
    ...Object.fromEntries(Object.entries(exact).filter(([, value]) => value != null)),
    ...(statuses && { AND: [{ status: { in: statuses } }] }),
    ...(textSearch.OR && { OR: [...textSearch.OR, { serialNumberHash: cipher.blindIndex(search!) }] }),
  };
}


builder.queryFields((t) => ({
  assets: t.prismaConnection({
    type: 'Asset',
    nullable: true,
    cursor: 'id',
    authScopes: { read: true },
    args: {
      ...offsetArg,
      filter: t.arg({ type: AssetFilter }),
      orderBy: t.arg({ type: AssetOrder, description: 'Default: CREATED_AT DESC.' }),
    },
    totalCount: (_root, args, ctx) => afterPageCheck(args, () => ctx.prisma.asset.count({ where: assetWhere(args.filter, ctx.cipher) })),
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.asset.findMany({
        ...withOffset(query, checkPageArgs(args)),
        where: assetWhere(args.filter, ctx.cipher),
        orderBy: sortedBy(args.orderBy, { field: 'createdAt', direction: 'desc' }),
      }),
  }, { name: 'AssetConnection' }, { name: 'AssetEdge' }),
  asset: t.prismaField({
    type: 'Asset',
    nullable: true,
    authScopes: { read: true },
    args: { id: t.arg({ type: 'UUID', required: true }) },
    resolve: (query, _root, { id }, ctx) => ctx.prisma.asset.findUnique({ ...query, where: { id } }),
  }),
}));

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

type AssetInput = Partial<typeof UpdateAssetInput.$inferInput>;
const TAG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._\-/]{0,63}$/;

/** Validates an asset input and turns it into column values (only the fields present). */
/** Encrypts a secret field's new value, or leaves it alone when the clear text did not change. */
function encryptedColumn(cipher: FieldCipher, value: string | null | undefined, stored: string | null | undefined) {
  if (!value) return null;
  return stored && cipher.decrypt(stored) === value ? stored : cipher.encrypt(value);
}

async function assetData(
  tx: Tx, cipher: FieldCipher, input: AssetInput,
  current: { purchaseDate: Date | null; serialNumber: string | null; notes: string | null } | null,
) {
  const data: Prisma.AssetUncheckedUpdateInput = {};
  const fields = provided(input);
  if ('name' in fields) data.name = text('name', fields.name, { max: MAX_NAME, required: true });
  if ('assetTag' in fields) {
    const tag = text('assetTag', fields.assetTag);
    if (tag != null && !TAG_PATTERN.test(tag)) throw badInput('assetTag', 'assetTag must be 1-64 letters, digits or . _ - /, starting with a letter or digit');
    data.assetTag = tag ?? undefined;
  }
  for (const key of ['category', 'manufacturer', 'model'] as const) {
    if (key in fields) data[key] = text(key, fields[key]) || null;
  }
  if ('serialNumber' in fields) {
    const serial = text('serialNumber', fields.serialNumber) || null;
    data.serialNumber = encryptedColumn(cipher, serial, current?.serialNumber);
    data.serialNumberHash = serial ? cipher.blindIndex(serial) : null;
  }
  if ('notes' in fields) data.notes = encryptedColumn(cipher, text('notes', fields.notes, { max: MAX_NOTES }) || null, current?.notes);
  if ('status' in fields) {
    if (fields.status === 'checked_out') throw badInput('status', 'use checkoutAsset to check an asset out');
    data.status = fields.status ?? 'active';
  }
  if ('value' in fields) data.value = fields.value;
  if ('purchaseDate' in fields) data.purchaseDate = fields.purchaseDate;
  if ('warrantyExpiry' in fields) data.warrantyExpiry = fields.warrantyExpiry;
  const purchaseDate = 'purchaseDate' in fields ? fields.purchaseDate : current?.purchaseDate;
  notBefore('warrantyExpiry', fields.warrantyExpiry, purchaseDate, 'purchaseDate');
  if ('customFields' in fields) data.customFields = (fields.customFields ?? {}) as Prisma.InputJsonObject;
  if ('locationId' in fields) data.locationId = await reference(tx, 'location', 'locationId', fields.locationId);
  if ('vendorId' in fields) data.vendorId = await reference(tx, 'vendor', 'vendorId', fields.vendorId);
  if ('ownerId' in fields) data.ownerId = await reference(tx, 'user', 'ownerId', fields.ownerId);
  return data;
}

/** A referenced row must exist in the caller's organization (the client is tenant-scoped). */
async function reference(tx: Tx, model: 'location' | 'vendor' | 'user', field: string, id: string | null | undefined) {
  if (id == null) return null;
  const delegate = tx[model] as unknown as { findUnique(args: object): Promise<unknown> };
  const row = await delegate.findUnique({ where: { id }, select: { id: true } });
  if (!row) throw badInput(field, `${field}: no ${model} with id ${id}`);
  return id;
}

async function ensureTagFree(tx: Tx, assetTag: string, exceptId?: string) {
  const taken = await tx.asset.findFirst({ where: { assetTag, NOT: exceptId ? { id: exceptId } : undefined }, select: { id: true } });
  if (taken) throw conflict(`Asset tag ${assetTag} is already in use`, { field: 'assetTag' });
}

/** Next free IT-NNNN tag. The counter row is locked until commit, so concurrent creates queue. */
async function nextAssetTag(tx: Tx, organizationId: string): Promise<string> {
  for (;;) {
    const { assetTagSeq } = await tx.organization.update({
      where: { id: organizationId },
      data: { assetTagSeq: { increment: 1 } },
      select: { assetTagSeq: true },
    });
    const tag = `IT-${String(assetTagSeq).padStart(4, '0')}`;
    if (!(await tx.asset.findFirst({ where: { assetTag: tag }, select: { id: true } }))) return tag;
  }
}

async function activeUser(tx: Tx, field: string, userId: string) {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, status: true } });
  if (!user) throw notFound('User');
  if (user.status !== 'active') throw conflict(`User ${userId} is inactive and cannot hold assets`, { field });
  return user;
}

async function existingAsset(tx: Tx, id: string) {
  await lockRow(tx, 'Asset', id);
  const asset = await tx.asset.findUnique({ where: { id } });
  if (!asset) throw notFound('Asset');
  return asset;
}

const CheckoutAssetInput = builder.inputType('CheckoutAssetInput', {
  fields: (t) => ({
    assetId: t.field({ type: 'UUID', required: true }),
    userId: t.field({ type: 'UUID', required: true }),
    expectedReturn: t.field({ type: 'Date' }),
  }),
});

builder.mutationFields((t) => ({
  createAsset: t.prismaField({
    type: 'Asset',
    nullable: true,
    description: 'Admins: a write key, or a key with the asset:create permission (Business plan or higher).',
    authScopes: { $all: { admin: true, permission: 'asset:create' } },
    args: { input: t.arg({ type: CreateAssetInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      auditedTransaction(ctx.prisma, actorFor(ctx), async (tx, audit) => {
        const organizationId = ctx.principal!.organizationId;
        const { assignedUserId, expectedReturn, ...fields } = input;
        const data = await assetData(tx, ctx.cipher, fields, null);
        if (assignedUserId) {
          if (fields.status && fields.status !== 'checked_out') {
            throw badInput('status', 'an asset created with assignedUserId is checked out');
          }
          await activeUser(tx, 'assignedUserId', assignedUserId);
          notBefore('expectedReturn', expectedReturn, todayUtc(), 'today');
        } else if (expectedReturn) {
          throw badInput('expectedReturn', 'expectedReturn needs assignedUserId');
        }
        if (data.assetTag) await ensureTagFree(tx, data.assetTag as string);
        const assetTag = (data.assetTag as string | undefined) ?? (await nextAssetTag(tx, organizationId));
        const created = await tx.asset.create({
          ...query,
          data: { ...(data as Prisma.AssetUncheckedCreateInput), assetTag, organizationId },
        });
        await audit({ action: 'asset.created', entityType: 'Asset', entityId: created.id, before: null, after: created });
        if (!assignedUserId) return created;
        return checkout(tx, audit, query, created, assignedUserId, expectedReturn ?? null, ctx.principal!.userId);
      }),
  }),
  updateAsset: t.prismaField({
    type: 'Asset',
    nullable: true,
    authScopes: { $all: { write: true, admin: true } },
    args: { id: t.arg({ type: 'UUID', required: true }), input: t.arg({ type: UpdateAssetInput, required: true }) },
    resolve: (query, _root, { id, input }, ctx) =>
      auditedTransaction(ctx.prisma, actorFor(ctx), (tx, audit) => writeAsset(tx, ctx.cipher, audit, query, id, input)),
  }),
  replaceAsset: t.prismaField({
    type: 'Asset',
    nullable: true,
    authScopes: { $all: { write: true, admin: true } },
    args: { id: t.arg({ type: 'UUID', required: true }), input: t.arg({ type: ReplaceAssetInput, required: true }) },
    resolve: (query, _root, { id, input }, ctx) =>
      auditedTransaction(ctx.prisma, actorFor(ctx), (tx, audit) => {
        // Every descriptive field is written: what the input omits is cleared.
        const cleared: AssetInput = {
          category: null, serialNumber: null, value: null, purchaseDate: null, warrantyExpiry: null,
          manufacturer: null, model: null, notes: null, customFields: null, locationId: null,
          vendorId: null, ownerId: null, status: null,
        };
        return writeAsset(tx, ctx.cipher, audit, query, id, { ...cleared, ...provided(input) }, true);
      }),
  }),
  deleteAsset: t.prismaField({
    type: 'Asset',
    nullable: true,
    description: 'Deletes the asset and its checkout history for good; its audit events stay.',
    authScopes: { $all: { write: true, admin: true } },
    args: { id: t.arg({ type: 'UUID', required: true }) },
    resolve: (query, _root, { id }, ctx) =>
      auditedTransaction(ctx.prisma, actorFor(ctx), async (tx, audit) => {
        const before = await existingAsset(tx, id);
        const deleted = await tx.asset.delete({ ...query, where: { id } });
        await audit({ action: 'asset.deleted', entityType: 'Asset', entityId: id, before, after: null });
        return deleted;
      }),
  }),
  checkoutAsset: t.prismaField({
    type: 'Asset',
    nullable: true,
    description:
      'Checks an asset out to an active user. CONFLICT when it is checked out or retired. Admins: a write key, or a key with the assignment:update permission (Business plan or higher).',
    authScopes: { $all: { admin: true, permission: 'assignment:update' } },
    args: { input: t.arg({ type: CheckoutAssetInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      auditedTransaction(ctx.prisma, actorFor(ctx), async (tx, audit) => {
        const asset = await existingAsset(tx, input.assetId);
        await activeUser(tx, 'userId', input.userId);
        notBefore('expectedReturn', input.expectedReturn, todayUtc(), 'today');
        return checkout(tx, audit, query, asset, input.userId, input.expectedReturn ?? null, ctx.principal!.userId);
      }),
  }),
  checkinAsset: t.prismaField({
    type: 'Asset',
    nullable: true,
    description:
      'Checks a checked-out asset back in. CONFLICT when it is not checked out. Admins: a write key, or a key with the assignment:update permission (Business plan or higher).',
    authScopes: { $all: { admin: true, permission: 'assignment:update' } },
    args: { assetId: t.arg({ type: 'UUID', required: true }) },
    resolve: (query, _root, { assetId }, ctx) =>
      auditedTransaction(ctx.prisma, actorFor(ctx), async (tx, audit) => {
        const before = await existingAsset(tx, assetId);
        if (before.status !== 'checked_out') throw conflict(`Asset ${before.assetTag} is not checked out`);
        await tx.assignment.updateMany({ where: { assetId, checkedInAt: null }, data: { checkedInAt: new Date() } });
        const after = await tx.asset.update({
          ...query,
          where: { id: assetId },
          data: { status: 'checked_in', assignedUserId: null, expectedReturn: null },
        });
        await audit({ action: 'asset.checked_in', entityType: 'Asset', entityId: assetId, before, after });
        return after;
      }),
  }),
  moveAsset: t.prismaField({
    type: 'Asset',
    nullable: true,
    description:
      'Moves an asset to a location (null: no location); audited as asset.updated. Admins: a write key, or a key with the asset:location permission (Business plan or higher).',
    authScopes: { $all: { admin: true, permission: 'asset:location' } },
    args: {
      id: t.arg({ type: 'UUID', required: true }),
      locationId: t.arg({ type: 'UUID', description: 'null or omitted: the asset has no location.' }),
    },
    resolve: (query, _root, { id, locationId }, ctx) =>
      auditedTransaction(ctx.prisma, actorFor(ctx), async (tx, audit) => {
        const before = await existingAsset(tx, id);
        const newLocationId = await reference(tx, 'location', 'locationId', locationId);
        const after = await tx.asset.update({ ...query, where: { id }, data: { locationId: newLocationId } });
        await audit({ action: 'asset.updated', entityType: 'Asset', entityId: id, before, after });
        return after;
      }),
  }),
}));

type AssetRow = Awaited<ReturnType<typeof existingAsset>>;
type Query = { include?: Prisma.AssetInclude; select?: Prisma.AssetSelect };

async function writeAsset(
  tx: Tx, cipher: FieldCipher, audit: Audit, query: Query, id: string, input: AssetInput, replace = false,
) {
  const before = await existingAsset(tx, id);
  const { assignedUserId, ...fields } = input;
  if (assignedUserId !== undefined && assignedUserId !== before.assignedUserId) {
    throw conflict(`Asset ${before.assetTag}: the assignee changes only through checkout and checkin`, { field: 'assignedUserId' });
  }
  const data = await assetData(tx, cipher, fields, before);
  if (before.status === 'checked_out' && data.status !== undefined) {
    // A checked-out asset keeps its status until checkinAsset; a replace leaves it alone.
    if (!replace || input.status != null) throw conflict(`Asset ${before.assetTag} is checked out: check it in before changing its status`);
    delete data.status;
  }
  if (typeof data.assetTag === 'string' && data.assetTag !== before.assetTag) await ensureTagFree(tx, data.assetTag, id);
  const after = await tx.asset.update({ ...query, where: { id }, data });
  await audit({ action: 'asset.updated', entityType: 'Asset', entityId: id, before, after });
  return after;
}

async function checkout(
  tx: Tx, audit: Audit, query: Query,
  before: AssetRow, userId: string, expectedReturn: Date | null, performedById: string,
) {
  if (before.status === 'checked_out') throw conflict(`Asset ${before.assetTag} is already checked out`);
  if (before.status === 'retired') throw conflict(`Asset ${before.assetTag} is retired and cannot be checked out`);
  await tx.assignment.create({
    data: { organizationId: before.organizationId, assetId: before.id, userId, expectedReturn, performedById },
  });
  const after = await tx.asset.update({
    ...query,
    where: { id: before.id },
    data: { status: 'checked_out', assignedUserId: userId, expectedReturn },
  });
  await audit({ action: 'asset.checked_out', entityType: 'Asset', entityId: before.id, before, after });
  return after;
}
