// MaintenanceRecord: work done or scheduled on an asset — object, Asset.maintenance, the root
// maintenanceRecords connection, inputs and mutations (workflows: src/domain/maintenance.ts).
import type { Prisma } from '../../generated/prisma/client.js';
import * as maintenance from '../../domain/maintenance.js';
import { todayUtc } from '../../domain/validate.js';
import { builder } from '../builder.js';
import { domainOf } from '../context.js';
import { keysetOrder, keysetResolver, totalCountField, type SortKeys } from '../keyset/connection.js';
import { offsetArg, SortDirection } from './common.js';

export const MaintenanceType = builder.enumType('MaintenanceType', {
  description: 'What kind of work a maintenance record is.',
  values: {
    REPAIR: { value: 'repair', description: 'Fixing a fault.' },
    INSPECTION: { value: 'inspection', description: 'A check, with or without findings.' },
    CALIBRATION: { value: 'calibration', description: 'Adjusting an instrument to its specification.' },
    UPGRADE: { value: 'upgrade', description: 'New parts, firmware or software.' },
    CLEANING: { value: 'cleaning', description: 'Cleaning or hygiene work.' },
    OTHER: { value: 'other', description: 'Anything else (the default).' },
  } as const,
});

export const MaintenanceRecordNode = builder.prismaNode('MaintenanceRecord', {
  id: { field: 'id' },
  // Select mode: a query reads only the columns its fields need.
  select: { id: true },
  description: 'Work done, or scheduled, on an asset; completedAt is null while it is open.',
  fields: (t) => ({
    asset: t.relation('asset', { description: 'The asset worked on.' }),
    type: t.expose('type', { type: MaintenanceType, description: 'What kind of work.' }),
    description: t.exposeString('description', { nullable: true, description: 'What is (to be) done.' }),
    scheduledDate: t.expose('scheduledDate', { type: 'Date', nullable: true, description: 'When the work is due; maintenance.due is sent once, 7 days ahead.' }),
    completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true, description: 'When the work was done; null while open.' }),
    overdue: t.boolean({
      description: 'Open, and its scheduled date has passed.',
      select: { scheduledDate: true, completedAt: true },
      resolve: (record) => !record.completedAt && record.scheduledDate !== null && record.scheduledDate < todayUtc(),
    }),
    cost: t.field({ type: 'Decimal', nullable: true, description: 'What the work cost.', select: { cost: true }, resolve: (record) => record.cost?.toFixed(2) ?? null }),
    performedByUser: t.relation('performedByUser', { nullable: true, description: 'The user who did the work, when a user did.' }),
    performedByVendor: t.relation('performedByVendor', { nullable: true, description: 'The vendor who did the work, when a vendor did.' }),
    notes: t.exposeString('notes', { nullable: true, description: 'Free-text notes.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the record was made.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the record last changed.' }),
  }),
});

builder.prismaObjectField('Asset', 'maintenance', (t) =>
  t.relatedConnection('maintenanceRecords', {
    description: 'Maintenance records of this asset, by scheduled date (newest first, unscheduled last).',
    cursor: 'id',
    totalCount: true,
    query: () => ({ orderBy: [{ scheduledDate: { sort: 'desc', nulls: 'last' } }, { createdAt: 'desc' }, { id: 'desc' }] }),
  }, { description: 'A page of an asset\'s maintenance records.', fields: totalCountField }, { description: 'A maintenance record of the asset.' }),
);

const MaintenanceRecordFilter = builder.inputType('MaintenanceRecordFilter', {
  description: 'Filters of maintenanceRecords, combined with AND.',
  fields: (t) => ({
    assetId: t.field({ type: 'UUID', description: 'Records of this asset.' }),
    type: t.field({ type: MaintenanceType, description: 'Records of this type.' }),
    dueBefore: t.field({ type: 'Date', description: 'Open records scheduled before this date.' }),
    overdue: t.boolean({ description: 'true: open records whose scheduled date has passed; false: all others.' }),
    completed: t.boolean({ description: 'true: completed records; false: open ones.' }),
  }),
});

