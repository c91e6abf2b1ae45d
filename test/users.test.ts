// Specification of users: the `users` connection, `user(id)`, `viewer`, inviteUser/updateUser/
// deactivateUser with their rules and audit events, and the User.assignedAssets/ownedAssets connections.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapOrganization, createKey } from '../src/auth/key-admin.js';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';
import { auditTrail, checkoutAsset, createAsset, inviteUser } from './support/fixtures.js';
import { lastAudit, onlyError } from './support/assertions.js';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(() => api.close());

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

const USER_FIELDS = 'id name email role status department lastLoginAt createdAt updatedAt';

const USERS = `query($first: Int, $after: String, $last: Int, $before: String, $offset: Int,
    $filter: UserFilter, $orderBy: UserOrder) {
  users(first: $first, after: $after, last: $last, before: $before, offset: $offset, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id name email role status } }
  }
}`;

const USER = `query($id: UUID!) { user(id: $id) { ${USER_FIELDS} } }`;
const INVITE = `mutation($input: InviteUserInput!) { inviteUser(input: $input) { user { ${USER_FIELDS} } } }`;
const UPDATE = `mutation($id: UUID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { ${USER_FIELDS} } }`;
const DEACTIVATE = `mutation($id: UUID!) { deactivateUser(id: $id) { ${USER_FIELDS} } }`;
const VIEWER = `{ viewer { apiKeyId scopes user { id name email role status } organization { id name plan createdAt } } }`;

interface UserNode { id: string; name: string; email: string; role: string; status: string }
interface UserPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { cursor: string; node: UserNode }[];
}

async function users(tenant: Tenant, variables: Record<string, unknown> = {}): Promise<UserPage> {
  return (await tenant.ok(USERS, variables)).users;
}

const names = (page: UserPage) => page.edges.map((edge) => edge.node.name);
const emails = (page: UserPage) => page.edges.map((edge) => edge.node.email);

async function readUser(tenant: Tenant, id: string) {
  return (await tenant.ok(USER, { id })).user;
}

async function actions(tenant: Tenant, entityId: string) {
  return (await auditTrail(tenant, entityId)).map((event) => event.action);
}

