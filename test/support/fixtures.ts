// Fixtures that create rows through the public GraphQL API, returning what the API returned.
import type { Tenant, TestApi } from './test-api.js';

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
    `mutation($input: InviteUserInput!) { inviteUser(input: $input) { user { id name email role status } invitation { url } } }`,
    { input: { email: `user-${Math.random().toString(36).slice(2, 10)}@example.com`, ...input } },
  );
  const { user, invitation } = data.inviteUser;
  return { ...user, invitationToken: new URL(invitation.url).hash.replace('#token=', '') } as {
    id: string; name: string; email: string; role: string; status: string; invitationToken: string;
  };
}

export const TEST_PASSWORD = 'correct horse battery staple';

/** A user who accepted their invitation: logged in, with their tokens. */
export async function signedUpUser(api: TestApi, tenant: Tenant, input: Record<string, unknown> = {}) {
  const user = await inviteUser(tenant, input);
  const response = await api.gql(
    `mutation($input: AcceptInviteInput!) { acceptInvite(input: $input) { accessToken refreshToken expiresIn } }`,
    { input: { token: user.invitationToken, password: TEST_PASSWORD } },
    { 'x-forwarded-for': randomAddress() },
  );
  if (response.errors?.length) throw new Error(`acceptInvite failed: ${JSON.stringify(response.errors)}`);
  const tokens = response.data.acceptInvite as { accessToken: string; refreshToken: string; expiresIn: number };
  return { ...user, password: TEST_PASSWORD, ...tokens };
}

/** A fresh client address: auth endpoints limit attempts per IP (the test app trusts X-Forwarded-For). */
export function randomAddress(): string {
  return `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 256)).join('.')}`;
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
