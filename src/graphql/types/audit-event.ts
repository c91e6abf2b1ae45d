// AuditEvent: the append-only history of every write, queryable by time range and entity.
import type { Prisma } from '../../generated/prisma/client.js';
import { builder } from '../builder.js';
import { badInput } from '../../errors.js';
import { fixedOrder, keysetResolver, totalCountField } from '../keyset/connection.js';
import { offsetArg, SortDirection } from './common.js';

const ApiStyle = builder.enumType('ApiStyle', {
  values: { GRAPHQL: { value: 'graphql' }, REST: { value: 'rest' }, CLI: { value: 'cli' } } as const,
});

export const AuditEventNode = builder.prismaNode('AuditEvent', {
  id: { field: 'id' },
  // Select mode: a query reads only the columns its fields need.
  select: { id: true },
  fields: (t) => ({
    action: t.exposeString('action', { description: 'e.g. asset.created, asset.checked_out, user.invited.' }),
    entityType: t.exposeString('entityType'),
    entityId: t.expose('entityId', { type: 'UUID' }),
    changes: t.field({
      type: 'JSONObject',
      select: { changes: true },
      description: '{ field: { before, after } } for the fields the write changed.',
      resolve: (event) => event.changes as Record<string, unknown>,
    }),
    requestId: t.exposeString('requestId', { nullable: true }),
    source: t.expose('source', { type: ApiStyle, description: 'Which API style made the change.' }),
    actorUser: t.relation('actorUser', { nullable: true }),
    actorApiKeyId: t.expose('actorApiKeyId', { type: 'UUID', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const AuditEventFilter = builder.inputType('AuditEventFilter', {
  fields: (t) => ({
    from: t.field({ type: 'DateTime', description: 'Inclusive.' }),
    to: t.field({ type: 'DateTime', description: 'Exclusive.' }),
    action: t.string(),
    entityType: t.string(),
    entityId: t.field({ type: 'UUID' }),
    actorId: t.field({ type: 'UUID', description: 'The acting user or API key.' }),
  }),
});

function auditEventWhere(filter: typeof AuditEventFilter.$inferInput | null | undefined): Prisma.AuditEventWhereInput {
  if (!filter) return {};
  if (filter.from && filter.to && filter.from >= filter.to) throw badInput('filter.to', 'filter.to must be after filter.from');
  return {
    ...((filter.from || filter.to) && { createdAt: { gte: filter.from ?? undefined, lt: filter.to ?? undefined } }),
    ...(filter.action != null && { action: filter.action }),
    ...(filter.entityType != null && { entityType: filter.entityType }),
    ...(filter.entityId != null && { entityId: filter.entityId }),
    ...(filter.actorId != null && { OR: [{ actorUserId: filter.actorId }, { actorApiKeyId: filter.actorId }] }),
  };
}

// By sequence: events of one transaction share created_at, their sequence keeps write order.
export const newestFirst = (direction: 'asc' | 'desc' = 'desc') => [{ sequence: direction }];

builder.queryFields((t) => ({
  auditEvents: t.connection({
    type: AuditEventNode,
    nullable: true,
    authScopes: { read: true },
    args: {
      ...offsetArg,
      filter: t.arg({ type: AuditEventFilter }),
      direction: t.arg({ type: SortDirection, description: 'By time of the change (write order). Default: DESC (newest first).' }),
    },
    resolve: keysetResolver({
      typeName: 'AuditEvent',
      order: (args) => fixedOrder('sequence', args.direction ?? 'desc', 'bigint'),
      where: (args) => auditEventWhere(args.filter),
      findMany: (ctx, query) => ctx.prisma.auditEvent.findMany(query as Prisma.AuditEventFindManyArgs),
      count: (ctx, where) => ctx.prisma.auditEvent.count({ where }),
    }),
  }, { name: 'AuditEventConnection', fields: totalCountField }, { name: 'AuditEventEdge' }),
}));
