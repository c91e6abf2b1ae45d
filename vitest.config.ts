import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql ships CJS (main) and ESM (module) builds; Node loads the CJS one for every package, so
  // the sources under test must too, or `instanceof GraphQLError` fails across the two copies.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    include: ['test/**/*.test.ts'],
    // Each test file opens its own database (in-memory PGlite, or a fresh PostgreSQL database),
    // so files run in parallel on separate workers.
    pool: 'forks',
    // Both cores: the default leaves one idle on a 2-core machine.
    maxWorkers: 2,
    // A worker keeps the modules it loaded (Prisma's client, the schema) from one file to the next:
    // about a fifth less CPU for the suite. Files share no state through modules: each opens its own
    // database and app.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { NODE_ENV: 'test' },
  },
});
