// SenAsset's /v1/webhooks routes (seed 000, "Register a Webhook"): the same subscriptions as
// /api/webhooks, through the same mutations. Deliveries also carry X-SenAsset-Signature.
import * as op from '../generated/operations.js';
import { defineListRoute, defineRoute } from '../define-route.js';
import { found } from '../rest-error.js';
import { routeTable } from '../route.js';
import { senAsset } from './adapter.js';
import { deletedBody, webhookBody } from './bodies.js';
import { createdWebhookSchema, deletedSchema, webhookSchema } from './schemas.js';

export const senAssetWebhooks = routeTable('SenAsset', [
  defineRoute(senAsset, {
    method: 'POST', path: '/v1/webhooks', summary: 'Register a webhook (the secret is returned once)', access: 'write admin',
    operation: op.SenAssetCreateWebhookDocument,
    body: {
      url: { type: 'string', required: true, description: 'http(s) URL; private, loopback and link-local targets are refused.' },
      events: {
        type: 'string[]', required: true,
        description: 'asset.created, asset.updated, asset.assigned, asset.checked_in, asset.retired, user.invited, maintenance.due, warranty.expiring (unknown names: 400).',
      },
      secret: { type: 'string', description: 'HMAC secret (16-256 characters); generated (whsec_…) when omitted.' },
    },
    variables: ({ body }) => ({ input: { url: body.url, events: body.events, secret: body.secret } }),
    respond: (data) => {
      const created = found(data.createWebhook, 'Webhook');
      return { status: 201, body: { ...webhookBody(created.webhook), secret: created.signingSecret } };
    },
    success: { status: 201, description: 'The webhook and its signing secret.', schema: createdWebhookSchema },
  }),
  defineListRoute(senAsset, {
    method: 'GET', path: '/v1/webhooks', summary: 'List webhooks', access: 'read admin',
    operation: op.SenAssetListWebhooksDocument,
    variables: ({ page }) => page,
    list: (data) => data.webhooks,
    item: webhookBody,
    success: { description: 'Webhooks (secrets are never listed).', item: webhookSchema },
  }),
  defineRoute(senAsset, {
    method: 'DELETE', path: '/v1/webhooks/:id', summary: 'Delete a webhook', access: 'write admin',
    pathIds: { id: 'Webhook' },
    operation: op.SenAssetDeleteWebhookDocument,
    variables: ({ params }) => ({ id: params.id }),
    respond: (data) => ({ body: deletedBody(found(data.deleteWebhook, 'Webhook')) }),
    success: { status: 200, description: 'Deleted.', schema: deletedSchema },
  }),
]);
