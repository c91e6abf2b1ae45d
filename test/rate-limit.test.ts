// Budgets: leaky buckets of cost points per credential, shared by GraphQL and REST, in memory or
// in Redis; over-limit operations never reach the database.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { MemoryBudgetStore } from '../src/cost/budget-store.js';
import { RedisBudgetStore } from '../src/cost/redis-budget-store.js';
import { FieldCipher } from '../src/crypto/field-cipher.js';
import { createAsset, createAssets } from './support/fixtures.js';
import { API_KEY_LOOKUP, tablesOf } from './support/sql.js';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(() => api.close());

const PAGE = '{ assets(first: 50) { edges { node { id } } } }'; // requests 51 points

/** An app whose budgets run on a clock the test moves. */
function appWithClock() {
  const clock = { now: 1_000_000 };
  const store = new MemoryBudgetStore(() => clock.now);
  const app = createApp(api.db, { cipher: new FieldCipher(randomBytes(32)), budgetStore: store });
  return { app, clock };
}

async function post(app: ReturnType<typeof createApp>, key: string, query: string, headers: Record<string, string> = {}) {
  const response = await app.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

/**
 * Gives the tenant's keys a small budget: `capacity` points, `restoreRate` per second, and a
 * request floor (default: the plan's, 50; 0 where a test is about query cost alone).
 */
async function smallBudget(tenant: Tenant, capacity: number, restoreRate: number, floor?: number) {
  await api.db.prisma.apiKey.updateMany({
    where: { organizationId: tenant.organizationId },
    data: { budgetCapacity: capacity, budgetRestoreRate: restoreRate, budgetFloor: floor ?? null },
  });
}

describe('MemoryBudgetStore', () => {
  it('depletes, restores with time, refunds, and never exceeds its capacity', async () => {
    let now = 0;
    const store = new MemoryBudgetStore(() => now);
    const budget = { capacity: 100, restoreRate: 10 };
    expect(await store.take('k', 60, budget)).toEqual({ allowed: true, remaining: 40 });
    expect(await store.take('k', 60, budget)).toEqual({ allowed: false, remaining: 40 });
    now += 2000; // +20 points
    expect(await store.take('k', 60, budget)).toEqual({ allowed: true, remaining: 0 });
    store.refund('k', 30, budget);
    expect(await store.take('k', 30, budget)).toEqual({ allowed: true, remaining: 0 });
    now += 60_000;
    expect(await store.take('k', 0, budget)).toEqual({ allowed: true, remaining: 100 });
    expect(await store.take('other', 100, budget)).toEqual({ allowed: true, remaining: 0 });
  });

  it('answers a take at once, not with a promise (the limiter adds no tick before execution; Redis answers asynchronously, below)', () => {
    const store = new MemoryBudgetStore();
    const taken = store.take('k', 10, { capacity: 100, restoreRate: 10 });
    expect(taken).not.toBeInstanceOf(Promise);
    expect(taken).toEqual({ allowed: true, remaining: 90 });
  });
});

describe('budgets on /graphql', () => {
  it('charges the requested cost, refunds the unused part down to the request floor, and reports it', async () => {
    const tenant = await api.tenant();
    await smallBudget(tenant, 1000, 1);
    const { app } = appWithClock();
    await createAsset(tenant);
    const response = await post(app, tenant.writeKey, PAGE);
    expect(response.status).toBe(200);
    expect(response.body.extensions.cost).toEqual({
      requestedQueryCost: 51,
      actualQueryCost: 2, // one asset came back
      requestFloor: 50,
      chargedCost: 50, // max(actual, floor)
      throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 950, restoreRate: 1 },
    });
    expect(response.headers.get('x-ratelimit-limit')).toBe('1000');
    expect(response.headers.get('x-ratelimit-remaining')).toBe('950');
    expect(response.headers.get('x-ratelimit-used')).toBe('50');
    expect(response.headers.get('x-ratelimit-cost')).toBe('50');
    expect(response.headers.get('x-ratelimit-floor')).toBe('50');
    expect(Number(response.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
  });

  it('without a floor (budget_floor 0) a request pays exactly what it used', async () => {
    const tenant = await api.tenant();
    await smallBudget(tenant, 1000, 1, 0);
    const { app } = appWithClock();
    await createAsset(tenant);
    const response = await post(app, tenant.writeKey, PAGE);
    expect(response.body.extensions.cost).toMatchObject({ requestedQueryCost: 51, actualQueryCost: 2, requestFloor: 0, chargedCost: 2 });
    expect(response.headers.get('x-ratelimit-remaining')).toBe('998');
  });

  it('throttles with THROTTLED, HTTP 429 and Retry-After when the bucket is short, then restores with time', async () => {
    const tenant = await api.tenant();
    await smallBudget(tenant, 100, 2, 0);
    const { app, clock } = appWithClock();
    const nested = '{ assets(first: 30) { edges { node { location { id } owner { id } } } } }'; // 91 points, all refunded
    // Requested cost is taken up front: 91 of 100, then refunded to 99 (nothing came back).
    expect((await post(app, tenant.writeKey, nested)).status).toBe(200);
    const big = '{ a: assets(first: 60) { edges { node { id } } } b: assets(first: 38) { edges { node { id } } } }'; // 100
    const throttled = await post(app, tenant.writeKey, big);
    expect(throttled.status).toBe(429);
    expect(throttled.body.errors[0].extensions).toMatchObject({ code: 'THROTTLED', cost: { requestedQueryCost: 100 } });
    expect(throttled.headers.get('retry-after')).toBe('1');
    expect(throttled.body.data).toBeUndefined();
    clock.now += 1000;
    expect((await post(app, tenant.writeKey, big)).status).toBe(200);
  });

  it('gives every key its own budget, even two keys of one user', async () => {
    const tenant = await api.tenant();
    await createAssets(tenant, 10); // through api.app: another budget store
    await smallBudget(tenant, 30, 0.001, 0); // each key: 30 points, charged by cost alone
    const { app } = appWithClock();
    const viewerOf = async (key: string) => (await post(app, key, '{ viewer { user { id } apiKeyId } }')).body.data.viewer;
    const [writer, reader] = [await viewerOf(tenant.writeKey), await viewerOf(tenant.readKey)];
    expect(writer.user.id).toBe(reader.user.id);
    expect(writer.apiKeyId).not.toBe(reader.apiKeyId);

    const page = '{ assets(first: 10) { edges { node { id } } } }'; // 11 points, all used: 10 rows come back
    const first = await post(app, tenant.writeKey, page);
    expect(first.body.extensions.cost).toMatchObject({ requestedQueryCost: 11, actualQueryCost: 11 });
    expect((await post(app, tenant.writeKey, page)).status).toBe(200);
    expect((await post(app, tenant.writeKey, page)).status).toBe(429);
    // The other key of the same user has spent only its own viewer query.
    const other = await post(app, tenant.readKey, page);
    expect(other.status).toBe(200);
    expect(other.body.extensions.cost.throttleStatus.currentlyAvailable)
      .toBeCloseTo(first.body.extensions.cost.throttleStatus.currentlyAvailable, 1);
  });

  it('answers the rateLimit query for the request floor alone (the query costs nothing)', async () => {
    const tenant = await api.tenant();
    await smallBudget(tenant, 500, 5);
    const { app } = appWithClock();
    const response = await post(app, tenant.writeKey, '{ rateLimit { limit cost floor remaining used restoreRate resetAt } }');
    expect(response.body.data.rateLimit).toMatchObject({ limit: 500, cost: 50, floor: 50, remaining: 450, used: 50, restoreRate: 5 });
    expect(response.body.extensions.cost).toMatchObject({ requestedQueryCost: 0, actualQueryCost: 0, chargedCost: 50 });
  });

  it('returns the per-field breakdown with X-Cost-Debug: 1', async () => {
    const tenant = await api.tenant();
    const { app } = appWithClock();
    const response = await post(app, tenant.writeKey, '{ assets(first: 10) { edges { node { location { id } } } } }', { 'x-cost-debug': '1' });
    expect(response.body.extensions.cost.fields).toEqual({ 'assets.edges.node.location': 1, 'assets.edges.node': 2, 'assets.edges': 20, assets: 21 });
    const plain = await post(app, tenant.writeKey, '{ assets(first: 10) { edges { node { id } } } }');
    expect(plain.body.extensions.cost.fields).toBeUndefined();
  });

  it('uses the plan budget when the key has no override', async () => {
    const tenant = await api.tenant();
    const { app } = appWithClock();
    const response = await post(app, tenant.writeKey, '{ rateLimit { limit restoreRate } }');
    expect(response.body.data.rateLimit.limit).toBe(60_000); // growth
    await api.db.prisma.organization.update({ where: { id: tenant.organizationId }, data: { plan: 'enterprise' } });
    const enterprise = await post(app, tenant.writeKey, '{ rateLimit { limit } }');
    expect(enterprise.body.data.rateLimit.limit).toBe(5_000_000);
  });
});

describe('limits checked before execution', () => {
  it('refuses an operation over the maximum cost with MAX_COST_EXCEEDED and runs no SQL at all', async () => {
    const tenant = await api.tenant();
    const { app } = appWithClock();
    const query = '{ assets(first: 1000) { edges { node { assignments(first: 10) { edges { node { id } } } } } } }'; // 12,001
    let response!: Awaited<ReturnType<typeof post>>;
    const statements = await api.recordSql(async () => { response = await post(app, tenant.writeKey, query); });
    expect(response.body.errors[0].extensions).toMatchObject({ code: 'MAX_COST_EXCEEDED', cost: { requestedQueryCost: 1 + 1000 * (1 + 1 + 10 * 1), maximumCost: 10_000 } });
    expect(statements).toEqual([]);
  });

  it('a throttled operation runs no resolver: only the key lookup touched the database', async () => {
    const tenant = await api.tenant();
    await smallBudget(tenant, 10, 0.001);
    const { app } = appWithClock();
    let response!: Awaited<ReturnType<typeof post>>;
    const statements = await api.recordSql(async () => { response = await post(app, tenant.writeKey, PAGE); });
    expect(response.status).toBe(429);
    // The key lookup, then the key's first-use stamp (lastUsedAt): nothing else.
    expect(statements.map(tablesOf)).toEqual([...API_KEY_LOOKUP, ['api_keys']]);
    expect(statements[1].sql).toMatch(/^UPDATE "public"\."api_keys" SET "last_used_at"/);
  });

  it('refuses first over 1000 before execution', async () => {
    const tenant = await api.tenant();
    const { app } = appWithClock();
    const statements = await api.recordSql(async () => {
      const response = await post(app, tenant.writeKey, '{ assets(first: 1001) { totalCount } }');
      expect(response.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    });
    expect(statements).toEqual([]);
  });
});

describe('page sizes with budgets off (budgetStore: null)', () => {
  // The operation limits refuse them before execution (test/operation-limits.test.ts); the
  // schema refuses them too, for any path that skips the limits.
  const connections: [string, (page: string) => string][] = [
    ['assets', (page) => `{ assets(${page}) { edges { node { id } } } }`],
    ['users', (page) => `{ users(${page}) { edges { node { id } } } }`],
    ['locations', (page) => `{ locations(${page}) { edges { node { id } } } }`],
    ['vendors', (page) => `{ vendors(${page}) { edges { node { id } } } }`],
    ['auditEvents', (page) => `{ auditEvents(${page}) { edges { node { id } } } }`],
    ['webhooks', (page) => `{ webhooks(${page}) { edges { node { id } } } }`],
    ['webhookDeliveries', (page) => `{ webhookDeliveries(webhookId: "00000000-0000-4000-8000-000000000000", ${page}) { edges { node { id } } } }`],
    ['apiKeys', (page) => `{ apiKeys(${page}) { edges { node { id } } } }`],
    ['clientCredentials', (page) => `{ clientCredentials(${page}) { edges { node { id } } } }`],
    ['Asset.auditEvents', (page) => `{ assets(first: 1) { edges { node { auditEvents(${page}) { edges { node { id } } } } } } }`],
  ];

  it.each(connections)('%s refuses first or last over 1000 or below 0, and accepts 1000', async (_name, query) => {
    const tenant = await api.tenant();
    await createAsset(tenant);
    const app = createApp(api.db, { cipher: new FieldCipher(randomBytes(32)), budgetStore: null });
    for (const [page, field] of [['first: 1001', 'first'], ['last: 1001', 'last'], ['first: -1', 'first'], ['last: -1', 'last']]) {
      const response = await post(app, tenant.writeKey, query(page));
      expect(response.body.errors, page).toHaveLength(1);
      expect(response.body.errors[0].extensions, page).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(response.body.extensions?.cost, 'budgets are off').toBeUndefined();
    }
    const largest = await post(app, tenant.writeKey, query('first: 1000'));
    expect(largest.body.errors).toBeUndefined();
  });
});

describe('one budget for GraphQL and REST', () => {
  it('REST routes are charged the cost of their operation from the same bucket', async () => {
    const tenant = await api.tenant();
    for (let i = 0; i < 30; i++) await createAsset(tenant, { name: `A${i}` }); // through api.app: another bucket
    await smallBudget(tenant, 600, 0.001);
    const { app } = appWithClock();
    const rest = (path: string) => app.fetch(`http://test${path}`, { headers: { authorization: `Bearer ${tenant.writeKey}` } });
    // GET /api/assets?limit=100 runs RestListAssets: requests 1 + 100 × 5 = 501 points; 30 rows came
    // back with no relations, so it used 1 + 30 = 31 and pays the request floor, 50.
    const first = await rest('/api/assets?limit=100');
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ratelimit-limit')).toBe('600');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('550');
    expect(first.headers.get('x-ratelimit-cost')).toBe('50');
    // GraphQL spends 10 × 31 = 310 of the rest …
    const spend = `{ ${Array.from({ length: 10 }, (_, i) => `a${i}: assets(first: 30) { edges { node { id } } }`).join(' ')} }`;
    const spent = await post(app, tenant.writeKey, spend);
    expect(spent.body.extensions.cost).toMatchObject({ requestedQueryCost: 310, actualQueryCost: 310, chargedCost: 310 });
    expect(spent.headers.get('x-ratelimit-remaining')).toBe('240');
    // … which REST then lacks: 429 with the documented error body and Retry-After.
    const throttled = await rest('/api/assets?limit=100');
    expect(throttled.status).toBe(429);
    expect(await throttled.json()).toEqual({ error: expect.stringContaining('Throttled') });
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('RedisBudgetStore', () => {
  it('two instances on one Redis share one budget', async () => {
    const prefix = `itam:test:${randomUUID()}:`;
    const [storeA, storeB] = [new RedisBudgetStore({ url: REDIS_URL, keyPrefix: prefix }), new RedisBudgetStore({ url: REDIS_URL, keyPrefix: prefix })];
    try {
      const tenant = await api.tenant();
      await smallBudget(tenant, 120, 0.001, 0);
      const a = createApp(api.db, { cipher: new FieldCipher(randomBytes(32)), budgetStore: storeA });
      const b = createApp(api.db, { cipher: new FieldCipher(randomBytes(32)), budgetStore: storeB });
      const spend = '{ assets(first: 99) { edges { node { id } } } }'; // 100 requested; 1 used (no rows)
      expect((await post(a, tenant.writeKey, spend)).status).toBe(200);
      // B sees what A left: 120 − 100 = 20 (A's refund of 99 is applied with A's next take).
      const onB = await post(b, tenant.writeKey, spend);
      expect(onB.status).toBe(429);
      expect(onB.body.errors[0].extensions.cost.throttleStatus.currentlyAvailable).toBeCloseTo(20, 0);
      // A's next request carries its refund to Redis: both instances see 119 − cost.
      const onA = await post(a, tenant.writeKey, '{ rateLimit { remaining } }');
      expect(onA.body.data.rateLimit.remaining).toBe(119);
      const again = await post(b, tenant.writeKey, '{ rateLimit { remaining } }');
      expect(again.body.data.rateLimit.remaining).toBe(119);
    } finally {
      await storeA.close();
      await storeB.close();
    }
  });

  it('fails open by default when Redis is unreachable, and closed when configured', async () => {
    const tenant = await api.tenant();
    const open = new RedisBudgetStore({ url: 'redis://127.0.0.1:1', keyPrefix: 'x:' });
    const closed = new RedisBudgetStore({ url: 'redis://127.0.0.1:1', keyPrefix: 'x:', failClosed: true });
    try {
      const budget = { capacity: 100, restoreRate: 1 };
      expect(await open.take('k', 10, budget)).toMatchObject({ allowed: true });
      expect(await closed.take('k', 10, budget)).toMatchObject({ allowed: false });
      const app = createApp(api.db, { cipher: new FieldCipher(randomBytes(32)), budgetStore: open });
      expect((await post(app, tenant.writeKey, PAGE)).status).toBe(200);
    } finally {
      await open.close();
      await closed.close();
    }
  });
});
