// Requests without a credential draw from one bucket per client address — the address the request
// layer resolved (the socket's, or with TRUST_PROXY the entry our proxy appended to
// X-Forwarded-For), so a client cannot dodge its bucket by rotating headers.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { MemoryBudgetStore } from '../src/cost/budget-store.js';
import { DEFAULT_BUDGETS } from '../src/cost/plans.js';
import { FieldCipher } from '../src/crypto/field-cipher.js';
import { serveOnPort, type ServedApp } from './support/node-http.js';
import { startTestApi, type TestApi } from './support/test-api.js';

let api: TestApi;
const servers: ServedApp[] = [];
beforeAll(async () => { api = await startTestApi(); });
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await api.close();
});

const CAPACITY = 5;

/** A real listener (so the socket address is known) with an anonymous bucket of 5 that barely restores. */
async function listen(trustProxy: boolean): Promise<string> {
  const app = createApp(api.db, {
    cipher: new FieldCipher(randomBytes(32)),
    budgetStore: new MemoryBudgetStore(),
    budgets: { ...DEFAULT_BUDGETS, anonymous: { capacity: CAPACITY, restoreRate: 0.001, floor: 1 } },
    auth: { trustProxy },
  });
  // app.listener, as src/main.ts serves it (an anonymous request is not the direct lane's: yoga answers it).
  const served = await serveOnPort(app.listener);
  servers.push(served);
  return `${served.base}/graphql`;
}

async function anonymous(url: string, forwardedFor: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  return { status: response.status, body: (await response.json()) as any, remaining: response.headers.get('x-ratelimit-remaining') };
}

const rotating = (i: number) => `198.51.100.${i + 1}`;

describe('the anonymous bucket', () => {
  it('without TRUST_PROXY is the socket address: a rotating X-Forwarded-For does not help', async () => {
    const url = await listen(false);
    const statuses: number[] = [];
    for (let i = 0; i < CAPACITY + 3; i++) statuses.push((await anonymous(url, rotating(i))).status);
    expect(statuses).toEqual([...Array(CAPACITY).fill(200), 429, 429, 429]);
    const throttled = await anonymous(url, rotating(99));
    expect(throttled.body.errors[0].extensions).toMatchObject({ code: 'THROTTLED', cost: { throttleStatus: { maximumAvailable: CAPACITY } } });
  });

  it('with TRUST_PROXY is the entry the proxy appended: forged entries before it do not help', async () => {
    const url = await listen(true);
    // Each client address (the last entry) has its own bucket …
    for (let i = 0; i < CAPACITY + 3; i++) expect((await anonymous(url, rotating(i))).status).toBe(200);
    // … and a client rotating the entries it sends ahead of the proxy's stays in its own.
    const statuses: number[] = [];
    for (let i = 0; i < CAPACITY + 1; i++) statuses.push((await anonymous(url, `${rotating(i + 50)}, 203.0.113.7`)).status);
    expect(statuses).toEqual([...Array(CAPACITY).fill(200), 429]);
  });

  it('charges one point a request and reports the address bucket', async () => {
    const url = await listen(false);
    const first = await anonymous(url, rotating(0));
    expect(first.body.extensions.cost).toMatchObject({ throttleStatus: { maximumAvailable: CAPACITY, currentlyAvailable: CAPACITY - 1 } });
    expect(first.remaining).toBe(String(CAPACITY - 1));
  });
});
