// Auth: `Authorization: Bearer sk_<56 hex>` API keys, resolved once per request into a principal.
// Missing/malformed/unknown/revoked/inactive → 401 UNAUTHENTICATED (all alike); scopes and roles
// → FORBIDDEN; only the SHA-256 of a secret is stored; errors never leak internals.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, revokeKey } from '../src/auth/key-admin.js';
import { schema } from '../src/graphql/schema.js';
import { apiKeyIdOf, createAsset, createLocation, createVendor, inviteUser } from './support/fixtures.js';
import { startTestApi, type GraphQLResponse, type Tenant, type TestApi } from './support/test-api.js';
import { expectNoValue } from './support/assertions.js';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(() => api.close());

const INVALID_CREDENTIAL = /^(Invalid API key|Invalid credentials: send Authorization: Bearer sk_… \(API key\) or Bearer <access token>)$/;
const READ_QUERY = `{ viewer { user { id } organization { id } scopes } assets(first: 5) { totalCount } }`;

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const codes = (response: GraphQLResponse) => response.errors?.map((error) => error.extensions?.code);

/** The response every rejected credential gets: HTTP 401, one UNAUTHENTICATED error, no data. */
function expectRejectedCredential(response: GraphQLResponse) {
  expect(response.status).toBe(401);
  expect(response.data).toBeUndefined();
  // A wrong or unknown key, or a header that names no usable scheme (it also says which are).
  expect(response.errors).toEqual([{ message: expect.stringMatching(INVALID_CREDENTIAL), extensions: { code: 'UNAUTHENTICATED' } }]);
}

function expectRevoked(response: GraphQLResponse) {
  expect(response.status).toBe(401);
  expect(response.data).toBeUndefined();
  expect(response.errors).toEqual([{ message: expect.stringMatching(/^API key sk_[0-9a-f]{7}… was revoked$/), extensions: { code: 'KEY_REVOKED' } }]);
}

/** A key acting as another user of the tenant, made the way `npm run cli -- key create` does. */
async function keyFor(tenant: Tenant, userEmail: string, scopes: string[]) {
  return createKey(api.db.prisma, { organizationId: tenant.organizationId, name: 'test key', scopes, userEmail });
}

async function adminEmail(tenant: Tenant): Promise<string> {
  const data = await tenant.ok(`{ viewer { user { email } } }`);
  return data.viewer.user.email;
}

