// The one database handle of a process: PGlite (embedded) or PostgreSQL, migrated on open.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import type { SqlDriverAdapter } from '@prisma/driver-adapter-utils';
import { PrismaClient } from '../generated/prisma/client.js';
import { readableDriverError, readablePgError } from './driver-error.js';
import { applyMigrations } from './migrations.js';
import { statementName } from './prepared-statements.js';
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
  /**
   * Rows of one statement with text parameters ($1…), through the same driver adapter as Prisma
   * (so recorded alike) but without Prisma's query runtime: the credential lookup, compiled reads
   * (src/graphql/compiled) and start-up checks (so the query compiler is loaded by the first
   * request that needs it, not before the server listens). Driver errors read as Prisma's would.
   */
  queryWithArgs(sql: string, args: (string | null)[]): Promise<unknown[][]>;
  /**
   * queryWithArgs for a statement whose columns are all text (every value a string or null): on
   * PostgreSQL straight through the pool, without the driver adapter's wrapping, column typing
   * and per-query parser table — the credential lookup every request pays. Reported to onSql
   * listeners and failing as queryWithArgs would (the same sentence for an unreachable server).
   */
  queryText(sql: string, args: (string | null)[]): Promise<(string | null)[][]>;
  /** PostgreSQL: the pool's connections now (null on PGlite). */
  poolStats(): { inUse: number; idle: number; waiting: number } | null;
  close(): Promise<void>;
}

// queryText's columns are text: pg hands each value over as the server sent it.
const asText = (value: string) => value;
const TEXT_COLUMNS = { getTypeParser: () => asText } as unknown as pg.CustomTypesConfig;

export interface DatabaseOptions {
  databaseUrl?: string;
  dataDir: string;
  /** Tests: wrap the driver adapter so onSql sees every statement. Off: no wrapper, no cost. */
  recordSql?: boolean;
  /** PostgreSQL: connections in the pool (default 10, pg's). */
  poolSize?: number;
  /** PostgreSQL: how long an idle connection stays open (default 60 s); 0: until the pool closes. */
  poolIdleMs?: number;
  /** PostgreSQL: a statement running longer is cancelled (statement_timeout); unset: no limit. */
  statementTimeoutMs?: number;
  /** PostgreSQL: give up opening a connection after this long (default 5 s), so requests fail fast with 503. */
  connectTimeoutMs?: number;
  /** Where errors of idle pool connections (the server restarting, say) are reported. */
  onPoolError?: (error: Error) => void;
  /** PGlite: its page cache (shared_buffers), e.g. `16MB` (the default; PostgreSQL's is 128MB). */
  pgliteSharedBuffers?: string;
  /**
   * PGlite: start from this data directory (`migratedPgliteSnapshot()`) instead of running initdb,
   * which is most of a new embedded database's start-up (tests open one per file).
   */
  pgliteSnapshot?: Blob;
}

/**
 * PGlite's start parameters, sized for a laptop: its WebAssembly memory only grows, and
 * PostgreSQL's default 128 MB page cache is touched at start-up; index builds get 16 MB.
 */
export function pgliteStartParams(defaults: readonly string[], sharedBuffers = '16MB'): string[] {
  return [...defaults, '-c', `shared_buffers=${sharedBuffers}`, '-c', 'maintenance_work_mem=16MB'];
}

async function newPglite(location: string, sharedBuffers?: string, snapshot?: Blob): Promise<PGlite> {
  // Imported only here: a PostgreSQL server never loads PGlite's megabyte of JavaScript.
  const [{ PGlite }, { pgliteExtensions }] = await Promise.all([import('@electric-sql/pglite'), import('./pglite-extensions.js')]);
  return new PGlite(location, { extensions: pgliteExtensions, startParams: pgliteStartParams(PGlite.defaultStartParams, sharedBuffers), loadDataDir: snapshot });
}

/** The data directory of a new in-memory PGlite with every migration applied (DatabaseOptions.pgliteSnapshot). */
export async function migratedPgliteSnapshot(): Promise<Blob> {
  const [pglite, { PrismaPGlite }] = await Promise.all([newPglite('memory://'), import('pglite-prisma-adapter')]);
  try {
    await applyMigrations(new PrismaPGlite(pglite));
    return await pglite.dumpDataDir('none');
  } finally {
    await pglite.close();
  }
}

