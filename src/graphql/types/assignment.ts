// Assignment: one checkout of an asset to a user, closed by the checkin. Addressable by id
// (AssetNode's /api/assignments), returned by id through returnAssignment.
import * as assets from '../../domain/assets.js';
import { builder } from '../builder.js';
import { domainOf } from '../context.js';

export const AssignmentNode = builder.prismaNode('Assignment', {
  id: { field: 'id' },
  // Select mode: a query reads only the columns its fields need.
  select: { id: true },
  description: 'One checkout of an asset; checkedInAt is null while it is still out.',
  fields: (t) => ({
    asset: t.relation('asset', { description: 'The asset checked out.' }),
    user: t.relation('user', { description: 'Who it was checked out to.' }),
    checkedOutAt: t.expose('checkedOutAt', { type: 'DateTime', description: 'When the checkout happened.' }),
    expectedReturn: t.expose('expectedReturn', { type: 'Date', nullable: true, description: 'When it was due back (YYYY-MM-DD); null when no date was given.' }),
    checkedInAt: t.expose('checkedInAt', { type: 'DateTime', nullable: true, description: 'When it was checked in; null while it is still out.' }),
    performedBy: t.relation('performedBy', { nullable: true, description: 'The user whose credential made the checkout; null when none was recorded.' }),
  }),
});

builder.prismaObjectField('Asset', 'currentAssignment', (t) =>
  t.field({
    type: AssignmentNode,
    nullable: true,
    description: 'The open checkout of this asset (null when it is not checked out).',
    // Loaded in the asset's own statement, with whatever the query selects on the assignment.
    select: (_args, _ctx, nestedSelection) => ({
      assignments: nestedSelection({ where: { checkedInAt: null }, orderBy: [{ checkedOutAt: 'desc' as const }, { id: 'desc' as const }], take: 1 }),
    }),
    resolve: (asset) => asset.assignments[0] ?? null,
  }),
);

builder.queryFields((t) => ({
  assignment: t.prismaField({
    type: 'Assignment',
    nullable: true,
    description: 'One checkout history row by id (null when it does not exist in your organization).',
    authScopes: { read: true },
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The assignment id.' }) },
    resolve: (query, _root, { id }, ctx) => ctx.prisma.assignment.findUnique({ ...query, where: { id } }),
  }),
}));

builder.mutationFields((t) => ({
  returnAssignment: t.prismaField({
    type: 'Assignment',
    nullable: true,
    description:
      'Returns an open assignment: checks its asset in and closes it (audited as asset.checked_in). CONFLICT when it was already returned. Admins: a write key, or a key with the assignment:update permission (Business plan or higher).',
    authScopes: { $all: { admin: true, permission: 'assignment:update' } },
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The assignment id.' }) },
    resolve: (query, _root, { id }, ctx) => assets.returnAssignment(domainOf(ctx), id, query),
  }),
}));
