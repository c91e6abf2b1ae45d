// AuditEvent: the append-only history of every write, queryable by time range and entity.
import type { Prisma } from '../../generated/prisma/client.js';
import { builder } from '../builder.js';
import { badInput } from '../../errors.js';
import { fixedOrder, keysetResolver, totalCountField } from '../keyset/connection.js';
import { offsetArg, SortDirection } from './common.js';

const ApiStyle = builder.enumType('ApiStyle', {
  description: 'Which way into the system a change came.',
  values: { GRAPHQL: { value: 'graphql', description: 'This GraphQL API.' }, REST: { value: 'rest', description: 'A REST compatibility route (which runs a GraphQL operation).' }, CLI: { value: 'cli', description: 'The operator CLI (`npm run cli`).' } } as const,
});

export const AuditEventNode = builder.prismaNode('AuditEvent', {
  id: { field: 'id' },
  // Select mode: a query reads only the columns its fields need.
  select: { id: true },
  description: 'One recorded write: who changed what, how and when. Written in the same transaction as the change; never updated or deleted.',
  fields: (t) => ({
    action: t.exposeString('action', { description: 'e.g. asset.created, asset.checked_out, user.invited.' }),
    entityType: t.exposeString('entityType', { description: 'The kind of thing changed: Asset, User, Location, Vendor, ApiKey, ClientCredential, Webhook, WebhookDelivery, Organization or Invitation.' }),
    entityId: t.expose('entityId', { type: 'UUID', description: 'The id of the thing changed (it may since have been deleted).' }),
    changes: t.field({
      type: 'JSONObject',
      select: { changes: true },
      description: '{ field: { before, after } } for the fields the write changed.',
      resolve: (event) => event.changes as Record<string, unknown>,
    }),
    requestId: t.exposeString('requestId', { nullable: true, description: 'The `x-request-id` of the request that made the change (`cli-…` for the operator CLI); null when none was recorded.' }),
    source: t.expose('source', { type: ApiStyle, description: 'Which API style made the change.' }),
    actorUser: t.relation('actorUser', { nullable: true, description: 'The user the change was made as (the operator CLI acts as an admin of the organization); null when none was recorded.' }),
    actorApiKeyId: t.expose('actorApiKeyId', { type: 'UUID', nullable: true, description: 'The API key used; null when the change was made with a login session, a client credential or the CLI.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the change was committed (events of one transaction share it).' }),
  }),
});

const AuditEventFilter = builder.inputType('AuditEventFilter', {
  description: 'Which audit events to list; every field given must match (AND).',
  fields: (t) => ({
    from: t.field({ type: 'DateTime', description: 'Events at or after this time (inclusive).' }),
    to: t.field({ type: 'DateTime', description: 'Events before this time (exclusive); must be after `from` (BAD_USER_INPUT otherwise).' }),
    action: t.string({ description: 'Exactly this action, e.g. asset.checked_out.' }),
    entityType: t.string({ description: 'Exactly this entity type, e.g. Asset.' }),
    entityId: t.field({ type: 'UUID', description: 'Events about this one entity.' }),
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
    description: 'The audit trail of your organization: every write, newest first unless `direction: ASC`. Needs the read scope.',
    authScopes: { read: true },
    args: {
      ...offsetArg,
      filter: t.arg({ type: AuditEventFilter, description: 'Time range, action, entity and actor; omitted: every event.' }),
      direction: t.arg({ type: SortDirection, description: 'By time of the change (write order). Default: DESC (newest first).' }),
    },
    resolve: keysetResolver({
      typeName: 'AuditEvent',
      order: (args) => fixedOrder('sequence', args.direction ?? 'desc', 'bigint'),
      where: (args) => auditEventWhere(args.filter),
      findMany: (ctx, query) => ctx.prisma.auditEvent.findMany(query as Prisma.AuditEventFindManyArgs),
      count: (ctx, where) => ctx.prisma.auditEvent.count({ where }),
      sql: {},
    }),
  }, { name: 'AuditEventConnection', description: 'One page of audit events, with the total count.', fields: totalCountField }, { name: 'AuditEventEdge', description: 'One audit event of the page, with its cursor.' }),
}));
