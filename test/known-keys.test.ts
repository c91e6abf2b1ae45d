// Known API keys (src/auth/known-keys.ts): a key this instance found valid is not looked up before
// the request runs; a compiled read reads its state in its own statement, anything else reads it
// first. Two app instances over one database: whatever changes the key on one takes effect on the
// next request to the other — revocation, a deactivated user, a changed organization setting.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { FieldCipher } from '../src/crypto/field-cipher.js';
import { createLogger } from '../src/request/log.js';
import { isCompiledStatement, readsKeyState } from './support/compiled-reads.js';
import { API_KEY_LOOKUP, tablesOf } from './support/sql.js';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';

let api: TestApi;
/** The other instance: same database, its own known keys. */
let other: App;
beforeAll(async () => {
  api = await startTestApi({ budgetStore: null });
  other = createApp(api.db, { cipher: new FieldCipher(randomBytes(32)), budgetStore: null, logger: createLogger({ level: 'silent' }) });
});
afterAll(() => api.close());

const PAGE = '{ assets(first: 2) { edges { node { id name } } } }';
const VIEWER = '{ viewer { scopes } }';
const CREATE_LOCATION = `mutation { createLocation(input: { name: "Late write", type: "Office" }) { id } }`;

async function onOther(key: string, query: string) {
  const response = await other.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] } };
}

/** A tenant with a second write key, which the other instance knows (it answered a request with it). */
async function knownOnOther(): Promise<{ tenant: Tenant; key: string; keyId: string }> {
  const tenant = await api.tenant();
  await tenant.ok(`mutation { createAsset(input: { name: "Laptop", category: "Hardware" }) { id } }`);
  const { key, apiKey } = (await tenant.ok(`mutation { createApiKey(input: { name: "integration", scopes: ["write"] }) { key apiKey { id } } }`)).createApiKey;
  expect((await onOther(key, PAGE)).status).toBe(200);
  return { tenant, key, keyId: apiKey.id };
}
const REVOKE = `mutation($id: UUID!) { revokeApiKey(id: $id) { id } }`;

const isLookup = (sql: string) => !isCompiledStatement({ sql, args: [] }) && [tablesOf({ sql, args: [] })].join() === API_KEY_LOOKUP.join();

describe('a key new to the instance', () => {
  it('is looked up before the request runs, then known: a compiled read is one statement with the key state in it', async () => {
    const tenant = await api.tenant();
    const first = await api.recordSql(() => tenant.ok(PAGE));
    expect(isLookup(first[0].sql)).toBe(true);
    expect(readsKeyState(first.at(-1)!)).toBe(false);
    const known = await api.recordSql(() => tenant.ok(PAGE));
    expect(known).toHaveLength(1);
    expect(isCompiledStatement(known[0]) && readsKeyState(known[0])).toBe(true);
  });

  it('known: an operation that is not compiled reads the key state before it runs', async () => {
    const tenant = await api.tenant();
    await tenant.ok(VIEWER);
    const statements = await api.recordSql(() => tenant.ok(CREATE_LOCATION));
    expect(statements[0].sql).toMatch(/^SELECT json_build_array\(k\.id, .* WHERE k\.secret_hash = \$1$/s);
    expect(statements.slice(1).some((statement) => /INSERT INTO "public"."locations"/.test(statement.sql))).toBe(true);
  });
});

describe('a known key changed on another instance', () => {
  /** Revokes a key the other instance knows (on this instance), then sends `query` to the other with it. */
  async function afterRevocation(query: string) {
    const { tenant, key, keyId } = await knownOnOther();
    await tenant.ok(REVOKE, { id: keyId });
    const refused = await onOther(key, query);
    expect(refused.status).toBe(401);
    expect(refused.body.errors?.[0].extensions?.code).toBe('KEY_REVOKED');
    return { tenant, refused };
  }

  it('revoked: the next compiled read answers 401 KEY_REVOKED, from the state its own statement read', async () => {
    const { refused } = await afterRevocation(PAGE);
    expect(refused.body.data ?? null).toBeNull();
  });

  it('revoked: a mutation answers 401 and writes nothing (the key is read before any resolver)', async () => {
    const { tenant } = await afterRevocation(CREATE_LOCATION);
    expect(await api.db.prisma.location.count({ where: { organizationId: tenant.organizationId, name: 'Late write' } })).toBe(0);
  });

  it('its user deactivated: 401 on the next request, compiled or not', async () => {
    const { tenant, key } = await knownOnOther();
    expect((await onOther(key, VIEWER)).status).toBe(200);
    await api.db.prisma.user.update({ where: { id: tenant.userId }, data: { status: 'inactive' } });
    for (const query of [PAGE, VIEWER]) {
      const refused = await onOther(key, query);
      expect(refused.status, query).toBe(401);
      expect(refused.body.errors?.[0].extensions?.code, query).toBe('UNAUTHENTICATED');
    }
  });

  it('still valid but changed (trusted documents only): the operation runs again on the stored setting', async () => {
    const { tenant, key } = await knownOnOther();
    await api.db.prisma.organization.update({ where: { id: tenant.organizationId }, data: { trustedDocumentsOnly: true } });
    const statements = await api.recordSql(async () => {
      const refused = await onOther(key, PAGE);
      expect(refused.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(refused.body.errors?.[0].message).toMatch(/trusted documents only/);
      expect(refused.body.data ?? null).toBeNull();
    });
    // The compiled statement read a changed state; its answer was dropped, the key looked up afresh.
    expect(readsKeyState(statements[0])).toBe(true);
    expect(isLookup(statements[1].sql)).toBe(true);
    expect(statements.slice(2).some(isCompiledStatement)).toBe(false);
    // Back off: known again from the lookup, one statement per compiled read.
    await api.db.prisma.organization.update({ where: { id: tenant.organizationId }, data: { trustedDocumentsOnly: false } });
    const again = await onOther(key, PAGE);
    expect(again.status).toBe(200);
    expect(again.body.data.assets.edges).toHaveLength(1);
  });
});
