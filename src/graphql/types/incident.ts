// Incident: something that went wrong with an asset — object, Asset.incidents, the root incidents
// connection, inputs and mutations (workflows: src/domain/incidents.ts).
import { IncidentSeverity as IncidentSeverityValues, type Prisma } from '../../generated/prisma/client.js';
import * as incidents from '../../domain/incidents.js';
import { builder } from '../builder.js';
import { domainOf } from '../context.js';
import { keysetOrder, keysetResolver, totalCountField, type SortKeys } from '../keyset/connection.js';
import { offsetArg, SortDirection } from './common.js';

export const IncidentSeverity = builder.enumType('IncidentSeverity', {
  description: 'How bad an incident is.',
  values: {
    LOW: { value: 'low', description: 'A nuisance; the asset works.' },
    MEDIUM: { value: 'medium', description: 'Degraded; the default.' },
    HIGH: { value: 'high', description: 'The asset cannot be used.' },
    CRITICAL: { value: 'critical', description: 'Safety, security or business at risk.' },
  } as const,
});

export const IncidentNode = builder.prismaNode('Incident', {
  id: { field: 'id' },
  // Select mode: a query reads only the columns its fields need.
  select: { id: true },
  description: 'Something that went wrong with an asset; resolvedAt is null while it is open.',
  fields: (t) => ({
    asset: t.relation('asset', { description: 'The asset affected.' }),
    severity: t.expose('severity', { type: IncidentSeverity, description: 'How bad it is.' }),
    title: t.exposeString('title', { description: 'A one-line summary.' }),
    description: t.exposeString('description', { nullable: true, description: 'What happened, in detail.' }),
    openedAt: t.expose('openedAt', { type: 'DateTime', description: 'When it happened or was reported; incident.opened is sent when it is recorded.' }),
    openedBy: t.relation('openedBy', { nullable: true, description: 'The user who opened it (null when that user was deleted).' }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true, description: 'When it was resolved; null while open.' }),
    resolvedBy: t.relation('resolvedBy', { nullable: true, description: 'The user who resolved it.' }),
    resolution: t.exposeString('resolution', { nullable: true, description: 'How it was resolved.' }),
    open: t.boolean({ description: 'Not resolved yet.', select: { resolvedAt: true }, resolve: (incident) => incident.resolvedAt === null }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the incident was recorded.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the incident last changed.' }),
  }),
});

builder.prismaObjectField('Asset', 'incidents', (t) =>
  t.relatedConnection('incidents', {
    description: 'Incidents of this asset, newest first.',
    cursor: 'id',
    totalCount: true,
    query: () => ({ orderBy: [{ openedAt: 'desc' }, { id: 'desc' }] }),
  }, { description: 'A page of an asset\'s incidents.', fields: totalCountField }, { description: 'An incident of the asset.' }),
);

const IncidentFilter = builder.inputType('IncidentFilter', {
  description: 'Filters of incidents, combined with AND.',
  fields: (t) => ({
    assetId: t.field({ type: 'UUID', description: 'Incidents of this asset.' }),
    severity: t.field({ type: [IncidentSeverity], description: 'Incidents of any of these severities.' }),
    open: t.boolean({ description: 'true: open incidents; false: resolved ones.' }),
  }),
});

const IncidentOrderField = builder.enumType('IncidentOrderField', {
  description: 'What incidents can be sorted by (ties by id).',
  values: {
    OPENED_AT: { value: 'openedAt', description: 'When the incident happened or was reported.' },
    SEVERITY: { value: 'severity', description: 'The severity, LOW to CRITICAL.' },
  } as const,
});

const INCIDENT_ORDER_KEYS: SortKeys = {
  openedAt: { kind: 'date', nullable: false },
  severity: { kind: 'string', nullable: false, enumValues: Object.values(IncidentSeverityValues) },
};

const IncidentOrder = builder.inputType('IncidentOrder', {
  description: 'The order of incidents.',
  fields: (t) => ({
    field: t.field({ type: IncidentOrderField, required: true, description: 'The sort key.' }),
    direction: t.field({ type: SortDirection, defaultValue: 'desc', description: 'Default: DESC (newest or most severe first).' }),
  }),
});

function incidentWhere(filter: typeof IncidentFilter.$inferInput | null | undefined): Prisma.IncidentWhereInput {
  if (!filter) return {};
  const and: Prisma.IncidentWhereInput[] = [];
  if (filter.assetId != null) and.push({ assetId: filter.assetId });
  if (filter.severity != null) and.push({ severity: { in: filter.severity } });
  if (filter.open != null) and.push({ resolvedAt: filter.open ? null : { not: null } });
  return and.length ? { AND: and } : {};
}

