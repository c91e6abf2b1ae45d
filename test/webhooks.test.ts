// Specification of webhooks: subscriptions (admin only, SSRF-guarded), the transactional outbox
// written with each audited change, and the delivery worker against a real local HTTP receiver.
import crypto, { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { auditedTransaction } from '../src/audit/audited-transaction.js';
import { createKey } from '../src/auth/key-admin.js';
import { FieldCipher } from '../src/crypto/field-cipher.js';
import { scopeToOrganization } from '../src/db/tenant-scope.js';
import type { Actor } from '../src/request/actor.js';
import { DeliveryWorker, type DeliveryWorkerOptions } from '../src/webhooks/delivery-worker.js';
import { scanExpiringWarranties } from '../src/webhooks/warranty-scan.js';
import { startTestApi, type GraphQLResponse, type Tenant, type TestApi } from './support/test-api.js';
import { createAsset, createLocation, createVendor, inviteUser } from './support/fixtures.js';
import { onlyError } from './support/assertions.js';

process.env.WEBHOOK_ALLOW_PRIVATE = 'true';

// The worker decrypts webhook secrets with the app's key: this file runs its own app over the
// test database with a cipher it knows (the test API's cipher is private to it).
const cipher = new FieldCipher(randomBytes(32));
let api: TestApi;
let app: App;
beforeAll(async () => {
  api = await startTestApi();
  app = createApp(api.db, { cipher, budgetStore: null });
});
afterAll(() => api.close());

async function gql<T = any>(key: string, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
  const response = await app.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: GraphQLResponse['errors'] };
  return { status: response.status, headers: response.headers, data: body.data ?? undefined, errors: body.errors };
}

async function ok<T = any>(key: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const response = await gql<T>(key, query, variables);
  if (response.errors?.length) throw new Error(`unexpected errors: ${JSON.stringify(response.errors)}`);
  return response.data as T;
}

const worker = (options: Partial<DeliveryWorkerOptions> = {}) => new DeliveryWorker({ prisma: api.db.prisma, cipher, ...options });

// ---- A real HTTP receiver on 127.0.0.1 ----

interface Received { headers: IncomingHttpHeaders; body: string }
interface Receiver { url: string; port: number; received: Received[]; status: number; server: Server; close(): Promise<void> }

