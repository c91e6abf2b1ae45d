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

/** The name of a registered or run-time statement, undefined (unnamed) for any other text. */
export function statementName({ sql }: { sql: string }): string | undefined {
  return names.get(sql) ?? runTimeStatements.nameOf(sql);
}

/**
 * Names for statement texts made at run time (compiled reads'), for the first `capacity` texts
 * only: the busiest shapes come first, and an endless variety of documents cannot grow every
 * connection's statement cache without bound.
 */
export class RunTimeStatements {
  private readonly names = new Map<string, string>();
  constructor(readonly capacity: number, private readonly prefix = 'run_time_') {}

  /** Names `sql` unless `capacity` texts have a name already; whether it has one. */
  prepare(sql: string): boolean {
    if (this.names.has(sql)) return true;
    if (this.names.size >= this.capacity) return false;
    this.names.set(sql, `${this.prefix}${this.names.size + 1}`);
    return true;
  }

  nameOf(sql: string): string | undefined {
    return this.names.get(sql);
  }
}

/** The process's run-time statements (per process: pg keeps a name per connection for its life). */
export const runTimeStatements = new RunTimeStatements(100);
