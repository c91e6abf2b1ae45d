// Auth hardening (issue 5): every way of forging, replaying or stretching a credential is refused
// with HTTP 401 UNAUTHENTICATED and a generic message; a wrong password and an unknown e-mail
// answer alike; secrets never reach logs, errors, responses or the audit trail.
// The app signs with a key this file knows (AppOptions.auth.signingKeys), so tests can forge
// tokens with correct or incorrect claims themselves, with jose, as an attacker holding that key
// (or not) would.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { base64url, decodeJwt, decodeProtectedHeader, exportJWK, exportSPKI, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { FieldCipher } from '../src/crypto/field-cipher.js';
import { randomAddress, signedUpUser, TEST_PASSWORD } from './support/fixtures.js';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';

const KID = 'hardening-test-key';
const cipher = new FieldCipher(randomBytes(32));
let api: TestApi;
let privateJwk: JWK;
let signingKey: CryptoKey;
let publicKey: CryptoKey;

beforeAll(async () => {
  const pair = await generateKeyPair('EdDSA', { extractable: true });
  signingKey = pair.privateKey;
  publicKey = pair.publicKey;
  privateJwk = { ...(await exportJWK(pair.privateKey)), kid: KID };
  api = await startTestApi({ cipher, auth: { signingKeys: [privateJwk] } });
});
afterAll(() => api.close());

const VIEWER = `{ viewer { user { id } organization { id } } }`;
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { accessToken refreshToken expiresIn } }`;
const REFRESH = `mutation($refreshToken: String!) { refreshAccessToken(refreshToken: $refreshToken) { accessToken refreshToken expiresIn } }`;
const LOGOUT = `mutation($refreshToken: String!) { logout(refreshToken: $refreshToken) }`;
const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id prefix } } }`;
const REVOKE_KEY = `mutation($id: UUID!) { revokeApiKey(id: $id) { id revokedAt } }`;

