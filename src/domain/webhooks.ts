// Webhook subscription workflows: create (the signing secret is returned once), update (url,
// events, active, secret rotation), delete, and redelivery of an event. URLs are checked against
// SSRF targets; event names against the known events.
import { Prisma } from '../generated/prisma/client.js';
import { auditedTransaction, lockRow } from '../audit/audited-transaction.js';
import { badInput, notFound } from '../errors.js';
import { isValidEventPattern, WEBHOOK_EVENTS } from '../webhooks/events.js';
import { generateWebhookSecret } from '../webhooks/signature.js';
import { assertSafeWebhookUrl, UnsafeUrlError } from '../webhooks/url-guard.js';
import { withAllColumns, type DomainContext, type Selection } from './context.js';

const MAX_URL = 2048;

export interface CreateWebhookInput {
  url: string;
  events: readonly string[];
  secret?: string | null;
}

export interface UpdateWebhookInput {
  url?: string | null;
  events?: readonly string[] | null;
  active?: boolean | null;
  secret?: string | null;
}

async function checkUrl(raw: string | null | undefined): Promise<string> {
  const url = (raw ?? '').trim();
  if (!url) throw badInput('url', 'url is required');
  if (url.length > MAX_URL) throw badInput('url', `url must be at most ${MAX_URL} characters`);
  try {
    await assertSafeWebhookUrl(url);
  } catch (error) {
    if (error instanceof UnsafeUrlError) throw badInput('url', error.message);
    throw error;
  }
  return url;
}

function checkEvents(events: readonly string[] | null | undefined): string[] {
  const list = [...new Set((events ?? []).map((event) => event.trim()))];
  if (list.length === 0) throw badInput('events', 'events must name at least one event');
  const unknown = list.filter((event) => !isValidEventPattern(event));
  if (unknown.length) throw badInput('events', `unknown event(s): ${unknown.join(', ')}; known: ${WEBHOOK_EVENTS.join(', ')}`);
  return list;
}

function checkSecret(secret: string | null | undefined): string {
  if (secret == null) return generateWebhookSecret();
  if (secret.length < 16 || secret.length > 256) throw badInput('secret', 'secret must be 16 to 256 characters');
  return secret;
}

/** A new subscription; the signing secret (given or generated) is returned here only. */
export async function createWebhook(domain: DomainContext, input: CreateWebhookInput) {
  const url = await checkUrl(input.url);
  const events = checkEvents(input.events);
  const secret = checkSecret(input.secret);
  const webhook = await auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    const created = await tx.webhook.create({
      data: { organizationId: domain.actor.organizationId, url, events, secretCiphertext: domain.cipher.encrypt(secret) },
    });
    await audit({ action: 'webhook.created', entityType: 'Webhook', entityId: created.id, before: null, after: created });
    return created;
  });
  return { signingSecret: secret, webhook };
}

/** Partial update; a new secret rotates the signing secret. */
export async function updateWebhook(
  domain: DomainContext, id: string, input: UpdateWebhookInput, selection: Selection<Prisma.WebhookSelect, Prisma.WebhookInclude> = {},
) {
  const data: Prisma.WebhookUpdateInput = {};
  if (input.url !== undefined) data.url = await checkUrl(input.url);
  if (input.events !== undefined) data.events = checkEvents(input.events);
  if (input.active !== undefined) {
    if (input.active === null) throw badInput('active', 'active cannot be null');
    data.active = input.active;
  }
  if (input.secret !== undefined) {
    if (input.secret === null) throw badInput('secret', 'secret cannot be null');
    data.secretCiphertext = domain.cipher.encrypt(checkSecret(input.secret));
  }
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    await lockRow(tx, 'Webhook', id);
    const before = await tx.webhook.findUnique({ where: { id } });
    if (!before) throw notFound('Webhook');
    const after = await tx.webhook.update({ ...withAllColumns(selection, Prisma.WebhookScalarFieldEnum), where: { id }, data });
    await audit({ action: 'webhook.updated', entityType: 'Webhook', entityId: id, before, after });
    return after;
  });
}

/** Deletes the subscription and its deliveries (pending ones are not sent). */
export function deleteWebhook(domain: DomainContext, id: string, selection: Selection<Prisma.WebhookSelect, Prisma.WebhookInclude> = {}) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    const before = await tx.webhook.findUnique({ where: { id } });
    if (!before) throw notFound('Webhook');
    const deleted = await tx.webhook.delete({ ...withAllColumns(selection, Prisma.WebhookScalarFieldEnum), where: { id } });
    await audit({ action: 'webhook.deleted', entityType: 'Webhook', entityId: id, before, after: null });
    return deleted;
  });
}

/** Queues the event of `deliveryId` again to the same webhook, due now (same event id). */
export function redeliverWebhookEvent(
  domain: DomainContext, deliveryId: string, selection: Selection<Prisma.WebhookDeliverySelect, Prisma.WebhookDeliveryInclude> = {},
) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    const original = await tx.webhookDelivery.findUnique({ where: { id: deliveryId } });
    if (!original) throw notFound('Webhook delivery');
    const created = await tx.webhookDelivery.create({
      ...withAllColumns(selection, Prisma.WebhookDeliveryScalarFieldEnum),
      data: { organizationId: domain.actor.organizationId, webhookId: original.webhookId, eventId: original.eventId },
    });
    await audit({ action: 'webhook.redelivered', entityType: 'WebhookDelivery', entityId: created.id, before: null, after: created });
    return created;
  });
}
