// Webhooks: subscriptions (admin only), their deliveries and redelivery (workflows:
// src/domain/webhooks.ts). Events are written by the outbox (src/webhooks/outbox.ts) inside each
// audited write; the worker delivers them.
import type { Prisma } from '../../generated/prisma/client.js';
import * as webhooks from '../../domain/webhooks.js';
import { WEBHOOK_EVENTS } from '../../webhooks/events.js';
import { builder } from '../builder.js';
import { domainOf } from '../context.js';
import { fixedOrder, keysetResolver, totalCountField } from '../keyset/connection.js';
import { offsetArg } from './common.js';

const ADMIN_READ = { $all: { read: true, admin: true } } as const;
const ADMIN_WRITE = { $all: { write: true, admin: true } } as const;

const WebhookObject = builder.prismaObject('Webhook', {
  // Select mode: a query reads only the columns its fields need.
  select: { id: true },
  description: 'A subscription: matching events are POSTed to `url`, signed with its secret (shown once, at creation).',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The webhook\'s UUID.' }),
    url: t.exposeString('url', { description: 'Where events are POSTed (http or https, never a private address).' }),
    events: t.exposeStringList('events', { description: `Event names (${WEBHOOK_EVENTS.join(', ')}), \`<domain>.*\` or \`*\`.` }),
    active: t.exposeBoolean('active', { description: 'false: paused — no new deliveries are queued, and pending ones end DEAD when they come due (updateWebhook turns it back on).' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the webhook was created.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the webhook last changed (url, events, active or secret).' }),
  }),
});

const WebhookDeliveryStatus = builder.enumType('WebhookDeliveryStatus', {
  description: 'Where a delivery stands.',
  values: { PENDING: { value: 'pending', description: 'Not delivered yet: the next attempt is due at nextAttemptAt.' }, DELIVERED: { value: 'delivered', description: 'The endpoint answered 2xx.' }, DEAD: { value: 'dead', description: 'Given up: 12 attempts failed (about 17 hours), or the webhook was paused; redeliverWebhookEvent queues it again.' } } as const,
});

interface AttemptLogEntry { attempt: number; at: string; status_code: number | null; latency_ms: number; error: string | null }
const WebhookAttempt = builder.objectRef<AttemptLogEntry>('WebhookAttempt').implement({
  description: 'One delivery attempt.',
  fields: (t) => ({
    attempt: t.exposeInt('attempt', { description: 'Which attempt this was, from 1.' }),
    at: t.field({ type: 'DateTime', description: 'When the attempt was made.', resolve: (entry) => new Date(entry.at) }),
    statusCode: t.int({ nullable: true, description: 'The HTTP status the endpoint answered; null when no answer came (timeout, refused connection, blocked address).', resolve: (entry) => entry.status_code }),
    latencyMs: t.int({ description: 'Milliseconds until the answer (or the failure).', resolve: (entry) => entry.latency_ms }),
    error: t.string({ nullable: true, description: 'Why the attempt failed (e.g. "HTTP 500", "timeout"); null when it was delivered.', resolve: (entry) => entry.error }),
  }),
});

builder.prismaObject('WebhookEvent', {
  // Select mode: a query reads only the columns its fields need.
  select: { id: true },
  description: 'An event as webhooks receive it: its id, name, time and data (the payload\'s `data`).',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'evt_…: the payload id and the X-Webhook-Id header.' }),
    name: t.exposeString('event', { description: 'The event name, e.g. asset.assigned (the payload\'s `event`).' }),
    data: t.field({ type: 'JSONObject', description: 'The payload\'s `data`: the entity\'s id and name, the audited changes and the actor (snake_case keys).', select: { payload: true }, resolve: (event) => event.payload as Record<string, unknown> }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the event happened (the payload\'s `created_at`).' }),
  }),
});

