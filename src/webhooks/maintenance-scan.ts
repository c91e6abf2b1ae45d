// maintenance.due: the hourly scan queues one event per open maintenance record whose scheduled
// date is within the next 7 days (today included), like warranty.expiring. The event id is derived
// from (record, scheduled date), so repeated scans on any instance add nothing; rescheduling the
// record makes it due again once.
import type { PrismaClient } from '../generated/prisma/client.js';
import { queueDatedEvents } from './dated-event-scan.js';

export const MAINTENANCE_NOTICE_DAYS = 7;

/** Queues the due maintenance.due events at `now`; returns how many new events it wrote. */
export function scanDueMaintenance(prisma: PrismaClient, now = new Date()): Promise<number> {
  return queueDatedEvents(prisma, {
    event: 'maintenance.due',
    noticeDays: MAINTENANCE_NOTICE_DAYS,
    dueRows: `SELECT m.id, m.organization_id, m.asset_id, m.type, m.description, m.scheduled_date, a.name AS asset_name, a.asset_tag
         FROM maintenance_records m JOIN assets a ON a.id = m.asset_id
        WHERE m.scheduled_date BETWEEN $1::date AND $2::date AND m.completed_at IS NULL`,
    organizationColumn: 'm.organization_id',
    dateColumn: 'scheduled_date',
    payload: `jsonb_build_object('maintenance_id', due.id, 'asset_id', due.asset_id, 'asset_name', due.asset_name,
                                 'asset_tag', due.asset_tag, 'type', due.type, 'description', due.description,
                                 'scheduled_date', due.scheduled_date, 'days_left', due.scheduled_date - $1::date)`,
  }, now);
}
