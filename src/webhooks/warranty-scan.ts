// warranty.expiring: a scheduled scan (run by the delivery worker, hourly) finds assets whose
// warranty ends within the next 30 days and queues one event per asset and expiry date. The
// event id is derived from (asset, date), so repeated scans — on any instance — add nothing.
import type { PrismaClient } from '../generated/prisma/client.js';

export const WARRANTY_NOTICE_DAYS = 30;

/** Queues the due warranty.expiring events at `now`; returns how many new events it wrote. */
export async function scanExpiringWarranties(prisma: PrismaClient, now = new Date()): Promise<number> {
  const today = now.toISOString().slice(0, 10);
  const horizon = new Date(now.getTime() + WARRANTY_NOTICE_DAYS * 86_400_000).toISOString().slice(0, 10);
  const rows = await prisma.$queryRawUnsafe<{ id: string }[]>(
    `WITH subscribers AS (
       SELECT id, organization_id FROM webhooks
        WHERE active AND events && ARRAY['warranty.expiring', 'warranty.*', '*']::text[]
     ), due AS (
       SELECT a.id, a.organization_id, a.name, a.asset_tag, a.warranty_expiry
         FROM assets a
        WHERE a.warranty_expiry BETWEEN $1::date AND $2::date AND a.status <> 'retired'
          AND a.organization_id IN (SELECT organization_id FROM subscribers)
     ), events AS (
       INSERT INTO webhook_events (id, organization_id, event, payload, created_at)
       SELECT 'evt_' || md5('warranty.expiring:' || due.id::text || ':' || due.warranty_expiry::text),
              due.organization_id, 'warranty.expiring',
              jsonb_build_object('asset_id', due.id, 'asset_name', due.name, 'asset_tag', due.asset_tag,
                                 'warranty_expiry', due.warranty_expiry, 'days_left', due.warranty_expiry - $1::date),
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