/** Every mutation of the schema, with arguments that would pass validation. */
const MUTATIONS: Record<string, { query: string; variables: () => Record<string, unknown> }> = {
  createAsset: { query: `mutation($input: CreateAssetInput!) { createAsset(input: $input) { id } }`, variables: () => ({ input: { name: 'Laptop' } }) },
  updateAsset: { query: `mutation($id: UUID!) { updateAsset(id: $id, input: { name: "x" }) { id } }`, variables: () => ({ id: randomUUID() }) },
  replaceAsset: { query: `mutation($id: UUID!) { replaceAsset(id: $id, input: { name: "x" }) { id } }`, variables: () => ({ id: randomUUID() }) },
  deleteAsset: { query: `mutation($id: UUID!) { deleteAsset(id: $id) { id } }`, variables: () => ({ id: randomUUID() }) },
  checkoutAsset: { query: `mutation($a: UUID!, $u: UUID!) { checkoutAsset(input: { assetId: $a, userId: $u }) { id } }`, variables: () => ({ a: randomUUID(), u: randomUUID() }) },
  checkinAsset: { query: `mutation($id: UUID!) { checkinAsset(assetId: $id) { id } }`, variables: () => ({ id: randomUUID() }) },
  createLocation: { query: `mutation { createLocation(input: { name: "Depot" }) { id } }`, variables: () => ({}) },
  updateLocation: { query: `mutation($id: UUID!) { updateLocation(id: $id, input: { name: "x" }) { id } }`, variables: () => ({ id: randomUUID() }) },
  deleteLocation: { query: `mutation($id: UUID!) { deleteLocation(id: $id) { id } }`, variables: () => ({ id: randomUUID() }) },
  createVendor: { query: `mutation { createVendor(input: { name: "Dell" }) { id } }`, variables: () => ({}) },
  updateVendor: { query: `mutation($id: UUID!) { updateVendor(id: $id, input: { name: "x" }) { id } }`, variables: () => ({ id: randomUUID() }) },
  replaceVendor: { query: `mutation($id: UUID!) { replaceVendor(id: $id, input: { name: "x" }) { id } }`, variables: () => ({ id: randomUUID() }) },
  deleteVendor: { query: `mutation($id: UUID!) { deleteVendor(id: $id) { id } }`, variables: () => ({ id: randomUUID() }) },
  inviteUser: { query: `mutation { inviteUser(input: { email: "new.hire@example.com" }) { user { id } } }`, variables: () => ({}) },
  resendInvitation: { query: `mutation($id: UUID!) { resendInvitation(userId: $id) { url } }`, variables: () => ({ id: randomUUID() }) },
  moveAsset: { query: `mutation($id: UUID!) { moveAsset(id: $id, locationId: null) { id } }`, variables: () => ({ id: randomUUID() }) },
  createApiKey: { query: `mutation { createApiKey(input: { name: "k", scopes: ["read"] }) { key } }`, variables: () => ({}) },
  revokeApiKey: { query: `mutation($id: UUID!) { revokeApiKey(id: $id) { id } }`, variables: () => ({ id: randomUUID() }) },
  createClientCredential: { query: `mutation { createClientCredential { clientId } }`, variables: () => ({}) },
  regenerateClientCredential: { query: `mutation($id: UUID!) { regenerateClientCredential(id: $id) { clientId } }`, variables: () => ({ id: randomUUID() }) },
  deleteClientCredential: { query: `mutation($id: UUID!) { deleteClientCredential(id: $id) { id } }`, variables: () => ({ id: randomUUID() }) },
  createWebhook: { query: `mutation { createWebhook(input: { url: "https://example.com/hook", events: ["asset.created"] }) { signingSecret } }`, variables: () => ({}) },
  updateWebhook: { query: `mutation($id: UUID!) { updateWebhook(id: $id, input: { active: false }) { id } }`, variables: () => ({ id: randomUUID() }) },
  deleteWebhook: { query: `mutation($id: UUID!) { deleteWebhook(id: $id) { id } }`, variables: () => ({ id: randomUUID() }) },
  redeliverWebhookEvent: { query: `mutation($id: UUID!) { redeliverWebhookEvent(deliveryId: $id) { id } }`, variables: () => ({ id: randomUUID() }) },
  updateUser: { query: `mutation($id: UUID!) { updateUser(id: $id, input: { name: "x" }) { id } }`, variables: () => ({ id: randomUUID() }) },
  deactivateUser: { query: `mutation($id: UUID!) { deactivateUser(id: $id) { id } }`, variables: () => ({ id: randomUUID() }) },
  setTrustedDocumentsOnly: { query: `mutation { setTrustedDocumentsOnly(enabled: true) { id } }`, variables: () => ({}) },
  // Issue 13 (AssetNode): assignments by id, licences and seats.
  returnAssignment: { query: `mutation($id: UUID!) { returnAssignment(id: $id) { id } }`, variables: () => ({ id: randomUUID() }) },
  createLicense: { query: `mutation { createLicense(input: { name: "Figma", seatsPurchased: 1 }) { id } }`, variables: () => ({}) },
  updateLicense: { query: `mutation($id: UUID!) { updateLicense(id: $id, input: { name: "x" }) { id } }`, variables: () => ({ id: randomUUID() }) },
  deleteLicense: { query: `mutation($id: UUID!) { deleteLicense(id: $id) { id } }`, variables: () => ({ id: randomUUID() }) },
  assignLicenseSeat: { query: `mutation($l: UUID!, $u: UUID!) { assignLicenseSeat(input: { licenseId: $l, userId: $u }) { id } }`, variables: () => ({ l: randomUUID(), u: randomUUID() }) },
  setDepreciationSetting: { query: `mutation { setDepreciationSetting(input: { category: "Laptop", method: STRAIGHT_LINE, usefulLifeYears: 3 }) { category } }`, variables: () => ({}) },
  deleteDepreciationSetting: { query: `mutation { deleteDepreciationSetting(category: "Laptop") { category } }`, variables: () => ({}) },
  releaseLicenseSeat: { query: `mutation($id: UUID!) { releaseLicenseSeat(id: $id) { id } }`, variables: () => ({ id: randomUUID() }) },
  // Issue 14 (UniAsset): maintenance, positions, assignments in one call, IoT signals, incidents, documents.
  changeAssetAssignment: { query: `mutation($id: UUID!) { changeAssetAssignment(input: { assetId: $id }) { id } }`, variables: () => ({ id: randomUUID() }) },
  createMaintenanceRecord: { query: `mutation($id: UUID!) { createMaintenanceRecord(input: { assetId: $id }) { id } }`, variables: () => ({ id: randomUUID() }) },
  updateMaintenanceRecord: { query: `mutation($id: UUID!) { updateMaintenanceRecord(id: $id, input: {}) { id } }`, variables: () => ({ id: randomUUID() }) },
  completeMaintenanceRecord: { query: `mutation($id: UUID!) { completeMaintenanceRecord(id: $id) { id } }`, variables: () => ({ id: randomUUID() }) },
  deleteMaintenanceRecord: { query: `mutation($id: UUID!) { deleteMaintenanceRecord(id: $id) { id } }`, variables: () => ({ id: randomUUID() }) },
  recordAssetPosition: { query: `mutation($id: UUID!) { recordAssetPosition(input: { assetId: $id, latitude: 1, longitude: 2 }) { id } }`, variables: () => ({ id: randomUUID() }) },
  ingestAssetSignals: { query: `mutation($id: UUID!) { ingestAssetSignals(signals: [{ assetId: $id, signalType: "t", value: 1 }]) { accepted } }`, variables: () => ({ id: randomUUID() }) },
  openIncident: { query: `mutation($id: UUID!) { openIncident(input: { assetId: $id, title: "t" }) { id } }`, variables: () => ({ id: randomUUID() }) },
  updateIncident: { query: `mutation($id: UUID!) { updateIncident(id: $id, input: {}) { id } }`, variables: () => ({ id: randomUUID() }) },
  resolveIncident: { query: `mutation($id: UUID!) { resolveIncident(id: $id) { id } }`, variables: () => ({ id: randomUUID() }) },
  deleteIncident: { query: `mutation($id: UUID!) { deleteIncident(id: $id) { id } }`, variables: () => ({ id: randomUUID() }) },
  createAssetDocument: { query: `mutation($id: UUID!) { createAssetDocument(input: { assetId: $id, name: "n", reference: "r" }) { id } }`, variables: () => ({ id: randomUUID() }) },
  updateAssetDocument: { query: `mutation($id: UUID!) { updateAssetDocument(id: $id, input: {}) { id } }`, variables: () => ({ id: randomUUID() }) },
  deleteAssetDocument: { query: `mutation($id: UUID!) { deleteAssetDocument(id: $id) { id } }`, variables: () => ({ id: randomUUID() }) },
  // Issue 15: the operator's plan change (X-Operator-Token only).
  setOrganizationPlan: { query: `mutation($id: UUID!) { setOrganizationPlan(organizationId: $id, plan: ENTERPRISE) { id } }`, variables: () => ({ id: randomUUID() }) },
};

