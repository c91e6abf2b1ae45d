// Fine-grained permissions and plan gates (issue 5, "Permissions"): keys may hold `read`, `write`
// or permissions (asset:create, asset:location, maintenance:create, assignment:update,
// iot:signal:ingest). A permission allows its mutations (for admins) on the Business plan or higher
// (iot:signal:ingest: Enterprise); `write` covers them all on any plan. A missing permission is
// FORBIDDEN naming it; a held permission the plan does not allow is PLAN_UPGRADE_REQUIRED /
// ENTERPRISE_REQUIRED (REST: 403). Refused requests write nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthFailure } from '@pothos/plugin-scope-auth';
import { createKey } from '../src/auth/key-admin.js';
import { normalizeScopes } from '../src/auth/api-keys.js';
import { grantsPermission, planAtLeast } from '../src/auth/permissions.js';
import { KEY_SCOPES, PERMISSIONS, type KeyScope, type Permission } from '../src/request/principal.js';
import { describeAuthFailure } from '../src/graphql/describe-auth-failure.js';
import { auditTrail, createAsset, createLocation, inviteUser } from './support/fixtures.js';
import { expectError, expectJson, restClient } from './support/rest.js';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';
import { onlyError } from './support/assertions.js';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(() => api.close());

type Plan = 'growth' | 'business' | 'enterprise';

