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
const isEdge = (type: GraphQLObjectType) => type.name.endsWith('Edge') && 'node' in type.getFields() && 'cursor' in type.getFields();
const ownCost = (field: GraphQLField<unknown, unknown>) => field.extensions?.cost as number | undefined;

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
function chargedItems(field: GraphQLField<unknown, unknown>, node: FieldNode, variables: Record<string, unknown>): number {
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
interface ActualWalk {
  schema: GraphQLSchema;
  roots: { key: string; field: GraphQLField<unknown, unknown>; nodes: readonly FieldNode[] }[];
  base: number;
  variables: Record<string, unknown>;
  planOf(type: GraphQLObjectType, nodes: readonly FieldNode[]): ObjectPlan;
}

function actualWalk(
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
function valueCost(walk: ActualWalk, type: GraphQLOutputType, nodes: readonly FieldNode[], value: unknown, own: number | undefined): number {
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

/** The text walk met something it does not price itself (see actualCostOfText): parse and walk instead. */
class NotPlain extends Error {}
const notPlain = (): never => {
  throw new NotPlain();
};

const QUOTE = 34, BACKSLASH = 92, COMMA = 44, COLON = 58, OPEN_BRACE = 123, CLOSE_BRACE = 125, OPEN_BRACKET = 91, CLOSE_BRACKET = 93, N = 110;

/** Index just after the string whose opening quote is at `start`. */
function stringEnd(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) return notPlain();
    let slashes = 0;
    while (text.charCodeAt(quote - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && text.charCodeAt(at) <= 32) at++;
  return at;
}

/** Index just after the JSON value starting at `at`. */
function valueEnd(text: string, at: number): number {
  const first = text.charCodeAt(at);
  if (first === QUOTE) return stringEnd(text, at);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    for (let i = at; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) i = stringEnd(text, i) - 1;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth === 0) return i + 1;
    }
    return notPlain();
  }
  // A number, true, false or null.
  let i = at;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || c <= 32) break;
  }
  return i > at ? i : notPlain();
}

/**
 * actualCost of `JSON.parse(text)` — the same number — read from the JSON text of `data` without
 * building it: only the objects and lists that count are walked, every other value is skipped.
 * Compiled reads (src/yoga/use-compiled-reads.ts) send PostgreSQL's text as the response; parsing
 * it only to count its rows would cost more than the rest of the limiter. Anything the walk does
 * not price itself (an abstract type's object, a key written with escapes, a key twice) is parsed
 * and priced by the walk over values, so the answer is always actualCost's.
 */
export function actualCostOfText(
  schema: GraphQLSchema, document: DocumentNode, variableInputs: Record<string, unknown> | null | undefined,
  operationName: string | null | undefined, text: string, rules: CostRules = DEFAULT_COST_RULES,
): number {
  return plainTextCost(schema, document, variableInputs, operationName, text, rules)
    ?? actualCost(schema, document, variableInputs, operationName, JSON.parse(text) as Record<string, unknown> | null, rules);
}

/** actualCostOfText's walk over the text alone: undefined where it would parse (for specs: the common shapes never do). */
export function plainTextCost(
  schema: GraphQLSchema, document: DocumentNode, variableInputs: Record<string, unknown> | null | undefined,
  operationName: string | null | undefined, text: string, rules: CostRules = DEFAULT_COST_RULES,
): number | undefined {
  const walk = textWalkOf(schema, document, variableInputs, operationName, rules);
  if (!walk) return 0;
  try {
    return textCost(walk, text);
  } catch (error) {
    if (error instanceof NotPlain) return undefined;
    throw error;
  }
}

/**
 * A field's values as the text walk prices them: the named type looked at once (graphql's type
 * predicates are not free per value), and for an object type its plan's children as slots too.
 */
interface Slot {
  type: GraphQLOutputType;
  nodes: readonly FieldNode[];
  own: number | undefined;
  leaf: boolean;
  /** The object type of the values (undefined for leaves and abstract types). */
  object: GraphQLObjectType | undefined;
  /** Set on first use: what an object of `object` costs besides its children, their keys and slots. */
  self?: number;
  keys?: string[];
  children?: Slot[];
}

function slotOf(type: GraphQLOutputType, nodes: readonly FieldNode[], own: number | undefined): Slot {
  const named = getNamedType(type);
  return { type, nodes, own, leaf: isLeafType(named), object: isObjectType(named) ? named : undefined };
}

/** Which of `keys` the key whose opening quote is at `at` names, or -1; `end` is the index after its closing quote. */
function keyIndex(text: string, at: number, end: number, keys: readonly string[]): number {
  const length = end - at - 2;
  for (let k = 0; k < keys.length; k++) {
    if (keys[k].length === length && text.startsWith(keys[k], at + 1)) return k;
  }
  // A key written with escapes might still name one of them.
  for (let i = at + 1; i < end - 1; i++) if (text.charCodeAt(i) === BACKSLASH) notPlain();
  return -1;
}

class TextWalk {
  cost = 0;
  constructor(private readonly walk: ActualWalk, private readonly text: string) {}