// pg's own default closes a connection idle for 10 s: the next burst then opened connections and
// prepared every named statement again, a stall of 100–300 ms at its p99 (bench/PROFILE.md, 3 Dec 20:55).
const DEFAULT_POOL_IDLE_MS = 60_000;

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const { databaseUrl, dataDir, recordSql = false, poolSize, poolIdleMs = DEFAULT_POOL_IDLE_MS, statementTimeoutMs, connectTimeoutMs = 5_000, pgliteSharedBuffers, pgliteSnapshot } = options;
  let pglite: PGlite | undefined;
  let pool: pg.Pool | undefined;
  let adapterFactory;
  if (databaseUrl) {
    // Loaded per mode: an embedded server never loads pg, a PostgreSQL one never loads PGlite.
    const [{ default: pgModule }, { PrismaPgWholeScripts }] = await Promise.all([import('pg'), import('./pg-adapter.js')]);
    // Our own pool (not one the adapter makes): its counts feed /metrics, and close() ends it
    // only after Prisma has let go of it.
    pool = new pgModule.Pool({
      connectionString: databaseUrl,
      connectionTimeoutMillis: connectTimeoutMs,
      ...(poolSize && { max: poolSize }),
      idleTimeoutMillis: poolIdleMs,
      ...(statementTimeoutMs && { statement_timeout: statementTimeoutMs }),
    });
    // An idle connection dropped by the server emits 'error': without a listener it would end the process.
    pool.on('error', (error) => options.onPoolError?.(error));
    // pg's type says a name is always returned; undefined leaves a statement unnamed (prepared-statements.ts).
    adapterFactory = new PrismaPgWholeScripts(pool, { statementNameGenerator: statementName as (query: { sql: string }) => string });
  } else {
    let location = dataDir;
    if (dataDir !== 'memory://') {
      location = path.join(dataDir, 'pgdata');
      await mkdir(location, { recursive: true });
    }
    const { PrismaPGlite } = await import('pglite-prisma-adapter');
    pglite = await newPglite(location, pgliteSharedBuffers, pgliteSnapshot);
    adapterFactory = new PrismaPGlite(pglite);
  }

  try {
    const appliedMigrations = await applyMigrations(adapterFactory);
    const sqlListeners = new Set<SqlListener>();
    const clientFactory = recordSql
      ? recordingFactory(adapterFactory, (statement) => { for (const listener of sqlListeners) listener(statement); })
      : adapterFactory;
    const prisma = new PrismaClient({ adapter: clientFactory });
    // One adapter for queryWithArgs, connected on first use (over the pool / the PGlite instance).
    let adapter: Promise<SqlDriverAdapter> | undefined;
    async function queryWithArgs(sql: string, args: (string | null)[]): Promise<unknown[][]> {
      const connected = await (adapter ??= clientFactory.connect());
      const argTypes = args.map(() => ({ scalarType: 'string', arity: 'scalar' }) as const);
      try {
        return (await connected.queryRaw({ sql, args, argTypes })).rows;
      } catch (error) {
        throw readableDriverError(error);
      }
    }
    return {
      kind: databaseUrl ? 'postgresql' : 'pglite',
      prisma,
      appliedMigrations,
      onSql(listener) {
        if (!recordSql) throw new Error('SQL is recorded only by a database opened with recordSql: true');
        sqlListeners.add(listener);
        return () => sqlListeners.delete(listener);
      },
      queryWithArgs,
      queryText(sql, args) {
        if (!pool) return queryWithArgs(sql, args) as Promise<(string | null)[][]>;
        if (recordSql) for (const listener of sqlListeners) listener({ sql, args });
        // pg's config shape; statementName: named (prepared once per connection) when registered.
        // Not async: one promise fewer per request.
        return pool.query<(string | null)[]>({ name: statementName({ sql }), text: sql, values: args, rowMode: 'array', types: TEXT_COLUMNS })
          .then((result) => result.rows, (error: unknown) => { throw readablePgError(error); });
      },
      poolStats: () => pool ? { inUse: pool.totalCount - pool.idleCount, idle: pool.idleCount, waiting: pool.waitingCount } : null,
      async close() {
        await (await adapter?.catch(() => undefined))?.dispose();
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