interface RawResponse {
  status: number;
  /** The body exactly as sent, to search for anything that should not be there. */
  text: string;
  body: { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** One GraphQL request through `app` (the test app by default); every call from a new client address. */
async function send(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}, app: App = api.app): Promise<RawResponse> {
  const response = await app.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-forwarded-for': randomAddress(), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) };
}

const asViewer = (authorization: string) => send(VIEWER, {}, { authorization });

// What a refused credential may be told, and nothing else: no reason beyond expired/invalid/revoked,
// no library error, no claim, no key material.
const GENERIC_MESSAGES = [
  'Invalid access token',
  'Access token has expired',
  'Access token is no longer valid',
  'Invalid credentials: send Authorization: Bearer sk_… (API key) or Bearer <access token>',
];

/**
 * HTTP 401, no data, every error UNAUTHENTICATED with a generic message and no other extension
 * than `reason`; none of `secrets` (the token, its parts, claims the caller made up) in the body.
 */
function expectRejected(response: RawResponse, { reason, secrets = [] }: { reason?: string; secrets?: string[] } = {}) {
  expect(response.status).toBe(401);
  expect(response.body.data ?? null).toBeNull();
  expect(response.body.errors?.length).toBeGreaterThan(0);
  for (const error of response.body.errors!) {
    expect(error.extensions?.code).toBe('UNAUTHENTICATED');
    expect(GENERIC_MESSAGES).toContain(error.message);
    expect(Object.keys(error.extensions ?? {}).filter((key) => key !== 'code' && key !== 'reason')).toEqual([]);
  }
  if (reason) expect(response.body.errors![0].extensions?.reason).toBe(reason);
  expect(response.text).not.toMatch(/stack|jose|JWS|JWT[A-Z]|signature|alg|kid|typ|Prisma/i);
  for (const secret of secrets.filter((value) => value.length >= 8)) expect(response.text).not.toContain(secret);
}

/** The token, its three parts and its claim values: none may be echoed back. */
function partsOf(token: string): string[] {
  const claims = (() => { try { return Object.values(decodeJwt(token)).map(String); } catch { return []; } })();
  return [token, ...token.split('.'), ...claims.filter((value) => !/^\d+$/.test(value) && !['itam', 'itam-api'].includes(value))];
}

type Claims = { sub: string; org: string; sid: string };

/** A signed-up admin of `tenant` with a real session; `claims` are those of their access token. */
async function session(tenant: Tenant) {
  const user = await signedUpUser(api, tenant, { role: 'ADMIN' });
  const { sub, org, sid } = decodeJwt(user.accessToken) as Claims & JWTPayload;
  return { ...user, claims: { sub, org, sid } as Claims };
}

/**
 * A token signed with `key` (the app's own key by default). `payload` replaces the standard claims
 * (set a claim to undefined to drop it); `header` likewise replaces { alg, kid, typ }.
 */
async function forge(claims: Record<string, unknown>, { payload = {}, header = {}, key = signingKey }: {
  payload?: Record<string, unknown>; header?: Record<string, unknown>; key?: CryptoKey | Uint8Array;
} = {}) {
  const now = Math.floor(Date.now() / 1000);
  const full = strip({ iss: 'itam', aud: 'itam-api', iat: now, nbf: now, exp: now + 900, jti: randomUUID(), ...claims, ...payload });
  return new SignJWT(full).setProtectedHeader(strip({ alg: 'EdDSA', kid: KID, typ: 'at+jwt', ...header }) as { alg: string }).sign(key);
}

const strip = (object: Record<string, unknown>) => Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
const encodePart = (value: object) => base64url.encode(JSON.stringify(value));
const decodePart = (part: string) => JSON.parse(new TextDecoder().decode(base64url.decode(part)));

let shared: { tenant: Tenant; user: Awaited<ReturnType<typeof session>> };
beforeAll(async () => {
  const tenant = await api.tenant();
  shared = { tenant, user: await session(tenant) };
});

describe('the control: tokens the tests forge are accepted when everything is right', () => {
  it('a real access token works, and so does one forged with the app key and correct claims', async () => {
    const real = await asViewer(`Bearer ${shared.user.accessToken}`);
    expect(real.status).toBe(200);
    expect(real.body.data.viewer.user.id).toBe(shared.user.id);
    expect(decodeProtectedHeader(shared.user.accessToken)).toEqual({ alg: 'EdDSA', kid: KID, typ: 'at+jwt' });

    const forged = await asViewer(`Bearer ${await forge(shared.user.claims)}`);
    expect(forged.status).toBe(200);
    expect(forged.body.data.viewer).toEqual({ user: { id: shared.user.id }, organization: { id: shared.tenant.organizationId } });
  });
});

describe('a forged or altered access token', () => {
  it('alg: none (an unsecured JWT) is refused, with or without a signature part', async () => {
    const { claims } = shared.user;
    const now = Math.floor(Date.now() / 1000);
    const payload = encodePart({ ...claims, iss: 'itam', aud: 'itam-api', iat: now, nbf: now, exp: now + 900 });
    const signature = shared.user.accessToken.split('.')[2];
    for (const header of [{ alg: 'none' }, { alg: 'none', kid: KID, typ: 'at+jwt' }, { alg: 'NONE', kid: KID, typ: 'at+jwt' }]) {
      for (const token of [`${encodePart(header)}.${payload}.`, `${encodePart(header)}.${payload}.${signature}`]) {
        expectRejected(await asViewer(`Bearer ${token}`), { secrets: [payload] });
      }
    }
  });

  it('HS256 signed with the public key (as PEM, JWK JSON or raw bytes) as the HMAC secret is refused', async () => {
    const publicJwk = await exportJWK(publicKey);
    const published = (await (await api.app.fetch('http://test/.well-known/jwks.json')).json()) as { keys: JWK[] };
    const secrets = [
      new TextEncoder().encode(await exportSPKI(publicKey)),
      new TextEncoder().encode(JSON.stringify(publicJwk)),
      new TextEncoder().encode(JSON.stringify(published.keys[0])),
      base64url.decode(publicJwk.x!),
    ];
    for (const secret of secrets) {
      const token = await forge(shared.user.claims, { header: { alg: 'HS256' }, key: secret });
      expectRejected(await asViewer(`Bearer ${token}`), { reason: 'invalid', secrets: partsOf(token) });
    }
  });

  it('an expired token is refused with reason "expired"', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await forge(shared.user.claims, { payload: { iat: now - 3600, nbf: now - 3600, exp: now - 60 } });
    expectRejected(await asViewer(`Bearer ${token}`), { reason: 'expired', secrets: partsOf(token) });
  });

  it('a token that is not yet valid (nbf in the future) is refused', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await forge(shared.user.claims, { payload: { nbf: now + 120 } });
    expectRejected(await asViewer(`Bearer ${token}`), { reason: 'invalid', secrets: partsOf(token) });
  });

