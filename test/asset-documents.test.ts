// Asset documents (issue 14): GraphQL (Asset.documents, the assetDocuments connection,
// create/update/delete for admins with a write key, audited), reference validation (an http(s)
// URL or a plain reference), and document.expiring from the hourly scan, once per expiry date.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanExpiringDocuments } from '../src/webhooks/document-scan.js';
import { runHourlyScans } from '../src/webhooks/hourly-scans.js';
import { onlyError } from './support/assertions.js';
import { auditTrail, createAsset } from './support/fixtures.js';
import { MISSING_ID, UUID } from './support/rest.js';
import type { Tenant, TestApi } from './support/test-api.js';
import { startApiWithWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

let api: TestApi;
let receiver: WebhookReceiver;
let close: () => Promise<void>;
beforeAll(async () => ({ api, receiver, close } = await startApiWithWebhookReceiver()));
afterAll(() => close?.());

const DOCUMENT = 'id name kind reference url expiresAt expired asset { id }';
const CREATE = `mutation($input: CreateAssetDocumentInput!) { createAssetDocument(input: $input) { ${DOCUMENT} } }`;
const UPDATE = `mutation($id: UUID!, $input: UpdateAssetDocumentInput!) { updateAssetDocument(id: $id, input: $input) { ${DOCUMENT} } }`;
const DELETE = `mutation($id: UUID!) { deleteAssetDocument(id: $id) { id } }`;
const LIST = `query($filter: AssetDocumentFilter, $orderBy: AssetDocumentOrder, $first: Int, $after: String) {
  assetDocuments(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount edges { node { id name } } pageInfo { hasNextPage endCursor } } }`;

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function document(tenant: Tenant, input: Record<string, unknown>) {
  return (await tenant.ok(CREATE, { input: { name: 'Doc', reference: 'DMS-1', ...input } })).createAssetDocument;
}

const names = (data: any) => data.assetDocuments.edges.map((edge: any) => edge.node.name);

describe('createAssetDocument', () => {
  it('records a document by URL or by reference, audited as document.created', async () => {
    const tenant = await api.tenant();
    const asset = await createAsset(tenant);
    const byUrl = await document(tenant, { assetId: asset.id, name: ' Invoice 2026-117 ', kind: 'INVOICE', reference: 'https://erp.example.com/invoices/117?x=1', expiresAt: day(365) });
    expect(byUrl).toEqual({
      id: expect.stringMatching(UUID), name: 'Invoice 2026-117', kind: 'INVOICE', reference: 'https://erp.example.com/invoices/117?x=1',
      url: 'https://erp.example.com/invoices/117?x=1', expiresAt: day(365), expired: false, asset: { id: asset.id },
    });
    const byReference = await document(tenant, { assetId: asset.id, name: 'Manual', reference: 'DMS-4711' });
    expect(byReference).toMatchObject({ kind: 'OTHER', reference: 'DMS-4711', url: null, expiresAt: null, expired: false });
    const [event] = await auditTrail(tenant, byUrl.id);
    expect(event).toMatchObject({
      action: 'document.created', entityType: 'AssetDocument', source: 'GRAPHQL',
      changes: { kind: { before: null, after: 'invoice' }, reference: { before: null, after: 'https://erp.example.com/invoices/117?x=1' } },
    });
  });

  it('refuses a blank name or reference, a non-http(s) URL and an unknown or foreign asset, writing nothing', async () => {
    const tenant = await api.tenant();
    const other = await api.tenant();
    const asset = await createAsset(tenant);
    const theirs = await createAsset(other);
    const refused = async (input: Record<string, unknown>) => onlyError(await tenant.gql(CREATE, { input: { assetId: asset.id, name: 'Doc', reference: 'DMS-1', ...input } })).extensions;
    expect(await refused({ name: ' ' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    expect(await refused({ reference: '' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reference' });
    expect(await refused({ reference: 'x'.repeat(2001) })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reference' });
    for (const reference of ['ftp://files.example.com/manual.pdf', 'javascript:alert(1)', 'https://', 'http:// spaces.example.com']) {
      expect(await refused({ reference }), reference).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reference' });
    }
    expect((await refused({ kind: 'RECEIPT' }))?.code).toBe('BAD_USER_INPUT');
    expect((await refused({ expiresAt: '2026-02-30' }))?.code).toBe('BAD_USER_INPUT');
    expect((await refused({ assetId: theirs.id }))?.code).toBe('NOT_FOUND');
    expect((await refused({ assetId: MISSING_ID }))?.code).toBe('NOT_FOUND');
    expect(await api.db.prisma.assetDocument.count({ where: { organizationId: { in: [tenant.organizationId, other.organizationId] } } })).toBe(0);
  });

  it('needs an admin with a write key: a read key gets FORBIDDEN', async () => {
    const tenant = await api.tenant();
    const asset = await createAsset(tenant);
    expect(onlyError(await tenant.gql(CREATE, { input: { assetId: asset.id, name: 'Doc', reference: 'DMS-1' } }, tenant.readKey)).extensions?.code).toBe('FORBIDDEN');
    expect(await api.db.prisma.assetDocument.count({ where: { organizationId: tenant.organizationId } })).toBe(0);
  });
});

describe('updateAssetDocument, deleteAssetDocument', () => {
  it('updates partially (null clears the expiry; name and reference stay required), deletes; each audited', async () => {
    const tenant = await api.tenant();
    const asset = await createAsset(tenant);
    const created = await document(tenant, { assetId: asset.id, name: 'Warranty', kind: 'WARRANTY', reference: 'https://vendor.example.com/w/1', expiresAt: day(-1) });
    expect(created.expired).toBe(true);
    const updated = (await tenant.ok(UPDATE, { id: created.id, input: { reference: 'WTY-99', expiresAt: null } })).updateAssetDocument;
    expect(updated).toMatchObject({ name: 'Warranty', kind: 'WARRANTY', reference: 'WTY-99', url: null, expiresAt: null, expired: false });
    expect(onlyError(await tenant.gql(UPDATE, { id: created.id, input: { name: null } })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    expect(onlyError(await tenant.gql(UPDATE, { id: created.id, input: { reference: null } })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reference' });
    expect(onlyError(await tenant.gql(UPDATE, { id: created.id, input: { reference: 'mailto://x' } })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reference' });
    expect((await tenant.ok(DELETE, { id: created.id })).deleteAssetDocument.id).toBe(created.id);
    expect(onlyError(await tenant.gql(DELETE, { id: created.id })).extensions?.code).toBe('NOT_FOUND');
    const trail = await auditTrail(tenant, created.id);
    expect(trail.map((event) => event.action)).toEqual(['document.created', 'document.updated', 'document.deleted']);
    // Audit diffs record dates as the timestamps Prisma holds (as for every Date column).
    expect(trail[1].changes).toEqual({
      reference: { before: 'https://vendor.example.com/w/1', after: 'WTY-99' }, expiresAt: { before: `${day(-1)}T00:00:00.000Z`, after: null },
    });
  });

  it("cannot touch another organization's document", async () => {
    const tenant = await api.tenant();
    const other = await api.tenant();
    const theirs = await document(other, { assetId: (await createAsset(other)).id, name: 'theirs' });
    expect(onlyError(await tenant.gql(UPDATE, { id: theirs.id, input: { name: 'mine' } })).extensions?.code).toBe('NOT_FOUND');
    expect(onlyError(await tenant.gql(DELETE, { id: theirs.id })).extensions?.code).toBe('NOT_FOUND');
    expect((await tenant.ok(`query($id: UUID!) { assetDocument(id: $id) { id } }`, { id: theirs.id })).assetDocument).toBeNull();
    expect((await tenant.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: theirs.id })).node).toBeNull();
    expect((await other.ok(`query($id: ID!) { node(id: $id) { __typename id } }`, { id: theirs.id })).node).toEqual({ __typename: 'AssetDocument', id: theirs.id });
    expect((await tenant.ok(LIST, {})).assetDocuments.totalCount).toBe(0);
    expect((await other.ok(`query($id: UUID!) { assetDocument(id: $id) { name } }`, { id: theirs.id })).assetDocument).toEqual({ name: 'theirs' });
    expect((await auditTrail(other, theirs.id)).map((event) => event.action)).toEqual(['document.created']);
  });
});

describe('assetDocuments and Asset.documents', () => {
  it('filters by asset, kind and expiry, sorts by expiry, name or creation, and pages', async () => {
    const tenant = await api.tenant();
    const [a, b] = [await createAsset(tenant), await createAsset(tenant)];
    await document(tenant, { assetId: a.id, name: 'Contract', kind: 'CONTRACT', expiresAt: day(200) });
    await document(tenant, { assetId: a.id, name: 'Manual', kind: 'MANUAL' });
    await document(tenant, { assetId: b.id, name: 'Certificate', kind: 'CERTIFICATE', expiresAt: day(10) });
    await document(tenant, { assetId: b.id, name: 'Insurance', kind: 'INSURANCE', expiresAt: day(-3) });
    expect(names(await tenant.ok(LIST, {}))).toEqual(['Insurance', 'Certificate', 'Contract', 'Manual']);
    expect(names(await tenant.ok(LIST, { filter: { assetId: a.id } }))).toEqual(['Contract', 'Manual']);
    expect(names(await tenant.ok(LIST, { filter: { kind: 'CERTIFICATE' } }))).toEqual(['Certificate']);
    expect(names(await tenant.ok(LIST, { filter: { expiresBefore: day(30) } }))).toEqual(['Insurance', 'Certificate']);
    expect(names(await tenant.ok(LIST, { orderBy: { field: 'NAME' } }))).toEqual(['Certificate', 'Contract', 'Insurance', 'Manual']);
    expect(names(await tenant.ok(LIST, { orderBy: { field: 'CREATED_AT', direction: 'DESC' } }))).toEqual(['Insurance', 'Certificate', 'Manual', 'Contract']);
    const first = await tenant.ok(LIST, { first: 3 });
    expect(first.assetDocuments).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: true } });
    expect(names(await tenant.ok(LIST, { first: 3, after: first.assetDocuments.pageInfo.endCursor }))).toEqual(['Manual']);
    const asset = await tenant.ok(`query($id: UUID!) { asset(id: $id) { documents(first: 10) { totalCount edges { node { name expired } } } } }`, { id: b.id });
    expect(asset.asset.documents).toEqual({ totalCount: 2, edges: [{ node: { name: 'Insurance', expired: true } }, { node: { name: 'Certificate', expired: false } }] });
  });

  it('is priced before it runs like any connection: each node and each object under it a point, per page item', async () => {
    const tenant = await api.tenant();
    const cost = async (first: number) => {
      const response = await api.app.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.readKey}` },
        body: JSON.stringify({ query: `{ assetDocuments(first: ${first}) { edges { node { id asset { name } } } } }` }),
      });
      const body = await response.json() as { errors?: unknown; extensions: { cost: { requestedQueryCost: number } } };
      expect(body.errors).toBeUndefined();
      return body.extensions.cost.requestedQueryCost;
    };
    expect((await cost(40)) - (await cost(20))).toBe(20 * 2);
  });

  it('reads a page of documents with their assets in a fixed number of statements', async () => {
    const tenant = await api.tenant();
    const asset = await createAsset(tenant);
    for (let i = 0; i < 5; i++) await document(tenant, { assetId: asset.id, name: `d${i}`, expiresAt: day(i) });
    // The key, the page with its assets joined, the count.
    await api.expectQueries(3, () => tenant.ok(`{ assetDocuments(first: 50) { totalCount edges { node { id url asset { name } } } } }`));
    // Asset.documents: the key, the asset with its page and count joined.
    await api.expectQueries(2, () => tenant.ok(`query($id: UUID!) { asset(id: $id) { documents(first: 50) { totalCount edges { node { name url } } } } }`, { id: asset.id }));
  });
});

describe('document.expiring', () => {
  it('the hourly scan sends document.expiring once per document expiring within 30 days, signed', async () => {
    const tenant = await api.tenant();
    await receiver.subscribe(tenant, ['document.expiring']);
    const asset = await createAsset(tenant, { name: 'Crane' });
    const due = await document(tenant, { assetId: asset.id, name: 'Safety certificate', kind: 'CERTIFICATE', reference: 'CERT-7', expiresAt: day(30) });
    const today = await document(tenant, { assetId: asset.id, name: 'Lease', kind: 'CONTRACT', expiresAt: day(0) });
    await document(tenant, { assetId: asset.id, name: 'far', expiresAt: day(31) });
    await document(tenant, { assetId: asset.id, name: 'expired', expiresAt: day(-1) });
    await document(tenant, { assetId: asset.id, name: 'never' });
    await runHourlyScans(api.db.prisma);
    await runHourlyScans(api.db.prisma);
    const events = (await receiver.deliver()).filter((event) => event.body.data.asset_id === asset.id);
    expect(events.map((event) => event.body.data.document_id).sort()).toEqual([due.id, today.id].sort());
    expect(events.every((event) => event.body.event === 'document.expiring')).toBe(true);
    expect(events.find((event) => event.body.data.document_id === due.id)!.body.data).toMatchObject({
      asset_name: 'Crane', name: 'Safety certificate', kind: 'certificate', reference: 'CERT-7', expires_at: day(30), days_left: 30,
    });
    // A new expiry date makes it due again, once; an unchanged one never again.
    await tenant.ok(UPDATE, { id: due.id, input: { expiresAt: day(29) } });
    await runHourlyScans(api.db.prisma);
    await runHourlyScans(api.db.prisma);
    const again = (await receiver.deliver()).filter((event) => event.body.data.asset_id === asset.id);
    expect(again.map((event) => `${event.body.event} ${event.body.data.document_id} ${event.body.data.expires_at}`)).toEqual([`document.expiring ${due.id} ${day(29)}`]);
  });

  it('is one statement per run, and a run after the first queues nothing (as on another instance)', async () => {
    const tenant = await api.tenant();
    await receiver.subscribe(tenant, ['document.expiring']);
    const asset = await createAsset(tenant);
    // A clock years ahead: only this document is within 30 days of it.
    const now = new Date('2031-01-01T12:00:00Z');
    await document(tenant, { assetId: asset.id, expiresAt: '2031-01-10' });
    let queued: number[] = [];
    await api.expectQueries(1, async () => { queued.push(await scanExpiringDocuments(api.db.prisma, now)); });
    queued = [...queued, await scanExpiringDocuments(api.db.prisma, new Date(now.getTime() + 3_600_000))];
    expect(queued).toEqual([1, 0]);
    const [event] = (await receiver.deliver()).filter((delivered) => delivered.body.data.asset_id === asset.id);
    expect(event.body.data).toMatchObject({ expires_at: '2031-01-10', days_left: 9 });
  });

  it('queues nothing for an organization without a subscription, and document.* subscribes to it', async () => {
    const quiet = await api.tenant();
    const quietAsset = await createAsset(quiet);
    await document(quiet, { assetId: quietAsset.id, expiresAt: day(1) });
    const tenant = await api.tenant();
    await receiver.subscribe(tenant, ['document.*']);
    const asset = await createAsset(tenant);
    await document(tenant, { assetId: asset.id, expiresAt: day(1) });
    await runHourlyScans(api.db.prisma);
    const delivered = await receiver.deliver();
    expect(delivered.filter((event) => event.body.data.asset_id === asset.id).map((event) => event.body.event)).toEqual(['document.expiring']);
    expect(await api.db.prisma.webhookEvent.count({ where: { organizationId: quiet.organizationId } })).toBe(0);
  });
});
