// The scheduled scans the delivery worker runs every hour on every instance: each queues the
// events that have come due (an event id derived from the entity and the date makes every scan
// after the first add nothing). A new scan is one line here.
import type { PrismaClient } from '../generated/prisma/client.js';
import { scanExpiringLicenses } from './license-scan.js';
import { scanExpiringWarranties } from './warranty-scan.js';
import { scanDueMaintenance } from './maintenance-scan.js';
import { scanExpiringDocuments } from './document-scan.js';

export const HOURLY_SCANS: readonly ((prisma: PrismaClient, now?: Date) => Promise<number>)[] = [
  scanExpiringWarranties,
  scanExpiringLicenses,
  scanDueMaintenance,
  scanExpiringDocuments,
];

/** Runs every scan; returns how many new events they queued in all. */
export async function runHourlyScans(prisma: PrismaClient, now = new Date()): Promise<number> {
  let queued = 0;
  for (const scan of HOURLY_SCANS) queued += await scan(prisma, now);
  return queued;
}
