// Bulk row writers. On PostgreSQL: COPY … FROM STDIN on one connection of its own (the fastest
// way in; one connection keeps foreign keys satisfied in table order). Anywhere else (embedded
// PGlite, or no URL given): batches through Prisma as json_populate_recordset, one statement each.
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import type { PrismaClient } from '../generated/prisma/client.js';
import { CopyChunks } from './copy-text.js';

/** Rows of one table on their way in; `write` returns a promise only when the caller must wait. */
export interface TableSink {
  write(row: unknown[]): Promise<void> | void;
  end(): Promise<void>;
  /** Gives up: the table's unsent rows are dropped (a COPY is cancelled whole), the connection stays usable. */
  abort(): Promise<void>;
}

export interface RowWriter {
  readonly kind: 'copy' | 'json';
  /** One table's rows, in order; `written(n)` reports rows as they leave. One sink open at a time. */
  open(table: string, columns: readonly string[], written: (rows: number) => void): TableSink;
  execute(sql: string): Promise<void>;
  query<T>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

export async function copyWriter(databaseUrl: string): Promise<RowWriter> {
  // Loaded here only: the COPY stream library is a development dependency. Bundled (dist/seed.js),
  // the CommonJS module comes as a default export only.
  const copyStreams = await import('pg-copy-streams');
  const { from: copyFrom } = typeof copyStreams.from === 'function' ? copyStreams : (copyStreams as unknown as { default: typeof copyStreams }).default;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  // A seed can be redone: commits need not wait for the disk, and index builds get memory.
  await client.query(`SET synchronous_commit = off; SET maintenance_work_mem = '512MB'`);
  return {
    kind: 'copy',
    // One COPY per table: PostgreSQL takes rows in while the next ones are generated.
    open(table, columns, written) {
      const stream = client.query(copyFrom(`COPY "${table}" (${columns.map((column) => `"${column}"`).join(', ')}) FROM STDIN`));
      const done = finished(stream);
      done.catch(() => {}); // observed in end(); a failure also rejects the pending 'drain' wait
      const chunks = new CopyChunks();
      const send = () => {
        const { bytes, rows } = chunks.take();
        const full = !stream.write(bytes);
        written(rows);
        // Even when the socket takes everything at once, let the event loop turn (signals, timers).
        return full ? once(stream, 'drain').then(() => undefined) : new Promise<void>((resolve) => setImmediate(resolve));
      };
      return {
        write(row) {
          chunks.add(row);
          return chunks.full ? send() : undefined;
        },
        async end() {
          if (chunks.rows) await send();
          stream.end();
          await done;
        },
        async abort() {
          stream.destroy(new Error('seed stopped'));
          await done.catch(() => {});
        },
      };
    },
    async execute(sql) {
      await client.query(sql);
    },
    async query<T>(sql: string) {
      return (await client.query(sql)).rows as T[];
    },
    close: () => client.end(),
  };
}

const JSON_BATCH = 2_000;

export function jsonWriter(prisma: PrismaClient): RowWriter {
  return {
    kind: 'json',
    open(table, columns, written) {
      const list = columns.map((column) => `"${column}"`).join(', ');
      const sql = `INSERT INTO "${table}" (${list}) SELECT ${list} FROM json_populate_recordset(NULL::"${table}", $1::json)`;
      let batch: unknown[][] = [];
      const send = async () => {
        const records = batch.map((row) => Object.fromEntries(columns.map((column, i) => [column, row[i]])));
        batch = [];
        await prisma.$executeRawUnsafe(sql, JSON.stringify(records));
        written(records.length);
      };
      return {
        write(row) {
          batch.push(row);
          return batch.length >= JSON_BATCH ? send() : undefined;
        },
        async end() {
          if (batch.length) await send();
        },
        async abort() {
          batch = [];
        },
      };
    },
    async execute(sql) {
      await prisma.$executeRawUnsafe(sql);
    },
    query: <T>(sql: string) => prisma.$queryRawUnsafe<T[]>(sql),
    async close() {},
  };
}
