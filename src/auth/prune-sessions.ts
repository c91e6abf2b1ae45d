// Housekeeping: refresh-token rows pile up (one per refresh). A row can go once it can no longer
// matter: expired (a spent token is kept until then, so its reuse is still recognised and revokes
// the session), or revoked more than a day ago.
import type { PrismaClient } from '../generated/prisma/client.js';

const REVOKED_KEPT_MS = 24 * 60 * 60 * 1000;

/** Deletes refresh tokens that are expired or long revoked; returns how many. */
export async function pruneRefreshTokens(prisma: PrismaClient, now = new Date()): Promise<number> {
  const { count } = await prisma.refreshToken.deleteMany({
    where: { OR: [{ expiresAt: { lt: now } }, { revokedAt: { lt: new Date(now.getTime() - REVOKED_KEPT_MS) } }] },
  });
  return count;
}
