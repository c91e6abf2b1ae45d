// Specification of depreciation: the arithmetic against hand-computed tables (straight-line and
// declining-balance, partial years, salvage, exact cents), per-category settings with the
// organization default, Asset.bookValue(asOf) and the depreciationReport query.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../src/generated/prisma/client.js';
import { depreciate, wholeMonths, type DepreciationRule } from '../src/domain/depreciation-math.js';
import { lastAudit, onlyError } from './support/assertions.js';
import { createAsset, createLocation } from './support/fixtures.js';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';

const D = (value: string | number) => new Prisma.Decimal(value);
const date = (iso: string) => new Date(`${iso}T00:00:00Z`);
const rule = (method: DepreciationRule['method'], usefulLifeYears: number, salvagePercent = 0): DepreciationRule => ({ method, usefulLifeYears, salvagePercent: D(salvagePercent) });

/** Book value and accumulated depreciation as strings, for tables. */
function valued(cost: string, purchased: string, asOf: string, applied: DepreciationRule) {
  const result = depreciate(D(cost), date(purchased), date(asOf), applied);
  return result && [result.bookValue.toFixed(2), result.accumulated.toFixed(2)];
}

describe('depreciation arithmetic', () => {
  it('counts whole months: a month is complete on the same day of a later month', () => {
    expect(wholeMonths(date('2026-01-15'), date('2026-02-14'))).toBe(0);
    expect(wholeMonths(date('2026-01-15'), date('2026-02-15'))).toBe(1);
    expect(wholeMonths(date('2026-01-31'), date('2026-03-01'))).toBe(1);
    expect(wholeMonths(date('2025-11-30'), date('2027-05-30'))).toBe(18);
  });

  it('straight-line, 3 years, no salvage (the organization default): 1,200.00 loses 33.33… a month', () => {
    const sl = rule('straight_line', 3);
    // months → [book value, accumulated], computed by hand: 1200 × (1 − months/36)
    const table: [string, string, string][] = [
      ['2026-01-15', '1200.00', '0.00'],   // same day
      ['2026-02-15', '1166.67', '33.33'],  // 1 month: 1200 − 33.333… = 1166.666… → 1166.67
      ['2026-07-14', '1033.33', '166.67'], // 5 months: 1200 − 166.666… = 1033.333… → 1033.33
      ['2027-07-15', '600.00', '600.00'],  // 18 months
      ['2029-01-15', '0.00', '1200.00'],   // 36 months: fully depreciated
      ['2031-06-01', '0.00', '1200.00'],   // past the useful life
    ];
    for (const [asOf, book, accumulated] of table) expect(valued('1200.00', '2026-01-15', asOf, sl), asOf).toEqual([book, accumulated]);
    expect(valued('1200.00', '2026-01-15', '2026-01-14', sl)).toBeNull();
  });

  it('straight-line with salvage: 1,000.00 over 5 years down to 10 % salvage loses 15.00 a month', () => {
    const sl = rule('straight_line', 5, 10);
    const table: [string, string, string][] = [
      ['2024-07-01', '1000.00', '0.00'],
      ['2025-01-01', '910.00', '90.00'],   // 6 months × 15
      ['2027-01-01', '550.00', '450.00'],  // 30 months × 15
      ['2029-06-30', '115.00', '885.00'],  // 59 months × 15
      ['2029-07-01', '100.00', '900.00'],  // 60 months: salvage
      ['2035-01-01', '100.00', '900.00'],
    ];
    for (const [asOf, book, accumulated] of table) expect(valued('1000.00', '2024-07-01', asOf, sl), asOf).toEqual([book, accumulated]);
  });

  it('declining balance, 5 years, 10 % salvage: 40 % a year of the book value, pro rata by month, at salvage after the life', () => {
    const db = rule('declining_balance', 5, 10);
    // Year n starts at 10000 × 0.6ⁿ; k months into it the book value is that × (1 − 0.4 × k/12).
    const table: [string, string, string][] = [
      ['2025-03-01', '10000.00', '0.00'],
      ['2025-09-01', '8000.00', '2000.00'],  // 6 months: 10000 × 0.8
      ['2026-03-01', '6000.00', '4000.00'],  // 1 year
      ['2026-09-01', '4800.00', '5200.00'],  // 18 months: 6000 × 0.8
      ['2027-03-01', '3600.00', '6400.00'],  // 2 years
      ['2028-03-01', '2160.00', '7840.00'],  // 3 years
      ['2029-03-01', '1296.00', '8704.00'],  // 4 years
      ['2029-09-01', '1036.80', '8963.20'],  // 54 months: 1296 × 0.8
      ['2029-12-01', '1000.00', '9000.00'],  // 57 months: 1296 × 0.7 = 907.20, below salvage → 1000.00
      ['2030-03-01', '1000.00', '9000.00'],  // 5 years: salvage
    ];
    for (const [asOf, book, accumulated] of table) expect(valued('10000.00', '2025-03-01', asOf, db), asOf).toEqual([book, accumulated]);
  });

  it('is exact to the cent (decimal, not float): 999.99 × 17/18 = 944.435 rounds half up to 944.44', () => {
    // Declining balance over 3 years: rate 2/3 a year, one month = 1/18 of the book value.
    expect(valued('999.99', '2026-01-01', '2026-02-01', rule('declining_balance', 3))).toEqual(['944.44', '55.55']);
    // 0.1 + 0.2 style: 3 × 33.33 of straight-line over 3 years of 0.30 (per month 0.008333…).
    expect(valued('0.30', '2026-01-01', '2026-02-01', rule('straight_line', 3))).toEqual(['0.29', '0.01']);
    expect(valued('123456789012.34', '2026-01-01', '2027-01-01', rule('straight_line', 4))).toEqual(['92592591759.26', '30864197253.08']);
  });
});

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(() => api.close());

