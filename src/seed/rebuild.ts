// Keys and indexes of the seeded tables during a bulk load: dropped before it and rebuilt as a
// restore does (an index built once over loaded rows, a foreign key checked in one join, are many
// times faster than maintained row by row; a random-uuid primary key made COPY ~2.5× slower). Each
// table is rebuilt as soon as it is written, on a connection of its own, while the next table
// loads; once the load is over its connection builds indexes too. A foreign key is checked once both
// of its tables are whole again.
import type { RowWriter } from './writers.js';

interface Index { table: string; name: string; definition: string; constraint: string | null }
interface ForeignKey { table: string; name: string; definition: string; references: string }

/** Time the rebuilding connections spent on each kind of work (most of it during the load). */
export interface RebuildTimes { keysAndIndexesSeconds: number; foreignKeysSeconds: number; vacuumSeconds: number }

export interface Rebuild {
  /** `table` holds all its rows: queue its keys, indexes, foreign keys and VACUUM (ANALYZE). */
  written(table: string): void;
  /** The load is over (or gone wrong): `writer` helps with what is left; rejects with the first failure. */
  finish(): Promise<RebuildTimes>;
}

/** The work on one written table: its index builds (any connection, at once), then the rest. */
interface TableWork { table: string; builds: Index[]; running: number; vacuum: boolean }

/**
 * Drops the primary keys, unique constraints, secondary indexes and foreign keys of `tables` (and the
 * foreign keys pointing at them), on `writer`; `builder` rebuilds them (it may be `writer` itself).
 * Tables never passed to `written` are rebuilt by `finish`, without VACUUM.
 */
export async function dropForLoad(writer: RowWriter, builder: RowWriter, tables: readonly string[]): Promise<Rebuild> {
  const names = tables.map((table) => `'${table}'`).join(', ');
  const ours = (alias: string) => `${alias}.relname IN (${names}) AND ${alias}.relnamespace = current_schema()::regnamespace`;
  // Keys are rebuilt as unique indexes (which build side by side) and attached with USING INDEX.
  const indexes = await writer.query<Index>(`
    SELECT t.relname AS table, c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition,
      (SELECT pg_get_constraintdef(k.oid) FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = t.oid) AS constraint
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
    WHERE ${ours('t')}`);
  const foreignKeys = await writer.query<ForeignKey>(`
    SELECT t.relname AS table, k.conname AS name, pg_get_constraintdef(k.oid) AS definition, r.relname AS references
    FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid
    WHERE k.contype = 'f' AND (${ours('t')} OR ${ours('r')})`);
  for (const key of foreignKeys) await writer.execute(`ALTER TABLE "${key.table}" DROP CONSTRAINT "${key.name}"`);
  for (const index of indexes) {
    await writer.execute(index.constraint ? `ALTER TABLE "${index.table}" DROP CONSTRAINT "${index.name}"` : `DROP INDEX "${index.name}"`);
  }

  const times: RebuildTimes = { keysAndIndexesSeconds: 0, foreignKeysSeconds: 0, vacuumSeconds: 0 };
  const timed = async (on: RowWriter, kind: keyof RebuildTimes, sql: string) => {
    const started = Date.now();
    await on.execute(sql);
    times[kind] += (Date.now() - started) / 1000;
  };
  const whole = new Set<string>();
  const pendingKeys = new Set(foreignKeys);
  const isWhole = (name: string) => whole.has(name) || !tables.includes(name);
  /** After the last build of a table: its keys, the foreign keys now checkable, VACUUM (ANALYZE). */
  const completeTable = async (on: RowWriter, work: TableWork) => {
    for (const index of indexes) {
      if (index.table === work.table && index.constraint) {
        const kind = index.constraint.startsWith('PRIMARY KEY') ? 'PRIMARY KEY' : 'UNIQUE';
        await timed(on, 'keysAndIndexesSeconds', `ALTER TABLE "${index.table}" ADD CONSTRAINT "${index.name}" ${kind} USING INDEX "${index.name}"`);
      }
    }
    whole.add(work.table);
    for (const key of [...pendingKeys]) {
      // The other connection may have taken it meanwhile (it completes tables too).
      if (!pendingKeys.has(key) || !isWhole(key.table) || !isWhole(key.references)) continue;
      pendingKeys.delete(key);
      await timed(on, 'foreignKeysSeconds', `ALTER TABLE "${key.table}" ADD CONSTRAINT "${key.name}" ${key.definition}`);
    }
    if (work.vacuum) await timed(on, 'vacuumSeconds', `${on.kind === 'copy' ? 'VACUUM (ANALYZE)' : 'ANALYZE'} "${work.table}"`);
  };

  // Written tables in order; each connection takes the next index build, or completes a table.
  const queue: TableWork[] = [];
  let failure: unknown = null;
  let closing = false;
  const sleepers: (() => void)[] = [];
  const wake = () => sleepers.splice(0).forEach((resolve) => resolve());
  // Every table ever queued: one taken off the queue is still being completed until it is whole.
  const queued = new Set<string>();
  const enqueue = (table: string, vacuum: boolean) => {
    queued.add(table);
    queue.push({ table, builds: indexes.filter((index) => index.table === table), running: 0, vacuum });
    wake();
  };
  const run = async (on: RowWriter) => {
    for (;;) {
      if (failure) return;
      const work = queue.find((item) => item.builds.length || !item.running);
      if (!work) {
        if (closing && !queue.length) return;
        await new Promise<void>((resolve) => sleepers.push(resolve));
        continue;
      }
      try {
        const index = work.builds.shift();
        if (index) {
          work.running++;
          try {
            await timed(on, 'keysAndIndexesSeconds', index.definition);
          } finally {
            work.running--;
          }
          // The other connection may still be building one of this table's indexes: it completes it.
          if (work.builds.length || work.running) continue;
        }
        queue.splice(queue.indexOf(work), 1);
        await completeTable(on, work);
      } catch (error) {
        failure ??= error;
      }
      wake();
    }
  };
  // One process per build: during the load the other core generates and takes in rows, after it
  // two builds run at once (parallel workers' share-out and merge cost more than they gave here).
  if (builder !== writer) await builder.execute('SET max_parallel_maintenance_workers = 0');
  const building = run(builder);

  return {
    written: (table) => enqueue(table, true),
    async finish() {
      // Not a table being completed right now (off the queue, not yet whole): its indexes are built.
      for (const table of tables) if (!queued.has(table)) enqueue(table, false);
      closing = true;
      wake();
      // The load's connection is free now: two index builds at once, one process each.
      if (builder !== writer) await writer.execute('SET max_parallel_maintenance_workers = 0');
      await Promise.all([building, builder === writer ? null : run(writer)]);
      if (failure) {
        const first = failure;
        failure = null;
        // Whatever is left is still restored, so the schema is whole again.
        for (const work of queue.splice(0)) {
          for (const index of work.builds) await writer.execute(index.definition).catch(() => {});
          await completeTable(writer, work).catch(() => {});
        }
        throw first;
      }
      return times;
    },
  };
}
