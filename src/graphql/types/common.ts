// Shapes shared by every connection: sort direction, the page-argument rules, offset and totalCount.
import { pageSizeProblem } from '../../cost/page-limits.js';
import { builder } from '../builder.js';
import { badInput } from '../../errors.js';
import { isUuid } from '../../request/uuid.js';

export const SortDirection = builder.enumType('SortDirection', {
  description: 'The direction of an order. Ties are broken by id in the same direction, so pages are stable.',
  values: { ASC: { value: 'asc', description: 'Smallest first (A→Z, oldest first); nulls last.' }, DESC: { value: 'desc', description: 'Largest first (Z→A, newest first); nulls last.' } } as const,
});

/** `offset` on every root connection: REST's limit/offset paging without breaking Relay cursors. */
export const offsetArg = builder.args((t) => ({
  offset: t.int({
    required: false,
    description: 'Rows to skip after the cursor (or from the start). Forward paging only.',
  }),
}));

export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  offset?: number | null;
}

/** Page arguments are refused rather than silently clamped, so a client never misses rows. */
export function checkPageArgs(args: PageArgs): number {
  for (const name of ['first', 'last'] as const) {
    const problem = pageSizeProblem(name, args[name]);
    if (problem) throw badInput(name, problem);
  }
  if (args.first != null && args.last != null) throw badInput('last', 'pass either first or last, not both');
  const offset = args.offset ?? 0;
  if (offset < 0) throw badInput('offset', `offset must be 0 or more, got ${offset}`);
  if (offset > 0 && (args.last != null || args.before != null)) {
    throw badInput('offset', 'offset pages forward only: combine it with first/after, not last/before');
  }
  return offset;
}

/** Applies `offset` to the query Pothos built for a connection page. */
export function withOffset<Q extends { skip?: number }>(query: Q, offset: number): Q {
  return offset ? { ...query, skip: (query.skip ?? 0) + offset } : query;
}

/** Case-insensitive substring match on any of `fields`, served by the trigram indexes. */
export function searchWhere(fields: readonly string[], search: string | null | undefined) {
  const text = search?.trim();
  if (!text) return {};
  // Prisma passes LIKE wildcards through: escape them so `%` and `_` match themselves.
  const literal = text.replace(/[\\%_]/g, (char) => `\\${char}`);
  return { OR: fields.map((field) => ({ [field]: { contains: literal, mode: 'insensitive' as const } })) };
}

/**
 * A related list's first page, as compiled reads (src/graphql/compiled) may answer it in SQL: rows
 * of `model` whose `parentKey` is the parent's id (and that match `match`), in `order`, cursors
 * on `cursor` as Pothos makes them.
 */
export interface SqlFirstPage {
  model: string;
  match?: Record<string, string>;
  parentKey: string;
  order: readonly (readonly [field: string, direction: 'asc' | 'desc'])[];
  cursor: string;
}

/** A relatedConnection's order, once: the Prisma `query` its resolver uses and the same order for compiled reads. */
export function relatedPageOrder(spec: SqlFirstPage) {
  const orderBy = spec.order.map(([field, direction]) => ({ [field]: direction }));
  return { query: () => ({ orderBy }), extensions: { sqlFirstPage: spec } };
}

/** Whether node(id)/nodes(ids) can find `id` (a row UUID); anything else finds nothing and is never sent to a uuid column. */
export const isNodeId = (id: string): boolean => isUuid(id);
