// Specification of invitations (issue #5) through GraphQL: inviteUser returns the link to the
// admin and e-mails it through SMTP (or logs it without SMTP); the invited user sets a password
// with acceptInvite — once, within 7 days, at least 12 characters — and is logged in;
// resendInvitation replaces the earlier link. Secrets never reach the audit trail.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { createMailer } from '../src/auth/mailer.js';
import { FieldCipher } from '../src/crypto/field-cipher.js';
import { auditTrail, randomAddress, signedUpUser, TEST_PASSWORD } from './support/fixtures.js';
import { startTestApi, type GraphQLResponse, type Tenant, type TestApi } from './support/test-api.js';
import { onlyError } from './support/assertions.js';

const PUBLIC_URL = 'https://itam.example.com';
const FROM = 'itam@test';
const DAY_MS = 24 * 60 * 60 * 1000;
const INVALID_INVITATION = 'Invalid or expired invitation: ask an admin for a new one';

/** Lines the app's mailer logged (no SMTP_URL). */
const logged: string[] = [];
const cipher = new FieldCipher(randomBytes(32));
let api: TestApi;
let tenant: Tenant;
beforeAll(async () => {
  api = await startTestApi({ cipher, auth: { publicUrl: PUBLIC_URL, mailer: createMailer({ from: FROM, log: (line) => logged.push(line) }) } });
  tenant = await api.tenant();
});
afterAll(() => api?.close());

const SENT_FIELDS = 'url expiresAt delivery';
const INVITE = `mutation($input: InviteUserInput!) { inviteUser(input: $input) { user { id email status } invitation { ${SENT_FIELDS} } } }`;
const RESEND = `mutation($userId: UUID!) { resendInvitation(userId: $userId) { ${SENT_FIELDS} } }`;
const ACCEPT = `mutation($input: AcceptInviteInput!) { acceptInvite(input: $input) { accessToken refreshToken expiresIn } }`;
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { accessToken } }`;
const VIEWER = `{ viewer { user { id } } }`;

interface Sent { url: string; expiresAt: string; delivery: 'EMAIL' | 'LOG' | 'FAILED' }
interface Invited { user: { id: string; email: string; status: string }; invitation: Sent }

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const newEmail = () => `invitee-${randomUUID().slice(0, 8)}@example.com`;
const tokenOf = (url: string) => new URL(url).hash.replace(/^#token=/, '');

/** An operation on `app`, another app on the test database. */
async function post(app: App, query: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<GraphQLResponse> {
  const response = await app.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: GraphQLResponse['errors'] };
  return { status: response.status, headers: response.headers, data: body.data ?? undefined, errors: body.errors };
}

async function invite(input: Record<string, unknown> = {}, app?: App): Promise<Invited> {
  const variables = { input: { email: newEmail(), ...input } };
  const response = app ? await post(app, INVITE, variables, { authorization: `Bearer ${tenant.writeKey}` }) : await tenant.gql(INVITE, variables);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data.inviteUser;
}

async function resend(userId: string, app?: App): Promise<Sent> {
  const response = app ? await post(app, RESEND, { userId }, { authorization: `Bearer ${tenant.writeKey}` }) : await tenant.gql(RESEND, { userId });
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data.resendInvitation;
}

/** acceptInvite from a fresh address (auth mutations are limited per address). */
const accept = (token: string, password = TEST_PASSWORD) => api.gql(ACCEPT, { input: { token, password } }, { 'x-forwarded-for': randomAddress() });
const login = (email: string, password: string) => api.gql(LOGIN, { input: { email, password } }, { 'x-forwarded-for': randomAddress() });
const viewer = (accessToken: string) => api.gql(VIEWER, {}, { authorization: `Bearer ${accessToken}`, 'x-forwarded-for': randomAddress() });

function expectAccepted(response: GraphQLResponse) {
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  expect(response.data.acceptInvite).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.stringMatching(/^rt_/), expiresIn: 900 });
  return response.data.acceptInvite as { accessToken: string; refreshToken: string; expiresIn: number };
}

function expectInvalidInvitation(response: GraphQLResponse) {
  expect(response.status).toBe(401);
  expect(onlyError(response)).toMatchObject({ message: INVALID_INVITATION, extensions: { code: 'UNAUTHENTICATED' } });
  expect(response.data?.acceptInvite ?? null).toBeNull();
}

/** A link to this deployment's accept page, the token in the fragment. */
function expectLink(sent: Sent) {
  expect(sent.url).toMatch(new RegExp(`^${PUBLIC_URL}/accept-invite#token=inv_[0-9a-f]{64}$`));
}

