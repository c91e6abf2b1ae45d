import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTrail, createAsset, createLocation, createVendor, inviteUser } from './support/fixtures.js';
import { createKey } from '../src/auth/key-admin.js';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';
import { onlyError } from './support/assertions.js';
import { API_KEY_LOOKUP, tablesOf } from './support/sql.js';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(() => api.close());

const ASSET_FIELDS = `id assetTag name category status serialNumber value purchaseDate warrantyExpiry manufacturer
  model notes customFields expectedReturn createdAt updatedAt location { id name } vendor { id name }
  owner { id } assignedUser { id name }`;

const CREATE = `mutation($input: CreateAssetInput!) { createAsset(input: $input) { ${ASSET_FIELDS} } }`;
const UPDATE = `mutation($id: UUID!, $input: UpdateAssetInput!) { updateAsset(id: $id, input: $input) { ${ASSET_FIELDS} } }`;
const REPLACE = `mutation($id: UUID!, $input: ReplaceAssetInput!) { replaceAsset(id: $id, input: $input) { ${ASSET_FIELDS} } }`;
const CHECKOUT = `mutation($input: CheckoutAssetInput!) { checkoutAsset(input: $input) { id status expectedReturn assignedUser { id } } }`;
const CHECKIN = `mutation($id: UUID!) { checkinAsset(assetId: $id) { id status expectedReturn assignedUser { id } } }`;

async function assetIdsOf(tenant: Tenant, args: string) {
  const data = await tenant.ok(`{ assets(${args}) { totalCount edges { node { id assetTag name } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`);
  return data.assets;
}