/** What a tenant holds, to prove a refused request changed nothing. */
async function tenantState(tenant: Tenant, key = tenant.readKey) {
  return tenant.ok(`{
    assets(first: 100) { totalCount } locations(first: 100) { totalCount } vendors(first: 100) { totalCount }
    users(first: 100) { totalCount edges { node { id name status role } } } auditEvents(first: 1) { totalCount }
  }`, {}, key);
}

describe('a request without an Authorization header', () => {
  it('gets UNAUTHENTICATED on every field it selects, with HTTP 401', async () => {
    const response = await api.gql(`{ viewer { scopes } assets(first: 1) { totalCount } }`);
    expect(response.status).toBe(401);
    expectNoValue(response, 'viewer', 'assets');
    expect(response.errors).toHaveLength(2);
    expect(response.errors!.map((error) => [error.path, error.extensions?.code])).toEqual(
      expect.arrayContaining([[['viewer'], 'UNAUTHENTICATED'], [['assets'], 'UNAUTHENTICATED']]),
    );
    expect(response.errors![0].message).toMatch(/Authorization: Bearer/);
  });

  it('gets UNAUTHENTICATED with HTTP 401 on a mutation, which changes nothing', async () => {
    const tenant = await api.tenant();
    const before = await tenantState(tenant);
    const response = await api.gql(`mutation { createLocation(input: { name: "Anonymous" }) { id } }`);
    expect(response.status).toBe(401);
    expectNoValue(response, 'createLocation');
    expect(codes(response)).toEqual(['UNAUTHENTICATED']);
    expect(await tenantState(tenant)).toEqual(before);
  });

  it('treats an empty Authorization header like a missing one', async () => {
    const response = await api.gql(`{ assets(first: 1) { totalCount } }`, {}, { authorization: '' });
    expect(response.status).toBe(401);
    expectNoValue(response, 'assets');
    expect(codes(response)).toEqual(['UNAUTHENTICATED']);
  });

  it('never reaches the database', async () => {
    const statements = await api.recordSql(() => api.gql(`{ assets(first: 1) { totalCount } users(first: 1) { totalCount } }`));
    expect(statements).toEqual([]);
  });
});

