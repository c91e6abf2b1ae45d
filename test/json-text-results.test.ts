// Results whose data is JSON text a compiled read's statement wrote (src/yoga/use-json-text-results.ts):
// sent as that text unless a plugin gave the result other data; parsed only when a plugin reads it.
import type { ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import { jsonTextOf, jsonTextResult, knownCostOf, sentTextOf, useJsonTextResults, withResultFields } from '../src/yoga/use-json-text-results.js';

const TEXT = '{"asset":{"id":"a1","tags":["x","y"]}}';

/** What yoga's serialiser sends for `result` once the plugin has seen it. */
function sent(result: ExecutionResult): string {
  const hook = useJsonTextResults().onResultProcess as (payload: { result: unknown }) => void;
  hook({ result });
  const { stringify } = result as { stringify?: (value: unknown) => string };
  return stringify ? stringify(result) : JSON.stringify(result);
}

describe('jsonTextResult', () => {
  it('is sent as its text, with its cost known, without parsing it', () => {
    const result = jsonTextResult(TEXT, 3);
    expect(jsonTextOf(result)).toBe(TEXT);
    expect(knownCostOf(result)).toBe(3);
    expect(sentTextOf(result)).toBe(`{"data":${TEXT}}`);
    expect(sent(result)).toBe(`{"data":${TEXT}}`);
  });

  it('parses its data when a plugin reads it, once, frozen outside production', () => {
    const result = jsonTextResult(TEXT);
    const data = result.data as { asset: { tags: string[] } };
    expect(data).toEqual({ asset: { id: 'a1', tags: ['x', 'y'] } });
    expect(result.data).toBe(data);
    expect(Object.isFrozen(data.asset.tags)).toBe(true);
    expect(knownCostOf(result)).toBeUndefined();
    expect(jsonTextOf(result)).toBe(TEXT);
  });

  it('sends the data a plugin set, not the text', () => {
    const result = jsonTextResult(TEXT, 3);
    (result as { data: unknown }).data = { asset: null };
    expect(result.data).toEqual({ asset: null });
    expect(jsonTextOf(result)).toBeUndefined();
    expect(knownCostOf(result)).toBeUndefined();
    expect(sentTextOf(result)).toBeUndefined();
    expect(sent(result)).toBe('{"data":{"asset":null}}');
  });

  it('is still sent as its text when a plugin copied it keeping its data', () => {
    const copy = { ...jsonTextResult(TEXT), extensions: { traced: true } };
    // The copy holds the parsed object: not the result made here, but its data is the text's.
    expect(jsonTextOf(copy)).toBeUndefined();
    expect(sent(copy)).toBe(`{"data":${TEXT},"extensions":{"traced":true}}`);
  });

  it('is not sent as the text when a plugin copied it with other data', () => {
    const copy = { ...jsonTextResult(TEXT), data: { asset: null } };
    expect(jsonTextOf(copy)).toBeUndefined();
    expect(sent(copy)).toBe('{"data":{"asset":null}}');
  });

  it('is sent as JSON.stringify would write it when it has errors', () => {
    const result = withResultFields(jsonTextResult(TEXT), { errors: [] });
    expect(sentTextOf(result)).toBe(`{"data":${TEXT},"errors":[]}`);
    const failed = Object.assign(jsonTextResult(TEXT), { errors: [{ message: 'no' }] }) as unknown as ExecutionResult;
    expect(sentTextOf(failed)).toBeUndefined();
  });
});

describe('withResultFields', () => {
  it('copies a text result over the same text, unparsed, the fields after data', () => {
    const original = jsonTextResult(TEXT, 3);
    const copy = withResultFields(original, { extensions: { cost: { charged: 50 } } });
    expect(copy).not.toBe(original);
    expect(jsonTextOf(copy)).toBe(TEXT);
    expect(knownCostOf(copy)).toBe(3);
    expect(sentTextOf(copy)).toBe(`{"data":${TEXT},"extensions":{"cost":{"charged":50}}}`);
    expect(sentTextOf(original)).toBe(`{"data":${TEXT}}`);
  });

  it('parses the shared text once for the original and its copies', () => {
    const original = jsonTextResult(TEXT);
    const copy = withResultFields(original, { extensions: {} });
    expect(copy.data).toBe(original.data);
  });

  it('spreads any other result', () => {
    const result: ExecutionResult = { data: { a: 1 } };
    const copy = withResultFields(result, { extensions: { b: 2 } });
    expect(copy).toEqual({ data: { a: 1 }, extensions: { b: 2 } });
    expect(jsonTextOf(copy)).toBeUndefined();
    expect(sentTextOf(copy)).toBeUndefined();
  });
});
