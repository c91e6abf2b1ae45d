// Root connections paged by keyset: the page after a cursor is `(sort key, id) beyond the
// cursor's` in the connection's order, which PostgreSQL answers from the (organization_id,
// sort key, id) index without reading the rows before it. Relations under the nodes are loaded
// in the page's own statement (Pothos' selection of the nodes, joined by Prisma).
import { queryFromInfo } from '@pothos/plugin-prisma';
import { Kind, type GraphQLResolveInfo } from 'graphql';
import type { SchemaTypes } from '../builder.js';
import { checkPageArgs, type PageArgs } from '../types/common.js';
import { DEFAULT_PAGE_SIZE } from '../../cost/page-limits.js';
import { badInput } from '../../errors.js';
import type { CountedTable } from '../../db/row-counts.js';
import { decodeCursor, encodeCursor, type CursorKey, type KeysetOrder } from './cursor.js';

type Where = Record<string, unknown>;
type Row = { id: string };

/** What a page query receives: spread it into `findMany`. */
export interface PageQuery {
  where: Where;
  orderBy: Record<string, unknown>[];
  take: number;
  skip?: number;
  select?: object;
  include?: object;
}

export interface KeysetSource<Args, Ctx, Node extends Row> {
  /** The Pothos type of the nodes (its selection decides the columns and relations read). */
  typeName: string;
  order(args: Args): KeysetOrder;
  where(args: Args, ctx: Ctx): Where;
  findMany(ctx: Ctx, query: PageQuery): Promise<Node[]>;
  count(ctx: Ctx, where: Where, args: Args): Promise<number>;
  /** The count when nothing filters the list, when it is cheaper than `count` (src/db/row-counts.ts). */
  countAll?(ctx: Ctx): Promise<number>;
  /**
   * For compiled reads (src/graphql/compiled): the page is the organization's rows of the node
   * type's model, in `order`, limited by nothing but `where` (an unfiltered page compiles).
   * `countAll` names the row_counts entry `countAll` reads (without it: count(*)).
   */
  sql?: { countAll?: CountedTable };
}

/** The source a keyset resolver was made from, for compiled reads (src/graphql/compiled). */
export const KEYSET_SOURCE = Symbol('keysetSource');

/** The keyset source behind a field's resolver, when it was made by keysetResolver with `sql`. */
export function keysetSourceOf(resolve: unknown): KeysetSource<PageArgs, object, Row> | undefined {
  const source = (resolve as { [KEYSET_SOURCE]?: KeysetSource<PageArgs, object, Row> } | undefined)?.[KEYSET_SOURCE];
  return source?.sql ? source : undefined;
}

export interface KeysetConnection<Node = unknown> {
  edges: { cursor: string; node: Node }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: () => Promise<number>;
}

type Comparison = 'gt' | 'gte' | 'lt' | 'lte';
const BEYOND = { asc: 'gt', desc: 'lt' } as const;
const AT_OR_BEYOND = { asc: 'gte', desc: 'lte' } as const;

/** Where null sort keys come in a walk: before the others, after them, or nowhere (a required key). */
export type NullPlacement = 'first' | 'last' | 'none';

/** `field <op> key` as a Prisma filter; for an enum key, the set of values on that side of it. */
function compare(order: Pick<KeysetOrder, 'field' | 'enumValues'>, op: Comparison, key: Exclude<CursorKey, null>): Where {
  if (!order.enumValues) return { [order.field]: { [op]: key } };
  const at = order.enumValues.indexOf(String(key));
  const kept = order.enumValues.filter((_, index) =>
    op === 'gt' ? index > at : op === 'gte' ? index >= at : op === 'lt' ? index < at : index <= at);
  return { [order.field]: { in: kept } };
}

/**
 * The rows strictly after (key, id) when walking in `direction`. For a non-null key the range
 * condition `key >= k` (or `<=`) comes first, so the index bounds the scan.
 */
export function rowsAfter(
  order: Pick<KeysetOrder, 'field' | 'enumValues'>, direction: 'asc' | 'desc', nulls: NullPlacement, key: CursorKey, id: string,
): Where {
  const { field } = order;
  const idBeyond = { id: { [BEYOND[direction]]: id } };
  if (key === null) {
    const nullTies = { AND: [{ [field]: null }, idBeyond] };
    return nulls === 'first' ? { OR: [nullTies, { NOT: { [field]: null } }] } : nullTies;
  }
  const beyond = { AND: [compare(order, AT_OR_BEYOND[direction], key), { OR: [compare(order, BEYOND[direction], key), idBeyond] }] };
  return nulls === 'last' ? { OR: [beyond, { [field]: null }] } : beyond;
}

/** Walks `order` forwards, or backwards (`last`/`before`): direction and null placement flip. */
function traversal(order: KeysetOrder, backward: boolean) {
  const flip = (direction: 'asc' | 'desc') => (direction === 'asc' ? 'desc' : 'asc');
  const direction = backward ? flip(order.direction) : order.direction;
  // Nulls come last in the declared order, in both directions: first when walking backwards.
  const nulls: NullPlacement = !order.nullable ? 'none' : backward ? 'first' : 'last';
  const key = nulls === 'none' ? { [order.field]: direction } : { [order.field]: { sort: direction, nulls } };
  return { direction, nulls, orderBy: [key, { id: direction }] };
}

