// The shape every hourly "something is due" scan shares: rows dated within the next N days, in an
// organization with a subscribed webhook, become one event per (row, date) — the event id is
// derived from both, so repeated scans on any instance add nothing — and one pending delivery per
// subscribed webhook, all in one statement.
import type { PrismaClient } from '../generated/prisma/client.js';

export interface DatedEventScan {
  /** e.g. `warranty.expiring`; `<domain>.*` and `*` subscriptions match too. */
  event: string;
  noticeDays: number;
  /** SELECT … FROM … WHERE … of the due rows (`id`, `organization_id`, the date column); `$1`/`$2` are today and the horizon. */
  dueRows: string;
  /** The due rows' organization column, e.g. `a.organization_id`: only subscribed organizations are scanned. */
  organizationColumn: string;
  /** The column of `due` the event is about: part of the event id. */
  dateColumn: string;
  /** jsonb_build_object(…) over `due` (and `$1::date`, today). */
  payload: string;
}

/** Queues the scan's due events at `now`; returns how many new events it wrote. */
export async function queueDatedEvents(prisma: PrismaClient, scan: DatedEventScan, now: Date): Promise<number> {
  const today = now.toISOString().slice(0, 10);
  const horizon = new Date(now.getTime() + scan.noticeDays * 86_400_000).toISOString().slice(0, 10);
  const domain = `${scan.event.split('.')[0]}.*`;
  const rows = await prisma.$queryRawUnsafe<{ id: string }[]>(
    `WITH subscribers AS (
       SELECT id, organization_id FROM webhooks
        WHERE active AND events && ARRAY['${scan.event}', '${domain}', '*']::text[]
     ), due AS (
       ${scan.dueRows}
          AND ${scan.organizationColumn} IN (SELECT organization_id FROM subscribers)
     ), events AS (
       INSERT INTO webhook_events (id, organization_id, event, payload, created_at)
       SELECT 'evt_' || md5('${scan.event}:' || due.id::text || ':' || due.${scan.dateColumn}::text),
              due.organization_id, '${scan.event}', ${scan.payload}, now()
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
