// Maintenance records (issue 14): GraphQL (Asset.maintenance, maintenanceRecords with its filters,
// create/update/complete/delete guarded by maintenance:create or write, audited), the webhook
// events maintenance.created / .completed / .due (hourly scan, once), and UniAsset's
// POST /api/integrations/assets/maintenance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHourlyScans } from '../src/webhooks/hourly-scans.js';
import { onlyError } from './support/assertions.js';
import { auditTrail, createAsset, createVendor, inviteUser } from './support/fixtures.js';
import { MISSING_ID, UUID } from './support/rest.js';
import type { Tenant, TestApi } from './support/test-api.js';
import { expectUniAssetError, integrationTenant } from './support/uniasset.js';
import { startApiWithWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

let api: TestApi;
let receiver: WebhookReceiver;
let close: () => Promise<void>;
beforeAll(async () => ({ api, receiver, close } = await startApiWithWebhookReceiver()));
afterAll(() => close?.());

const RECORD = 'id type description scheduledDate completedAt overdue cost notes asset { id } performedByUser { id } performedByVendor { id }';
const CREATE = `mutation($input: CreateMaintenanceRecordInput!) { createMaintenanceRecord(input: $input) { ${RECORD} } }`;
const UPDATE = `mutation($id: UUID!, $input: UpdateMaintenanceRecordInput!) { updateMaintenanceRecord(id: $id, input: $input) { ${RECORD} } }`;
const COMPLETE = `mutation($id: UUID!, $input: CompleteMaintenanceRecordInput) { completeMaintenanceRecord(id: $id, input: $input) { ${RECORD} } }`;
const DELETE = `mutation($id: UUID!) { deleteMaintenanceRecord(id: $id) { id } }`;
const LIST = `query($filter: MaintenanceRecordFilter, $orderBy: MaintenanceRecordOrder, $first: Int, $after: String) {
  maintenanceRecords(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount edges { node { id description } } pageInfo { hasNextPage endCursor } } }`;
const ROUTE = '/api/integrations/assets/maintenance';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function record(tenant: Tenant, input: Record<string, unknown>) {
  return (await tenant.ok(CREATE, { input })).createMaintenanceRecord;
}

const descriptions = (data: any) => data.maintenanceRecords.edges.map((edge: any) => edge.node.description);

describe('createMaintenanceRecord', () => {
  it('records maintenance of an asset with who did it, audited as maintenance.created', async () => {
    const tenant = await api.tenant();
    const asset = await createAsset(tenant);
    const user = await inviteUser(tenant);
    const vendor = await createVendor(tenant);
    const created = await record(tenant, {
      assetId: asset.id, type: 'CALIBRATION', description: 'Annual calibration', scheduledDate: day(30), cost: '120.5',
      performedByUserId: user.id, performedByVendorId: vendor.id, notes: 'Bring the reference weights',
    });
    expect(created).toMatchObject({
      id: expect.stringMatching(UUID), type: 'CALIBRATION', description: 'Annual calibration', scheduledDate: day(30), completedAt: null,
      overdue: false, cost: '120.50', asset: { id: asset.id }, performedByUser: { id: user.id }, performedByVendor: { id: vendor.id },
    });
    const [event] = await auditTrail(tenant, created.id);
    expect(event).toMatchObject({ action: 'maintenance.created', entityType: 'MaintenanceRecord', source: 'GRAPHQL', changes: { type: { before: null, after: 'calibration' } } });
  });

  it("answers an unknown or another organization's asset, user or vendor like a missing one, writing nothing", async () => {
    const tenant = await api.tenant();
    const other = await api.tenant();
    const asset = await createAsset(tenant);
    const theirs = await createAsset(other);
    expect(onlyError(await tenant.gql(CREATE, { input: { assetId: theirs.id } })).extensions?.code).toBe('NOT_FOUND');
    expect(onlyError(await tenant.gql(CREATE, { input: { assetId: MISSING_ID } })).extensions?.code).toBe('NOT_FOUND');
    const theirVendor = await createVendor(other);
    expect(onlyError(await tenant.gql(CREATE, { input: { assetId: asset.id, performedByVendorId: theirVendor.id } })).extensions)
      .toMatchObject({ code: 'BAD_USER_INPUT', field: 'performedByVendorId' });
    expect(onlyError(await tenant.gql(CREATE, { input: { assetId: asset.id, completedAt: new Date(Date.now() + 86_400_000).toISOString() } })).extensions)
      .toMatchObject({ code: 'BAD_USER_INPUT', field: 'completedAt' });
    expect(await api.db.prisma.maintenanceRecord.count({ where: { organizationId: { in: [tenant.organizationId, other.organizationId] } } })).toBe(0);
  });

  it('needs maintenance:create (on Business or higher) or write, as an admin', async () => {
    const business = await integrationTenant(api, 'business');
    const asset = await createAsset(business.tenant);
    const withPermission = await business.tenant.gql(CREATE, { input: { assetId: asset.id } }, (await keyOf(business.tenant, ['maintenance:create'])));
    expect(withPermission.errors).toBeUndefined();
    const other = await business.tenant.gql(CREATE, { input: { assetId: asset.id } }, (await keyOf(business.tenant, ['asset:create'])));
    expect(onlyError(other)).toMatchObject({ message: expect.stringContaining('maintenance:create'), extensions: { code: 'FORBIDDEN' } });
    const read = await business.tenant.gql(CREATE, { input: { assetId: asset.id } }, business.tenant.readKey);
    expect(onlyError(read).extensions?.code).toBe('FORBIDDEN');
    const growth = await api.tenant();
    const growthAsset = await createAsset(growth);
    const refused = await growth.gql(CREATE, { input: { assetId: growthAsset.id } }, (await keyOf(growth, ['maintenance:create'])));
    expect(onlyError(refused).extensions?.code).toBe('PLAN_UPGRADE_REQUIRED');
  });
});

async function keyOf(tenant: Tenant, scopes: string[]) {
  const { createKey } = await import('../src/auth/key-admin.js');
  return (await createKey(api.db.prisma, { organizationId: tenant.organizationId, name: scopes.join(','), scopes })).secret;
}

describe('updateMaintenanceRecord, completeMaintenanceRecord, deleteMaintenanceRecord', () => {
  it('updates partially, completes once (CONFLICT the second time), deletes; each audited', async () => {
    const tenant = await api.tenant();
    const asset = await createAsset(tenant);
    const created = await record(tenant, { assetId: asset.id, type: 'REPAIR', description: 'Screen', scheduledDate: day(3) });
    const updated = (await tenant.ok(UPDATE, { id: created.id, input: { description: 'Replace screen', cost: null } })).updateMaintenanceRecord;
    expect(updated).toMatchObject({ type: 'REPAIR', description: 'Replace screen', scheduledDate: day(3) });
    const completed = (await tenant.ok(COMPLETE, { id: created.id, input: { cost: '310.00' } })).completeMaintenanceRecord;
    expect(completed).toMatchObject({ completedAt: expect.any(String), cost: '310.00', overdue: false });
    expect(Math.abs(Date.parse(completed.completedAt) - Date.now())).toBeLessThan(60_000);
    expect(onlyError(await tenant.gql(COMPLETE, { id: created.id })).extensions?.code).toBe('CONFLICT');
    expect((await tenant.ok(DELETE, { id: created.id })).deleteMaintenanceRecord.id).toBe(created.id);
    expect(onlyError(await tenant.gql(DELETE, { id: created.id })).extensions?.code).toBe('NOT_FOUND');
    expect((await auditTrail(tenant, created.id)).map((event) => event.action))
      .toEqual(['maintenance.created', 'maintenance.updated', 'maintenance.completed', 'maintenance.deleted']);
  });

  it("cannot touch another organization's record", async () => {
    const tenant = await api.tenant();
    const other = await api.tenant();
    const theirs = await record(other, { assetId: (await createAsset(other)).id, description: 'theirs' });
    expect(onlyError(await tenant.gql(UPDATE, { id: theirs.id, input: { description: 'mine' } })).extensions?.code).toBe('NOT_FOUND');
    expect(onlyError(await tenant.gql(COMPLETE, { id: theirs.id })).extensions?.code).toBe('NOT_FOUND');
    expect(onlyError(await tenant.gql(DELETE, { id: theirs.id })).extensions?.code).toBe('NOT_FOUND');
    expect((await tenant.ok(`query($id: UUID!) { maintenanceRecord(id: $id) { id } }`, { id: theirs.id })).maintenanceRecord).toBeNull();
    expect((await auditTrail(other, theirs.id)).map((event) => event.action)).toEqual(['maintenance.created']);
  });
});

describe('maintenanceRecords and Asset.maintenance', () => {
  it('filters by asset, type, due before, overdue and completed, and pages by scheduled date', async () => {
    const tenant = await api.tenant();
    const [a, b] = [await createAsset(tenant), await createAsset(tenant)];
    await record(tenant, { assetId: a.id, type: 'REPAIR', description: 'late', scheduledDate: day(-2) });
    await record(tenant, { assetId: a.id, type: 'INSPECTION', description: 'soon', scheduledDate: day(2) });
    await record(tenant, { assetId: b.id, type: 'INSPECTION', description: 'later', scheduledDate: day(40) });
    await record(tenant, { assetId: b.id, type: 'CLEANING', description: 'done', scheduledDate: day(-5), completedAt: new Date().toISOString() });
    await record(tenant, { assetId: b.id, description: 'unscheduled' });
    expect(descriptions(await tenant.ok(LIST, {}))).toEqual(['done', 'late', 'soon', 'later', 'unscheduled']);
    expect(descriptions(await tenant.ok(LIST, { filter: { assetId: a.id } }))).toEqual(['late', 'soon']);
    expect(descriptions(await tenant.ok(LIST, { filter: { type: 'INSPECTION' } }))).toEqual(['soon', 'later']);
    expect(descriptions(await tenant.ok(LIST, { filter: { dueBefore: day(10) } }))).toEqual(['late', 'soon']);
    expect(descriptions(await tenant.ok(LIST, { filter: { overdue: true } }))).toEqual(['late']);
    expect(descriptions(await tenant.ok(LIST, { filter: { completed: true } }))).toEqual(['done']);
    expect(descriptions(await tenant.ok(LIST, { orderBy: { field: 'SCHEDULED_DATE', direction: 'DESC' } }))).toEqual(['later', 'soon', 'late', 'done', 'unscheduled']);
    const first = await tenant.ok(LIST, { first: 2 });
    expect(first.maintenanceRecords.totalCount).toBe(5);
    const next = await tenant.ok(LIST, { first: 10, after: first.maintenanceRecords.pageInfo.endCursor });
    expect(descriptions(next)).toEqual(['soon', 'later', 'unscheduled']);
    const asset = await tenant.ok(`query($id: UUID!) { asset(id: $id) { maintenance(first: 10) { totalCount edges { node { description overdue } } } } }`, { id: a.id });
    expect(asset.asset.maintenance).toEqual({ totalCount: 2, edges: [{ node: { description: 'soon', overdue: false } }, { node: { description: 'late', overdue: true } }] });
  });

  it('reads a page of records with their assets in a fixed number of statements', async () => {
    const tenant = await api.tenant();
    const asset = await createAsset(tenant);
    for (let i = 0; i < 5; i++) await record(tenant, { assetId: asset.id, description: `r${i}`, scheduledDate: day(i) });
    const query = `{ maintenanceRecords(first: 50) { totalCount edges { node { id asset { name } performedByVendor { name } } } } }`;
    // The key, the page with its relations joined, the count.
    await api.expectQueries(3, () => tenant.ok(query));
  });
});

describe('maintenance webhook events', () => {
  it('sends maintenance.created and maintenance.completed, signed, with the record in data', async () => {
    const tenant = await api.tenant();
    await receiver.subscribe(tenant, ['maintenance.*']);
    const asset = await createAsset(tenant);
    const created = await record(tenant, { assetId: asset.id, type: 'UPGRADE', description: 'RAM', scheduledDate: day(20) });
    await tenant.ok(COMPLETE, { id: created.id, input: { cost: '80' } });
    const logged = await record(tenant, { assetId: asset.id, description: 'logged afterwards', completedAt: new Date().toISOString() });
    const events = (await receiver.deliver()).filter((event) => event.body.data.asset_id === asset.id);
    // Deliveries go out in parallel: compare as a set.
    expect(events.map((event) => `${event.body.event} ${event.body.data.maintenance_id}`).sort()).toEqual([
      `maintenance.completed ${created.id}`, `maintenance.completed ${logged.id}`, `maintenance.created ${created.id}`, `maintenance.created ${logged.id}`,
    ].sort());
    expect(events.find((event) => event.body.event === 'maintenance.completed' && event.body.data.maintenance_id === created.id)!.body.data).toMatchObject({ type: 'upgrade', description: 'RAM', scheduled_date: day(20), cost: '80.00', completed_at: expect.any(String), actor: { id: tenant.userId } });
  });

  it('the hourly scan sends maintenance.due once per open record scheduled within 7 days', async () => {
    const tenant = await api.tenant();
    await receiver.subscribe(tenant, ['maintenance.due']);
    const asset = await createAsset(tenant, { name: 'Forklift' });
    const due = await record(tenant, { assetId: asset.id, description: 'due', scheduledDate: day(6) });
    await record(tenant, { assetId: asset.id, description: 'far', scheduledDate: day(8) });
    await record(tenant, { assetId: asset.id, description: 'done', scheduledDate: day(1), completedAt: new Date().toISOString() });
    await runHourlyScans(api.db.prisma);
    await runHourlyScans(api.db.prisma);
    const events = (await receiver.deliver()).filter((event) => event.body.data.asset_id === asset.id);
    expect(events.map((event) => event.body.event)).toEqual(['maintenance.due']);
    expect(events[0].body.data).toMatchObject({ maintenance_id: due.id, asset_name: 'Forklift', scheduled_date: day(6), days_left: 6 });
    // Rescheduled, it is due again once.
    await tenant.ok(UPDATE, { id: due.id, input: { scheduledDate: day(5) } });
    await runHourlyScans(api.db.prisma);
    await runHourlyScans(api.db.prisma);
    expect((await receiver.deliver()).filter((event) => event.body.event === 'maintenance.due' && event.body.data.asset_id === asset.id)).toHaveLength(1);
  });
});

describe('POST /api/integrations/assets/maintenance', () => {
  it('creates the record: 201 with it, audited as REST', async () => {
    const { tenant, r } = await integrationTenant(api, 'business');
    const asset = await createAsset(tenant);
    const result = await r.post(ROUTE, { asset_id: asset.id, type: 'inspection', description: 'Safety check', scheduled_date: day(10), cost: 45, technician: 'ignored' });
    expect(result.status, result.text).toBe(201);
    expect(result.body).toEqual({
      id: expect.stringMatching(UUID), asset_id: asset.id, type: 'inspection', description: 'Safety check', scheduled_date: day(10),
      completed_at: null, cost: '45.00', performed_by_user_id: null, performed_by_vendor_id: null, notes: null, created_at: expect.any(String),
    });
    expect((await auditTrail(tenant, result.body.id))[0]).toMatchObject({ action: 'maintenance.created', source: 'REST' });
  });

  it('names every bad field (422), answers another tenant\'s asset with 404, and writes nothing', async () => {
    const { tenant, r } = await integrationTenant(api, 'business');
    const other = await integrationTenant(api, 'business');
    const theirs = await createAsset(other.tenant);
    expectUniAssetError(await r.post(ROUTE, { type: 'polish', cost: -1, completed_at: 'yesterday' }), 422, 'VALIDATION_ERROR', ['asset_id', 'type', 'completed_at', 'cost']);
    expectUniAssetError(await r.post(ROUTE, { asset_id: theirs.id }), 404, 'NOT_FOUND');
    expectUniAssetError(await r.post(ROUTE, { asset_id: (await createAsset(tenant)).id, completed_at: '2999-01-01T00:00:00Z' }), 422, 'VALIDATION_ERROR', ['completed_at']);
    expect(await api.db.prisma.maintenanceRecord.count({ where: { organizationId: { in: [tenant.organizationId, other.tenant.organizationId] } } })).toBe(0);
  });

  it('is allowed by maintenance:create and no other permission; Growth gets PLAN_UPGRADE_REQUIRED', async () => {
    const { tenant, keyWith } = await integrationTenant(api, 'enterprise');
    const asset = await createAsset(tenant);
    expect((await (await keyWith('maintenance:create')).post(ROUTE, { asset_id: asset.id })).status).toBe(201);
    for (const scope of ['asset:create', 'assignment:update', 'asset:location', 'iot:signal:ingest', 'read']) {
      expect(expectUniAssetError(await (await keyWith(scope)).post(ROUTE, { asset_id: asset.id }), 403, 'FORBIDDEN').message, scope).toMatch(/maintenance:create/);
    }
    const growth = await integrationTenant(api, 'growth');
    expectUniAssetError(await growth.r.post(ROUTE, { asset_id: (await createAsset(growth.tenant)).id }), 403, 'PLAN_UPGRADE_REQUIRED');
  });
});