/**
 * Which way a page walks `order`, how far and from which cursor argument: the resolver below and
 * compiled reads (src/graphql/compiled/roots.ts) read a page the same way.
 */
export function pageWindow(args: PageArgs, order: KeysetOrder) {
  const backward = args.last != null || args.before != null;
  const cursorArg = backward ? 'before' : 'after';
  return {
    backward,
    size: (backward ? args.last : args.first) ?? DEFAULT_PAGE_SIZE,
    cursorArg,
    cursor: args[cursorArg],
    ...traversal(order, backward),
  } as const;
}

/** True when the selection under the connection asks for nothing but totalCount. */
function onlyTotalCount(info: GraphQLResolveInfo): boolean {
  return info.fieldNodes.every((node) =>
    node.selectionSet?.selections.every((selection) =>
      selection.kind === Kind.FIELD && (selection.name.value === 'totalCount' || selection.name.value === '__typename')));
}

export function keysetResolver<Args extends PageArgs, Ctx extends object, Node extends Row>(source: KeysetSource<Args, Ctx, Node>) {
  const resolve = resolveKeysetPage(source);
  (resolve as unknown as Record<symbol, unknown>)[KEYSET_SOURCE] = source;
  return resolve;
}

function resolveKeysetPage<Args extends PageArgs, Ctx extends object, Node extends Row>(source: KeysetSource<Args, Ctx, Node>) {
  return async (_parent: unknown, args: Args, ctx: Ctx, info: GraphQLResolveInfo): Promise<KeysetConnection<Node>> => {
    const offset = checkPageArgs(args);
    const order = source.order(args);
    const filter = source.where(args, ctx);
    let countPromise: Promise<number> | undefined;
    const unfiltered = Object.keys(filter).length === 0 && source.countAll;
    const totalCount = () => (countPromise ??= unfiltered ? source.countAll!(ctx) : source.count(ctx, filter, args));
    const walk = pageWindow(args, order);
    const { backward, size, cursorArg, cursor } = walk;
    if (args.after != null && args.before != null) throw badInput('before', 'pass either after or before, not both');
    if (onlyTotalCount(info)) return { edges: [], pageInfo: emptyPageInfo(), totalCount };

    const position = cursor != null ? decodeCursor(order, cursor, cursorArg) : null;
    const where = position ? { AND: [filter, rowsAfter(order, walk.direction, walk.nulls, position.key, position.id)] } : filter;
    const selection = queryFromInfo({
      context: ctx,
      info,
      typeName: source.typeName,
      paths: [['nodes'], ['edges', 'node']],
      // The sort key is read even when not selected: the cursors are made of it.
      select: { id: true, [order.field]: true },
    }) as { select?: object; include?: object };
    const rows = size === 0 ? [] : await source.findMany(ctx, {
      ...selection, where, orderBy: walk.orderBy, take: size + 1, ...(offset > 0 && { skip: offset }),
    });
    const more = rows.length > size;
    const page = more ? rows.slice(0, size) : rows;
    if (backward) page.reverse();
    // Cursors are made only when read: most pages ask for pageInfo's end cursor, not every edge's.
    const cursorOf = (node: Node) => encodeCursor(order, node as unknown as Record<string, unknown>);
    const edges = page.map((node) => ({ get cursor() { return cursorOf(node); }, node }));
    return {
      edges,
      pageInfo: {
        hasNextPage: backward ? cursor != null : more,
        hasPreviousPage: backward ? more : cursor != null || offset > 0,
        get startCursor() { return page.length ? cursorOf(page[0]) : null; },
        get endCursor() { return page.length ? cursorOf(page[page.length - 1]) : null; },
      },
      totalCount,
    };
  };
}

const emptyPageInfo = () => ({ hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null });

export type SortKeys = Readonly<Record<string, Pick<KeysetOrder, 'kind' | 'nullable' | 'enumValues'>>>;

/** The keyset order of a connection's `orderBy` argument (or its default). */
export function keysetOrder<Field extends string>(
  order: { field: Field; direction?: 'asc' | 'desc' | null } | null | undefined,
  keys: SortKeys,
  defaults: { field: Field; direction: 'asc' | 'desc' },
): KeysetOrder {
  const field = order?.field ?? defaults.field;
  return { field, direction: order?.direction ?? defaults.direction, ...keys[field] };
}

/** A connection with one fixed order (a required key). */
export const fixedOrder = (field: string, direction: 'asc' | 'desc', kind: KeysetOrder['kind'] = 'date'): KeysetOrder =>
  ({ field, direction, kind, nullable: false });

/**
 * The `totalCount` field of a keyset connection, counted only when selected. Pothos types the
 * connection object as its edges and pageInfo; the resolver (keyset/connection.ts) adds the count.
 * Prisma connections (`totalCount: true`) pass it too, to describe theirs; there the count is a
 * function (prismaConnection) or the number loaded with the parent (relatedConnection).
 */
export const totalCountField = <Parent>(t: PothosSchemaTypes.ObjectFieldBuilder<PothosSchemaTypes.ExtendDefaultTypes<SchemaTypes>, Parent>) => ({
  totalCount: t.int({
    description: 'How many items the whole list has with its filter (not just this page); counted only when selected.',
    extensions: { pothosPrismaTotalCount: true },
    resolve: (connection) => {
      const { totalCount } = connection as unknown as { totalCount: number | (() => Promise<number>) };
      return typeof totalCount === 'function' ? totalCount() : totalCount;
    },
  }),
});
