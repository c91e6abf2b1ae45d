// API keys managed through GraphQL (issue 5, first part): created by admins with the secret shown
// once, listed without it, revoked (then 401 KEY_REVOKED); every change audited.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey } from '../src/auth/key-admin.js';
import { auditTrail, inviteUser } from './support/fixtures.js';
import { startTestApi, type TestApi } from './support/test-api.js';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(() => api.close());

const CREATE = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id name prefix scopes revokedAt createdBy { id } } } }`;
const LIST = `{ apiKeys(first: 50) { totalCount edges { node { id name prefix scopes lastUsedAt revokedAt createdBy { id } } } } }`;
const REVOKE = `mutation($id: UUID!) { revokeApiKey(id: $id) { id revokedAt } }`;

describe('createApiKey', () => {
  it('returns the key once; it works with its scopes; only its hash and prefix are stored; audited', async () => {
    const tenant = await api.tenant();
    const data = await tenant.ok(CREATE, { input: { name: 'CI export', scopes: ['read'] } });
    const { key, apiKey } = data.createApiKey;
    expect(key).toMatch(/^sk_[0-9a-f]{56}$/);
    expect(apiKey).toMatchObject({ name: 'CI export', prefix: key.slice(0, 10), scopes: ['read'], revokedAt: null, createdBy: { id: tenant.userId } });
    const row = await api.db.prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(row.secretHash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(key.slice(10));
    expect((await tenant.gql('{ viewer { scopes } }', {}, key)).data?.viewer.scopes).toEqual(['read']);
    expect((await tenant.gql(`mutation { createLocation(input: { name: "x" }) { id } }`, {}, key)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const [event] = await auditTrail(tenant, apiKey.id);
    expect(event).toMatchObject({ action: 'api_key.created', entityType: 'ApiKey' });
    expect(JSON.stringify(event)).not.toContain(key.slice(10));
  });

  it('makes write include read, and refuses unknown or missing scopes and blank names', async () => {
    const tenant = await api.tenant();
    const write = await tenant.ok(CREATE, { input: { name: 'w', scopes: ['write'] } });
    expect(write.createApiKey.apiKey.scopes).toEqual(['read', 'write']);
    for (const [input, field] of [[{ name: 'x', scopes: ['admin'] }, 'scopes'], [{ name: 'x', scopes: [] }, 'scopes'], [{ name: ' ', scopes: ['read'] }, 'name']] as const) {
      const response = await tenant.gql(CREATE, { input });
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  it('is for admins with a write key only', async () => {
    const tenant = await api.tenant();
    expect((await tenant.gql(CREATE, { input: { name: 'x', scopes: ['read'] } }, tenant.readKey)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const member = await inviteUser(tenant, { role: 'USER' });
    const memberKey = await createKey(api.db.prisma, { organizationId: tenant.organizationId, name: 'm', scopes: ['write'], userEmail: member.email });
    expect((await tenant.gql(CREATE, { input: { name: 'x', scopes: ['read'] } }, memberKey.secret)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await tenant.gql(LIST, {}, memberKey.secret)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('apiKeys', () => {
  it('lists the organization’s keys, newest first, without any secret', async () => {
    const tenant = await api.tenant();
    await tenant.ok(CREATE, { input: { name: 'newest', scopes: ['read'] } });
    const data = await tenant.ok(LIST);
    expect(data.apiKeys.totalCount).toBe(3); // bootstrap's write and read keys + this one
    expect(data.apiKeys.edges[0].node.name).toBe('newest');
    const text = JSON.stringify(data);
    expect(text).not.toContain(tenant.writeKey.slice(10));
    expect(text).not.toContain(tenant.readKey.slice(10));
    const other = await api.tenant();
    expect((await other.ok(LIST)).apiKeys.totalCount).toBe(2);
  });
});

describe('revokeApiKey', () => {
  it('revokes: the key answers 401 KEY_REVOKED from then on; twice is CONFLICT; audited', async () => {
    const tenant = await api.tenant();
    const { key, apiKey } = (await tenant.ok(CREATE, { input: { name: 'doomed', scopes: ['write'] } })).createApiKey;
    const revoked = await tenant.ok(REVOKE, { id: apiKey.id });
    expect(revoked.revokeApiKey.revokedAt).not.toBeNull();
    const refused = await tenant.gql('{ viewer { scopes } }', {}, key);
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0].extensions?.code).toBe('KEY_REVOKED');
    const rest = await api.app.fetch('http://test/api/assets', { headers: { authorization: `Bearer ${key}` } });
    expect(rest.status).toBe(401);
    expect(await rest.json()).toEqual({ error: expect.stringContaining('revoked') });
    expect((await tenant.gql(REVOKE, { id: apiKey.id })).errors?.[0].extensions?.code).toBe('CONFLICT');
    expect((await auditTrail(tenant, apiKey.id)).map((event) => event.action)).toEqual(['api_key.created', 'api_key.revoked']);
  });

  it('answers NOT_FOUND for another organization’s key, which keeps working', async () => {
    const tenant = await api.tenant();
    const other = await api.tenant();
    const { key, apiKey } = (await other.ok(CREATE, { input: { name: 'theirs', scopes: ['read'] } })).createApiKey;
    expect((await tenant.gql(REVOKE, { id: apiKey.id })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await other.gql('{ viewer { scopes } }', {}, key)).status).toBe(200);
  });
});
