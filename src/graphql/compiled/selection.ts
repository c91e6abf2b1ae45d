// The fields a selection asks of one object type, merged by response key as graphql-js merges
// them (fragments and inline fragments on the type flattened, @include/@skip applied), or
// Unsupported for anything the compiler does not take on (other directives, fragments on other types).
import {
  GraphQLIncludeDirective, GraphQLSkipDirective, Kind, getDirectiveValues, isAbstractType, typeFromAST,
  type FieldNode, type FragmentDefinitionNode, type GraphQLObjectType, type GraphQLSchema, type SelectionSetNode,
} from 'graphql';

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

function included(op: Operation, node: { directives?: readonly { name: { value: string } }[] } & Parameters<typeof getDirectiveValues>[1]): boolean {
  for (const directive of node.directives ?? []) {
    const name = directive.name.value;
    if (name !== 'include' && name !== 'skip') unsupported(`directive @${name}`);
  }
  if (getDirectiveValues(GraphQLSkipDirective, node, op.variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, op.variables)?.if !== false;
}

function appliesTo(op: Operation, typeName: string | undefined, type: GraphQLObjectType): boolean {
  if (!typeName || typeName === type.name) return true;
  const condition = typeFromAST(op.schema, { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: typeName } });
  if (condition && isAbstractType(condition) && op.schema.isSubType(condition, type)) return true;
  return unsupported(`a fragment on ${typeName} inside ${type.name}`);
}

/** The fields of `sets` (one or more selection sets of the same field) on `type`, merged. */
export function collectFields(op: Operation, type: GraphQLObjectType, sets: readonly SelectionSetNode[]): Selected[] {
  const byKey = new Map<string, Selected>();
  const visit = (set: SelectionSetNode, seen: Set<string>) => {
    for (const selection of set.selections) {
      if (!included(op, selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        const found = byKey.get(key);
        if (found) found.nodes.push(selection);
        else byKey.set(key, { key, name: selection.name.value, nodes: [selection] });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (appliesTo(op, selection.typeCondition?.name.value, type)) visit(selection.selectionSet, seen);
      } else {
        const name = selection.name.value;
        const fragment = op.fragments[name];
        if (!fragment) unsupported(`unknown fragment ${name}`);
        if (seen.has(name)) continue;
        if (appliesTo(op, fragment.typeCondition.name.value, type)) visit(fragment.selectionSet, new Set(seen).add(name));
      }
    }
  };
  for (const set of sets) visit(set, new Set());
  return [...byKey.values()];
}

/** The merged sub-selection sets of a selected field. */
export const subSelections = (selected: Selected): SelectionSetNode[] =>
  selected.nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));

/** A SQL string literal. */
export const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** A quoted SQL identifier. */
export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;
