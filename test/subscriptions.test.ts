// Subscriptions over SSE: auditEventAdded and assetChanged, fed by committed audit events,
// scoped to the subscriber's organization, limited per credential, shared through Redis.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { bootstrapOrganization } from '../src/auth/key-admin.js';
import { FieldCipher } from '../src/crypto/field-cipher.js';
import { LiveEvents } from '../src/live/live-events.js';
import { connectLiveEventsRedis } from '../src/live/redis-live-events.js';
import { createAsset, inviteUser, checkoutAsset } from './support/fixtures.js';
import { subscribe } from './support/sse.js';
import { startTestApi, type TestApi, type Tenant } from './support/test-api.js';

const AUDIT = `subscription($filter: AuditEventStreamFilter) { auditEventAdded(filter: $filter) { action entityType entityId source } }`;
const ASSET = `subscription($id: UUID!) { assetChanged(id: $id) { id name status } }`;
const RENAME = `mutation($id: UUID!, $name: String!) { updateAsset(id: $id, input: { name: $name }) { id } }`;

let api: TestApi;
let acme: Tenant;
let globex: Tenant;
beforeAll(async () => {
  api = await startTestApi({ liveEvents: new LiveEvents({ maxStreamsPerCredential: 3 }) });
  [acme, globex] = await Promise.all([api.tenant('Acme'), api.tenant('Globex')]);
});
afterAll(() => api?.close());