describe('a malformed Authorization header', () => {
  const hex = (length: number) => randomBytes(Math.ceil(length / 2)).toString('hex').slice(0, length);
  const cases: [string, (key: string) => string][] = [
    ['another scheme (Basic)', () => `Basic ${Buffer.from('admin:secret').toString('base64')}`],
    ['another scheme carrying a valid key (Token)', (key) => `Token ${key}`],
    ['the key without a scheme', (key) => key],
    ['Bearer with no key', () => 'Bearer '],
    ['sk_ + 55 hex', () => `Bearer sk_${hex(55)}`],
    ['sk_ + 57 hex', () => `Bearer sk_${hex(57)}`],
    ['56 hex without sk_', () => `Bearer ${hex(56)}`],
    ['another prefix (pk_)', (key) => `Bearer pk_${key.slice(3)}`],
    ['non-hex characters', () => `Bearer sk_${'g'.repeat(56)}`],
    ['upper-case hex', (key) => `Bearer sk_${key.slice(3).toUpperCase()}`],
    ['a valid key followed by more text', (key) => `Bearer ${key} extra`],
  ];

  it.each(cases)('%s → 401 UNAUTHENTICATED', async (_name, header) => {
    const tenant = await api.tenant();
    const response = await api.gql(READ_QUERY, {}, { authorization: header(tenant.writeKey) });
    expectRejectedCredential(response);
  });

  it('accepts the Bearer scheme case-insensitively (RFC 9110)', async () => {
    const tenant = await api.tenant();
    const response = await api.gql(READ_QUERY, {}, { authorization: `bearer ${tenant.writeKey}` });
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
    expect(response.data.viewer.organization.id).toBe(tenant.organizationId);
  });
});

describe('a well-formed key that does not exist', () => {
  it('is refused with 401 exactly like a malformed one', async () => {
    const unknown = `sk_${randomBytes(28).toString('hex')}`;
    const response = await api.gql(READ_QUERY, {}, bearer(unknown));
    expectRejectedCredential(response);
  });

  it('is refused on mutations too, and nothing is written', async () => {
    const tenant = await api.tenant();
    const before = await tenantState(tenant);
    const response = await api.gql(MUTATIONS.createLocation.query, {}, bearer(`sk_${randomBytes(28).toString('hex')}`));
    expectRejectedCredential(response);
    expect(await tenantState(tenant)).toEqual(before);
  });
});

