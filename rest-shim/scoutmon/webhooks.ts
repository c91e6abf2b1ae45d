// Scoutmon's /api/webhooks routes.
import * as op from '../generated/operations.js';
import { defineListRoute, defineRoute } from '../define-route.js';
import { found } from '../rest-error.js';
import { routeTable } from '../route.js';
import { scoutmon } from './adapter.js';
import { webhookBody } from './bodies.js';
import { createdWebhookSchema, okSchema, webhookSchema } from './schemas.js';

export const scoutmonWebhooks = routeTable('webhooks', [
  defineRoute(scoutmon, {
    method: 'POST', path: '/api/webhooks', summary: 'Register a webhook (the secret is returned once)', access: 'write admin',
    operation: op.RestCreateWebhookDocument,
    body: {
      url: { type: 'string', required: true, description: 'http(s) URL; private, loopback and link-local targets are refused.' },
      events: { type: 'string[]', required: true, description: 'e.g. ["asset.assigned", "asset.checked_in"], "vendor.*" or "*".' },
      secret: { type: 'string', description: 'HMAC secret (16-256 characters); generated (whsec_…) when omitted.' },
    },
    variables: ({ body }) => ({ input: { url: body.url, events: body.events, secret: body.secret } }),
    respond: (data) => {
      const created = found(data.createWebhook, 'Webhook');
      return { status: 201, body: { ...webhookBody(created.webhook), secret: created.signingSecret } };
    },
    success: { status: 201, description: 'The webhook and its signing secret.', schema: createdWebhookSchema },
  }),
  defineListRoute(scoutmon, {
    method: 'GET', path: '/api/webhooks', summary: 'List webhooks', access: 'read admin',
    operation: op.RestListWebhooksDocument,
    variables: ({ page }) => page,
    list: (data) => data.webhooks,
    item: webhookBody,
    success: { description: 'Webhooks (secrets are never listed).', item: webhookSchema },
  }),
  defineRoute(scoutmon, {
    method: 'DELETE', path: '/api/webhooks/:id', summary: 'Delete a webhook', access: 'write admin',
    pathIds: { id: 'Webhook' },
    operation: op.RestDeleteWebhookDocument,
    variables: ({ params }) => ({ id: params.id }),
    respond: (data) => (found(data.deleteWebhook, 'Webhook'), { body: { ok: true } }),
    success: { status: 200, description: 'Deleted.', schema: okSchema },
  }),
]);
