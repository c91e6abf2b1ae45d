// Specification of the dashboard (GraphQL `dashboard`, AssetNode's GET /api/dashboard): figures of
// a seeded organization computed by hand, alerts of every kind, isolation from other
// organizations, and a fixed number of SQL statements.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkoutAsset, createAsset, inviteUser } from './support/fixtures.js';
import { expectError, expectJson, rest, restClient } from './support/rest.js';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(() => api.close());

const now = new Date();
const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
const inDays = (days: number) => new Date(today.getTime() + days * 86_400_000).toISOString().slice(0, 10);
const monthsAgo = (months: number) => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - months, Math.min(today.getUTCDate(), 28))).toISOString().slice(0, 10);

const DASHBOARD = `{ dashboard { asOf totalAssets assetsByStatus { status count } assetsByCategory { category count totalValue } totalValue bookValue
  activeAssignments overdueAssignments licenseSeatsUsed licenseSeatsTotal alerts { kind entityType entityId message dueDate } } }`;

/** An organization whose dashboard figures are known (computed by hand in the tests). */
async function seeded(tenant: Tenant) {
  await tenant.ok(`mutation { setDepreciationSetting(input: { category: "Server", method: DECLINING_BALANCE, usefulLifeYears: 5, salvagePercent: "10" }) { category } }`);
  const [ann, bob] = [await inviteUser(tenant, { name: 'Ann' }), await inviteUser(tenant, { name: 'Bob' })];
  const laptop = await createAsset(tenant, { name: 'Laptop', assetTag: 'L-1', category: 'Laptop', value: '1200.00', purchaseDate: monthsAgo(12), warrantyExpiry: inDays(10) });
  const server = await createAsset(tenant, { name: 'Server', category: 'Server', value: '10000.00', purchaseDate: monthsAgo(24) });
  await createAsset(tenant, { name: 'Monitor', category: 'Monitor', value: '300.00', status: 'RETIRED', warrantyExpiry: inDays(5) });
  await createAsset(tenant, { name: 'Phone', category: null, status: 'MAINTENANCE' });
  await checkoutAsset(tenant, laptop.id, ann.id, inDays(1));
  await checkoutAsset(tenant, server.id, bob.id);
  // The laptop's return date passes: moved back in time, as checkout refuses past dates.
  const assignment = await api.db.prisma.assignment.findFirstOrThrow({ where: { assetId: laptop.id } });
  await api.db.prisma.assignment.update({ where: { id: assignment.id }, data: { expectedReturn: new Date(`${inDays(-3)}T00:00:00Z`) } });
  const license = async (input: string) => (await tenant.ok(`mutation { createLicense(input: { ${input} }) { id } }`)).createLicense.id as string;
  const figma = await license(`name: "Figma", seatsPurchased: 5, expiryDate: "${inDays(20)}"`);
  const slack = await license('name: "Slack", seatsPurchased: 2');
  await license(`name: "Later", seatsPurchased: 0, expiryDate: "${inDays(45)}"`);
  for (const [licenseId, userId] of [[figma, ann.id], [figma, bob.id], [slack, ann.id], [slack, bob.id]]) {
    await tenant.ok(`mutation($l: UUID!, $u: UUID!) { assignLicenseSeat(input: { licenseId: $l, userId: $u }) { id } }`, { l: licenseId, u: userId });
  }
  await tenant.ok(`mutation($id: UUID!) { updateLicense(id: $id, input: { seatsPurchased: 1 }) { id } }`, { id: slack });
  return { laptop, server, assignment, figma, slack };
}

