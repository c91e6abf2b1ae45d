// Fixtures that create rows through the public GraphQL API, returning what the API returned.
import type { Tenant } from './test-api.js';

export async function createLocation(tenant: Tenant, input: Record<string, unknown> = {}) {
  const data = await tenant.ok(
    `mutation($input: CreateLocationInput!) { createLocation(input: $input) { id name type } }`,
    { input: { name: 'Sydney HQ', ...input } },
  );
  return data.createLocation as { id: string; name: string; type: string };
}

export async function createVendor(tenant: Tenant, input: Record<string, unknown> = {}) {
  const data = await tenant.ok(
    `mutation($input: CreateVendorInput!) { createVendor(input: $input) { id name } }`,
    { input: { name: 'Apple Inc.', ...input } },
  );
  return data.createVendor as { id: string; name: string };
}

export async function inviteUser(tenant: Tenant, input: Record<string, unknown> = {}) {
  const data = await tenant.ok(
    `mutation($input: InviteUserInput!) { inviteUser(input: $input) { id name email role status } }`,
    { input: { email: `user-${Math.random().toString(36).slice(2, 10)}@example.com`, ...input } },
  );
  return data.inviteUser as { id: string; name: string; email: string; role: string; status: string };
}

export async function createAsset(tenant: Tenant, input: Record<string, unknown> = {}) {
  const data = await tenant.ok(
    `mutation($input: CreateAssetInput!) { createAsset(input: $input) { id assetTag name status } }`,
    { input: { name: 'MacBook Pro 16"', category: 'Laptop', ...input } },
  );
  return data.createAsset as { id: string; assetTag: string; name: string; status: string };
}

/** The audit events of one entity, oldest first, read through the API. */
export async function auditTrail(tenant: Tenant, entityId: string) {
  const data = await tenant.ok(
    `query($id: UUID!) { auditEvents(first: 100, direction: ASC, filter: { entityId: $id }) {
      edges { node { action entityType entityId changes source requestId actorUser { id } actorApiKeyId } } } }`,
    { id: entityId },
  );
  return data.auditEvents.edges.map((edge: { node: unknown }) => edge.node) as {
    action: string; entityType: string; entityId: string; changes: Record<string, { before: unknown; after: unknown }>;
    source: string; requestId: string; actorUser: { id: string } | null; actorApiKeyId: string | null;
  }[];
}

/** Checks `assetId` out to `userId` through the API; returns the asset as checkoutAsset returned it. */
export async function checkoutAsset(tenant: Tenant, assetId: string, userId: string, expectedReturn?: string) {
  const data = await tenant.ok(
    `mutation($input: CheckoutAssetInput!) { checkoutAsset(input: $input) { id status assignedUser { id } } }`,
    { input: { assetId, userId, ...(expectedReturn && { expectedReturn }) } },
  );
  return data.checkoutAsset as { id: string; status: string; assignedUser: { id: string } | null };
}

/** The id of the API key a tenant's request is made with (its write key unless `key` is given). */
export async function apiKeyIdOf(tenant: Tenant, key?: string) {
  const data = await tenant.ok(`{ viewer { apiKeyId } }`, {}, key);
  return data.viewer.apiKeyId as string;
}
