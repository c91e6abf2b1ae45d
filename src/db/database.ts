// The one database handle of a process: PGlite (embedded) or PostgreSQL, migrated on open.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaPgWholeScripts } from './pg-adapter.js';
import { PrismaClient } from '../generated/prisma/client.js';
import { applyMigrations } from './migrations.js';
import { pgliteExtensions } from './pglite-extensions.js';

export type OperationListener = (operation: { model: string; operation: string }) => void;
export type SqlListener = (query: { sql: string; params: string }) => void;

export interface Database {
  kind: 'pglite' | 'postgresql';
  prisma: PrismaClient;
  appliedMigrations: string[];
  /** Subscribes to every Prisma operation (model + operation); returns the unsubscribe. */
  onOperation(listener: OperationListener): () => void;
  /** Subscribes to every SQL statement Prisma sends; returns the unsubscribe. */
  onSql(listener: SqlListener): () => void;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string;
  dataDir: string;
}

export async function openDatabase({ databaseUrl, dataDir }: DatabaseOptions): Promise<Database> {
  let pglite: PGlite | undefined;
  let adapterFactory;
  if (databaseUrl) {
    adapterFactory = new PrismaPgWholeScripts({ connectionString: databaseUrl });
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
    const listeners = new Set<OperationListener>();
    const sqlListeners = new Set<SqlListener>();
    const base = new PrismaClient({ adapter: adapterFactory, log: [{ emit: 'event', level: 'query' }] });
    base.$on('query', (event) => {
      for (const listener of sqlListeners) listener({ sql: event.query, params: event.params });
    });
    // Records every operation so tests can assert exactly what a request asked of the database.
    const prisma = base.$extends({
      query: {
        $allModels: {
          $allOperations({ model, operation, args, query }) {
            for (const listener of listeners) listener({ model, operation });
            return query(args);
          },
        },
      },
    }) as unknown as PrismaClient;
    return {
      kind: databaseUrl ? 'postgresql' : 'pglite',
      prisma,
      appliedMigrations,
      onOperation(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      onSql(listener) {
        sqlListeners.add(listener);
        return () => sqlListeners.delete(listener);
      },
      async close() {
        await base.$disconnect();
        // PGlite keeps process.exitCode at 99 until closed: always close it.
        await pglite?.close();
      },
    };
  } catch (error) {
    await pglite?.close();
    throw error;
  }
}
