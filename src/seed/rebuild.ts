// Keys and indexes of the seeded tables during a bulk load: dropped before it and rebuilt as a
// restore does (an index built once over loaded rows, a foreign key checked in one join, are many
// times faster than maintained row by row; a random-uuid primary key made COPY ~2.5× slower). Each
// table is rebuilt and vacuumed as soon as it is written, on a connection of its own, while the next
// table loads; foreign keys once both of their tables are whole again.
import type { RowWriter } from './writers.js';

interface Constraint { table: string; name: string; definition: string }
interface ForeignKey extends Constraint { references: string }

/** Time the rebuilding connection spent on each kind of work (it overlaps the load). */
export interface RebuildTimes { keysAndIndexesSeconds: number; foreignKeysSeconds: number; vacuumSeconds: number }

export interface Rebuild {
  /** `table` holds all its rows: queue its keys, indexes, foreign keys and VACUUM (ANALYZE). */
  written(table: string): void;
  /** The load is over (or gone wrong): whatever is still dropped is rebuilt; rejects with the first failure. */
  finish(): Promise<RebuildTimes>;
}

/**
 * Drops the primary keys, unique constraints, secondary indexes and foreign keys of `tables` (and the
 * foreign keys pointing at them), on `writer`. `builder` rebuilds them (it may be `writer` itself:
 * then the work waits for the writer's turn). Tables never passed to `written` are rebuilt by `finish`.
 */
export async function dropForLoad(writer: RowWriter, builder: RowWriter, tables: readonly string[]): Promise<Rebuild> {
  const names = tables.map((table) => `'${table}'`).join(', ');
  const ours = (alias: string) => `${alias}.relname IN (${names}) AND ${alias}.relnamespace = current_schema()::regnamespace`;
  const indexes = await writer.query<Constraint>(`
    SELECT t.relname AS table, c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
    WHERE ${ours('t')} AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`);
  const keys = await writer.query<Constraint>(`
    SELECT t.relname AS table, k.conname AS name, pg_get_constraintdef(k.oid) AS definition
    FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid
    WHERE k.contype IN ('p', 'u') AND ${ours('t')}`);
  const foreignKeys = await writer.query<ForeignKey>(`
    SELECT t.relname AS table, k.conname AS name, pg_get_constraintdef(k.oid) AS definition, r.relname AS references
    FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid
    WHERE k.contype = 'f' AND (${ours('t')} OR ${ours('r')})`);
  for (const key of foreignKeys) await writer.execute(`ALTER TABLE "${key.table}" DROP CONSTRAINT "${key.name}"`);
  for (const key of keys) await writer.execute(`ALTER TABLE "${key.table}" DROP CONSTRAINT "${key.name}"`);
  for (const index of indexes) await writer.execute(`DROP INDEX "${index.name}"`);

  const times: RebuildTimes = { keysAndIndexesSeconds: 0, foreignKeysSeconds: 0, vacuumSeconds: 0 };
  const timed = async (kind: keyof RebuildTimes, sql: string) => {
    const started = Date.now();
    await builder.execute(sql);
    times[kind] += (Date.now() - started) / 1000;
  };
  const whole = new Set<string>();
  const pending = new Set(foreignKeys);
  const rebuildTable = async (table: string) => {
    for (const key of keys) if (key.table === table) await timed('keysAndIndexesSeconds', `ALTER TABLE "${table}" ADD CONSTRAINT "${key.name}" ${key.definition}`);
    for (const index of indexes) if (index.table === table) await timed('keysAndIndexesSeconds', index.definition);
    whole.add(table);
    // A key is checked against its referenced table's primary key: both ends must be whole.
    const isWhole = (name: string) => whole.has(name) || !tables.includes(name);
    for (const key of [...pending]) {
      if (!isWhole(key.table) || !isWhole(key.references)) continue;
      pending.delete(key);
      await timed('foreignKeysSeconds', `ALTER TABLE "${key.table}" ADD CONSTRAINT "${key.name}" ${key.definition}`);
    }
  };

  let failure: unknown = null;
  let queue = Promise.resolve();
  const enqueue = (step: () => Promise<void>) => {
    queue = queue.then(() => (failure ? undefined : step())).catch((error) => {
      failure ??= error;
    });
  };
  return {
    written(table) {
      enqueue(async () => {
        await rebuildTable(table);
        await timed('vacuumSeconds', `${builder.kind === 'copy' ? 'VACUUM (ANALYZE)' : 'ANALYZE'} "${table}"`);
      });
    },
    async finish() {
      // After a failure the rest is still restored, so the schema is whole again.
      enqueue(async () => {
        for (const table of tables) if (!whole.has(table)) await rebuildTable(table);
      });
      await queue;
      if (failure) {
        const first = failure;
        failure = null;
        for (const table of tables) if (!whole.has(table)) await rebuildTable(table).catch(() => {});
        throw first;
      }
      return times;
    },
  };
}
