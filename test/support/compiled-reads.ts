// Differential checks of compiled reads (src/graphql/compiled): the same operation against the
// same data through an app with compiled reads and one without, full responses compared, and
// the statements the compiled side sent (credential lookup + exactly one statement).
import { randomBytes } from 'node:crypto';
import { parse } from 'graphql';
import { expect } from 'vitest';
import { plainTextCost } from '../../src/cost/actual-cost-of-text.js';
import { actualCost } from '../../src/cost/query-cost.js';
import { schema } from '../../src/graphql/schema.js';
import { createApp, type App } from '../../src/app.js';
import { FieldCipher } from '../../src/crypto/field-cipher.js';
import { createLogger } from '../../src/request/log.js';
import type { SqlStatement } from '../../src/db/database.js';
import type { DirectReadEntry, Metrics } from '../../src/yoga/metrics.js';
import { API_KEY_LOOKUP, describeStatements, tablesOf } from './sql.js';
import { startTestApi, type TestApi } from './test-api.js';

export interface Differential {
  api: TestApi;
  /** The app over the same database with compiled reads off. */
  plain: App;
  /** The cipher both apps share. */
  cipher: FieldCipher;
  /** Runs `query` on both apps with `key`; returns the (equal) response body and the compiled side's statements. */
  run(key: string, query: string, variables?: Record<string, unknown>): Promise<{ body: any; statements: SqlStatement[] }>;
  /**
   * run(), and fails unless the compiled side sent the credential lookup and one compiled statement;
   * a statement that counts its answer's cost must count actualCost's figure.
   */
  compiled(key: string, query: string, variables?: Record<string, unknown>): Promise<any>;
  /** The compiled statement of the latest compiled() (undefined before any). */
  lastCompiled(): SqlStatement | undefined;
  /** run(), and fails unless the compiled side answered through normal execution. */
  fallback(key: string, query: string, variables?: Record<string, unknown>): Promise<any>;
  close(): Promise<void>;
}

/** The throttled `last_used_at` write of the credential path. */
const isKeyUsageUpdate = (statement: SqlStatement) => /^UPDATE "public"."api_keys" SET "last_used_at"/.test(statement.sql);

/** The one statement a compiled read sends. */
export const isCompiledStatement = (statement: SqlStatement) => statement.sql.startsWith("SELECT ('{");

/** A compiled statement that also reads a known key's state (src/auth/known-keys.ts), by its hash: its last column. */
export const readsKeyState = (statement: SqlStatement) =>
  /, \(SELECT json_build_array\(k\.id, .* FROM api_keys k .* WHERE k\.secret_hash = \$\d+ AND k\.organization_id = \$1\)( FROM \(SELECT 1\) o LEFT JOIN LATERAL .*)?$/s.test(statement.sql);

/** A compiled statement whose second column is its answer's cost (src/graphql/compiled/plan.ts). */
export const countsItsCost = (statement: SqlStatement) => / FROM \(SELECT 1\) o LEFT JOIN LATERAL \(/.test(statement.sql);

/** A test API (compiled reads on, budgets off) and a second app over its database with them off. */
export async function startDifferential(): Promise<Differential> {
  const cipher = new FieldCipher(randomBytes(32));
  const api = await startTestApi({ cipher, budgetStore: null });
  const plain: App = createApp(api.db, { cipher, budgetStore: null, compiledReads: false, logger: createLogger({ level: 'silent' }) });
  const post = async (app: App, key: string, query: string, variables?: Record<string, unknown>) => {
    const response = await app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    return { status: response.status, body: JSON.parse(text), text };
  };
  async function run(key: string, query: string, variables?: Record<string, unknown>) {
    let compiled: { status: number; body: any; text: string } | undefined;
    const statements = await api.recordSql(async () => { compiled = await post(api.app, key, query, variables); });
    const expected = await post(plain, key, query, variables);
    expect(compiled, `${query}\n${JSON.stringify(variables)}`).toEqual(expected);
    // Byte for byte: a compiled page's JSON text is sent as PostgreSQL wrote it.
    expect(compiled!.text, `${query}\n${JSON.stringify(variables)}`).toBe(expected.text);
    // The cost refund prices that text without parsing it: the same figure as the walk over the data.
    const dataText = /^\{"data":(.*)\}$/s.exec(compiled!.text)?.[1];
    if (dataText && Object.keys(compiled!.body).join() === 'data') {
      const document = parse(query);
      expect(plainTextCost(schema, document, variables, undefined, dataText), `${query}\n${JSON.stringify(variables)}`)
        .toBe(actualCost(schema, document, variables, undefined, compiled!.body.data));
    }
    return { body: compiled!.body, statements };
  }
  let lastCompiled: SqlStatement | undefined;
  return {
    api,
    plain,
    cipher,
    run,
    lastCompiled: () => lastCompiled,
    async compiled(key, query, variables) {
      const { body, statements } = await run(key, query, variables);
      const message = `not one compiled statement for ${query}:\n${describeStatements(statements)}`;
      // A key new to the app: the credential lookup (and, first use in a while, its last_used_at),
      // then the one statement. A known key: the one statement, which reads the key's state itself.
      const [first, ...rest] = statements.filter((statement) => !isKeyUsageUpdate(statement));
      const looked = !isCompiledStatement(first) && [tablesOf(first)].join() === API_KEY_LOOKUP.join();
      const [compiled, ...more] = looked ? rest : [first, ...rest];
      expect(more, message).toEqual([]);
      expect(isCompiledStatement(compiled), message).toBe(true);
      expect(readsKeyState(compiled), message).toBe(!looked);
      lastCompiled = compiled;
      if (countsItsCost(compiled)) {
        // The statement again, over the same rows: its cost column is the walk's figure.
        const [row] = await api.db.queryText(compiled.sql, compiled.args as (string | null)[]);
        expect(Number(row[1]), `cost counted by ${query}`).toBe(actualCost(schema, parse(query), variables, undefined, body.data));
      }
      return body;
    },
    async fallback(key, query, variables) {
      const { body, statements } = await run(key, query, variables);
      expect(statements.some(isCompiledStatement), `compiled unexpectedly: ${query}`).toBe(false);
      return body;
    },
    close: () => api.close(),
  };
}

/** itam_direct_reads_total of `metrics`: the requests that entered at `entry` (http: the direct lane; yoga: its params handler), or all. */
export async function directReadCount(metrics: Metrics, entry?: DirectReadEntry): Promise<number> {
  const text = await metrics.registry.metrics();
  let total = 0;
  for (const [, label, count] of text.matchAll(/^itam_direct_reads_total\{entry="(\w+)"\} (\d+)$/gm)) if (!entry || label === entry) total += Number(count);
  return total;
}
