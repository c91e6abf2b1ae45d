// The fields a selection asks of one object type, merged by response key (graphql-js's field
// collection: fragments flattened, @include/@skip applied), and Unsupported for anything the
// compiler does not take on.
import { visit, type DirectiveNode, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLObjectType, type GraphQLSchema, type SelectionSetNode } from 'graphql';
import { collectFields as collectFieldNodes } from 'graphql/execution/collectFields.js';

/** Thrown while planning: the operation is answered by normal execution instead. */
export class Unsupported extends Error {}

export const unsupported = (why: string): never => {
  throw new Unsupported(why);
};

export interface Selected {
  /** The key in the response (alias or field name). */
  key: string;
  name: string;
  /** Every node of the field under this key (their sub-selections merge). */
  nodes: FieldNode[];
}

export interface Operation {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  /** Coerced variable values. */
  variables: Record<string, unknown>;
}

/**
 * The fields of `sets` (one or more selection sets of the same field) on `type`, merged by
 * graphql-js's own field collection (as the executor and src/cost do), in first-seen key order.
 */
export function collectFields(op: Operation, type: GraphQLObjectType, sets: readonly SelectionSetNode[]): Selected[] {
  const byKey = new Map<string, Selected>();
  for (const set of sets) {
    for (const [key, nodes] of collectFieldNodes(op.schema, op.fragments, op.variables, type, set)) {
      const found = byKey.get(key);
      if (found) found.nodes.push(...nodes);
      else byKey.set(key, { key, name: nodes[0].name.value, nodes: [...nodes] });
    }
  }
  return [...byKey.values()];
}

/** The first directive other than @include/@skip on a selection of `document` (e.g. @defer), if any. */
export function otherDirective(document: DocumentNode): string | undefined {
  let found: string | undefined;
  const check = (node: { directives?: readonly DirectiveNode[] }) => {
    found ??= node.directives?.find((directive) => directive.name.value !== 'include' && directive.name.value !== 'skip')?.name.value;
  };
  visit(document, { Field: check, InlineFragment: check, FragmentSpread: check });
  return found;
}

/** The merged sub-selection sets of a selected field. */
export const subSelections = (selected: Selected): SelectionSetNode[] =>
  selected.nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));

/** A SQL string literal. */
export const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** A quoted SQL identifier. */
export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * A JSON object of key/SQL pairs, in that key order. row_to_json writes compact JSON (no spaces,
 * as JSON.stringify does), unlike json_build_object, so the statement's text is the response's
 * bytes. Keys are column names: longer than 63 bytes, PostgreSQL would truncate them.
 */
export function jsonObject(fields: readonly (readonly [string, string])[]): string {
  for (const [key] of fields) if (Buffer.byteLength(key) > 63) unsupported(`response key longer than 63 bytes: ${key}`);
  return `(SELECT row_to_json(j__) FROM (SELECT ${fields.map(([key, value]) => `${value} AS ${ident(key)}`).join(', ')}) j__)`;
}

/** A JSON array of `element` over `from` in `order` ('[]' when no rows), compact as jsonObject's objects (json_agg adds spaces). */
export const jsonArray = (element: string, order: string, from: string): string =>
  `(SELECT COALESCE('[' || string_agg((${element})::text, ',' ORDER BY ${order}) || ']', '[]')::json FROM ${from})`;