describe('a revoked key', () => {
  it('is refused with 401 on queries and mutations; the other keys keep working', async () => {
    const tenant = await api.tenant();
    expect((await tenant.gql(READ_QUERY, {}, tenant.readKey)).status).toBe(200);
    const keyId = await apiKeyIdOf(tenant, tenant.readKey);

    const revoked = await revokeKey(api.db.prisma, keyId);
    expect(revoked.revokedAt).toBeInstanceOf(Date);

    expectRevoked(await tenant.gql(READ_QUERY, {}, tenant.readKey));
    expectRevoked(await tenant.gql(MUTATIONS.createLocation.query, {}, tenant.readKey));
    const stillValid = await tenant.gql(READ_QUERY, {}, tenant.writeKey);
    expect(stillValid.status).toBe(200);
    expect(stillValid.errors).toBeUndefined();
  });

  it('is refused after revocation even when it was a write key of an admin', async () => {
    const tenant = await api.tenant();
    const keyId = await apiKeyIdOf(tenant, tenant.writeKey);
    await revokeKey(api.db.prisma, keyId);
    const before = await tenantState(tenant);
    expectRevoked(await tenant.gql(MUTATIONS.createLocation.query));
    expect(await tenantState(tenant)).toEqual(before);
  });
});

describe('the key of a deactivated user', () => {
  it('works while the user is active and is refused with 401 once they are deactivated', async () => {
    const tenant = await api.tenant();
    const colleague = await inviteUser(tenant, { role: 'ADMIN' });
    const key = await keyFor(tenant, colleague.email, ['write']);

    const whileActive = await tenant.gql(`{ viewer { user { id } } }`, {}, key.secret);
    expect(whileActive.status).toBe(200);
    expect(whileActive.data.viewer.user.id).toBe(colleague.id);

    await tenant.ok(`mutation($id: UUID!) { deactivateUser(id: $id) { status } }`, { id: colleague.id });

    expectRejectedCredential(await tenant.gql(`{ viewer { user { id } } }`, {}, key.secret));
    expectRejectedCredential(await tenant.gql(MUTATIONS.createLocation.query, {}, key.secret));
  });
});

describe('a read-only key', () => {
  it('can run queries', async () => {
    const tenant = await api.tenant();
    await createAsset(tenant);
    const response = await tenant.gql(READ_QUERY, {}, tenant.readKey);
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
    expect(response.data.viewer).toEqual({ user: { id: tenant.userId }, organization: { id: tenant.organizationId }, scopes: ['read'] });
    expect(response.data.assets.totalCount).toBe(1);
  });

  it.each(['createAsset', 'createLocation', 'inviteUser'])('gets FORBIDDEN from %s, which writes nothing', async (name) => {
    const tenant = await api.tenant();
    const before = await tenantState(tenant);
    const { query, variables } = MUTATIONS[name];
    const response = await tenant.gql(query, variables(), tenant.readKey);
    expect(response.status).toBe(200);
    expectNoValue(response, name);
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0]).toMatchObject({ path: [name], extensions: { code: 'FORBIDDEN' } });
    expect(response.errors![0].message).toContain(name);
    expect(await tenantState(tenant)).toEqual(before);
  });

  it('gets FORBIDDEN from every mutation of the schema, before any lookup', async () => {
    // Every mutation but the public auth ones (login, refresh, …) is in the list.
    const guarded = Object.values(schema.getMutationType()!.getFields()).filter((field) => field.extensions.public !== true);
    expect(Object.keys(MUTATIONS).sort()).toEqual(guarded.map((field) => field.name).sort());
    const tenant = await api.tenant();
    for (const [name, { query, variables }] of Object.entries(MUTATIONS)) {
      const response = await tenant.gql(query, variables(), tenant.readKey);
      expect(codes(response), name).toEqual(['FORBIDDEN']);
      expectNoValue(response, name);
    }
  });
});

describe('a write key of a user who is not an admin', () => {
  it('can read: queries answer and its scopes are read and write', async () => {
    const tenant = await api.tenant();
    const member = await inviteUser(tenant, { role: 'USER' });
    const key = await keyFor(tenant, member.email, ['write']);
    const response = await tenant.gql(READ_QUERY, {}, key.secret);
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
    expect(response.data.viewer).toEqual({ user: { id: member.id }, organization: { id: tenant.organizationId }, scopes: ['read', 'write'] });
  });

  it('gets FORBIDDEN from every mutation, and nothing is written', async () => {
    const tenant = await api.tenant();
    const member = await inviteUser(tenant, { role: 'USER' });
    const key = await keyFor(tenant, member.email, ['write']);
    const before = await tenantState(tenant);
    for (const [name, { query, variables }] of Object.entries(MUTATIONS)) {
      const response = await tenant.gql(query, variables(), key.secret);
      expect(response.status, name).toBe(200);
      expect(codes(response), name).toEqual(['FORBIDDEN']);
    }
    // Not even on its own user record.
    const self = await tenant.gql(`mutation($id: UUID!) { updateUser(id: $id, input: { role: ADMIN }) { role } }`, { id: member.id }, key.secret);
    expect(codes(self)).toEqual(['FORBIDDEN']);
    expect(await tenantState(tenant)).toEqual(before);
  });
});

