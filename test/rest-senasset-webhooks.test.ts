// Specification of SenAsset's /v1/webhooks (seed 000, "Webhooks"): the document's registration
// example, the same subscriptions as /api/webhooks, unknown events refused, and deliveries carrying
// X-SenAsset-Signature, verified by the document's Node snippet unchanged.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { FieldCipher } from '../src/crypto/field-cipher.js';
import { DeliveryWorker } from '../src/webhooks/delivery-worker.js';
import { auditTrail, inviteUser } from './support/fixtures.js';
import { expectCodedError, expectJson, ISO_DATETIME, MISSING_ID, restClient, UUID } from './support/rest.js';
import { startTestApi, type TestApi } from './support/test-api.js';
import { startReceiver, verifyWebhook } from './support/webhook-receiver.js';

process.env.WEBHOOK_ALLOW_PRIVATE = 'true';

// The delivery worker decrypts secrets with the app's key: this file serves its own app over the
// test database with a cipher it knows.
const cipher = new FieldCipher(randomBytes(32));
let api: TestApi;
let own: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  own = { ...api, app: createApp(api.db, { cipher, budgetStore: null }) };
});
afterAll(() => api.close());

/** The document's registration example (the secret as written is 19 characters: long enough). */
const REGISTER = { url: 'https://yourapp.com/webhooks/senasset', events: ['asset.assigned', 'asset.checked_in', 'warranty.expiring'], secret: 'your_webhook_secret' };

async function setUp() {
  const tenant = await own.tenant();
  return { tenant, r: restClient(own, tenant.writeKey) };
}

describe('POST /v1/webhooks', () => {
  it('registers the document’s example: 201 with the secret once; the same subscription /api/webhooks lists', async () => {
    const { tenant, r } = await setUp();
    const response = await r.post('/v1/webhooks', REGISTER);
    expectJson(response, 201);
    expect(response.body).toEqual({
      id: expect.stringMatching(UUID), url: REGISTER.url, events: REGISTER.events, active: true, created_at: expect.stringMatching(ISO_DATETIME),
      secret: 'your_webhook_secret',
    });
    const scoutmon = await r.get('/api/webhooks');
    expect(scoutmon.body.map((hook: { id: string }) => hook.id)).toEqual([response.body.id]);
    expect((await auditTrail(tenant, response.body.id))[0]).toMatchObject({ action: 'webhook.created', source: 'REST' });
  });

  it('refuses unknown event names, a missing url and a private target with 400 validation_error; a read key with 403', async () => {
    const { tenant, r } = await setUp();
    expectCodedError(await r.post('/v1/webhooks', { ...REGISTER, events: ['asset.assigned', 'asset.exploded'] }), 400, 'validation_error', /events: unknown event\(s\): asset\.exploded/);
    expectCodedError(await r.post('/v1/webhooks', { ...REGISTER, events: [] }), 400, 'validation_error', /events/);
    expectCodedError(await r.post('/v1/webhooks', { ...REGISTER, events: 'asset.assigned' }), 400, 'validation_error', /events must be an array/);
    expectCodedError(await r.post('/v1/webhooks', { events: REGISTER.events }), 400, 'validation_error', /url is required/);
    expectCodedError(await r.post('/v1/webhooks', { ...REGISTER, secret: 'short' }), 400, 'validation_error', /secret/);
    expectCodedError(await restClient(own, tenant.readKey).post('/v1/webhooks', REGISTER), 403, 'forbidden');
    expect(await api.db.prisma.webhook.count({ where: { organizationId: tenant.organizationId } })).toBe(0);
  });
});

describe('GET /v1/webhooks', () => {
  it('lists the subscriptions in { data, meta } without secrets; another organization sees none', async () => {
    const { r } = await setUp();
    const a = (await r.post('/v1/webhooks', REGISTER)).body;
    const b = (await r.post('/v1/webhooks', { ...REGISTER, events: ['asset.created'] })).body;
    const response = await r.get('/v1/webhooks');
    expectJson(response, 200);
    expect(response.body.data).toEqual([a, b].map(({ secret: _secret, ...hook }) => hook));
    expect(response.body.meta).toEqual({ total: 2, limit: 50, has_more: false, next_cursor: null });
    expect(response.text).not.toContain('your_webhook_secret');
    const page = await r.get('/v1/webhooks?limit=1');
    expect(page.body.meta).toEqual({ total: 2, limit: 1, has_more: true, next_cursor: expect.any(String) });
    expect((await (await setUp()).r.get('/v1/webhooks')).body.meta.total).toBe(0);
  });
});

describe('DELETE /v1/webhooks/:id', () => {
  it('deletes the subscription ({ id, deleted: true }); another organization’s or an unknown id is 404 not_found', async () => {
    const { r } = await setUp();
    const hook = (await r.post('/v1/webhooks', REGISTER)).body;
    expectCodedError(await (await setUp()).r.delete(`/v1/webhooks/${hook.id}`), 404, 'not_found');
    expect((await r.delete(`/v1/webhooks/${hook.id}`)).body).toEqual({ id: hook.id, deleted: true });
    expectCodedError(await r.delete(`/v1/webhooks/${hook.id}`), 404, 'not_found');
    expectCodedError(await r.delete(`/v1/webhooks/${MISSING_ID}`), 404, 'not_found');
    expect((await r.get('/v1/webhooks')).body.data).toEqual([]);
  });
});

describe('deliveries', () => {
  it('carry X-SenAsset-Signature (the value of X-Signature), which the document’s snippet verifies unchanged', async () => {
    await api.db.prisma.webhookDelivery.updateMany({ where: { status: 'pending' }, data: { status: 'dead' } });
    const receiver = await startReceiver();
    try {
      const { tenant, r } = await setUp();
      await r.post('/v1/webhooks', { ...REGISTER, url: receiver.url });
      const jane = await inviteUser(tenant, { name: 'Jane Smith', email: 'jane@acme.com' });
      await r.post('/v1/assets', { name: 'MacBook Pro 16"', assignee_id: jane.id });
      await new DeliveryWorker({ prisma: api.db.prisma, cipher }).runOnce();
      expect(receiver.received).toHaveLength(1);
      const [delivery] = receiver.received;
      const signature = delivery.headers['x-senasset-signature'] as string;
      expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
      expect(signature).toBe(delivery.headers['x-signature']);
      expect(verifyWebhook(delivery.body, signature, 'your_webhook_secret')).toBe(true);
      expect(verifyWebhook(delivery.body, signature, 'another_webhook_secret')).toBe(false);
      expect(JSON.parse(delivery.body)).toMatchObject({ event: 'asset.assigned', data: { assignee: { id: jane.id, name: 'Jane Smith', email: 'jane@acme.com' } } });
    } finally {
      await receiver.close();
    }
  });
});
