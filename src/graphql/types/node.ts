// node(id) / nodes(ids): ids are plain row UUIDs, so the type is found by looking the id up.
import { brandWithType } from '@pothos/core';
import type { PrismaClient } from '../../generated/prisma/client.js';
import { builder } from '../builder.js';

const NODE_MODELS = [
  ['Asset', 'asset'], ['User', 'user'], ['Location', 'location'], ['Vendor', 'vendor'],
  ['Assignment', 'assignment'], ['AuditEvent', 'auditEvent'],
] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function findNode(prisma: PrismaClient, id: string) {
  if (!UUID.test(id)) return null; // Not one of ours: answers like a missing id.
  const found = await Promise.all(
    NODE_MODELS.map(async ([typename, model]) => {
      const delegate = prisma[model] as unknown as { findUnique(args: object): Promise<object | null> };
      const row = await delegate.findUnique({ where: { id } });
      if (row) brandWithType(row, typename as never);
      return row;
    }),
  );
  return found.find(Boolean) ?? null;
}

builder.queryFields((t) => ({
  node: t.field({
    type: builder.nodeInterfaceRef(),
    nullable: true,
    authScopes: { read: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => findNode(ctx.prisma, String(id)),
  }),
  nodes: t.field({
    type: [builder.nodeInterfaceRef()],
    nullable: { list: false, items: true },
    authScopes: { read: true },
    args: { ids: t.arg.idList({ required: true }) },
    resolve: (_root, { ids }, ctx) => Promise.all(ids.map((id) => findNode(ctx.prisma, String(id)))),
  }),
}));