const WebhookDeliveryObject = builder.prismaObject('WebhookDelivery', {
  // Select mode: a query reads only the columns its fields need.
  select: { id: true },
  description: 'One event on its way to one webhook: its status and every attempt so far.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The delivery\'s UUID: pass it to redeliverWebhookEvent.' }),
    webhook: t.relation('webhook', { description: 'The webhook it is sent to.' }),
    event: t.relation('event', { description: 'The event sent.' }),
    status: t.expose('status', { type: WebhookDeliveryStatus, description: 'Still being tried (PENDING), accepted (DELIVERED) or given up (DEAD).' }),
    attempts: t.exposeInt('attempts', { description: 'How many attempts were made so far (at most 12).' }),
    nextAttemptAt: t.expose('nextAttemptAt', { type: 'DateTime', description: 'When the next attempt is due (30 s after the first failure, doubling each time); meaningful while PENDING.' }),
    lastStatusCode: t.exposeInt('lastStatusCode', { nullable: true, description: 'The HTTP status of the last attempt; null before the first or when no answer came.' }),
    lastError: t.exposeString('lastError', { nullable: true, description: 'Why the last attempt failed; null when it did not (or none was made).' }),
    latencyMs: t.exposeInt('latencyMs', { nullable: true, description: 'Milliseconds the last attempt took; null before the first.' }),
    deliveredAt: t.expose('deliveredAt', { type: 'DateTime', nullable: true, description: 'When the endpoint accepted it (2xx); null until then.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the delivery was queued (with its change, or by a redelivery).' }),
    log: t.field({
      type: [WebhookAttempt],
      description: 'Every attempt, oldest first.',
      select: { attemptLog: true },
      resolve: (delivery) => (Array.isArray(delivery.attemptLog) ? (delivery.attemptLog as unknown as AttemptLogEntry[]) : []),
    }),
  }),
});

builder.queryFields((t) => ({
  webhooks: t.connection({
    type: WebhookObject,
    nullable: true,
    description: 'The organization\'s webhooks, oldest first. Admins only.',
    authScopes: ADMIN_READ,
    args: { ...offsetArg },
    resolve: keysetResolver({
      typeName: 'Webhook',
      order: () => fixedOrder('createdAt', 'asc'),
      where: () => ({}),
      findMany: (ctx, query) => ctx.prisma.webhook.findMany(query as Prisma.WebhookFindManyArgs),
      count: (ctx, where) => ctx.prisma.webhook.count({ where }),
    }),
  }, { name: 'WebhookConnection', description: 'One page of webhooks, with the total count.', fields: totalCountField }, { name: 'WebhookEdge', description: 'One webhook of the page, with its cursor.' }),
  webhook: t.prismaField({
    type: 'Webhook',
    nullable: true,
    description: 'One webhook by id; null when there is none in your organization. Admins only.',
    authScopes: ADMIN_READ,
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The webhook\'s id.' }) },
    resolve: (query, _root, { id }, ctx) => ctx.prisma.webhook.findUnique({ ...query, where: { id } }),
  }),
  webhookDeliveries: t.connection({
    type: WebhookDeliveryObject,
    nullable: true,
    description: 'The deliveries of one webhook, newest first. Admins only.',
    authScopes: ADMIN_READ,
    args: { ...offsetArg, webhookId: t.arg({ type: 'UUID', required: true, description: 'The webhook whose deliveries to list.' }), status: t.arg({ type: WebhookDeliveryStatus, description: 'Only deliveries in this status; omitted: all.' }) },
    resolve: keysetResolver({
      typeName: 'WebhookDelivery',
      order: () => fixedOrder('createdAt', 'desc'),
      where: (args) => deliveryWhere(args),
      findMany: (ctx, query) => ctx.prisma.webhookDelivery.findMany(query as Prisma.WebhookDeliveryFindManyArgs),
      count: (ctx, where) => ctx.prisma.webhookDelivery.count({ where }),
    }),
  }, { name: 'WebhookDeliveryConnection', description: 'One page of webhook deliveries, with the total count.', fields: totalCountField }, { name: 'WebhookDeliveryEdge', description: 'One webhook delivery of the page, with its cursor.' }),
}));