describe('createAsset', () => {
  it('creates with defaults, a generated tag and every documented field', async () => {
    const tenant = await api.tenant();
    const location = await createLocation(tenant);
    const vendor = await createVendor(tenant);
    const owner = await inviteUser(tenant);
    const data = await tenant.ok(CREATE, {
      input: {
        name: 'MacBook Pro 16"', category: 'Laptop', manufacturer: 'Apple', model: 'MacBook Pro 16" M3',
        value: 2499, purchaseDate: '2025-10-15', warrantyExpiry: '2028-10-15', serialNumber: 'C02XYZ',
        notes: 'Engineering pool', customFields: { ram_gb: 32 }, locationId: location.id, vendorId: vendor.id, ownerId: owner.id,
      },
    });
    expect(data.createAsset).toMatchObject({
      assetTag: 'IT-0001', name: 'MacBook Pro 16"', category: 'Laptop', status: 'ACTIVE', value: '2499.00',
      purchaseDate: '2025-10-15', warrantyExpiry: '2028-10-15', serialNumber: '****2XYZ', notes: expect.stringContaining('[encrypted'),
      customFields: { ram_gb: 32 }, location: { id: location.id, name: 'Sydney HQ' }, vendor: { id: vendor.id },
      owner: { id: owner.id }, assignedUser: null, expectedReturn: null,
    });
    const second = await createAsset(tenant);
    expect(second.assetTag).toBe('IT-0002');
  });

  it('stores serialNumber and notes encrypted: masked on reads, clear in secrets for admins only', async () => {
    const tenant = await api.tenant();
    const data = await tenant.ok(CREATE, { input: { name: 'Laptop', serialNumber: 'C02ABCDEF123', notes: 'PIN 4321 in the drawer' } });
    const id = data.createAsset.id;
    expect(data.createAsset).toMatchObject({ serialNumber: '********F123', notes: expect.stringContaining('[encrypted') });
    const row = await api.db.prisma.asset.findUniqueOrThrow({ where: { id } });
    expect(row.serialNumber).toMatch(/^enc:v1:/);
    expect(row.notes).toMatch(/^enc:v1:/);
    expect(JSON.stringify(row)).not.toContain('C02ABCDEF123');
    expect(JSON.stringify(row)).not.toContain('4321');
    const secrets = await tenant.ok(`query($id: UUID!) { asset(id: $id) { secrets { serialNumber notes } } }`, { id });
    expect(secrets.asset.secrets).toEqual({ serialNumber: 'C02ABCDEF123', notes: 'PIN 4321 in the drawer' });
    // A key acting for a user who is not an admin reads the asset but not its secrets.
    const member = await inviteUser(tenant, { role: 'USER' });
    const memberKey = await createKey(api.db.prisma, { organizationId: tenant.organizationId, name: 'member', scopes: ['read'], userEmail: member.email });
    const denied = await tenant.gql(`query($id: UUID!) { asset(id: $id) { name secrets { serialNumber } } }`, { id }, memberKey.secret);
    expect(denied.data?.asset).toEqual({ name: 'Laptop', secrets: null });
    expect(onlyError(denied).extensions?.code).toBe('FORBIDDEN');
  });

  it('keeps the ciphertext when an update leaves a secret unchanged (no audit noise)', async () => {
    const tenant = await api.tenant();
    const data = await tenant.ok(CREATE, { input: { name: 'Laptop', serialNumber: 'SN-1', notes: 'n' } });
    const id = data.createAsset.id;
    const before = await api.db.prisma.asset.findUniqueOrThrow({ where: { id } });
    await tenant.ok(UPDATE, { id, input: { serialNumber: 'SN-1', notes: 'n', name: 'Laptop 2' } });
    const after = await api.db.prisma.asset.findUniqueOrThrow({ where: { id } });
    expect(after.serialNumber).toBe(before.serialNumber);
    expect(Object.keys((await auditTrail(tenant, id)).at(-1)!.changes)).toEqual(['name']);
  });

  it('records asset.created with every set field in the same transaction', async () => {
    const tenant = await api.tenant();
    const asset = await createAsset(tenant, { name: 'Dell XPS 13', value: '1799.5' });
    const [event] = await auditTrail(tenant, asset.id);
    expect(event).toMatchObject({ action: 'asset.created', entityType: 'Asset', source: 'GRAPHQL', actorUser: { id: tenant.userId } });
    expect(event.changes.name).toEqual({ before: null, after: 'Dell XPS 13' });
    expect(event.changes.value).toEqual({ before: null, after: '1799.50' });
    expect(event.changes.assetTag).toEqual({ before: null, after: 'IT-0001' });
    expect(event.changes).not.toHaveProperty('manufacturer'); // unset fields did not change
  });

  it('generates distinct tags under concurrent creates and skips tags taken by hand', async () => {
    const tenant = await api.tenant();
    await createAsset(tenant, { assetTag: 'IT-0002' });
    const created = await Promise.all(Array.from({ length: 8 }, (_, i) => createAsset(tenant, { name: `Monitor ${i}` })));
    const tags = created.map((asset) => asset.assetTag).sort();
    expect(new Set(tags).size).toBe(8);
    expect(tags).not.toContain('IT-0002');
    expect(tags).toEqual(['IT-0001', 'IT-0003', 'IT-0004', 'IT-0005', 'IT-0006', 'IT-0007', 'IT-0008', 'IT-0009']);
  });

  it('refuses a duplicate custom tag with CONFLICT, and tags are per organization', async () => {
    const tenant = await api.tenant();
    await createAsset(tenant, { assetTag: 'LAP-1' });
    const error = onlyError(await tenant.gql(CREATE, { input: { name: 'Again', assetTag: 'LAP-1' } }));
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', field: 'assetTag' });
    const other = await api.tenant();
    expect((await createAsset(other, { assetTag: 'LAP-1' })).assetTag).toBe('LAP-1');
  });

  it.each([
    [{ name: '   ' }, 'name'],
    [{ name: 'x'.repeat(201) }, 'name'],
    [{ name: 'ok', assetTag: 'bad tag!' }, 'assetTag'],
    [{ name: 'ok', status: 'CHECKED_OUT' }, 'status'],
    [{ name: 'ok', purchaseDate: '2025-01-10', warrantyExpiry: '2024-01-10' }, 'warrantyExpiry'],
    [{ name: 'ok', locationId: '00000000-0000-4000-8000-000000000000' }, 'locationId'],
    [{ name: 'ok', vendorId: '00000000-0000-4000-8000-000000000000' }, 'vendorId'],
    [{ name: 'ok', ownerId: '00000000-0000-4000-8000-000000000000' }, 'ownerId'],
    [{ name: 'ok', expectedReturn: '2099-01-01' }, 'expectedReturn'],
  ])('refuses %j with BAD_USER_INPUT on %s and writes nothing', async (input, field) => {
    const tenant = await api.tenant();
    const error = onlyError(await tenant.gql(CREATE, { input }));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect((await assetIdsOf(tenant, 'first: 1')).totalCount).toBe(0);
  });

  it.each([
    [{ name: 'ok', value: -1 }],
    [{ name: 'ok', value: '12.345' }],
    [{ name: 'ok', purchaseDate: '2025-13-40' }],
    [{ name: 'ok', customFields: ['not', 'an', 'object'] }],
    [{ name: 'ok', locationId: 'not-a-uuid' }],
    [{ category: 'no name' }],
  ])('refuses malformed %j with BAD_USER_INPUT before running', async (input) => {
    const tenant = await api.tenant();
    const response = await tenant.gql(CREATE, { input });
    expect(onlyError(response).extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.data).toBeUndefined();
  });

  it('checks the new asset out at once when assignedUserId is given', async () => {
    const tenant = await api.tenant();
    const user = await inviteUser(tenant);
    const data = await tenant.ok(CREATE, { input: { name: 'Phone', assignedUserId: user.id, expectedReturn: '2099-01-01' } });
    expect(data.createAsset).toMatchObject({ status: 'CHECKED_OUT', assignedUser: { id: user.id }, expectedReturn: '2099-01-01' });
    const actions = (await auditTrail(tenant, data.createAsset.id)).map((event) => event.action);
    expect(actions).toEqual(['asset.created', 'asset.checked_out']);
  });
});

