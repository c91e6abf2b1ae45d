// Migrations: SQL files under prisma/migrations, created and applied by Prisma's wasm schema
// engine through our driver adapters, so PGlite and PostgreSQL run exactly the same history.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { queryThroughAdapter } from './adapter-query.js';
import { openSchemaEngine } from './schema-engine.js';

/** The first ancestor holding package.json: this file runs from src/db/ (tsx) or dist/src/db/ (compiled). */
function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));
export const migrationsDir = path.join(projectRoot, 'prisma/migrations');
const schemaPath = path.join(projectRoot, 'prisma/schema.prisma');
const noFilters = { externalTables: [], externalEnums: [] };

async function loadMigrationsList() {
  const names = existsSync(migrationsDir)
    ? (await readdir(migrationsDir, { withFileTypes: true }))
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  const lockPath = path.join(migrationsDir, 'migration_lock.toml');
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: 'migration_lock.toml',
      content: existsSync(lockPath) ? await readFile(lockPath, 'utf8') : null,
    },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      names.map(async (name) => ({
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: { tag: 'ok' as const, value: await readFile(path.join(migrationsDir, name, 'migration.sql'), 'utf8') },
        },
      })),
    ),
  };
}

/**
 * The factory, recording the connections the engine opens: it never disposes them, and an open
 * PostgreSQL pool keeps the process alive for ~10 s after its work is done.
 */
function disposingFactory(factory: SqlMigrationAwareDriverAdapterFactory) {
  const opened: { dispose(): Promise<void> }[] = [];
  const tracked = Object.create(factory) as SqlMigrationAwareDriverAdapterFactory;
  tracked.connect = async () => {
    const adapter = await factory.connect();
    opened.push(adapter);
    return adapter;
  };
  tracked.connectToShadowDb = async () => {
    const adapter = await factory.connectToShadowDb();
    opened.push(adapter);
    return adapter;
  };
  return { tracked, disposeAll: () => Promise.all(opened.map((adapter) => adapter.dispose())) };
}

type MigrationsList = Awaited<ReturnType<typeof loadMigrationsList>>;

/**
 * True when the database records every migration on disk as applied, unchanged (Prisma's checksum
 * is the sha256 of the file) and not rolled back: then the schema engine need not start.
 */
async function isUpToDate(adapterFactory: SqlMigrationAwareDriverAdapterFactory, list: MigrationsList): Promise<boolean> {
  let rows;
  try {
    rows = await queryThroughAdapter(adapterFactory,
      'SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL');
  } catch {
    return false; // no _prisma_migrations yet: a new database
  }
  const applied = new Set(rows.map(([name, checksum]) => `${name} ${checksum}`));
  return list.migrationDirectories.every(({ path: name, migrationFile }) =>
    applied.has(`${name} ${createHash('sha256').update(migrationFile.content.value).digest('hex')}`));
}

/**
 * Applies every pending migration; returns the names it applied (empty when up to date). A
 * database already up to date is checked with one query: starting the engine (a large WebAssembly
 * module) costs about a second and tens of megabytes for the life of the process.
 */
export async function applyMigrations(adapterFactory: SqlMigrationAwareDriverAdapterFactory): Promise<string[]> {
  const migrationsList = await loadMigrationsList();
  if (await isUpToDate(adapterFactory, migrationsList)) return [];
  const { tracked, disposeAll } = disposingFactory(adapterFactory);
  const engine = await openSchemaEngine(tracked);
  try {
    const result = await engine.applyMigrations({ migrationsList, filters: noFilters });
    return result.appliedMigrationNames;
  } finally {
    engine.free();
    await disposeAll();
  }
}

/**
 * Writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that takes the existing
 * history to schema.prisma. Diffs on a throwaway in-memory PGlite, never on a live database.
 * Returns the directory written, or null when the schema has no changes.
 */
export async function createMigration(name: string): Promise<string | null> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`migration name must match [a-z0-9_]+, got "${name}"`);
  const [{ PGlite }, { PrismaPGlite }, { pgliteExtensions }] = await Promise.all([
    import('@electric-sql/pglite'), import('pglite-prisma-adapter'), import('./pglite-extensions.js'),
  ]);
  const scratch = new PGlite('memory://', { extensions: pgliteExtensions });
  try {
    const engine = await openSchemaEngine(new PrismaPGlite(scratch));
    try {
      const migrationsList = await loadMigrationsList();
      await engine.applyMigrations({ migrationsList, filters: noFilters });
      const files = [{ path: schemaPath, content: await readFile(schemaPath, 'utf8') }];
      const diff = await engine.diff({
        from: { tag: 'schemaDatasource', files, configDir: projectRoot },
        to: { tag: 'schemaDatamodel', files },
        script: true,
        exitCode: true,
        filters: noFilters,
      });
      if (diff.exitCode !== 2) return null;
      const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
      const dir = path.join(migrationsDir, `${stamp}_${name}`);
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, 'migration.sql'), diff.stdout ?? '');
      const lockPath = path.join(migrationsDir, 'migration_lock.toml');
      if (!existsSync(lockPath)) {
        await writeFile(lockPath, '# Please do not edit this file manually\nprovider = "postgresql"\n');
      }
      return dir;
    } finally {
      engine.free();
    }
  } finally {
    await scratch.close();
  }
}
