// Statements every request sends (the credential lookup, compiled reads) run as named prepared
// statements on PostgreSQL: parsed and planned once per connection instead of once per request (a
// compiled page's plan costs as much as running it). Only registered texts get a name — pg keeps
// a named statement for the life of its connection, so the set must be bounded; everything else
// (Prisma's generated SQL) stays unnamed. PGlite's adapter ignores names.

const names = new Map<string, string>();

/** Registers `sql` under `name` (once, at module load) and returns it unchanged. */
export function preparedStatement(name: string, sql: string): string {
  const taken = [...names].find(([text, given]) => given === name && text !== sql);
  if (taken) throw new Error(`prepared statement name "${name}" is taken by another statement`);
  names.set(sql, name);
  return sql;
}

/** The name of a registered statement, undefined (unnamed) for any other text. */
export function statementName({ sql }: { sql: string }): string | undefined {
  return names.get(sql);
}

/** How many texts made at run time get a name, per process: beyond them, statements stay unnamed. */
export const RUN_TIME_STATEMENTS = 100;
let runTimeNamed = 0;

/**
 * Names a statement text made at run time (a compiled read's), unless RUN_TIME_STATEMENTS have
 * been named already: the busiest shapes come first, and an endless variety of documents cannot
 * grow every connection's statement cache without bound. Returns whether it has a name.
 */
export function prepareAtRunTime(sql: string): boolean {
  if (names.has(sql)) return true;
  if (runTimeNamed >= RUN_TIME_STATEMENTS) return false;
  names.set(sql, `run_time_${++runTimeNamed}`);
  return true;
}
