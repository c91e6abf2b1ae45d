// `npm run migrate` applies pending migrations to the configured database;
// `npm run migration:create NAME` writes a new migration from prisma/schema.prisma.
import { loadConfig } from '../config.js';
import { createMigration } from './migrations.js';
import { openDatabase } from './database.js';

const [command, name] = process.argv.slice(2);

if (command === 'create') {
  if (!name) {
    console.error('usage: npm run migration:create NAME');
    process.exit(2);
  }
  const dir = await createMigration(name);
  console.log(dir ? `wrote ${dir}/migration.sql` : 'schema.prisma matches the migrations: nothing to create');
} else if (command === 'apply') {
  const db = await openDatabase(loadConfig());
  try {
    console.log(db.appliedMigrations.length ? `applied: ${db.appliedMigrations.join(', ')}` : 'database is up to date');
  } finally {
    await db.close();
  }
} else {
  console.error('usage: migrate-cli.ts apply | create NAME');
  process.exit(2);
}
