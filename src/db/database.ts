// The one database handle of a process: PGlite (embedded) or PostgreSQL, migrated on open.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
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
}

export async function openDatabase({ databaseUrl, dataDir, recordSql = false, poolSize, statementTimeoutMs }: DatabaseOptions): Promise<Database> {
  let pglite: PGlite | undefined;
  let adapterFactory;
  if (databaseUrl) {
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
