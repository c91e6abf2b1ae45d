// document.expiring: the hourly scan queues one event per asset document whose expiry date is
// within the next 30 days (today included), like warranty.expiring. The event id is derived from
// (document, expiry date), so repeated scans on any instance add nothing; a new expiry date makes
// the document due again once.
import type { PrismaClient } from '../generated/prisma/client.js';
import { queueDatedEvents } from './dated-event-scan.js';

export const DOCUMENT_NOTICE_DAYS = 30;

/** Queues the due document.expiring events at `now`; returns how many new events it wrote. */
export function scanExpiringDocuments(prisma: PrismaClient, now = new Date()): Promise<number> {
  return queueDatedEvents(prisma, {
    event: 'document.expiring',
    noticeDays: DOCUMENT_NOTICE_DAYS,
    dueRows: `SELECT d.id, d.organization_id, d.asset_id, d.name, d.kind, d.reference, d.expires_at, a.name AS asset_name, a.asset_tag
         FROM asset_documents d JOIN assets a ON a.id = d.asset_id
        WHERE d.expires_at BETWEEN $1::date AND $2::date`,
    organizationColumn: 'd.organization_id',
    dateColumn: 'expires_at',
    payload: `jsonb_build_object('document_id', due.id, 'asset_id', due.asset_id, 'asset_name', due.asset_name,
                                 'asset_tag', due.asset_tag, 'name', due.name, 'kind', due.kind, 'reference', due.reference,
                                 'expires_at', due.expires_at, 'days_left', due.expires_at - $1::date)`,
  }, now);
}
