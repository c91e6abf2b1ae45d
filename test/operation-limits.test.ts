// Per-operation limits hold whether budgets are on or off (RATE_LIMIT=off): an operation too deep,
// too wide, too long or too costly is refused with a coded error before any SQL runs.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type AppOptions } from '../src/app.js';
import { MemoryBudgetStore } from '../src/cost/budget-store.js';
import { DEFAULT_COST_LIMITS } from '../src/cost/plans.js';
import { FieldCipher } from '../src/crypto/field-cipher.js';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';

let api: TestApi;
let tenant: Tenant;
beforeAll(async () => {
  api = await startTestApi();
  tenant = await api.tenant();
});
afterAll(() => api.close());

/** `levels` fields deep: assets → edges → node → location → assets → … (a valid query). */
function nested(levels: number): string {
  let selection = 'id';
  for (let depth = 3; depth < levels; depth += 4) selection = `location { assets(first: 1) { edges { node { ${selection} } } } }`;
  return `{ assets(first: 1) { edges { node { ${selection} } } } }`;
}

const OVER_THE_LIMITS: [string, string, Record<string, unknown>][] = [
  ['33 levels deep', nested(33), { code: 'BAD_USER_INPUT' }],
  ['13 levels deep (the limit is 12)', nested(13), { code: 'BAD_USER_INPUT' }],
  ['40 aliases', `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: rateLimit { limit }`).join(' ')} }`, { code: 'BAD_USER_INPUT' }],
  // Counted while parsing: refused as a parse failure (HTTP 400), like any document that does not parse.
  ['over 5,000 tokens', `{ ${'__typename '.repeat(5001)}}`, { code: 'GRAPHQL_PARSE_FAILED' }],
  ['over 50 directives', `{ __typename ${'@include(if: true) '.repeat(51)}}`, { code: 'BAD_USER_INPUT' }],
  ['a cost over 10,000', '{ assets(first: 1000) { edges { node { assignments(first: 10) { edges { node { id } } } } } } }',
    { code: 'MAX_COST_EXCEEDED', cost: { requestedQueryCost: 12_001, maximumCost: 10_000 } }],
  ['a million objects', '{ assets(first: 1000) { edges { node { assignments(first: 1000) { edges { node { id } } } } } } }',
    { code: 'MAX_COST_EXCEEDED' }],
  ['a page of 1,001', '{ assets(first: 1001) { totalCount } }', { code: 'BAD_USER_INPUT', field: 'first' }],
];

const BUDGETS: [string, Partial<AppOptions>][] = [
  ['budgets on', { budgetStore: new MemoryBudgetStore() }],
  ['budgets off (RATE_LIMIT=off)', { budgetStore: null }],
];

async function post(app: ReturnType<typeof createApp>, query: string) {
  const response = await app.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.writeKey}` },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe.each(BUDGETS)('per-operation limits, %s', (_label, options) => {
  const app = () => createApp(api.db, { cipher: new FieldCipher(randomBytes(32)), ...options });

  it.each(OVER_THE_LIMITS)('refuses %s with a coded error, and runs no SQL', async (_what, query, extensions) => {
    const limited = app();
    let response!: Awaited<ReturnType<typeof post>>;
    const statements = await api.recordSql(async () => { response = await post(limited, query); });
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.errors[0].extensions).toMatchObject(extensions);
    expect(response.body.errors[0].message).toMatch(/depth|alias|token|directive|cost|objects|between 0 and 1000/i);
    expect(response.body.data).toBeUndefined();
    expect(statements).toEqual([]);
  });

  it('runs an operation at the limits: 12 levels, 30 aliases, a page of 1,000', async () => {
    const limited = app();
    for (const query of [nested(11), `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: __typename`).join(' ')} }`, '{ assets(first: 1000) { totalCount } }']) {
      const response = await post(limited, query);
      expect(response.body.errors, query.slice(0, 60)).toBeUndefined();
    }
  });

  it('refuses more objects than maxNodes (configurable)', async () => {
    const limited = createApp(api.db, { cipher: new FieldCipher(randomBytes(32)), ...options, costLimits: { ...DEFAULT_COST_LIMITS, maxNodes: 5 } });
    const response = await post(limited, '{ assets(first: 5) { edges { node { id } } } }'); // 6 objects
    expect(response.body.errors[0].extensions).toMatchObject({ code: 'MAX_COST_EXCEEDED', nodes: 6, maximumNodes: 5 });
  });
});
