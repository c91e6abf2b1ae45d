// Assertions shared by the specs: what every error answer, empty answer and audited write must be.
import { expect } from 'vitest';
import { apiKeyIdOf, auditTrail } from './fixtures.js';
import type { GraphQLResponse, Tenant } from './test-api.js';

type ErrorResponse = Pick<GraphQLResponse, 'errors'>;

/** Exactly one error in the response (the message shows the whole response); returns it. */
export function onlyError(response: ErrorResponse) {
  expect(response.errors, JSON.stringify(response)).toHaveLength(1);
  return response.errors![0];
}

/** The fields answered no value: each is null, or (for a non-null field) the whole data is null. */
export function expectNoValue(response: { data?: any }, ...fields: string[]) {
  for (const field of fields) expect(response.data?.[field] ?? null, field).toBeNull();
}

/**
 * The newest audit event of `entityId`, checked for what every GraphQL write with the tenant's
 * write key records: the action, the entity, the source, the acting user and key, a request id.
 */
export async function lastAudit(tenant: Tenant, entityType: string, entityId: string, action: string) {
  const event = (await auditTrail(tenant, entityId)).at(-1)!;
  expect(event).toMatchObject({
    action,
    entityType,
    entityId,
    source: 'GRAPHQL',
    actorUser: { id: tenant.userId },
    actorApiKeyId: await apiKeyIdOf(tenant),
  });
  expect(event.requestId).toEqual(expect.any(String));
  return event;
}