const SET = `mutation($input: SetDepreciationSettingInput!) { setDepreciationSetting(input: $input) { category method usefulLifeYears salvagePercent } }`;
const REPORT = `query($asOf: Date!, $category: String, $locationId: UUID) { depreciationReport(asOf: $asOf, category: $category, locationId: $locationId) {
  asOf rows { assetId assetTag name category purchaseDate method usefulLifeYears cost salvageValue accumulatedDepreciation bookValue }
  categories { category assetCount cost accumulatedDepreciation bookValue } totals { category assetCount cost accumulatedDepreciation bookValue } } }`;

async function seeded(tenant: Tenant) {
  await tenant.ok(SET, { input: { category: 'Server', method: 'DECLINING_BALANCE', usefulLifeYears: 5, salvagePercent: '10' } });
  const hq = await createLocation(tenant, { name: 'HQ' });
  const laptop = await createAsset(tenant, { name: 'Laptop', assetTag: 'A-1', category: 'Laptop', value: '1200.00', purchaseDate: '2026-01-15', locationId: hq.id });
  const server = await createAsset(tenant, { name: 'Server', assetTag: 'A-2', category: 'Server', value: '10000.00', purchaseDate: '2025-03-01' });
  const spare = await createAsset(tenant, { name: 'Spare', assetTag: 'A-3', category: 'Laptop', value: '999.99', purchaseDate: '2027-05-01' });
  await createAsset(tenant, { name: 'No price', category: 'Laptop', purchaseDate: '2026-01-01' });
  await createAsset(tenant, { name: 'No date', category: 'Laptop', value: '10.00' });
  return { hq, laptop, server, spare };
}

