// Subscription: live changes of the caller's organization, fed by committed audit events
// (src/live/live-events.ts, published by src/yoga/use-live-events.ts). Served over SSE.
import type { Context } from '../context.js';
import { builder } from '../builder.js';
import { authenticationRequired, forbidden, notFound } from '../../errors.js';
import type { Principal } from '../../request/principal.js';
import type { LiveAuditEvent } from '../../live/live-events.js';

builder.subscriptionType({
  description: 'Live changes of your organization, over Server-Sent Events (`Accept: text/event-stream`). '
    + 'Each event is sent after its write has committed; rolled-back writes send nothing.',
});

const AuditEventStreamFilter = builder.inputType('AuditEventStreamFilter', {
  description: 'Which committed audit events to stream; omitted fields match everything.',
  fields: (t) => ({
    entityType: t.string({ description: 'e.g. Asset, User, Location, Vendor, Webhook.' }),
    action: t.string({ description: 'e.g. asset.checked_out.' }),
    entityId: t.field({ type: 'UUID', description: 'The one entity to follow.' }),
  }),
});

// Scope-auth guards resolvers, not `subscribe`: a stream is opened only for a reader.
function readerOf(ctx: Context, field: string): Principal {
  if (!ctx.principal) throw authenticationRequired();
  if (!ctx.principal.scopes.has('read')) throw forbidden(`${field} needs the read scope`, { missing: ['read'] });
  return ctx.principal;
}

/** One allowance of open streams per credential: the key, the login session or the client credential. */
function credentialOf(principal: Principal): string {
  return principal.apiKeyId ?? principal.sessionId ?? principal.clientCredentialId ?? `user:${principal.userId}`;
}

builder.subscriptionFields((t) => ({
  auditEventAdded: t.prismaField({
    type: 'AuditEvent',
    description: 'Every audit event committed in your organization from now on, optionally filtered.',
    authScopes: { read: true },
    args: { filter: t.arg({ type: AuditEventStreamFilter, description: 'Stream only matching events.' }) },
    subscribe: (_root, { filter }, ctx) => {
      const reader = readerOf(ctx, 'auditEventAdded');
      return ctx.live.stream(reader.organizationId, credentialOf(reader), (event) =>
        (filter?.entityType == null || event.entityType === filter.entityType)
        && (filter?.action == null || event.action === filter.action)
        && (filter?.entityId == null || event.entityId === filter.entityId));
    },
    resolve: (query, event, _args, ctx) =>
      ctx.prisma.auditEvent.findUniqueOrThrow({ ...query, where: { id: (event as unknown as LiveAuditEvent).id } }),
  }),
  assetChanged: t.prismaField({
    type: 'Asset',
    nullable: true,
    description: 'The asset as it is after each committed change to it; null once it has been deleted.',
    authScopes: { read: true },
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The asset to follow.' }) },
    subscribe: async (_root, { id }, ctx) => {
      const reader = readerOf(ctx, 'assetChanged');
      // Following an id that is not (or not in this organization) an asset is a mistake worth naming.
      if (!(await ctx.prisma.asset.findUnique({ where: { id }, select: { id: true } }))) throw notFound('Asset');
      return ctx.live.stream(reader.organizationId, credentialOf(reader), (event) => event.entityType === 'Asset' && event.entityId === id);
    },
    resolve: (query, _event, { id }, ctx) => ctx.prisma.asset.findUnique({ ...query, where: { id } }),
  }),
}));
