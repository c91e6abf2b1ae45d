// Batches Asset.auditEvents across the assets of one request: for a page of 50 assets, the first
// page of events of each costs two queries in all (ids ranked per asset, then the rows with
// their relations joined), and their totalCounts one grouped count; one asset's, one query.
import DataLoader from 'dataloader';
import { Prisma, type AuditEvent } from '../generated/prisma/client.js';
import type { Context } from './context.js';

type PageQuery = { take?: number; include?: Prisma.AuditEventInclude; select?: Prisma.AuditEventSelect };

interface Loaders {
  count: DataLoader<string, number>;
  firstPage(query: PageQuery): DataLoader<string, AuditEvent[]>;
}

const perRequest = new WeakMap<Context, Loaders>();

export function assetEventLoaders(ctx: Context): Loaders {
  let loaders = perRequest.get(ctx);
  if (loaders) return loaders;
  const organizationId = ctx.principal!.organizationId;
  const pages = new Map<string, DataLoader<string, AuditEvent[]>>();
  loaders = {
    count: new DataLoader(async (assetIds) => {
      const counts = await ctx.prisma.auditEvent.groupBy({
        by: ['entityId'],
        where: { entityType: 'Asset', entityId: { in: [...assetIds] } },
        _count: { _all: true },
      });
      const byId = new Map(counts.map((row) => [row.entityId, row._count._all]));
      return assetIds.map((id) => byId.get(id) ?? 0);
    }),
    firstPage(query) {
      // One loader per page size and selection: assets batched together share both.
      const key = JSON.stringify(query);
      let loader = pages.get(key);
      if (!loader) {
        loader = new DataLoader(async (assetIds) => {
          const selection = {
            ...(query.include && { include: query.include }),
            ...(query.select && { select: { ...query.select, entityId: true } }),
          };
          // One asset (asset(id:) { auditEvents }): its newest events in one statement.
          if (assetIds.length === 1) {
            return [await ctx.prisma.auditEvent.findMany({
              ...selection, where: { entityType: 'Asset', entityId: assetIds[0] }, orderBy: { sequence: 'desc' }, take: query.take,
            })];
          }
          // Raw SQL for the ranking only (Prisma has no per-group limit); scoped to the tenant by hand.
          const ranked = await ctx.prisma.$queryRaw<{ id: string }[]>`
            SELECT id FROM (
              SELECT id, row_number() OVER (PARTITION BY entity_id ORDER BY sequence DESC) AS rank
              FROM audit_events
              WHERE organization_id = ${organizationId}::uuid AND entity_type = 'Asset'
                AND entity_id = ANY(${[...assetIds]}::uuid[])
            ) ranked WHERE rank <= ${query.take}`;
          const rows = await ctx.prisma.auditEvent.findMany({
            ...selection,
            where: { id: { in: ranked.map((row) => row.id) } },
            orderBy: { sequence: 'desc' },
          });
          return assetIds.map((id) => rows.filter((row) => row.entityId === id));
        });
        pages.set(key, loader);
      }
      return loader;
    },
  };
  perRequest.set(ctx, loaders);
  return loaders;
}
