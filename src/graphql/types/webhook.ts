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
    id: t.exposeID('id'),
    url: t.exposeString('url'),
    events: t.exposeStringList('events', { description: `Event names (${WEBHOOK_EVENTS.join(', ')}), \`<domain>.*\` or \`*\`.` }),
    active: t.exposeBoolean('active'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const WebhookDeliveryStatus = builder.enumType('WebhookDeliveryStatus', {
  values: { PENDING: { value: 'pending' }, DELIVERED: { value: 'delivered' }, DEAD: { value: 'dead' } } as const,
});

interface AttemptLogEntry { attempt: number; at: string; status_code: number | null; latency_ms: number; error: string | null }
const WebhookAttempt = builder.objectRef<AttemptLogEntry>('WebhookAttempt').implement({
  description: 'One delivery attempt.',
  fields: (t) => ({
    attempt: t.exposeInt('attempt'),
    at: t.field({ type: 'DateTime', resolve: (entry) => new Date(entry.at) }),
    statusCode: t.int({ nullable: true, resolve: (entry) => entry.status_code }),
    latencyMs: t.int({ resolve: (entry) => entry.latency_ms }),
    error: t.string({ nullable: true, resolve: (entry) => entry.error }),
  }),
});

builder.prismaObject('WebhookEvent', {
  // Select mode: a query reads only the columns its fields need.
  select: { id: true },
  fields: (t) => ({
    id: t.exposeID('id', { description: 'evt_…: the payload id and the X-Webhook-Id header.' }),
    name: t.exposeString('event'),
    data: t.field({ type: 'JSONObject', select: { payload: true }, resolve: (event) => event.payload as Record<string, unknown> }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const WebhookDeliveryObject = builder.prismaObject('WebhookDelivery', {
  // Select mode: a query reads only the columns its fields need.
  select: { id: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    webhook: t.relation('webhook'),
    event: t.relation('event'),
    status: t.expose('status', { type: WebhookDeliveryStatus }),
    attempts: t.exposeInt('attempts'),
    nextAttemptAt: t.expose('nextAttemptAt', { type: 'DateTime' }),
    lastStatusCode: t.exposeInt('lastStatusCode', { nullable: true }),
    lastError: t.exposeString('lastError', { nullable: true }),
    latencyMs: t.exposeInt('latencyMs', { nullable: true }),
    deliveredAt: t.expose('deliveredAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
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
    authScopes: ADMIN_READ,
    args: { ...offsetArg },
    resolve: keysetResolver({
      typeName: 'Webhook',
      order: () => fixedOrder('createdAt', 'asc'),
      where: () => ({}),
      findMany: (ctx, query) => ctx.prisma.webhook.findMany(query as Prisma.WebhookFindManyArgs),
      count: (ctx, where) => ctx.prisma.webhook.count({ where }),
    }),
  }, { name: 'WebhookConnection', fields: totalCountField }, { name: 'WebhookEdge' }),
  webhook: t.prismaField({
    type: 'Webhook',
    nullable: true,
    authScopes: ADMIN_READ,
    args: { id: t.arg({ type: 'UUID', required: true }) },
    resolve: (query, _root, { id }, ctx) => ctx.prisma.webhook.findUnique({ ...query, where: { id } }),
  }),
  webhookDeliveries: t.connection({
    type: WebhookDeliveryObject,
    nullable: true,
    description: 'The deliveries of one webhook, newest first.',
    authScopes: ADMIN_READ,
    args: { ...offsetArg, webhookId: t.arg({ type: 'UUID', required: true }), status: t.arg({ type: WebhookDeliveryStatus }) },
    resolve: keysetResolver({
      typeName: 'WebhookDelivery',
      order: () => fixedOrder('createdAt', 'desc'),
      where: (args) => deliveryWhere(args),
      findMany: (ctx, query) => ctx.prisma.webhookDelivery.findMany(query as Prisma.WebhookDeliveryFindManyArgs),
      count: (ctx, where) => ctx.prisma.webhookDelivery.count({ where }),
    }),
  }, { name: 'WebhookDeliveryConnection', fields: totalCountField }, { name: 'WebhookDeliveryEdge' }),
}));

function deliveryWhere(args: { webhookId: string; status?: 'pending' | 'delivered' | 'dead' | null }): Prisma.WebhookDeliveryWhereInput {
  return { webhookId: args.webhookId, ...(args.status != null && { status: args.status }) };
}

const CreateWebhookInput = builder.inputType('CreateWebhookInput', {
  fields: (t) => ({
    url: t.string({ required: true, description: 'http(s); private, loopback and link-local targets are refused.' }),
    events: t.stringList({ required: true }),
    secret: t.string({ description: 'The HMAC secret; generated (whsec_…) when omitted.' }),
  }),
});

const UpdateWebhookInput = builder.inputType('UpdateWebhookInput', {
  description: 'Partial update: omitted fields keep their value.',
  fields: (t) => ({
    url: t.string(),
    events: t.stringList(),
    active: t.boolean(),
    secret: t.string({ description: 'A new secret (rotation).' }),
  }),
});

type WebhookRow = Prisma.WebhookGetPayload<object>;
const CreateWebhookPayload = builder.objectRef<{ signingSecret: string; webhook: WebhookRow }>('CreateWebhookPayload').implement({
  fields: (t) => ({
    webhook: t.field({ type: WebhookObject, resolve: (payload) => payload.webhook }),
    signingSecret: t.exposeString('signingSecret', { description: 'The HMAC signing secret: shown only here.' }),
  }),
});

builder.mutationFields((t) => ({
  createWebhook: t.field({
    type: CreateWebhookPayload,
    nullable: true,
    description: 'The secret is returned once, here.',
    authScopes: ADMIN_WRITE,
    args: { input: t.arg({ type: CreateWebhookInput, required: true }) },
    resolve: (_root, { input }, ctx) => webhooks.createWebhook(domainOf(ctx), input),
  }),
  updateWebhook: t.prismaField({
    type: 'Webhook',
    nullable: true,
    authScopes: ADMIN_WRITE,
    args: { id: t.arg({ type: 'UUID', required: true }), input: t.arg({ type: UpdateWebhookInput, required: true }) },
    resolve: (query, _root, { id, input }, ctx) => webhooks.updateWebhook(domainOf(ctx), id, input, query),
  }),
  deleteWebhook: t.prismaField({
    type: 'Webhook',
    nullable: true,
    description: 'Deletes the subscription and its deliveries (pending ones are not sent).',
    authScopes: ADMIN_WRITE,
    args: { id: t.arg({ type: 'UUID', required: true }) },
    resolve: (query, _root, { id }, ctx) => webhooks.deleteWebhook(domainOf(ctx), id, query),
  }),
  redeliverWebhookEvent: t.prismaField({
    type: 'WebhookDelivery',
    nullable: true,
    description: 'Queues a new delivery of the event of `deliveryId` to the same webhook, due now (same event id).',
    authScopes: ADMIN_WRITE,
    args: { deliveryId: t.arg({ type: 'UUID', required: true }) },
    resolve: (query, _root, { deliveryId }, ctx) => webhooks.redeliverWebhookEvent(domainOf(ctx), deliveryId, query),
  }),
}));
