// The one database handle of a process: PGlite (embedded) or PostgreSQL, migrated on open.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { PrismaClient } from '../generated/prisma/client.js';
import { applyMigrations } from './migrations.js';
import { recordingFactory, type SqlListener } from './sql-recording.js';

export type { SqlListener, SqlStatement } from './sql-recording.js';

export interface Database {
  kind: 'pglite' | 'postgresql';
  prisma: PrismaClient;
  appliedMigrations: string[];
  /**
   * Subscribes to every SQL statement the driver is given (raw SQL included); returns the
   * unsubscribe. Only a database opened with `recordSql: true` has statements to report.
   */
  onSql(listener: SqlListener): () => void;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string;
  dataDir: string;
  /** Tests: wrap the driver adapter so onSql sees every statement. Off: no wrapper, no cost. */
  recordSql?: boolean;
  /** PostgreSQL: connections in the pool (default 10, pg's). */
  poolSize?: number;
  /** PostgreSQL: a statement running longer is cancelled (statement_timeout); unset: no limit. */
  statementTimeoutMs?: number;
  /** PGlite: its page cache (shared_buffers), e.g. `16MB` (the default; PostgreSQL's is 128MB). */
  pgliteSharedBuffers?: string;
}

/**
 * PGlite's start parameters, sized for a laptop: its WebAssembly memory only grows, and
 * PostgreSQL's default 128 MB page cache is touched at start-up; index builds get 16 MB.
 */
export function pgliteStartParams(defaults: readonly string[], sharedBuffers = '16MB'): string[] {
  return [...defaults, '-c', `shared_buffers=${sharedBuffers}`, '-c', 'maintenance_work_mem=16MB'];
}

export async function openDatabase({ databaseUrl, dataDir, recordSql = false, poolSize, statementTimeoutMs, pgliteSharedBuffers }: DatabaseOptions): Promise<Database> {
  let pglite: PGlite | undefined;
  let adapterFactory;
  if (databaseUrl) {
    // Loaded per mode: an embedded server never loads pg, a PostgreSQL one never loads PGlite.
    const { PrismaPgWholeScripts } = await import('./pg-adapter.js');
    adapterFactory = new PrismaPgWholeScripts({
      connectionString: databaseUrl,
      ...(poolSize && { max: poolSize }),
      ...(statementTimeoutMs && { statement_timeout: statementTimeoutMs }),
    });
  } else {
    let location = dataDir;
    if (dataDir !== 'memory://') {
      location = path.join(dataDir, 'pgdata');
      await mkdir(location, { recursive: true });
    }
    // Imported only here: a PostgreSQL server never loads PGlite's megabyte of JavaScript.
    const [{ PGlite }, { PrismaPGlite }, { pgliteExtensions }] = await Promise.all([
      import('@electric-sql/pglite'), import('pglite-prisma-adapter'), import('./pglite-extensions.js'),
    ]);
    pglite = new PGlite(location, { extensions: pgliteExtensions, startParams: pgliteStartParams(PGlite.defaultStartParams, pgliteSharedBuffers) });
    adapterFactory = new PrismaPGlite(pglite);
  }

  try {
    const appliedMigrations = await applyMigrations(adapterFactory);
    const sqlListeners = new Set<SqlListener>();
    const clientFactory = recordSql
      ? recordingFactory(adapterFactory, (statement) => { for (const listener of sqlListeners) listener(statement); })
      : adapterFactory;
    const prisma = new PrismaClient({ adapter: clientFactory });
    return {
      kind: databaseUrl ? 'postgresql' : 'pglite',
      prisma,
      appliedMigrations,
      onSql(listener) {
        if (!recordSql) throw new Error('SQL is recorded only by a database opened with recordSql: true');
        sqlListeners.add(listener);
        return () => sqlListeners.delete(listener);
      },
      async close() {
        await prisma.$disconnect();
        // PGlite keeps process.exitCode at 99 until closed: always close it.
        await pglite?.close();
      },
    };
  } catch (error) {
    await pglite?.close();
    throw error;
  }
}
