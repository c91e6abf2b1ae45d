// license.expiring: the hourly scan (hourly-scans.ts) finds licences whose expiry date falls
// within the next 30 days and queues one event per licence and expiry date. The event id is
// derived from (licence, date), so repeated scans — on any instance — add nothing.
import type { PrismaClient } from '../generated/prisma/client.js';

export const LICENSE_NOTICE_DAYS = 30;

/** Queues the due license.expiring events at `now`; returns how many new events it wrote. */
export async function scanExpiringLicenses(prisma: PrismaClient, now = new Date()): Promise<number> {
  const today = now.toISOString().slice(0, 10);
  const horizon = new Date(now.getTime() + LICENSE_NOTICE_DAYS * 86_400_000).toISOString().slice(0, 10);
  const rows = await prisma.$queryRawUnsafe<{ id: string }[]>(
    `WITH subscribers AS (
       SELECT id, organization_id FROM webhooks
        WHERE active AND events && ARRAY['license.expiring', 'license.*', '*']::text[]
     ), due AS (
       SELECT l.id, l.organization_id, l.name, l.vendor, l.expiry_date, l.seats_purchased,
              (SELECT count(*) FROM license_seats s WHERE s.license_id = l.id AND s.released_at IS NULL) AS seats_used
         FROM licenses l
        WHERE l.expiry_date BETWEEN $1::date AND $2::date
          AND l.organization_id IN (SELECT organization_id FROM subscribers)
     ), events AS (
       INSERT INTO webhook_events (id, organization_id, event, payload, created_at)
       SELECT 'evt_' || md5('license.expiring:' || due.id::text || ':' || due.expiry_date::text),
              due.organization_id, 'license.expiring',
              jsonb_build_object('license_id', due.id, 'name', due.name, 'vendor', due.vendor, 'expiry_date', due.expiry_date,
                                 'days_left', due.expiry_date - $1::date, 'seats_purchased', due.seats_purchased, 'seats_used', due.seats_used),
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
