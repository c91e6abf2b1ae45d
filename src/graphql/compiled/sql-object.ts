// An object type's selection as a JSON object over one row: exposed columns, the node id,
// __typename and to-one relations (a LEFT JOIN by foreign key, in the organization, added to the
// row's FROM: joined under a page's LIMIT, PostgreSQL probes them for the page's rows only).
// Which fields compile is read from the schema: Pothos marks `t.expose*` fields
// (pothosExposedField) and relations (pothosPrismaRelationField); a field with its own resolver or
// with authScopes does not compile.
import {
  getNamedType, isNonNullType, isObjectType, type GraphQLField, type GraphQLObjectType, type SelectionSetNode,
} from 'graphql';
import type { ModelFacts, SchemaFacts } from './prisma-facts.js';
import { collectFields, ident, jsonObject, literal, subSelections, unsupported, type Operation, type Selected } from './selection.js';
import { scalarSql } from './sql-values.js';
import { resolvedField, type AfterStatement } from './resolved-fields.js';

/** Per request: the statement's parameters ($1 is the organization) and the coerced variables. */
export interface State {
  params: (string | null)[];
  variables: Record<string, unknown>;
  /** The GraphQL context (keyset sources read it). */
  context: object;
  /** The fields resolved once the statement has answered (./resolved-fields.ts). */
  afterStatement: AfterStatement[];
}

export type Render = (state: State) => string;

/** A parameter's placeholder, its value added to the statement. */
export const param = (state: State, value: string | null): string => `$${state.params.push(value)}`;

/** The organization parameter every table read is limited by. */
export const ORGANIZATION = '$1::uuid';

export interface Compiler {
  op: Operation;
  facts: SchemaFacts;
  /** A fresh table alias. */
  alias(): string;
  /** Set when a jsonb column is selected: PostgreSQL writes its text with spaces, so it is not the response's bytes. */
  spacedJson?: boolean;
  /** Set when a field is resolved after the statement (./resolved-fields.ts): the text is parsed. */
  resolvesAfter?: boolean;
  /**
   * Set when the statement cannot also count what its answer costs (src/cost/query-cost.ts rules):
   * a nested connection, a field with a cost of its own. The limiter then prices the text instead.
   */
  uncosted?: boolean;
  /** Fields beyond columns and to-one relations (nested connections), or undefined. */
  nestedField?(c: Compiler, parent: GraphQLObjectType, field: GraphQLField<unknown, unknown>, selected: Selected, alias: string): Render | undefined;
}

type Options = { authScopes?: unknown };
const optionsOf = (holder: { extensions?: unknown }) => ((holder.extensions as { pothosOptions?: Options } | undefined)?.pothosOptions ?? {});

/** The Prisma model behind an object type, when it may be read in SQL (no type-level authScopes). */
export function modelOf(c: Compiler, type: GraphQLObjectType): ModelFacts {
  const name = (type.extensions as { pothosPrismaModel?: string }).pothosPrismaModel ?? unsupported(`${type.name} is not a Prisma object`);
  if (optionsOf(type).authScopes) unsupported(`${type.name} has authScopes`);
  const model = c.facts.models.get(name) ?? unsupported(`model ${name} unknown`);
  if (!model.fields.has('organizationId') && name !== 'Organization') unsupported(`${name} is not tenant-owned`);
  return model;
}

/** `alias`'s rows limited to the organization (the organization row itself: by its id). */
export function inOrganization(model: ModelFacts, alias: string): string {
  const column = model.name === 'Organization' ? 'id' : model.fields.get('organizationId')!.column;
  return `${alias}.${ident(column)} = ${ORGANIZATION}`;
}

function columnField(c: Compiler, parent: GraphQLObjectType, model: ModelFacts, field: GraphQLField<unknown, unknown>, alias: string): string {
  // `t.expose*` fields, and fields whose resolver only hands a column to its scalar (`sqlExposes`).
  const ext = field.extensions as { pothosExposedField?: string; sqlExposes?: string };
  const type = getNamedType(field.type);
  const exposed = ext.pothosExposedField ?? ext.sqlExposes;
  if (exposed) {
    const column = model.fields.get(exposed) ?? unsupported(`${model.name}.${exposed}`);
    if (column.type === 'Json') c.spacedJson = true;
    return scalarSql(type, column, `${alias}.${ident(column.column)}`, c.facts);
  }
  // A Prisma node's id: the row's id (encodeGlobalID is the identity here, src/graphql/builder.ts).
  const node = parent.getInterfaces().some((face) => face.name === 'Node');
  const id = model.fields.get('id');
  if (field.name === 'id' && type.name === 'ID' && node && id) return scalarSql(type, id, `${alias}.${ident(id.column)}`, c.facts);
  return unsupported(`${model.name}.${field.name} has its own resolver`);
}

