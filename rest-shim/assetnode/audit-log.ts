// AssetNode's GET /api/audit-log (seed 001): the audit trail with time-range filters.
import * as op from '../generated/operations.js';
import { defineListRoute } from '../define-route.js';
import { routeTable } from '../route.js';
import { assetNode } from './adapter.js';
import { auditEventBody } from './bodies.js';
import { auditEventSchema } from './schemas.js';

export const assetNodeAuditLog = routeTable('audit-log', [
  defineListRoute(assetNode, {
    method: 'GET', path: '/api/audit-log', summary: 'Query the audit trail (AssetNode paging: page/limit)', access: 'read',
    operation: op.RestAuditLogDocument,
    query: {
      from: { type: 'datetime', description: 'ISO 8601, inclusive.' },
      to: { type: 'datetime', description: 'ISO 8601, exclusive.' },
      action: { type: 'string', description: 'e.g. asset.created' },
      entity_type: { type: 'string', description: 'e.g. Asset' },
      entity_id: { type: 'uuid' },
      actor_id: { type: 'uuid', description: 'The acting user or API key.' },
    },
    variables: ({ query, page }) => ({
      ...page,
      filter: { from: query.from, to: query.to, action: query.action, entityType: query.entity_type, entityId: query.entity_id, actorId: query.actor_id },
    }),
    list: (data) => data.auditEvents,
    item: auditEventBody,
    success: { description: 'One page of audit events, newest first.', item: auditEventSchema },
  }),
]);