/** A key acting as the user with `email` (the CLI's `key create --user`). */
async function keyFor(tenant: Tenant, email: string, scopes = ['read']) {
  return createKey(api.db.prisma, { organizationId: tenant.organizationId, name: `key for ${email}`, scopes, userEmail: email });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Three users whose name order, email order and creation order all differ. */
async function seedTrio(tenant: Tenant) {
  const bravo = await inviteUser(tenant, { name: 'Bravo', email: 'carol@trio.test' });
  await sleep(5);
  const charlie = await inviteUser(tenant, { name: 'Charlie', email: 'alice@trio.test' });
  await sleep(5);
  const alpha = await inviteUser(tenant, { name: 'Alpha', email: 'bob@trio.test' });
  return { alpha, bravo, charlie };
}

describe('Query.users', () => {
  it('lists the organization\'s users, its first admin included, by name ascending by default', async () => {
    const tenant = await api.tenant();
    const other = await api.tenant();
    await inviteUser(other, { name: 'Outsider', email: 'outsider@trio.test' });
    await seedTrio(tenant);

    const page = await users(tenant);
    expect(page.totalCount).toBe(4);
    expect(page.edges.map((edge) => edge.node.id)).toContain(tenant.userId);
    expect(page.edges.map((edge) => edge.node.id)).not.toContain(other.userId);
    expect(names(await users(tenant, { filter: { role: 'USER' } }))).toEqual(['Alpha', 'Bravo', 'Charlie']);
  });

  describe('filter', () => {
    it('search matches the name case-insensitively', async () => {
      const tenant = await api.tenant();
      await inviteUser(tenant, { name: 'Jane Doe', email: 'jd@corp.test' });
      await inviteUser(tenant, { name: 'John Smith', email: 'js@corp.test' });
      const page = await users(tenant, { filter: { search: 'jANE' } });
      expect(names(page)).toEqual(['Jane Doe']);
      expect(page.totalCount).toBe(1);
      expect(names(await users(tenant, { filter: { search: 'SMITH' } }))).toEqual(['John Smith']);
    });

    it('search matches the email case-insensitively', async () => {
      const tenant = await api.tenant();
      await inviteUser(tenant, { name: 'Alpha', email: 'alpha@widgets.test' });
      await inviteUser(tenant, { name: 'Bravo', email: 'bravo@gadgets.test' });
      const page = await users(tenant, { filter: { search: 'WIDGETS.TEST' } });
      expect(emails(page)).toEqual(['alpha@widgets.test']);
      expect(page.totalCount).toBe(1);
      expect(names(await users(tenant, { filter: { search: 'Bravo@Gad' } }))).toEqual(['Bravo']);
      expect((await users(tenant, { filter: { search: 'nobody' } })).totalCount).toBe(0);
    });

    it('role and status filter exactly; filters combine', async () => {
      const tenant = await api.tenant();
      const admin2 = await inviteUser(tenant, { name: 'Admin Two', role: 'ADMIN' });
      const user1 = await inviteUser(tenant, { name: 'Alpha' });
      const user2 = await inviteUser(tenant, { name: 'Bravo' });
      await tenant.ok(DEACTIVATE, { id: user2.id });

      const admins = await users(tenant, { filter: { role: 'ADMIN' } });
      expect(admins.edges.map((edge) => edge.node.id).sort()).toEqual([tenant.userId, admin2.id].sort());
      expect(admins.totalCount).toBe(2);
      expect(admins.edges.every((edge) => edge.node.role === 'ADMIN')).toBe(true);

      const inactive = await users(tenant, { filter: { status: 'INACTIVE' } });
      expect(inactive.edges.map((edge) => edge.node.id)).toEqual([user2.id]);
      expect(inactive.edges[0].node.status).toBe('INACTIVE');
      expect((await users(tenant, { filter: { status: 'ACTIVE' } })).totalCount).toBe(3);

      const activeUsers = await users(tenant, { filter: { role: 'USER', status: 'ACTIVE' } });
      expect(activeUsers.edges.map((edge) => edge.node.id)).toEqual([user1.id]);
      expect((await users(tenant, { filter: { role: 'ADMIN', status: 'INACTIVE' } })).totalCount).toBe(0);
      expect(names(await users(tenant, { filter: { role: 'USER', search: 'bra' } }))).toEqual(['Bravo']);
    });
  });

  describe('orderBy', () => {
    it('NAME in both directions', async () => {
      const tenant = await api.tenant();
      await seedTrio(tenant);
      const filter = { role: 'USER' };
      expect(names(await users(tenant, { filter, orderBy: { field: 'NAME', direction: 'ASC' } }))).toEqual(['Alpha', 'Bravo', 'Charlie']);
      expect(names(await users(tenant, { filter, orderBy: { field: 'NAME', direction: 'DESC' } }))).toEqual(['Charlie', 'Bravo', 'Alpha']);
    });

    it('EMAIL in both directions', async () => {
      const tenant = await api.tenant();
      await seedTrio(tenant);
      const filter = { role: 'USER' };
      expect(emails(await users(tenant, { filter, orderBy: { field: 'EMAIL', direction: 'ASC' } })))
        .toEqual(['alice@trio.test', 'bob@trio.test', 'carol@trio.test']);
      expect(emails(await users(tenant, { filter, orderBy: { field: 'EMAIL', direction: 'DESC' } })))
        .toEqual(['carol@trio.test', 'bob@trio.test', 'alice@trio.test']);
    });

    it('CREATED_AT in both directions; the direction defaults to ASC', async () => {
      const tenant = await api.tenant();
      await seedTrio(tenant);
      const filter = { role: 'USER' };
      expect(names(await users(tenant, { filter, orderBy: { field: 'CREATED_AT', direction: 'ASC' } }))).toEqual(['Bravo', 'Charlie', 'Alpha']);
      expect(names(await users(tenant, { filter, orderBy: { field: 'CREATED_AT', direction: 'DESC' } }))).toEqual(['Alpha', 'Charlie', 'Bravo']);
      expect(names(await users(tenant, { filter, orderBy: { field: 'CREATED_AT' } }))).toEqual(['Bravo', 'Charlie', 'Alpha']);
      // The first admin was created before anyone was invited.
      const all = await users(tenant, { orderBy: { field: 'CREATED_AT', direction: 'ASC' } });
      expect(all.edges[0].node.id).toBe(tenant.userId);
    });
  });

  describe('paging', () => {
    it('first/after, last/before and offset over a filtered, ordered list', async () => {
      const tenant = await api.tenant();
      for (const name of ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo']) await inviteUser(tenant, { name });
      const filter = { role: 'USER' };

      const f1 = await users(tenant, { filter, first: 2 });
      expect(names(f1)).toEqual(['Alpha', 'Bravo']);
      expect(f1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
      expect(f1.totalCount).toBe(5);
      const f2 = await users(tenant, { filter, first: 2, after: f1.pageInfo.endCursor });
      expect(names(f2)).toEqual(['Charlie', 'Delta']);
      expect(f2.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
      const f3 = await users(tenant, { filter, first: 2, after: f2.pageInfo.endCursor });
      expect(names(f3)).toEqual(['Echo']);
      expect(f3.pageInfo.hasNextPage).toBe(false);

      const b1 = await users(tenant, { filter, last: 3 });
      expect(names(b1)).toEqual(['Charlie', 'Delta', 'Echo']);
      expect(b1.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
      const b2 = await users(tenant, { filter, last: 3, before: b1.pageInfo.startCursor });
      expect(names(b2)).toEqual(['Alpha', 'Bravo']);
      expect(b2.pageInfo.hasPreviousPage).toBe(false);

      const desc = await users(tenant, { filter, first: 2, offset: 1, orderBy: { field: 'NAME', direction: 'DESC' } });
      expect(names(desc)).toEqual(['Delta', 'Charlie']);
      expect(desc.totalCount).toBe(5);
    });

    it('refuses bad page arguments with BAD_USER_INPUT naming the argument', async () => {
      const tenant = await api.tenant();
      const cases: [Record<string, unknown>, string][] = [
        [{ first: 1001 }, 'first'], [{ last: -2 }, 'last'], [{ first: 1, last: 1 }, 'last'], [{ last: 1, offset: 2 }, 'offset'],
      ];
      for (const [variables, field] of cases) {
        const response = await tenant.gql(USERS, variables);
        expect(onlyError(response).extensions, JSON.stringify(variables)).toMatchObject({ code: 'BAD_USER_INPUT', field });
      }
    });
  });
});

describe('Query.user', () => {
  it('returns the user with every field', async () => {
    const tenant = await api.tenant();
    const invited = await inviteUser(tenant, { name: 'Jane Doe', email: 'jane@corp.test', department: 'Finance' });
    expect(await readUser(tenant, invited.id)).toEqual({
      id: invited.id, name: 'Jane Doe', email: 'jane@corp.test', role: 'USER', status: 'ACTIVE',
      department: 'Finance', lastLoginAt: null,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/), updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
    });
    expect(await readUser(tenant, tenant.userId)).toMatchObject({ id: tenant.userId, role: 'ADMIN', status: 'ACTIVE' });
  });

  it('is null, without an error, for an unknown id or another organization\'s user', async () => {
    const tenant = await api.tenant();
    const other = await api.tenant();
    for (const id of [UNKNOWN_ID, other.userId]) {
      const response = await tenant.gql(`query($id: UUID!) { user(id: $id) { id } }`, { id });
      expect(response.errors).toBeUndefined();
      expect(response.data).toEqual({ user: null });
    }
  });
});

describe('Query.viewer', () => {
  it('describes the caller: the key\'s user, the organization and the write key\'s scopes', async () => {
    const name = `Viewer Org ${Math.random().toString(36).slice(2, 8)}`;
    const tenant = await api.tenant(name);
    const data = await tenant.ok(VIEWER);
    expect(data.viewer).toEqual({
      apiKeyId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      scopes: ['read', 'write'],
      user: { id: tenant.userId, name: 'admin', email: expect.stringMatching(/^admin@viewerorg\w+\.test$/), role: 'ADMIN', status: 'ACTIVE' },
      organization: { id: tenant.organizationId, name, plan: 'GROWTH', createdAt: expect.stringMatching(/Z$/) },
    });
  });

  it('a read key has only the read scope and its own apiKeyId', async () => {
    const tenant = await api.tenant();
    const write = await tenant.ok(VIEWER);
    const read = await tenant.ok(VIEWER, {}, tenant.readKey);
    expect(read.viewer.scopes).toEqual(['read']);
    expect(read.viewer.apiKeyId).not.toBe(write.viewer.apiKeyId);
    expect(read.viewer.user.id).toBe(tenant.userId);
  });

  it('a key made for another user acts as that user', async () => {
    const tenant = await api.tenant();
    const member = await inviteUser(tenant, { email: 'member@corp.test' });
    const key = await keyFor(tenant, 'member@corp.test', ['read']);
    const data = await tenant.ok(VIEWER, {}, key.secret);
    expect(data.viewer).toMatchObject({
      apiKeyId: key.id, scopes: ['read'], user: { id: member.id, email: 'member@corp.test', role: 'USER' },
      organization: { id: tenant.organizationId },
    });
  });

  it('reports the organization\'s plan', async () => {
    const org = await bootstrapOrganization(api.db.prisma, { org: 'Enterprise Co', email: 'boss@enterprise.test', plan: 'enterprise' });
    const response = await api.gql(VIEWER, {}, { authorization: `Bearer ${org.readKey}` });
    expect(response.errors).toBeUndefined();
    expect(response.data.viewer.organization).toMatchObject({ id: org.organizationId, name: 'Enterprise Co', plan: 'ENTERPRISE' });
  });

  it('is UNAUTHENTICATED without a key', async () => {
    const response = await api.gql(VIEWER);
    expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(response.data?.viewer ?? null).toBeNull();
  });
});

describe('Mutation.inviteUser', () => {
  it('creates an active USER named after the email prefix, stores the email lower-case, audits user.invited', async () => {
    const tenant = await api.tenant();
    const data = await tenant.ok(INVITE, { input: { email: 'Jane.Doe@Example.COM' } });
    expect(data.inviteUser.user).toMatchObject({
      name: 'jane.doe', email: 'jane.doe@example.com', role: 'USER', status: 'ACTIVE', department: null, lastLoginAt: null,
    });
    expect(await readUser(tenant, data.inviteUser.user.id)).toEqual(data.inviteUser.user);

    const event = await lastAudit(tenant, 'User', data.inviteUser.user.id, 'user.invited');
    expect(event.changes).toEqual({
      name: { before: null, after: 'jane.doe' },
      email: { before: null, after: 'jane.doe@example.com' },
      role: { before: null, after: 'user' },
      status: { before: null, after: 'active' },
    });
  });

  it('uses the given name, role and department (trimmed)', async () => {
    const tenant = await api.tenant();
    const data = await tenant.ok(INVITE, {
      input: { email: 'cto@corp.test', name: '  Chris Tan ', role: 'ADMIN', department: ' Engineering ' },
    });
    expect(data.inviteUser.user).toMatchObject({
      name: 'Chris Tan', email: 'cto@corp.test', role: 'ADMIN', status: 'ACTIVE', department: 'Engineering',
    });
    const event = await lastAudit(tenant, 'User', data.inviteUser.user.id, 'user.invited');
    expect(event.changes).toMatchObject({
      name: { before: null, after: 'Chris Tan' },
      role: { before: null, after: 'admin' },
      department: { before: null, after: 'Engineering' },
    });
  });

  it('falls back to the email prefix for a blank name', async () => {
    const tenant = await api.tenant();
    const data = await tenant.ok(INVITE, { input: { email: 'sam@corp.test', name: '   ' } });
    expect(data.inviteUser.user.name).toBe('sam');
  });

  it('refuses an email already used in the organization, in any letter case (CONFLICT, field email)', async () => {
    const tenant = await api.tenant();
    const first = await inviteUser(tenant, { email: 'dup@corp.test' });
    for (const email of ['dup@corp.test', 'DUP@Corp.Test']) {
      const response = await tenant.gql(INVITE, { input: { email, name: 'Second' } });
      const error = onlyError(response);
      expect(error.extensions).toMatchObject({ code: 'CONFLICT', field: 'email' });
      expect(response.data).toEqual({ inviteUser: null });
    }
    const found = await users(tenant, { filter: { search: 'dup@' } });
    expect(found.edges.map((edge) => edge.node.id)).toEqual([first.id]);
    const invited = await tenant.ok(`{ auditEvents(filter: { action: "user.invited", entityType: "User" }) { totalCount } }`);
    expect(invited.auditEvents.totalCount).toBe(2); // the first admin and `first`
  });

  it('refuses the first admin\'s own email too', async () => {
    const tenant = await api.tenant();
    const admin = await readUser(tenant, tenant.userId);
    const response = await tenant.gql(INVITE, { input: { email: admin.email.toUpperCase() } });
    expect(onlyError(response).extensions).toMatchObject({ code: 'CONFLICT', field: 'email' });
  });

  it('allows the same email in another organization', async () => {
    const tenant = await api.tenant();
    const other = await api.tenant();
    const mine = await inviteUser(tenant, { email: 'shared@corp.test' });
    const theirs = await inviteUser(other, { email: 'Shared@Corp.test' });
    expect(theirs.email).toBe('shared@corp.test');
    expect(theirs.id).not.toBe(mine.id);
    expect((await users(tenant, { filter: { search: 'shared@' } })).edges.map((edge) => edge.node.id)).toEqual([mine.id]);
    expect((await users(other, { filter: { search: 'shared@' } })).edges.map((edge) => edge.node.id)).toEqual([theirs.id]);
  });

  it('refuses an invalid email, an over-long name and a missing email (BAD_USER_INPUT)', async () => {
    const tenant = await api.tenant();
    const invalid = await tenant.gql(INVITE, { input: { email: 'not-an-email' } });
    expect(onlyError(invalid).extensions?.code).toBe('BAD_USER_INPUT');
    const missing = await tenant.gql(INVITE, { input: { name: 'Nobody' } });
    expect(onlyError(missing).extensions?.code).toBe('BAD_USER_INPUT');
    const long = await tenant.gql(INVITE, { input: { email: 'long@corp.test', name: 'n'.repeat(201) } });
    expect(onlyError(long).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    expect((await users(tenant)).totalCount).toBe(1);
  });
});

describe('Mutation.updateUser', () => {
  it('changes only the given fields and audits user.updated with those changes', async () => {
    const tenant = await api.tenant();
    const member = await inviteUser(tenant, { name: 'Jane', email: 'jane@corp.test', department: 'Sales' });
    const data = await tenant.ok(UPDATE, { id: member.id, input: { name: ' Jane Doe ' } });
    expect(data.updateUser).toMatchObject({
      id: member.id, name: 'Jane Doe', email: 'jane@corp.test', role: 'USER', status: 'ACTIVE', department: 'Sales',
    });
    expect((await lastAudit(tenant, 'User', member.id, 'user.updated')).changes).toEqual({
      name: { before: 'Jane', after: 'Jane Doe' },
    });

    const promoted = await tenant.ok(UPDATE, { id: member.id, input: { role: 'ADMIN', department: 'Finance' } });
    expect(promoted.updateUser).toMatchObject({ name: 'Jane Doe', role: 'ADMIN', department: 'Finance' });
    expect((await lastAudit(tenant, 'User', member.id, 'user.updated')).changes).toEqual({
      role: { before: 'user', after: 'admin' },
      department: { before: 'Sales', after: 'Finance' },
    });
  });

  it('department may be cleared with null', async () => {
    const tenant = await api.tenant();
    const member = await inviteUser(tenant, { department: 'Sales' });
    const data = await tenant.ok(UPDATE, { id: member.id, input: { department: null } });
    expect(data.updateUser).toMatchObject({ department: null, name: member.name });
    expect((await lastAudit(tenant, 'User', member.id, 'user.updated')).changes).toEqual({
      department: { before: 'Sales', after: null },
    });
  });

  it('refuses a null, blank or over-long name (BAD_USER_INPUT, field name), changing nothing', async () => {
    const tenant = await api.tenant();
    const member = await inviteUser(tenant, { name: 'Jane', department: 'Sales' });
    for (const name of [null, '  ', 'n'.repeat(201)]) {
      const response = await tenant.gql(UPDATE, { id: member.id, input: { name, department: 'Changed' } });
      expect(onlyError(response).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
      expect(response.data).toEqual({ updateUser: null });
    }
    expect(await readUser(tenant, member.id)).toMatchObject({ name: 'Jane', department: 'Sales' });
    expect(await actions(tenant, member.id)).toEqual(['user.invited']);
  });

  it('demotes an admin while another active admin remains', async () => {
    const tenant = await api.tenant();
    const second = await inviteUser(tenant, { role: 'ADMIN' });
    const data = await tenant.ok(UPDATE, { id: second.id, input: { role: 'USER' } });
    expect(data.updateUser.role).toBe('USER');
    expect((await lastAudit(tenant, 'User', second.id, 'user.updated')).changes).toEqual({ role: { before: 'admin', after: 'user' } });
  });

  it('refuses to demote the last active admin (CONFLICT), leaving role and audit trail unchanged', async () => {
    const tenant = await api.tenant();
    const response = await tenant.gql(UPDATE, { id: tenant.userId, input: { role: 'USER', department: 'IT' } });
    const error = onlyError(response);
    expect(error.extensions?.code).toBe('CONFLICT');
    expect(error.message).toMatch(/last active admin/);
    expect(response.data).toEqual({ updateUser: null });
    expect(await readUser(tenant, tenant.userId)).toMatchObject({ role: 'ADMIN', department: null });
    expect(await actions(tenant, tenant.userId)).toEqual(['user.invited']);
  });

  it('an inactive admin does not count as another admin', async () => {
    const tenant = await api.tenant();
    const second = await inviteUser(tenant, { role: 'ADMIN' });
    await tenant.ok(DEACTIVATE, { id: second.id });
    const response = await tenant.gql(UPDATE, { id: tenant.userId, input: { role: 'USER' } });
    expect(onlyError(response).extensions?.code).toBe('CONFLICT');
    expect((await readUser(tenant, tenant.userId)).role).toBe('ADMIN');
  });

  it('two admins demoting each other at once leave one active admin', async () => {
    const tenant = await api.tenant();
    const second = await inviteUser(tenant, { role: 'ADMIN' });
    const results = await Promise.all([tenant.userId, second.id].map((id) => tenant.gql(UPDATE, { id, input: { role: 'USER' } })));
    expect(results.filter((response) => !response.errors).length).toBe(1);
    expect(results.flatMap((response) => response.errors ?? []).map((error) => error.extensions?.code)).toEqual(['CONFLICT']);
    expect((await users(tenant, { filter: { role: 'ADMIN', status: 'ACTIVE' } })).totalCount).toBe(1);
  });

  it('is NOT_FOUND for an unknown id and for another organization\'s user', async () => {
    const tenant = await api.tenant();
    const other = await api.tenant();
    for (const id of [UNKNOWN_ID, other.userId]) {
      const response = await tenant.gql(UPDATE, { id, input: { name: 'Taken over' } });
      expect(onlyError(response).extensions?.code).toBe('NOT_FOUND');
    }
    expect((await readUser(other, other.userId)).name).toBe('admin');
  });
});

describe('Mutation.deactivateUser', () => {
  it('marks the user INACTIVE and audits user.deactivated', async () => {
    const tenant = await api.tenant();
    const member = await inviteUser(tenant, { name: 'Jane' });
    const data = await tenant.ok(DEACTIVATE, { id: member.id });
    expect(data.deactivateUser).toMatchObject({ id: member.id, name: 'Jane', role: 'USER', status: 'INACTIVE' });
    expect((await readUser(tenant, member.id)).status).toBe('INACTIVE');
    expect((await lastAudit(tenant, 'User', member.id, 'user.deactivated')).changes).toEqual({
      status: { before: 'active', after: 'inactive' },
    });
  });

  it('the deactivated user\'s API keys stop working (401 UNAUTHENTICATED)', async () => {
    const tenant = await api.tenant();
    await inviteUser(tenant, { email: 'leaver@corp.test' });
    const readKey = await keyFor(tenant, 'leaver@corp.test', ['read']);
    const writeKey = await keyFor(tenant, 'leaver@corp.test', ['write']);
    const before = await tenant.gql(VIEWER, {}, readKey.secret);
    expect(before.status).toBe(200);
    expect(before.data.viewer.user.email).toBe('leaver@corp.test');

    await tenant.ok(DEACTIVATE, { id: before.data.viewer.user.id });
    for (const key of [readKey, writeKey]) {
      const after = await tenant.gql(VIEWER, {}, key.secret);
      expect(after.status).toBe(401);
      expect(after.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(after.data).toBeUndefined();
    }
    // The organization's other keys keep working.
    expect((await tenant.gql(VIEWER)).status).toBe(200);
  });

  it('a deactivated user cannot be assigned assets', async () => {
    const tenant = await api.tenant();
    const member = await inviteUser(tenant);
    const asset = await createAsset(tenant);
    await tenant.ok(DEACTIVATE, { id: member.id });
    const response = await tenant.gql(
      `mutation($input: CheckoutAssetInput!) { checkoutAsset(input: $input) { id } }`,
      { input: { assetId: asset.id, userId: member.id } },
    );
    expect(onlyError(response).extensions).toMatchObject({ code: 'CONFLICT', field: 'userId' });
    const read = await tenant.ok(`query($id: UUID!) { asset(id: $id) { status assignedUser { id } } }`, { id: asset.id });
    expect(read.asset).toEqual({ status: 'ACTIVE', assignedUser: null });
  });

  it('deactivates an admin while another active admin remains; an admin may deactivate themselves', async () => {
    const tenant = await api.tenant();
    const second = await inviteUser(tenant, { role: 'ADMIN' });
    const data = await tenant.ok(DEACTIVATE, { id: tenant.userId });
    expect(data.deactivateUser).toMatchObject({ id: tenant.userId, role: 'ADMIN', status: 'INACTIVE' });
    // The request that did it was made with the first admin's own key, which now stops working.
    expect((await tenant.gql(VIEWER)).status).toBe(401);
    const secondKey = await keyFor(tenant, second.email, ['read']);
    const remaining = await tenant.ok(`{ users(filter: { role: ADMIN, status: ACTIVE }) { edges { node { id } } } }`, {}, secondKey.secret);
    expect(remaining.users.edges.map((edge: any) => edge.node.id)).toEqual([second.id]);
  });

  it('refuses to deactivate the last active admin (CONFLICT)', async () => {
    const tenant = await api.tenant();
    const response = await tenant.gql(DEACTIVATE, { id: tenant.userId });
    const error = onlyError(response);
    expect(error.extensions?.code).toBe('CONFLICT');
    expect(error.message).toMatch(/last active admin/);
    expect(response.data).toEqual({ deactivateUser: null });
    expect((await readUser(tenant, tenant.userId)).status).toBe('ACTIVE');
    expect(await actions(tenant, tenant.userId)).toEqual(['user.invited']);
  });

  it('two admins deactivating each other at once leave one active admin', async () => {
    const tenant = await api.tenant();
    const second = await inviteUser(tenant, { role: 'ADMIN' });
    const results = await Promise.all([tenant.userId, second.id].map((id) => tenant.gql(DEACTIVATE, { id })));
    expect(results.filter((response) => !response.errors).length).toBe(1);
    const byRead = await api.db.prisma.user.count({ where: { organizationId: tenant.organizationId, role: 'admin', status: 'active' } });
    expect(byRead).toBe(1);
  });

  it('refuses a user who is already inactive (CONFLICT)', async () => {
    const tenant = await api.tenant();
    const member = await inviteUser(tenant);
    await tenant.ok(DEACTIVATE, { id: member.id });
    const response = await tenant.gql(DEACTIVATE, { id: member.id });
    const error = onlyError(response);
    expect(error.extensions?.code).toBe('CONFLICT');
    expect(error.message).toMatch(/already inactive/);
    expect(await actions(tenant, member.id)).toEqual(['user.invited', 'user.deactivated']);
  });

  it('is NOT_FOUND for an unknown id and for another organization\'s user', async () => {
    const tenant = await api.tenant();
    const other = await api.tenant();
    await inviteUser(other, { role: 'ADMIN' });
    for (const id of [UNKNOWN_ID, other.userId]) {
      const response = await tenant.gql(DEACTIVATE, { id });
      expect(onlyError(response).extensions?.code).toBe('NOT_FOUND');
    }
    expect((await readUser(other, other.userId)).status).toBe('ACTIVE');
  });
});

describe('User.assignedAssets and User.ownedAssets', () => {
  const ASSIGNED = `query($id: UUID!, $first: Int, $after: String) {
    user(id: $id) { assignedAssets(first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id name status assignedUser { id } } } } }
  }`;

  it('lists the assets checked out to the user, by name, until they are checked in', async () => {
    const tenant = await api.tenant();
    const jane = await inviteUser(tenant);
    const john = await inviteUser(tenant);
    const laptop = await createAsset(tenant, { name: 'Laptop' });
    const monitor = await createAsset(tenant, { name: 'Monitor' });
    const phone = await createAsset(tenant, { name: 'Phone' });
    await createAsset(tenant, { name: 'Spare' });

    expect((await tenant.ok(ASSIGNED, { id: jane.id })).user.assignedAssets.totalCount).toBe(0);
    await checkoutAsset(tenant, monitor.id, jane.id);
    await checkoutAsset(tenant, laptop.id, jane.id);
    await checkoutAsset(tenant, phone.id, john.id);

    const assigned = (await tenant.ok(ASSIGNED, { id: jane.id })).user.assignedAssets;
    expect(assigned.totalCount).toBe(2);
    expect(assigned.edges.map((edge: any) => edge.node)).toEqual([
      { id: laptop.id, name: 'Laptop', status: 'CHECKED_OUT', assignedUser: { id: jane.id } },
      { id: monitor.id, name: 'Monitor', status: 'CHECKED_OUT', assignedUser: { id: jane.id } },
    ]);

    const page = (await tenant.ok(ASSIGNED, { id: jane.id, first: 1 })).user.assignedAssets;
    expect(page.edges.map((edge: any) => edge.node.name)).toEqual(['Laptop']);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.totalCount).toBe(2);

    await tenant.ok(`mutation($id: UUID!) { checkinAsset(assetId: $id) { id } }`, { id: laptop.id });
    const after = (await tenant.ok(ASSIGNED, { id: jane.id })).user.assignedAssets;
    expect(after.totalCount).toBe(1);
    expect(after.edges.map((edge: any) => edge.node.name)).toEqual(['Monitor']);
  });

  it('is available on every user of the users connection', async () => {
    const tenant = await api.tenant();
    const alpha = await inviteUser(tenant, { name: 'Alpha' });
    await inviteUser(tenant, { name: 'Bravo' });
    const asset = await createAsset(tenant, { name: 'Laptop' });
    await checkoutAsset(tenant, asset.id, alpha.id);
    const data = await tenant.ok(`{ users(filter: { role: USER }) { edges { node { name assignedAssets { totalCount edges { node { name } } } } } } }`);
    expect(data.users.edges.map((edge: any) => edge.node)).toEqual([
      { name: 'Alpha', assignedAssets: { totalCount: 1, edges: [{ node: { name: 'Laptop' } }] } },
      { name: 'Bravo', assignedAssets: { totalCount: 0, edges: [] } },
    ]);
  });

  it('ownedAssets lists the assets the user owns, whoever holds them', async () => {
    const tenant = await api.tenant();
    const owner = await inviteUser(tenant);
    const holder = await inviteUser(tenant);
    const owned = await createAsset(tenant, { name: 'Owned', ownerId: owner.id });
    await createAsset(tenant, { name: 'Unowned' });
    await checkoutAsset(tenant, owned.id, holder.id);
    const data = await tenant.ok(
      `query($id: UUID!) { user(id: $id) { ownedAssets { totalCount edges { node { id owner { id } assignedUser { id } } } } } }`,
      { id: owner.id },
    );
    expect(data.user.ownedAssets).toEqual({
      totalCount: 1,
      edges: [{ node: { id: owned.id, owner: { id: owner.id }, assignedUser: { id: holder.id } } }],
    });
  });
});
