// Signing keys (issue 5): access tokens are signed with a key named by `kid`, published at
// GET /.well-known/jwks.json so other services verify tokens themselves. Keys are generated on first
// use and kept in the database (private part encrypted), shared by every instance; rotation keeps
// the previous key verifying until its tokens have expired; keys can instead be configured
// (JWT_SIGNING_KEYS), then nothing is stored.
//
// Every test builds its own apps over the file's database (createApp, as startTestApi does): a
// fresh app has an empty key cache (60 s), so it sees the keys as they are in the database now.
// Tokens are only ever issued through those apps; the fixtures use API keys, which sign nothing.
import { randomBytes } from 'node:crypto';
import {
  calculateJwkThumbprint, createLocalJWKSet, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify, SignJWT,
  type JWK, type JWTPayload,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App, type AuthOptions } from '../src/app.js';
import { parseConfiguredKeys, SigningKeyError, SigningKeys } from '../src/auth/signing-keys.js';
import { FieldCipher } from '../src/crypto/field-cipher.js';
import { inviteUser, randomAddress, TEST_PASSWORD } from './support/fixtures.js';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';

const cipher = new FieldCipher(randomBytes(32));
let api: TestApi;
beforeAll(async () => { api = await startTestApi({ cipher }); });
afterAll(() => api.close());

const TOKEN_TTL_SECONDS = 15 * 60;
const VIEWER = `{ viewer { user { id } organization { id } } }`;

/** Another instance over the same database and encryption key, with an empty key cache. */
const freshApp = (auth: AuthOptions = {}): App => createApp(api.db, { cipher, auth: { trustProxy: true, ...auth } });

async function post(app: App, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const response = await app.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-forwarded-for': randomAddress(), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
}

async function jwksOf(app: App) {
  const response = await app.fetch('http://test/.well-known/jwks.json');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/jwk-set+json');
  return (await response.json()) as { keys: JWK[] };
}

const kidOf = (token: string) => decodeProtectedHeader(token).kid;
const kidsOf = (jwks: { keys: JWK[] }) => jwks.keys.map((key) => key.kid).sort();

/** The viewer's user id when `app` accepts the token; fails the test with the error otherwise. */
async function userIdOn(app: App, token: string): Promise<string> {
  const response = await post(app, VIEWER, {}, { authorization: `Bearer ${token}` });
  expect(response.body.errors, `token refused: ${JSON.stringify(response.body.errors)}`).toBeUndefined();
  expect(response.status).toBe(200);
  return response.body.data.viewer.user.id;
}

/** A user of `tenant` who accepted their invitation through `app`; `accessToken` was signed by `app`. */
async function signUpOn(app: App, tenant: Tenant) {
  const user = await inviteUser(tenant, { role: 'ADMIN' });
  const response = await post(app, `mutation($input: AcceptInviteInput!) { acceptInvite(input: $input) { accessToken refreshToken } }`, {
    input: { token: user.invitationToken, password: TEST_PASSWORD },
  });
  expect(response.body.errors).toBeUndefined();
  return { ...user, ...(response.body.data.acceptInvite as { accessToken: string; refreshToken: string }) };
}

async function loginOn(app: App, email: string): Promise<string> {
  const response = await post(app, `mutation($input: LoginInput!) { login(input: $input) { accessToken } }`, { input: { email, password: TEST_PASSWORD } });
  expect(response.body.errors).toBeUndefined();
  return response.body.data.login.accessToken;
}

/** What a third-party service does with our JWKS: verify the token locally. */
const verifyAsThirdParty = (token: string, jwks: { keys: JWK[] }) =>
  jwtVerify(token, createLocalJWKSet(jwks), { issuer: 'itam', audience: 'itam-api', typ: 'at+jwt' });

/** Starts from a database without signing keys (each test sets up the key state it needs). */
const clearKeys = () => api.db.prisma.signingKey.deleteMany();

