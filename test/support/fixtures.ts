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

/** One mutation field to run in a batch: its arguments as GraphQL type and value. */
export interface MutationCall {
  field: string;
  args: Record<string, { type: string; value: unknown }>;
  selection?: string;
}

// Below the alias limit (30), with room for the tokens of long selections.
const BATCH_SIZE = 25;

/**
 * Runs `calls` as aliased fields of as few mutations as the alias limit allows (in order: the
 * fields of one mutation run one after another); returns each field's result, in order.
 */
export async function runMutations<T = any>(tenant: Tenant, calls: MutationCall[]): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < calls.length; start += BATCH_SIZE) {
    const chunk = calls.slice(start, start + BATCH_SIZE);
    const declarations: string[] = [];
    const variables: Record<string, unknown> = {};
    const fields = chunk.map((call, i) => {
      const args = Object.entries(call.args).map(([name, { type, value }]) => {
        declarations.push(`$${name}${i}: ${type}`);
        variables[`${name}${i}`] = value;
        return `${name}: $${name}${i}`;
      });
      return `m${i}: ${call.field}${args.length ? `(${args.join(', ')})` : ''} ${call.selection ?? '{ id }'}`;
    });
    const data = await tenant.ok(`mutation${declarations.length ? `(${declarations.join(', ')})` : ''} { ${fields.join(' ')} }`, variables);
    results.push(...chunk.map((_, i) => data[`m${i}`] as T));
  }
  return results;
}

const inputCalls = (field: string, type: string, inputs: Record<string, unknown>[]): MutationCall[] =>
  inputs.map((input) => ({ field, args: { input: { type: `${type}!`, value: input } } }));

/** `count` locations (Location 0, Location 1, …), created in batches; their ids in order. */
export async function createLocations(tenant: Tenant, count: number, input: (i: number) => Record<string, unknown> = () => ({})) {
  const inputs = Array.from({ length: count }, (_, i) => ({ name: `Location ${i}`, ...input(i) }));
  return (await runMutations<{ id: string }>(tenant, inputCalls('createLocation', 'CreateLocationInput', inputs))).map((row) => row.id);
}

/** `count` vendors (Vendor 0, Vendor 1, …), created in batches; their ids in order. */
export async function createVendors(tenant: Tenant, count: number, input: (i: number) => Record<string, unknown> = () => ({})) {
  const inputs = Array.from({ length: count }, (_, i) => ({ name: `Vendor ${i}`, ...input(i) }));
  return (await runMutations<{ id: string }>(tenant, inputCalls('createVendor', 'CreateVendorInput', inputs))).map((row) => row.id);
}

/** `count` users who only hold assets (no invitation sent), invited in batches; their ids in order. */
export async function inviteUsers(tenant: Tenant, count: number, input: (i: number) => Record<string, unknown> = () => ({})) {
  const tag = Math.random().toString(36).slice(2, 10);
  const inputs = Array.from({ length: count }, (_, i) => ({ name: `User ${i}`, email: `user-${tag}-${i}@example.com`, sendInvitation: false, ...input(i) }));
  const calls = inputCalls('inviteUser', 'InviteUserInput', inputs).map((call) => ({ ...call, selection: '{ user { id } }' }));
  return (await runMutations<{ user: { id: string } }>(tenant, calls)).map((row) => row.user.id);
}

/** `count` assets (Asset 0, Asset 1, …), created in batches; their ids in order. */
export async function createAssets(tenant: Tenant, count: number, input: (i: number) => Record<string, unknown> = () => ({})) {
  const inputs = Array.from({ length: count }, (_, i) => ({ name: `Asset ${i}`, category: 'Laptop', ...input(i) }));
  return (await runMutations<{ id: string }>(tenant, inputCalls('createAsset', 'CreateAssetInput', inputs))).map((row) => row.id);
}

/** Checks `assetId` out to each of `userIds` in turn, checking it back in after each. */
export async function checkoutHistory(tenant: Tenant, assetId: string, userIds: string[]) {
  await runMutations(tenant, userIds.flatMap((userId): MutationCall[] => [
    { field: 'checkoutAsset', args: { input: { type: 'CheckoutAssetInput!', value: { assetId, userId } } } },
    { field: 'checkinAsset', args: { assetId: { type: 'UUID!', value: assetId } } },
  ]));
}
