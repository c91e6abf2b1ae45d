// Audit: every write records an AuditEvent in the same transaction as the change; events are
// append-only, hold only the changed fields, and say who (user + key), how (source) and which
// request (X-Request-Id). auditEvents can be filtered by time, action, entity and actor.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createKey } from '../src/auth/key-admin.js';
import { apiKeyIdOf, auditTrail, createAsset, createLocation, createVendor, inviteUser } from './support/fixtures.js';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';
import { expectNoValue } from './support/assertions.js';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(() => api.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends an operation with this tenant's write key (or `key`) and an X-Request-Id. */
function send(tenant: Tenant, query: string, variables: Record<string, unknown> = {}, requestId?: string, key = tenant.writeKey) {
  return api.gql(query, variables, { authorization: `Bearer ${key}`, ...(requestId && { 'x-request-id': requestId }) });
}

const EVENT_FIELDS = `id action entityType entityId changes requestId source actorApiKeyId actorUser { id } createdAt`;
type Event = {
  id: string; action: string; entityType: string; entityId: string; changes: Record<string, { before: unknown; after: unknown }>;
  requestId: string | null; source: string; actorApiKeyId: string | null; actorUser: { id: string } | null; createdAt: string;
};

/** All of a tenant's events, oldest first. */
async function allEvents(tenant: Tenant): Promise<Event[]> {
  const data = await tenant.ok(`{ auditEvents(first: 1000, direction: ASC) { totalCount edges { node { ${EVENT_FIELDS} } } } }`);
  expect(data.auditEvents.edges).toHaveLength(data.auditEvents.totalCount);
  return data.auditEvents.edges.map((edge: { node: Event }) => edge.node);
}

async function eventsOfRequest(tenant: Tenant, requestId: string) {
  return (await allEvents(tenant)).filter((event) => event.requestId === requestId);
}

describe('a write and its audit event commit together', () => {
  // A database trigger that refuses some audit inserts: the write must then leave no trace at all.
  beforeAll(async () => {
    await api.db.prisma.$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION test_refuse_audit_event() RETURNS trigger AS $$
      BEGIN
        IF NEW.action = 'asset.created' AND NEW.changes->'name'->>'after' = 'boom' THEN
          RAISE EXCEPTION 'test: audit event refused for %', NEW.action;
        END IF;
        IF NEW.action = 'asset.checked_out'
           AND EXISTS (SELECT 1 FROM assets WHERE id = NEW.entity_id AND name = 'boom-checkout') THEN
          RAISE EXCEPTION 'test: audit event refused for %', NEW.action;
        END IF;
        RETURN NEW;
      END;
      $$ LANGUAGE plpgsql`);
    await api.db.prisma.$executeRawUnsafe(`
      CREATE TRIGGER test_refuse_audit_event BEFORE INSERT ON audit_events
      FOR EACH ROW EXECUTE FUNCTION test_refuse_audit_event()`);
  });
  afterAll(async () => {
    await api.db.prisma.$executeRawUnsafe(`DROP TRIGGER test_refuse_audit_event ON audit_events`);
    await api.db.prisma.$executeRawUnsafe(`DROP FUNCTION test_refuse_audit_event()`);
  });

  /** Runs `fn` with the server log silenced; returns what was logged as unexpected. */
  async function quietly<T>(fn: () => Promise<T>) {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      return { result: await fn(), logged: logged.mock.calls.filter((call) => call[0] === '[unexpected error]') };
    } finally {
      logged.mockRestore();
    }
  }

  it('createAsset whose event cannot be written fails with INTERNAL_SERVER_ERROR and leaves no asset and no event', async () => {
    const tenant = await api.tenant();
    const eventsBefore = await allEvents(tenant);

    const { result: response } = await quietly(() =>
      send(tenant, `mutation { createAsset(input: { name: "boom", serialNumber: "SN-BOOM" }) { id assetTag } }`),
    );
    expect(response.status).toBe(200);
    expectNoValue(response, 'createAsset');
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0]).toMatchObject({ message: 'Unexpected error.', path: ['createAsset'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    // The cause goes to the request's log line (test/operations.test.ts); the client gets the id to quote.
    expect(response.errors![0].extensions?.requestId).toBeTruthy();

    // Neither the asset (inserted first) nor its event exists, in any tenant.
    expect(await api.db.prisma.asset.count({ where: { name: 'boom' } })).toBe(0);
    expect(await api.db.prisma.asset.count({ where: { serialNumber: 'SN-BOOM' } })).toBe(0);
    const rows = await api.db.prisma.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'asset.created' AND changes->'name'->>'after' = 'boom'`,
    );
    expect(rows[0].n).toBe(0);
    expect((await tenant.ok(`{ assets(first: 10, filter: { search: "boom" }) { totalCount } }`)).assets.totalCount).toBe(0);
    expect(await allEvents(tenant)).toEqual(eventsBefore);

    // The organization is not stuck: the next asset is created with a generated tag.
    const next = await createAsset(tenant, { name: 'after the boom' });
    expect(next.assetTag).toMatch(/^IT-\d{4}$/);
    expect((await tenant.ok(`{ assets(first: 10) { totalCount } }`)).assets.totalCount).toBe(1);
  });

  it('checkoutAsset whose event cannot be written leaves no assignment and the asset as it was', async () => {
    const tenant = await api.tenant();
    const user = await inviteUser(tenant);
    const asset = await createAsset(tenant, { name: 'boom-checkout' });
    const assetQuery = `query($id: UUID!) { asset(id: $id) {
      status assignedUser { id } expectedReturn updatedAt assignments(first: 10) { totalCount } } }`;
    const before = await tenant.ok(assetQuery, { id: asset.id });
    const eventsBefore = await allEvents(tenant);

    const { result: response } = await quietly(() =>
      send(tenant, `mutation($input: CheckoutAssetInput!) { checkoutAsset(input: $input) { id status } }`, {
        input: { assetId: asset.id, userId: user.id, expectedReturn: '2999-01-01' },
      }),
    );
    expectNoValue(response, 'checkoutAsset');
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);

    const after = await tenant.ok(assetQuery, { id: asset.id });
    expect(after).toEqual(before);
    expect(after.asset).toMatchObject({ status: 'ACTIVE', assignedUser: null, expectedReturn: null, assignments: { totalCount: 0 } });
    expect(await api.db.prisma.assignment.count({ where: { assetId: asset.id } })).toBe(0);
    const holder = await tenant.ok(`query($id: UUID!) { user(id: $id) { assignedAssets(first: 5) { totalCount } } }`, { id: user.id });
    expect(holder.user.assignedAssets.totalCount).toBe(0);
    expect(await allEvents(tenant)).toEqual(eventsBefore);
  });

  it('createAsset checked out at once is one transaction: a refused checkout event undoes the creation too', async () => {
    const tenant = await api.tenant();
    const user = await inviteUser(tenant);
    const eventsBefore = await allEvents(tenant);
    const { result: response } = await quietly(() =>
      send(tenant, `mutation($input: CreateAssetInput!) { createAsset(input: $input) { id } }`, {
        input: { name: 'boom-checkout', assignedUserId: user.id },
      }),
    );
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);
    expect(await api.db.prisma.asset.count({ where: { organizationId: tenant.organizationId } })).toBe(0);
    expect(await api.db.prisma.assignment.count({ where: { organizationId: tenant.organizationId } })).toBe(0);
    expect(await allEvents(tenant)).toEqual(eventsBefore);
  });

  it('a write whose event is accepted commits both (the trigger only refuses its markers)', async () => {
    const tenant = await api.tenant();
    const user = await inviteUser(tenant);
    const asset = await createAsset(tenant, { name: 'not boom' });
    await tenant.ok(`mutation($input: CheckoutAssetInput!) { checkoutAsset(input: $input) { id } }`, { input: { assetId: asset.id, userId: user.id } });
    const trail = await auditTrail(tenant, asset.id);
    expect(trail.map((event) => event.action)).toEqual(['asset.created', 'asset.checked_out']);
  });
});

