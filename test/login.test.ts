// Specification of password login and sessions (issue #5) through GraphQL: login → a 15-minute
// EdDSA access token and an opaque refresh token; refreshAccessToken rotates the refresh token and
// a reused one revokes its whole family; logout ends one session; every failed login answers
// alike; auth mutations are rate-limited per IP and per account (THROTTLED, HTTP 429).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { createMailer } from '../src/auth/mailer.js';
import { MemoryBudgetStore } from '../src/cost/budget-store.js';
import { RedisBudgetStore } from '../src/cost/redis-budget-store.js';
import { pruneRefreshTokens } from '../src/auth/prune-sessions.js';
import { FieldCipher } from '../src/crypto/field-cipher.js';
import { auditTrail, inviteUser, randomAddress, signedUpUser, TEST_PASSWORD } from './support/fixtures.js';
import { startTestApi, type GraphQLResponse, type Tenant, type TestApi } from './support/test-api.js';
import { onlyError } from './support/assertions.js';

/**
 * The budgets' clock (auth limits and query cost share the store): real time, except while a
 * rate-limit test holds it, so that nothing refills while it counts attempts however slow scrypt
 * runs on a busy machine. It never goes backwards.
 */
const clock = {
  heldAt: null as number | null,
  offset: 0,
  now: () => clock.heldAt ?? Date.now() + clock.offset,
  hold() { clock.heldAt = clock.now(); },
  advance(ms: number) { clock.heldAt = clock.now() + ms; },
  release() { if (clock.heldAt !== null) clock.offset = clock.heldAt - Date.now(); clock.heldAt = null; },
};

const cipher = new FieldCipher(randomBytes(32));
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
let api: TestApi;
let tenant: Tenant;
beforeAll(async () => {
  // Default auth limits (10 per address, 5 per account a minute); trustProxy is on in tests.
  api = await startTestApi({
    cipher,
    budgetStore: new MemoryBudgetStore(clock.now),
    auth: { mailer: createMailer({ from: 'itam@test', log: () => {} }) }, // invitations: see invitations.test.ts
  });
  tenant = await api.tenant();
});
afterAll(() => api?.close());