const MaintenanceRecordOrderField = builder.enumType('MaintenanceRecordOrderField', {
  description: 'What maintenanceRecords can be sorted by (ties by id).',
  values: {
    SCHEDULED_DATE: { value: 'scheduledDate', description: 'The scheduled date (unscheduled records last).' },
    CREATED_AT: { value: 'createdAt', description: 'When the record was made.' },
  } as const,
});

const MAINTENANCE_ORDER_KEYS: SortKeys = {
  scheduledDate: { kind: 'date', nullable: true },
  createdAt: { kind: 'date', nullable: false },
};

const MaintenanceRecordOrder = builder.inputType('MaintenanceRecordOrder', {
  description: 'The order of maintenanceRecords.',
  fields: (t) => ({
    field: t.field({ type: MaintenanceRecordOrderField, required: true, description: 'The sort key.' }),
    direction: t.field({ type: SortDirection, defaultValue: 'asc', description: 'Default: ASC.' }),
  }),
});

function maintenanceWhere(filter: typeof MaintenanceRecordFilter.$inferInput | null | undefined): Prisma.MaintenanceRecordWhereInput {
  if (!filter) return {};
  const today = todayUtc();
  const and: Prisma.MaintenanceRecordWhereInput[] = [];
  if (filter.assetId != null) and.push({ assetId: filter.assetId });
  if (filter.type != null) and.push({ type: filter.type });
  if (filter.dueBefore != null) and.push({ completedAt: null, scheduledDate: { lt: filter.dueBefore } });
  if (filter.completed != null) and.push({ completedAt: filter.completed ? { not: null } : null });
  if (filter.overdue === true) and.push({ completedAt: null, scheduledDate: { lt: today } });
  if (filter.overdue === false) and.push({ OR: [{ completedAt: { not: null } }, { scheduledDate: null }, { scheduledDate: { gte: today } }] });
  return and.length ? { AND: and } : {};
}

builder.queryFields((t) => ({
  maintenanceRecords: t.connection({
    type: MaintenanceRecordNode,
    nullable: true,
    description: 'Maintenance records of every asset (filter by asset, type, due date, overdue).',
    authScopes: { read: true },
    args: {
      ...offsetArg,
      filter: t.arg({ type: MaintenanceRecordFilter, description: 'Which records.' }),
      orderBy: t.arg({ type: MaintenanceRecordOrder, description: 'Default: SCHEDULED_DATE ASC (unscheduled last).' }),
    },
    resolve: keysetResolver({
      typeName: 'MaintenanceRecord',
      order: (args) => keysetOrder(args.orderBy, MAINTENANCE_ORDER_KEYS, { field: 'scheduledDate', direction: 'asc' }),
      where: (args) => maintenanceWhere(args.filter),
      findMany: (ctx, query) => ctx.prisma.maintenanceRecord.findMany(query as Prisma.MaintenanceRecordFindManyArgs),
      count: (ctx, where) => ctx.prisma.maintenanceRecord.count({ where }),
    }),
  }, { name: 'MaintenanceRecordConnection', description: 'A page of maintenance records.', fields: totalCountField }, { name: 'MaintenanceRecordEdge', description: 'A maintenance record in a page.' }),
  maintenanceRecord: t.prismaField({
    type: 'MaintenanceRecord',
    nullable: true,
    description: 'One maintenance record, or null when there is none with this id.',
    authScopes: { read: true },
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The record\'s id.' }) },
    resolve: (query, _root, { id }, ctx) => ctx.prisma.maintenanceRecord.findUnique({ ...query, where: { id } }),
  }),
}));