async function startReceiver(port = 0, status = 200): Promise<Receiver> {
  const received: Received[] = [];
  const receiver = { received, status } as Receiver;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = receiver.status;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  receiver.server = server;
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}/hooks`;
  receiver.close = () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  return receiver;
}

// The verification snippet of the SenAsset document (seed 000), as published.
function verifyWebhook(payload: string, signature: string, secret: string) {
  const expected = crypto
    .createHmac('sha256', secret)
    .update(payload, 'utf8')
    .digest('hex');
  return crypto.timingSafeEqual(
    Buffer.from(signature),
    Buffer.from(`sha256=${expected}`),
  );
}

const CREATE = `mutation($input: CreateWebhookInput!) {
  createWebhook(input: $input) { signingSecret webhook { id url events active createdAt } }
}`;
const DELIVERIES = `query($id: UUID!) { webhookDeliveries(webhookId: $id, first: 100) { totalCount edges { node {
  id status attempts lastStatusCode lastError latencyMs deliveredAt event { id name data } log { attempt statusCode error latencyMs }
} } } }`;

async function subscribe(tenant: Tenant, url: string, events: string[], secret?: string) {
  const data = await ok(tenant.writeKey, CREATE, { input: { url, events, ...(secret && { secret }) } });
  const { signingSecret, webhook } = data.createWebhook;
  return { secret: signingSecret, webhook } as { secret: string; webhook: { id: string; url: string; events: string[]; active: boolean } };
}

async function deliveries(tenant: Tenant, webhookId: string) {
  const data = await ok(tenant.writeKey, DELIVERIES, { id: webhookId });
  return data.webhookDeliveries.edges.map((edge: any) => edge.node) as any[];
}

/** Tests in this file share one database and the worker serves every tenant: retire what an
 *  earlier test left pending so each test sees only its own deliveries. */
async function drain() {
  await api.db.prisma.webhookDelivery.updateMany({ where: { status: 'pending' }, data: { status: 'dead' } });
}

describe('webhook subscriptions', () => {
  it('createWebhook generates a whsec_ secret shown once; webhooks lists without it; update and delete are audited', async () => {
    const tenant = await api.tenant();
    const created = await subscribe(tenant, 'https://example.com/hooks', ['asset.created', 'vendor.*']);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    expect(created.webhook).toMatchObject({ url: 'https://example.com/hooks', events: ['asset.created', 'vendor.*'], active: true });

    const own = await subscribe(tenant, 'https://example.com/other', ['*'], 'my-own-secret-0123456789');
    expect(own.secret).toBe('my-own-secret-0123456789');

    const list = await ok(tenant.writeKey, `{ webhooks(first: 10) { totalCount edges { node { id url events active } } } }`);
    expect(list.webhooks.totalCount).toBe(2);
    expect(JSON.stringify(list)).not.toContain('whsec_');

    const updated = await ok(tenant.writeKey, `mutation($id: UUID!) { updateWebhook(id: $id, input: { active: false, events: ["asset.retired"] }) { id active events } }`, { id: created.webhook.id });
    expect(updated.updateWebhook).toEqual({ id: created.webhook.id, active: false, events: ['asset.retired'] });

    const deleted = await ok(tenant.writeKey, `mutation($id: UUID!) { deleteWebhook(id: $id) { id } }`, { id: created.webhook.id });
    expect(deleted.deleteWebhook.id).toBe(created.webhook.id);
    const again = await gql(tenant.writeKey, `mutation($id: UUID!) { deleteWebhook(id: $id) { id } }`, { id: created.webhook.id });
    expect(onlyError(again).extensions?.code).toBe('NOT_FOUND');

    const audit = await ok(tenant.writeKey, `query($id: UUID!) { auditEvents(first: 10, direction: ASC, filter: { entityId: $id }) { edges { node { action changes } } } }`, { id: created.webhook.id });
    expect(audit.auditEvents.edges.map((edge: any) => edge.node.action)).toEqual(['webhook.created', 'webhook.updated', 'webhook.deleted']);
    expect(JSON.stringify(audit)).not.toContain('secret');
  });

  it('another organization cannot see, update or delete a webhook', async () => {
    const tenant = await api.tenant();
    const other = await api.tenant();
    const created = await subscribe(tenant, 'https://example.com/hooks', ['asset.created']);
    expect((await ok(other.writeKey, `{ webhooks(first: 10) { totalCount } }`)).webhooks.totalCount).toBe(0);
    const response = await gql(other.writeKey, `mutation($id: UUID!) { deleteWebhook(id: $id) { id } }`, { id: created.webhook.id });
    expect(onlyError(response).extensions?.code).toBe('NOT_FOUND');
    const deliveriesOther = await ok(other.writeKey, `query($id: UUID!) { webhookDeliveries(webhookId: $id) { totalCount } }`, { id: created.webhook.id });
    expect(deliveriesOther.webhookDeliveries.totalCount).toBe(0);
  });

  it('refuses non-http(s) URLs, unknown events and short secrets (BAD_USER_INPUT with the field)', async () => {
    const tenant = await api.tenant();
    const cases: [Record<string, unknown>, string][] = [
      [{ url: 'ftp://example.com/x', events: ['asset.created'] }, 'url'],
      [{ url: 'not a url', events: ['asset.created'] }, 'url'],
      [{ url: 'file:///etc/passwd', events: ['asset.created'] }, 'url'],
      [{ url: 'https://example.com/x', events: [] }, 'events'],
      [{ url: 'https://example.com/x', events: ['asset.exploded'] }, 'events'],
      [{ url: 'https://example.com/x', events: ['asset.created'], secret: 'short' }, 'secret'],
    ];
    for (const [input, field] of cases) {
      const response = await gql(tenant.writeKey, CREATE, { input });
      expect(onlyError(response).extensions, JSON.stringify(input)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect((await ok(tenant.writeKey, `{ webhooks { totalCount } }`)).webhooks.totalCount).toBe(0);
  });

  it('refuses private, loopback and link-local targets unless WEBHOOK_ALLOW_PRIVATE=true', async () => {
    const tenant = await api.tenant();
    process.env.WEBHOOK_ALLOW_PRIVATE = 'false';
    try {
      for (const url of ['http://127.0.0.1:8080/x', 'http://localhost/x', 'http://169.254.169.254/latest/meta-data', 'http://10.1.2.3/',
        'http://192.168.1.10/', 'http://172.16.0.1/', 'http://[::1]/', 'http://[fe80::1]/', 'http://[::ffff:127.0.0.1]/', 'http://0.0.0.0/']) {
        const response = await gql(tenant.writeKey, CREATE, { input: { url, events: ['asset.created'] } });
        expect(onlyError(response).extensions, url).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
      }
      const publicIp = await gql(tenant.writeKey, CREATE, { input: { url: 'https://93.184.215.14/hooks', events: ['asset.created'] } });
      expect(publicIp.errors).toBeUndefined();
    } finally {
      process.env.WEBHOOK_ALLOW_PRIVATE = 'true';
    }
    const allowed = await gql(tenant.writeKey, CREATE, { input: { url: 'http://127.0.0.1:8080/x', events: ['asset.created'] } });
    expect(allowed.errors).toBeUndefined();
  });

  it('refuses cloud metadata addresses always, even with WEBHOOK_ALLOW_PRIVATE=true', async () => {
    const tenant = await api.tenant();
    expect(process.env.WEBHOOK_ALLOW_PRIVATE).toBe('true');
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://[fd00:ec2::254]/latest/', 'http://169.254.170.2/v2/credentials',
      'http://[::ffff:169.254.169.254]/', 'http://2852039166/']) {
      const response = await gql(tenant.writeKey, CREATE, { input: { url, events: ['asset.created'] } });
      expect(onlyError(response), url).toMatchObject({ message: expect.stringMatching(/cloud metadata address/), extensions: { code: 'BAD_USER_INPUT', field: 'url' } });
    }
  });

  it('is admin + write only: read keys and non-admin users are FORBIDDEN, no key is UNAUTHENTICATED', async () => {
    const tenant = await api.tenant();
    const member = await inviteUser(tenant, { role: 'USER' });
    const memberKey = await createKey(api.db.prisma, { organizationId: tenant.organizationId, name: 'member', scopes: ['write'], userEmail: member.email });
    const input = { url: 'https://example.com/hooks', events: ['asset.created'] };
    for (const key of [tenant.readKey, memberKey.secret]) {
      expect(onlyError(await gql(key, CREATE, { input })).extensions?.code).toBe('FORBIDDEN');
    }
    expect(onlyError(await gql(memberKey.secret, `{ webhooks { totalCount } }`)).extensions?.code).toBe('FORBIDDEN');
    const anonymous = await app.fetch('http://test/graphql', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ webhooks { totalCount } }` }),
    });
    expect(((await anonymous.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await ok(tenant.writeKey, `{ webhooks { totalCount } }`)).webhooks.totalCount).toBe(0);
  });
});

