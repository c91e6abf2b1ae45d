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
 * Compiled SQL writes JSON as text, each value an expression of JSON text that is never NULL (a
 * missing value is 'null'): `||` of literals and values, as JSON.stringify writes it (no
 * spaces). Text, not json: PostgreSQL's json builders look up every value's type per row
 * (row_to_json, json_build_object), which made them most of a page's execution time.
 */
export const jsonText = (expression: string): string => `COALESCE(${expression}, 'null')`;

/** A string that needs no escaping in JSON (an ISO date, a UUID, base64) as JSON text. */
export const jsonPlainString = (expression: string): string => jsonText(`'"' || ${expression} || '"'`);

/** A JSON string or number of any other value (to_json escapes strings). */
export const jsonScalar = (expression: string): string => jsonText(`to_json(${expression})::text`);

/**
 * Text parts joined by `||`: each part is never NULL (see above), and the operator is cheaper per
 * row than variadic concat(), which looks up every argument's type and output function (pgbench,
 * the bench page: +3–7 % statements per second, same bytes).
 */
const concatSql = (parts: readonly string[]): string => `(${parts.join(' || ')})`;

/** A JSON object of key / JSON-text pairs, in that key order. */
export function jsonObject(fields: readonly (readonly [string, string])[]): string {
  const parts: string[] = [];
  let text = '{';
  fields.forEach(([key, value], i) => {
    parts.push(literal(`${text}${i ? ',' : ''}${JSON.stringify(key)}:`), value);
    text = '';
  });
  parts.push(literal(`${text}}`));
  return concatSql(parts);
}

/** A JSON true/false of an SQL boolean. */
export const jsonBoolean = (condition: string): string => `(CASE WHEN ${condition} THEN 'true' ELSE 'false' END)`;