const recordFields = (t: PothosSchemaTypes.InputFieldBuilder<any, 'InputObject'>) => ({
  type: t.field({ type: MaintenanceType, description: 'Default: OTHER.' }),
  description: t.string({ description: 'What is (to be) done; up to 500 characters.' }),
  scheduledDate: t.field({ type: 'Date', description: 'When the work is due.' }),
  completedAt: t.field({ type: 'DateTime', description: 'When the work was done (not in the future); setting it completes the record.' }),
  cost: t.field({ type: 'Decimal', description: 'What the work cost.' }),
  performedByUserId: t.field({ type: 'UUID', description: 'The user who did the work.' }),
  performedByVendorId: t.field({ type: 'UUID', description: 'The vendor who did the work.' }),
  notes: t.string({ description: 'Free-text notes.' }),
});

const CreateMaintenanceRecordInput = builder.inputType('CreateMaintenanceRecordInput', {
  description: 'A new maintenance record of an asset.',
  fields: (t) => ({ assetId: t.field({ type: 'UUID', required: true, description: 'The asset worked on.' }), ...recordFields(t) }),
});
const UpdateMaintenanceRecordInput = builder.inputType('UpdateMaintenanceRecordInput', {
  description: 'Partial update: omitted fields keep their value, null clears a field.',
  fields: (t) => recordFields(t),
});
const CompleteMaintenanceRecordInput = builder.inputType('CompleteMaintenanceRecordInput', {
  description: 'How an open record was completed.',
  fields: (t) => ({
    completedAt: t.field({ type: 'DateTime', description: 'Default: now.' }),
    cost: t.field({ type: 'Decimal', description: 'What the work cost.' }),
    notes: t.string({ description: 'Free-text notes (replace the record\'s).' }),
  }),
});

// Admins: a write key, or a key with the maintenance:create permission (Business plan or higher).
const MAINTENANCE_WRITE = { $all: { admin: true, permission: 'maintenance:create' } } as const;
const ID_ARG = { type: 'UUID', required: true, description: 'The record\'s id.' } as const;
const WHO = 'Admins: a write key, or a key with the maintenance:create permission (Business plan or higher).';

builder.mutationFields((t) => ({
  createMaintenanceRecord: t.prismaField({
    type: 'MaintenanceRecord',
    nullable: true,
    description: `Records maintenance of an asset (NOT_FOUND for an unknown asset); raises maintenance.created (and maintenance.completed when completedAt is given). ${WHO}`,
    authScopes: MAINTENANCE_WRITE,
    args: { input: t.arg({ type: CreateMaintenanceRecordInput, required: true, description: 'The record.' }) },
    resolve: (query, _root, { input }, ctx) => maintenance.createMaintenanceRecord(domainOf(ctx), input, query),
  }),
  updateMaintenanceRecord: t.prismaField({
    type: 'MaintenanceRecord',
    nullable: true,
    description: `Changes a maintenance record (partial). ${WHO}`,
    authScopes: MAINTENANCE_WRITE,
    args: { id: t.arg(ID_ARG), input: t.arg({ type: UpdateMaintenanceRecordInput, required: true, description: 'The fields to change.' }) },
    resolve: (query, _root, { id, input }, ctx) => maintenance.updateMaintenanceRecord(domainOf(ctx), id, input, query),
  }),
  completeMaintenanceRecord: t.prismaField({
    type: 'MaintenanceRecord',
    nullable: true,
    description: `Completes an open record (CONFLICT when completed already); raises maintenance.completed. ${WHO}`,
    authScopes: MAINTENANCE_WRITE,
    args: { id: t.arg(ID_ARG), input: t.arg({ type: CompleteMaintenanceRecordInput, description: 'Completion time, cost, notes.' }) },
    resolve: (query, _root, { id, input }, ctx) => maintenance.completeMaintenanceRecord(domainOf(ctx), id, input ?? {}, query),
  }),
  deleteMaintenanceRecord: t.prismaField({
    type: 'MaintenanceRecord',
    nullable: true,
    description: `Deletes a maintenance record for good (its audit events stay). ${WHO}`,
    authScopes: MAINTENANCE_WRITE,
    args: { id: t.arg(ID_ARG) },
    resolve: (query, _root, { id }, ctx) => maintenance.deleteMaintenanceRecord(domainOf(ctx), id, query),
  }),
}));
