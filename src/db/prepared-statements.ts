// Statements every request sends (the credential lookup) run as named prepared statements on
// PostgreSQL: parsed and planned once per connection instead of once per request. Only registered
// texts get a name — pg keeps a named statement for the life of its connection, so the set must be
// fixed; everything else (Prisma's generated SQL) stays unnamed. PGlite's adapter ignores names.

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
