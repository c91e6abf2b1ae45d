// REST auth endpoints (issue #5): /api/auth/login, refresh, logout, accept-invite (AssetNode,
// seed 001) and token (AssetIT client credentials, seed 004). Public routes mapped onto the GraphQL
// auth mutations: token pairs on success, { "error" } with 400/401/429 otherwise, secrets never
// echoed, the auth rate limits (10/min per address, 5/min per account) passed on as 429 + Retry-After.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryBudgetStore } from '../src/cost/budget-store.js';
import { inviteUser, randomAddress, signedUpUser, TEST_PASSWORD } from './support/fixtures.js';
import { expectError, expectJson, MISSING_ID, rest, type RestResult } from './support/rest.js';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';

// The auth limits are token buckets refilled continuously (5/min: one attempt back every 12 s;
// 10/min: every 6 s). The limit tests stop this clock so a slow machine cannot refill a bucket
// mid-test, and move it on to check Retry-After. It never runs backwards (skew keeps the lead).
let frozenAt: number | null = null;
let skew = 0;
const clock = () => frozenAt ?? Date.now() + skew;

async function withClockStopped(test: (advance: (seconds: number) => void) => Promise<void>) {
  frozenAt = clock();
  try {
    await test((seconds) => {
      frozenAt! += seconds * 1000;
      skew += seconds * 1000;
    });
  } finally {
    frozenAt = null;
  }
}

let api: TestApi;
let tenant: Tenant;
beforeAll(async () => {
  api = await startTestApi({ budgetStore: new MemoryBudgetStore(clock) });
  tenant = await api.tenant();
});
afterAll(() => api.close());

const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;
const ACCESS_TOKEN_TTL = 15 * 60;

/** A public auth call (no credential) from `address` — a fresh one unless a test is about the limits. */
function post(path: string, body: unknown, address = randomAddress(), headers: Record<string, string> = {}) {
  return rest(api, 'POST', path, { key: null, body, headers: { 'x-forwarded-for': address, ...headers } });
}

/** GET /api/assets with a raw Authorization header. */
function listAssets(authorization: string) {
  return rest(api, 'GET', '/api/assets', { key: null, headers: { authorization } });
}

function expectTokenPair(result: RestResult) {
  expectJson(result, 200);
  expect(result.body).toEqual({
    access_token: expect.stringMatching(JWT),
    refresh_token: expect.stringMatching(/^rt_[0-9a-f]{64}$/),
    token_type: 'Bearer',
    expires_in: ACCESS_TOKEN_TTL,
  });
  return result.body as { access_token: string; refresh_token: string; token_type: string; expires_in: number };
}

async function expectAccessTokenWorks(token: string) {
  for (const scheme of ['Bearer', 'JWT']) {
    const listed = await listAssets(`${scheme} ${token}`);
    expectJson(listed, 200);
    expect(Array.isArray(listed.body), `${scheme}: ${listed.text}`).toBe(true);
  }
}

async function expectAccessTokenRefused(token: string) {
  for (const scheme of ['Bearer', 'JWT']) expectError(await listAssets(`${scheme} ${token}`), 401);
}