describe('lastUsedAt', () => {
  it('is empty for a new key and set when the key is used', async () => {
    const tenant = await api.tenant();
    const keyId = await apiKeyIdOf(tenant, tenant.writeKey);
    const readKeyRow = () => api.db.prisma.apiKey.findFirstOrThrow({ where: { organizationId: tenant.organizationId, scopes: { equals: ['read'] } } });
    expect((await readKeyRow()).lastUsedAt).toBeNull();

    const start = Date.now();
    await tenant.ok(`{ assets(first: 1) { totalCount } }`, {}, tenant.readKey);
    const used = (await readKeyRow()).lastUsedAt;
    expect(used).toBeInstanceOf(Date);
    expect(used!.getTime()).toBeGreaterThanOrEqual(start - 5);
    expect(used!.getTime()).toBeLessThanOrEqual(Date.now() + 5);

    const writeKey = await api.db.prisma.apiKey.findUniqueOrThrow({ where: { id: keyId } });
    expect(writeKey.lastUsedAt).toBeInstanceOf(Date);
  });

  it('is not set by a refused (revoked) key', async () => {
    const tenant = await api.tenant();
    const key = await keyFor(tenant, await adminEmail(tenant), ['read']);
    await revokeKey(api.db.prisma, key.id);
    expectRevoked(await tenant.gql(READ_QUERY, {}, key.secret));
    expect((await api.db.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt).toBeNull();
  });
});

describe('stored API keys', () => {
  it('keep only the SHA-256 of the secret and its first 10 characters as prefix', async () => {
    const tenant = await api.tenant();
    const rows = await api.db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT * FROM api_keys WHERE organization_id = $1::uuid ORDER BY created_at, name`, tenant.organizationId,
    );
    expect(rows).toHaveLength(2);
    for (const secret of [tenant.writeKey, tenant.readKey]) {
      expect(secret).toMatch(/^sk_[0-9a-f]{56}$/);
      const row = rows.find((candidate) => candidate.secret_hash === createHash('sha256').update(secret).digest('hex'));
      expect(row).toBeDefined();
      expect(row!.prefix).toBe(secret.slice(0, 10));
      // No column holds the secret or its random part.
      const stored = JSON.stringify(rows);
      expect(stored).not.toContain(secret);
      expect(stored).not.toContain(secret.slice(10));
    }
  });

  it('never put the secret or its hash into the audit trail', async () => {
    const tenant = await api.tenant();
    const key = await keyFor(tenant, await adminEmail(tenant), ['read']);
    const events = await api.db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT * FROM audit_events WHERE organization_id = $1::uuid`, tenant.organizationId,
    );
    expect(events.filter((event) => event.action === 'api_key.created')).toHaveLength(3);
    const stored = JSON.stringify(events, (_key, value) => (typeof value === 'bigint' ? String(value) : value));
    for (const secret of [tenant.writeKey, tenant.readKey, key.secret]) {
      expect(stored).not.toContain(secret.slice(10));
      expect(stored).not.toContain(createHash('sha256').update(secret).digest('hex'));
    }
  });

  it('are not exposed by the GraphQL schema', async () => {
    const tenant = await api.tenant();
    const data = await tenant.ok(`{ __schema { types { name fields { name } } } }`);
    const fieldNames = data.__schema.types.flatMap((type: { fields: { name: string }[] | null }) => (type.fields ?? []).map((field) => field.name));
    expect(fieldNames).not.toContain('secretHash');
    expect(fieldNames).not.toContain('secret');
  });
});

