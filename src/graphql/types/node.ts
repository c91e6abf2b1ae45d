// node(id) / nodes(ids): ids are plain row UUIDs, so the type is found by looking the ids up. The
// cost does not grow with the number of ids: one statement finds the table of every id (in the
// caller's organization), then one findMany per type found loads the rows with what the query
// selects beneath them.
import { brandWithType } from '@pothos/core';
import { queryFromInfo } from '@pothos/plugin-prisma';
import type { GraphQLResolveInfo } from 'graphql';
import { Prisma } from '../../generated/prisma/client.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { isNodeId } from './common.js';

const NODE_TYPES = [
  { typename: 'Asset', model: 'asset', table: 'assets' },
  { typename: 'User', model: 'user', table: 'users' },
  { typename: 'Location', model: 'location', table: 'locations' },
  { typename: 'Vendor', model: 'vendor', table: 'vendors' },
  { typename: 'Assignment', model: 'assignment', table: 'assignments' },
  { typename: 'AuditEvent', model: 'auditEvent', table: 'audit_events' },
  { typename: 'MaintenanceRecord', model: 'maintenanceRecord', table: 'maintenance_records' },
  { typename: 'GeoPosition', model: 'geoPosition', table: 'geo_positions' },
  { typename: 'AssetSignal', model: 'assetSignal', table: 'asset_signals' },
  { typename: 'Incident', model: 'incident', table: 'incidents' },
  { typename: 'AssetDocument', model: 'assetDocument', table: 'asset_documents' },
] as const;

type NodeType = (typeof NODE_TYPES)[number];
type Row = { id: string };

/** The type of each of `ids` that is a row of the caller's organization (raw SQL: scoped by hand). */
async function typesOf(ctx: Context, ids: string[]): Promise<Map<string, NodeType>> {
  const organizationId = ctx.principal!.organizationId;
  const lookups = NODE_TYPES.map((type) => Prisma.sql`
    SELECT ${type.typename} AS typename, id::text AS id FROM ${Prisma.raw(type.table)}
    WHERE organization_id = ${organizationId}::uuid AND id = ANY(${ids}::uuid[])`);
  const found = await ctx.prisma.$queryRaw<{ typename: string; id: string }[]>`${Prisma.join(lookups, ' UNION ALL ')}`;
  const byTypename = new Map<string, NodeType>(NODE_TYPES.map((type) => [type.typename, type]));
  return new Map(found.map((row) => [row.id.toLowerCase(), byTypename.get(row.typename)!]));
}

/** One entry per id, in order: the row (branded with its type) or null for anything not ours. */
async function findNodes(ctx: Context, info: GraphQLResolveInfo, ids: string[]): Promise<(Row | null)[]> {
  // Not a UUID: not one of ours, answered like a missing id (and never sent to a uuid column).
  const wanted = [...new Set(ids.filter(isNodeId).map((id) => id.toLowerCase()))];
  if (wanted.length === 0) return ids.map(() => null);
  const types = await typesOf(ctx, wanted);
  const rows = new Map<string, Row>();
  await Promise.all(NODE_TYPES.map(async (type) => {
    const idsOfType = wanted.filter((id) => types.get(id) === type);
    if (idsOfType.length === 0) return;
    const query = await queryFromInfo({ context: ctx, info, typeName: type.typename, awaitSelections: true });
    const delegate = ctx.prisma[type.model] as unknown as { findMany(args: object): Promise<Row[]> };
    for (const row of await delegate.findMany({ ...query, where: { id: { in: idsOfType } } })) {
      brandWithType(row, type.typename as never);
      rows.set(row.id, row);
    }
  }));
  return ids.map((id) => rows.get(id.toLowerCase()) ?? null);
}

builder.queryFields((t) => ({
  node: t.field({
    type: builder.nodeInterfaceRef(),
    nullable: true,
    description: 'Any object with an id (Asset, User, Location, Vendor, Assignment, AuditEvent), found by id alone; null when there is none in your organization. Needs the read scope.',
    authScopes: { read: true },
    // Compiled reads (src/graphql/compiled) may answer it in SQL, looking in the same tables.
    extensions: { sqlNodes: NODE_TYPES.map((type) => type.typename) },
    args: { id: t.arg.id({ required: true, description: 'A UUID; anything else finds nothing.' }) },
    resolve: async (_root, { id }, ctx, info) => (await findNodes(ctx, info, [String(id)]))[0],
  }),
  nodes: t.field({
    type: [builder.nodeInterfaceRef()],
    nullable: { list: false, items: true },
    description: 'Objects by id, in the order asked, null for each id not found in your organization. Ask for many at once: one statement finds their types, one per type loads them. Needs the read scope.',
    authScopes: { read: true },
    extensions: { sqlNodes: NODE_TYPES.map((type) => type.typename) },
    args: { ids: t.arg.idList({ required: true, description: 'UUIDs of any node types, mixed.' }) },
    resolve: (_root, { ids }, ctx, info) => findNodes(ctx, info, ids.map(String)),
  }),
}));
