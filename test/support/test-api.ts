// The testkit: a real app on a real database per test file, and fixtures that seed through the
// public API (GraphQL) so tests stay independent of each other.
import { randomBytes, randomUUID } from 'node:crypto';
import { FieldCipher } from '../../src/crypto/field-cipher.js';
import { createApp, type App, type AppOptions } from '../../src/app.js';
import { createMailer } from '../../src/auth/mailer.js';
import { bootstrapOrganization, type BootstrapResult } from '../../src/auth/key-admin.js';
import type { Database } from '../../src/db/database.js';
import { openTestDatabase } from './test-database.js';

export interface GraphQLResponse<T = any> {
  status: number;
  headers: Headers;
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
}

export interface Tenant extends BootstrapResult {
  /** Runs an operation with this tenant's write key (or `key`). */
  gql<T = any>(query: string, variables?: Record<string, unknown>, key?: string): Promise<GraphQLResponse<T>>;
  /** Like gql but fails the test on any error; returns data. */
  ok<T = any>(query: string, variables?: Record<string, unknown>, key?: string): Promise<T>;
}

export interface TestApi {
  db: Database;
  app: App;
  gql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** A new organization with an admin and write/read keys. */
  tenant(name?: string): Promise<Tenant>;
  /** Every Prisma operation (`Model.operation`) that `fn` caused. */
  recordOperations(fn: () => Promise<unknown>): Promise<string[]>;
  close(): Promise<void>;
}

/** `options` go to createApp; the test app trusts X-Forwarded-For so tests can act from many IPs. */
export async function startTestApi(options: Partial<AppOptions> = {}): Promise<TestApi> {
  const db = await openTestDatabase();
  const app = createApp(db, {
    cipher: new FieldCipher(randomBytes(32)),
    ...options,
    // Invitations are logged without SMTP; tests that read them pass their own mailer.
    auth: { trustProxy: true, mailer: createMailer({ from: 'itam@test', log: () => {} }), ...options.auth },
  });

  async function gql<T>(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
    const response = await app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: GraphQLResponse['errors'] };
    return { status: response.status, headers: response.headers, data: body.data ?? undefined, errors: body.errors };
  }

  return {
    db,
    app,
    gql,
    async tenant(name = `Org ${randomUUID().slice(0, 8)}`) {
      const result = await bootstrapOrganization(db.prisma, { org: name, email: `admin@${name.replace(/\W/g, '').toLowerCase()}.test` });
      const tenantGql = <T>(query: string, variables?: Record<string, unknown>, key = result.writeKey) =>
        gql<T>(query, variables, { authorization: `Bearer ${key}` });
      return {
        ...result,
        gql: tenantGql,
        async ok<T>(query: string, variables?: Record<string, unknown>, key?: string) {
          const response = await tenantGql<T>(query, variables, key);
          if (response.errors?.length) throw new Error(`unexpected errors: ${JSON.stringify(response.errors)}`);
          return response.data as T;
        },
      };
    },
    async recordOperations(fn) {
      const operations: string[] = [];
      const stop = db.onOperation(({ model, operation }) => operations.push(`${model}.${operation}`));
      try {
        await fn();
      } finally {
        stop();
      }
      return operations;
    },
    close: () => db.close(),
  };
}