describe('REST /api/webhooks', () => {
  it('POST registers (201, secret once), GET lists, DELETE removes', async () => {
    const tenant = await api.tenant();
    const headers = { authorization: `Bearer ${tenant.writeKey}`, 'content-type': 'application/json' };
    const created = await app.fetch('http://test/api/webhooks', {
      method: 'POST', headers,
      body: JSON.stringify({ url: 'https://yourapp.example.com/webhooks/senasset', events: ['asset.assigned', 'asset.checked_in', 'warranty.expiring'], secret: 'your_webhook_secret' }),
    });
    expect(created.status).toBe(201);
    const body = (await created.json()) as any;
    expect(body).toMatchObject({ url: 'https://yourapp.example.com/webhooks/senasset', events: ['asset.assigned', 'asset.checked_in', 'warranty.expiring'], active: true, secret: 'your_webhook_secret' });

    const bad = await app.fetch('http://test/api/webhooks', { method: 'POST', headers, body: JSON.stringify({ url: 'gopher://x', events: ['asset.created'] }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error).toMatch(/http/);
    const notArray = await app.fetch('http://test/api/webhooks', { method: 'POST', headers, body: JSON.stringify({ url: 'https://x.example.com', events: 'asset.created' }) });
    expect(notArray.status).toBe(400);

    const list = await app.fetch('http://test/api/webhooks', { headers });
    expect(list.status).toBe(200);
    expect(list.headers.get('x-total-count')).toBe('1');
    const rows = (await list.json()) as any[];
    expect(rows).toEqual([{ id: body.id, url: body.url, events: body.events, active: true, created_at: body.created_at }]);

    const removed = await app.fetch(`http://test/api/webhooks/${body.id}`, { method: 'DELETE', headers });
    expect(removed.status).toBe(200);
    expect(await removed.json()).toEqual({ ok: true });
    expect((await app.fetch(`http://test/api/webhooks/${body.id}`, { method: 'DELETE', headers })).status).toBe(404);

    const readOnly = await app.fetch('http://test/api/webhooks', { headers: { authorization: `Bearer ${tenant.readKey}` } });
    expect(readOnly.status).toBe(200);
  });
});

describe('outbox and delivery', () => {
  it('a change gives exactly one delivery per matching active webhook; the receiver gets the documented payload, verified by the documented snippet', async () => {
    await drain();
    const receiver = await startReceiver();
    try {
      const tenant = await api.tenant();
      const hook = await subscribe(tenant, receiver.url, ['asset.created', 'asset.assigned']);
      const wildcard = await subscribe(tenant, receiver.url, ['asset.*']);
      const unrelated = await subscribe(tenant, receiver.url, ['vendor.created']);
      const inactive = await subscribe(tenant, receiver.url, ['asset.created']);
      await ok(tenant.writeKey, `mutation($id: UUID!) { updateWebhook(id: $id, input: { active: false }) { id } }`, { id: inactive.webhook.id });

      const asset = await createAsset(tenant, { name: 'MacBook Pro 16"' });
      expect(await deliveries(tenant, hook.webhook.id)).toHaveLength(1);
      expect(await deliveries(tenant, wildcard.webhook.id)).toHaveLength(1);
      expect(await deliveries(tenant, unrelated.webhook.id)).toHaveLength(0);
      expect(await deliveries(tenant, inactive.webhook.id)).toHaveLength(0);

      const result = await worker().runOnce();
      expect(result).toMatchObject({ delivered: 2, retried: 0, dead: 0 });
      expect(receiver.received).toHaveLength(2);
      expect((await worker().runOnce()).claimed).toBe(0);

      const mine = receiver.received.find((r) => verifyWebhook(r.body, r.headers['x-signature'] as string, hook.secret))!;
      expect(mine).toBeDefined();
      const payload = JSON.parse(mine.body);
      expect(Object.keys(payload)).toEqual(['id', 'event', 'created_at', 'data']);
      expect(payload).toMatchObject({
        id: expect.stringMatching(/^evt_[0-9a-f]{32}$/),
        event: 'asset.created',
        data: { asset_id: asset.id, asset_name: 'MacBook Pro 16"', asset_tag: asset.assetTag, status: 'active' },
      });
      expect(new Date(payload.created_at).toISOString()).toBe(payload.created_at);
      expect(mine.headers['content-type']).toBe('application/json');
      expect(mine.headers['x-webhook-id']).toBe(payload.id);
      const timestamp = mine.headers['x-webhook-timestamp'] as string;
      expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
      const v2 = crypto.createHmac('sha256', hook.secret).update(`${timestamp}.${mine.body}`).digest('hex');
      expect(mine.headers['x-webhook-signature-v2']).toBe(`sha256=${v2}`);
      expect(() => verifyWebhook(mine.body, mine.headers['x-signature'] as string, 'wrong-secret')).not.toThrow();
      expect(verifyWebhook(mine.body, mine.headers['x-signature'] as string, 'wrong-secret')).toBe(false);
      // Both webhooks got the same event (same id), each signed with its own secret.
      const other = receiver.received.find((r) => r !== mine)!;
      expect(JSON.parse(other.body).id).toBe(payload.id);
      expect(verifyWebhook(other.body, other.headers['x-signature'] as string, wildcard.secret)).toBe(true);

      const [delivery] = await deliveries(tenant, hook.webhook.id);
      expect(delivery).toMatchObject({ status: 'DELIVERED', attempts: 1, lastStatusCode: 200, lastError: null, event: { id: payload.id, name: 'asset.created' } });
      expect(delivery.deliveredAt).not.toBeNull();
      expect(delivery.log).toEqual([{ attempt: 1, statusCode: 200, error: null, latencyMs: expect.any(Number) }]);
    } finally {
      await receiver.close();
    }
  });

  it('maps checkout to asset.assigned, checkin, retire, delete, user.invited, vendor.* and location.*', async () => {
    await drain();
    const receiver = await startReceiver();
    try {
      const tenant = await api.tenant();
      const hook = await subscribe(tenant, receiver.url, ['*']);
      const user = await inviteUser(tenant, { name: 'Jane Smith', email: 'jane@acme.example' });
      const asset = await createAsset(tenant);
      await ok(tenant.writeKey, `mutation($input: CheckoutAssetInput!) { checkoutAsset(input: $input) { id } }`, { input: { assetId: asset.id, userId: user.id } });
      await ok(tenant.writeKey, `mutation($id: UUID!) { checkinAsset(assetId: $id) { id } }`, { id: asset.id });
      await ok(tenant.writeKey, `mutation($id: UUID!) { updateAsset(id: $id, input: { status: RETIRED }) { id } }`, { id: asset.id });
      await ok(tenant.writeKey, `mutation($id: UUID!) { deleteAsset(id: $id) { id } }`, { id: asset.id });
      const vendor = await createVendor(tenant);
      await ok(tenant.writeKey, `mutation($id: UUID!) { updateVendor(id: $id, input: { name: "Apple" }) { id } }`, { id: vendor.id });
      const location = await createLocation(tenant);
      await ok(tenant.writeKey, `mutation($id: UUID!) { deleteLocation(id: $id) { id } }`, { id: location.id });

      while ((await worker().runOnce()).claimed > 0) { /* drain */ }
      expect(receiver.received.every((r) => verifyWebhook(r.body, r.headers['x-signature'] as string, hook.secret))).toBe(true);
      const events = receiver.received.map((r) => JSON.parse(r.body));
      const names = events.map((p) => p.event).sort();
      expect(names).toEqual([
        'asset.assigned', 'asset.checked_in', 'asset.created', 'asset.deleted', 'asset.retired', 'asset.updated',
        'location.created', 'location.deleted', 'user.invited', 'vendor.created', 'vendor.updated',
      ].sort());
      const assigned = events.find((p) => p.event === 'asset.assigned');
      expect(assigned.data).toMatchObject({
        asset_id: asset.id, asset_tag: asset.assetTag, assignee: { id: user.id, name: 'Jane Smith', email: 'jane@acme.example' },
        assigned_by: { id: tenant.userId },
      });
      expect(events.find((p) => p.event === 'user.invited').data).toMatchObject({ user_id: user.id, email: 'jane@acme.example' });
      expect(events.find((p) => p.event === 'vendor.updated').data.changes).toEqual({ name: { before: 'Apple Inc.', after: 'Apple' } });
    } finally {
      await receiver.close();
    }
  });

  it('asset.retired is raised once, when the asset becomes retired: a later write to it raises asset.updated only', async () => {
    const tenant = await api.tenant();
    const hook = await subscribe(tenant, 'http://127.0.0.1:9/hooks', ['asset.*']); // queued only: no worker runs here
    const eventNames = async () => (await deliveries(tenant, hook.webhook.id)).map((delivery) => delivery.event.name).sort();
    const asset = await createAsset(tenant);
    await ok(tenant.writeKey, `mutation($id: UUID!) { updateAsset(id: $id, input: { status: RETIRED }) { id } }`, { id: asset.id });
    expect(await eventNames()).toEqual(['asset.created', 'asset.retired', 'asset.updated']);

    const renamed = await ok(tenant.writeKey, `mutation($id: UUID!) { updateAsset(id: $id, input: { name: "Spare parts" }) { name status } }`, { id: asset.id });
    expect(renamed.updateAsset).toEqual({ name: 'Spare parts', status: 'RETIRED' });
    expect(await eventNames()).toEqual(['asset.created', 'asset.retired', 'asset.updated', 'asset.updated']);
  });

  it('receiver down, then up: the delivery is retried with backoff and delivered, same event id, every attempt logged', async () => {
    await drain();
    const probe = await startReceiver();
    const port = probe.port;
    await probe.close(); // nothing listens on `port` now: connections are refused
    const tenant = await api.tenant();
    const hook = await subscribe(tenant, `http://127.0.0.1:${port}/hooks`, ['location.created']);
    await createLocation(tenant, { name: 'Sydney HQ' });

    const w = worker({ random: () => 0.5 });
    const start = new Date();
    const first = await w.runOnce({ now: start });
    expect(first).toMatchObject({ claimed: 1, retried: 1 });
    let [delivery] = await deliveries(tenant, hook.webhook.id);
    expect(delivery).toMatchObject({ status: 'PENDING', attempts: 1, lastStatusCode: null });
    expect(delivery.lastError).toMatch(/ECONNREFUSED|fetch failed/);

    // Not due before the backoff (30 s, jitter ±20 %) has passed.
    expect((await w.runOnce({ now: new Date(start.getTime() + 20_000) })).claimed).toBe(0);

    const receiver = await startReceiver(port);
    try {
      const second = await w.runOnce({ now: new Date(start.getTime() + 40_000) });
      expect(second).toMatchObject({ claimed: 1, delivered: 1 });
      expect(receiver.received).toHaveLength(1);
      const payload = JSON.parse(receiver.received[0].body);
      [delivery] = await deliveries(tenant, hook.webhook.id);
      expect(delivery).toMatchObject({ status: 'DELIVERED', attempts: 2, lastStatusCode: 200, lastError: null, event: { id: payload.id } });
      expect(delivery.log.map((entry: any) => [entry.attempt, entry.statusCode])).toEqual([[1, null], [2, 200]]);
      expect(verifyWebhook(receiver.received[0].body, receiver.received[0].headers['x-signature'] as string, hook.secret)).toBe(true);

      // redeliverWebhookEvent queues the same event again (same X-Webhook-Id).
      const again = await ok(tenant.writeKey, `mutation($id: UUID!) { redeliverWebhookEvent(deliveryId: $id) { id status attempts } }`, { id: delivery.id });
      expect(again.redeliverWebhookEvent).toMatchObject({ status: 'PENDING', attempts: 0 });
      expect((await w.runOnce()).delivered).toBe(1);
      expect(receiver.received).toHaveLength(2);
      expect(receiver.received[1].headers['x-webhook-id']).toBe(payload.id);
      const foreign = await api.tenant();
      expect(onlyError(await gql(foreign.writeKey, `mutation($id: UUID!) { redeliverWebhookEvent(deliveryId: $id) { id } }`, { id: delivery.id })).extensions?.code).toBe('NOT_FOUND');
    } finally {
      await receiver.close();
    }
  });

  it('a worker that dies mid-delivery: once its lease runs out another delivers the same event, and the stale result is discarded', async () => {
    await drain();
    // The first request is held open, as if the worker that sent it had died waiting.
    const held: ServerResponse[] = [];
    const bodies: { id: string; body: string }[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk) => chunks.push(chunk));
      req.on('end', () => {
        bodies.push({ id: String(req.headers['x-webhook-id']), body: Buffer.concat(chunks).toString('utf8') });
        if (bodies.length === 1) held.push(res);
        else res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const tenant = await api.tenant();
      const hook = await subscribe(tenant, `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, ['location.created']);
      await createLocation(tenant, { name: 'Lease' });
      const start = new Date();
      const stalled = worker({ timeoutMs: 30_000 }).runOnce({ now: start });
      while (held.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      // Within the lease nobody else takes the delivery …
      expect((await worker().runOnce({ now: new Date(start.getTime() + 30_000) })).claimed).toBe(0);
      // … after it, another worker does, with the same event id.
      expect(await worker().runOnce({ now: new Date(start.getTime() + 61_000) })).toMatchObject({ claimed: 1, delivered: 1 });
      expect(bodies.map((b) => b.id)).toEqual([bodies[0].id, bodies[0].id]);
      // The stalled attempt finally fails; its lease is gone, so it cannot undo the delivery.
      held[0].destroy();
      await stalled;
      const [delivery] = await deliveries(tenant, hook.webhook.id);
      expect(delivery).toMatchObject({ status: 'DELIVERED', attempts: 2, lastStatusCode: 200 });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('warranty.expiring: the scan queues one event per asset and expiry date, 30 days ahead, whatever how often it runs', async () => {
    await drain();
    const tenant = await api.tenant();
    const receiver = await startReceiver();
    try {
      const hook = await subscribe(tenant, receiver.url, ['warranty.*']);
      const day = (offset: number) => new Date(Date.UTC(2030, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
      const now = new Date(`${day(0)}T09:00:00Z`);
      const soon = await createAsset(tenant, { name: 'Soon', purchaseDate: day(-700), warrantyExpiry: day(10) });
      await createAsset(tenant, { name: 'Later', purchaseDate: day(-700), warrantyExpiry: day(45) });
      await createAsset(tenant, { name: 'Retired', purchaseDate: day(-700), warrantyExpiry: day(5), status: 'RETIRED' });
      const other = await api.tenant(); // no subscription: nothing queued for it
      await createAsset(other, { name: 'Elsewhere', purchaseDate: day(-700), warrantyExpiry: day(3) });

      expect(await scanExpiringWarranties(api.db.prisma, now)).toBe(1);
      expect(await scanExpiringWarranties(api.db.prisma, new Date(now.getTime() + 3_600_000))).toBe(0);
      expect((await worker().runOnce()).delivered).toBe(1);
      const payload = JSON.parse(receiver.received[0].body);
      expect(payload).toMatchObject({ event: 'warranty.expiring', data: { asset_id: soon.id, asset_name: 'Soon', warranty_expiry: day(10), days_left: 10 } });
      expect(payload.id).toMatch(/^evt_[0-9a-f]{32}$/);
      // A new expiry date is a new notice.
      await ok(tenant.writeKey, `mutation($id: UUID!, $d: Date) { updateAsset(id: $id, input: { warrantyExpiry: $d }) { id } }`, { id: soon.id, d: day(20) });
      expect(await scanExpiringWarranties(api.db.prisma, now)).toBe(1);
      expect((await deliveries(tenant, hook.webhook.id)).length).toBe(2);
    } finally {
      await receiver.close();
    }
  });

  it('non-2xx answers and redirects are failures; after the last attempt the delivery is dead', async () => {
    await drain();
    const receiver = await startReceiver(0, 302);
    try {
      const tenant = await api.tenant();
      const hook = await subscribe(tenant, receiver.url, ['vendor.created']);
      await createVendor(tenant);
      const w = worker({ maxAttempts: 3, random: () => 0 });
      let now = Date.now();
      const outcomes = [];
      for (let i = 0; i < 3; i++) {
        receiver.status = i === 0 ? 302 : 500;
        outcomes.push(await w.runOnce({ now: new Date(now) }));
        now += 24 * 3600_000;
      }
      expect(outcomes.map((o) => [o.retried, o.dead])).toEqual([[1, 0], [1, 0], [0, 1]]);
      expect((await w.runOnce({ now: new Date(now) })).claimed).toBe(0);
      const [delivery] = await deliveries(tenant, hook.webhook.id);
      expect(delivery).toMatchObject({ status: 'DEAD', attempts: 3, lastStatusCode: 500, lastError: 'HTTP 500' });
      expect(delivery.log.map((entry: any) => entry.statusCode)).toEqual([302, 500, 500]);
      expect(receiver.received).toHaveLength(3);
    } finally {
      await receiver.close();
    }
  });

  it('checks the address again as the connection is made: a name re-resolving to a private or metadata address (DNS rebinding) is never reached', async () => {
    const receiver = await startReceiver();
    const tenant = await api.tenant();
    // The name does not resolve for real; each worker below resolves it with its own resolver.
    const hook = await subscribe(tenant, `http://rebind.test:${receiver.port}/hooks`, ['asset.created']);
    /** Answers `first` to the check before the attempt, then `then` to the connection's lookup. */
    const rebinding = (first: string, then: string) => {
      let calls = 0;
      return async () => [{ address: calls++ === 0 ? first : then, family: 4 }];
    };
    const attempt = async (resolver: (host: string) => Promise<{ address: string; family: number }[]>) => {
      await drain();
      await createAsset(tenant, { name: 'Rebinding probe' });
      return worker({ resolver }).runOnce();
    };
    try {
      process.env.WEBHOOK_ALLOW_PRIVATE = 'false';
      try {
        expect(await attempt(rebinding('93.184.215.14', '127.0.0.1'))).toMatchObject({ claimed: 1, delivered: 0, retried: 1 });
      } finally {
        process.env.WEBHOOK_ALLOW_PRIVATE = 'true';
      }
      expect(await attempt(rebinding('127.0.0.1', '169.254.169.254'))).toMatchObject({ claimed: 1, delivered: 0, retried: 1 });
      expect(receiver.received).toHaveLength(0);
      const failed = (await deliveries(tenant, hook.webhook.id)).filter((delivery) => delivery.attempts === 1 && delivery.lastError);
      expect(failed).toHaveLength(2);
      expect(failed.map((delivery) => delivery.lastError)).toEqual(expect.arrayContaining([
        expect.stringMatching(/webhook target refused: rebind\.test resolves to 127\.0\.0\.1 is a private/),
        expect.stringMatching(/webhook target refused: rebind\.test resolves to 169\.254\.169\.254 is a cloud metadata address/),
      ]));
      // The same path with an address that is allowed reaches the receiver.
      expect(await attempt(rebinding('127.0.0.1', '127.0.0.1'))).toMatchObject({ claimed: 1, delivered: 1 });
      expect(receiver.received).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  it('backs off exponentially with jitter over about a day', () => {
    const w = worker({ random: () => 0.5 });
    expect([1, 2, 3].map((attempt) => w.backoffMs(attempt))).toEqual([30_000, 60_000, 120_000]);
    const total = Array.from({ length: 11 }, (_, i) => w.backoffMs(i + 1)).reduce((a, b) => a + b, 0);
    expect(total / 3600_000).toBeGreaterThan(12);
    expect(total / 3600_000).toBeLessThan(48);
    expect(worker({ random: () => 0 }).backoffMs(1)).toBe(24_000);
    expect(worker({ random: () => 1 }).backoffMs(1)).toBe(36_000);
  });

  it(`two workers running at once attempt each delivery once (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, async () => {
    await drain();
    const receiver = await startReceiver();
    try {
      const tenant = await api.tenant();
      await subscribe(tenant, receiver.url, ['location.created']);
      await subscribe(tenant, receiver.url, ['location.*']);
      for (let i = 0; i < 10; i++) await createLocation(tenant, { name: `Site ${i}` });
      const a = worker({ batchSize: 7 });
      const b = worker({ batchSize: 7 });
      const results = await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
      while ((await a.runOnce()).claimed > 0) { /* drain */ }
      expect(results.reduce((sum, r) => sum + r.claimed, 0)).toBeGreaterThan(0);
      expect(receiver.received).toHaveLength(20);
      const keys = receiver.received.map((r) => `${r.headers['x-webhook-id']} ${r.headers['x-signature']}`);
      expect(new Set(keys).size).toBe(20);
    } finally {
      await receiver.close();
    }
  });

  it('a rolled-back change leaves no event and no delivery; a committed one leaves exactly one', async () => {
    await drain();
    const tenant = await api.tenant();
    const hook = await subscribe(tenant, 'http://127.0.0.1:9/unused', ['location.created']);
    const actor: Actor = { organizationId: tenant.organizationId, userId: tenant.userId, apiKeyId: null, source: 'graphql', requestId: 'test' };
    await expect(auditedTransaction(scopeToOrganization(api.db.prisma, tenant.organizationId), actor, async (tx, audit) => {
      const created = await tx.location.create({ data: { name: 'Doomed', organizationId: tenant.organizationId } });
      await audit({ action: 'location.created', entityType: 'Location', entityId: created.id, before: null, after: created });
      throw new Error('boom after the audit');
    })).rejects.toThrow('boom');
    const events = () => api.db.prisma.webhookEvent.count({ where: { organizationId: tenant.organizationId } });
    expect(await events()).toBe(0);
    expect(await deliveries(tenant, hook.webhook.id)).toHaveLength(0);
    expect((await ok(tenant.writeKey, `{ locations { totalCount } }`)).locations.totalCount).toBe(0);

    // A failing GraphQL write (CONFLICT) raises nothing either.
    const location = await createLocation(tenant);
    await createAsset(tenant, { locationId: location.id });
    expect((await gql(tenant.writeKey, `mutation($id: UUID!) { deleteLocation(id: $id) { id } }`, { id: location.id })).errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(await events()).toBe(1);
    expect(await deliveries(tenant, hook.webhook.id)).toHaveLength(1);
    // Leave nothing pending for other tests.
    await ok(tenant.writeKey, `mutation($id: UUID!) { deleteWebhook(id: $id) { id } }`, { id: hook.webhook.id });
  });
});