/** The stored password hash of a user (null until an invitation is accepted). */
async function passwordHashOf(userId: string) {
  return (await api.db.prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } })).passwordHash;
}

const invitationRow = (token: string) => api.db.prisma.invitation.findUniqueOrThrow({ where: { tokenHash: sha256(token) } });

/** A local SMTP server that accepts anything and keeps what it received. */
async function startSmtpServer() {
  const received: { from: string | null; to: string[]; raw: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const { mailFrom, rcptTo } = session.envelope;
        received.push({ from: mailFrom ? mailFrom.address : null, to: rcptTo.map((rcpt) => rcpt.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A port nothing listens on (it was free a moment ago). */
async function unusedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The headers and decoded text of a single-part message as it came over SMTP. */
function parseMessage(raw: string) {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' '); // unfold
  const headers = Object.fromEntries(head.split('\r\n').map((line) => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
  }));
  let body = raw.slice(split + 4);
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    body = Buffer.from(bytes, 'latin1').toString('utf8');
  } else if (encoding === 'base64') {
    body = Buffer.from(body, 'base64').toString('utf8');
  }
  return { headers, text: body };
}

describe('inviteUser', () => {
  it('without SMTP: returns the link to the admin (delivery LOG) and logs the message with it', async () => {
    const before = Date.now();
    const { user, invitation } = await invite();
    expectLink(invitation);
    expect(invitation.delivery).toBe('LOG');
    // Valid 7 days.
    const expiresAt = Date.parse(invitation.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 7 * DAY_MS - 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 7 * DAY_MS + 1000);

    const lines = logged.filter((line) => line.includes(invitation.url));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(user.email);
    expect(user.status).toBe('ACTIVE');
    expect(await passwordHashOf(user.id)).toBeNull();
  });

  it('keeps only the SHA-256 of the token', async () => {
    const { user, invitation } = await invite();
    const token = tokenOf(invitation.url);
    const rows = await api.db.prisma.invitation.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0].tokenHash).toBe(sha256(token));
    expect(JSON.stringify(rows)).not.toContain(token.slice(4));
  });

  describe('with SMTP', () => {
    let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
    let mailing: App;
    beforeAll(async () => {
      smtp = await startSmtpServer();
      // Another app on the test database, mailing through the local server.
      mailing = createApp(api.db, { cipher, auth: { trustProxy: true, publicUrl: PUBLIC_URL, mailer: createMailer({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: FROM }) } });
    });
    afterAll(() => smtp?.close());

    it("e-mails the link to the user's address (delivery EMAIL), and still returns it to the admin", async () => {
      const { user, invitation } = await invite({}, mailing);
      expect(invitation.delivery).toBe('EMAIL');
      expectLink(invitation);

      const messages = smtp.received.filter((message) => message.to.includes(user.email));
      expect(messages).toHaveLength(1);
      const [message] = messages;
      expect(message).toMatchObject({ from: FROM, to: [user.email] });
      const { headers, text } = parseMessage(message.raw);
      expect(headers.to).toContain(user.email);
      expect(headers.from).toContain(FROM);
      expect(headers.subject).toMatch(/^You are invited to /);
      expect(text).toContain(invitation.url);
      expect(logged.some((line) => line.includes(invitation.url))).toBe(false);

      // The mailed link works.
      expectAccepted(await accept(tokenOf(invitation.url)));
    });

    it('resendInvitation e-mails the new link too', async () => {
      const { user } = await invite({}, mailing);
      const sent = await resend(user.id, mailing);
      expect(sent.delivery).toBe('EMAIL');
      const texts = smtp.received.filter((message) => message.to.includes(user.email)).map((message) => parseMessage(message.raw).text);
      expect(texts).toHaveLength(2);
      expect(texts[1]).toContain(sent.url);
    });
  });

  it('SMTP down: delivery FAILED, the link is returned and works', async () => {
    const port = await unusedPort();
    const failing = createApp(api.db, { cipher, auth: { trustProxy: true, publicUrl: PUBLIC_URL, mailer: createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: FROM }) } });
    const { user, invitation } = await invite({}, failing);
    expect(invitation.delivery).toBe('FAILED');
    expectLink(invitation);
    // The user was created all the same.
    const data = await tenant.ok(`query($id: UUID!) { user(id: $id) { id status } }`, { id: user.id });
    expect(data.user).toEqual({ id: user.id, status: 'ACTIVE' });

    const { accessToken } = expectAccepted(await accept(tokenOf(invitation.url)));
    expect((await viewer(accessToken)).data.viewer.user.id).toBe(user.id);
  });
});