describe('errors sent to clients', () => {
  function expectNoInternals(response: GraphQLResponse) {
    expect(response.errors?.length).toBeGreaterThan(0);
    for (const error of response.errors!) {
      expect(error.extensions).toBeDefined();
      expect(error.extensions).not.toHaveProperty('stacktrace');
      expect(error.extensions).not.toHaveProperty('exception');
      expect(error.extensions).not.toHaveProperty('originalError');
      expect(error).not.toHaveProperty('stack');
      expect(error.message).not.toMatch(/\n\s+at /);
      expect(JSON.stringify(error)).not.toMatch(/node_modules|\.ts:\d+|prisma\./i);
    }
  }

  it('carry a code and no stack trace, whatever their kind', async () => {
    const tenant = await api.tenant();
    const responses = {
      UNAUTHENTICATED: await api.gql(READ_QUERY, {}, bearer(`sk_${'0'.repeat(56)}`)),
      FORBIDDEN: await tenant.gql(MUTATIONS.createLocation.query, {}, tenant.readKey),
      NOT_FOUND: await tenant.gql(MUTATIONS.deleteAsset.query, { id: randomUUID() }),
      BAD_USER_INPUT: await tenant.gql(`mutation { createLocation(input: { name: "   " }) { id } }`),
      CONFLICT: await tenant.gql(`mutation($id: UUID!) { deactivateUser(id: $id) { id } }`, { id: tenant.userId }),
    };
    for (const [code, response] of Object.entries(responses)) {
      expect(codes(response), code).toEqual([code]);
      expectNoInternals(response);
    }
  });

  it('mask unexpected failures as INTERNAL_SERVER_ERROR without the underlying message', async () => {
    await api.db.prisma.$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION test_explode_location() RETURNS trigger AS $$
      BEGIN
        IF NEW.name = 'explode' THEN RAISE EXCEPTION 'internal detail: table locations, secret sauce'; END IF;
        RETURN NEW;
      END;
      $$ LANGUAGE plpgsql`);
    await api.db.prisma.$executeRawUnsafe(`
      CREATE TRIGGER test_explode_location BEFORE INSERT ON locations FOR EACH ROW EXECUTE FUNCTION test_explode_location()`);
    try {
      const tenant = await api.tenant();
      const response = await tenant.gql(`mutation { createLocation(input: { name: "explode" }) { id } }`);
      expect(response.status).toBe(200);
      expectNoValue(response, 'createLocation');
      expect(response.errors).toHaveLength(1);
      expect(response.errors![0]).toMatchObject({ path: ['createLocation'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      expect(response.errors![0].message).toBe('Unexpected error.');
      expect(JSON.stringify(response.errors)).not.toMatch(/secret sauce|internal detail|locations|prisma/i);
      expectNoInternals(response);
      // The client can quote the request id; the original error goes to the request's log line
      // (test/operations.test.ts).
      expect(response.errors![0].extensions?.requestId).toBe(response.headers.get('x-request-id'));
      expect((await tenant.ok(`{ locations(first: 1) { totalCount } }`)).locations.totalCount).toBe(0);
    } finally {
      await api.db.prisma.$executeRawUnsafe(`DROP TRIGGER test_explode_location ON locations`);
      await api.db.prisma.$executeRawUnsafe(`DROP FUNCTION test_explode_location()`);
    }
  });
});

describe('the principal', () => {
  it('is the key’s creator in the key’s organization, with the key’s scopes', async () => {
    const tenant = await api.tenant();
    const vendor = await createVendor(tenant);
    const location = await createLocation(tenant);
    const writeId = await apiKeyIdOf(tenant, tenant.writeKey);
    const readId = await apiKeyIdOf(tenant, tenant.readKey);
    expect(writeId).not.toBe(readId);
    const data = await tenant.ok(`{ viewer { apiKeyId scopes user { id role } organization { id } } }`);
    expect(data.viewer).toEqual({
      apiKeyId: writeId, scopes: ['read', 'write'], user: { id: tenant.userId, role: 'ADMIN' }, organization: { id: tenant.organizationId },
    });
    const list = await tenant.ok(`{ vendors(first: 5) { edges { node { id } } } locations(first: 5) { edges { node { id } } } }`, {}, tenant.readKey);
    expect(list.vendors.edges).toEqual([{ node: { id: vendor.id } }]);
    expect(list.locations.edges).toEqual([{ node: { id: location.id } }]);
  });
});
