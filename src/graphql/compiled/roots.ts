// The fields a compiled read can start from, and the nested connections it can enter, each
// recognised by what its definition says of itself: keyset root connections (keysetResolver with
// `sql`), plain lookups by id (`extensions.sqlLookup`), and first pages of related rows
// (`extensions.sqlFirstPage`, e.g. Asset.auditEvents).
import { getArgumentValues, getNamedType, getNullableType, isListType, isObjectType, type GraphQLField, type GraphQLObjectType } from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../cost/page-limits.js';
import { keysetSourceOf, pageWindow, type NullPlacement } from '../keyset/connection.js';
import { decodeCursor } from '../keyset/cursor.js';
import { checkPageArgs, isNodeId, type PageArgs, type SqlFirstPage } from '../types/common.js';
import { compileConnection, type SortKey } from './sql-connection.js';
import { compileObject, fromSql, inOrganization, modelOf, objectsCostSql, param, type Compiler, type Render, type State } from './sql-object.js';
import { ident, jsonText, literal, subSelections, unsupported, type Selected } from './selection.js';
import { castOf, keyParam, keysetCursorSql, prismaCursorSql } from './sql-values.js';
import { whereSql } from './sql-where.js';

type Field = GraphQLField<unknown, unknown>;
const NULLS_SQL = { none: '', first: ' NULLS FIRST', last: ' NULLS LAST' } as const satisfies Record<NullPlacement, string>;
const extensionsOf = (field: Field) => field.extensions as Record<string, unknown> & { pothosOptions?: Record<string, unknown> };

/** The node type of a connection type (its edges' node). */
function nodeTypeOf(connection: GraphQLObjectType): GraphQLObjectType {
  const edge = getNamedType(connection.getFields().edges?.type ?? unsupported(`${connection.name} has no edges`));
  const node = isObjectType(edge) ? getNamedType(edge.getFields().node?.type) : undefined;
  return node && isObjectType(node) ? node : unsupported(`${connection.name}'s nodes are not objects`);
}

/**
 * A root field's JSON text, and where its cost is counted in SQL, a subquery of at most one row:
 * that text as `j` and what it costs (src/cost/query-cost.ts rules) as `k`.
 */
export interface Root { render: Render; withCost?: Render }

/** A root connection made by keysetResolver with `sql`: any page, filtered by what whereSql takes on. */
function keysetRoot(c: Compiler, field: Field, selected: Selected): Root | undefined {
  const source = keysetSourceOf(extensionsOf(field).pothosOriginalResolve);
  if (!source) return undefined;
  const connection = getNamedType(field.type);
  if (!isObjectType(connection)) return unsupported(`${field.name} is not an object`);
  const nodeType = nodeTypeOf(connection);
  if (nodeType.name !== source.typeName) unsupported(`${field.name}'s nodes are not ${source.typeName}`);
  const model = modelOf(c, nodeType);
  const compiled = compileConnection(c, connection, subSelections(selected), nodeType);
  const a = compiled.alias;
  const table = ident(model.table);
  const countAll = source.sql?.countAll;
  const rowCounts = c.facts.models.get('RowCount');
  const countRows = (filter: string[]) => `(SELECT count(*) FROM ${table} c WHERE ${[inOrganization(model, 'c'), ...filter].join(' AND ')})`;
  const countKept = () => {
    if (!countAll || !rowCounts) return countRows([]);
    const column = (name: string) => `c.${ident(rowCounts.fields.get(name)!.column)}`;
    return `COALESCE((SELECT ${column('count')} FROM ${ident(rowCounts.table)} c WHERE ${inOrganization(rowCounts, 'c')} AND ${column('tableName')} = ${literal(countAll)}), 0)`;
  };
  const render = (state: State, withCost: boolean) => {
    const args = getArgumentValues(field, selected.nodes[0], state.variables) as PageArgs & Record<string, unknown>;
    // Whatever would make normal execution answer an error falls back to it (thrown here too).
    const offset = checkPageArgs(args);
    const order = source.order(args);
    const filter = source.where(args, state.context);
    if (args.after != null && args.before != null) unsupported('after and before');
    // Unfiltered: the kept row count (as the resolver's countAll); filtered: a count with the filter.
    const filtered = Object.keys(filter).length > 0;
    const totalCount = filtered ? () => countRows(whereSql(c.facts, model, filter, 'c', state)) : countKept;
    const { backward, size, cursorArg, cursor, direction, nulls } = pageWindow(args, order);
    const page = { table, where: '', keys: [], size, offset, backward, fromCursor: cursor != null, totalCount };
    if (compiled.countOnly) return compiled.render(state, page, withCost);
    // Every parameter bound must be in the statement: the page's filter only once a page is read.
    const conditions = filtered ? whereSql(c.facts, model, filter, a, state) : [];
    if (size === 0) unsupported('an empty page');
    const column = model.fields.get(order.field) ?? unsupported(`sort key ${order.field}`);
    const key = `${a}.${ident(column.column)}`;
    const beyond = direction === 'asc' ? '>' : '<';
    let where = [inOrganization(model, a), ...conditions].join(' AND ');
    // The rows beyond the cursor as rowsAfter (keyset/connection.ts) puts it, with a row comparison.
    if (cursor != null) {
      const position = decodeCursor(order, cursor, cursorArg);
      const id = `${param(state, position.id)}::uuid`;
      if (position.key === null) {
        const ties = `(${key} IS NULL AND ${a}.id ${beyond} ${id})`;
        where += nulls === 'first' ? ` AND (${ties} OR ${key} IS NOT NULL)` : ` AND ${ties}`;
      } else {
        const value = `${param(state, keyParam(position.key, column, c.facts))}::${castOf(column, c.facts)}`;
        const rows = `(${key}, ${a}.id) ${beyond} (${value}, ${id})`;
        where += nulls === 'last' ? ` AND (${rows} OR ${key} IS NULL)` : ` AND ${rows}`;
      }
    }
    const walk = direction === 'asc' ? 'ASC' : 'DESC';
    return compiled.render(state, {
      ...page,
      where,
      keys: [{ sql: key, direction: walk, nulls: NULLS_SQL[nulls] }, { sql: `${a}.id`, direction: walk, nulls: '' }],
      cursor: keysetCursorSql(order, column, a, c.facts),
    }, withCost);
  };
  return { render: (state) => render(state, false), withCost: (state) => render(state, true) };
}

