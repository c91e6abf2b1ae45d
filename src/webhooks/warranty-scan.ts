// warranty.expiring: a scheduled scan (run by the delivery worker, hourly) finds assets whose
// warranty ends within the next 30 days and queues one event per asset and expiry date. The
// event id is derived from (asset, date), so repeated scans — on any instance — add nothing.
import type { PrismaClient } from '../generated/prisma/client.js';
import { queueDatedEvents } from './dated-event-scan.js';

export const WARRANTY_NOTICE_DAYS = 30;

/** Queues the due warranty.expiring events at `now`; returns how many new events it wrote. */
export function scanExpiringWarranties(prisma: PrismaClient, now = new Date()): Promise<number> {
  return queueDatedEvents(prisma, {
    event: 'warranty.expiring',
    noticeDays: WARRANTY_NOTICE_DAYS,
    dueRows: `SELECT a.id, a.organization_id, a.name, a.asset_tag, a.warranty_expiry
         FROM assets a
        WHERE a.warranty_expiry BETWEEN $1::date AND $2::date AND a.status <> 'retired'`,
    organizationColumn: 'a.organization_id',
    dateColumn: 'warranty_expiry',
    payload: `jsonb_build_object('asset_id', due.id, 'asset_name', due.name, 'asset_tag', due.asset_tag,
                                 'warranty_expiry', due.warranty_expiry, 'days_left', due.warranty_expiry - $1::date)`,
  }, now);
}