describe('Subscription.auditEventAdded', () => {
  it('streams a committed write of the organization, after it commits', async () => {
    const stream = await subscribe(api.app, acme.readKey, AUDIT);
    expect(stream.status).toBe(200);
    const asset = await createAsset(acme, { name: 'Streamed laptop' });
    expect(await stream.next()).toEqual({ data: { auditEventAdded: { action: 'asset.created', entityType: 'Asset', entityId: asset.id, source: 'GRAPHQL' } } });
    await stream.close();
  });

  it('is served to GET with the operation in the query string (what EventSource sends)', async () => {
    const stream = await subscribe(api.app, acme.readKey, AUDIT, { filter: { action: 'asset.created' } }, 'GET');
    expect(stream.status).toBe(200);
    const asset = await createAsset(acme);
    expect((await stream.next()).data.auditEventAdded.entityId).toBe(asset.id);
    await stream.close();
  });

  it('filters by entity type, action and entity id', async () => {
    const [one, two] = [await createAsset(acme), await createAsset(acme)];
    const stream = await subscribe(api.app, acme.readKey, AUDIT, { filter: { entityType: 'Asset', action: 'asset.updated', entityId: two.id } });
    await acme.ok(RENAME, { id: one.id, name: 'Not this one' });
    await createAsset(acme);
    await acme.ok(RENAME, { id: two.id, name: 'This one' });
    expect((await stream.next()).data.auditEventAdded).toMatchObject({ action: 'asset.updated', entityId: two.id });
    expect(await stream.quietFor(300)).toBe(true);
    await stream.close();
  });

  it('never shows another organization\'s writes', async () => {
    const stream = await subscribe(api.app, globex.readKey, AUDIT);
    await createAsset(acme, { name: 'Acme only' });
    expect(await stream.quietFor(500)).toBe(true);
    const own = await createAsset(globex);
    expect((await stream.next()).data.auditEventAdded.entityId).toBe(own.id);
    await stream.close();
  });

  it('sends nothing for a write that was rolled back', async () => {
    const asset = await createAsset(acme);
    const user = await inviteUser(acme);
    await checkoutAsset(acme, asset.id, user.id);
    const stream = await subscribe(api.app, acme.readKey, AUDIT, { filter: { entityId: asset.id } });
    // A second checkout of a checked-out asset is refused: its transaction writes nothing.
    const refused = await acme.gql(`mutation($input: CheckoutAssetInput!) { checkoutAsset(input: $input) { id } }`, { input: { assetId: asset.id, userId: user.id } });
    expect(refused.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(await stream.quietFor(500)).toBe(true);
    await stream.close();
  });

  it('needs a credential that may read', async () => {
    const anonymous = await subscribe(api.app, '', AUDIT);
    expect((await anonymous.next()).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    await anonymous.close();
    const business = await bootstrapOrganization(api.db.prisma, { org: 'Initech', email: 'admin@initech.test', plan: 'business' });
    const made = await api.gql(`mutation { createApiKey(input: { name: "creates only", scopes: ["asset:create"] }) { key } }`, {}, { authorization: `Bearer ${business.writeKey}` });
    const creator = await subscribe(api.app, made.data.createApiKey.key, AUDIT);
    expect((await creator.next()).errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', missing: ['read'] } });
    await creator.close();
  });

  it('allows a limited number of open streams per credential (THROTTLED beyond), freed on close', async () => {
    const open = await Promise.all([1, 2, 3].map(() => subscribe(api.app, acme.writeKey, AUDIT)));
    const refused = await subscribe(api.app, acme.writeKey, AUDIT);
    expect((await refused.next()).errors?.[0].extensions?.code).toBe('THROTTLED');
    await refused.close();
    // Another credential of the same organization has its own allowance.
    const other = await subscribe(api.app, acme.readKey, AUDIT);
    await other.close();
    await open[0].close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const again = await subscribe(api.app, acme.writeKey, AUDIT);
    const asset = await createAsset(acme);
    expect((await again.next()).data.auditEventAdded.entityId).toBe(asset.id);
    await Promise.all([again, ...open.slice(1)].map((stream) => stream.close()));
  });
});

describe('Subscription.assetChanged', () => {
  it('sends the asset as it is after each change', async () => {
    const asset = await createAsset(acme, { name: 'Before' });
    const stream = await subscribe(api.app, acme.readKey, ASSET, { id: asset.id });
    await acme.ok(RENAME, { id: asset.id, name: 'After' });
    expect(await stream.next()).toEqual({ data: { assetChanged: { id: asset.id, name: 'After', status: 'ACTIVE' } } });
    await acme.ok(`mutation($id: UUID!) { deleteAsset(id: $id) { id } }`, { id: asset.id });
    expect(await stream.next()).toEqual({ data: { assetChanged: null } });
    await stream.close();
  });

  it('refuses an asset of another organization as NOT_FOUND', async () => {
    const asset = await createAsset(acme);
    const stream = await subscribe(api.app, globex.readKey, ASSET, { id: asset.id });
    expect((await stream.next()).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    await stream.close();
  });
});

describe('Subscriptions across instances (Redis pub/sub)', () => {
  const REDIS_URL = 'redis://127.0.0.1:6379';

  it('a stream opened while the listening connection is still in its handshake is subscribed, and gets events', async () => {
    const redis = connectLiveEventsRedis(REDIS_URL);
    const live = new LiveEvents({ redis });
    const organizationId = `handshake-${randomBytes(6).toString('hex')}`;
    try {
      // 'connect' comes before ioredis's 'ready': the SUBSCRIBE goes out during the handshake (under
      // load, when a subscription arrives just after start or a reconnect).
      await once(redis.subscribe, 'connect');
      const stream = live.stream(organizationId, 'handshake-key', () => true);
      const first = stream.next();
      const channels = async () => (await redis.publish.pubsub('CHANNELS', `*${organizationId}*`) as string[]).length;
      await expect.poll(channels, { timeout: 5_000, interval: 25 }).toBe(1);
      const event = { id: 'e1', organizationId, action: 'asset.created', entityType: 'Asset', entityId: 'a1' };
      live.publish([event]);
      expect((await first).value).toEqual(event);
      await stream.return?.();
    } finally {
      redis.publish.disconnect();
      redis.subscribe.disconnect();
    }
  });

  it('a write on one instance reaches a subscription on another', async () => {
    const connections = [connectLiveEventsRedis(REDIS_URL), connectLiveEventsRedis(REDIS_URL)];
    const clients = connections.flatMap(({ publish, subscribe }) => [publish, subscribe]);
    const bus = (i: number) => new LiveEvents({ redis: connections[i] });
    const cipher = new FieldCipher(randomBytes(32));
    const [first, second] = [createApp(api.db, { cipher, liveEvents: bus(0) }), createApp(api.db, { cipher, liveEvents: bus(1) })];
    try {
      const stream = await subscribe(second, acme.readKey, AUDIT, { filter: { action: 'location.created' } });
      // An answer that is not a stream (a 503 from a pool that timed out under load, say) fails here, not as a timeout below.
      expect(stream.status).toBe(200);
      expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
      // Redis delivers only to subscribers registered when the message is published: wait until ours is.
      const subscribed = async () => (await clients[0].pubsub('CHANNELS', `*${acme.organizationId}*`) as string[]).length;
      await expect.poll(subscribed, { timeout: 15_000, interval: 25 }).toBeGreaterThan(0);
      const response = await first.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${acme.writeKey}` },
        body: JSON.stringify({ query: `mutation { createLocation(input: { name: "Across instances" }) { id } }` }),
      });
      const { data } = await response.json() as { data: { createLocation: { id: string } } };
      expect((await stream.next()).data.auditEventAdded).toMatchObject({ action: 'location.created', entityId: data.createLocation.id });
      await stream.close();
      // The server unsubscribes from Redis after the stream closes: let it, before disconnecting.
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      clients.forEach((client) => client.disconnect());
    }
  });
});