const TOKEN_FIELDS = 'accessToken refreshToken expiresIn tokenType';
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { ${TOKEN_FIELDS} } }`;
const REFRESH = `mutation($refreshToken: String!) { refreshAccessToken(refreshToken: $refreshToken) { ${TOKEN_FIELDS} } }`;
const LOGOUT = `mutation($refreshToken: String!) { logout(refreshToken: $refreshToken) }`;
const ACCEPT = `mutation($input: AcceptInviteInput!) { acceptInvite(input: $input) { ${TOKEN_FIELDS} } }`;
const VIEWER = `{ viewer { user { id } scopes } }`;
const CREATE_LOCATION = `mutation { createLocation(input: { name: "Branch office" }) { id } }`;
const INVALID_LOGIN = 'Invalid email or password';

interface Tokens { accessToken: string; refreshToken: string; expiresIn: number; tokenType: string }
type User = Awaited<ReturnType<typeof signedUpUser>>;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const unknownEmail = () => `nobody-${randomUUID().slice(0, 8)}@example.com`;

/** Headers of an anonymous request from `address` (a fresh one by default, so nothing throttles). */
const from = (address = randomAddress()) => ({ 'x-forwarded-for': address });
const bearer = (accessToken: string) => ({ authorization: `Bearer ${accessToken}`, ...from() });

function login(input: { email: string; password: string; organizationId?: string }, address?: string) {
  return api.gql<{ login: Tokens | null }>(LOGIN, { input }, from(address));
}
const refresh = (refreshToken: string) => api.gql<{ refreshAccessToken: Tokens | null }>(REFRESH, { refreshToken }, from());
const logout = (refreshToken: string) => api.gql<{ logout: boolean | null }>(LOGOUT, { refreshToken }, from());
const viewer = (accessToken: string) => api.gql(VIEWER, {}, bearer(accessToken));

/** The tokens of a response that must have succeeded. */
function tokensOf(response: GraphQLResponse, field: 'login' | 'refreshAccessToken' | 'acceptInvite'): Tokens {
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  expect(response.status).toBe(200);
  return response.data[field];
}

/** HTTP 401, one UNAUTHENTICATED error (with `message` and `reason` when given), no value. */
function expectUnauthenticated(response: GraphQLResponse, { message, reason }: { message?: string; reason?: string } = {}) {
  expect(response.status).toBe(401);
  const error = onlyError(response);
  expect(error.extensions?.code).toBe('UNAUTHENTICATED');
  if (message) expect(error.message).toBe(message);
  if (reason) expect(error.extensions?.reason).toBe(reason);
  for (const value of Object.values(response.data ?? {})) expect(value).toBeNull();
}

function expectBadInput(response: GraphQLResponse, field: string) {
  const error = onlyError(response);
  expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  return error;
}

/** The viewer answers for `user` with this access token. */
async function expectWorks(accessToken: string, user: { id: string }) {
  const response = await viewer(accessToken);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  expect(response.data.viewer.user.id).toBe(user.id);
}

/**
 * A login answered over HTTP, as a client sees it: status, headers and body. Only what differs
 * per request by construction is left out (the request id; the reset time of the address's
 * budget, which is a clock reading).
 */
async function rawLogin(input: { email: string; password: string }) {
  const response = await api.app.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...from() },
    body: JSON.stringify({ query: LOGIN, variables: { input } }),
  });
  const headers = Object.fromEntries([...response.headers].filter(([name]) => !['x-request-id', 'x-ratelimit-reset'].includes(name.toLowerCase())));
  return { status: response.status, headers, body: await response.text() };
}

const setLastLogin = (userId: string, lastLoginAt: Date | null) => api.db.prisma.user.update({ where: { id: userId }, data: { lastLoginAt } });

/** Every refresh-token row of the session (family) the token belongs to. */
async function familyOf(refreshToken: string) {
  const row = await api.db.prisma.refreshToken.findUniqueOrThrow({ where: { tokenHash: sha256(refreshToken) } });
  return api.db.prisma.refreshToken.findMany({ where: { familyId: row.familyId } });
}

describe('login', () => {
  it('returns a 15-minute EdDSA access token for the user and an opaque refresh token', async () => {
    const user = await signedUpUser(api, tenant);
    const tokens = tokensOf(await login({ email: user.email, password: TEST_PASSWORD }), 'login');
    expect(tokens).toMatchObject({ expiresIn: 900, tokenType: 'Bearer', refreshToken: expect.stringMatching(/^rt_[0-9a-f]{64}$/) });

    const header = decodeProtectedHeader(tokens.accessToken);
    expect(header.alg).toBe('EdDSA');
    expect(header.kid).toEqual(expect.any(String));
    // The kid names a published key.
    const jwks = (await (await api.app.fetch('http://test/.well-known/jwks.json')).json()) as { keys: { kid: string; alg: string }[] };
    expect(jwks.keys).toContainEqual(expect.objectContaining({ kid: header.kid, alg: 'EdDSA' }));
    const claims = decodeJwt(tokens.accessToken);
    expect(claims).toMatchObject({ sub: user.id, org: tenant.organizationId, iss: 'itam', aud: 'itam-api' });
    expect(claims.exp! - claims.iat!).toBe(900);
    expect(Math.abs(claims.iat! - Date.now() / 1000)).toBeLessThan(60);
  });

  it('logs in by the e-mail in any case', async () => {
    const user = await signedUpUser(api, tenant);
    const tokens = tokensOf(await login({ email: user.email.toUpperCase(), password: TEST_PASSWORD }), 'login');
    expect(decodeJwt(tokens.accessToken).sub).toBe(user.id);
  });

  it("gives an admin's access token read and write", async () => {
    const admin = await signedUpUser(api, tenant, { role: 'ADMIN' });
    const { accessToken } = tokensOf(await login({ email: admin.email, password: TEST_PASSWORD }), 'login');
    const response = await viewer(accessToken);
    expect(response.data.viewer).toEqual({ user: { id: admin.id }, scopes: ['read', 'write'] });
    const created = await api.gql(CREATE_LOCATION, {}, bearer(accessToken));
    expect(created.errors).toBeUndefined();
    expect(created.data.createLocation.id).toEqual(expect.any(String));
  });

  it("gives a USER's access token read only: a mutation is FORBIDDEN", async () => {
    const user = await signedUpUser(api, tenant, { role: 'USER' });
    const { accessToken } = tokensOf(await login({ email: user.email, password: TEST_PASSWORD }), 'login');
    expect((await viewer(accessToken)).data.viewer).toEqual({ user: { id: user.id }, scopes: ['read'] });
    const response = await api.gql(CREATE_LOCATION, {}, bearer(accessToken));
    expect(response.status).toBe(200);
    expect(onlyError(response).extensions?.code).toBe('FORBIDDEN');
    expect(response.data?.createLocation ?? null).toBeNull();
  });

  it('records lastLoginAt', async () => {
    const user = await signedUpUser(api, tenant);
    await setLastLogin(user.id, null);
    const before = Date.now();
    tokensOf(await login({ email: user.email, password: TEST_PASSWORD }), 'login');
    const data = await tenant.ok(`query($id: UUID!) { user(id: $id) { lastLoginAt } }`, { id: user.id });
    const at = Date.parse(data.user.lastLoginAt);
    expect(at).toBeGreaterThanOrEqual(before - 1000);
    expect(at).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('keeps the password as a scrypt hash only', async () => {
    const user = await signedUpUser(api, tenant);
    const rows = await api.db.prisma.$queryRaw<{ password_hash: string }[]>`SELECT password_hash FROM users WHERE id = ${user.id}::uuid`;
    expect(rows).toHaveLength(1);
    const stored = rows[0].password_hash;
    expect(stored.startsWith('scrypt$')).toBe(true);
    expect(stored).not.toContain(TEST_PASSWORD);
    // Salted: the same password of another user is stored differently.
    const other = await signedUpUser(api, tenant);
    const [{ password_hash: otherStored }] = await api.db.prisma.$queryRaw<{ password_hash: string }[]>`SELECT password_hash FROM users WHERE id = ${other.id}::uuid`;
    expect(otherStored).not.toBe(stored);
  });

  it('keeps refresh tokens as SHA-256 only', async () => {
    const user = await signedUpUser(api, tenant);
    const second = tokensOf(await login({ email: user.email, password: TEST_PASSWORD }), 'login');
    const third = tokensOf(await refresh(second.refreshToken), 'refreshAccessToken');
    const plaintexts = [user.refreshToken, second.refreshToken, third.refreshToken];

    const rows = await api.db.prisma.refreshToken.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(3);
    const stored = JSON.stringify(rows);
    for (const token of plaintexts) {
      expect(stored).not.toContain(token);
      expect(stored).not.toContain(token.slice(3)); // nor its random part without the prefix
    }
    expect(rows.map((row) => row.tokenHash).sort()).toEqual(plaintexts.map(sha256).sort());
  });

  describe('answers every failed login alike (HTTP 401, same body)', () => {
    let reference: Awaited<ReturnType<typeof rawLogin>>;
    beforeAll(async () => {
      const user = await signedUpUser(api, tenant);
      reference = await rawLogin({ email: user.email, password: 'not the password at all' });
    });

    it('a wrong password', () => {
      expect(reference.status).toBe(401);
      expect(JSON.parse(reference.body)).toMatchObject({
        data: { login: null },
        errors: [{ message: INVALID_LOGIN, path: ['login'], extensions: { code: 'UNAUTHENTICATED' } }],
      });
    });

    it('an unknown e-mail', async () => {
      expect(await rawLogin({ email: unknownEmail(), password: 'not the password at all' })).toEqual(reference);
    });

    it('a deactivated user, with the right password', async () => {
      const user = await signedUpUser(api, tenant);
      await tenant.ok(`mutation($id: UUID!) { deactivateUser(id: $id) { id } }`, { id: user.id });
      expect(await rawLogin({ email: user.email, password: TEST_PASSWORD })).toEqual(reference);
    });

    it('an invited user who never accepted (no password yet)', async () => {
      const user = await inviteUser(tenant);
      expect(await rawLogin({ email: user.email, password: TEST_PASSWORD })).toEqual(reference);
    });
  });

  describe('one e-mail in two organizations', () => {
    let other: Tenant;
    const email = `twice-${randomUUID().slice(0, 8)}@example.com`;
    let here: User;
    let there: User;
    beforeAll(async () => {
      other = await api.tenant();
      here = await signedUpUser(api, tenant, { email });
      there = await signedUpUser(api, other, { email });
    });

    it('with the same password: BAD_USER_INPUT naming organizationId, and no session', async () => {
      const response = await login({ email, password: TEST_PASSWORD });
      const error = expectBadInput(response, 'organizationId');
      expect(error.message).toContain('organizationId');
      expect(response.data?.login ?? null).toBeNull();
      expect(await api.db.prisma.refreshToken.count({ where: { userId: { in: [here.id, there.id] } } })).toBe(2); // the two acceptInvite sessions
    });

    it('with organizationId: logs in to that organization', async () => {
      const tokens = tokensOf(await login({ email, password: TEST_PASSWORD, organizationId: other.organizationId }), 'login');
      expect(decodeJwt(tokens.accessToken)).toMatchObject({ sub: there.id, org: other.organizationId });
      await expectWorks(tokens.accessToken, there);
    });

    it('with an organizationId the e-mail does not belong to: the usual 401', async () => {
      const stranger = await api.tenant();
      expectUnauthenticated(await login({ email, password: TEST_PASSWORD, organizationId: stranger.organizationId }), { message: INVALID_LOGIN });
    });
  });

  it('with a blank password: BAD_USER_INPUT naming password', async () => {
    const user = await signedUpUser(api, tenant);
    for (const password of ['', '   ']) {
      const response = await login({ email: user.email, password });
      expectBadInput(response, 'password');
      expect(response.data?.login ?? null).toBeNull();
    }
  });
});

describe('a rejected Authorization header sent along', () => {
  it('is ignored by the public auth mutations: a logged-out client can still log in and refresh', async () => {
    const user = await signedUpUser(api, tenant);
    const other = tokensOf(await login({ email: user.email, password: TEST_PASSWORD }), 'login');
    expect((await logout(user.refreshToken)).data?.logout).toBe(true);
    const stale = { authorization: `Bearer ${user.accessToken}` };
    expectUnauthenticated(await api.gql(VIEWER, {}, { ...stale, ...from() }), { reason: 'revoked' });

    const again = await api.gql(LOGIN, { input: { email: user.email, password: TEST_PASSWORD } }, { ...stale, ...from() });
    expect(tokensOf(again, 'login').accessToken).toBeTruthy();
    const renewed = await api.gql(REFRESH, { refreshToken: other.refreshToken }, { authorization: 'Bearer sk_not-a-key', ...from() });
    expect(tokensOf(renewed, 'refreshAccessToken').accessToken).toBeTruthy();
  });

  it('still answers 401, and runs nothing, when the operation also selects a guarded field', async () => {
    const user = await signedUpUser(api, tenant);
    await logout(user.refreshToken);
    const mixed = await api.gql(
      `mutation($input: LoginInput!) { login(input: $input) { accessToken } createLocation(input: { name: "Sneaky" }) { id } }`,
      { input: { email: user.email, password: TEST_PASSWORD } },
      { authorization: `Bearer ${user.accessToken}`, ...from() },
    );
    expectUnauthenticated(mixed, { reason: 'revoked' });
    expect(mixed.data).toBeUndefined();
  });
});

describe('refreshAccessToken', () => {
  it('returns a new pair for the same user and session', async () => {
    const user = await signedUpUser(api, tenant);
    const next = tokensOf(await refresh(user.refreshToken), 'refreshAccessToken');
    expect(next).toMatchObject({ expiresIn: 900, tokenType: 'Bearer' });
    expect(next.refreshToken).not.toBe(user.refreshToken);
    expect(next.accessToken).not.toBe(user.accessToken);
    expect(decodeJwt(next.accessToken)).toMatchObject({ sub: user.id, org: tenant.organizationId, sid: decodeJwt(user.accessToken).sid });
    await expectWorks(next.accessToken, user);
    // The new refresh token is good for one more turn.
    tokensOf(await refresh(next.refreshToken), 'refreshAccessToken');
  });

  it('a reused refresh token: 401 reason reused, and the whole session is revoked', async () => {
    const user = await signedUpUser(api, tenant);
    const second = tokensOf(await refresh(user.refreshToken), 'refreshAccessToken');
    const third = tokensOf(await refresh(second.refreshToken), 'refreshAccessToken');

    expectUnauthenticated(await refresh(user.refreshToken), { reason: 'reused' });

    // The newest token of the family (never used) no longer works…
    expectUnauthenticated(await refresh(third.refreshToken));
    expect((await familyOf(third.refreshToken)).every((row) => row.revokedAt !== null)).toBe(true);
    // …nor does any access token of the session.
    for (const { accessToken } of [user, second, third]) expectUnauthenticated(await viewer(accessToken), { reason: 'revoked' });
  });

  it('an expired refresh token: 401', async () => {
    const user = await signedUpUser(api, tenant);
    await api.db.prisma.refreshToken.update({ where: { tokenHash: sha256(user.refreshToken) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expectUnauthenticated(await refresh(user.refreshToken));
  });

  it('an unknown refresh token: 401', async () => {
    expectUnauthenticated(await refresh(`rt_${'0'.repeat(64)}`));
  });

  it('a blank refresh token: BAD_USER_INPUT naming refreshToken', async () => {
    expectBadInput(await refresh(' '), 'refreshToken');
  });

  it('of a deactivated user: 401', async () => {
    const user = await signedUpUser(api, tenant);
    await tenant.ok(`mutation($id: UUID!) { deactivateUser(id: $id) { id } }`, { id: user.id });
    expectUnauthenticated(await refresh(user.refreshToken));
  });

  it("logging out one session leaves the user's other sessions working", async () => {
    const user = await signedUpUser(api, tenant); // session one: from acceptInvite
    const two = tokensOf(await login({ email: user.email, password: TEST_PASSWORD }), 'login');
    expect(decodeJwt(two.accessToken).sid).not.toBe(decodeJwt(user.accessToken).sid);

    expect((await logout(user.refreshToken)).data?.logout).toBe(true);
    expectUnauthenticated(await viewer(user.accessToken));

    await expectWorks(two.accessToken, user);
    const renewed = tokensOf(await refresh(two.refreshToken), 'refreshAccessToken');
    await expectWorks(renewed.accessToken, user);
  });
});

describe('logout', () => {
  it('ends the session: its refresh token and access tokens answer 401', async () => {
    const user = await signedUpUser(api, tenant);
    await expectWorks(user.accessToken, user);
    const response = await logout(user.refreshToken);
    expect(response.errors).toBeUndefined();
    expect(response.data?.logout).toBe(true);

    expectUnauthenticated(await refresh(user.refreshToken));
    expectUnauthenticated(await viewer(user.accessToken), { reason: 'revoked' });
  });

  it('with a rotated refresh token of the session: ends the session too', async () => {
    const user = await signedUpUser(api, tenant);
    const next = tokensOf(await refresh(user.refreshToken), 'refreshAccessToken');
    expect((await logout(user.refreshToken)).data?.logout).toBe(true);
    expectUnauthenticated(await refresh(next.refreshToken));
    expectUnauthenticated(await viewer(next.accessToken));
  });

  it('an unknown refresh token: 401', async () => {
    expectUnauthenticated(await logout(`rt_${'f'.repeat(64)}`), { message: 'Invalid refresh token' });
  });
});

describe('pruneRefreshTokens (hourly housekeeping)', () => {
  it('deletes expired and long-revoked rows; a spent token stays until it expires, so its reuse still ends the session', async () => {
    const user = await signedUpUser(api, tenant);
    const next = tokensOf(await refresh(user.refreshToken), 'refreshAccessToken'); // user.refreshToken is now spent
    const ended = tokensOf(await login({ email: user.email, password: TEST_PASSWORD }), 'login');
    await logout(ended.refreshToken);
    const [spentRow, endedRow] = await Promise.all([user.refreshToken, ended.refreshToken].map((token) =>
      api.db.prisma.refreshToken.findUniqueOrThrow({ where: { tokenHash: sha256(token) } })));

    // A day and a minute later: the logged-out session's row goes; the live session's rows stay.
    const later = new Date(Date.now() + 24 * 60 * 60 * 1000 + 60_000);
    expect(await pruneRefreshTokens(api.db.prisma, later)).toBeGreaterThanOrEqual(1);
    const left = await api.db.prisma.refreshToken.findMany({ where: { userId: user.id }, select: { id: true } });
    expect(left.map((row) => row.id)).toContain(spentRow.id);
    expect(left.map((row) => row.id)).not.toContain(endedRow.id);
    expectUnauthenticated(await refresh(user.refreshToken), { reason: 'reused' });
    expectUnauthenticated(await refresh(next.refreshToken));

    // After 30 days every row of the user has expired and goes.
    await pruneRefreshTokens(api.db.prisma, new Date(Date.now() + 31 * 24 * 60 * 60 * 1000));
    expect(await api.db.prisma.refreshToken.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe('pruneRefreshTokens keeps revoked rows for a day', () => {
  it('a session revoked on reuse keeps its rows through a prune within the day: replays still answer as revoked', async () => {
    const user = await signedUpUser(api, tenant);
    const next = tokensOf(await refresh(user.refreshToken), 'refreshAccessToken');
    expectUnauthenticated(await refresh(user.refreshToken), { reason: 'reused' }); // the family is revoked now
    const family = await familyOf(next.refreshToken);
    expect(family).toHaveLength(2);
    expect(family.every((row) => row.revokedAt !== null)).toBe(true);

    // Pruned now, and just under a day later: nothing of the revoked session goes yet.
    const revokedAt = Math.max(...family.map((row) => row.revokedAt!.getTime()));
    for (const at of [new Date(), new Date(revokedAt + 24 * 60 * 60 * 1000 - 60_000)]) {
      await pruneRefreshTokens(api.db.prisma, at);
      expect((await familyOf(next.refreshToken)).map((row) => row.id).sort()).toEqual(family.map((row) => row.id).sort());
    }
    // Both tokens are still recognised as the revoked session's: refresh answers 401, logout finds
    // the session (already ended: nothing to do), and no access token of the session works.
    expectUnauthenticated(await refresh(user.refreshToken), { message: 'Invalid refresh token' });
    expectUnauthenticated(await refresh(next.refreshToken), { message: 'Invalid refresh token' });
    for (const token of [user.refreshToken, next.refreshToken]) expect((await logout(token)).data?.logout).toBe(true);
    for (const { accessToken } of [user, next]) expectUnauthenticated(await viewer(accessToken), { reason: 'revoked' });

    // A day after the revocation the rows can go.
    await pruneRefreshTokens(api.db.prisma, new Date(revokedAt + 24 * 60 * 60 * 1000 + 60_000));
    expect(await api.db.prisma.refreshToken.count({ where: { familyId: family[0].familyId } })).toBe(0);
  });
});

describe('the audit trail of sign-ins', () => {
  it('records user.logged_in (lastLoginAt), user.logged_out and user.session_revoked_on_reuse, acting as the user; a failed login records nothing', async () => {
    const user = await signedUpUser(api, tenant);
    const actions = async () => (await auditTrail(tenant, user.id)).filter((event) => event.action.startsWith('user.') && event.action !== 'user.invited');
    expect(await actions()).toEqual([]);

    expectUnauthenticated(await login({ email: user.email, password: 'a wrong password' }));
    expect(await actions()).toEqual([]);

    const session = tokensOf(await login({ email: user.email, password: TEST_PASSWORD }), 'login');
    const [loggedIn] = await actions();
    expect(loggedIn).toMatchObject({ action: 'user.logged_in', entityType: 'User', entityId: user.id, source: 'GRAPHQL', actorUser: { id: user.id }, actorApiKeyId: null });
    expect(Object.keys(loggedIn.changes)).toEqual(['lastLoginAt']);

    await logout(session.refreshToken);
    await logout(session.refreshToken); // already ended: nothing more to record
    const next = tokensOf(await refresh(user.refreshToken), 'refreshAccessToken');
    expectUnauthenticated(await refresh(user.refreshToken), { reason: 'reused' });
    expectUnauthenticated(await refresh(next.refreshToken));
    expect((await actions()).map((event) => event.action)).toEqual(['user.logged_in', 'user.logged_out', 'user.session_revoked_on_reuse']);
  });
});

describe('auth rate limits', () => {
  beforeEach(() => clock.hold());
  afterEach(() => clock.release());

  /** HTTP 429 THROTTLED naming who is over the limit, with Retry-After in seconds. */
  function expectThrottled(response: GraphQLResponse, who: 'this address' | 'this account', retryAfter: number) {
    expect(response.status).toBe(429);
    const error = onlyError(response);
    expect(error.extensions).toMatchObject({ code: 'THROTTLED', retryAfter });
    expect(error.message).toContain(who);
    expect(response.headers.get('retry-after')).toBe(String(retryAfter));
    for (const value of Object.values(response.data ?? {})) expect(value).toBeNull();
  }

  const wrongLogin = (email: string, address?: string) => login({ email, password: 'a wrong password' }, address);

  describe('defaults: 5 attempts per account and 10 per address a minute', () => {
    it('per account: the 6th login for one e-mail is THROTTLED, from any address and even with the right password', async () => {
      const user = await signedUpUser(api, tenant);
      const first = await Promise.all([1, 2, 3, 4, 5].map(() => wrongLogin(user.email)));
      for (const response of first) expectUnauthenticated(response, { message: INVALID_LOGIN });
      expectThrottled(await login({ email: user.email, password: TEST_PASSWORD }), 'this account', 12);
      // Another account is not affected.
      const other = await signedUpUser(api, tenant);
      tokensOf(await login({ email: other.email, password: TEST_PASSWORD }), 'login');
      // Retry-After later, one more attempt is let through.
      clock.advance(12_000);
      tokensOf(await login({ email: user.email, password: TEST_PASSWORD }), 'login');
      expectThrottled(await login({ email: user.email, password: TEST_PASSWORD }), 'this account', 12);
    }, 120_000);

    it('per address: the 11th attempt from one address is THROTTLED, whatever the e-mail; another address is not', async () => {
      const address = randomAddress();
      const first = await Promise.all(Array.from({ length: 10 }, () => wrongLogin(unknownEmail(), address)));
      for (const response of first) expectUnauthenticated(response, { message: INVALID_LOGIN });
      expectThrottled(await wrongLogin(unknownEmail(), address), 'this address', 6);
      // The other auth mutations count against the same address.
      expectThrottled(await api.gql(REFRESH, { refreshToken: `rt_${'0'.repeat(64)}` }, from(address)), 'this address', 6);
      // Another address is not affected.
      expectUnauthenticated(await wrongLogin(unknownEmail(), randomAddress()), { message: INVALID_LOGIN });
      // Retry-After later, one more attempt is let through.
      clock.advance(6_000);
      expectUnauthenticated(await wrongLogin(unknownEmail(), address), { message: INVALID_LOGIN });
      expectThrottled(await wrongLogin(unknownEmail(), address), 'this address', 6);
    }, 120_000);

    it('the address of the request is the last X-Forwarded-For entry (the one the proxy added)', async () => {
      const address = randomAddress();
      await Promise.all(Array.from({ length: 10 }, () => wrongLogin(unknownEmail(), address)));
      // A client cannot step around the limit by forging earlier entries.
      expectThrottled(await api.gql(LOGIN, { input: { email: unknownEmail(), password: 'a wrong password' } }, { 'x-forwarded-for': `${randomAddress()}, ${address}` }), 'this address', 6);
    }, 120_000);
  });

  describe('configured limits (perIpPerMinute: 2, perAccountPerMinute: 1)', () => {
    let strict: App;
    beforeAll(() => {
      // A second app on the same database (same key, so it signs with the same keys).
      strict = createApp(api.db, { cipher, budgetStore: new MemoryBudgetStore(clock.now), auth: { trustProxy: true, limits: { perIpPerMinute: 2, perAccountPerMinute: 1 } } });
    });

    async function strictGql(query: string, variables: Record<string, unknown>, address: string): Promise<GraphQLResponse> {
      const response = await strict.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...from(address) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: any; errors?: GraphQLResponse['errors'] };
      return { status: response.status, headers: response.headers, data: body.data ?? undefined, errors: body.errors };
    }
    const strictLogin = (email: string, address: string) => strictGql(LOGIN, { input: { email, password: 'a wrong password' } }, address);

    it('per account: the 2nd attempt for one e-mail is THROTTLED (Retry-After 60)', async () => {
      const email = unknownEmail();
      expectUnauthenticated(await strictLogin(email, randomAddress()));
      expectThrottled(await strictLogin(email, randomAddress()), 'this account', 60);
    });

    it('per address: the 3rd auth attempt from one address is THROTTLED (Retry-After 30), across auth mutations', async () => {
      const address = randomAddress();
      expectUnauthenticated(await strictLogin(unknownEmail(), address));
      expectUnauthenticated(await strictGql(REFRESH, { refreshToken: `rt_${'0'.repeat(64)}` }, address));
      expectThrottled(await strictGql(LOGOUT, { refreshToken: `rt_${'0'.repeat(64)}` }, address), 'this address', 30);
      expectThrottled(await strictLogin(unknownEmail(), address), 'this address', 30);
      expectUnauthenticated(await strictLogin(unknownEmail(), randomAddress()));
    });

    it('acceptInvite counts against the address too; a throttled attempt does not spend the invitation', async () => {
      const address = randomAddress();
      const { invitationToken } = await inviteUser(tenant);
      const accept = (password: string, from: string) => strictGql(ACCEPT, { input: { token: invitationToken, password } }, from);
      expectBadInput(await accept('too short', address), 'password');
      expectBadInput(await accept('still short', address), 'password');
      expectThrottled(await accept(TEST_PASSWORD, address), 'this address', 30);
      tokensOf(await accept(TEST_PASSWORD, randomAddress()), 'acceptInvite');
    });
  });

  describe('shared by every instance through Redis (REDIS_URL)', () => {
    it('two apps on one Redis store count one account together: the 6th login, on either, is THROTTLED', async () => {
      const keyPrefix = `itam-test:${randomUUID()}:`;
      const stores = [new RedisBudgetStore({ url: REDIS_URL, keyPrefix }), new RedisBudgetStore({ url: REDIS_URL, keyPrefix })];
      try {
        const [first, second] = stores.map((store) => createApp(api.db, { cipher, budgetStore: store, auth: { trustProxy: true } }));
        const email = unknownEmail();
        const attempt = async (app: App) => {
          const response = await app.fetch('http://test/graphql', {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json', ...from() },
            body: JSON.stringify({ query: LOGIN, variables: { input: { email, password: 'a wrong password' } } }),
          });
          return response.status;
        };
        const statuses = [];
        for (const app of [first, second, first, second, first]) statuses.push(await attempt(app));
        expect(statuses).toEqual([401, 401, 401, 401, 401]);
        expect(await attempt(second)).toBe(429);
        expect(await attempt(first)).toBe(429);
      } finally {
        await Promise.all(stores.map((store) => store.close()));
      }
    }, 120_000);
  });
});
