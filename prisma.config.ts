import { defineConfig } from 'prisma/config';

// Prisma's native schema engine cannot be downloaded here: `prisma generate` does not need it,
// and pointing it at /bin/false makes any `prisma migrate` fail loudly instead of downloading.
// Migrations run through our own runner (`npm run migrate`, src/db/migrate-cli.ts).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= '/bin/false';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