/** 429 with Retry-After; returns its seconds. */
function expectThrottled(result: RestResult, who: string): number {
  expectError(result, 429, `Too many authentication attempts from ${who}`);
  expect(result.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
  return Number(result.headers.get('retry-after'));
}

/** No error body may carry a password or secret that was sent. */
function expectNotEchoed(result: RestResult, ...secrets: string[]) {
  for (const secret of secrets) expect(result.text, `body echoes ${secret}`).not.toContain(secret);
}

const login = (email: string, password: string, address?: string) => post('/api/auth/login', { email, password }, address);

describe('POST /api/auth/login', () => {
  it('answers a token pair whose access token works as Bearer and as JWT', async () => {
    const user = await signedUpUser(api, tenant);
    const tokens = expectTokenPair(await login(user.email, TEST_PASSWORD));
    await expectAccessTokenWorks(tokens.access_token);
    // The email is matched case-insensitively, organization_id narrows the search.
    expectTokenPair(await post('/api/auth/login', { email: user.email.toUpperCase(), password: TEST_PASSWORD, organization_id: tenant.organizationId }));
  });

  it('answers a wrong password and an unknown email with byte-identical 401 bodies', async () => {
    const user = await signedUpUser(api, tenant);
    const wrongPassword = await login(user.email, 'not the password at all');
    const unknownEmail = await login(`nobody-${randomBytes(4).toString('hex')}@example.com`, TEST_PASSWORD);
    const otherOrganization = await post('/api/auth/login', { email: user.email, password: TEST_PASSWORD, organization_id: MISSING_ID });
    expectError(wrongPassword, 401, 'Invalid email or password');
    expectError(unknownEmail, 401);
    expectError(otherOrganization, 401);
    expect(unknownEmail.text).toBe(wrongPassword.text);
    expect(otherOrganization.text).toBe(wrongPassword.text);
    expectNotEchoed(wrongPassword, 'not the password at all');
    expectNotEchoed(unknownEmail, TEST_PASSWORD);
  });

  it('refuses missing, blank and malformed fields with 400, never echoing the password', async () => {
    const password = 'hunter2-secret-value';
    const cases: [unknown, RegExp][] = [
      [{ password }, /^email is required$/],
      [{ email: 'a@example.com' }, /^password is required$/],
      [{ email: '  ', password }, /^email cannot be blank$/],
      [{ email: 'a@example.com', password: '   ' }, /^password cannot be blank$/],
      [{ email: 'a@example.com', password: 12345 }, /^password must be a string$/],
      [{ email: 'not-an-email', password }, /email/i],
      [{ email: 'a@example.com', password, organization_id: 'org-1' }, /^organization_id must be a UUID$/],
      [[], /JSON object/],
    ];
    for (const [body, message] of cases) {
      const result = await post('/api/auth/login', body);
      expectError(result, 400, message);
      expectNotEchoed(result, password);
    }
    expectError(await rest(api, 'POST', '/api/auth/login', { key: null, raw: '{"email":', headers: { 'x-forwarded-for': randomAddress() } }), 400, 'Malformed JSON body');
  });

  it('answers 429 with Retry-After after 5 attempts per minute for one account, from any address', async () => {
    const user = await signedUpUser(api, tenant);
    await withClockStopped(async (advance) => {
      // Each attempt from another address: the account's own limit decides.
      for (let attempt = 1; attempt <= 5; attempt++) expectError(await login(user.email, `wrong password ${attempt}`), 401);
      // The sixth attempt is refused, even with the right password.
      const sixth = await login(user.email, TEST_PASSWORD);
      const retryAfter = expectThrottled(sixth, 'this account');
      expect(retryAfter).toBe(12);
      expectNotEchoed(sixth, TEST_PASSWORD);
      // The account differs only in case: the same account.
      expectThrottled(await login(user.email.toUpperCase(), TEST_PASSWORD), 'this account');
      // Another account is not affected.
      const other = await signedUpUser(api, tenant);
      expectTokenPair(await login(other.email, TEST_PASSWORD));
      // Retry-After tells the truth: one attempt is back after that long.
      advance(retryAfter);
      expectTokenPair(await login(user.email, TEST_PASSWORD));
      expectThrottled(await login(user.email, TEST_PASSWORD), 'this account');
    });
  });

  it('answers 429 with Retry-After after 10 attempts per minute from one address, whatever the account', async () => {
    const address = randomAddress();
    const email = (n: number) => `nobody-${n}-${randomBytes(4).toString('hex')}@example.com`;
    await withClockStopped(async (advance) => {
      for (let attempt = 1; attempt <= 10; attempt++) expectError(await login(email(attempt), 'wrong password', address), 401);
      const eleventh = await login(email(11), 'wrong password', address);
      const retryAfter = expectThrottled(eleventh, 'this address');
      expect(retryAfter).toBe(6);
      // The limit is per address over every auth endpoint.
      expectThrottled(await post('/api/auth/refresh', { refresh_token: 'rt_unknown' }, address), 'this address');
      expectThrottled(await post('/api/auth/token', { client_id: 'ci_unknown', client_secret: 'cs_unknown' }, address), 'this address');
      // Another address is not affected.
      const user = await signedUpUser(api, tenant);
      expectTokenPair(await login(user.email, TEST_PASSWORD));
      advance(retryAfter);
      expectTokenPair(await login(user.email, TEST_PASSWORD, address));
      expectThrottled(await login(user.email, TEST_PASSWORD, address), 'this address');
    });
  });
});

describe('POST /api/auth/refresh', () => {
  it('rotates the pair; reusing a spent refresh token is 401 and ends the session', async () => {
    const user = await signedUpUser(api, tenant);
    const first = expectTokenPair(await login(user.email, TEST_PASSWORD));
    const second = expectTokenPair(await post('/api/auth/refresh', { refresh_token: first.refresh_token }));
    expect(second.refresh_token).not.toBe(first.refresh_token);
    await expectAccessTokenWorks(second.access_token);

    const reused = await post('/api/auth/refresh', { refresh_token: first.refresh_token });
    expectError(reused, 401, /already used/);
    expectNotEchoed(reused, first.refresh_token);
    // The whole session is revoked: its latest access and refresh tokens stop working.
    await expectAccessTokenRefused(second.access_token);
    await expectAccessTokenRefused(first.access_token);
    expectError(await post('/api/auth/refresh', { refresh_token: second.refresh_token }), 401);
    // Another session of the same user is not affected.
    await expectAccessTokenWorks(user.accessToken);
  });

  it('refuses an unknown refresh token with 401 and missing or blank ones with 400', async () => {
    const unknown = `rt_${randomBytes(32).toString('hex')}`;
    const result = await post('/api/auth/refresh', { refresh_token: unknown });
    expectError(result, 401, 'Invalid refresh token');
    expectNotEchoed(result, unknown);
    expectError(await post('/api/auth/refresh', {}), 400, 'refresh_token is required');
    expectError(await post('/api/auth/refresh', undefined), 400, 'refresh_token is required');
    expectError(await post('/api/auth/refresh', { refresh_token: ' ' }), 400, 'refresh_token cannot be blank');
    expectError(await post('/api/auth/refresh', { refresh_token: null }), 400, 'refresh_token is required');
  });
});

describe('POST /api/auth/logout', () => {
  it('answers 204 with no body; the access and refresh tokens then give 401', async () => {
    const user = await signedUpUser(api, tenant);
    const tokens = expectTokenPair(await login(user.email, TEST_PASSWORD));
    await expectAccessTokenWorks(tokens.access_token);

    const result = await post('/api/auth/logout', { refresh_token: tokens.refresh_token });
    expect(result.status, result.text).toBe(204);
    expect(result.text).toBe('');
    expect(result.headers.get('x-request-id')).toBeTruthy();

    await expectAccessTokenRefused(tokens.access_token);
    expectError(await post('/api/auth/refresh', { refresh_token: tokens.refresh_token }), 401);
    // Only that session ends: the user's other session (from accepting the invitation) still works.
    await expectAccessTokenWorks(user.accessToken);
  });

  it('refuses an unknown refresh token with 401 and a missing one with 400', async () => {
    expectError(await post('/api/auth/logout', { refresh_token: `rt_${randomBytes(32).toString('hex')}` }), 401, 'Invalid refresh token');
    expectError(await post('/api/auth/logout', {}), 400, 'refresh_token is required');
    expectError(await post('/api/auth/logout', { refresh_token: '' }), 400, 'refresh_token cannot be blank');
  });
});

describe('POST /api/auth/accept-invite', () => {
  it('sets the password, answers a token pair and spends the invitation', async () => {
    const invited = await inviteUser(tenant);
    const password = 'a brand new passphrase';
    const tokens = expectTokenPair(await post('/api/auth/accept-invite', { token: invited.invitationToken, password }));
    await expectAccessTokenWorks(tokens.access_token);
    expectTokenPair(await login(invited.email, password));

    const again = await post('/api/auth/accept-invite', { token: invited.invitationToken, password: 'another new passphrase' });
    expectError(again, 401, /Invalid or expired invitation/);
    expectNotEchoed(again, 'another new passphrase', invited.invitationToken);
  });

  it('refuses a weak password with 400 without echoing it, and keeps the invitation usable', async () => {
    const invited = await inviteUser(tenant);
    const short = await post('/api/auth/accept-invite', { token: invited.invitationToken, password: 'tooShort1' });
    expectError(short, 400, /password must be at least 12 characters/);
    expectNotEchoed(short, 'tooShort1', invited.invitationToken);
    expectTokenPair(await post('/api/auth/accept-invite', { token: invited.invitationToken, password: TEST_PASSWORD }));
  });

  it('refuses an unknown token with 401 and missing fields with 400', async () => {
    const result = await post('/api/auth/accept-invite', { token: `inv_${randomBytes(32).toString('hex')}`, password: TEST_PASSWORD });
    expectError(result, 401, /Invalid or expired invitation/);
    expectNotEchoed(result, TEST_PASSWORD);
    expectError(await post('/api/auth/accept-invite', { password: TEST_PASSWORD }), 400, 'token is required');
    expectError(await post('/api/auth/accept-invite', { token: 'inv_x' }), 400, 'password is required');
    expectError(await post('/api/auth/accept-invite', { token: ' ', password: TEST_PASSWORD }), 400, 'token cannot be blank');
  });
});

/** A client credential for a new user of the tenant, issued by its admin through createClientCredential. */
async function clientCredential() {
  const user = await inviteUser(tenant);
  const data = await tenant.ok(
    `mutation($userId: UUID) { createClientCredential(userId: $userId) { clientId clientSecret } }`,
    { userId: user.id },
  );
  const { clientId, clientSecret } = data.createClientCredential as { clientId: string; clientSecret: string };
  return { user, clientId, clientSecret };
}

describe('POST /api/auth/token', () => {
  it('exchanges client_id + client_secret for a JWT usable as `Authorization: JWT <token>` and as Bearer', async () => {
    const { clientId, clientSecret } = await clientCredential();
    const result = await post('/api/auth/token', { client_id: clientId, client_secret: clientSecret });
    expectJson(result, 200);
    expect(result.body).toEqual({ access_token: expect.stringMatching(JWT), token_type: 'JWT', expires_in: ACCESS_TOKEN_TTL });
    await expectAccessTokenWorks(result.body.access_token);
  });

  it('answers a wrong secret and an unknown client id alike (401), never echoing the secret', async () => {
    const { clientId, clientSecret } = await clientCredential();
    const wrongSecret = `cs_${randomBytes(32).toString('hex')}`;
    const wrong = await post('/api/auth/token', { client_id: clientId, client_secret: wrongSecret });
    const unknown = await post('/api/auth/token', { client_id: `ci_${randomBytes(12).toString('hex')}`, client_secret: clientSecret });
    expectError(wrong, 401, 'Invalid client credentials');
    expectError(unknown, 401);
    expect(unknown.text).toBe(wrong.text);
    expectNotEchoed(wrong, wrongSecret);
    expectNotEchoed(unknown, clientSecret);
  });

  it('refuses missing and blank fields with 400', async () => {
    const secret = `cs_${randomBytes(32).toString('hex')}`;
    const cases: [unknown, string][] = [
      [{ client_secret: secret }, 'client_id is required'],
      [{ client_id: 'ci_x' }, 'client_secret is required'],
      [{ client_id: ' ', client_secret: secret }, 'client_id cannot be blank'],
      [{ client_id: 'ci_x', client_secret: '' }, 'client_secret cannot be blank'],
    ];
    for (const [body, message] of cases) {
      const result = await post('/api/auth/token', body);
      expectError(result, 400, message);
      expectNotEchoed(result, secret);
    }
  });

  it('answers 429 with Retry-After after 5 attempts per minute for one client id', async () => {
    const { clientId, clientSecret } = await clientCredential();
    await withClockStopped(async () => {
      for (let attempt = 1; attempt <= 5; attempt++) {
        expectError(await post('/api/auth/token', { client_id: clientId, client_secret: `wrong-${attempt}` }), 401);
      }
      const sixth = await post('/api/auth/token', { client_id: clientId, client_secret: clientSecret });
      expectThrottled(sixth, 'this account');
      expectNotEchoed(sixth, clientSecret);
    });
  });
});

describe('GET /api/openapi.json: auth routes', () => {
  it('documents the auth routes as public (no security requirement) with their bodies', async () => {
    const document = (await (await api.app.fetch('http://test/api/openapi.json')).json()) as any;
    expect(document.security).toEqual([{ apiKey: [] }, { authorizationHeader: [] }]);
    for (const path of ['/api/auth/login', '/api/auth/refresh', '/api/auth/logout', '/api/auth/accept-invite', '/api/auth/token']) {
      const operation = document.paths[path].post;
      expect(operation.security, path).toEqual([]);
      expect(operation.tags).toEqual(['auth']);
      expect(Object.keys(operation.responses).sort(), path).toEqual([path.endsWith('logout') ? '204' : '200', '400', '401', '429', '500'].sort());
      expect(operation.responses['429'].headers['Retry-After']).toBeDefined();
    }
    const login = document.paths['/api/auth/login'].post;
    expect(login.requestBody.content['application/json'].schema.required).toEqual(['email', 'password']);
    expect(Object.keys(login.responses['200'].content['application/json'].schema.properties)).toEqual(['access_token', 'refresh_token', 'token_type', 'expires_in']);
    expect(document.paths['/api/auth/logout'].post.responses['204'].content).toBeUndefined();
    expect(document.paths['/api/auth/token'].post.responses['200'].content['application/json'].schema.properties.token_type).toEqual({ type: 'string', const: 'JWT' });
    // Routes that need a credential keep the document-wide requirement.
    expect(document.paths['/api/assets'].get.security).toBeUndefined();
  });
});