describe('audit_events is append-only', () => {
  async function someEvent() {
    const tenant = await api.tenant();
    const location = await createLocation(tenant);
    const [event] = await auditTrail(tenant, location.id);
    return { tenant, location, event: await api.db.prisma.auditEvent.findFirstOrThrow({ where: { entityId: location.id } }), apiEvent: event };
  }

  it('refuses UPDATE, even through raw SQL; the row is unchanged', async () => {
    const { event } = await someEvent();
    await expect(
      api.db.prisma.$executeRawUnsafe(`UPDATE audit_events SET action = 'rewritten' WHERE id = $1::uuid`, event.id),
    ).rejects.toThrow(/append-only/);
    await expect(
      api.db.prisma.$executeRawUnsafe(`UPDATE audit_events SET changes = '{}'::jsonb`),
    ).rejects.toThrow(/append-only/);
    expect(await api.db.prisma.auditEvent.findUniqueOrThrow({ where: { id: event.id } })).toEqual(event);
  });

  it('refuses DELETE, even through raw SQL; the row is still there', async () => {
    const { event } = await someEvent();
    await expect(api.db.prisma.$executeRawUnsafe(`DELETE FROM audit_events WHERE id = $1::uuid`, event.id)).rejects.toThrow(/append-only/);
    await expect(api.db.prisma.$executeRawUnsafe(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
    expect(await api.db.prisma.auditEvent.findUniqueOrThrow({ where: { id: event.id } })).toEqual(event);
  });

  it('keeps the events of a deleted asset', async () => {
    const tenant = await api.tenant();
    const asset = await createAsset(tenant);
    await tenant.ok(`mutation($id: UUID!) { deleteAsset(id: $id) { id } }`, { id: asset.id });
    expect((await auditTrail(tenant, asset.id)).map((event) => event.action)).toEqual(['asset.created', 'asset.deleted']);
  });
});

describe('changes', () => {
  it('hold only the fields a write changed, as { before, after }', async () => {
    const tenant = await api.tenant();
    const asset = await createAsset(tenant, { name: 'ThinkPad', category: 'Laptop', serialNumber: 'PF-1' });
    await tenant.ok(`mutation($id: UUID!) { updateAsset(id: $id, input: { name: "ThinkPad", category: "Laptop", notes: "Dented lid", value: "1299.5" }) { id } }`, { id: asset.id });
    const [, updated] = await auditTrail(tenant, asset.id);
    expect(updated.action).toBe('asset.updated');
    expect(updated.changes).toEqual({
      notes: { before: null, after: '[encrypted]' }, // encrypted at rest: never in the trail
      value: { before: null, after: '1299.50' },
    });
  });

  it('on create: the fields that were set, before null; no empty fields and no bookkeeping columns', async () => {
    const tenant = await api.tenant();
    const location = await createLocation(tenant, { name: 'Berlin', address: 'Unter den Linden 1' });
    const [created] = await auditTrail(tenant, location.id);
    expect(created.action).toBe('location.created');
    expect(created.changes).toEqual({
      name: { before: null, after: 'Berlin' },
      type: { before: null, after: 'Office' },
      address: { before: null, after: 'Unter den Linden 1' },
    });
  });

  it('on delete: the last values, after null', async () => {
    const tenant = await api.tenant();
    const vendor = await createVendor(tenant, { name: 'Lenovo', riskRating: 'LOW' });
    await tenant.ok(`mutation($id: UUID!) { deleteVendor(id: $id) { id } }`, { id: vendor.id });
    const [, deleted] = await auditTrail(tenant, vendor.id);
    expect(deleted.action).toBe('vendor.deleted');
    expect(deleted.changes).toEqual({
      name: { before: 'Lenovo', after: null },
      riskRating: { before: 'Low', after: null },
      complianceStatus: { before: 'Not Reviewed', after: null },
    });
  });

  it('on checkout and checkin: status, assignee and expected return only', async () => {
    const tenant = await api.tenant();
    const user = await inviteUser(tenant);
    const asset = await createAsset(tenant, { name: 'iPad', serialNumber: 'IPAD-1' });
    await tenant.ok(`mutation($input: CheckoutAssetInput!) { checkoutAsset(input: $input) { id } }`, {
      input: { assetId: asset.id, userId: user.id, expectedReturn: '2999-12-31' },
    });
    await tenant.ok(`mutation($id: UUID!) { checkinAsset(assetId: $id) { id } }`, { id: asset.id });
    const [, checkedOut, checkedIn] = await auditTrail(tenant, asset.id);
    expect(checkedOut.action).toBe('asset.checked_out');
    expect(Object.keys(checkedOut.changes).sort()).toEqual(['assignedUserId', 'expectedReturn', 'status']);
    expect(checkedOut.changes.assignedUserId).toEqual({ before: null, after: user.id });
    expect(checkedOut.changes.expectedReturn).toEqual({ before: null, after: '2999-12-31T00:00:00.000Z' });
    expect(checkedIn.action).toBe('asset.checked_in');
    expect(checkedIn.changes.assignedUserId).toEqual({ before: user.id, after: null });
    expect(Object.keys(checkedIn.changes).sort()).toEqual(['assignedUserId', 'expectedReturn', 'status']);
  });
});

describe('request id', () => {
  it('is the X-Request-Id the client sent: echoed in the response and stored on the event', async () => {
    const tenant = await api.tenant();
    const requestId = `client-${randomUUID()}`;
    const response = await send(tenant, `mutation { createLocation(input: { name: "Tagged" }) { id } }`, {}, requestId);
    expect(response.errors).toBeUndefined();
    expect(response.headers.get('x-request-id')).toBe(requestId);
    const [event] = await auditTrail(tenant, response.data.createLocation.id);
    expect(event.requestId).toBe(requestId);
  });

  it('is generated when the client sends none, and the response tells it', async () => {
    const tenant = await api.tenant();
    const response = await send(tenant, `mutation { createLocation(input: { name: "Untagged" }) { id } }`);
    const echoed = response.headers.get('x-request-id');
    expect(echoed).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const [event] = await auditTrail(tenant, response.data.createLocation.id);
    expect(event.requestId).toBe(echoed);
  });

  it.each([
    ['with spaces', 'not a sane id'],
    ['too long', 'x'.repeat(129)],
    ['with markup', '<script>alert(1)</script>'],
  ])('is replaced by a generated one when the sent id is unusable (%s)', async (_name, sent) => {
    const tenant = await api.tenant();
    const response = await send(tenant, `mutation { createLocation(input: { name: "Odd" }) { id } }`, {}, sent);
    const echoed = response.headers.get('x-request-id');
    expect(echoed).not.toBe(sent);
    expect(echoed).toMatch(/^[0-9a-f-]{36}$/);
    const [event] = await auditTrail(tenant, response.data.createLocation.id);
    expect(event.requestId).toBe(echoed);
  });

  it('is echoed on queries and on refused requests too', async () => {
    const tenant = await api.tenant();
    expect((await send(tenant, `{ viewer { scopes } }`, {}, 'query-1')).headers.get('x-request-id')).toBe('query-1');
    const refused = await api.gql(`{ viewer { scopes } }`, {}, { authorization: 'Bearer nope', 'x-request-id': 'refused-1' });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-request-id')).toBe('refused-1');
  });

  it('is shared by all events of one request', async () => {
    const tenant = await api.tenant();
    const user = await inviteUser(tenant);
    const requestId = `one-request-${randomUUID()}`;
    const response = await send(tenant, `mutation($input: CreateAssetInput!) { createAsset(input: $input) { id } }`, {
      input: { name: 'Checked out on arrival', assignedUserId: user.id },
    }, requestId);
    expect(response.errors).toBeUndefined();
    const events = await eventsOfRequest(tenant, requestId);
    expect(events.map((event) => event.action)).toEqual(['asset.created', 'asset.checked_out']);
    expect(new Set(events.map((event) => event.entityId))).toEqual(new Set([response.data.createAsset.id]));
  });
});

describe('source and actor', () => {
  it('a GraphQL write records source GRAPHQL, the acting user and the API key used', async () => {
    const tenant = await api.tenant();
    const keyId = await apiKeyIdOf(tenant, tenant.writeKey);
    const location = await createLocation(tenant);
    const [event] = await auditTrail(tenant, location.id);
    expect(event).toMatchObject({ source: 'GRAPHQL', actorUser: { id: tenant.userId }, actorApiKeyId: keyId });
  });

  it('another key of the same user is told apart', async () => {
    const tenant = await api.tenant();
    const email = (await tenant.ok(`{ viewer { user { email } } }`)).viewer.user.email;
    const second = await createKey(api.db.prisma, { organizationId: tenant.organizationId, name: 'ci', scopes: ['write'], userEmail: email });
    const response = await send(tenant, `mutation { createVendor(input: { name: "HP" }) { id } }`, {}, undefined, second.secret);
    const [event] = await auditTrail(tenant, response.data.createVendor.id);
    expect(event).toMatchObject({ source: 'GRAPHQL', actorUser: { id: tenant.userId }, actorApiKeyId: second.id });
    expect(event.actorApiKeyId).not.toBe(await apiKeyIdOf(tenant, tenant.writeKey));
  });

  it('operator actions (bootstrap) record source CLI and no API key', async () => {
    const tenant = await api.tenant();
    const events = await allEvents(tenant);
    expect(events.map((event) => event.action)).toEqual(['organization.created', 'user.invited', 'api_key.created', 'api_key.created']);
    for (const event of events) expect(event).toMatchObject({ source: 'CLI', actorApiKeyId: null, actorUser: { id: tenant.userId } });
    expect(events[0].entityId).toBe(tenant.organizationId);
    expect(events[1].entityId).toBe(tenant.userId);
  });
});

describe('every mutation writes exactly one event for the changed entity', () => {
  it('for each of the 16 mutations, with action, entity, request id, source and key', async () => {
    const tenant = await api.tenant();
    const keyId = await apiKeyIdOf(tenant, tenant.writeKey);
    const location = await createLocation(tenant);
    const vendor = await createVendor(tenant);
    const user = await inviteUser(tenant);
    const asset = await createAsset(tenant);
    const steps: [string, string, Record<string, unknown>, string, string, () => string][] = [
      ['createLocation', `mutation { createLocation(input: { name: "Spare room" }) { id } }`, {}, 'location.created', 'Location', () => ''],
      ['updateLocation', `mutation($id: UUID!) { updateLocation(id: $id, input: { address: "Level 2" }) { id } }`, { id: location.id }, 'location.updated', 'Location', () => location.id],
      ['createVendor', `mutation { createVendor(input: { name: "Logitech" }) { id } }`, {}, 'vendor.created', 'Vendor', () => ''],
      ['updateVendor', `mutation($id: UUID!) { updateVendor(id: $id, input: { category: "Hardware" }) { id } }`, { id: vendor.id }, 'vendor.updated', 'Vendor', () => vendor.id],
      ['replaceVendor', `mutation($id: UUID!) { replaceVendor(id: $id, input: { name: "Apple" }) { id } }`, { id: vendor.id }, 'vendor.updated', 'Vendor', () => vendor.id],
      ['inviteUser', `mutation { inviteUser(input: { email: "second@example.com" }) { user { id } } }`, {}, 'user.invited', 'User', () => ''],
      ['updateUser', `mutation($id: UUID!) { updateUser(id: $id, input: { department: "IT" }) { id } }`, { id: user.id }, 'user.updated', 'User', () => user.id],
      ['createAsset', `mutation { createAsset(input: { name: "Dock" }) { id } }`, {}, 'asset.created', 'Asset', () => ''],
      ['updateAsset', `mutation($id: UUID!) { updateAsset(id: $id, input: { notes: "x" }) { id } }`, { id: asset.id }, 'asset.updated', 'Asset', () => asset.id],
      ['replaceAsset', `mutation($id: UUID!) { replaceAsset(id: $id, input: { name: "Replaced" }) { id } }`, { id: asset.id }, 'asset.updated', 'Asset', () => asset.id],
      ['checkoutAsset', `mutation($a: UUID!, $u: UUID!) { checkoutAsset(input: { assetId: $a, userId: $u }) { id } }`, { a: asset.id, u: user.id }, 'asset.checked_out', 'Asset', () => asset.id],
      ['checkinAsset', `mutation($id: UUID!) { checkinAsset(assetId: $id) { id } }`, { id: asset.id }, 'asset.checked_in', 'Asset', () => asset.id],
      ['deleteAsset', `mutation($id: UUID!) { deleteAsset(id: $id) { id } }`, { id: asset.id }, 'asset.deleted', 'Asset', () => asset.id],
      ['deleteLocation', `mutation($id: UUID!) { deleteLocation(id: $id) { id } }`, { id: location.id }, 'location.deleted', 'Location', () => location.id],
      ['deleteVendor', `mutation($id: UUID!) { deleteVendor(id: $id) { id } }`, { id: vendor.id }, 'vendor.deleted', 'Vendor', () => vendor.id],
      ['deactivateUser', `mutation($id: UUID!) { deactivateUser(id: $id) { id } }`, { id: user.id }, 'user.deactivated', 'User', () => user.id],
    ];
    for (const [name, query, variables, action, entityType, entityIdOf] of steps) {
      const requestId = `${name}-${randomUUID()}`;
      const response = await send(tenant, query, variables, requestId);
      expect(response.errors, name).toBeUndefined();
      const entityId = entityIdOf() || (response.data[name].user ?? response.data[name]).id;
      const events = await eventsOfRequest(tenant, requestId);
      expect(events, name).toHaveLength(1);
      expect(events[0], name).toMatchObject({ action, entityType, entityId, source: 'GRAPHQL', actorApiKeyId: keyId, actorUser: { id: tenant.userId } });
    }
  });

  it('a refused mutation writes no event', async () => {
    const tenant = await api.tenant();
    const before = await allEvents(tenant);
    const refused = [
      await send(tenant, `mutation { createLocation(input: { name: "" }) { id } }`),
      await send(tenant, `mutation($id: UUID!) { deleteAsset(id: $id) { id } }`, { id: randomUUID() }),
      await send(tenant, `mutation { createVendor(input: { name: "Nope" }) { id } }`, {}, undefined, tenant.readKey),
      await send(tenant, `mutation($id: UUID!) { deactivateUser(id: $id) { id } }`, { id: tenant.userId }),
    ];
    expect(refused.map((response) => response.errors?.[0].extensions?.code)).toEqual(['BAD_USER_INPUT', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT']);
    expect(await allEvents(tenant)).toEqual(before);
  });
});

describe('auditEvents filters', () => {
  /** Three locations created a few milliseconds apart, so their events have distinct times. */
  async function threeEvents(tenant: Tenant) {
    const ids: string[] = [];
    for (const name of ['First', 'Second', 'Third']) {
      ids.push((await createLocation(tenant, { name })).id);
      await sleep(15);
    }
    const events = (await allEvents(tenant)).filter((event) => event.action === 'location.created');
    expect(events.map((event) => event.entityId)).toEqual(ids);
    return events;
  }

  const FILTERED = `query($filter: AuditEventFilter, $direction: SortDirection) {
    auditEvents(first: 100, filter: $filter, direction: $direction) { totalCount edges { node { id action entityId entityType actorApiKeyId actorUser { id } createdAt } } } }`;
  async function filtered(tenant: Tenant, filter: Record<string, unknown>) {
    const data = await tenant.ok(FILTERED, { filter, direction: 'ASC' });
    expect(data.auditEvents.edges).toHaveLength(data.auditEvents.totalCount);
    return data.auditEvents.edges.map((edge: { node: Event }) => edge.node) as Event[];
  }

  it('from is inclusive and to is exclusive', async () => {
    const tenant = await api.tenant();
    const [first, second, third] = await threeEvents(tenant);
    const ids = (events: Event[]) => events.map((event) => event.id);
    expect(ids(await filtered(tenant, { from: second.createdAt }))).toEqual([second.id, third.id]);
    expect(ids(await filtered(tenant, { to: second.createdAt })).slice(-1)).toEqual([first.id]);
    expect(ids(await filtered(tenant, { to: second.createdAt }))).not.toContain(second.id);
    expect(ids(await filtered(tenant, { from: second.createdAt, to: third.createdAt }))).toEqual([second.id]);
    expect(ids(await filtered(tenant, { from: first.createdAt, to: third.createdAt }))).toEqual([first.id, second.id]);
    const later = new Date(Date.parse(third.createdAt) + 1).toISOString();
    expect(await filtered(tenant, { from: later })).toEqual([]);
  });

  it('action, entityType and entityId match exactly', async () => {
    const tenant = await api.tenant();
    const location = await createLocation(tenant, { name: 'Lab' });
    await tenant.ok(`mutation($id: UUID!) { updateLocation(id: $id, input: { name: "Lab 2" }) { id } }`, { id: location.id });
    const vendor = await createVendor(tenant);

    const updated = await filtered(tenant, { action: 'location.updated' });
    expect(updated.map((event) => [event.action, event.entityId])).toEqual([['location.updated', location.id]]);
    expect(await filtered(tenant, { action: 'location' })).toEqual([]);

    const vendors = await filtered(tenant, { entityType: 'Vendor' });
    expect(vendors.map((event) => [event.action, event.entityId])).toEqual([['vendor.created', vendor.id]]);

    const ofLocation = await filtered(tenant, { entityId: location.id });
    expect(ofLocation.map((event) => event.action)).toEqual(['location.created', 'location.updated']);

    const combined = await filtered(tenant, { entityType: 'Location', action: 'location.created' });
    expect(combined.map((event) => event.entityId)).toEqual([location.id]);
  });

  it('actorId matches the acting user or the API key', async () => {
    const tenant = await api.tenant();
    const colleague = await inviteUser(tenant, { role: 'ADMIN' });
    const key = await createKey(api.db.prisma, { organizationId: tenant.organizationId, name: 'colleague', scopes: ['write'], userEmail: colleague.email });
    const response = await send(tenant, `mutation { createLocation(input: { name: "Colleague's" }) { id } }`, {}, undefined, key.secret);
    const locationId = response.data.createLocation.id;

    const byUser = await filtered(tenant, { actorId: colleague.id });
    expect(byUser.map((event) => event.action)).toEqual(['api_key.created', 'location.created']);
    expect(byUser.every((event) => event.actorUser?.id === colleague.id)).toBe(true);

    const byKey = await filtered(tenant, { actorId: key.id });
    expect(byKey.map((event) => [event.action, event.entityId])).toEqual([['location.created', locationId]]);

    const byAdminKey = await filtered(tenant, { actorId: await apiKeyIdOf(tenant, tenant.writeKey) });
    expect(byAdminKey.map((event) => event.action)).toEqual(['user.invited']);

    expect(await filtered(tenant, { actorId: randomUUID() })).toEqual([]);
  });

  it.each([
    ['equal to from', 0],
    ['before from', -60_000],
  ])('to %s → BAD_USER_INPUT on filter.to', async (_name, offset) => {
    const tenant = await api.tenant();
    const from = new Date('2030-06-01T12:00:00.000Z');
    const to = new Date(from.getTime() + offset);
    const response = await tenant.gql(`query($filter: AuditEventFilter) { auditEvents(first: 10, filter: $filter) { edges { node { id } } } }`, {
      filter: { from: from.toISOString(), to: to.toISOString() },
    });
    expect(response.status).toBe(200);
    expectNoValue(response, 'auditEvents');
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'filter.to' });
    expect(response.errors![0].message).toMatch(/filter\.to/);
  });
});
