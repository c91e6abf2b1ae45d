// maintenance.due: the hourly scan queues one event per open maintenance record whose scheduled
// date is within the next 7 days (today included), like warranty.expiring. The event id is derived
// from (record, scheduled date), so repeated scans on any instance add nothing; rescheduling the
// record makes it due again once.
import type { PrismaClient } from '../generated/prisma/client.js';

export const MAINTENANCE_NOTICE_DAYS = 7;

/** Queues the due maintenance.due events at `now`; returns how many new events it wrote. */
export async function scanDueMaintenance(prisma: PrismaClient, now = new Date()): Promise<number> {
  const today = now.toISOString().slice(0, 10);
  const horizon = new Date(now.getTime() + MAINTENANCE_NOTICE_DAYS * 86_400_000).toISOString().slice(0, 10);
  const rows = await prisma.$queryRawUnsafe<{ id: string }[]>(
    `WITH subscribers AS (
       SELECT id, organization_id FROM webhooks
        WHERE active AND events && ARRAY['maintenance.due', 'maintenance.*', '*']::text[]
     ), due AS (
       SELECT m.id, m.organization_id, m.asset_id, m.type, m.description, m.scheduled_date, a.name AS asset_name, a.asset_tag
         FROM maintenance_records m JOIN assets a ON a.id = m.asset_id
        WHERE m.scheduled_date BETWEEN $1::date AND $2::date AND m.completed_at IS NULL
          AND m.organization_id IN (SELECT organization_id FROM subscribers)
     ), events AS (
       INSERT INTO webhook_events (id, organization_id, event, payload, created_at)
       SELECT 'evt_' || md5('maintenance.due:' || due.id::text || ':' || due.scheduled_date::text),
              due.organization_id, 'maintenance.due',
              jsonb_build_object('maintenance_id', due.id, 'asset_id', due.asset_id, 'asset_name', due.asset_name,
                                 'asset_tag', due.asset_tag, 'type', due.type, 'description', due.description,
                                 'scheduled_date', due.scheduled_date, 'days_left', due.scheduled_date - $1::date),
              now()
         FROM due
       ON CONFLICT (id) DO NOTHING
       RETURNING id, organization_id
     ), deliveries AS (
       INSERT INTO webhook_deliveries (id, organization_id, webhook_id, event_id, status, next_attempt_at, created_at)
       SELECT gen_random_uuid(), events.organization_id, subscribers.id, events.id, 'pending', now(), now()
         FROM events JOIN subscribers ON subscribers.organization_id = events.organization_id
     )
     SELECT id FROM events`,
    today, horizon,
  );
  return rows.length;
}
