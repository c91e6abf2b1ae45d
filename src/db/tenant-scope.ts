// Tenant isolation in one place: every Prisma operation made through a scoped client is limited
// to one organization, so another tenant's id answers exactly like a missing one.
import type { PrismaClient } from '../generated/prisma/client.js';

const WHERE_OPERATIONS = new Set([
  'findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findMany', 'count',
  'aggregate', 'groupBy', 'update', 'updateMany', 'updateManyAndReturn', 'delete', 'deleteMany', 'upsert',
]);

type Args = { where?: object; data?: object | object[]; create?: object };

/** `where` limited to the organization: by organizationId, or for the organization row by its id. */
function scopedWhere(model: string, where: Args['where'], organizationId: string): object {
  if (model !== 'Organization') return { ...where, organizationId };
  // ANDed, not merged: a given id must not be replaced by the caller's own (that would read or
  // update the caller's organization in place of the one asked for).
  const and = (where as { AND?: object | object[] } | undefined)?.AND;
  return { ...where, AND: [...(and === undefined ? [] : [and].flat()), { id: organizationId }] };
}

function scopeArgs(model: string, operation: string, args: Args, organizationId: string): Args {
  const scoped: Args = { ...args };
  if (WHERE_OPERATIONS.has(operation)) scoped.where = scopedWhere(model, args.where, organizationId);
  if (model === 'Organization') {
    if (operation.startsWith('create') || operation === 'upsert') throw new Error('organizations are not created through a tenant client');
    return scoped;
  }
  if (operation === 'create') scoped.data = { ...args.data, organizationId };
  if (operation === 'createMany' || operation === 'createManyAndReturn') {
    scoped.data = (Array.isArray(args.data) ? args.data : [args.data]).map((row) => ({ ...row, organizationId }));
  }
  if (operation === 'upsert') scoped.create = { ...args.create, organizationId };
  return scoped;
}

const cache = new WeakMap<PrismaClient, Map<string, PrismaClient>>();

/** A client whose every operation is limited to `organizationId`; one per (client, organization). */
export function scopeToOrganization(prisma: PrismaClient, organizationId: string): PrismaClient {
  let byOrganization = cache.get(prisma);
  if (!byOrganization) cache.set(prisma, (byOrganization = new Map()));
  let scoped = byOrganization.get(organizationId);
  if (!scoped) {
    scoped = prisma.$extends({
      name: 'tenant-scope',
      query: {
        $allModels: {
          $allOperations({ model, operation, args, query }) {
            return query(scopeArgs(model, operation, args as Args, organizationId) as typeof args);
          },
        },
      },
    }) as unknown as PrismaClient;
    byOrganization.set(organizationId, scoped);
  }
  return scoped;
}