describe('keys kept in the database', () => {
  it('are generated on first use and stored with the private JWK encrypted', async () => {
    await clearKeys();
    const app = freshApp();
    const tenant = await api.tenant();
    await inviteUser(tenant);
    expect(await api.db.prisma.signingKey.count()).toBe(0);

    const user = await signUpOn(app, tenant);
    const rows = await api.db.prisma.signingKey.findMany();
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({ kid: kidOf(user.accessToken), algorithm: 'EdDSA', retiredAt: null });
    expect(row.privateJwk.startsWith('enc:v1:')).toBe(true);
    const privateJwk = JSON.parse(cipher.decrypt(row.privateJwk)) as JWK;
    expect(privateJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: row.kid });
    expect(privateJwk.d).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The private part is nowhere in clear: not in the encrypted column, not in the public one.
    const [stored] = await api.db.prisma.$queryRawUnsafe<{ row: string }[]>(`SELECT row_to_json(signing_keys)::text AS row FROM signing_keys`);
    expect(stored.row).not.toContain(privateJwk.d);
    expect(row.publicJwk).toEqual({ kty: 'OKP', crv: 'Ed25519', x: privateJwk.x, kid: row.kid, alg: 'EdDSA', use: 'sig' });
    // The kid is the key's RFC 7638 thumbprint.
    expect(row.kid).toBe(await calculateJwkThumbprint(privateJwk));
    // Another encryption key cannot read it.
    expect(() => new FieldCipher(randomBytes(32)).decrypt(row.privateJwk)).toThrow();
  });

  it('are generated once when several instances start together', async () => {
    await clearKeys();
    const apps = [freshApp(), freshApp(), freshApp()];
    const published = await Promise.all(apps.flatMap((app) => [jwksOf(app), jwksOf(app)]));
    expect(await api.db.prisma.signingKey.count()).toBe(1);
    for (const jwks of published) expect(jwks).toEqual(published[0]);
  });
});

