// license.expiring: the hourly scan (hourly-scans.ts) finds licences whose expiry date falls
// within the next 30 days and queues one event per licence and expiry date. The event id is
// derived from (licence, date), so repeated scans — on any instance — add nothing.
import type { PrismaClient } from '../generated/prisma/client.js';
import { queueDatedEvents } from './dated-event-scan.js';

export const LICENSE_NOTICE_DAYS = 30;

/** Queues the due license.expiring events at `now`; returns how many new events it wrote. */
export function scanExpiringLicenses(prisma: PrismaClient, now = new Date()): Promise<number> {
  return queueDatedEvents(prisma, {
    event: 'license.expiring',
    noticeDays: LICENSE_NOTICE_DAYS,
    dueRows: `SELECT l.id, l.organization_id, l.name, l.vendor, l.expiry_date, l.seats_purchased,
              (SELECT count(*) FROM license_seats s WHERE s.license_id = l.id AND s.released_at IS NULL) AS seats_used
         FROM licenses l
        WHERE l.expiry_date BETWEEN $1::date AND $2::date`,
    organizationColumn: 'l.organization_id',
    dateColumn: 'expiry_date',
    payload: `jsonb_build_object('license_id', due.id, 'name', due.name, 'vendor', due.vendor, 'expiry_date', due.expiry_date,
                                 'days_left', due.expiry_date - $1::date, 'seats_purchased', due.seats_purchased, 'seats_used', due.seats_used)`,
  }, now);
}
