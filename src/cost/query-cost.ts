// Static query cost, computed from the document and variables before any resolver runs, and the
// actual cost of a result. Rules:
//   scalars and enums 0; objects 1; connection edges 0 (wrappers) and their nodes 1 each;
//   a connection's per-item selection counts `first`/`last` times (default page size if absent);
//   nested connections multiply; a mutation field adds a base of 10;
//   a field's `extensions.cost` (declared next to the field) replaces its own cost;
//   a batch write's `extensions.costPerItemOf: '<list argument>'` adds 1 per item of that argument.
// Fields are collected exactly as execution does (fragments, inline fragments, aliases, @skip,
// @include, merged duplicates), so the cost is the cost of what will actually run.
import {
  getNamedType, GraphQLError, isAbstractType, isLeafType, isListType, isNonNullType, isObjectType, Kind,
  type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLField, type GraphQLObjectType,
  type GraphQLOutputType, type GraphQLSchema, type OperationDefinitionNode,
} from 'graphql';
import { collectFields, collectSubfields } from 'graphql/execution/collectFields.js';
import { getArgumentValues, getVariableValues } from 'graphql/execution/values.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, pageSizeProblem } from './page-limits.js';

export interface CostRules {
  defaultPageSize: number;
  maxPageSize: number;
  mutationBase: number;
}

export const DEFAULT_COST_RULES: CostRules = { defaultPageSize: DEFAULT_PAGE_SIZE, maxPageSize: MAX_PAGE_SIZE, mutationBase: 10 };

export interface QueryCost {
  /** Points the operation may cost at most (what is charged up front). */
  cost: number;
  /** Objects it may return at most (GitHub's node limit). */
  nodes: number;
  /** Cost by response path, for X-Cost-Debug. */
  fields: Record<string, number>;
}

type Fragments = Record<string, FragmentDefinitionNode>;

interface Walk {
  schema: GraphQLSchema;
  fragments: Fragments;
  variables: Record<string, unknown>;
  rules: CostRules;
  fields: Record<string, number>;
}

const isConnection = (type: GraphQLOutputType) => {
  const named = getNamedType(type);
  return isObjectType(named) && 'edges' in named.getFields() && 'pageInfo' in named.getFields();
};
/** An Edge object costs nothing of its own: its node does. */
export const isEdge = (type: GraphQLObjectType) => type.name.endsWith('Edge') && 'node' in type.getFields() && 'cursor' in type.getFields();
export const ownCost = (field: GraphQLField<unknown, unknown>) => field.extensions?.cost as number | undefined;

function pageSize(walk: Walk, field: GraphQLField<unknown, unknown>, node: FieldNode): number {
  const args = getArgumentValues(field, node, walk.variables);
  const size = (args.first ?? args.last ?? walk.rules.defaultPageSize) as number;
  for (const name of ['first', 'last'] as const) {
    const problem = pageSizeProblem(name, args[name] as number | undefined, walk.rules.maxPageSize);
    if (problem) throw new GraphQLError(`${node.name.value}: ${problem}`, { extensions: { code: 'BAD_USER_INPUT', field: name } });
  }
  return size;
}

/** A batch write's items, 1 point each: the length of the list argument its `costPerItemOf` names. */
export function chargedItems(field: GraphQLField<unknown, unknown>, node: FieldNode, variables: Record<string, unknown>): number {
  const name = field.extensions?.costPerItemOf as string | undefined;
  if (!name) return 0;
  const value = getArgumentValues(field, node, variables)[name];
  return Array.isArray(value) ? value.length : 0;
}

/** Length of a list argument (nodes(ids: […])), else the default page size. */
function listSize(walk: Walk, field: GraphQLField<unknown, unknown>, node: FieldNode): number {
  const args = getArgumentValues(field, node, walk.variables);
  const list = Object.values(args).find(Array.isArray) as unknown[] | undefined;
  return list?.length ?? walk.rules.defaultPageSize;
}

/**
 * Cost and object count of one response key. `items` is the page size when the field is a
 * connection's `edges`/`nodes`; other object lists count their list argument or the default page.
 */