describe('acceptInvite', () => {
  it('sets the password and logs the user in', async () => {
    const { user, invitation } = await invite();
    const { accessToken } = expectAccepted(await accept(tokenOf(invitation.url)));
    expect((await viewer(accessToken)).data.viewer.user.id).toBe(user.id);
    expect((await passwordHashOf(user.id))?.startsWith('scrypt$')).toBe(true);
    const data = await tenant.ok(`query($id: UUID!) { user(id: $id) { lastLoginAt } }`, { id: user.id });
    expect(data.user.lastLoginAt).toEqual(expect.any(String));

    const loggedIn = await login(user.email, TEST_PASSWORD);
    expect(loggedIn.errors).toBeUndefined();
    expect(loggedIn.data.login.accessToken).toEqual(expect.any(String));
  });

  it('is single use: a second acceptance is 401 and the first password stays', async () => {
    const { user, invitation } = await invite();
    const token = tokenOf(invitation.url);
    expectAccepted(await accept(token));
    const hash = await passwordHashOf(user.id);

    expectInvalidInvitation(await accept(token, 'another password of mine'));
    expect(await passwordHashOf(user.id)).toBe(hash);
    expect((await login(user.email, 'another password of mine')).status).toBe(401);
  });

  it('expires after 7 days', async () => {
    const { invitation } = await invite();
    const token = tokenOf(invitation.url);
    const row = await invitationRow(token);
    // Seven days later is the same as the expiry moved seven days back.
    await api.db.prisma.invitation.update({ where: { id: row.id }, data: { expiresAt: new Date(row.expiresAt.getTime() - 7 * DAY_MS) } });
    expectInvalidInvitation(await accept(token));

    // A minute before the end it still works.
    const { invitation: fresh } = await invite();
    const freshRow = await invitationRow(tokenOf(fresh.url));
    await api.db.prisma.invitation.update({ where: { id: freshRow.id }, data: { expiresAt: new Date(Date.now() + 60_000) } });
    expectAccepted(await accept(tokenOf(fresh.url)));
  });

  it('a password shorter than 12 characters: BAD_USER_INPUT naming password, and nothing changes', async () => {
    const { user, invitation } = await invite();
    const token = tokenOf(invitation.url);
    const row = await invitationRow(token);

    const response = await accept(token, 'elevenchars');
    expect(response.status).toBe(200);
    expect(onlyError(response).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
    expect(response.data?.acceptInvite ?? null).toBeNull();
    expect(await passwordHashOf(user.id)).toBeNull();
    expect(await invitationRow(token)).toEqual(row);
    expect(await api.db.prisma.refreshToken.count({ where: { userId: user.id } })).toBe(0);
    // The first invitation is part of user.invited; the refused acceptance added nothing.
    expect(await auditTrail(tenant, row.id)).toEqual([]);

    // Twelve characters will do, with the same link.
    expectAccepted(await accept(token, 'twelve chars'));
  });

  it('a blank password or one over 256 characters: BAD_USER_INPUT naming password', async () => {
    const { user, invitation } = await invite();
    for (const password of [' '.repeat(12), 'x'.repeat(257)]) {
      expect(onlyError(await accept(tokenOf(invitation.url), password)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
    }
    expect(await passwordHashOf(user.id)).toBeNull();
  });

  it('an unknown token: 401; a blank one: BAD_USER_INPUT naming token', async () => {
    expectInvalidInvitation(await accept(`inv_${'0'.repeat(64)}`));
    expect(onlyError(await accept('  ')).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token' });
  });

  it('for a user deactivated since the invitation: 401', async () => {
    const { user, invitation } = await invite();
    await tenant.ok(`mutation($id: UUID!) { deactivateUser(id: $id) { id } }`, { id: user.id });
    expectInvalidInvitation(await accept(tokenOf(invitation.url)));
    expect(await passwordHashOf(user.id)).toBeNull();
  });

  it('is audited as user.invitation_accepted, acting as the user, with no token, hash or password in changes', async () => {
    const { user, invitation } = await invite();
    const token = tokenOf(invitation.url);
    const row = await invitationRow(token);
    expectAccepted(await accept(token));
    const passwordHash = (await passwordHashOf(user.id))!;

    const trail = await auditTrail(tenant, row.id);
    // A first invitation is recorded by the user.invited event; its acceptance by its own.
    expect(trail.map((event) => event.action)).toEqual(['user.invitation_accepted']);
    const accepted = trail[0];
    expect(accepted).toMatchObject({ entityType: 'Invitation', entityId: row.id, source: 'GRAPHQL', actorUser: { id: user.id }, actorApiKeyId: null });
    expect(accepted.changes).toEqual({ acceptedAt: { before: null, after: expect.any(String) } });
    for (const event of trail) {
      const changes = JSON.stringify(event.changes);
      for (const secret of [token, token.slice(4), sha256(token), passwordHash, TEST_PASSWORD]) expect(changes).not.toContain(secret);
    }
  });
});

describe('resendInvitation', () => {
  it('supersedes the earlier link: the old one is 401, the new one works', async () => {
    const { user, invitation } = await invite();
    const sent = await resend(user.id);
    expectLink(sent);
    expect(sent.url).not.toBe(invitation.url);
    expect(sent.delivery).toBe('LOG');
    expect(logged.some((line) => line.includes(sent.url) && line.includes(user.email))).toBe(true);

    expectInvalidInvitation(await accept(tokenOf(invitation.url)));
    expectAccepted(await accept(tokenOf(sent.url)));
  });

  it('resets a forgotten password: the new link sets a new one', async () => {
    const user = await signedUpUser(api, tenant);
    const sent = await resend(user.id);
    expectAccepted(await accept(tokenOf(sent.url), 'my brand new passphrase'));
    expect((await login(user.email, TEST_PASSWORD)).status).toBe(401);
    expect((await login(user.email, 'my brand new passphrase')).errors).toBeUndefined();
  });

  it('a reset ends the sessions started with the old password (refresh and access tokens)', async () => {
    const user = await signedUpUser(api, tenant);
    const before = await api.gql(`{ viewer { user { id } } }`, {}, { authorization: `Bearer ${user.accessToken}`, 'x-forwarded-for': randomAddress() });
    expect(before.data.viewer.user.id).toBe(user.id);
    expectAccepted(await accept(tokenOf((await resend(user.id)).url), 'a reset passphrase'));
    const after = await api.gql(`{ viewer { user { id } } }`, {}, { authorization: `Bearer ${user.accessToken}`, 'x-forwarded-for': randomAddress() });
    expect(after.status).toBe(401);
    const refreshed = await api.gql(`mutation($t: String!) { refreshAccessToken(refreshToken: $t) { accessToken } }`, { t: user.refreshToken }, { 'x-forwarded-for': randomAddress() });
    expect(refreshed.status).toBe(401);
    expect(await api.db.prisma.refreshToken.count({ where: { userId: user.id, revokedAt: null } })).toBe(1);
  });

  it('is for admins with a write credential: FORBIDDEN otherwise, and nothing changes', async () => {
    const { user, invitation } = await invite();
    const member = await signedUpUser(api, tenant, { role: 'USER' });
    for (const headers of [
      { authorization: `Bearer ${member.accessToken}` },
      { authorization: `Bearer ${tenant.readKey}` },
    ]) {
      const response = await api.gql(RESEND, { userId: user.id }, { ...headers, 'x-forwarded-for': randomAddress() });
      expect(onlyError(response).extensions?.code).toBe('FORBIDDEN');
      expect(response.data?.resendInvitation ?? null).toBeNull();
    }
    expect(await api.db.prisma.invitation.count({ where: { userId: user.id } })).toBe(1);
    expectAccepted(await accept(tokenOf(invitation.url)));
  });

  it('an unknown user: NOT_FOUND', async () => {
    const response = await tenant.gql(RESEND, { userId: randomUUID() });
    expect(onlyError(response).extensions?.code).toBe('NOT_FOUND');
  });
});

describe('GET /accept-invite (the page invitation links open)', () => {
  it('serves a form that posts the fragment token and the password to POST /api/auth/accept-invite, unframeable', async () => {
    const response = await api.app.fetch('http://test/accept-invite');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await response.text();
    expect(html).toContain('<input id="password" name="password" type="password" minlength="12"');
    expect(html).toContain("location.hash");
    expect(html).toContain("fetch('/api/auth/accept-invite'");
  });
});
