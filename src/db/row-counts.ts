// Exact row counts per organization, kept by triggers in the same transaction as the writes
// (migration row_counts): an unfiltered count is one primary-key lookup.
import type { PrismaClient } from '../generated/prisma/client.js';

export type CountedTable = 'assets' | 'users' | 'locations' | 'vendors';

/** How many rows `organizationId` has in `table` (the client may be tenant-scoped). */
export async function rowCount(prisma: PrismaClient, organizationId: string, table: CountedTable): Promise<number> {
  const row = await prisma.rowCount.findUnique({
    where: { organizationId_tableName: { organizationId, tableName: table } },
    select: { count: true },
  });
  return Number(row?.count ?? 0);
}
