// Named prepared statements (src/db/prepared-statements.ts): the texts that get a name on
// PostgreSQL (parsed and planned once per connection) and the bound on those made at run time.
import { describe, expect, it } from 'vitest';
import { preparedStatement, prepareAtRunTime, RUN_TIME_STATEMENTS, statementName } from '../src/db/prepared-statements.js';

describe('preparedStatement (texts fixed at module load)', () => {
  it('names its text, and refuses a name already given to another text', () => {
    const sql = 'SELECT 1 AS registered_in_test';
    expect(preparedStatement('test_registered', sql)).toBe(sql);
    expect(statementName({ sql })).toBe('test_registered');
    expect(() => preparedStatement('test_registered', 'SELECT 2')).toThrow(/taken by another statement/);
    expect(statementName({ sql: 'SELECT 2' })).toBeUndefined();
  });
});

describe('prepareAtRunTime (compiled reads)', () => {
  it('names each new text once, the same name for the same text, up to RUN_TIME_STATEMENTS, then leaves texts unnamed', () => {
    const texts = Array.from({ length: RUN_TIME_STATEMENTS + 5 }, (_, i) => `SELECT ${i} AS run_time_test`);
    expect(texts.map(prepareAtRunTime)).toEqual(texts.map((_, i) => i < RUN_TIME_STATEMENTS));
    const names = texts.map((sql) => statementName({ sql }));
    expect(new Set(names.slice(0, RUN_TIME_STATEMENTS)).size).toBe(RUN_TIME_STATEMENTS);
    expect(names.slice(RUN_TIME_STATEMENTS)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    // Named before the bound was reached: still named, under the same name.
    expect(prepareAtRunTime(texts[0])).toBe(true);
    expect(statementName({ sql: texts[0] })).toBe(names[0]);
  });
});
