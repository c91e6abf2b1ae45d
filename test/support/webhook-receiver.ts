// A real HTTP receiver on 127.0.0.1 for webhook deliveries, the signature check of the SenAsset
// document (seed 000) exactly as published, and webhooks end to end (subscribe, deliver, verify).
import crypto from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { FieldCipher } from '../../src/crypto/field-cipher.js';
import { DeliveryWorker } from '../../src/webhooks/delivery-worker.js';
import { startTestApi, type Tenant, type TestApi } from './test-api.js';

export interface Received { headers: IncomingHttpHeaders; body: string }
export interface Receiver { url: string; port: number; received: Received[]; status: number; server: Server; close(): Promise<void> }

export async function startReceiver(port = 0, status = 200): Promise<Receiver> {
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
export function verifyWebhook(payload: string, signature: string, secret: string) {
  const expected = crypto
    .createHmac('sha256', secret)
    .update(payload, 'utf8')
    .digest('hex');
  return crypto.timingSafeEqual(
    Buffer.from(signature),
    Buffer.from(`sha256=${expected}`),
  );
}

// Webhooks end to end in a spec: a subscription made through the API, and the delivery worker run
// once, with each received body checked against its X-Signature (the SenAsset snippet's HMAC-SHA256).
export interface ReceivedEvent {
  headers: IncomingHttpHeaders;
  body: { id: string; event: string; created_at: string; data: Record<string, any> };
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedEvent[];
  /** Subscribes `tenant` to `events` at this receiver; the signing secret is kept for `deliver`. */
  subscribe(tenant: Tenant, events: string[]): Promise<void>;
  /** Runs the delivery worker until nothing is due; returns the events received, every signature checked. */
  deliver(): Promise<ReceivedEvent[]>;
  close(): Promise<void>;
}

/** A receiver for the app of `api`, whose field cipher is `cipher` (the worker decrypts webhook secrets with it). */
export async function startWebhookReceiver(api: TestApi, cipher: FieldCipher): Promise<WebhookReceiver> {
  process.env.WEBHOOK_ALLOW_PRIVATE = 'true';
  const received: ReceivedEvent[] = [];
  const raw: { headers: IncomingHttpHeaders; text: string }[] = [];
  const secrets: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      raw.push({ headers: req.headers, text: Buffer.concat(chunks).toString('utf8') });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  const worker = new DeliveryWorker({ prisma: api.db.prisma, cipher });
  return {
    url,
    received,
    async subscribe(tenant, events) {
      const data = await tenant.ok(`mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { signingSecret } }`, { input: { url, events } });
      secrets.push(data.createWebhook.signingSecret);
    },
    async deliver() {
      const before = received.length;
      while ((await worker.runOnce()).claimed > 0);
      for (const { headers, text } of raw.splice(0)) {
        const signature = String(headers['x-signature']);
        const signedBy = secrets.some((secret) => signature === `sha256=${crypto.createHmac('sha256', secret).update(text, 'utf8').digest('hex')}`);
        expect(signedBy, `X-Signature of ${text}`).toBe(true);
        received.push({ headers, body: JSON.parse(text) });
      }
      return received.slice(before);
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** A test API with a field cipher of its own and a webhook receiver for it: the set-up of specs whose writes emit events. */
export async function startApiWithWebhookReceiver(): Promise<{ api: TestApi; receiver: WebhookReceiver; close(): Promise<void> }> {
  const cipher = new FieldCipher(crypto.randomBytes(32));
  const api = await startTestApi({ cipher });
  const receiver = await startWebhookReceiver(api, cipher);
  return { api, receiver, close: async () => { await receiver.close(); await api.close(); } };
}
