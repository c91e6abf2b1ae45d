// A connection's selection (edges, nodes, pageInfo, totalCount) as one SQL expression over a page
// of rows: the page is read once (size + 1 rows, to know whether there is more) with its to-one
// relations joined, numbered in walk order, and the JSON text of every part is built from it.
import { getNamedType, isObjectType, type GraphQLObjectType, type SelectionSetNode } from 'graphql';
import { isEdge } from '../../cost/query-cost.js';
import type { Compiler, Render, State } from './sql-object.js';
import { compileObject, fromSql, noteOwnCost, objectsCostSql } from './sql-object.js';
import { collectFields, jsonArray, jsonBoolean, jsonObject, jsonPlainString, literal, subSelections, unsupported, type Selected } from './selection.js';

/** What a page is: where its rows come from and how they are walked; strings use the compiled alias. */
export interface Page {
  table: string;
  where: string;
  /** ORDER BY of the walk (backward pages walk the reverse order). */
  order: string;
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

export interface CompiledConnection {
  /** The alias the page's rows have in `where`, `order` and `cursor`. */
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
  // `nodes` and `edges`: one element per row of the page, in the order it is shown.
  const perRow = (element: string): Part => (_s, page, sql) => jsonArray(element, `r.i__ ${sql.shown}`, `${sql.rows} r WHERE r.i__ <= ${page.size}`);
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
          return (_s, page, sql) =>
            `COALESCE((SELECT r.c__ FROM ${sql.rows} r WHERE r.i__ <= ${page.size} ORDER BY r.i__ ${first === (sql.shown === 'ASC') ? 'ASC' : 'DESC'} LIMIT 1), 'null')`;
        };
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
      const rows = `r_${alias}`;
      const sql: PageSql = { rows, shown: page.backward ? 'DESC' : 'ASC', more: jsonBoolean(`(SELECT count(*) FROM ${rows}) > ${page.size}`) };
      const columns = [
        `row_number() OVER (ORDER BY ${page.order}) AS i__`,
        ...(cursors ? [`${page.cursor ? jsonPlainString(page.cursor) : `'null'`} AS c__`] : []),
        ...nodes.map((node, i) => `${node(state)} AS n${i}`),
        ...(withCost && present.length ? [`${objectsCostSql(objectsPerRow, present)} AS k__`] : []),
      ];
      // Joined under the LIMIT: PostgreSQL walks the page in index order (or sorts the table's rows
      // alone) and probes the relations and builds the JSON only for the rows it keeps.
      // An offset page's rows are found first, on their own: the rows skipped are walked, but neither
      // joined nor written as JSON.
      const [source, where] = page.offset
        ? [`(SELECT * FROM ${page.table} ${alias} WHERE ${page.where} ORDER BY ${page.order} LIMIT ${page.size + 1} OFFSET ${page.offset})`, 'true']
        : [page.table, page.where];
      const json = jsonObject(parts.map(([key, part]) => [key, part(state, page, sql)]));
      const shown = `FROM ${rows} r WHERE r.i__ <= ${page.size}`;
      const rowsCost = present.length ? `(SELECT COALESCE(sum(r.k__), 0) ${shown})` : objectsPerRow ? `${objectsPerRow} * (SELECT count(*) ${shown})` : '0';
      return `(WITH ${rows} AS (SELECT ${columns.join(', ')} ${fromSql(source, alias, joins)}` +
        ` WHERE ${where} ORDER BY ${page.order} LIMIT ${page.size + 1})` +
        ` SELECT ${json}${withCost ? ` AS j, ${1 + pageInfos} + ${rowsCost} AS k` : ''})`;
    },
  };
}

interface PageSql {
  /** The CTE of the page's rows (size + 1: filter on i__ <= size), each with i__ (walk position), c__ (cursor), n0… (nodes). */
  rows: string;
  /** The order rows are shown in: walk order, reversed for backward pages. */
  shown: 'ASC' | 'DESC';
  /** JSON true/false: the walk has rows beyond this page. */
  more: string;
}

const NO_PAGE: PageSql = { rows: '', shown: 'ASC', more: literal('false') };
