// Results whose `data` is JSON text PostgreSQL wrote (compiled reads): sent as that text, not
// parsed and stringified again. `data` is parsed only when a plugin reads it (the cost refund
// prices the text instead: jsonTextOf, withResultFields), and it is read-only: a plugin that wants other data sets a new `data` object.
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

// The text behind the data object parsed from a result made here (a plugin may copy the result,
// e.g. `{ ...result, extensions }`, keeping the same data object). A result's own text is not kept
// in a WeakMap: its `data` getter hands it over when asked (textOf), since on Node 20 each WeakMap
// entry of a young key cost ~1 µs of scavenging, per result made (bench/PROFILE.md, 3 Dec 20:30).
const textOfData = new WeakMap<object, string>();

// Outside production, parsed data is frozen: a plugin writing into it fails loudly in tests
// instead of having its change silently replaced by the text.
const FREEZE = process.env.NODE_ENV !== 'production';
function deepFreeze(value: unknown) {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const inner of Object.values(value)) deepFreeze(inner);
}

/** The text of a result's data, parsed once when a plugin first reads `data` (shared by copies made by withResultFields). */
interface Text {
  text: string;
  /** What the data costs (query-cost.ts actualCost), when the statement counted it. */
  cost?: number;
  data?: Record<string, unknown>;
}

function parsed(text: Text): Record<string, unknown> {
  if (text.data === undefined) {
    text.data = JSON.parse(text.text) as Record<string, unknown>;
    textOfData.set(text.data, text.text);
    if (FREEZE) deepFreeze(text.data);
  }
  return text.data;
}

// While textOf reads a result's `data`, the getter of a result made here gives its Text instead.
let peeking = false;
let peeked: Text | undefined;

/** The Text of a result made here whose data no plugin replaced; undefined for any other (a copy made with a spread holds the parsed data). */
function textOf(result: ExecutionResult): Text | undefined {
  peeking = true;
  try {
    void result.data;
  } finally {
    peeking = false;
  }
  const text = peeked;
  peeked = undefined;
  return text;
}

function resultOver(text: Text): ExecutionResult {
  let replaced: { data: Record<string, unknown> } | undefined;
  // Accessors in the literal, not Object.defineProperty on a new object: the literal's shape is made
  // once, a defined property changed every result's (1.5 % of a direct read's CPU).
  return {
    get data(): Record<string, unknown> | undefined {
      if (replaced) return replaced.data;
      if (!peeking) return parsed(text);
      peeked = text;
      return undefined;
    },
    // A plugin giving the result other data: that data is sent, not the text.
    set data(value: Record<string, unknown> | undefined) {
      replaced = { data: value! };
    },
  };
}

/** A result over `text`, the JSON of its `data` exactly as JSON.stringify would write it; `cost`: its actual cost, when known. */
export function jsonTextResult(text: string, cost?: number): ExecutionResult {
  return resultOver({ text, cost });
}

/**
 * The JSON text of a result's `data` when it is a jsonTextResult whose data no plugin replaced —
 * read without parsing it (the cost refund prices the text: src/cost actualCostOfText).
 */
export const jsonTextOf = (result: ExecutionResult): string | undefined => textOf(result)?.text;

/** The actual cost of a jsonTextResult's data, when the statement that wrote it counted it (and no plugin replaced the data). */
export const knownCostOf = (result: ExecutionResult): number | undefined => textOf(result)?.cost;

/**
 * `{ ...result, ...fields }` without reading `data`: a jsonTextResult's copy is one over the same
 * text (parsed at most once, when a plugin reads it), so it is still sent as that text.
 */
export function withResultFields(result: ExecutionResult, fields: Omit<ExecutionResult, 'data'>): ExecutionResult {
  const text = textOf(result);
  if (!text) return { ...result, ...fields };
  const copy = resultOver(text);
  for (const key of Object.keys(result)) if (key !== 'data') (copy as Record<string, unknown>)[key] = (result as Record<string, unknown>)[key];
  return Object.assign(copy, fields);
}

/** The result as JSON, `data` being `text`, in JSON.stringify's key order; `undefined` keys left out as it does. */
function stringifyWithText(result: ExecutionResult, text: string): string {
  const parts: string[] = [];
  for (const key of Object.keys(result)) {
    if (key === 'data') { parts.push(`"data":${text}`); continue; }
    const value = JSON.stringify(result[key as keyof ExecutionResult]);
    if (value !== undefined) parts.push(`${JSON.stringify(key)}:${value}`);
  }
  return `{${parts.join(',')}}`;
}

/** A jsonTextResult's (or its copy's) JSON as it is sent, or undefined for any other result (the direct lane writes it: src/yoga/direct-lane.ts). */
export function sentTextOf(result: ExecutionResult): string | undefined {
  const text = textOf(result)?.text;
  return text === undefined || result.errors?.length ? undefined : stringifyWithText(result, text);
}

/** Sends results made by jsonTextResult (or copies of them with the same data) with their text. */
export function useJsonTextResults(): Plugin {
  return {
    onResultProcess({ result }) {
      if (Array.isArray(result) || !result || typeof result !== 'object' || Symbol.asyncIterator in result) return;
      const single = result as ExecutionResult;
      // The result's own text first: reading `data` would parse it.
      const text = textOf(single)?.text ?? (single.data ? textOfData.get(single.data) : undefined);
      if (text === undefined || single.errors?.length) return;
      // yoga's serialiser calls result.stringify with the result, or with a sanitised copy (then: JSON.stringify).
      Object.defineProperty(single, 'stringify', {
        configurable: true,
        value: (value: unknown) => (value === single ? stringifyWithText(single, text) : JSON.stringify(value)),
      });
    },
  };
}