builder.queryFields((t) => ({
  incidents: t.connection({
    type: IncidentNode,
    nullable: true,
    description: 'Incidents of every asset (filter by asset, severity, open or resolved).',
    authScopes: { read: true },
    args: {
      ...offsetArg,
      filter: t.arg({ type: IncidentFilter, description: 'Which incidents.' }),
      orderBy: t.arg({ type: IncidentOrder, description: 'Default: OPENED_AT DESC.' }),
    },
    resolve: keysetResolver({
      typeName: 'Incident',
      order: (args) => keysetOrder(args.orderBy, INCIDENT_ORDER_KEYS, { field: 'openedAt', direction: 'desc' }),
      where: (args) => incidentWhere(args.filter),
      findMany: (ctx, query) => ctx.prisma.incident.findMany(query as Prisma.IncidentFindManyArgs),
      count: (ctx, where) => ctx.prisma.incident.count({ where }),
    }),
  }, { name: 'IncidentConnection', description: 'A page of incidents.', fields: totalCountField }, { name: 'IncidentEdge', description: 'An incident in a page.' }),
  incident: t.prismaField({
    type: 'Incident',
    nullable: true,
    description: 'One incident, or null when there is none with this id.',
    authScopes: { read: true },
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The incident\'s id.' }) },
    resolve: (query, _root, { id }, ctx) => ctx.prisma.incident.findUnique({ ...query, where: { id } }),
  }),
}));

const OpenIncidentInput = builder.inputType('OpenIncidentInput', {
  description: 'A new incident of an asset.',
  fields: (t) => ({
    assetId: t.field({ type: 'UUID', required: true, description: 'The asset affected.' }),
    severity: t.field({ type: IncidentSeverity, description: 'Default: MEDIUM.' }),
    title: t.string({ required: true, description: 'A one-line summary; 1–200 characters, not blank.' }),
    description: t.string({ description: 'What happened; up to 10,000 characters.' }),
    openedAt: t.field({ type: 'DateTime', description: 'When it happened (not in the future). Default: now.' }),
  }),
});
const UpdateIncidentInput = builder.inputType('UpdateIncidentInput', {
  description: 'Partial update: omitted fields keep their value, null clears an optional field.',
  fields: (t) => ({
    severity: t.field({ type: IncidentSeverity, description: 'How bad it is (null: MEDIUM).' }),
    title: t.string({ description: 'A one-line summary; cannot be cleared.' }),
    description: t.string({ description: 'What happened.' }),
    openedAt: t.field({ type: 'DateTime', description: 'When it happened (not in the future, not after resolvedAt); cannot be cleared.' }),
    resolution: t.string({ description: 'How it was resolved.' }),
  }),
});
const ResolveIncidentInput = builder.inputType('ResolveIncidentInput', {
  description: 'How an open incident was resolved.',
  fields: (t) => ({
    resolvedAt: t.field({ type: 'DateTime', description: 'Not before openedAt, not in the future. Default: now.' }),
    resolution: t.string({ description: 'How it was resolved; up to 10,000 characters.' }),
  }),
});

// No UniAsset permission names incidents: admins with a write key.
const ADMIN_WRITE = { $all: { write: true, admin: true } } as const;
const ID_ARG = { type: 'UUID', required: true, description: 'The incident\'s id.' } as const;
const WHO = 'Admins with a write key.';

builder.mutationFields((t) => ({
  openIncident: t.prismaField({
    type: 'Incident',
    nullable: true,
    description: `Opens an incident on an asset, by the caller (NOT_FOUND for an unknown asset); raises incident.opened. ${WHO}`,
    authScopes: ADMIN_WRITE,
    args: { input: t.arg({ type: OpenIncidentInput, required: true, description: 'The incident.' }) },
    resolve: (query, _root, { input }, ctx) => incidents.openIncident(domainOf(ctx), input, query),
  }),
  updateIncident: t.prismaField({
    type: 'Incident',
    nullable: true,
    description: `Changes an incident (partial). ${WHO}`,
    authScopes: ADMIN_WRITE,
    args: { id: t.arg(ID_ARG), input: t.arg({ type: UpdateIncidentInput, required: true, description: 'The fields to change.' }) },
    resolve: (query, _root, { id, input }, ctx) => incidents.updateIncident(domainOf(ctx), id, input, query),
  }),
  resolveIncident: t.prismaField({
    type: 'Incident',
    nullable: true,
    description: `Resolves an open incident, by the caller (CONFLICT when resolved already); raises incident.resolved. ${WHO}`,
    authScopes: ADMIN_WRITE,
    args: { id: t.arg(ID_ARG), input: t.arg({ type: ResolveIncidentInput, description: 'Resolution time and notes.' }) },
    resolve: (query, _root, { id, input }, ctx) => incidents.resolveIncident(domainOf(ctx), id, input ?? {}, query),
  }),
  deleteIncident: t.prismaField({
    type: 'Incident',
    nullable: true,
    description: `Deletes an incident for good (its audit events stay). ${WHO}`,
    authScopes: ADMIN_WRITE,
    args: { id: t.arg(ID_ARG) },
    resolve: (query, _root, { id }, ctx) => incidents.deleteIncident(domainOf(ctx), id, query),
  }),
}));