/** A plain lookup of one row by a unique argument (`extensions: { sqlLookup: { by } }`). */
function lookupRoot(c: Compiler, field: Field, selected: Selected): Root | undefined {
  const lookup = extensionsOf(field).sqlLookup as { by: string } | undefined;
  if (!lookup) return undefined;
  const type = getNamedType(field.type);
  if (!isObjectType(type)) return unsupported(`${field.name} is not an object`);
  const model = modelOf(c, type);
  const column = model.fields.get(lookup.by) ?? unsupported(`${model.name}.${lookup.by}`);
  const alias = c.alias();
  const joins: string[] = [];
  const present: string[] = [];
  const object = compileObject(c, type, subSelections(selected), alias, joins, present);
  const from = fromSql(ident(model.table), alias, joins);
  const cost = objectsCostSql(1, present);
  const render = (state: State, withCost: boolean) => {
    const value = getArgumentValues(field, selected.nodes[0], state.variables)[lookup.by];
    if (typeof value !== 'string') unsupported(`${field.name}(${lookup.by}) is not a string`);
    const where = `${alias}.${ident(column.column)} = ${param(state, value as string)}::${castOf(column, c.facts)}`;
    const row = `${from} WHERE ${where} AND ${inOrganization(model, alias)}`;
    return withCost ? `(SELECT ${object(state)} AS j, ${cost} AS k ${row})` : jsonText(`(SELECT ${object(state)} ${row})`);
  };
  return { render: (state) => render(state, false), withCost: (state) => render(state, true) };
}

/**
 * node(id) / nodes(ids) (`extensions: { sqlNodes: typenames }`): ids are plain row UUIDs, so each
 * is looked up in every node table of the caller's organization; the object is the first found,
 * with the selection (its fragments included) of that type. Not a UUID: null, never cast.
 */
