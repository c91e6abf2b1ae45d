// A connection's selection (edges, nodes, pageInfo, totalCount) as one SQL expression over a page
// of rows: the page is read once with its to-one relations joined (size + 1 rows when the answer
// says whether there is more), and every part is an aggregate over it, in the order it is shown.
import { getNamedType, isObjectType, type GraphQLObjectType, type SelectionSetNode } from 'graphql';
import { isEdge } from '../../cost/query-cost.js';
import type { Compiler, Render, State } from './sql-object.js';
import { compileObject, fromSql, noteOwnCost, objectsCostSql } from './sql-object.js';
import { collectFields, jsonBoolean, jsonObject, jsonPlainString, literal, subSelections, unsupported, type Selected } from './selection.js';

/** One key of a page's walk order: SQL over the compiled alias, its direction and NULLS placement. */
export interface SortKey {
  sql: string;
  direction: 'ASC' | 'DESC';
  nulls: '' | ' NULLS FIRST' | ' NULLS LAST';
}

/** What a page is: where its rows come from and how they are walked; strings use the compiled alias. */
export interface Page {
  table: string;
  where: string;
  /** The walk order (backward pages walk the reverse of the order shown); the last key makes it total. */
  keys: readonly SortKey[];
  size: number;
  /** Rows skipped before the page (REST's limit/offset paging; forward pages only). */
  offset: number;
  backward: boolean;
  /** A cursor was given (after/before). */
  fromCursor: boolean;
  /** SQL of a row's cursor; undefined when the connection has no cursors to give. */
  cursor?: string;
  totalCount: () => string;
}

const FLIPPED = { ASC: 'DESC', DESC: 'ASC', '': '', ' NULLS FIRST': ' NULLS LAST', ' NULLS LAST': ' NULLS FIRST' } as const;
/** ORDER BY text of `keys` (reversed: the opposite order), each key's SQL given by `sql`. */
const orderBy = (keys: readonly SortKey[], sql: (key: SortKey, i: number) => string, reversed = false) =>
  keys.map((key, i) => `${sql(key, i)} ${reversed ? FLIPPED[key.direction] : key.direction}${reversed ? FLIPPED[key.nulls] : key.nulls}`).join(', ');

export interface CompiledConnection {
  /** The alias the page's rows have in `where`, the sort keys' SQL and `cursor`. */
  alias: string;
  /** True when nothing but totalCount (and __typename) is selected: no page is read. */
  countOnly: boolean;
  /** The JSON text; `withCost`: a subquery of one row, the JSON text as `j` and what it costs as `k`. */
  render(state: State, page: Page, withCost?: boolean): string;
}

const fieldType = (type: GraphQLObjectType, name: string) => getNamedType(type.getFields()[name]?.type ?? unsupported(`${type.name}.${name}`));

