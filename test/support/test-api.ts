// The testkit: a real app on a real database per test file, and fixtures that seed through the
// public API (GraphQL) so tests stay independent of each other.
import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { FieldCipher } from '../../src/crypto/field-cipher.js';
import { createApp, type App, type AppOptions } from '../../src/app.js';
import { createMailer } from '../../src/auth/mailer.js';
import { createLogger } from '../../src/request/log.js';
import { bootstrapOrganization, type BootstrapResult } from '../../src/auth/key-admin.js';
import type { Database, SqlStatement } from '../../src/db/database.js';
import { describeStatements, isTransactionControl } from './sql.js';
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
  /**
   * Every SQL statement `fn` caused, in the order the driver received them (raw SQL included;
   * transaction control — BEGIN, COMMIT, … — left out, see support/sql.ts).
   */
  recordSql(fn: () => Promise<unknown>): Promise<SqlStatement[]>;
  /** How many statements `fn` caused (as recordSql counts them). */
  countQueries(fn: () => Promise<unknown>): Promise<number>;
  /** Fails unless `fn` causes exactly `count` statements (the message lists them); returns them. */
  expectQueries(count: number, fn: () => Promise<unknown>): Promise<SqlStatement[]>;
  close(): Promise<void>;
}

/** `options` go to createApp; the test app trusts X-Forwarded-For so tests can act from many IPs. */
export async function startTestApi(options: Partial<AppOptions> = {}): Promise<TestApi> {
  const db = await openTestDatabase();
  const app = createApp(db, {
    cipher: new FieldCipher(randomBytes(32)),
    // Request lines are not printed; tests that read them pass a logger of their own.
    logger: createLogger({ level: 'silent' }),
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

  async function recordSql(fn: () => Promise<unknown>) {
    const statements: SqlStatement[] = [];
    const stop = db.onSql((statement) => { if (!isTransactionControl(statement)) statements.push(statement); });
    try {
      await fn();
    } finally {
      stop();
    }
    return statements;
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
    recordSql,
    async countQueries(fn) {
      return (await recordSql(fn)).length;
    },
    async expectQueries(count, fn) {
      const statements = await recordSql(fn);
      expect(statements.length, `SQL statements sent:\n${describeStatements(statements)}`).toBe(count);
      return statements;
    },
    close: () => db.close(),
  };
}