function deliveryWhere(args: { webhookId: string; status?: 'pending' | 'delivered' | 'dead' | null }): Prisma.WebhookDeliveryWhereInput {
  return { webhookId: args.webhookId, ...(args.status != null && { status: args.status }) };
}

const CreateWebhookInput = builder.inputType('CreateWebhookInput', {
  description: 'A new webhook: where to send which events, and the secret to sign them with.',
  fields: (t) => ({
    url: t.string({ required: true, description: 'http(s); private, loopback and link-local targets are refused.' }),
    events: t.stringList({ required: true, description: `At least one of: ${WEBHOOK_EVENTS.join(', ')}, \`<domain>.*\` or \`*\`.` }),
    secret: t.string({ description: 'The HMAC secret; generated (whsec_…) when omitted.' }),
  }),
});

const UpdateWebhookInput = builder.inputType('UpdateWebhookInput', {
  description: 'Partial update: omitted fields keep their value.',
  fields: (t) => ({
    url: t.string({ description: 'A new target URL (checked like at creation).' }),
    events: t.stringList({ description: 'The new list of events (replaces the old one).' }),
    active: t.boolean({ description: 'false pauses the webhook; true resumes it. Cannot be null.' }),
    secret: t.string({ description: 'A new signing secret (16–256 characters): deliveries from then on are signed with it. Cannot be null.' }),
  }),
});

type WebhookRow = Prisma.WebhookGetPayload<object>;
const CreateWebhookPayload = builder.objectRef<{ signingSecret: string; webhook: WebhookRow }>('CreateWebhookPayload').implement({
  description: 'The webhook just created, with its signing secret.',
  fields: (t) => ({
    webhook: t.field({ type: WebhookObject, description: 'The new webhook.', resolve: (payload) => payload.webhook }),
    signingSecret: t.exposeString('signingSecret', { description: 'The HMAC signing secret: shown only here.' }),
  }),
});

builder.mutationFields((t) => ({
  createWebhook: t.field({
    type: CreateWebhookPayload,
    nullable: true,
    description: 'Subscribes a URL to events; the signing secret is returned once, here. Admins with a write key; BAD_USER_INPUT for an unsafe URL, an unknown event or a secret outside 16–256 characters.',
    authScopes: ADMIN_WRITE,
    args: { input: t.arg({ type: CreateWebhookInput, required: true, description: 'URL, events and optional secret.' }) },
    resolve: (_root, { input }, ctx) => webhooks.createWebhook(domainOf(ctx), input),
  }),
  updateWebhook: t.prismaField({
    type: 'Webhook',
    nullable: true,
    description: 'Changes a webhook\'s url, events, active flag or secret and returns it. Admins with a write key; NOT_FOUND, BAD_USER_INPUT as createWebhook.',
    authScopes: ADMIN_WRITE,
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The webhook to change.' }), input: t.arg({ type: UpdateWebhookInput, required: true, description: 'The fields to change.' }) },
    resolve: (query, _root, { id, input }, ctx) => webhooks.updateWebhook(domainOf(ctx), id, input, query),
  }),
  deleteWebhook: t.prismaField({
    type: 'Webhook',
    nullable: true,
    description: 'Deletes the subscription and its deliveries (pending ones are not sent); returns it as it was. Admins with a write key; NOT_FOUND.',
    authScopes: ADMIN_WRITE,
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The webhook to delete.' }) },
    resolve: (query, _root, { id }, ctx) => webhooks.deleteWebhook(domainOf(ctx), id, query),
  }),
  redeliverWebhookEvent: t.prismaField({
    type: 'WebhookDelivery',
    nullable: true,
    description: 'Queues a new delivery of the event of `deliveryId` to the same webhook, due now (same event id), and returns it. Admins with a write key; NOT_FOUND.',
    authScopes: ADMIN_WRITE,
    args: { deliveryId: t.arg({ type: 'UUID', required: true, description: 'A delivery of the event to send again (any status).' }) },
    resolve: (query, _root, { deliveryId }, ctx) => webhooks.redeliverWebhookEvent(domainOf(ctx), deliveryId, query),
  }),
}));