function fieldCost(walk: Walk, field: GraphQLField<unknown, unknown>, nodes: readonly FieldNode[], path: string, items?: number): { cost: number; nodes: number } {
  const named = getNamedType(field.type);
  if (isLeafType(named)) return { cost: ownCost(field) ?? 0, nodes: 0 };
  const edge = isObjectType(named) && isEdge(named);
  const own = ownCost(field) ?? (edge ? 0 : 1);
  const unwrapped = isNonNullType(field.type) ? field.type.ofType : field.type;
  const times = isListType(unwrapped) ? items ?? listSize(walk, field, nodes[0]) : 1;
  const pageItems = isConnection(field.type) ? pageSize(walk, field, nodes[0]) : undefined;
  const children = selectionCost(walk, named, nodes, path, pageItems);
  const cost = times * (own + children.cost) + chargedItems(field, nodes[0], walk.variables);
  walk.fields[path] = (walk.fields[path] ?? 0) + cost;
  return { cost, nodes: times * ((edge ? 0 : 1) + children.nodes) };
}

/** Sub-selections of `nodes` on `type`; for abstract types the most expensive possible type counts. */
function selectionCost(walk: Walk, type: GraphQLOutputType, nodes: readonly FieldNode[], path: string, pageItems?: number): { cost: number; nodes: number } {
  const named = getNamedType(type);
  const candidates: readonly GraphQLObjectType[] = isAbstractType(named)
    ? walk.schema.getPossibleTypes(named)
    : isObjectType(named) ? [named] : [];
  let best = { cost: 0, nodes: 0 };
  for (const runtimeType of candidates) {
    const fieldMap = collectSubfields(walk.schema, walk.fragments, walk.variables, runtimeType, nodes);
    let total = { cost: 0, nodes: 0 };
    for (const [key, fieldNodes] of fieldMap) {
      const name = fieldNodes[0].name.value;
      if (name.startsWith('__')) continue;
      const field = runtimeType.getFields()[name];
      if (!field) continue;
      // Inside a connection, `edges` and `nodes` are the page.
      const items = pageItems !== undefined && (name === 'edges' || name === 'nodes') ? pageItems : undefined;
      const part = fieldCost(walk, field, fieldNodes, `${path}.${key}`, items);
      total = { cost: total.cost + part.cost, nodes: total.nodes + part.nodes };
    }
    if (total.cost > best.cost || (total.cost === best.cost && total.nodes > best.nodes)) best = total;
  }
  return best;
}

export function operationOf(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operationName ? operations.find((op) => op.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
}

/**
 * The static cost of an operation. Returns null when it cannot be known (unknown operation name,
 * variables that do not coerce): execution reports those errors itself, at no cost.
 */
export function staticCost(
  schema: GraphQLSchema, document: DocumentNode, variableInputs: Record<string, unknown> | null | undefined,
  operationName?: string | null, rules: CostRules = DEFAULT_COST_RULES,
): QueryCost | null {
  const operation = operationOf(document, operationName);
  if (!operation) return null;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variableInputs ?? {});
  if (coerced.errors) return null;
  const fragments: Fragments = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  const rootType = schema.getRootType(operation.operation);
  if (!rootType) return null;
  const walk: Walk = { schema, fragments, variables: coerced.coerced, rules, fields: {} };
  const rootFields = collectFields(schema, fragments, walk.variables, rootType, operation.selectionSet);
  let cost = 0;
  let nodes = 0;
  for (const [key, fieldNodes] of rootFields) {
    const name = fieldNodes[0].name.value;
    if (name.startsWith('__')) continue;
    const field = rootType.getFields()[name];
    if (!field) continue;
    const part = fieldCost(walk, field, fieldNodes, key);
    const base = operation.operation === 'mutation' ? rules.mutationBase : 0;
    // The root object is not an object of its own: only what the field returns counts.
    cost += base + part.cost;
    nodes += part.nodes;
    walk.fields[key] = base + part.cost;
  }
  return { cost, nodes, fields: walk.fields };
}

/** What an object of a type costs besides its children's values, and the children that may cost something. */
interface Child { key: string; type: GraphQLOutputType; nodes: readonly FieldNode[]; own: number | undefined; leaf: boolean }
interface ObjectPlan { edge: boolean; children: Child[] }