describe('depreciation settings', () => {
  it('setDepreciationSetting creates then replaces a category’s settings, audited; bad values are refused', async () => {
    const tenant = await api.tenant();
    const created = await tenant.ok(SET, { input: { category: 'Laptop', method: 'STRAIGHT_LINE', usefulLifeYears: 4 } });
    expect(created.setDepreciationSetting).toEqual({ category: 'Laptop', method: 'STRAIGHT_LINE', usefulLifeYears: 4, salvagePercent: '0.00' });
    await tenant.ok(SET, { input: { category: 'Laptop', method: 'DECLINING_BALANCE', usefulLifeYears: 3, salvagePercent: '5.5' } });
    const settings = await tenant.ok(`{ depreciationSettings { category method usefulLifeYears salvagePercent } }`);
    expect(settings.depreciationSettings).toEqual([{ category: 'Laptop', method: 'DECLINING_BALANCE', usefulLifeYears: 3, salvagePercent: '5.50' }]);
    const id = (await api.db.prisma.depreciationSetting.findFirstOrThrow({ where: { organizationId: tenant.organizationId } })).id;
    await lastAudit(tenant, 'DepreciationSetting', id, 'depreciation_setting.updated');
    const refused: [Record<string, unknown>, string][] = [[{ usefulLifeYears: 0 }, 'usefulLifeYears'], [{ salvagePercent: '100.01' }, 'salvagePercent'], [{ category: ' ' }, 'category']];
    for (const [input, field] of refused) {
      const error = onlyError(await tenant.gql(SET, { input: { category: 'Phone', method: 'STRAIGHT_LINE', usefulLifeYears: 2, ...input } }));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(onlyError(await tenant.gql(SET, { input: { category: 'Phone', method: 'STRAIGHT_LINE', usefulLifeYears: 2 } }, tenant.readKey)).extensions?.code).toBe('FORBIDDEN');
  });
});

describe('Asset.bookValue', () => {
  it('values an asset at a date by its category’s settings or the organization default; null without price or date, or before purchase', async () => {
    const tenant = await api.tenant();
    const { laptop, server } = await seeded(tenant);
    const book = async (id: string, asOf: string) => (await tenant.ok(`query($id: UUID!, $asOf: Date) { asset(id: $id) { bookValue(asOf: $asOf) } }`, { id, asOf })).asset.bookValue;
    expect(await book(laptop.id, '2027-07-15')).toBe('600.00');
    expect(await book(server.id, '2026-09-01')).toBe('4800.00');
    expect(await book(server.id, '2025-02-28')).toBeNull();
    const page = await tenant.ok(`{ assets(first: 10, orderBy: { field: NAME, direction: ASC }) { edges { node { name bookValue(asOf: "2026-09-01") } } } }`);
    expect(page.assets.edges.map((edge: any) => [edge.node.name, edge.node.bookValue])).toEqual([
      ['Laptop', '966.67'], ['No date', null], ['No price', null], ['Server', '4800.00'], ['Spare', null],
    ]);
  });

  it('a page of assets with their book values reads the settings once', async () => {
    const tenant = await api.tenant();
    await seeded(tenant);
    // The key, the page, the count, and the settings once.
    await api.expectQueries(4, () => tenant.ok(`{ assets(first: 10) { totalCount edges { node { bookValue(asOf: "2028-01-01") } } } }`));
  });
});

describe('depreciationReport', () => {
  it('lists every asset with a price bought by asOf, by category, with totals by category and overall (two statements)', async () => {
    const tenant = await api.tenant();
    const { laptop, server } = await seeded(tenant);
    let data: any;
    await api.expectQueries(3, async () => { data = await tenant.ok(REPORT, { asOf: '2026-09-01' }); });
    const report = data.depreciationReport;
    expect(report.asOf).toBe('2026-09-01');
    expect(report.rows).toEqual([
      {
        assetId: laptop.id, assetTag: 'A-1', name: 'Laptop', category: 'Laptop', purchaseDate: '2026-01-15', method: 'STRAIGHT_LINE',
        usefulLifeYears: 3, cost: '1200.00', salvageValue: '0.00', accumulatedDepreciation: '233.33', bookValue: '966.67',
      },
      {
        assetId: server.id, assetTag: 'A-2', name: 'Server', category: 'Server', purchaseDate: '2025-03-01', method: 'DECLINING_BALANCE',
        usefulLifeYears: 5, cost: '10000.00', salvageValue: '1000.00', accumulatedDepreciation: '5200.00', bookValue: '4800.00',
      },
    ]);
    expect(report.categories).toEqual([
      { category: 'Laptop', assetCount: 1, cost: '1200.00', accumulatedDepreciation: '233.33', bookValue: '966.67' },
      { category: 'Server', assetCount: 1, cost: '10000.00', accumulatedDepreciation: '5200.00', bookValue: '4800.00' },
    ]);
    expect(report.totals).toEqual({ category: null, assetCount: 2, cost: '11200.00', accumulatedDepreciation: '5433.33', bookValue: '5766.67' });
  });

  it('filters by category and location; later dates include later purchases; another organization’s assets never appear', async () => {
    const tenant = await api.tenant();
    const { hq, laptop, spare } = await seeded(tenant);
    await seeded(await api.tenant());
    const rows = async (variables: Record<string, unknown>) => (await tenant.ok(REPORT, variables)).depreciationReport.rows.map((row: any) => row.assetId);
    expect(await rows({ asOf: '2026-09-01', category: 'Laptop' })).toEqual([laptop.id]);
    expect(await rows({ asOf: '2026-09-01', locationId: hq.id })).toEqual([laptop.id]);
    expect(await rows({ asOf: '2028-01-01', category: 'Laptop' })).toEqual([laptop.id, spare.id]);
    expect((await tenant.ok(REPORT, { asOf: '2028-01-01' })).depreciationReport.totals.assetCount).toBe(3);
    expect(onlyError(await tenant.gql(REPORT, { asOf: '2026-13-01' })).extensions?.code).toBe('BAD_USER_INPUT');
  });
});
