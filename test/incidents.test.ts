// Incidents (issue 14): GraphQL (Asset.incidents, the incidents connection with its filters,
// open/update/resolve/delete for admins with a write key, audited) and the webhook events
// incident.opened / incident.resolved, delivered and signed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onlyError } from './support/assertions.js';
import { auditTrail, createAsset } from './support/fixtures.js';
import { MISSING_ID, UUID } from './support/rest.js';
import type { Tenant, TestApi } from './support/test-api.js';
import { integrationTenant } from './support/uniasset.js';
import { startApiWithWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

let api: TestApi;
let receiver: WebhookReceiver;
let close: () => Promise<void>;
beforeAll(async () => ({ api, receiver, close } = await startApiWithWebhookReceiver()));
afterAll(() => close?.());

const INCIDENT = 'id severity title description openedAt resolvedAt resolution open asset { id } openedBy { id } resolvedBy { id }';
const OPEN = `mutation($input: OpenIncidentInput!) { openIncident(input: $input) { ${INCIDENT} } }`;
const UPDATE = `mutation($id: UUID!, $input: UpdateIncidentInput!) { updateIncident(id: $id, input: $input) { ${INCIDENT} } }`;
const RESOLVE = `mutation($id: UUID!, $input: ResolveIncidentInput) { resolveIncident(id: $id, input: $input) { ${INCIDENT} } }`;
const DELETE = `mutation($id: UUID!) { deleteIncident(id: $id) { id } }`;
const LIST = `query($filter: IncidentFilter, $orderBy: IncidentOrder, $first: Int, $after: String) {
  incidents(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount edges { node { id title } } pageInfo { hasNextPage endCursor } } }`;

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

async function open(tenant: Tenant, input: Record<string, unknown>) {
  return (await tenant.ok(OPEN, { input })).openIncident;
}

const titles = (data: any) => data.incidents.edges.map((edge: any) => edge.node.title);

async function keyOf(tenant: Tenant, scopes: string[]) {
  const { createKey } = await import('../src/auth/key-admin.js');
  return (await createKey(api.db.prisma, { organizationId: tenant.organizationId, name: scopes.join(','), scopes })).secret;
}

describe('openIncident', () => {
  it('opens an incident by the caller, audited as incident.opened', async () => {
    const tenant = await api.tenant();
    const asset = await createAsset(tenant);
    const openedAt = hoursAgo(2);
    const opened = await open(tenant, { assetId: asset.id, severity: 'HIGH', title: '  Screen cracked ', description: 'Dropped in the lobby', openedAt });
    expect(opened).toMatchObject({
      id: expect.stringMatching(UUID), severity: 'HIGH', title: 'Screen cracked', description: 'Dropped in the lobby', openedAt,
      resolvedAt: null, resolution: null, open: true, asset: { id: asset.id }, openedBy: { id: tenant.userId }, resolvedBy: null,
    });
    const byDefault = await open(tenant, { assetId: asset.id, title: 'Fan noise' });
    expect(byDefault).toMatchObject({ severity: 'MEDIUM', open: true });
    expect(Math.abs(Date.parse(byDefault.openedAt) - Date.now())).toBeLessThan(60_000);
    const [event] = await auditTrail(tenant, opened.id);
    expect(event).toMatchObject({
      action: 'incident.opened', entityType: 'Incident', source: 'GRAPHQL',
      changes: { severity: { before: null, after: 'high' }, title: { before: null, after: 'Screen cracked' } },
    });
  });

  it('refuses a blank title, a future openedAt and an unknown or foreign asset, writing nothing', async () => {
    const tenant = await api.tenant();
    const other = await api.tenant();
    const asset = await createAsset(tenant);
    const theirs = await createAsset(other);
    expect(onlyError(await tenant.gql(OPEN, { input: { assetId: asset.id, title: '   ' } })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
    expect(onlyError(await tenant.gql(OPEN, { input: { assetId: asset.id, title: 'x'.repeat(201) } })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
    expect(onlyError(await tenant.gql(OPEN, { input: { assetId: asset.id, title: 'Later', openedAt: hoursAgo(-2) } })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'openedAt' });
    expect(onlyError(await tenant.gql(OPEN, { input: { assetId: asset.id, title: 'Bad', severity: 'SEVERE' } })).extensions?.code).toBe('BAD_USER_INPUT');
    expect(onlyError(await tenant.gql(OPEN, { input: { assetId: theirs.id, title: 'Theirs' } })).extensions?.code).toBe('NOT_FOUND');
    expect(onlyError(await tenant.gql(OPEN, { input: { assetId: MISSING_ID, title: 'Nobody' } })).extensions?.code).toBe('NOT_FOUND');
    expect(await api.db.prisma.incident.count({ where: { organizationId: { in: [tenant.organizationId, other.organizationId] } } })).toBe(0);
  });

  it('needs an admin with a write key: read keys and the integration permissions get FORBIDDEN', async () => {
    const { tenant } = await integrationTenant(api, 'enterprise');
    const asset = await createAsset(tenant);
    expect(onlyError(await tenant.gql(OPEN, { input: { assetId: asset.id, title: 'Read' } }, tenant.readKey)).extensions?.code).toBe('FORBIDDEN');
    const permissions = await keyOf(tenant, ['maintenance:create', 'asset:create', 'asset:location', 'assignment:update', 'iot:signal:ingest']);
    expect(onlyError(await tenant.gql(OPEN, { input: { assetId: asset.id, title: 'Permissions' } }, permissions)).extensions?.code).toBe('FORBIDDEN');
    expect((await tenant.gql(OPEN, { input: { assetId: asset.id, title: 'Write' } }, await keyOf(tenant, ['write']))).errors).toBeUndefined();
    expect(await api.db.prisma.incident.count({ where: { organizationId: tenant.organizationId } })).toBe(1);
  });
});

describe('updateIncident, resolveIncident, deleteIncident', () => {
  it('updates partially, resolves once (CONFLICT the second time), deletes; each audited', async () => {
    const tenant = await api.tenant();
    const asset = await createAsset(tenant);
    const opened = await open(tenant, { assetId: asset.id, title: 'Battery swelling', description: 'Lid does not close', openedAt: hoursAgo(5) });
    const updated = (await tenant.ok(UPDATE, { id: opened.id, input: { severity: 'CRITICAL', description: null } })).updateIncident;
    expect(updated).toMatchObject({ severity: 'CRITICAL', title: 'Battery swelling', description: null, open: true });
    expect(onlyError(await tenant.gql(UPDATE, { id: opened.id, input: { title: null } })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
    expect(onlyError(await tenant.gql(RESOLVE, { id: opened.id, input: { resolvedAt: hoursAgo(6) } })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'resolvedAt' });
    const resolved = (await tenant.ok(RESOLVE, { id: opened.id, input: { resolution: 'Battery replaced' } })).resolveIncident;
    expect(resolved).toMatchObject({ open: false, resolution: 'Battery replaced', resolvedBy: { id: tenant.userId }, resolvedAt: expect.any(String) });
    expect(Math.abs(Date.parse(resolved.resolvedAt) - Date.now())).toBeLessThan(60_000);
    expect(onlyError(await tenant.gql(RESOLVE, { id: opened.id })).extensions?.code).toBe('CONFLICT');
    expect(onlyError(await tenant.gql(UPDATE, { id: opened.id, input: { openedAt: new Date().toISOString() } })).extensions)
      .toMatchObject({ code: 'BAD_USER_INPUT', field: 'openedAt' });
    expect((await tenant.ok(DELETE, { id: opened.id })).deleteIncident.id).toBe(opened.id);
    expect(onlyError(await tenant.gql(DELETE, { id: opened.id })).extensions?.code).toBe('NOT_FOUND');
    const trail = await auditTrail(tenant, opened.id);
    expect(trail.map((event) => event.action)).toEqual(['incident.opened', 'incident.updated', 'incident.resolved', 'incident.deleted']);
    expect(trail[2].changes).toMatchObject({ resolution: { before: null, after: 'Battery replaced' }, resolvedById: { before: null, after: tenant.userId } });
  });

  it("cannot touch another organization's incident", async () => {
    const tenant = await api.tenant();
    const other = await api.tenant();
    const theirs = await open(other, { assetId: (await createAsset(other)).id, title: 'theirs' });
    expect(onlyError(await tenant.gql(UPDATE, { id: theirs.id, input: { title: 'mine' } })).extensions?.code).toBe('NOT_FOUND');
    expect(onlyError(await tenant.gql(RESOLVE, { id: theirs.id })).extensions?.code).toBe('NOT_FOUND');
    expect(onlyError(await tenant.gql(DELETE, { id: theirs.id })).extensions?.code).toBe('NOT_FOUND');
    expect((await tenant.ok(`query($id: UUID!) { incident(id: $id) { id } }`, { id: theirs.id })).incident).toBeNull();
    expect((await tenant.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: theirs.id })).node).toBeNull();
    expect((await other.ok(`query($id: ID!) { node(id: $id) { __typename id } }`, { id: theirs.id })).node).toEqual({ __typename: 'Incident', id: theirs.id });
    expect((await tenant.ok(LIST, {})).incidents.totalCount).toBe(0);
    expect((await auditTrail(other, theirs.id)).map((event) => event.action)).toEqual(['incident.opened']);
    expect((await other.ok(`query($id: UUID!) { incident(id: $id) { title open } }`, { id: theirs.id })).incident).toEqual({ title: 'theirs', open: true });
  });
});

describe('incidents and Asset.incidents', () => {
  it('filters by asset, severity and open/resolved, sorts by opened at or severity, and pages', async () => {
    const tenant = await api.tenant();
    const [a, b] = [await createAsset(tenant), await createAsset(tenant)];
    await open(tenant, { assetId: a.id, severity: 'LOW', title: 'oldest', openedAt: hoursAgo(40) });
    const fixed = await open(tenant, { assetId: a.id, severity: 'CRITICAL', title: 'fixed', openedAt: hoursAgo(30) });
    await open(tenant, { assetId: b.id, severity: 'HIGH', title: 'middle', openedAt: hoursAgo(20) });
    await open(tenant, { assetId: b.id, severity: 'MEDIUM', title: 'newest', openedAt: hoursAgo(10) });
    await tenant.ok(RESOLVE, { id: fixed.id });
    expect(titles(await tenant.ok(LIST, {}))).toEqual(['newest', 'middle', 'fixed', 'oldest']);
    expect(titles(await tenant.ok(LIST, { filter: { assetId: a.id } }))).toEqual(['fixed', 'oldest']);
    expect(titles(await tenant.ok(LIST, { filter: { severity: ['HIGH', 'CRITICAL'] } }))).toEqual(['middle', 'fixed']);
    expect(titles(await tenant.ok(LIST, { filter: { open: true } }))).toEqual(['newest', 'middle', 'oldest']);
    expect(titles(await tenant.ok(LIST, { filter: { open: false, assetId: a.id } }))).toEqual(['fixed']);
    expect(titles(await tenant.ok(LIST, { orderBy: { field: 'SEVERITY' } }))).toEqual(['fixed', 'middle', 'newest', 'oldest']);
    expect(titles(await tenant.ok(LIST, { orderBy: { field: 'OPENED_AT', direction: 'ASC' } }))).toEqual(['oldest', 'fixed', 'middle', 'newest']);
    const first = await tenant.ok(LIST, { first: 2, orderBy: { field: 'SEVERITY' } });
    expect(first.incidents).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: true } });
    const next = await tenant.ok(LIST, { first: 10, after: first.incidents.pageInfo.endCursor, orderBy: { field: 'SEVERITY' } });
    expect(titles(next)).toEqual(['newest', 'oldest']);
    const asset = await tenant.ok(`query($id: UUID!) { asset(id: $id) { incidents(first: 10) { totalCount edges { node { title open } } } } }`, { id: a.id });
    expect(asset.asset.incidents).toEqual({ totalCount: 2, edges: [{ node: { title: 'fixed', open: false } }, { node: { title: 'oldest', open: true } }] });
  });

  it('is priced before it runs like any connection: each node and each object under it a point, per page item', async () => {
    const tenant = await api.tenant();
    const cost = async (first: number) => {
      const response = await api.app.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.readKey}` },
        body: JSON.stringify({ query: `{ incidents(first: ${first}) { edges { node { id asset { name } openedBy { name } } } } }` }),
      });
      const body = await response.json() as { errors?: unknown; extensions: { cost: { requestedQueryCost: number } } };
      expect(body.errors).toBeUndefined();
      return body.extensions.cost.requestedQueryCost;
    };
    expect((await cost(40)) - (await cost(20))).toBe(20 * 3);
  });

  it('reads a page of incidents with their assets and users in a fixed number of statements', async () => {
    const tenant = await api.tenant();
    const asset = await createAsset(tenant);
    for (let i = 0; i < 5; i++) await open(tenant, { assetId: asset.id, title: `i${i}` });
    const query = `{ incidents(first: 50) { totalCount edges { node { id title asset { name } openedBy { name } resolvedBy { name } } } } }`;
    // The key, the page with its relations joined, the count.
    await api.expectQueries(3, () => tenant.ok(query));
    // Asset.incidents: the key, the asset with its page and count joined.
    await api.expectQueries(2, () => tenant.ok(`query($id: UUID!) { asset(id: $id) { incidents(first: 50) { totalCount edges { node { title openedBy { name } } } } } }`, { id: asset.id }));
  });
});

describe('incident webhook events', () => {
  it('sends incident.opened and incident.resolved, signed, with the incident in data', async () => {
    const tenant = await api.tenant();
    await receiver.subscribe(tenant, ['incident.*']);
    const asset = await createAsset(tenant);
    const opened = await open(tenant, { assetId: asset.id, severity: 'CRITICAL', title: 'Stolen laptop', description: 'Taken from a car' });
    await tenant.ok(UPDATE, { id: opened.id, input: { title: 'Stolen laptop (police report 42)' } });
    await tenant.ok(RESOLVE, { id: opened.id, input: { resolution: 'Remote-wiped; insurance claim filed' } });
    const events = (await receiver.deliver()).filter((event) => event.body.data.asset_id === asset.id);
    // Deliveries go out in parallel: compare as a set. An update raises nothing.
    expect(events.map((event) => event.body.event).sort()).toEqual(['incident.opened', 'incident.resolved']);
    const byName = Object.fromEntries(events.map((event) => [event.body.event, event.body]));
    expect(byName['incident.opened'].data).toMatchObject({
      incident_id: opened.id, severity: 'critical', title: 'Stolen laptop', description: 'Taken from a car',
      opened_at: opened.openedAt, opened_by_id: tenant.userId, resolved_at: null, actor: { id: tenant.userId },
    });
    expect(byName['incident.resolved'].data).toMatchObject({
      incident_id: opened.id, title: 'Stolen laptop (police report 42)', resolution: 'Remote-wiped; insurance claim filed',
      resolved_at: expect.any(String), resolved_by_id: tenant.userId,
    });
  });

  it('accepts incident.opened, incident.resolved and incident.* in a subscription', async () => {
    const tenant = await api.tenant();
    const CREATE = `mutation($events: [String!]!) { createWebhook(input: { url: "https://example.com/hook", events: $events }) { webhook { events } } }`;
    const created = await tenant.gql(CREATE, { events: ['incident.opened', 'incident.resolved', 'incident.*'] });
    expect(created.errors).toBeUndefined();
    expect(onlyError(await tenant.gql(CREATE, { events: ['incident.closed'] })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'events' });
  });
});
