// Named prepared statements (src/db/prepared-statements.ts): the texts that get a name on
// PostgreSQL (parsed and planned once per connection) and the bound on those made at run time.
import { describe, expect, it } from 'vitest';
import { preparedStatement, RunTimeStatements, runTimeStatements, statementName } from '../src/db/prepared-statements.js';

describe('preparedStatement (texts fixed at module load)', () => {
  it('names its text, and refuses a name already given to another text', () => {
    const sql = 'SELECT 1 AS registered_in_test';
    expect(preparedStatement('test_registered', sql)).toBe(sql);
    expect(statementName({ sql })).toBe('test_registered');
    expect(() => preparedStatement('test_registered', 'SELECT 2')).toThrow(/taken by another statement/);
    expect(statementName({ sql: 'SELECT 2' })).toBeUndefined();
  });
});

describe('RunTimeStatements (compiled reads)', () => {
  it('names each new text once, the same name for the same text, up to its capacity, then leaves texts unnamed', () => {
    const statements = new RunTimeStatements(3, 'test_run_time_');
    const texts = ['SELECT 1', 'SELECT 2', 'SELECT 3', 'SELECT 4', 'SELECT 5'];
    expect(texts.map((sql) => statements.prepare(sql))).toEqual([true, true, true, false, false]);
    expect(texts.map((sql) => statements.nameOf(sql))).toEqual(['test_run_time_1', 'test_run_time_2', 'test_run_time_3', undefined, undefined]);
    // Named before the capacity was reached: still named, under the same name.
    expect(statements.prepare('SELECT 2')).toBe(true);
    expect(statements.nameOf('SELECT 2')).toBe('test_run_time_2');
  });

  it('the process\'s own: statementName gives its names to the driver', () => {
    const sql = `SELECT 'prepared at run time in a test' AS ${'x'}`;
    runTimeStatements.prepare(sql);
    // Named, unless other specs of this process took the capacity first (then: unnamed, as designed).
    expect(statementName({ sql })).toBe(runTimeStatements.nameOf(sql));
    expect(runTimeStatements.capacity).toBe(100);
  });
});