describe('GET /.well-known/jwks.json', () => {
  it('lists the public key that signed the token: its kid, EdDSA, no private part', async () => {
    await clearKeys();
    const app = freshApp();
    const user = await signUpOn(app, await api.tenant());
    const jwks = await jwksOf(app);
    expect(jwks.keys).toHaveLength(1);
    const [key] = jwks.keys;
    expect(key).toEqual({ kty: 'OKP', crv: 'Ed25519', x: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), kid: kidOf(user.accessToken), alg: 'EdDSA', use: 'sig' });
    expect(key).not.toHaveProperty('d');
    expect(decodeProtectedHeader(user.accessToken)).toEqual({ alg: 'EdDSA', kid: key.kid, typ: 'at+jwt' });
  });

  it('verifies a token for a third-party service (jose createLocalJWKSet), and not a tampered one', async () => {
    await clearKeys();
    const app = freshApp();
    const tenant = await api.tenant();
    const user = await signUpOn(app, tenant);
    const { payload, protectedHeader } = await verifyAsThirdParty(user.accessToken, await jwksOf(app));
    expect(protectedHeader).toMatchObject({ alg: 'EdDSA', typ: 'at+jwt' });
    expect(payload).toMatchObject({ sub: user.id, org: tenant.organizationId, iss: 'itam', aud: 'itam-api' });
    expect(payload.exp! - payload.iat!).toBe(TOKEN_TTL_SECONDS);

    const [header, body, signature] = user.accessToken.split('.');
    const claims = decodeJwt(user.accessToken);
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: tenant.userId })).toString('base64url')}.${signature}`;
    await expect(verifyAsThirdParty(tampered, await jwksOf(app))).rejects.toThrow();
    expect(body).not.toBe(tampered.split('.')[1]);
  });
});

describe('several instances over one database', () => {
  it('share the key: a token from one is accepted by the other, both publish the same JWKS', async () => {
    await clearKeys();
    const [first, second] = [freshApp(), freshApp()];
    const user = await signUpOn(first, await api.tenant());
    expect(await userIdOn(second, user.accessToken)).toBe(user.id);

    const fromSecond = await loginOn(second, user.email);
    expect(kidOf(fromSecond)).toBe(kidOf(user.accessToken));
    expect(await userIdOn(first, fromSecond)).toBe(user.id);
    expect(await jwksOf(second)).toEqual(await jwksOf(first));
    expect(await api.db.prisma.signingKey.count()).toBe(1);
  });
});

describe('rotation', () => {
  // There is no CLI command for it: rotation goes through SigningKeys over the same database and
  // encryption key, as an operator script would.
  const rotate = () => new SigningKeys({ prisma: api.db.prisma, cipher }, TOKEN_TTL_SECONDS).rotate();

  it('adds a key and retires the old one: old tokens still verify, new tokens carry the new kid, JWKS lists both', async () => {
    await clearKeys();
    const before = freshApp();
    const user = await signUpOn(before, await api.tenant());
    const oldKid = kidOf(user.accessToken)!;

    const newKid = await rotate();
    expect(newKid).not.toBe(oldKid);
    const rows = await api.db.prisma.signingKey.findMany({ orderBy: { createdAt: 'asc' } });
    expect(rows.map((row) => [row.kid, row.retiredAt === null])).toEqual([[oldKid, false], [newKid, true]]);

    const after = freshApp();
    expect(await userIdOn(after, user.accessToken)).toBe(user.id);
    const newToken = await loginOn(after, user.email);
    expect(kidOf(newToken)).toBe(newKid);
    const jwks = await jwksOf(after);
    expect(kidsOf(jwks)).toEqual([oldKid, newKid].sort());
    expect(jwks.keys.every((key) => !('d' in key))).toBe(true);
    // A third party holding the new JWKS verifies both.
    await verifyAsThirdParty(user.accessToken, jwks);
    await verifyAsThirdParty(newToken, jwks);
    // An instance that has not reloaded yet meets an unknown kid and reloads: the new token works there too.
    expect(await userIdOn(before, newToken)).toBe(user.id);
    expect(await userIdOn(before, user.accessToken)).toBe(user.id);
  });

  it('drops a key retired longer ago than the token lifetime: gone from JWKS, its tokens refused', async () => {
    await clearKeys();
    const user = await signUpOn(freshApp(), await api.tenant());
    const oldKid = kidOf(user.accessToken)!;
    const newKid = await rotate();
    // Retired 10 minutes ago: still within a 15-minute token lifetime.
    await api.db.prisma.signingKey.update({ where: { kid: oldKid }, data: { retiredAt: new Date(Date.now() - 10 * 60_000) } });
    expect(kidsOf(await jwksOf(freshApp()))).toEqual([oldKid, newKid].sort());
    expect(await userIdOn(freshApp(), user.accessToken)).toBe(user.id);
    // … but past a 5-minute one.
    expect(kidsOf(await jwksOf(freshApp({ tokens: { ttlSeconds: 5 * 60 } })))).toEqual([newKid]);

    await api.db.prisma.signingKey.update({ where: { kid: oldKid }, data: { retiredAt: new Date(Date.now() - (TOKEN_TTL_SECONDS + 60) * 1000) } });
    const later = freshApp();
    expect(kidsOf(await jwksOf(later))).toEqual([newKid]);
    expect(decodeJwt(user.accessToken).exp! * 1000).toBeGreaterThan(Date.now()); // refused for its key, not its age
    const refused = await post(later, VIEWER, {}, { authorization: `Bearer ${user.accessToken}` });
    expect(refused.status).toBe(401);
    expect(refused.body.errors?.[0]).toMatchObject({ message: 'Invalid access token', extensions: { code: 'UNAUTHENTICATED', reason: 'invalid' } });
    // The row is kept (nothing deletes keys); new tokens use the current key.
    expect(await api.db.prisma.signingKey.count()).toBe(2);
    expect(kidOf(await loginOn(later, user.email))).toBe(newKid);
  });
});

describe('configured keys (JWT_SIGNING_KEYS)', () => {
  async function privateJwk(alg: 'EdDSA' | 'ES256', kid?: string): Promise<JWK> {
    const { privateKey } = await generateKeyPair(alg, { extractable: true });
    return { ...(await exportJWK(privateKey)), ...(kid && { kid }) };
  }

  it('sign with the first, verify with all, are published without private parts, and nothing is stored', async () => {
    await clearKeys();
    const signing = await privateJwk('EdDSA', 'configured-ed25519');
    const verifying = await privateJwk('ES256', 'configured-p256');
    const app = freshApp({ signingKeys: [signing, verifying] });
    const tenant = await api.tenant();
    const user = await signUpOn(app, tenant);
    expect(decodeProtectedHeader(user.accessToken)).toEqual({ alg: 'EdDSA', kid: 'configured-ed25519', typ: 'at+jwt' });

    const jwks = await jwksOf(app);
    expect(jwks.keys).toEqual([
      { kty: 'OKP', crv: 'Ed25519', x: signing.x, kid: 'configured-ed25519', alg: 'EdDSA', use: 'sig' },
      { kty: 'EC', crv: 'P-256', x: verifying.x, y: verifying.y, kid: 'configured-p256', alg: 'ES256', use: 'sig' },
    ]);
    await verifyAsThirdParty(user.accessToken, jwks);

    // A token signed by the second (verify-only) key, with the session's claims, is accepted.
    const { sub, org, sid } = decodeJwt(user.accessToken) as JWTPayload & { org: string; sid: string };
    const now = Math.floor(Date.now() / 1000);
    const bySecond = await new SignJWT({ org, sid })
      .setProtectedHeader({ alg: 'ES256', kid: 'configured-p256', typ: 'at+jwt' })
      .setSubject(sub!).setIssuer('itam').setAudience('itam-api').setIssuedAt(now).setNotBefore(now).setExpirationTime(now + 60)
      .sign(await crypto.subtle.importKey('jwk', verifying, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']));
    expect(await userIdOn(app, bySecond)).toBe(user.id);

    expect(await api.db.prisma.signingKey.count()).toBe(0);
    await expect(new SigningKeys({ configured: [signing] }, TOKEN_TTL_SECONDS).rotate()).rejects.toThrow(SigningKeyError);
  });

  it('a P-256 key signs ES256 tokens', async () => {
    const app = freshApp({ signingKeys: [await privateJwk('ES256', 'only-p256')] });
    const user = await signUpOn(app, await api.tenant());
    expect(decodeProtectedHeader(user.accessToken)).toMatchObject({ alg: 'ES256', kid: 'only-p256' });
    expect(await userIdOn(app, user.accessToken)).toBe(user.id);
    await verifyAsThirdParty(user.accessToken, await jwksOf(app));
  });

  it('a key without kid is named by its thumbprint (parseConfiguredKeys, and given to the app directly)', async () => {
    const jwk = await privateJwk('EdDSA');
    const thumbprint = await calculateJwkThumbprint(jwk);
    const [parsed] = await parseConfiguredKeys(JSON.stringify(jwk));
    expect(parsed.kid).toBe(thumbprint);
    expect((await parseConfiguredKeys(JSON.stringify({ keys: [jwk] })))[0].kid).toBe(thumbprint);

    const app = freshApp({ signingKeys: [jwk] });
    const user = await signUpOn(app, await api.tenant());
    expect(kidOf(user.accessToken)).toBe(thumbprint);
    expect(await userIdOn(app, user.accessToken)).toBe(user.id);
    expect(kidsOf(await jwksOf(app))).toEqual([thumbprint]);
  });

  it('an unsupported key (RSA, P-384), a public key or not JSON fails with a clear error', async () => {
    const rsa = await exportJWK((await generateKeyPair('RS256', { extractable: true })).privateKey);
    await expect(parseConfiguredKeys(JSON.stringify(rsa))).rejects.toThrow(SigningKeyError);
    await expect(parseConfiguredKeys(JSON.stringify(rsa))).rejects.toThrow('signing keys must be Ed25519 (OKP) or P-256 (EC) JWKs, got kty=RSA');
    const ed25519 = await privateJwk('EdDSA', 'fine');
    await expect(parseConfiguredKeys(JSON.stringify({ keys: [ed25519, rsa] }))).rejects.toThrow(/kty=RSA/);
    const p384 = await exportJWK((await generateKeyPair('ES384', { extractable: true })).privateKey);
    await expect(parseConfiguredKeys(JSON.stringify(p384))).rejects.toThrow(/kty=EC crv=P-384/);

    const { d: _d, ...publicOnly } = ed25519;
    await expect(parseConfiguredKeys(JSON.stringify(publicOnly))).rejects.toThrow('JWT_SIGNING_KEYS must hold private keys (with "d")');
    await expect(parseConfiguredKeys('{ not json')).rejects.toThrow(/not JSON/);
    await expect(parseConfiguredKeys(JSON.stringify({ keys: [] }))).rejects.toThrow(/no key/);
    for (const shape of ['null', '"a string"', '42', '{ "keys": "x" }', '{ "keys": [null] }']) {
      await expect(parseConfiguredKeys(shape), shape).rejects.toThrow(SigningKeyError);
    }
    // No error message repeats the private key.
    const failure = await parseConfiguredKeys(JSON.stringify(rsa)).catch((error: Error) => error.message);
    expect(failure).not.toContain(rsa.d!);
  });

  it('createApp with an unusable configured key fails at once, not at the first login', async () => {
    const rsa = await exportJWK((await generateKeyPair('RS256', { extractable: true })).privateKey);
    const cipher = new FieldCipher(randomBytes(32));
    expect(() => createApp(api.db, { cipher, auth: { signingKeys: [{ ...rsa, kid: 'rsa' }] } })).toThrow(/kty=RSA/);
    const { d: _d, ...publicOnly } = await privateJwk('EdDSA', 'public');
    expect(() => createApp(api.db, { cipher, auth: { signingKeys: [publicOnly] } })).toThrow(SigningKeyError);
  });
});
