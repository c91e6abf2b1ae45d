// Client credentials (issue 5, seed 004): one per user, created and managed by admins only;
// `clientId` + `clientSecret` (shown once, stored hashed) are exchanged for an access token that
// works as `Authorization: JWT <token>` and `Bearer <token>`. Regenerating or deleting a credential,
// or deactivating its owner, stops its secret and its tokens at once. Every change is audited.
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ID_PATTERN, CLIENT_SECRET_PATTERN, generateClientCredential, hashClientSecret } from '../src/auth/client-credentials.js';
import { auditTrail, inviteUser, randomAddress, signedUpUser } from './support/fixtures.js';
import { startTestApi, type GraphQLResponse, type Tenant, type TestApi } from './support/test-api.js';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(() => api.close());

const CREDENTIAL_FIELDS = 'id clientId owner { id email } createdBy { id } lastUsedAt createdAt updatedAt';
const CREATE = `mutation($userId: UUID) { createClientCredential(userId: $userId) { clientId clientSecret credential { ${CREDENTIAL_FIELDS} } } }`;
const LIST = `query($first: Int, $offset: Int) { clientCredentials(first: $first, offset: $offset) { totalCount edges { node { ${CREDENTIAL_FIELDS} } } } }`;
const REGENERATE = `mutation($id: UUID!) { regenerateClientCredential(id: $id) { clientId clientSecret credential { ${CREDENTIAL_FIELDS} } } }`;
const DELETE = `mutation($id: UUID!) { deleteClientCredential(id: $id) { ${CREDENTIAL_FIELDS} } }`;
const EXCHANGE = `mutation($input: ClientCredentialsInput!) { exchangeClientCredential(input: $input) { accessToken expiresIn tokenType } }`;
const VIEWER = `{ viewer { user { id } } }`;

interface Created {
  clientId: string;
  clientSecret: string;
  credential: { id: string; clientId: string; owner: { id: string; email: string }; createdBy: { id: string } | null; lastUsedAt: string | null; createdAt: string; updatedAt: string };
}

async function create(tenant: Tenant, userId?: string): Promise<Created> {
  return (await tenant.ok(CREATE, userId ? { userId } : {})).createClientCredential;
}

/** exchangeClientCredential from a fresh address each time (auth endpoints are limited per IP). */
const exchange = (clientId: string, clientSecret: string) =>
  api.gql(EXCHANGE, { input: { clientId, clientSecret } }, { 'x-forwarded-for': randomAddress() });

async function tokenFor(clientId: string, clientSecret: string): Promise<string> {
  const response = await exchange(clientId, clientSecret);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data.exchangeClientCredential.accessToken;
}

const viewerWith = (scheme: 'JWT' | 'Bearer', token: string) => api.gql(VIEWER, {}, { authorization: `${scheme} ${token}` });

function expectUnauthenticated(response: GraphQLResponse, message?: string) {
  expect(response.status).toBe(401);
  expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  if (message) expect(response.errors?.[0].message).toBe(message);
}

const codeOf = (response: GraphQLResponse) => response.errors?.[0].extensions?.code;

/** What a refused request must leave alone: the credential rows and the audit events. */
async function written(tenant: Tenant) {
  const where = { organizationId: tenant.organizationId };
  return {
    credentials: await api.db.prisma.clientCredential.findMany({ where, orderBy: { id: 'asc' } }),
    events: await api.db.prisma.auditEvent.count({ where }),
  };
}

describe('generateClientCredential', () => {
  it('makes ci_ + 24 hex ids and cs_ + 64 hex secrets, hashed with SHA-256 (hex)', () => {
    const a = generateClientCredential();
    const b = generateClientCredential();
    expect(a.clientId).toMatch(CLIENT_ID_PATTERN);
    expect(a.secret).toMatch(CLIENT_SECRET_PATTERN);
    expect(a.secretHash).toBe(createHash('sha256').update(a.secret).digest('hex'));
    expect(hashClientSecret(a.secret)).toBe(a.secretHash);
    expect(b.clientId).not.toBe(a.clientId);
    expect(b.secret).not.toBe(a.secret);
  });
});