  it('a wrong issuer is refused', async () => {
    for (const iss of ['https://evil.example', 'ITAM', undefined]) {
      const token = await forge(shared.user.claims, { payload: { iss } });
      expectRejected(await asViewer(`Bearer ${token}`), { reason: 'invalid', secrets: partsOf(token) });
    }
  });

  it('a wrong audience is refused', async () => {
    for (const aud of ['another-api', ['another-api'], undefined]) {
      const token = await forge(shared.user.claims, { payload: { aud } });
      expectRejected(await asViewer(`Bearer ${token}`), { reason: 'invalid', secrets: partsOf(token) });
    }
  });

  it('a missing or wrong typ header (an ID token or plain JWT from the same key) is refused', async () => {
    for (const typ of [undefined, 'JWT', 'id_token+jwt', 'application/jwt']) {
      const token = await forge(shared.user.claims, { header: { typ } });
      expectRejected(await asViewer(`Bearer ${token}`), { reason: 'invalid', secrets: partsOf(token) });
    }
  });

  it('missing required claims (exp, iat, nbf, sub, org) are refused', async () => {
    for (const missing of ['exp', 'iat', 'nbf', 'sub', 'org']) {
      const token = await forge(shared.user.claims, { payload: { [missing]: undefined } });
      expectRejected(await asViewer(`Bearer ${token}`), { secrets: partsOf(token) });
    }
  });

  it('a tampered payload (sub or org changed, signature kept) is refused', async () => {
    const other = await api.tenant();
    const [header, payload, signature] = shared.user.accessToken.split('.');
    const claims = decodePart(payload);
    for (const change of [{ sub: shared.tenant.userId }, { org: other.organizationId }, { sub: other.userId, org: other.organizationId }, { exp: claims.exp + 86_400 }]) {
      const token = `${header}.${encodePart({ ...claims, ...change })}.${signature}`;
      const response = await asViewer(`Bearer ${token}`);
      expectRejected(response, { reason: 'invalid', secrets: [...partsOf(token), other.organizationId] });
    }
  });

  it('an unknown kid, or no kid, is refused', async () => {
    for (const kid of ['another-key', `${KID} `, '../../etc/passwd', undefined]) {
      const token = await forge(shared.user.claims, { header: { kid } });
      expectRejected(await asViewer(`Bearer ${token}`), { reason: 'invalid', secrets: partsOf(token) });
    }
  });

  it('a token signed by another Ed25519 key under our kid is refused', async () => {
    const { privateKey } = await generateKeyPair('EdDSA');
    const token = await forge(shared.user.claims, { key: privateKey });
    expectRejected(await asViewer(`Bearer ${token}`), { reason: 'invalid', secrets: partsOf(token) });
  });

  it('a validly signed token for a user of organization A claiming organization B is refused, and B is not read', async () => {
    const other = await api.tenant();
    const token = await forge({ ...shared.user.claims, org: other.organizationId });
    const response = await asViewer(`Bearer ${token}`);
    expectRejected(response, { reason: 'revoked', secrets: [...partsOf(token)] });
    const assets = await send(`{ assets(first: 1) { totalCount } }`, {}, { authorization: `Bearer ${token}` });
    expectRejected(assets, { reason: 'revoked' });
  });

  it('a validly signed token naming a user that does not exist, or malformed ids, is refused (not a 500)', async () => {
    const { claims } = shared.user;
    for (const change of [{ sub: randomUUID() }, { sub: 'not-a-uuid' }, { sid: randomUUID() }, { sid: 'not-a-uuid' }, { sid: undefined }, { org: 42 }]) {
      const token = await forge({ ...claims, ...change });
      expectRejected(await asViewer(`Bearer ${token}`), { secrets: partsOf(token) });
    }
  });
});