function nodeRoot(c: Compiler, field: Field, selected: Selected): Root | undefined {
  const typenames = extensionsOf(field).sqlNodes as string[] | undefined;
  if (!typenames) return undefined;
  const sets = subSelections(selected);
  const lookups = typenames.map((typename) => {
    const type = c.op.schema.getType(typename);
    if (!isObjectType(type)) return unsupported(`${typename} is not an object type`);
    const model = modelOf(c, type);
    const alias = c.alias();
    const key = `${alias}.${ident((model.fields.get('id') ?? unsupported(`${typename} has no id`)).column)}`;
    const joins: string[] = [];
    const object = compileObject(c, type, sets, alias, joins);
    const from = fromSql(ident(model.table), alias, joins);
    return (state: State, id: string) => `(SELECT ${object(state)} ${from} WHERE ${key} = ${id} AND ${inOrganization(model, alias)})`;
  });
  const found = (state: State, id: string) => `COALESCE(${lookups.map((lookup) => lookup(state, id)).join(', ')})`;
  const list = isListType(getNullableType(field.type));
  // Which type each id is found in decides its cost: priced from the text by the limiter.
  c.uncosted = true;
  const render = (state: State) => {
    const args = getArgumentValues(field, selected.nodes[0], state.variables);
    if (!list) {
      const id = String(args.id);
      return isNodeId(id) ? jsonText(found(state, `${param(state, id)}::uuid`)) : `'null'`;
    }
    const ids = (args.ids as unknown[]).map(String);
    if (!ids.length) return `'[]'`;
    // An array literal of the UUIDs, NULL where an id is not one: it finds nothing, in its place.
    const array = `{${ids.map((id) => (isNodeId(id) ? id : 'NULL')).join(',')}}`;
    return `(SELECT '[' || string_agg(${jsonText(found(state, 'u.id'))}, ',' ORDER BY u.i) || ']'` +
      ` FROM unnest(${param(state, array)}::uuid[]) WITH ORDINALITY u(id, i))`;
  };
  return { render };
}

/** The root fields a compiled read can start from. */
export function compileRoot(c: Compiler, field: Field, selected: Selected): Root {
  return keysetRoot(c, field, selected) ?? lookupRoot(c, field, selected) ?? nodeRoot(c, field, selected)
    ?? unsupported(`Query.${field.name} is not compiled`);
}

/** The first page of a parent's related rows (`extensions: { sqlFirstPage }`): no cursor, no `last`. */
export function compileFirstPage(c: Compiler, parent: GraphQLObjectType, field: Field, selected: Selected, parentAlias: string): Render | undefined {
  const spec = extensionsOf(field).sqlFirstPage as SqlFirstPage | undefined;
  if (!spec) return undefined;
  const connection = getNamedType(field.type);
  if (!isObjectType(connection)) return unsupported(`${field.name} is not an object`);
  const nodeType = nodeTypeOf(connection);
  const model = modelOf(c, nodeType);
  if (model.name !== spec.model) unsupported(`${field.name}'s nodes are not ${spec.model}`);
  const cursorColumn = model.fields.get(spec.cursor);
  if (!cursorColumn || cursorColumn.type !== 'String') unsupported(`${field.name}'s cursor is not one string column`);
  const parentId = modelOf(c, parent).fields.get('id') ?? unsupported(`${parent.name} has no id`);
  const compiled = compileConnection(c, connection, subSelections(selected), nodeType);
  const matches = (alias: string) => [
    inOrganization(model, alias),
    ...Object.entries(spec.match ?? {}).map(([name, value]) => `${alias}.${ident(model.fields.get(name)!.column)} = ${literal(value)}`),
    `${alias}.${ident(model.fields.get(spec.parentKey)!.column)} = ${parentAlias}.${ident(parentId.column)}`,
  ].join(' AND ');
  const a = compiled.alias;
  const table = ident(model.table);
  const keys = spec.order.map(([name, direction]): SortKey => ({
    sql: `${a}.${ident((model.fields.get(name) ?? unsupported(`${model.name}.${name}`)).column)}`, direction: direction === 'desc' ? 'DESC' : 'ASC', nulls: '',
  }));
  return (state) => {
    const args = getArgumentValues(field, selected.nodes[0], state.variables) as PageArgs;
    if (args.after != null || args.before != null || args.last != null) unsupported('not a first page');
    if (args.first != null && (args.first < 1 || args.first > MAX_PAGE_SIZE)) unsupported('first out of range');
    return compiled.render(state, {
      table,
      where: matches(a),
      keys,
      size: args.first ?? DEFAULT_PAGE_SIZE,
      offset: 0,
      backward: false,
      fromCursor: false,
      cursor: prismaCursorSql(`${a}.${ident(cursorColumn!.column)}`),
      totalCount: () => `(SELECT count(*) FROM ${table} c WHERE ${matches('c')})`,
    });
  };
}