describe('createClientCredential', () => {
  it('returns the secret once; only its hash is stored; the caller is the default owner; audited', async () => {
    const tenant = await api.tenant();
    const created = await create(tenant);
    expect(created.clientId).toMatch(/^ci_[0-9a-f]{24}$/);
    expect(created.clientSecret).toMatch(/^cs_[0-9a-f]{64}$/);
    expect(created.credential).toMatchObject({ clientId: created.clientId, owner: { id: tenant.userId }, createdBy: { id: tenant.userId }, lastUsedAt: null });

    const row = await api.db.prisma.clientCredential.findUniqueOrThrow({ where: { id: created.credential.id } });
    expect(row.secretHash).toBe(createHash('sha256').update(created.clientSecret).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(created.clientSecret.slice(3));

    const [event] = await auditTrail(tenant, created.credential.id);
    expect(event).toMatchObject({ action: 'client_credential.created', entityType: 'ClientCredential', source: 'GRAPHQL', actorUser: { id: tenant.userId } });
    expect(event.changes).toMatchObject({ clientId: { before: null, after: created.clientId }, userId: { before: null, after: tenant.userId } });
    expect(JSON.stringify(event)).not.toContain(created.clientSecret.slice(3));
    expect(JSON.stringify(event)).not.toContain(row.secretHash);
  });

  it('creates one for another user of the organization, acting as that user', async () => {
    const tenant = await api.tenant();
    const colleague = await inviteUser(tenant, { role: 'USER' });
    const created = await create(tenant, colleague.id);
    expect(created.credential).toMatchObject({ owner: { id: colleague.id, email: colleague.email }, createdBy: { id: tenant.userId } });
    const token = await tokenFor(created.clientId, created.clientSecret);
    expect((await viewerWith('JWT', token)).data.viewer.user.id).toBe(colleague.id);
    // It acts with the owner's role: a user can read, not write.
    const write = await api.gql(`mutation { createLocation(input: { name: "x" }) { id } }`, {}, { authorization: `JWT ${token}` });
    expect(codeOf(write)).toBe('FORBIDDEN');
  });

  it('allows one per user: a second is CONFLICT, even when two race', async () => {
    const tenant = await api.tenant();
    const first = await create(tenant);
    const second = await tenant.gql(CREATE, { userId: tenant.userId });
    expect(second.errors?.[0]).toMatchObject({
      message: `User ${(await api.db.prisma.user.findUniqueOrThrow({ where: { id: tenant.userId } })).email} already has a client credential: regenerate or delete it`,
      extensions: { code: 'CONFLICT' },
    });
    expect(second.data?.createClientCredential).toBeNull();
    expect(await auditTrail(tenant, first.credential.id)).toHaveLength(1);

    const colleague = await inviteUser(tenant);
    const raced = await Promise.all([tenant.gql(CREATE, { userId: colleague.id }), tenant.gql(CREATE, { userId: colleague.id })]);
    expect(raced.map(codeOf).sort()).toEqual(['CONFLICT', undefined]);
    expect(await api.db.prisma.clientCredential.count({ where: { userId: colleague.id } })).toBe(1);
  });

  it('refuses an unknown user, another organization’s user (alike) and an inactive one', async () => {
    const tenant = await api.tenant();
    const other = await api.tenant();
    const before = await written(tenant);
    const foreign = await tenant.gql(CREATE, { userId: other.userId });
    const missing = await tenant.gql(CREATE, { userId: randomUUID() });
    expect(foreign.errors).toEqual(missing.errors);
    expect(foreign.errors?.[0]).toMatchObject({ message: 'User not found', extensions: { code: 'NOT_FOUND' } });
    expect(await api.db.prisma.clientCredential.count({ where: { userId: other.userId } })).toBe(0);

    const leaver = await inviteUser(tenant);
    await tenant.ok(`mutation($id: UUID!) { deactivateUser(id: $id) { status } }`, { id: leaver.id });
    const afterDeactivation = await written(tenant);
    expect(codeOf(await tenant.gql(CREATE, { userId: leaver.id }))).toBe('CONFLICT');
    expect(await written(tenant)).toEqual(afterDeactivation);
    expect(before.credentials).toEqual([]);
  });

  it('is for admins with a write credential only: FORBIDDEN, and nothing is written', async () => {
    const tenant = await api.tenant();
    const member = await signedUpUser(api, tenant, { role: 'USER' });
    const before = await written(tenant);
    const asMember = await api.gql(CREATE, { userId: member.id }, { authorization: `Bearer ${member.accessToken}` });
    expect(codeOf(asMember)).toBe('FORBIDDEN');
    expect(asMember.data?.createClientCredential).toBeNull();
    expect(codeOf(await tenant.gql(CREATE, {}, tenant.readKey))).toBe('FORBIDDEN');
    expect(codeOf(await api.gql(CREATE, {}))).toBe('UNAUTHENTICATED');
    expect(await written(tenant)).toEqual(before);
  });
});

describe('clientCredentials', () => {
  it('lists the organization’s credentials newest first with owner, client id and dates, never a secret', async () => {
    const tenant = await api.tenant();
    const colleague = await inviteUser(tenant);
    const older = await create(tenant, colleague.id);
    const newer = await create(tenant);
    const data = await tenant.ok(LIST);
    expect(data.clientCredentials.totalCount).toBe(2);
    expect(data.clientCredentials.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([newer.credential.id, older.credential.id]);
    expect(data.clientCredentials.edges[1].node).toMatchObject({ clientId: older.clientId, owner: { id: colleague.id, email: colleague.email }, createdBy: { id: tenant.userId } });
    expect(data.clientCredentials.edges[1].node.createdAt).toEqual(expect.any(String));
    const text = JSON.stringify(data);
    for (const created of [older, newer]) expect(text).not.toContain(created.clientSecret.slice(3));

    expect((await tenant.ok(LIST, { first: 1, offset: 1 })).clientCredentials.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([older.credential.id]);
    expect((await tenant.gql(LIST, { first: 1001 })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect((await tenant.gql(`{ clientCredentials(offset: -1) { totalCount } }`)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'offset' });

    const other = await api.tenant();
    expect((await other.ok(LIST)).clientCredentials.totalCount).toBe(0);
  });

  it('shows lastUsedAt once the credential was exchanged', async () => {
    const tenant = await api.tenant();
    const created = await create(tenant);
    await tokenFor(created.clientId, created.clientSecret);
    const [edge] = (await tenant.ok(LIST)).clientCredentials.edges;
    expect(edge.node.lastUsedAt).toEqual(expect.any(String));
  });

  it('has no field that could carry the secret or its hash', async () => {
    const tenant = await api.tenant();
    for (const type of ['ClientCredential', 'CreatedClientCredential']) {
      const data = await tenant.ok(`query($name: String!) { __type(name: $name) { fields { name } } }`, { name: type });
      const names = data.__type.fields.map((field: { name: string }) => field.name);
      expect(names.filter((name: string) => /hash/i.test(name))).toEqual([]);
      if (type === 'ClientCredential') expect(names.filter((name: string) => /secret/i.test(name))).toEqual([]);
      else expect(names.filter((name: string) => /secret/i.test(name))).toEqual(['clientSecret']);
    }
  });

  it('is for admins only', async () => {
    const tenant = await api.tenant();
    await create(tenant);
    const member = await signedUpUser(api, tenant, { role: 'USER' });
    const response = await api.gql(LIST, {}, { authorization: `Bearer ${member.accessToken}` });
    expect(codeOf(response)).toBe('FORBIDDEN');
    expect(response.data?.clientCredentials).toBeNull();
    // A read key of an admin may list (admin + read).
    expect((await tenant.ok(LIST, {}, tenant.readKey)).clientCredentials.totalCount).toBe(1);
  });
});

describe('exchangeClientCredential', () => {
  it('gives a token that works as `JWT <token>` and as `Bearer <token>`', async () => {
    const tenant = await api.tenant();
    const created = await create(tenant);
    const response = await exchange(created.clientId, created.clientSecret);
    expect(response.data.exchangeClientCredential).toMatchObject({ tokenType: 'JWT', expiresIn: expect.any(Number) });
    const token = response.data.exchangeClientCredential.accessToken;
    for (const scheme of ['JWT', 'Bearer'] as const) {
      const viewer = await viewerWith(scheme, token);
      expect(viewer.status, scheme).toBe(200);
      expect(viewer.data.viewer.user.id, scheme).toBe(tenant.userId);
    }
  });

  it('answers a wrong secret and an unknown client id alike: 401 UNAUTHENTICATED', async () => {
    const tenant = await api.tenant();
    const created = await create(tenant);
    const wrong = await exchange(created.clientId, `cs_${'0'.repeat(64)}`);
    const unknown = await exchange(`ci_${'0'.repeat(24)}`, created.clientSecret);
    expectUnauthenticated(wrong, 'Invalid client credentials');
    expectUnauthenticated(unknown, 'Invalid client credentials');
    expect(wrong.errors).toEqual(unknown.errors);
  });

  it('stops working, with its tokens, when the owner is deactivated', async () => {
    const tenant = await api.tenant();
    const colleague = await inviteUser(tenant);
    const created = await create(tenant, colleague.id);
    const token = await tokenFor(created.clientId, created.clientSecret);
    expect((await viewerWith('JWT', token)).status).toBe(200);
    await tenant.ok(`mutation($id: UUID!) { deactivateUser(id: $id) { status } }`, { id: colleague.id });
    expectUnauthenticated(await viewerWith('JWT', token));
    expectUnauthenticated(await viewerWith('Bearer', token));
    expectUnauthenticated(await exchange(created.clientId, created.clientSecret), 'Invalid client credentials');
  });
});

describe('regenerateClientCredential', () => {
  it('issues a new secret under the same client id and a new id: the old secret and token stop, the new ones work', async () => {
    const tenant = await api.tenant();
    const old = await create(tenant);
    const oldToken = await tokenFor(old.clientId, old.clientSecret);

    const regenerated = (await tenant.ok(REGENERATE, { id: old.credential.id })).regenerateClientCredential as Created;
    expect(regenerated.clientId).toBe(old.clientId);
    expect(regenerated.clientSecret).toMatch(/^cs_[0-9a-f]{64}$/);
    expect(regenerated.clientSecret).not.toBe(old.clientSecret);
    expect(regenerated.credential.id).not.toBe(old.credential.id);
    expect(regenerated.credential).toMatchObject({ clientId: old.clientId, owner: { id: tenant.userId }, createdBy: { id: tenant.userId }, lastUsedAt: null });
    // AssetIT's Created At / Updated At: the credential keeps its creation; the new secret bumps updatedAt.
    expect(old.credential.updatedAt).toBe(old.credential.createdAt);
    expect(regenerated.credential.createdAt).toBe(old.credential.createdAt);
    expect(Date.parse(regenerated.credential.updatedAt)).toBeGreaterThan(Date.parse(old.credential.updatedAt));

    expectUnauthenticated(await exchange(old.clientId, old.clientSecret), 'Invalid client credentials');
    expectUnauthenticated(await viewerWith('JWT', oldToken));
    const newToken = await tokenFor(regenerated.clientId, regenerated.clientSecret);
    expect((await viewerWith('JWT', newToken)).data.viewer.user.id).toBe(tenant.userId);

    const rows = await api.db.prisma.clientCredential.findMany({ where: { organizationId: tenant.organizationId } });
    expect(rows.map((row) => row.id)).toEqual([regenerated.credential.id]);
    expect(rows[0].secretHash).toBe(hashClientSecret(regenerated.clientSecret));

    const [event] = await auditTrail(tenant, regenerated.credential.id);
    expect(event).toMatchObject({ action: 'client_credential.regenerated', entityType: 'ClientCredential', actorUser: { id: tenant.userId } });
    expect(event.changes).toMatchObject({ clientId: { after: old.clientId } });
    expect(JSON.stringify(event)).not.toContain(regenerated.clientSecret.slice(3));
    // The old id is gone: regenerating or deleting it again is NOT_FOUND.
    expect(codeOf(await tenant.gql(REGENERATE, { id: old.credential.id }))).toBe('NOT_FOUND');
  });

  it('is for admins only, and another organization’s credential is NOT_FOUND like a random id', async () => {
    const tenant = await api.tenant();
    const other = await api.tenant();
    const theirs = await create(other);
    const before = await written(other);
    const foreign = await tenant.gql(REGENERATE, { id: theirs.credential.id });
    const missing = await tenant.gql(REGENERATE, { id: randomUUID() });
    expect(foreign.errors?.[0]).toMatchObject({ message: 'Client credential not found', extensions: { code: 'NOT_FOUND' } });
    expect(foreign.errors).toEqual(missing.errors);

    const member = await signedUpUser(api, other, { role: 'USER' });
    const memberBefore = await written(other);
    expect(codeOf(await api.gql(REGENERATE, { id: theirs.credential.id }, { authorization: `Bearer ${member.accessToken}` }))).toBe('FORBIDDEN');
    expect(codeOf(await other.gql(REGENERATE, { id: theirs.credential.id }, other.readKey))).toBe('FORBIDDEN');
    expect(await written(other)).toEqual(memberBefore);
    expect(memberBefore.credentials).toEqual(before.credentials);
    expect(await tokenFor(theirs.clientId, theirs.clientSecret)).toEqual(expect.any(String));
  });
});

describe('deleteClientCredential', () => {
  it('deletes: the secret and its tokens stop working; returns it as it was; audited; the user may get a new one', async () => {
    const tenant = await api.tenant();
    const created = await create(tenant);
    const token = await tokenFor(created.clientId, created.clientSecret);
    const deleted = (await tenant.ok(DELETE, { id: created.credential.id })).deleteClientCredential;
    expect(deleted).toMatchObject({ id: created.credential.id, clientId: created.clientId, owner: { id: tenant.userId } });

    expectUnauthenticated(await viewerWith('JWT', token));
    expectUnauthenticated(await viewerWith('Bearer', token));
    expectUnauthenticated(await exchange(created.clientId, created.clientSecret), 'Invalid client credentials');
    expect((await tenant.ok(LIST)).clientCredentials.totalCount).toBe(0);
    expect(codeOf(await tenant.gql(DELETE, { id: created.credential.id }))).toBe('NOT_FOUND');

    expect((await auditTrail(tenant, created.credential.id)).map((event) => event.action)).toEqual(['client_credential.created', 'client_credential.deleted']);
    const replacement = await create(tenant);
    expect(replacement.clientId).not.toBe(created.clientId);
  });

  it('is for admins only, and another organization’s credential is NOT_FOUND and keeps working', async () => {
    const tenant = await api.tenant();
    const other = await api.tenant();
    const theirs = await create(other);
    const token = await tokenFor(theirs.clientId, theirs.clientSecret);
    const foreign = await tenant.gql(DELETE, { id: theirs.credential.id });
    const missing = await tenant.gql(DELETE, { id: randomUUID() });
    expect(foreign.errors?.[0]).toMatchObject({ message: 'Client credential not found', extensions: { code: 'NOT_FOUND' } });
    expect(foreign.errors).toEqual(missing.errors);

    const member = await signedUpUser(api, other, { role: 'USER' });
    const before = await written(other);
    expect(codeOf(await api.gql(DELETE, { id: theirs.credential.id }, { authorization: `Bearer ${member.accessToken}` }))).toBe('FORBIDDEN');
    expect(codeOf(await other.gql(DELETE, { id: theirs.credential.id }, other.readKey))).toBe('FORBIDDEN');
    expect(await written(other)).toEqual(before);
    expect((await viewerWith('JWT', token)).data.viewer.user.id).toBe(other.userId);
  });
});

describe('Viewer.credential', () => {
  it('tells what the request authenticated with: API_KEY, SESSION or CLIENT_CREDENTIAL', async () => {
    const tenant = await api.tenant();
    const query = `{ viewer { credential apiKeyId user { id } } }`;
    expect((await tenant.ok(query)).viewer).toMatchObject({ credential: 'API_KEY', apiKeyId: expect.any(String) });

    const member = await signedUpUser(api, tenant);
    const bySession = await api.gql(query, {}, { authorization: `Bearer ${member.accessToken}` });
    expect(bySession.data.viewer).toEqual({ credential: 'SESSION', apiKeyId: null, user: { id: member.id } });

    const { clientId, clientSecret } = await create(tenant, member.id);
    const byClient = await api.gql(query, {}, { authorization: `JWT ${await tokenFor(clientId, clientSecret)}` });
    expect(byClient.data.viewer).toEqual({ credential: 'CLIENT_CREDENTIAL', apiKeyId: null, user: { id: member.id } });
  });
});