describe('dashboard', () => {
  it('sums assets by status and category, value and book value, assignments, seats, and lists every kind of alert', async () => {
    const tenant = await api.tenant();
    const { laptop, assignment, figma, slack } = await seeded(tenant);
    await seeded(await api.tenant());
    let data: any;
    // The credential, then four aggregate statements.
    await api.expectQueries(5, async () => { data = await tenant.ok(DASHBOARD); });
    const board = data.dashboard;
    expect(board).toMatchObject({
      asOf: inDays(0),
      totalAssets: 4,
      assetsByStatus: [
        { status: 'ACTIVE', count: 0 }, { status: 'CHECKED_OUT', count: 2 }, { status: 'CHECKED_IN', count: 0 },
        { status: 'MAINTENANCE', count: 1 }, { status: 'RETIRED', count: 1 },
      ],
      assetsByCategory: [
        { category: 'Laptop', count: 1, totalValue: '1200.00' }, { category: 'Monitor', count: 1, totalValue: '300.00' },
        { category: 'Server', count: 1, totalValue: '10000.00' }, { category: null, count: 1, totalValue: '0.00' },
      ],
      totalValue: '11500.00',
      // Laptop: default straight-line over 3 years, 12 months in: 1200 × 24/36 = 800.00. Server: declining balance
      // over 5 years, 2 years in: 10000 × 0.6² = 3600.00. The monitor has no purchase date.
      bookValue: '4400.00',
      activeAssignments: 2,
      overdueAssignments: 1,
      licenseSeatsUsed: 4,
      licenseSeatsTotal: 6,
    });
    expect(board.alerts).toEqual([
      { kind: 'WARRANTY_EXPIRING', entityType: 'Asset', entityId: laptop.id, dueDate: inDays(10), message: `Warranty of Laptop (L-1) expires on ${inDays(10)}` },
      { kind: 'OVERDUE_RETURN', entityType: 'Assignment', entityId: assignment.id, dueDate: inDays(-3), message: `Laptop (L-1) held by Ann was due back on ${inDays(-3)}` },
      { kind: 'LICENSE_EXPIRING', entityType: 'License', entityId: figma, dueDate: inDays(20), message: `Licence Figma expires on ${inDays(20)}` },
      { kind: 'LICENSE_OVER_ASSIGNED', entityType: 'License', entityId: slack, dueDate: null, message: 'Licence Slack has 2 seats assigned but 1 purchased' },
    ]);
  });

  it('is all zeros for an empty organization, and needs a credential', async () => {
    const tenant = await api.tenant();
    const board = (await tenant.ok(DASHBOARD, {}, tenant.readKey)).dashboard;
    expect(board).toMatchObject({ totalAssets: 0, totalValue: '0.00', bookValue: '0.00', activeAssignments: 0, licenseSeatsTotal: 0, alerts: [], assetsByCategory: [] });
    expect(board.assetsByStatus.every((row: any) => row.count === 0)).toBe(true);
    expect((await api.gql(DASHBOARD)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('GET /api/dashboard', () => {
  it('answers the dashboard in AssetNode’s shape, for read keys', async () => {
    const tenant = await api.tenant();
    const { laptop, slack } = await seeded(tenant);
    const response = await restClient(api, tenant.readKey).get('/api/dashboard');
    expectJson(response, 200);
    expect(response.body).toMatchObject({
      as_of: inDays(0),
      assets: {
        total: 4, by_status: { active: 0, assigned: 2, returned: 0, maintenance: 1, retired: 1 },
        total_value: '11500.00', book_value: '4400.00',
      },
      assignments: { active: 2, overdue: 1 },
      licenses: { seats_used: 4, seats_total: 6 },
    });
    expect(response.body.assets.by_category[0]).toEqual({ category: 'Laptop', count: 1, total_value: '1200.00' });
    expect(response.body.alerts.map((alert: any) => [alert.kind, alert.entity_type])).toEqual([
      ['warranty_expiring', 'Asset'], ['overdue_return', 'Assignment'], ['license_expiring', 'License'], ['license_over_assigned', 'License'],
    ]);
    expect(response.body.alerts[0]).toMatchObject({ entity_id: laptop.id, due_date: inDays(10) });
    expect(response.body.alerts[3]).toMatchObject({ entity_id: slack, due_date: null });
    expectError(await rest(api, 'GET', '/api/dashboard', { key: null }), 401);
    expectError(await restClient(api, tenant.readKey).post('/api/dashboard'), 405);
  });
});
