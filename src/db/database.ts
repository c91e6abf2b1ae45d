// The one database handle of a process: PGlite (embedded) or PostgreSQL, migrated on open.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaPgWholeScripts } from './pg-adapter.js';
import { PrismaClient } from '../generated/prisma/client.js';
import { applyMigrations } from './migrations.js';
import { pgliteExtensions } from './pglite-extensions.js';
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
  /** PostgreSQL: the pool's connections now (null on PGlite). */
  poolStats(): { inUse: number; idle: number; waiting: number } | null;
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
  /** PostgreSQL: give up opening a connection after this long (default 5 s), so requests fail fast with 503. */
  connectTimeoutMs?: number;
  /** Where errors of idle pool connections (the server restarting, say) are reported. */
  onPoolError?: (error: Error) => void;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const { databaseUrl, dataDir, recordSql = false, poolSize, statementTimeoutMs, connectTimeoutMs = 5_000 } = options;
  let pglite: PGlite | undefined;
  let pool: pg.Pool | undefined;
  let adapterFactory;
  if (databaseUrl) {
    // Our own pool (not one the adapter makes): its counts feed /metrics, and close() ends it
    // only after Prisma has let go of it.
    pool = new pg.Pool({
      connectionString: databaseUrl,
      connectionTimeoutMillis: connectTimeoutMs,
      ...(poolSize && { max: poolSize }),
      ...(statementTimeoutMs && { statement_timeout: statementTimeoutMs }),
    });
    // An idle connection dropped by the server emits 'error': without a listener it would end the process.
    pool.on('error', (error) => options.onPoolError?.(error));
    adapterFactory = new PrismaPgWholeScripts(pool);
  } else {
    let location = dataDir;
    if (dataDir !== 'memory://') {
      location = path.join(dataDir, 'pgdata');
      await mkdir(location, { recursive: true });
    }
    pglite = new PGlite(location, { extensions: pgliteExtensions });
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
      poolStats: () => pool ? { inUse: pool.totalCount - pool.idleCount, idle: pool.idleCount, waiting: pool.waitingCount } : null,
      async close() {
        await prisma.$disconnect();
        await pool?.end();
        // PGlite keeps process.exitCode at 99 until closed: always close it.
        await pglite?.close();
      },
    };
  } catch (error) {
    await pool?.end();
    await pglite?.close();
    throw error;
  }
}