function relationField(c: Compiler, model: ModelFacts, field: GraphQLField<unknown, unknown>, selected: Selected, alias: string, joins: string[], present: string[]): Render {
  const relation = model.fields.get((field.extensions as { pothosPrismaRelationField: { name: string } }).pothosPrismaRelationField.name);
  if (!relation?.relation || relation.list || relation.relation.fields.length !== 1) unsupported(`${model.name}.${field.name} is not a to-one relation by one key`);
  const target = getNamedType(field.type);
  if (!isObjectType(target)) return unsupported(`${field.name} is not an object`);
  const targetModel = modelOf(c, target);
  const inner = c.alias();
  const key = model.fields.get(relation!.relation!.fields[0])!;
  // Prisma references a unique column: the join adds no rows.
  const referenced = `${inner}.${ident((targetModel.fields.get(relation!.relation!.references[0] ?? 'id') ?? unsupported('relation reference unknown')).column)}`;
  joins.push(`LEFT JOIN ${ident(targetModel.table)} ${inner} ON ${referenced} = ${alias}.${ident(key.column)} AND ${inOrganization(targetModel, inner)}`);
  // An object present costs 1; a missing relation's own relations are missing too (joined on it).
  present.push(`${referenced} IS NOT NULL`);
  const object = compileObject(c, target, subSelections(selected), inner, joins, present);
  // A required relation that is missing (a row of another organization, say) is an error in normal
  // execution: the statement fails with division by zero — not folded at planning, it reads a
  // column — and the resolvers answer, their error included.
  const missing = isNonNullType(field.type) ? `(1 / (${referenced} IS NOT NULL)::int)::text` : `'null'`;
  return (state) => `(CASE WHEN ${referenced} IS NULL THEN ${missing} ELSE ${object(state)} END)`;
}

/** FROM `table` (quoted) as `alias`, with the joins compileObject pushed for the relations read. */
export const fromSql = (table: string, alias: string, joins: readonly string[]): string =>
  `FROM ${table} ${alias}${joins.map((join) => ` ${join}`).join('')}`;

/** SQL of what `objects` objects cost with the relations of `present` (compileObject's): 1 each, 1 per relation present. */
export const objectsCostSql = (objects: number, present: readonly string[]): string =>
  [String(objects), ...present.map((condition) => `(${condition})::int`)].join(' + ');

/** A field priced otherwise than by the default rules (`extensions.cost`): its answer's cost is not counted in SQL. */
export function noteOwnCost(c: Compiler, field: GraphQLField<unknown, unknown>): void {
  if ((field.extensions as { cost?: unknown }).cost !== undefined) c.uncosted = true;
}

/**
 * The JSON object (text) `sets` select of `type`, over the row `alias` of its model's table; the
 * to-one relations it reads are pushed to `joins`, for the FROM that binds `alias`, and the SQL
 * condition of each one's presence to `present` (the object costs 1, and 1 per relation present).
 */
export function compileObject(
  c: Compiler, type: GraphQLObjectType, sets: readonly SelectionSetNode[], alias: string, joins: string[], present: string[] = [],
): Render {
  const model = modelOf(c, type);
  const parts: [string, Render][] = [];
  for (const selected of collectFields(c.op, type, sets)) {
    if (selected.name === '__typename') {
      const sql = literal(JSON.stringify(type.name));
      parts.push([selected.key, () => sql]);
      continue;
    }
    const field = type.getFields()[selected.name] ?? unsupported(`${type.name}.${selected.name}`);
    if (optionsOf(field).authScopes) unsupported(`${type.name}.${field.name} has authScopes`);
    noteOwnCost(c, field);
    // Nested connections and fields resolved after the statement take their arguments.
    const nested = c.nestedField?.(c, type, field, selected, alias) ?? resolvedField(c, model, field, selected, alias);
    if (nested) {
      c.uncosted = true;
      parts.push([selected.key, nested]);
      continue;
    }
    if (selected.nodes.some((node) => node.arguments?.length)) unsupported(`arguments on ${type.name}.${field.name}`);
    if ((field.extensions as { pothosPrismaRelationField?: unknown }).pothosPrismaRelationField) {
      parts.push([selected.key, relationField(c, model, field, selected, alias, joins, present)]);
      continue;
    }
    if (selected.nodes.some((node) => node.selectionSet)) unsupported(`${type.name}.${field.name} has a selection`);
    const sql = columnField(c, type, model, field, alias);
    parts.push([selected.key, () => sql]);
  }
  return (state) => jsonObject(parts.map(([key, render]) => [key, render(state)]));
}
