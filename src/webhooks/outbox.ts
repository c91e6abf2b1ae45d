// The transactional outbox: called from auditedTransaction's audit callback, in the transaction
// of the change, so an event exists exactly when its change committed. One statement writes the
// event (only when an active webhook subscribes to it) and one pending delivery per such webhook.
import { randomUUID } from 'node:crypto';
import { storedEnumValue } from '../db/stored-enum-values.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { AuditActor } from '../request/actor.js';
import { webhookEventsFor } from './events.js';
import { integrationEventData } from './integration-payloads.js';

type Tx = Prisma.TransactionClient;
type Row = Record<string, unknown>;

export interface OutboxEntry {
  action: string;
  entityType: string;
  entityId: string;
  before: Row | null;
  after: Row | null;
  changes: Row;
}

export const newEventId = () => `evt_${randomUUID().replaceAll('-', '')}`;

/** `events` patterns matching `event`: the exact name, its `<domain>.*` wildcard and `*`. */
const patternsFor = (event: string) => [event, `${event.split('.')[0]}.*`, '*'];

export async function enqueueWebhookEvents(tx: Tx, actor: AuditActor, entry: OutboxEntry): Promise<void> {
  const events = webhookEventsFor(entry.action, entry.before, entry.after);
  for (const event of events) {
    const data = await eventData(tx, actor, event, entry);
    const patterns = patternsFor(event);
    await tx.$executeRawUnsafe(
      `WITH subscribers AS (
         SELECT id FROM webhooks
          WHERE organization_id = $2::uuid AND active AND events && ARRAY[$4, $6, $7]::text[]
       ), inserted AS (
         INSERT INTO webhook_events (id, organization_id, event, payload, created_at)
         SELECT $1, $2::uuid, $3, $5::jsonb, now() WHERE EXISTS (SELECT 1 FROM subscribers)
         RETURNING id
       )
       INSERT INTO webhook_deliveries (id, organization_id, webhook_id, event_id, status, next_attempt_at, created_at)
       SELECT gen_random_uuid(), $2::uuid, subscribers.id, inserted.id, 'pending', now(), now()
         FROM subscribers CROSS JOIN inserted`,
      newEventId(), actor.organizationId, event, patterns[0], JSON.stringify(data), patterns[1], patterns[2],
    );
  }
}

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : value ?? null);

/** The `data` of the payload: the entity's id and name, what changed, and who did it. */
async function eventData(tx: Tx, actor: AuditActor, event: string, { entityType, entityId, before, after, changes }: OutboxEntry) {
  const row = after ?? before ?? {};
  const actedBy = { id: actor.userId, api_key_id: actor.apiKeyId };
  if (entityType === 'Asset') {
    const data: Row = {
      asset_id: entityId,
      asset_name: row.name ?? null,
      asset_tag: row.assetTag ?? null,
      status: changes.status && typeof changes.status === 'object' ? (changes.status as Row).after : storedEnumValue(row.status ?? null),
      changes,
    };
    if (event === 'asset.assigned' && typeof row.assignedUserId === 'string') {
      const [assignee] = await tx.$queryRawUnsafe<{ id: string; name: string; email: string }[]>(
        'SELECT id::text AS id, name, email FROM users WHERE id = $1::uuid AND organization_id = $2::uuid',
        row.assignedUserId, actor.organizationId,
      );
      data.assignee = assignee ?? { id: row.assignedUserId };
      data.assigned_by = actedBy;
      data.assigned_at = iso(row.updatedAt) ?? new Date().toISOString();
      data.expected_return = iso(row.expectedReturn);
    } else {
      data.actor = actedBy;
    }
    return data;
  }
  if (entityType === 'LicenseSeat') return seatEventData(tx, actor, entityId, row, changes);
  if (entityType === 'License') {
    return {
      license_id: entityId, name: row.name ?? null, vendor: row.vendor ?? null, seats_purchased: row.seatsPurchased ?? null,
      expiry_date: isoDate(row.expiryDate), changes, actor: actedBy,
    };
  }
  const integration = integrationEventData(entityType, entityId, row);
  if (integration) return { ...integration, changes, actor: actedBy };
  const key = `${entityType.toLowerCase()}_id`;
  return {
    [key]: entityId,
    name: row.name ?? null,
    ...(entityType === 'User' && { email: row.email ?? null, role: row.role ?? null }),
    changes,
    actor: actedBy,
  };
}

const isoDate = (value: unknown) => (value instanceof Date ? value.toISOString().slice(0, 10) : null);

/** A seat event: the seat, its licence (id, name) and holder (id, name, email), read in one statement. */
async function seatEventData(tx: Tx, actor: AuditActor, seatId: string, row: Row, changes: Row) {
  const [names] = await tx.$queryRawUnsafe<{ license_name: string; user_name: string; user_email: string }[]>(
    `SELECT l.name AS license_name, u.name AS user_name, u.email AS user_email
       FROM licenses l, users u WHERE l.id = $1::uuid AND u.id = $2::uuid AND l.organization_id = $3::uuid AND u.organization_id = $3::uuid`,
    row.licenseId, row.userId, actor.organizationId,
  );
  return {
    seat_id: seatId,
    license_id: row.licenseId ?? null,
    license_name: names?.license_name ?? null,
    user: { id: row.userId ?? null, name: names?.user_name ?? null, email: names?.user_email ?? null },
    assigned_at: iso(row.assignedAt),
    released_at: iso(row.releasedAt),
    changes,
    actor: { id: actor.userId, api_key_id: actor.apiKeyId },
  };
}
