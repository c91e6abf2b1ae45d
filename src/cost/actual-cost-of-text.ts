// The actual cost of a result read from its JSON text (compiled reads send PostgreSQL's text as
// the response): the walk of ./query-cost.ts over the text, without parsing it. For the compiled
// reads whose statement counts the cost itself (src/graphql/compiled/plan.ts), not even that.
import {
  getNamedType, isLeafType, isObjectType,
  type DocumentNode, type FieldNode, type GraphQLObjectType, type GraphQLOutputType, type GraphQLSchema,
} from 'graphql';
import { actualCost, actualWalk, chargedItems, DEFAULT_COST_RULES, ownCost, valueCost, type ActualWalk, type CostRules } from './query-cost.js';

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
