import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './support/test-api.js';
import { createAsset } from './support/fixtures.js';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(() => api.close());

describe('smoke', () => {
  it('creates and lists an asset', async () => {
    const tenant = await api.tenant();
    const asset = await createAsset(tenant);
    expect(asset.assetTag).toBe('IT-0001');
    const data = await tenant.ok(`{ assets(first: 5) { totalCount edges { node { id assetTag } } } }`);
    expect(data.assets.totalCount).toBe(1);
    expect(data.assets.edges[0].node.id).toBe(asset.id);
  });
});
