// Reading the SQL a request sent (recorded at the driver, raw SQL included): which statements
// count, and which tables a statement touches.
import type { SqlStatement } from '../../src/db/database.js';

// Transaction control is not counted: PGlite runs BEGIN/COMMIT inside its driver and PostgreSQL's
// adapter sends only COMMIT through the recorded path, so counting them would make the two differ.
const TRANSACTION_CONTROL = /^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|SET\s+TRANSACTION)\b/i;

export function isTransactionControl(statement: SqlStatement): boolean {
  return TRANSACTION_CONTROL.test(statement.sql);
}

const TABLE_REFERENCE = /\b(?:FROM|JOIN|INTO|UPDATE)\s+(?:"?public"?\.)?"?([a-z_][a-z0-9_]*)"?/gi;
const NOT_TABLES = new Set(['lateral', 'set', 'only', 'select', 'unnest', 'generate_series']);
/** `WITH name AS (…)` and `, name AS (…)`: the names of common table expressions are not tables. */
const CTE_NAME = /(?:\bWITH|,)\s*"?(\w+)"?\s+AS\s+(?:(?:NOT\s+)?MATERIALIZED\s+)?\(/gi;

/** The tables `statement` reads or writes (FROM, JOIN, INTO, UPDATE), sorted, each once. */
export function tablesOf(statement: SqlStatement): string[] {
  const ctes = new Set([...statement.sql.matchAll(CTE_NAME)].map(([, name]) => name.toLowerCase()));
  const tables = new Set<string>();
  for (const [, name] of statement.sql.matchAll(TABLE_REFERENCE)) {
    const table = name.toLowerCase();
    if (!NOT_TABLES.has(table) && !ctes.has(table)) tables.add(table);
  }
  return [...tables].sort();
}

/** What resolving an API key reads: one statement joining the key, its user and its organization. */
export const API_KEY_LOOKUP = [['api_keys', 'organizations', 'users']];

/** Every table the statements touch, sorted, each once. */
export function tablesTouched(statements: SqlStatement[]): string[] {
  return [...new Set(statements.flatMap(tablesOf))].sort();
}

/** The statements, one a line and shortened, for failure messages. */
export function describeStatements(statements: SqlStatement[]): string {
  return statements.map((statement, i) => `  ${i + 1}. ${statement.sql.replace(/\s+/g, ' ').slice(0, 240)}`).join('\n');
}
