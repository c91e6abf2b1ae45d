// UniAsset's Integration API in tests: tenants on a plan with keys of chosen permissions, and the
// check every UniAsset error answer must pass ({ code, message, details: [{ field, message }] }).
import { expect } from 'vitest';
import { createKey } from '../../src/auth/key-admin.js';
import type { Plan } from '../../src/request/principal.js';
import { restClient, type RestResult } from './rest.js';
import type { Tenant, TestApi } from './test-api.js';

/** A tenant on `plan` (its write key as `r`) and a way to make clients holding only some scopes. */
export async function integrationTenant(api: TestApi, plan: Plan) {
  const tenant = await api.tenant(undefined, plan);
  return {
    tenant,
    r: restClient(api, tenant.writeKey),
    /** A REST client whose key (acting as the admin) holds exactly `scopes`; `keyId` is the key's id. */
    async keyWith(...scopes: string[]) {
      const key = await createKey(api.db.prisma, { organizationId: tenant.organizationId, name: scopes.join(','), scopes });
      return Object.assign(restClient(api, key.secret), { keyId: key.id });
    },
  };
}

/** A UniAsset error: the status, exactly { code, message, details }, and the fields `details` names. */
export function expectUniAssetError(result: RestResult, status: number, code: string, fields?: string[]) {
  expect(result.status, `status (body: ${result.text})`).toBe(status);
  expect(result.headers.get('content-type')).toMatch(/^application\/json/);
  expect(Object.keys(result.body ?? {}).sort(), `error body ${result.text}`).toEqual(['code', 'details', 'message']);
  expect(result.body.code).toBe(code);
  expect(typeof result.body.message).toBe('string');
  expect(result.body.message.trim()).not.toBe('');
  expect(Array.isArray(result.body.details)).toBe(true);
  for (const detail of result.body.details) expect(Object.keys(detail).sort()).toEqual(['field', 'message']);
  if (fields) expect(result.body.details.map((detail: { field: string }) => detail.field)).toEqual(fields);
  return result.body as { code: string; message: string; details: { field: string; message: string }[] };
}
