// Plans as an operator sets them: budgets configurable without code (PLAN_BUDGETS), and an
// organization's plan changed by the server operator only — the CLI (test/cli.test.ts) or the
// setOrganizationPlan mutation with the operator token, which no organization credential replaces.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { MemoryBudgetStore } from '../src/cost/budget-store.js';
import { budgetTable, DEFAULT_BUDGETS } from '../src/cost/plans.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { FieldCipher } from '../src/crypto/field-cipher.js';
import { MISSING_ID } from './support/rest.js';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';

const OPERATOR_TOKEN = randomBytes(32).toString('hex');
let api: TestApi;
beforeAll(async () => { api = await startTestApi({ operatorToken: OPERATOR_TOKEN }); });
afterAll(() => api.close());

describe('PLAN_BUDGETS', () => {
  it('overrides any plan\'s capacity, restore rate and floor; the rest keeps its defaults', () => {
    const config = loadConfig({ PLAN_BUDGETS: '{"growth":{"restoreRate":16667,"floor":20},"anonymous":{"capacity":100}}' });
    const table = budgetTable(config.planBudgets);
    expect(table.growth).toEqual({ capacity: 60_000, restoreRate: 16_667, floor: 20 });
    expect(table.anonymous).toEqual({ ...DEFAULT_BUDGETS.anonymous, capacity: 100 });
    expect(table.business).toEqual(DEFAULT_BUDGETS.business);
    expect(budgetTable(loadConfig({}).planBudgets)).toEqual(DEFAULT_BUDGETS);
  });

  it.each([
    ['not JSON', 'business: big', /PLAN_BUDGETS must be a JSON object/],
    ['an array', '[]', /PLAN_BUDGETS must be a JSON object of plans/],
    ['an unknown plan', '{"gold":{"capacity":1}}', /unknown plan "gold"/],
    ['an unknown field', '{"growth":{"burst":1}}', /growth\.burst is not a budget field/],
    ['a negative floor', '{"growth":{"floor":-1}}', /growth\.floor must be a non-negative integer, got -1/],
    ['a zero restore rate', '{"business":{"restoreRate":0}}', /business\.restoreRate must be a positive number/],
    ['a fractional capacity', '{"business":{"capacity":10.5}}', /business\.capacity must be a positive integer/],
    ['a floor above the capacity', '{"growth":{"capacity":10,"floor":50}}', /growth\.floor \(50\) must not exceed its capacity \(10\)/],
  ])('refuses %s with a message naming the variable', (_what, value, message) => {
    expect(() => loadConfig({ PLAN_BUDGETS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ PLAN_BUDGETS: value })).toThrow(message);
  });

  it('gives an organization the configured budget on its next request', async () => {
    const tenant = await api.tenant();
    const app = createApp(api.db, {
      cipher: new FieldCipher(randomBytes(32)), budgetStore: new MemoryBudgetStore(),
      budgets: budgetTable({ growth: { capacity: 2_000, restoreRate: 40, floor: 10 } }),
    });
    const response = await app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.writeKey}` },
      body: JSON.stringify({ query: '{ rateLimit { limit restoreRate floor remaining } }' }),
    });
    expect(((await response.json()) as any).data.rateLimit).toEqual({ limit: 2_000, restoreRate: 40, floor: 10, remaining: 1_990 });
  });

  it('refuses an OPERATOR_TOKEN shorter than 32 characters', () => {
    expect(() => loadConfig({ OPERATOR_TOKEN: 'short' })).toThrow(/OPERATOR_TOKEN must be at least 32 characters/);
  });
});

const SET_PLAN = 'mutation($org: UUID!, $plan: Plan!) { setOrganizationPlan(organizationId: $org, plan: $plan) { id plan } }';

const asOperator = (variables: Record<string, unknown>, token = OPERATOR_TOKEN) => api.gql(SET_PLAN, variables, { 'x-operator-token': token });
const planOf = async (tenant: Tenant) => (await api.db.prisma.organization.findUniqueOrThrow({ where: { id: tenant.organizationId } })).plan;

describe('setOrganizationPlan', () => {
  it('with the operator token moves the organization to the plan, audited with no acting user, and its budget follows', async () => {
    const tenant = await api.tenant();
    const response = await asOperator({ org: tenant.organizationId, plan: 'BUSINESS' });
    expect(response.errors).toBeUndefined();
    expect(response.data.setOrganizationPlan).toEqual({ id: tenant.organizationId, plan: 'BUSINESS' });
    const events = await api.db.prisma.auditEvent.findMany({ where: { organizationId: tenant.organizationId, action: 'organization.plan_changed' } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      entityType: 'Organization', entityId: tenant.organizationId, source: 'graphql', actorUserId: null, actorApiKeyId: null,
      changes: { plan: { before: 'growth', after: 'business' } }, requestId: expect.any(String),
    });
    const budget = await tenant.ok('{ rateLimit { limit } }');
    expect(budget.rateLimit.limit).toBe(1_000_000);
    // The same plan again changes nothing and records nothing.
    await asOperator({ org: tenant.organizationId, plan: 'BUSINESS' });
    expect(await api.db.prisma.auditEvent.count({ where: { organizationId: tenant.organizationId, action: 'organization.plan_changed' } })).toBe(1);
  });

  it('refuses the organization\'s own admin (write key): FORBIDDEN, the plan unchanged', async () => {
    const tenant = await api.tenant();
    const response = await tenant.gql(SET_PLAN, { org: tenant.organizationId, plan: 'ENTERPRISE' });
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(response.errors![0].message).toMatch(/server operator only/);
    expect(await planOf(tenant)).toBe('growth');
  });

  it('refuses a wrong operator token, and any token when OPERATOR_TOKEN is unset', async () => {
    const tenant = await api.tenant();
    const wrong = await asOperator({ org: tenant.organizationId, plan: 'ENTERPRISE' }, randomBytes(32).toString('hex'));
    expect(wrong.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    const unconfigured = createApp(api.db, { cipher: new FieldCipher(randomBytes(32)) });
    const response = await unconfigured.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-operator-token': OPERATOR_TOKEN },
      body: JSON.stringify({ query: SET_PLAN, variables: { org: tenant.organizationId, plan: 'ENTERPRISE' } }),
    });
    expect(((await response.json()) as any).errors.map((error: any) => error.extensions.code)).toEqual(['FORBIDDEN']);
    expect(await planOf(tenant)).toBe('growth');
  });

  it('answers NOT_FOUND for an organization that does not exist, and BAD_USER_INPUT for an unknown plan', async () => {
    const missing = await asOperator({ org: MISSING_ID, plan: 'BUSINESS' });
    expect(missing.errors?.map((error) => error.extensions?.code)).toEqual(['NOT_FOUND']);
    const tenant = await api.tenant();
    const unknown = await asOperator({ org: tenant.organizationId, plan: 'PLATINUM' });
    expect(unknown.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});