  /** The value at `at` (no space before it) of `slot`: adds its cost, returns the index after it. */
  value(slot: Slot, at: number): number {
    const text = this.text;
    const c = text.charCodeAt(at);
    if (c === N) return valueEnd(text, at);
    if (slot.leaf) {
      this.cost += slot.own ?? 0;
      return valueEnd(text, at);
    }
    if (c === OPEN_BRACKET) {
      let i = skipSpace(text, at + 1);
      if (text.charCodeAt(i) === CLOSE_BRACKET) return i + 1;
      for (;;) {
        i = skipSpace(text, this.value(slot, i));
        const next = text.charCodeAt(i);
        if (next === CLOSE_BRACKET) return i + 1;
        if (next !== COMMA) notPlain();
        i = skipSpace(text, i + 1);
      }
    }
    if (c !== OPEN_BRACE) return notPlain();
    if (!slot.object) {
      // An abstract type's object is priced by its __typename: parsed and walked as a value.
      const end = valueEnd(text, at);
      this.cost += valueCost(this.walk, slot.type, slot.nodes, JSON.parse(text.slice(at, end)), slot.own);
      return end;
    }
    if (slot.children === undefined) {
      const plan = this.walk.planOf(slot.object, slot.nodes);
      slot.self = plan.edge ? 0 : 1;
      slot.keys = plan.children.map((child) => child.key);
      slot.children = plan.children.map((child) => slotOf(child.type, child.nodes, child.own));
    }
    this.cost += slot.own ?? slot.self!;
    return this.object(slot.keys!, slot.children, at);
  }

  /** The object whose `{` is at `at`: each key of `keys` priced by its slot, any other key's value skipped. */
  object(keys: readonly string[], slots: readonly Slot[], at: number, onRoot?: (k: number, valueAt: number) => void): number {
    const text = this.text;
    let i = skipSpace(text, at + 1);
    if (text.charCodeAt(i) === CLOSE_BRACE) return i + 1;
    // Each key once: JSON.parse keeps the last of a repeated key, this walk would count both.
    let seen = 0;
    for (;;) {
      if (text.charCodeAt(i) !== QUOTE) notPlain();
      const keyEnd = stringEnd(text, i);
      const k = keyIndex(text, i, keyEnd, keys);
      i = skipSpace(text, keyEnd);
      if (text.charCodeAt(i) !== COLON) notPlain();
      i = skipSpace(text, i + 1);
      if (k < 0) i = valueEnd(text, i);
      else {
        if (k >= 31 || seen & (1 << k)) notPlain();
        seen |= 1 << k;
        onRoot?.(k, i);
        i = this.value(slots[k], i);
      }
      i = skipSpace(text, i);
      const c = text.charCodeAt(i);
      if (c === CLOSE_BRACE) return i + 1;
      if (c !== COMMA) notPlain();
      i = skipSpace(text, i + 1);
    }
  }
}

/** An actual-cost walk with the slots of its root fields (their children's filled in as the text is walked). */
interface TextWalkPlan extends ActualWalk { keys: string[]; slots: Slot[] }

// Yoga's parse cache hands back the same document for the same text: an operation sent without
// variables is walked with the same plan and slots every time (use-operation-limits.ts caches its
// static cost the same way); with variables (@include/@skip may read them) they are made per request.
const withoutVariables = new WeakMap<DocumentNode, Map<string, { schema: GraphQLSchema; rules: CostRules; plan: TextWalkPlan | null }>>();

function textWalkOf(
  schema: GraphQLSchema, document: DocumentNode, variableInputs: Record<string, unknown> | null | undefined,
  operationName: string | null | undefined, rules: CostRules,
): TextWalkPlan | null {
  const make = () => {
    const walk = actualWalk(schema, document, variableInputs, operationName, rules);
    return walk && {
      ...walk,
      keys: walk.roots.map((root) => root.key),
      slots: walk.roots.map(({ field, nodes }) => slotOf(field.type, nodes, ownCost(field))),
    };
  };
  if (variableInputs && Object.keys(variableInputs).length) return make();
  let byOperation = withoutVariables.get(document);
  if (!byOperation) withoutVariables.set(document, (byOperation = new Map()));
  const cached = byOperation.get(operationName ?? '');
  if (cached && cached.schema === schema && cached.rules === rules) return cached.plan;
  const plan = make();
  byOperation.set(operationName ?? '', { schema, rules, plan });
  return plan;
}

function textCost(walk: TextWalkPlan, text: string): number {
  const start = skipSpace(text, 0);
  if (text.charCodeAt(start) === N) return 0;
  if (text.charCodeAt(start) !== OPEN_BRACE) notPlain();
  const { keys, slots } = walk;
  const textWalk = new TextWalk(walk, text);
  const end = textWalk.object(keys, slots, start, (k, valueAt) => {
    // A batch that wrote nothing (its field is null) is not charged for its items.
    if (text.charCodeAt(valueAt) !== N) textWalk.cost += chargedItems(walk.roots[k].field, walk.roots[k].nodes[0], walk.variables);
  });
  if (skipSpace(text, end) !== text.length) notPlain();
  return textWalk.cost + walk.roots.length * walk.base;
}
