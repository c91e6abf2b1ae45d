// Specification of AssetNode's GET /api/reports/depreciation (seed 001): JSON, CSV (format=csv or
// Accept: text/csv) with a header row, filters, required as_of, read access and tenant isolation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAsset } from './support/fixtures.js';
import { expectError, expectJson, rest, restClient } from './support/rest.js';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(() => api.close());

async function seeded(tenant: Tenant) {
  await tenant.ok(`mutation { setDepreciationSetting(input: { category: "server", method: DECLINING_BALANCE, usefulLifeYears: 5, salvagePercent: "10" }) { category } }`);
  const laptop = await createAsset(tenant, { name: 'MacBook, "16 inch"', assetTag: 'A-1', category: 'laptop', value: '1200.00', purchaseDate: '2026-01-15' });
  const server = await createAsset(tenant, { name: '=cmd', assetTag: 'A-2', category: 'server', value: '10000.00', purchaseDate: '2025-03-01' });
  return { laptop, server };
}

describe('GET /api/reports/depreciation', () => {
  it('answers JSON: each asset’s cost, accumulated depreciation and book value at as_of, totals by category and overall', async () => {
    const tenant = await api.tenant();
    const { laptop, server } = await seeded(tenant);
    const response = await restClient(api, tenant.readKey).get('/api/reports/depreciation?as_of=2026-09-01');
    expectJson(response, 200);
    expect(response.body).toEqual({
      as_of: '2026-09-01',
      assets: [
        {
          _id: laptop.id, asset_tag: 'A-1', name: 'MacBook, "16 inch"', category: 'laptop', purchase_date: '2026-01-15', method: 'straight_line',
          useful_life_years: 3, cost: '1200.00', salvage_value: '0.00', accumulated_depreciation: '233.33', book_value: '966.67',
        },
        {
          _id: server.id, asset_tag: 'A-2', name: '=cmd', category: 'server', purchase_date: '2025-03-01', method: 'declining_balance',
          useful_life_years: 5, cost: '10000.00', salvage_value: '1000.00', accumulated_depreciation: '5200.00', book_value: '4800.00',
        },
      ],
      by_category: [
        { category: 'laptop', asset_count: 1, cost: '1200.00', accumulated_depreciation: '233.33', book_value: '966.67' },
        { category: 'server', asset_count: 1, cost: '10000.00', accumulated_depreciation: '5200.00', book_value: '4800.00' },
      ],
      totals: { category: null, asset_count: 2, cost: '11200.00', accumulated_depreciation: '5433.33', book_value: '5766.67' },
    });
    const servers = await restClient(api, tenant.readKey).get('/api/reports/depreciation?as_of=2026-09-01&category=server');
    expect(servers.body.assets.map((row: any) => row._id)).toEqual([server.id]);
  });

  it('answers CSV with a header row for format=csv and for Accept: text/csv (quoted cells, formulas neutralised)', async () => {
    const tenant = await api.tenant();
    const { laptop, server } = await seeded(tenant);
    const r = restClient(api, tenant.readKey);
    const expected = [
      '_id,asset_tag,name,category,purchase_date,method,useful_life_years,cost,salvage_value,accumulated_depreciation,book_value',
      `${laptop.id},A-1,"MacBook, ""16 inch""",laptop,2026-01-15,straight_line,3,1200.00,0.00,233.33,966.67`,
      `${server.id},A-2,'=cmd,server,2025-03-01,declining_balance,5,10000.00,1000.00,5200.00,4800.00`,
      '',
    ].join('\r\n');
    for (const response of [
      await r.get('/api/reports/depreciation?as_of=2026-09-01&format=csv'),
      await r.get('/api/reports/depreciation?as_of=2026-09-01', { headers: { accept: 'text/csv' } }),
    ]) {
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="depreciation-2026-09-01.csv"');
      expect(response.headers.get('x-request-id')).toBeTruthy();
      expect(response.text).toBe(expected);
    }
    const json = await r.get('/api/reports/depreciation?as_of=2026-09-01&format=json', { headers: { accept: 'text/csv' } });
    expectJson(json, 200);
  });

  it('needs as_of (a date) and a known format: 400; 401 without a credential; another organization’s assets never appear', async () => {
    const tenant = await api.tenant();
    await seeded(await api.tenant());
    const r = restClient(api, tenant.readKey);
    expectError(await r.get('/api/reports/depreciation'), 400, /as_of/);
    expectError(await r.get('/api/reports/depreciation?as_of=yesterday'), 400, /as_of/);
    expectError(await r.get('/api/reports/depreciation?as_of=2026-01-01&format=xlsx'), 400, /format/);
    expectError(await rest(api, 'GET', '/api/reports/depreciation?as_of=2026-01-01', { key: null }), 401);
    expect((await r.get('/api/reports/depreciation?as_of=2030-01-01')).body).toMatchObject({ assets: [], by_category: [], totals: { asset_count: 0, cost: '0.00' } });
    expect((await r.get('/api/reports/depreciation?as_of=2030-01-01&format=csv')).text.split('\r\n')).toHaveLength(2);
  });
});

describe('OpenAPI', () => {
  it('documents every AssetNode route under the AssetNode tag group, the report with its CSV representation', async () => {
    const document = (await (await api.app.fetch('http://test/api/openapi.json')).json()) as any;
    const group = document['x-tagGroups'].find((entry: any) => entry.name === 'AssetNode');
    expect(group.tags).toEqual(expect.arrayContaining(['hardware', 'employees', 'assignments', 'licenses', 'reports', 'audit-log', 'auth']));
    for (const [path, method] of [['/api/hardware', 'get'], ['/api/licenses/{id}/seats/{seatId}', 'delete'], ['/api/dashboard', 'get']]) {
      expect(document.paths[path][method]).toMatchObject({ 'x-dialect': 'AssetNode', summary: expect.stringMatching(/^AssetNode · /) });
    }
    expect(Object.keys(document.paths['/api/reports/depreciation'].get.responses['200'].content)).toEqual(['application/json', 'text/csv']);
    expect(document.paths['/api/hardware'].get.parameters.map((p: any) => p.name)).toEqual(
      ['category', 'status', 'location_id', 'assigned_to', 'search', 'sort', 'page', 'limit'],
    );
  });
});