describe('a session that has ended', () => {
  it('refresh-token reuse revokes the whole family: both access tokens and the new refresh token stop working', async () => {
    const user = await session(shared.tenant);
    const first = await send(REFRESH, { refreshToken: user.refreshToken });
    expect(first.status).toBe(200);
    const renewed = first.body.data.refreshAccessToken;
    expect((decodeJwt(renewed.accessToken) as Claims).sid).toBe(user.claims.sid);
    expect((await asViewer(`Bearer ${renewed.accessToken}`)).status).toBe(200);

    const reuse = await send(REFRESH, { refreshToken: user.refreshToken });
    expect(reuse.status).toBe(401);
    expect(reuse.body.data?.refreshAccessToken ?? null).toBeNull();
    expect(reuse.body.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'reused' });
    expect(reuse.text).not.toContain(user.refreshToken);

    expectRejected(await asViewer(`Bearer ${renewed.accessToken}`), { reason: 'revoked' });
    expectRejected(await asViewer(`Bearer ${user.accessToken}`), { reason: 'revoked' });
    const next = await send(REFRESH, { refreshToken: renewed.refreshToken });
    expect(next.status).toBe(401);
    expect(next.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(next.text).not.toContain(renewed.refreshToken);
  });

  it('a revoked API key answers 401 KEY_REVOKED, naming only its prefix', async () => {
    const { key, apiKey } = (await shared.tenant.ok(CREATE_KEY, { input: { name: 'soon revoked', scopes: ['read'] } })).createApiKey;
    expect((await asViewer(`Bearer ${key}`)).status).toBe(200);
    await shared.tenant.ok(REVOKE_KEY, { id: apiKey.id });
    const response = await asViewer(`Bearer ${key}`);
    expect(response.status).toBe(401);
    expect(response.body.data ?? null).toBeNull();
    expect(response.body.errors).toEqual([{ message: `API key ${apiKey.prefix}… was revoked`, extensions: { code: 'KEY_REVOKED' } }]);
    expect(response.text).not.toContain(key.slice(10));
  });

  it('a deactivated user’s still-valid access token is refused, and so is their refresh token', async () => {
    const user = await session(shared.tenant);
    expect((await asViewer(`Bearer ${user.accessToken}`)).status).toBe(200);
    await shared.tenant.ok(`mutation($id: UUID!) { deactivateUser(id: $id) { status } }`, { id: user.id });
    expect(decodeJwt(user.accessToken).exp! * 1000).toBeGreaterThan(Date.now());
    expectRejected(await asViewer(`Bearer ${user.accessToken}`), { reason: 'revoked', secrets: partsOf(user.accessToken) });
    expectRejected(await asViewer(`JWT ${user.accessToken}`), { reason: 'revoked' });
    const refresh = await send(REFRESH, { refreshToken: user.refreshToken });
    expect(refresh.status).toBe(401);
    expect(refresh.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('logout ends the session: its access token is refused, its refresh token too', async () => {
    const user = await session(shared.tenant);
    expect((await asViewer(`Bearer ${user.accessToken}`)).status).toBe(200);
    const logout = await send(LOGOUT, { refreshToken: user.refreshToken });
    expect(logout.body).toMatchObject({ data: { logout: true } });
    expectRejected(await asViewer(`Bearer ${user.accessToken}`), { reason: 'revoked' });
    const refresh = await send(REFRESH, { refreshToken: user.refreshToken });
    expect(refresh.status).toBe(401);
    expect(refresh.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('the Authorization header', () => {
  it('accepts an access token as `Bearer`, `bearer` and `JWT`', async () => {
    for (const scheme of ['Bearer', 'bearer', 'JWT', 'jwt']) {
      const response = await asViewer(`${scheme} ${shared.user.accessToken}`);
      expect(response.status, scheme).toBe(200);
      expect(response.body.data.viewer.user.id).toBe(shared.user.id);
    }
  });

  it('refuses `Basic`, other schemes, no scheme, extra text and garbage with 401', async () => {
    const token = shared.user.accessToken;
    const headers = [
      `Basic ${Buffer.from(`admin:${TEST_PASSWORD}`).toString('base64')}`,
      'Basic x',
      `Token ${token}`,
      `Digest ${token}`,
      token,
      `Bearer ${token} extra`,
      `Bearer ${token}.more`,
      'Bearer a.b.c',
      'Bearer ...',
      'JWT sk_' + 'a'.repeat(56),
      'garbage',
      'Bearer \u0000\u0001',
      `Bearer ${'A'.repeat(10_000)}.${'B'.repeat(10_000)}.${'C'.repeat(10_000)}`,
    ];
    for (const header of headers) expectRejected(await asViewer(header), { secrets: [TEST_PASSWORD, ...partsOf(token)] });
  });
});

describe('login failures', () => {
  let timingApp: App;
  beforeAll(() => {
    // The same database and key, without the per-account attempt limit (5 a minute), so one
    // account can be tried often enough to time it.
    timingApp = createApp(api.db, { cipher, auth: { signingKeys: [privateJwk], limits: null, trustProxy: true } });
  });

  const login = (email: string, password: string) => send(LOGIN, { input: { email, password } }, {}, timingApp);

  it('a wrong password and an unknown e-mail answer alike: same status, same body', async () => {
    const user = await session(shared.tenant);
    const wrongPassword = await login(user.email, 'not the password at all');
    const unknownEmail = await login(`nobody-${randomUUID().slice(0, 8)}@example.com`, 'not the password at all');
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(wrongPassword.status);
    expect(unknownEmail.body).toEqual(wrongPassword.body);
    expect(wrongPassword.body.errors?.[0]).toMatchObject({ message: 'Invalid email or password', extensions: { code: 'UNAUTHENTICATED' } });
    // An account with no password yet (invited, not accepted) answers alike too.
    const invited = (await shared.tenant.ok(`mutation { inviteUser(input: { email: "pending-${randomUUID().slice(0, 8)}@example.com" }) { user { email } } }`)).inviteUser.user;
    const pending = await login(invited.email, 'not the password at all');
    expect(pending.status).toBe(wrongPassword.status);
    expect(pending.body).toEqual(wrongPassword.body);
  });

  it('a wrong password and an unknown e-mail take similar time (medians within a factor of 2)', async () => {
    const user = await session(shared.tenant);
    const timed = async (email: string) => {
      const started = performance.now();
      const response = await login(email, 'not the password at all');
      expect(response.status).toBe(401);
      return performance.now() - started;
    };
    const unknown = () => `nobody-${randomUUID().slice(0, 8)}@example.com`;
    // Warm up both paths (the decoy hash is computed on first use).
    await timed(user.email);
    await timed(unknown());
    const wrong: number[] = [];
    const missing: number[] = [];
    // Interleaved, so load on the machine weighs on both alike.
    for (let i = 0; i < 7; i++) {
      wrong.push(await timed(user.email));
      missing.push(await timed(unknown()));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const ratio = median(missing) / median(wrong);
    expect(ratio, `unknown e-mail ${median(missing).toFixed(1)} ms vs wrong password ${median(wrong).toFixed(1)} ms`).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  }, 120_000);
});

describe('secrets', () => {
  /** Everything written through console.* and process.stdout/stderr while it runs (and not printed). */
  function captureOutput() {
    const chunks: string[] = [];
    const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
    const spies = [
      ...methods.map((method) => vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        chunks.push(args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg, { depth: 10 }))).join(' '));
      })),
      ...[process.stdout, process.stderr].map((stream) => vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown) => {
        chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
        return true;
      }) as typeof stream.write)),
    ];
    return {
      text: () => chunks.join('\n'),
      restore: () => spies.forEach((spy) => spy.mockRestore()),
    };
  }

  it('passwords, refresh tokens and API key secrets never appear in logs, errors, responses or audit changes', async () => {
    const tenant = await api.tenant();
    const password = `pw-${randomBytes(12).toString('hex')}`;
    const wrongPassword = `wrong-${randomBytes(12).toString('hex')}`;
    const bogusRefresh = `rt_${randomBytes(32).toString('hex')}`;
    // Invited outside the capture: without SMTP_URL the mailer logs the invitation link (and its
    // token) by design, so a development set-up can follow it. That log line is expected.
    const invited = (await tenant.ok(
      `mutation($email: EmailAddress!) { inviteUser(input: { email: $email, role: ADMIN }) { user { id email } invitation { url } } }`,
      { email: `secret-keeper-${randomUUID().slice(0, 8)}@example.com` },
    )).inviteUser;
    const invitationToken = new URL(invited.invitation.url).hash.replace('#token=', '');

    const responses: RawResponse[] = [];
    const record = async (response: Promise<RawResponse>) => {
      const settled = await response;
      responses.push(settled);
      return settled;
    };
    const output = captureOutput();
    let accepted, loggedIn, refreshed, created;
    try {
      // Proof that the capture sees both kinds of output.
      console.info('capture-canary-console');
      process.stderr.write('capture-canary-stream\n');
      // A password that is too short names the rule, never the value.
      await record(send(`mutation($input: AcceptInviteInput!) { acceptInvite(input: $input) { accessToken } }`, { input: { token: invitationToken, password: 'short-pw' } }));
      accepted = (await record(send(`mutation($input: AcceptInviteInput!) { acceptInvite(input: $input) { accessToken refreshToken } }`, { input: { token: invitationToken, password } }))).body.data.acceptInvite;
      await record(send(LOGIN, { input: { email: invited.user.email, password: wrongPassword } }));
      await record(send(LOGIN, { input: { email: `nobody-${randomUUID().slice(0, 8)}@example.com`, password: wrongPassword } }));
      loggedIn = (await record(send(LOGIN, { input: { email: invited.user.email, password } }))).body.data.login;
      refreshed = (await record(send(REFRESH, { refreshToken: loggedIn.refreshToken }))).body.data.refreshAccessToken;
      await record(send(REFRESH, { refreshToken: bogusRefresh }));
      await record(send(REFRESH, { refreshToken: loggedIn.refreshToken })); // reuse
      created = (await record(send(CREATE_KEY, { input: { name: 'secret keeper', scopes: ['write'] } }, { authorization: `Bearer ${accepted.accessToken}` }))).body.data.createApiKey;
      await record(send(VIEWER, {}, { authorization: `Bearer ${created.key}` }));
      await record(send(VIEWER, {}, { authorization: `Bearer ${created.key.slice(0, -1)}${created.key.endsWith('0') ? '1' : '0'}` }));
      await record(send(LOGOUT, { refreshToken: accepted.refreshToken }));
      await record(send(LOGOUT, { refreshToken: bogusRefresh }));
    } finally {
      output.restore();
    }
    expect(accepted?.refreshToken).toMatch(/^rt_/);
    expect(created?.key).toMatch(/^sk_/);

    const stored = await api.db.prisma.user.findUniqueOrThrow({ where: { id: invited.user.id }, select: { passwordHash: true } });
    const refreshTokens = [accepted.refreshToken, loggedIn.refreshToken, refreshed.refreshToken, bogusRefresh];
    const secrets: [string, string][] = [
      ['password', password],
      ['wrong password', wrongPassword],
      ['password hash', stored.passwordHash!],
      ['password hash salt', stored.passwordHash!.split('$')[4]],
      ...refreshTokens.map((token, i): [string, string] => [`refresh token ${i}`, token]),
      ...refreshTokens.map((token, i): [string, string] => [`refresh token ${i} hash`, createHash('sha256').update(token).digest('hex')]),
      ['API key', created.key],
      ['API key secret part', created.key.slice(10)],
      ['API key hash', createHash('sha256').update(created.key).digest('hex')],
    ];

    const logged = output.text();
    expect(logged).toContain('capture-canary-console');
    expect(logged).toContain('capture-canary-stream');
    const errors = JSON.stringify(responses.flatMap((response) => response.body.errors ?? []));
    expect(responses.some((response) => response.body.errors?.length)).toBe(true);
    const audit = await tenant.ok(`{ auditEvents(first: 100) { totalCount edges { node { action entityType changes } } } }`);
    const actions = audit.auditEvents.edges.map((edge: { node: { action: string } }) => edge.node.action);
    expect(actions).toEqual(expect.arrayContaining(['user.invited', 'user.invitation_accepted', 'api_key.created']));
    const changes = JSON.stringify(audit.auditEvents.edges.map((edge: { node: { changes: unknown } }) => edge.node.changes));
    // What the admin can read back about people and keys.
    const reads = JSON.stringify(await tenant.ok(`{
      users(first: 100) { edges { node { id email name role status } } }
      apiKeys(first: 100) { edges { node { id name prefix scopes } } }
      viewer { user { id email } }
    }`));

    for (const [name, secret] of secrets) {
      expect(logged, `${name} in the log`).not.toContain(secret);
      expect(errors, `${name} in an error`).not.toContain(secret);
      expect(changes, `${name} in audit changes`).not.toContain(secret);
      expect(reads, `${name} in a GraphQL read`).not.toContain(secret);
    }
    // Responses carry a secret only where it is handed out: the token pair, the new key.
    for (const response of responses) {
      const handedOut = JSON.stringify(response.body.data ?? {});
      for (const [name, secret] of secrets.filter(([name]) => name.includes('password'))) {
        expect(response.text, `${name} in a response`).not.toContain(secret);
      }
      expect(handedOut).not.toContain(createHash('sha256').update(created.key).digest('hex'));
    }
  });
});