/** Compiles a connection type's selection; the nodes are `nodeType`. */
export function compileConnection(c: Compiler, type: GraphQLObjectType, sets: readonly SelectionSetNode[], nodeType: GraphQLObjectType): CompiledConnection {
  const alias = c.alias();
  const nodes: Render[] = [];
  const joins: string[] = [];
  // What the answer costs (src/cost/query-cost.ts): the connection 1, pageInfo 1, per row each
  // node (and each edge, unless an Edge) 1 and each to-one relation present in it 1.
  let objectsPerRow = 0;
  let pageInfos = 0;
  const present: string[] = [];
  // The cursor column is computed only when a cursor is shown.
  let cursors = false;
  const nodeColumn = (selected: Selected) => {
    objectsPerRow++;
    nodes.push(compileObject(c, nodeType, subSelections(selected), alias, joins, present));
    return `r.n${nodes.length - 1}`;
  };
  const typename = (name: string) => literal(JSON.stringify(name));
  let countOnly = true;
  type Part = (state: State, page: Page, sql: PageSql) => string;
  const parts: [string, Part][] = [];
  // hasNextPage/hasPreviousPage: the page reads one row more than it shows.
  let asksMore = false;
  // `nodes` and `edges`: one element per row of the page, in the order it is shown (never NULL: see jsonText).
  const perRow = (element: string): Part => (_s, _page, sql) => `COALESCE('[' || ${sql.joined(element)} || ']', '[]')`;
  for (const selected of collectFields(c.op, type, sets)) {
    if (selected.nodes.some((node) => node.arguments?.length)) unsupported(`arguments on ${type.name}.${selected.name}`);
    if (selected.name === '__typename') { parts.push([selected.key, () => typename(type.name)]); continue; }
    noteOwnCost(c, type.getFields()[selected.name] ?? unsupported(`${type.name}.${selected.name}`));
    if (selected.name === 'totalCount') { parts.push([selected.key, (_s, page) => `${page.totalCount()}::text`]); continue; }
    countOnly = false;
    const named = fieldType(type, selected.name);
    if (!isObjectType(named)) unsupported(`${type.name}.${selected.name}`);
    if (selected.name === 'nodes') {
      if (named !== nodeType) unsupported('nodes of another type');
      parts.push([selected.key, perRow(nodeColumn(selected))]);
    } else if (selected.name === 'edges') {
      const edge = named as GraphQLObjectType;
      if (!isEdge(edge)) objectsPerRow++;
      const fields: [string, string][] = [];
      for (const part of collectFields(c.op, edge, subSelections(selected))) {
        if (part.nodes.some((node) => node.arguments?.length)) unsupported(`arguments on ${edge.name}.${part.name}`);
        if (part.name !== '__typename') noteOwnCost(c, edge.getFields()[part.name] ?? unsupported(`${edge.name}.${part.name}`));
        if (part.name === '__typename') fields.push([part.key, typename(edge.name)]);
        else if (part.name === 'cursor') { cursors = true; fields.push([part.key, 'r.c__']); }
        else if (part.name === 'node' && getNamedType(edge.getFields().node.type) === nodeType) fields.push([part.key, nodeColumn(part)]);
        else unsupported(`${edge.name}.${part.name}`);
      }
      parts.push([selected.key, perRow(jsonObject(fields))]);
    } else if (selected.name === 'pageInfo') {
      const info = named as GraphQLObjectType;
      pageInfos++;
      const fields: [string, Part][] = [];
      for (const part of collectFields(c.op, info, subSelections(selected))) {
        if (part.name !== '__typename') noteOwnCost(c, info.getFields()[part.name] ?? unsupported(`${info.name}.${part.name}`));
        const cursorAt = (first: boolean): Part => {
          cursors = true;
          return (_s, _page, sql) => `COALESCE((${sql.shown('r.c__')})[${first ? 1 : sql.count}], 'null')`;
        };
        if (part.name === 'hasNextPage' || part.name === 'hasPreviousPage') asksMore = true;
        const pageInfoParts: Record<string, () => Part> = {
          __typename: () => () => typename(info.name),
          hasNextPage: () => (_s, page, sql) => (page.backward ? literal(String(page.fromCursor)) : sql.more),
          hasPreviousPage: () => (_s, page, sql) => (page.backward ? sql.more : literal(String(page.fromCursor || page.offset > 0))),
          startCursor: () => cursorAt(true),
          endCursor: () => cursorAt(false),
        };
        fields.push([part.key, (pageInfoParts[part.name] ?? unsupported(`PageInfo.${part.name}`))()]);
      }
      parts.push([selected.key, (state, page, sql) => jsonObject(fields.map(([key, part]) => [key, part(state, page, sql)]))]);
    } else {
      unsupported(`${type.name}.${selected.name}`);
    }
  }
  return {
    alias,
    countOnly,
    render(state, page, withCost = false) {
      if (countOnly) {
        const json = jsonObject(parts.map(([key, part]) => [key, part(state, page, NO_PAGE)]));
        return withCost ? `(SELECT ${json} AS j, 1 AS k)` : json;
      }
      const limit = page.size + (asksMore ? 1 : 0);
      const walk = orderBy(page.keys, (key) => key.sql);
      // The same walk over the page's rows `r`, by their o0__… columns.
      const rowKey = (_key: SortKey, i: number) => `r.o${i}__`;
      // Rows shown: the first `size` walked; a backward page shows them in the reverse of its walk,
      // so the row beyond the page (when read) comes first there.
      const shownOrder = orderBy(page.keys, rowKey, page.backward);
      const first = asksMore && page.backward ? `greatest(count(*) - ${page.size}, 0) + 1` : '1';
      const count = `least(count(*), ${page.size})`;
      const last = asksMore && page.backward ? 'count(*)' : count;
      const shown = (element: string) => `(array_agg(${element} ORDER BY ${shownOrder}))[${first}:${last}]`;
      const sql: PageSql = {
        shown,
        // Without a row beyond the page, every row read is shown.
        joined: (element) => (asksMore ? `array_to_string(${shown(element)}, ',')` : `string_agg(${element}, ',' ORDER BY ${shownOrder})`),
        count,
        more: jsonBoolean(`count(*) > ${page.size}`),
      };
      const columns = [
        ...page.keys.map((key, i) => `${key.sql} AS o${i}__`),
        ...(cursors ? [`${page.cursor ? jsonPlainString(page.cursor) : `'null'`} AS c__`] : []),
        ...nodes.map((node, i) => `${node(state)} AS n${i}`),
        ...(withCost && present.length ? [`${objectsCostSql(objectsPerRow, present)} AS k__`] : []),
      ];
      // Joined under the LIMIT: PostgreSQL walks the page in index order (or sorts the table's rows
      // alone) and probes the relations and builds the JSON only for the rows it keeps.
      // An offset page's rows are found first, on their own: the rows skipped are walked, but neither
      // joined nor written as JSON.
      const [source, where] = page.offset
        ? [`(SELECT * FROM ${page.table} ${alias} WHERE ${page.where} ORDER BY ${walk} LIMIT ${limit} OFFSET ${page.offset})`, 'true']
        : [page.table, page.where];
      const json = jsonObject(parts.map(([key, part]) => [key, part(state, page, sql)]));
      const rowsCost = !present.length ? `${objectsPerRow} * ${count}`
        // Less the row read beyond the page, if any: the walk's row size + 1.
        : `COALESCE(sum(r.k__), 0)${asksMore ? ` - COALESCE((array_agg(r.k__ ORDER BY ${orderBy(page.keys, rowKey)}))[${limit}], 0)` : ''}`;
      return `(SELECT ${json}${withCost ? ` AS j, ${1 + pageInfos} + ${rowsCost} AS k` : ''}` +
        ` FROM (SELECT ${columns.join(', ')} ${fromSql(source, alias, joins)} WHERE ${where} ORDER BY ${walk} LIMIT ${limit}) r)`;
    },
  };
}

/** Aggregates over the page's rows `r` (o0__… sort keys, c__ cursor, n0… nodes, k__ cost). */
interface PageSql {
  /** The array of `element` over the rows shown, in the order shown. */
  shown: (element: string) => string;
  /** The text of `element` over the rows shown, in the order shown, joined by commas (NULL when none). */
  joined: (element: string) => string;
  /** The number of rows shown. */
  count: string;
  /** JSON true/false: the walk has rows beyond this page. */
  more: string;
}

const NO_PAGE: PageSql = { shown: () => "'{}'::text[]", joined: () => 'NULL', count: '0', more: literal('false') };