describe('updateAsset', () => {
  it('changes only the given fields; null clears; audit holds only what changed', async () => {
    const tenant = await api.tenant();
    const vendor = await createVendor(tenant);
    const asset = await createAsset(tenant, { manufacturer: 'Apple', notes: 'old', vendorId: vendor.id });
    const data = await tenant.ok(UPDATE, { id: asset.id, input: { notes: null, value: 10, status: 'MAINTENANCE' } });
    expect(data.updateAsset).toMatchObject({ manufacturer: 'Apple', notes: null, value: '10.00', status: 'MAINTENANCE', vendor: { id: vendor.id } });
    const events = await auditTrail(tenant, asset.id);
    expect(events.at(-1)).toMatchObject({ action: 'asset.updated' });
    expect(events.at(-1)!.changes).toEqual({
      notes: { before: '[encrypted]', after: null },
      value: { before: null, after: '10.00' },
      status: { before: 'active', after: 'maintenance' },
    });
  });

  it('answers NOT_FOUND for an unknown id and BAD_USER_INPUT for a null name', async () => {
    const tenant = await api.tenant();
    const missing = onlyError(await tenant.gql(UPDATE, { id: '00000000-0000-4000-8000-000000000000', input: { name: 'x' } }));
    expect(missing.extensions?.code).toBe('NOT_FOUND');
    const asset = await createAsset(tenant);
    const nulled = onlyError(await tenant.gql(UPDATE, { id: asset.id, input: { name: null } }));
    expect(nulled.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
  });

  it('refuses a status change of a checked-out asset with CONFLICT', async () => {
    const tenant = await api.tenant();
    const user = await inviteUser(tenant);
    const asset = await createAsset(tenant);
    await tenant.ok(CHECKOUT, { input: { assetId: asset.id, userId: user.id } });
    const error = onlyError(await tenant.gql(UPDATE, { id: asset.id, input: { status: 'RETIRED' } }));
    expect(error.extensions?.code).toBe('CONFLICT');
  });
});

describe('replaceAsset', () => {
  it('clears every field the input omits', async () => {
    const tenant = await api.tenant();
    const location = await createLocation(tenant);
    const asset = await createAsset(tenant, {
      manufacturer: 'Apple', model: 'M3', value: 5, notes: 'n', customFields: { a: 1 }, locationId: location.id, status: 'MAINTENANCE',
    });
    const data = await tenant.ok(REPLACE, { id: asset.id, input: { name: 'Renamed', category: 'Monitor' } });
    expect(data.replaceAsset).toMatchObject({
      id: asset.id, assetTag: asset.assetTag, name: 'Renamed', category: 'Monitor', manufacturer: null, model: null,
      value: null, notes: null, customFields: {}, location: null, status: 'ACTIVE',
    });
  });

  it('keeps the checkout state of a checked-out asset', async () => {
    const tenant = await api.tenant();
    const user = await inviteUser(tenant);
    const asset = await createAsset(tenant);
    await tenant.ok(CHECKOUT, { input: { assetId: asset.id, userId: user.id } });
    const data = await tenant.ok(REPLACE, { id: asset.id, input: { name: 'Still out' } });
    expect(data.replaceAsset).toMatchObject({ status: 'CHECKED_OUT', assignedUser: { id: user.id } });
  });

  it('accepts the current assignee back (clients that send the whole asset) and refuses another', async () => {
    const tenant = await api.tenant();
    const [holder, other] = [await inviteUser(tenant), await inviteUser(tenant)];
    const asset = await createAsset(tenant);
    await tenant.ok(CHECKOUT, { input: { assetId: asset.id, userId: holder.id } });
    const same = await tenant.ok(REPLACE, { id: asset.id, input: { name: 'Same holder', assignedUserId: holder.id } });
    expect(same.replaceAsset).toMatchObject({ name: 'Same holder', assignedUser: { id: holder.id } });
    const error = onlyError(await tenant.gql(REPLACE, { id: asset.id, input: { name: 'x', assignedUserId: other.id } }));
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', field: 'assignedUserId' });
  });

  it('requires a name', async () => {
    const tenant = await api.tenant();
    const asset = await createAsset(tenant);
    expect(onlyError(await tenant.gql(REPLACE, { id: asset.id, input: { category: 'x' } })).extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('deleteAsset', () => {
  it('deletes the asset and its history but keeps its audit events', async () => {
    const tenant = await api.tenant();
    const user = await inviteUser(tenant);
    const asset = await createAsset(tenant);
    await tenant.ok(CHECKOUT, { input: { assetId: asset.id, userId: user.id } });
    const data = await tenant.ok(`mutation($id: UUID!) { deleteAsset(id: $id) { id assetTag } }`, { id: asset.id });
    expect(data.deleteAsset).toEqual({ id: asset.id, assetTag: asset.assetTag });
    expect((await tenant.ok(`query($id: UUID!) { asset(id: $id) { id } }`, { id: asset.id })).asset).toBeNull();
    expect(await api.db.prisma.assignment.count({ where: { assetId: asset.id } })).toBe(0);
    const actions = (await auditTrail(tenant, asset.id)).map((event) => event.action);
    expect(actions).toEqual(['asset.created', 'asset.checked_out', 'asset.deleted']);
    const deleted = (await auditTrail(tenant, asset.id)).at(-1)!;
    expect(deleted.changes.name).toEqual({ before: asset.name, after: null });
  });

  it('answers NOT_FOUND for an unknown id', async () => {
    const tenant = await api.tenant();
    const response = await tenant.gql(`mutation { deleteAsset(id: "00000000-0000-4000-8000-000000000000") { id } }`);
    expect(onlyError(response).extensions?.code).toBe('NOT_FOUND');
  });
});

describe('checkoutAsset / checkinAsset', () => {
  it('checks out, records the assignment, checks in, and keeps the history', async () => {
    const tenant = await api.tenant();
    const [alice, bob] = [await inviteUser(tenant, { name: 'Alice' }), await inviteUser(tenant, { name: 'Bob' })];
    const asset = await createAsset(tenant);
    const out = await tenant.ok(CHECKOUT, { input: { assetId: asset.id, userId: alice.id, expectedReturn: '2099-12-31' } });
    expect(out.checkoutAsset).toEqual({ id: asset.id, status: 'CHECKED_OUT', expectedReturn: '2099-12-31', assignedUser: { id: alice.id } });
    const back = await tenant.ok(CHECKIN, { id: asset.id });
    expect(back.checkinAsset).toEqual({ id: asset.id, status: 'CHECKED_IN', expectedReturn: null, assignedUser: null });
    await tenant.ok(CHECKOUT, { input: { assetId: asset.id, userId: bob.id } });

    const history = await tenant.ok(`query($id: UUID!) { asset(id: $id) { assignments(first: 10) { totalCount edges { node {
      user { name } checkedOutAt checkedInAt expectedReturn performedBy { id } } } } } }`, { id: asset.id });
    const rows = history.asset.assignments.edges.map((edge: any) => edge.node);
    expect(history.asset.assignments.totalCount).toBe(2);
    expect(rows[0]).toMatchObject({ user: { name: 'Bob' }, checkedInAt: null, performedBy: { id: tenant.userId } });
    expect(rows[1]).toMatchObject({ user: { name: 'Alice' }, expectedReturn: '2099-12-31' });
    expect(rows[1].checkedInAt).not.toBeNull();

    const events = await auditTrail(tenant, asset.id);
    expect(events.map((event) => event.action)).toEqual(['asset.created', 'asset.checked_out', 'asset.checked_in', 'asset.checked_out']);
    expect(events[1].changes).toMatchObject({ status: { before: 'active', after: 'checked-out' }, assignedUserId: { before: null, after: alice.id } });
  });

  it('refuses checking out a checked-out or retired asset with CONFLICT', async () => {
    const tenant = await api.tenant();
    const user = await inviteUser(tenant);
    const asset = await createAsset(tenant);
    await tenant.ok(CHECKOUT, { input: { assetId: asset.id, userId: user.id } });
    expect(onlyError(await tenant.gql(CHECKOUT, { input: { assetId: asset.id, userId: user.id } })).extensions?.code).toBe('CONFLICT');
    const retired = await createAsset(tenant, { status: 'RETIRED' });
    const error = onlyError(await tenant.gql(CHECKOUT, { input: { assetId: retired.id, userId: user.id } }));
    expect(error.extensions?.code).toBe('CONFLICT');
    expect(await api.db.prisma.assignment.count({ where: { assetId: retired.id } })).toBe(0);
  });

  it('refuses an inactive user (CONFLICT), an unknown user or asset (NOT_FOUND), a past return date', async () => {
    const tenant = await api.tenant();
    const user = await inviteUser(tenant);
    const asset = await createAsset(tenant);
    await tenant.ok(`mutation($id: UUID!) { deactivateUser(id: $id) { id } }`, { id: user.id });
    expect(onlyError(await tenant.gql(CHECKOUT, { input: { assetId: asset.id, userId: user.id } })).extensions?.code).toBe('CONFLICT');
    const nobody = '00000000-0000-4000-8000-000000000000';
    expect(onlyError(await tenant.gql(CHECKOUT, { input: { assetId: asset.id, userId: nobody } })).extensions?.code).toBe('NOT_FOUND');
    expect(onlyError(await tenant.gql(CHECKOUT, { input: { assetId: nobody, userId: user.id } })).extensions?.code).toBe('NOT_FOUND');
    const active = await inviteUser(tenant);
    const past = onlyError(await tenant.gql(CHECKOUT, { input: { assetId: asset.id, userId: active.id, expectedReturn: '2001-01-01' } }));
    expect(past.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'expectedReturn' });
    const unchanged = await tenant.ok(`query($id: UUID!) { asset(id: $id) { status } }`, { id: asset.id });
    expect(unchanged.asset.status).toBe('ACTIVE');
  });

  it('checking in closes the open assignment only: earlier ones keep their own checkedInAt', async () => {
    const tenant = await api.tenant();
    const [alice, bob, carol] = [await inviteUser(tenant), await inviteUser(tenant), await inviteUser(tenant)];
    const asset = await createAsset(tenant);
    const HISTORY = `query($id: UUID!) { asset(id: $id) { assignments(first: 10) { edges { node { user { id } checkedInAt } } } } }`;
    const history = async () => (await tenant.ok(HISTORY, { id: asset.id })).asset.assignments.edges.map((edge: any) => edge.node);
    for (const user of [alice, bob]) {
      await tenant.ok(CHECKOUT, { input: { assetId: asset.id, userId: user.id } });
      await tenant.ok(CHECKIN, { id: asset.id });
    }
    const closed = await history();
    expect(closed.map((row: any) => row.user.id)).toEqual([bob.id, alice.id]);
    expect(new Date(closed[0].checkedInAt).getTime()).toBeGreaterThan(new Date(closed[1].checkedInAt).getTime());

    await tenant.ok(CHECKOUT, { input: { assetId: asset.id, userId: carol.id } });
    await tenant.ok(CHECKIN, { id: asset.id });
    const [latest, ...earlier] = await history();
    expect(latest.user.id).toBe(carol.id);
    expect(earlier).toEqual(closed);
    expect(new Date(latest.checkedInAt).getTime()).toBeGreaterThan(new Date(closed[0].checkedInAt).getTime());
  });

  it('refuses checking in an asset that is not checked out', async () => {
    const tenant = await api.tenant();
    const asset = await createAsset(tenant);
    expect(onlyError(await tenant.gql(CHECKIN, { id: asset.id })).extensions?.code).toBe('CONFLICT');
  });
});

describe('assets (connection)', () => {
  async function catalogue(tenant: Tenant) {
    const location = await createLocation(tenant, { name: 'Warehouse' });
    const vendor = await createVendor(tenant, { name: 'Dell' });
    const owner = await inviteUser(tenant);
    const holder = await inviteUser(tenant);
    const laptop = await createAsset(tenant, { name: 'Zeta laptop', category: 'Laptop', value: 300, serialNumber: 'SER-AAA', locationId: location.id });
    const monitor = await createAsset(tenant, { name: 'alpha monitor', category: 'Monitor', value: 100, vendorId: vendor.id, ownerId: owner.id });
    const phone = await createAsset(tenant, { name: 'Mid phone', category: 'Phone', value: 200, assetTag: 'PH-1' });
    await tenant.ok(CHECKOUT, { input: { assetId: phone.id, userId: holder.id } });
    return { location, vendor, owner, holder, laptop, monitor, phone };
  }

  it('filters by status, category, location, vendor, owner and assigned user', async () => {
    const tenant = await api.tenant();
    const c = await catalogue(tenant);
    const ids = async (filter: string) => (await assetIdsOf(tenant, `first: 10, filter: ${filter}`)).edges.map((e: any) => e.node.id);
    expect(await ids('{ status: CHECKED_OUT }')).toEqual([c.phone.id]);
    expect(await ids('{ category: "Laptop" }')).toEqual([c.laptop.id]);
    expect(await ids(`{ locationId: "${c.location.id}" }`)).toEqual([c.laptop.id]);
    expect(await ids(`{ vendorId: "${c.vendor.id}" }`)).toEqual([c.monitor.id]);
    expect(await ids(`{ ownerId: "${c.owner.id}" }`)).toEqual([c.monitor.id]);
    expect(await ids(`{ assignedUserId: "${c.holder.id}" }`)).toEqual([c.phone.id]);
    expect(await ids('{ category: "Laptop", status: CHECKED_OUT }')).toEqual([]);
  });

  it('searches name and tag by part, serial number whole (it is encrypted), case-insensitively', async () => {
    const tenant = await api.tenant();
    const c = await catalogue(tenant);
    const ids = async (search: string) => (await assetIdsOf(tenant, `first: 10, filter: { search: ${JSON.stringify(search)} }`)).edges.map((e: any) => e.node.id);
    expect(await ids('ALPHA')).toEqual([c.monitor.id]);
    expect(await ids('ph-')).toEqual([c.phone.id]);
    expect(await ids('ser-aaa')).toEqual([c.laptop.id]);
    expect(await ids('ser-aa')).toEqual([]);
    expect(await ids('  ')).toHaveLength(3);
    expect(await ids('%')).toEqual([]);
  });

  it('orders by every documented field in both directions (default: newest first)', async () => {
    const tenant = await api.tenant();
    const c = await catalogue(tenant);
    const names = async (args: string) => (await assetIdsOf(tenant, `first: 10${args}`)).edges.map((e: any) => e.node.name);
    expect(await names('')).toEqual(['Mid phone', 'alpha monitor', 'Zeta laptop']);
    // Name order follows the database collation (byte order or the server's locale): accept either.
    const byName = await names(', orderBy: { field: NAME, direction: ASC }');
    expect([['Mid phone', 'Zeta laptop', 'alpha monitor'], ['alpha monitor', 'Mid phone', 'Zeta laptop']]).toContainEqual(byName);
    expect(await names(', orderBy: { field: NAME, direction: DESC }')).toEqual([...byName].reverse());
    expect(await names(', orderBy: { field: VALUE, direction: ASC }')).toEqual(['alpha monitor', 'Mid phone', 'Zeta laptop']);
    expect(await names(', orderBy: { field: VALUE, direction: DESC }')).toEqual(['Zeta laptop', 'Mid phone', 'alpha monitor']);
    expect(await names(', orderBy: { field: CATEGORY, direction: ASC }')).toEqual(['Zeta laptop', 'alpha monitor', 'Mid phone']);
    // Statuses sort in their declared order (ACTIVE < CHECKED_OUT < …).
    expect((await names(', orderBy: { field: STATUS, direction: DESC }'))[0]).toBe(c.phone.name);
    expect((await names(', orderBy: { field: STATUS, direction: ASC }'))[2]).toBe(c.phone.name);
    expect(await names(', orderBy: { field: ASSET_TAG, direction: ASC }')).toEqual(['Zeta laptop', 'alpha monitor', 'Mid phone']);
    expect(await names(', orderBy: { field: CREATED_AT, direction: ASC }')).toEqual(['Zeta laptop', 'alpha monitor', 'Mid phone']);
  });

  it('pages forward and backward with cursors, reports totalCount and page info', async () => {
    const tenant = await api.tenant();
    for (let i = 1; i <= 5; i++) await createAsset(tenant, { name: `A${i}` });
    const order = 'orderBy: { field: NAME, direction: ASC }';
    const page1 = await assetIdsOf(tenant, `first: 2, ${order}`);
    expect(page1.totalCount).toBe(5);
    expect(page1.edges.map((e: any) => e.node.name)).toEqual(['A1', 'A2']);
    expect(page1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const page2 = await assetIdsOf(tenant, `first: 2, after: "${page1.pageInfo.endCursor}", ${order}`);
    expect(page2.edges.map((e: any) => e.node.name)).toEqual(['A3', 'A4']);
    expect(page2.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const page3 = await assetIdsOf(tenant, `first: 2, after: "${page2.pageInfo.endCursor}", ${order}`);
    expect(page3.edges.map((e: any) => e.node.name)).toEqual(['A5']);
    expect(page3.pageInfo.hasNextPage).toBe(false);
    const back = await assetIdsOf(tenant, `last: 2, before: "${page3.pageInfo.startCursor}", ${order}`);
    expect(back.edges.map((e: any) => e.node.name)).toEqual(['A3', 'A4']);
    expect(back.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const tail = await assetIdsOf(tenant, `last: 2, ${order}`);
    expect(tail.edges.map((e: any) => e.node.name)).toEqual(['A4', 'A5']);
    expect(tail.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const none = await assetIdsOf(tenant, `first: 0, ${order}`);
    expect(none.edges).toEqual([]);
    expect(none.totalCount).toBe(5);
  });

  it('supports offset (REST limit/offset paging) with and without a cursor', async () => {
    const tenant = await api.tenant();
    for (let i = 1; i <= 5; i++) await createAsset(tenant, { name: `B${i}` });
    const order = 'orderBy: { field: NAME, direction: ASC }';
    const names = async (args: string) => (await assetIdsOf(tenant, `${args}, ${order}`)).edges.map((e: any) => e.node.name);
    expect(await names('first: 2, offset: 2')).toEqual(['B3', 'B4']);
    expect(await names('first: 10, offset: 4')).toEqual(['B5']);
    expect(await names('first: 10, offset: 9')).toEqual([]);
    const first = await assetIdsOf(tenant, `first: 1, ${order}`);
    expect(await names(`first: 2, after: "${first.pageInfo.endCursor}", offset: 1`)).toEqual(['B3', 'B4']);
  });

  it.each([
    ['first: 1001', 'first'],
    ['first: -1', 'first'],
    ['last: 1001', 'last'],
    ['first: 1, last: 1', 'last'],
    ['first: 1, offset: -1', 'offset'],
    ['last: 1, offset: 1', 'offset'],
  ])('refuses %s with BAD_USER_INPUT on %s', async (args, field) => {
    const tenant = await api.tenant();
    const response = await tenant.gql(`{ assets(${args}) { edges { node { id } } } }`);
    expect(onlyError(response).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('accepts a page of 1000', async () => {
    const tenant = await api.tenant();
    await createAsset(tenant);
    expect((await assetIdsOf(tenant, 'first: 1000')).edges).toHaveLength(1);
  });

  it('answers a bad cursor with a coded error, not a 500', async () => {
    const tenant = await api.tenant();
    const response = await tenant.gql(`{ assets(first: 1, after: "garbage") { edges { node { id } } } }`);
    expect(onlyError(response).extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('asset(id)', () => {
  it('returns the asset, or null for an unknown id', async () => {
    const tenant = await api.tenant();
    const asset = await createAsset(tenant);
    const found = await tenant.ok(`query($id: UUID!) { asset(id: $id) { id name } }`, { id: asset.id });
    expect(found.asset).toEqual({ id: asset.id, name: asset.name });
    const missing = await tenant.ok(`{ asset(id: "00000000-0000-4000-8000-000000000000") { id } }`);
    expect(missing.asset).toBeNull();
  });
});

describe('queries issued (no N+1)', () => {
  it('loads a page of assets with their relations in a fixed number of operations', async () => {
    const tenant = await api.tenant();
    const location = await createLocation(tenant);
    const vendor = await createVendor(tenant);
    const user = await inviteUser(tenant);
    for (let i = 0; i < 6; i++) {
      const asset = await createAsset(tenant, { name: `N${i}`, locationId: location.id, vendorId: vendor.id });
      await tenant.ok(CHECKOUT, { input: { assetId: asset.id, userId: user.id } });
    }
    const query = `{ assets(first: 10) { totalCount edges { node { id location { name } vendor { name } assignedUser { name }
      assignments(first: 5) { totalCount edges { node { user { name } } } } } } } }`;
    let data: any;
    const statements = await api.recordSql(async () => { data = await tenant.ok(query); });
    expect(data.assets.edges).toHaveLength(6);
    expect(data.assets.edges[0].node.assignments.edges[0].node.user.name).toBe(user.name);
    // A compiled read: one statement with the page, its relations, the assignment pages with their
    // users (a required relation), the kept row count and the known key's state.
    expect(statements.map(tablesOf)).toEqual([
      ['api_keys', 'assets', 'assignments', 'locations', 'organizations', 'row_counts', 'users', 'vendors'],
    ]);
  });

  it('batches Asset.auditEvents for a whole page of assets (events have no foreign key to join)', async () => {
    const tenant = await api.tenant();
    const assets = [];
    for (let i = 0; i < 6; i++) {
      const asset = await createAsset(tenant, { name: `E${i}` });
      for (let j = 0; j < i % 3; j++) await tenant.ok(UPDATE, { id: asset.id, input: { notes: `edit ${j}` } });
      assets.push(asset);
    }
    const query = (eventFields: string) => `{ assets(first: 10, orderBy: { field: NAME, direction: ASC }) { edges { node { name
      auditEvents(first: 2) { totalCount pageInfo { hasNextPage } edges { node { action actorUser { id } ${eventFields} } } } } } } }`;
    // Compiled (src/graphql/compiled): the page with every asset's events, and the (known) key's state, in one statement.
    const compiled = await api.recordSql(() => tenant.ok(query('')));
    expect(compiled.map(tablesOf)).toEqual([['api_keys', 'assets', 'audit_events', 'organizations', 'users']]);
    // Through the resolvers (`changes` has a resolver of its own, so this one is not compiled):
    let data: any;
    const statements = await api.recordSql(async () => { data = await tenant.ok(query('changes')); });
    // The key's state; the page; for all its assets at once: the newest events' ids (raw SQL), those
    // events with their actors joined, and one grouped count.
    expect(statements.map(tablesOf)).toEqual([
      ...API_KEY_LOOKUP, ['assets'], ['audit_events'], ['audit_events', 'users'], ['audit_events'],
    ]);
    expect(statements[2].sql).toMatch(/row_number\(\) OVER \(PARTITION BY entity_id/);
    expect(statements[4].sql).toMatch(/^SELECT COUNT\(\*\).*GROUP BY "public"\."audit_events"\."entity_id"/s);
    const byName = Object.fromEntries(data.assets.edges.map((edge: any) => [edge.node.name, edge.node.auditEvents]));
    expect(byName.E0).toMatchObject({ totalCount: 1, pageInfo: { hasNextPage: false }, edges: [{ node: { action: 'asset.created', actorUser: { id: tenant.userId } } }] });
    expect(byName.E2.totalCount).toBe(3);
    expect(byName.E2.pageInfo.hasNextPage).toBe(true);
    expect(byName.E2.edges.map((edge: any) => edge.node.action)).toEqual(['asset.updated', 'asset.updated']);
    // Later pages (a cursor) are read per asset, with the same results as the batch would give.
    const cursorPage = await tenant.ok(`query($id: UUID!) { asset(id: $id) { auditEvents(first: 2) { edges { cursor } } } }`, { id: assets[2].id });
    const after = cursorPage.asset.auditEvents.edges[1].cursor;
    const next = await tenant.ok(`query($id: UUID!, $after: String) { asset(id: $id) { auditEvents(first: 2, after: $after) { edges { node { action } } } } }`, { id: assets[2].id, after });
    expect(next.asset.auditEvents.edges.map((edge: any) => edge.node.action)).toEqual(['asset.created']);
  });
});
