// @defer and @stream: incremental delivery of a query (here over SSE), priced exactly as the same
// selection inline — the budget is charged before anything is sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssets } from './support/fixtures.js';
import { subscribe } from './support/sse.js';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';

const INLINE = `query { assets(first: 3, orderBy: { field: NAME, direction: ASC }) { totalCount edges { node { name } } } }`;
const INCREMENTAL = `query { assets(first: 3, orderBy: { field: NAME, direction: ASC }) {
  edges @stream(initialCount: 1) { node { name } }
  ... @defer { totalCount }
} }`;

let api: TestApi;
let tenant: Tenant;
beforeAll(async () => {
  api = await startTestApi();
  tenant = await api.tenant();
  await createAssets(tenant, 4, (i) => ({ name: `Asset ${i}` }));
});
afterAll(() => api?.close());

describe('@defer / @stream', () => {
  it('sends the first edge at once, then the rest and the deferred total', async () => {
    const stream = await subscribe(api.app, tenant.readKey, INCREMENTAL);
    expect(stream.status).toBe(200);
    const first = await stream.next();
    expect(first.data).toEqual({ assets: { edges: [{ node: { name: 'Asset 0' } }] } });
    const later: any[] = [];
    for (let result: any = first; result.hasNext !== false;) {
      result = await stream.next();
      later.push(...(result.incremental ?? []));
    }
    expect(later.flatMap((part) => part.items ?? []).map((edge) => edge.node.name)).toEqual(['Asset 1', 'Asset 2']);
    expect(later.find((part) => part.data)?.data).toEqual({ totalCount: 4 });
    await stream.close();
  });

  it('is priced as the same selection inline, and pays that price (no refund for a stream)', async () => {
    const inline = await api.app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.readKey}` },
      body: JSON.stringify({ query: INLINE }),
    });
    const { requestedQueryCost } = ((await inline.json()) as any).extensions.cost;
    expect(requestedQueryCost).toBeGreaterThan(3);
    const stream = await subscribe(api.app, tenant.readKey, INCREMENTAL);
    expect(stream.headers.get('x-ratelimit-cost')).toBe(String(requestedQueryCost));
    await stream.close();
  });
});