const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id scopes } } }`;
const CREATE = `mutation($input: CreateAssetInput!) { createAsset(input: $input) { id name status } }`;
const UPDATE = `mutation($id: UUID!) { updateAsset(id: $id, input: { name: "Renamed" }) { id name } }`;
const CHECKOUT = `mutation($input: CheckoutAssetInput!) { checkoutAsset(input: $input) { id status assignedUser { id } } }`;
const CHECKIN = `mutation($id: UUID!) { checkinAsset(assetId: $id) { id status assignedUser { id } } }`;
const MOVE = `mutation($id: UUID!, $locationId: UUID) { moveAsset(id: $id, locationId: $locationId) { id location { id name } } }`;
const LIST = `{ assets(first: 10) { totalCount } }`;

/** A new tenant whose organization is on `plan` (bootstrap makes growth ones). */
async function tenantOn(plan: Plan): Promise<Tenant> {
  const tenant = await api.tenant();
  await setPlan(tenant, plan);
  return tenant;
}

const setPlan = (tenant: Tenant, plan: Plan) =>
  api.db.prisma.organization.update({ where: { id: tenant.organizationId }, data: { plan } });

/** A key created through createApiKey with the tenant's write key (so the plan check applies). */
async function keyWith(tenant: Tenant, scopes: string[]) {
  const data = await tenant.ok(CREATE_KEY, { input: { name: `key ${scopes.join(',')}`, scopes } });
  return data.createApiKey as { key: string; apiKey: { id: string; scopes: string[] } };
}

/** The asset rows and audit events of an organization, read past the API. */
async function rowCounts(tenant: Tenant) {
  const where = { organizationId: tenant.organizationId };
  const [assets, assignments, auditEvents, apiKeys] = await Promise.all([
    api.db.prisma.asset.count({ where }),
    api.db.prisma.assignment.count({ where }),
    api.db.prisma.auditEvent.count({ where }),
    api.db.prisma.apiKey.count({ where }),
  ]);
  return { assets, assignments, auditEvents, apiKeys };
}

describe('permissions.ts', () => {
  it('orders plans growth < business < enterprise', () => {
    expect(planAtLeast('growth', 'business')).toBe(false);
    expect(planAtLeast('business', 'business')).toBe(true);
    expect(planAtLeast('enterprise', 'business')).toBe(true);
    expect(planAtLeast('business', 'enterprise')).toBe(false);
  });

  it('grants a permission to write on any plan, or to a key holding it on a plan that allows it', () => {
    const principal = (scopes: KeyScope[], plan: Plan) => ({ scopes: new Set(scopes), plan });
    for (const permission of PERMISSIONS) expect(grantsPermission(principal(['read', 'write'], 'growth'), permission), permission).toBe(true);
    expect(grantsPermission(principal(['asset:create'], 'business'), 'asset:create')).toBe(true);
    expect(grantsPermission(principal(['asset:create'], 'growth'), 'asset:create')).toBe(false);
    expect(grantsPermission(principal(['asset:create'], 'business'), 'asset:location')).toBe(false);
    expect(grantsPermission(principal(['read'], 'enterprise'), 'asset:create')).toBe(false);
    expect(grantsPermission(principal(['iot:signal:ingest'], 'business'), 'iot:signal:ingest')).toBe(false);
    expect(grantsPermission(principal(['iot:signal:ingest'], 'enterprise'), 'iot:signal:ingest')).toBe(true);
    expect(grantsPermission(null, 'asset:create')).toBe(false);
  });

  it('normalizes scopes: write adds read, permissions add nothing, unknown ones are refused naming the known ones', () => {
    expect(KEY_SCOPES).toEqual(['read', 'write', 'asset:create', 'asset:location', 'maintenance:create', 'assignment:update', 'iot:signal:ingest']);
    expect(normalizeScopes(['write'])).toEqual(['read', 'write']);
    expect(normalizeScopes(['asset:create'])).toEqual(['asset:create']);
    expect(normalizeScopes(['iot:signal:ingest', 'read', 'asset:create'])).toEqual(['read', 'asset:create', 'iot:signal:ingest']);
    expect(() => normalizeScopes(['asset:delete'])).toThrow(/unknown scope\(s\): asset:delete \(known: read, write, asset:create, .*iot:signal:ingest\)/);
  });

  it('describes plan scopes as plan gates (the `plan` auth scope)', () => {
    const failure = (scope: string, parameter: unknown): AuthFailure => ({ kind: 'AuthScope', scope, parameter, error: null } as AuthFailure);
    const growth = { scopes: new Set<KeyScope>(['read', 'write']), plan: 'growth' as const };
    expect(describeAuthFailure('someField', failure('plan', 'enterprise'), growth)).toEqual({
      message: 'someField: Enterprise plan required (this organization is on the Growth plan)', missing: [], requiredPlan: 'enterprise',
    });
    expect(describeAuthFailure('someField', failure('plan', 'business'), growth).requiredPlan).toBe('business');
    // Unchanged wording for the coarse scopes and the role.
    expect(describeAuthFailure('f', failure('write', true), growth)).toEqual({ message: 'f needs a key with the write scope', missing: ['write'] });
    expect(describeAuthFailure('f', failure('admin', true), growth)).toEqual({ message: 'f needs the admin role', missing: ['admin'] });
  });
});

describe('a key with only asset:create (Business plan)', () => {
  it('creates assets through GraphQL and REST, audited as that key', async () => {
    const tenant = await tenantOn('business');
    const { key, apiKey } = await keyWith(tenant, ['asset:create']);
    expect(apiKey.scopes).toEqual(['asset:create']);

    const created = (await tenant.ok(CREATE, { input: { name: 'Scanner' } }, key)).createAsset;
    expect(created).toMatchObject({ name: 'Scanner', status: 'ACTIVE' });
    const [event] = await auditTrail(tenant, created.id);
    expect(event).toMatchObject({ action: 'asset.created', actorApiKeyId: apiKey.id, source: 'GRAPHQL' });

    const response = await restClient(api, key).post('/api/assets', { name: 'Label printer' });
    expectJson(response, 201);
    expect(response.body).toMatchObject({ name: 'Label printer' });
    expect((await auditTrail(tenant, response.body.id))[0]).toMatchObject({ action: 'asset.created', actorApiKeyId: apiKey.id, source: 'REST' });
  });

  it('cannot update (FORBIDDEN naming write) nor check out; nothing is written', async () => {
    const tenant = await tenantOn('business');
    const { key } = await keyWith(tenant, ['asset:create']);
    const asset = await createAsset(tenant, { name: 'Original' });
    const user = await inviteUser(tenant);
    const before = await rowCounts(tenant);

    const update = onlyError(await tenant.gql(UPDATE, { id: asset.id }, key));
    expect(update).toMatchObject({ message: 'updateAsset needs a key with the write scope', path: ['updateAsset'], extensions: { code: 'FORBIDDEN', missing: ['write'] } });
    const checkout = onlyError(await tenant.gql(CHECKOUT, { input: { assetId: asset.id, userId: user.id } }, key));
    expect(checkout).toMatchObject({
      message: 'checkoutAsset needs the assignment:update permission (or the write scope)',
      extensions: { code: 'FORBIDDEN', missing: ['assignment:update'] },
    });
    const put = await restClient(api, key).put(`/api/assets/${asset.id}`, { name: 'Replaced' });
    expectError(put, 403, /write scope/);

    expect(await rowCounts(tenant)).toEqual(before);
    expect((await api.db.prisma.asset.findUniqueOrThrow({ where: { id: asset.id } })).name).toBe('Original');
  });

  it('cannot read: queries are FORBIDDEN naming read (GraphQL and REST)', async () => {
    const tenant = await tenantOn('business');
    const { key } = await keyWith(tenant, ['asset:create']);
    const response = await tenant.gql(`{ assets(first: 10) { totalCount } viewer { scopes } }`, {}, key);
    expect(response.status).toBe(200);
    expect(response.errors?.map((error) => [error.path, error.extensions?.code, error.extensions?.missing])).toEqual(
      expect.arrayContaining([[['assets'], 'FORBIDDEN', ['read']], [['viewer'], 'FORBIDDEN', ['read']]]),
    );
    expect(response.errors![0].message).toMatch(/needs a key with the read scope/);
    expectError(await restClient(api, key).get('/api/assets'), 403, /read scope/);
  });
});

describe('a key with only assignment:update (Business plan)', () => {
  it('checks assets out and in (GraphQL and REST), audited', async () => {
    const tenant = await tenantOn('business');
    const { key, apiKey } = await keyWith(tenant, ['assignment:update']);
    const asset = await createAsset(tenant);
    const user = await inviteUser(tenant);

    const out = (await tenant.ok(CHECKOUT, { input: { assetId: asset.id, userId: user.id } }, key)).checkoutAsset;
    expect(out).toEqual({ id: asset.id, status: 'CHECKED_OUT', assignedUser: { id: user.id } });
    const back = (await tenant.ok(CHECKIN, { id: asset.id }, key)).checkinAsset;
    expect(back).toEqual({ id: asset.id, status: 'CHECKED_IN', assignedUser: null });

    const r = restClient(api, key);
    expectJson(await r.post(`/api/assets/${asset.id}/checkout`, { assigned_user_id: user.id }), 200);
    expectJson(await r.post(`/api/assets/${asset.id}/checkin`), 200);

    const trail = (await auditTrail(tenant, asset.id)).filter((event) => event.actorApiKeyId === apiKey.id);
    expect(trail.map((event) => [event.action, event.source])).toEqual([
      ['asset.checked_out', 'GRAPHQL'], ['asset.checked_in', 'GRAPHQL'], ['asset.checked_out', 'REST'], ['asset.checked_in', 'REST'],
    ]);
  });

  it('cannot create an asset: FORBIDDEN naming asset:create, nothing written (GraphQL and REST)', async () => {
    const tenant = await tenantOn('business');
    const { key } = await keyWith(tenant, ['assignment:update']);
    const before = await rowCounts(tenant);
    const response = await tenant.gql(CREATE, { input: { name: 'Nope' } }, key);
    expect(response.status).toBe(200);
    expect(response.data?.createAsset ?? null).toBeNull();
    expect(onlyError(response)).toMatchObject({
      message: 'createAsset needs the asset:create permission (or the write scope)',
      path: ['createAsset'],
      extensions: { code: 'FORBIDDEN', missing: ['asset:create'] },
    });
    expectError(await restClient(api, key).post('/api/assets', { name: 'Nope' }), 403, /asset:create permission/);
    expect(await rowCounts(tenant)).toEqual(before);
  });
});

describe('moveAsset and a key with only asset:location (Business plan)', () => {
  it('moves an asset to a location and to none, each audited as asset.updated with the change', async () => {
    const tenant = await tenantOn('business');
    const { key, apiKey } = await keyWith(tenant, ['asset:location']);
    const location = await createLocation(tenant, { name: 'Warehouse' });
    const asset = await createAsset(tenant);

    const moved = (await tenant.ok(MOVE, { id: asset.id, locationId: location.id }, key)).moveAsset;
    expect(moved).toEqual({ id: asset.id, location: { id: location.id, name: 'Warehouse' } });
    const cleared = (await tenant.ok(MOVE, { id: asset.id, locationId: null }, key)).moveAsset;
    expect(cleared).toEqual({ id: asset.id, location: null });
    expect((await api.db.prisma.asset.findUniqueOrThrow({ where: { id: asset.id } })).locationId).toBeNull();

    const trail = (await auditTrail(tenant, asset.id)).slice(1);
    expect(trail).toEqual([
      expect.objectContaining({ action: 'asset.updated', actorApiKeyId: apiKey.id, changes: { locationId: { before: null, after: location.id } } }),
      expect.objectContaining({ action: 'asset.updated', actorApiKeyId: apiKey.id, changes: { locationId: { before: location.id, after: null } } }),
    ]);
    // Moving to where it already is changes nothing and records nothing.
    const before = await rowCounts(tenant);
    await tenant.ok(MOVE, { id: asset.id }, key);
    expect(await rowCounts(tenant)).toEqual(before);
  });

  it('refuses an unknown location or asset, writing nothing', async () => {
    const tenant = await tenantOn('business');
    const { key } = await keyWith(tenant, ['asset:location']);
    const asset = await createAsset(tenant);
    const before = await rowCounts(tenant);
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(onlyError(await tenant.gql(MOVE, { id: asset.id, locationId: missing }, key)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'locationId' });
    expect(onlyError(await tenant.gql(MOVE, { id: missing, locationId: null }, key)).extensions?.code).toBe('NOT_FOUND');
    expect(await rowCounts(tenant)).toEqual(before);
  });

  it('cannot create assets or check them out with asset:location', async () => {
    const tenant = await tenantOn('business');
    const { key } = await keyWith(tenant, ['asset:location']);
    const before = await rowCounts(tenant);
    expect(onlyError(await tenant.gql(CREATE, { input: { name: 'x' } }, key)).extensions).toMatchObject({ code: 'FORBIDDEN', missing: ['asset:create'] });
    expect(await rowCounts(tenant)).toEqual(before);
  });
});

describe('a write key on the Growth plan', () => {
  it('creates, checks out and in, and moves: write covers every permission on any plan', async () => {
    const tenant = await api.tenant(); // growth
    const location = await createLocation(tenant);
    const user = await inviteUser(tenant);
    const asset = (await tenant.ok(CREATE, { input: { name: 'Monitor' } })).createAsset;
    expect((await tenant.ok(CHECKOUT, { input: { assetId: asset.id, userId: user.id } })).checkoutAsset.status).toBe('CHECKED_OUT');
    expect((await tenant.ok(CHECKIN, { id: asset.id })).checkinAsset.status).toBe('CHECKED_IN');
    expect((await tenant.ok(MOVE, { id: asset.id, locationId: location.id })).moveAsset.location.id).toBe(location.id);
    expect((await auditTrail(tenant, asset.id)).map((event) => event.action)).toEqual(['asset.created', 'asset.checked_out', 'asset.checked_in', 'asset.updated']);
    expectJson(await restClient(api, tenant.writeKey).post('/api/assets', { name: 'Dock' }), 201);
  });
});

describe('a key whose organization was downgraded below its permission’s plan', () => {
  it('gets PLAN_UPGRADE_REQUIRED (REST 403) and writes nothing; upgrading again restores it', async () => {
    const tenant = await tenantOn('business');
    const { key } = await keyWith(tenant, ['asset:create', 'assignment:update']);
    const asset = await createAsset(tenant);
    const user = await inviteUser(tenant);
    await setPlan(tenant, 'growth');
    const before = await rowCounts(tenant);

    const response = await tenant.gql(CREATE, { input: { name: 'Blocked' } }, key);
    expect(response.status).toBe(200);
    expect(onlyError(response)).toMatchObject({
      message: 'createAsset: Business plan or higher required for the asset:create permission (this organization is on the Growth plan)',
      path: ['createAsset'],
      extensions: { code: 'PLAN_UPGRADE_REQUIRED' },
    });
    expect(onlyError(await tenant.gql(CHECKOUT, { input: { assetId: asset.id, userId: user.id } }, key))).toMatchObject({
      message: expect.stringMatching(/^checkoutAsset: Business plan or higher required for the assignment:update permission/),
      extensions: { code: 'PLAN_UPGRADE_REQUIRED' },
    });
    const rest = await restClient(api, key).post('/api/assets', { name: 'Blocked' });
    expectError(rest, 403, /Business plan or higher required/);
    expect(await rowCounts(tenant)).toEqual(before);

    await setPlan(tenant, 'business');
    expect((await tenant.ok(CREATE, { input: { name: 'Allowed again' } }, key)).createAsset.name).toBe('Allowed again');
  });

  it('still reports a permission the key does not hold as FORBIDDEN, not as a plan problem', async () => {
    const tenant = await tenantOn('business');
    const { key } = await keyWith(tenant, ['asset:create']);
    await setPlan(tenant, 'growth');
    const asset = await createAsset(tenant);
    expect(onlyError(await tenant.gql(MOVE, { id: asset.id, locationId: null }, key)).extensions).toMatchObject({ code: 'FORBIDDEN', missing: ['asset:location'] });
  });
});

describe('createApiKey plan gates', () => {
  const refused = async (plan: Plan, scopes: string[]) => {
    const tenant = await tenantOn(plan);
    const before = await rowCounts(tenant);
    const response = await tenant.gql(CREATE_KEY, { input: { name: 'integration', scopes } });
    expect(response.data?.createApiKey ?? null).toBeNull();
    expect(await rowCounts(tenant)).toEqual(before); // no key, no audit event
    return onlyError(response);
  };

  it('refuses iot:signal:ingest below Enterprise with ENTERPRISE_REQUIRED', async () => {
    for (const plan of ['growth', 'business'] as const) {
      expect(await refused(plan, ['iot:signal:ingest']), plan).toMatchObject({
        message: `createApiKey: Enterprise plan required for the iot:signal:ingest permission (this organization is on the ${plan === 'growth' ? 'Growth' : 'Business'} plan)`,
        extensions: { code: 'ENTERPRISE_REQUIRED', field: 'scopes' },
      });
    }
  });

  it('grants iot:signal:ingest (and every other permission) on Enterprise', async () => {
    const tenant = await tenantOn('enterprise');
    const { apiKey } = await keyWith(tenant, [...PERMISSIONS]);
    expect(apiKey.scopes).toEqual([...PERMISSIONS]);
    const row = await api.db.prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(row.scopes).toEqual([...PERMISSIONS]);
    expect((await auditTrail(tenant, apiKey.id)).map((event) => event.action)).toEqual(['api_key.created']);
  });

  it('refuses Business permissions on Growth with PLAN_UPGRADE_REQUIRED', async () => {
    const error = await refused('growth', ['read', 'asset:create', 'maintenance:create']);
    expect(error).toMatchObject({
      message: 'createApiKey: Business plan or higher required for the asset:create, maintenance:create permissions (this organization is on the Growth plan)',
      extensions: { code: 'PLAN_UPGRADE_REQUIRED', field: 'scopes' },
    });
  });

  it('grants Business permissions on Business, without read; still refuses unknown scopes naming the known ones', async () => {
    const tenant = await tenantOn('business');
    for (const permission of ['asset:create', 'asset:location', 'maintenance:create', 'assignment:update'] satisfies Permission[]) {
      expect((await keyWith(tenant, [permission])).apiKey.scopes).toEqual([permission]);
    }
    const unknown = onlyError(await tenant.gql(CREATE_KEY, { input: { name: 'x', scopes: ['asset:delete'] } }));
    expect(unknown.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'scopes' });
    expect(unknown.message).toContain('known: read, write, asset:create, asset:location, maintenance:create, assignment:update, iot:signal:ingest');
  });

  it('maps the plan codes to 403 for REST', async () => {
    const { STATUS_BY_CODE } = await import('../rest-shim/http-status.js');
    expect(STATUS_BY_CODE.PLAN_UPGRADE_REQUIRED).toBe(403);
    expect(STATUS_BY_CODE.ENTERPRISE_REQUIRED).toBe(403);
  });
});

describe('roles: a user (not admin) principal', () => {
  it('cannot mutate with a write key, nor with a permission: admin role needed; nothing written', async () => {
    const tenant = await tenantOn('business');
    const member = await inviteUser(tenant, { role: 'USER' });
    const writeKey = await createKey(api.db.prisma, { organizationId: tenant.organizationId, name: 'member write', scopes: ['write'], userEmail: member.email });
    const permissionKey = await createKey(api.db.prisma, {
      organizationId: tenant.organizationId, name: 'member perms', scopes: ['asset:create', 'asset:location', 'assignment:update'], userEmail: member.email,
    });
    const asset = await createAsset(tenant);
    const before = await rowCounts(tenant);
    for (const key of [writeKey.secret, permissionKey.secret]) {
      for (const [name, query, variables] of [
        ['createAsset', CREATE, { input: { name: 'x' } }],
        ['checkoutAsset', CHECKOUT, { input: { assetId: asset.id, userId: member.id } }],
        ['moveAsset', MOVE, { id: asset.id, locationId: null }],
      ] as const) {
        expect(onlyError(await tenant.gql(query, variables, key)), name).toMatchObject({
          message: `${name} needs the admin role`, extensions: { code: 'FORBIDDEN', missing: ['admin'] },
        });
      }
    }
    // The write key still reads (a user reads); the permission key does not.
    expect((await tenant.ok(LIST, {}, writeKey.secret)).assets.totalCount).toBe(1);
    expect(onlyError(await tenant.gql(LIST, {}, permissionKey.secret)).extensions?.code).toBe('FORBIDDEN');
    expect(await rowCounts(tenant)).toEqual(before);
  });
});