/** The request-independent parts of an actual-cost walk: the root fields and a plan per (type, field nodes). */
export interface ActualWalk {
  schema: GraphQLSchema;
  roots: { key: string; field: GraphQLField<unknown, unknown>; nodes: readonly FieldNode[] }[];
  base: number;
  variables: Record<string, unknown>;
  planOf(type: GraphQLObjectType, nodes: readonly FieldNode[]): ObjectPlan;
}

export function actualWalk(
  schema: GraphQLSchema, document: DocumentNode, variableInputs: Record<string, unknown> | null | undefined,
  operationName: string | null | undefined, rules: CostRules,
): ActualWalk | null {
  const operation = operationOf(document, operationName);
  const rootType = operation && schema.getRootType(operation.operation);
  if (!operation || !rootType) return null;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variableInputs ?? {});
  if (coerced.errors) return null;
  const fragments: Fragments = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  const variables = coerced.coerced;
  // Every row of a list has the same selection: what an object of a type costs besides its
  // children's values is worked out once per (type, field nodes), as the executor collects fields
  // once, not once per object of the result. Leaves without a cost of their own are left out.
  const plans = new Map<GraphQLObjectType, WeakMap<readonly FieldNode[], ObjectPlan>>();
  const planOf = (type: GraphQLObjectType, nodes: readonly FieldNode[]) => {
    let byNodes = plans.get(type);
    if (!byNodes) plans.set(type, (byNodes = new WeakMap()));
    let plan = byNodes.get(nodes);
    if (!plan) {
      const children: Child[] = [];
      for (const [key, fieldNodes] of collectSubfields(schema, fragments, variables, type, nodes)) {
        const field = type.getFields()[fieldNodes[0].name.value];
        if (!field) continue;
        const leaf = isLeafType(getNamedType(field.type));
        const own = ownCost(field);
        if (!leaf || own !== undefined) children.push({ key, type: field.type, nodes: fieldNodes, own, leaf });
      }
      byNodes.set(nodes, (plan = { edge: isEdge(type), children }));
    }
    return plan;
  };
  const roots: ActualWalk['roots'] = [];
  for (const [key, fieldNodes] of collectFields(schema, fragments, variables, rootType, operation.selectionSet)) {
    const field = rootType.getFields()[fieldNodes[0].name.value];
    if (field) roots.push({ key, field, nodes: fieldNodes });
  }
  return { schema, roots, base: operation.operation === 'mutation' ? rules.mutationBase : 0, variables, planOf };
}

/** The cost of one value of the result (an object, a list, a leaf) under `type`. */
export function valueCost(walk: ActualWalk, type: GraphQLOutputType, nodes: readonly FieldNode[], value: unknown, own: number | undefined): number {
  if (value == null) return 0;
  const named = getNamedType(type);
  if (isLeafType(named)) return own ?? 0;
  if (Array.isArray(value)) {
    let sum = 0;
    for (const item of value) sum += valueCost(walk, type, nodes, item, own);
    return sum;
  }
  const object = value as Record<string, unknown>;
  const runtimeType = isAbstractType(named)
    ? walk.schema.getType(String(object.__typename)) ?? walk.schema.getPossibleTypes(named)[0]
    : named;
  if (!isObjectType(runtimeType)) return 0;
  const plan = walk.planOf(runtimeType, nodes);
  let cost = own ?? (plan.edge ? 0 : 1);
  for (const child of plan.children) {
    const childValue = object[child.key];
    if (childValue == null) continue;
    cost += child.leaf ? child.own! : valueCost(walk, child.type, child.nodes, childValue, child.own);
  }
  return cost;
}

/** The cost of what a result actually returned: the same rules applied to the real list sizes. */
export function actualCost(
  schema: GraphQLSchema, document: DocumentNode, variableInputs: Record<string, unknown> | null | undefined,
  operationName: string | null | undefined, data: Record<string, unknown> | null | undefined,
  rules: CostRules = DEFAULT_COST_RULES,
): number {
  const walk = data ? actualWalk(schema, document, variableInputs, operationName, rules) : null;
  if (!walk || !data) return 0;
  let total = 0;
  for (const { key, field, nodes } of walk.roots) {
    // A batch that wrote nothing (its field is null) is not charged for its items.
    const items = data[key] == null ? 0 : chargedItems(field, nodes[0], walk.variables);
    total += walk.base + valueCost(walk, field.type, nodes, data[key], ownCost(field)) + items;
  }
  return total;
}
