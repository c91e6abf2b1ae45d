// The page invitation links open (GET /accept-invite), driven in headless Chromium against the app
// on a real port: the token from the URL fragment and the typed password go to
// POST /api/auth/accept-invite, and the user can log in afterwards.
// Needs Debian's Chromium (/usr/bin/chromium; CI installs it). Without it the file is skipped —
// unless REQUIRE_BROWSER=1 (CI), where a missing browser fails the run.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, startBrowserSession, type ServedApp } from './support/browser.js';
import { inviteUser, randomAddress } from './support/fixtures.js';
import type { Tenant, TestApi } from './support/test-api.js';

// The answer needs a scrypt hash on a busy 2-core machine: wait for it, not a fixed second.
const SLOW_SERVER = { timeout: 20_000, interval: 100 };

describe.skipIf(!browserAvailable)('GET /accept-invite in a browser', () => {
  let api: TestApi;
  let tenant: Tenant;
  let served: ServedApp;
  let browser: Browser;
  let close: () => Promise<void>;

  beforeAll(async () => {
    // The browser's requests all come from 127.0.0.1: no proxy header, so the per-IP limit is the socket's.
    ({ api, served, browser, close } = await startBrowserSession({ auth: { trustProxy: false } }));
    tenant = await api.tenant();
  });
  afterAll(() => close?.());

  const login = (email: string, password: string) =>
    api.gql(`mutation($input: LoginInput!) { login(input: $input) { accessToken } }`, { input: { email, password } }, { 'x-forwarded-for': randomAddress() });

  it('sets the password typed on the page; the link is spent and the fragment cleared', async () => {
    const user = await inviteUser(tenant);
    const page = await browser.newPage();
    await page.goto(`${served.base}/accept-invite#token=${user.invitationToken}`);
    await page.fill('#password', 'typed in a browser');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('#result'), SLOW_SERVER).toBe('Your password is set. You can now sign in.');
    expect(new URL(page.url()).hash).toBe('');
    expect((await login(user.email, 'typed in a browser')).data.login.accessToken).toBeTruthy();

    // The same link again: the server's refusal is shown.
    await page.goto(`${served.base}/accept-invite#token=${user.invitationToken}`);
    await page.fill('#password', 'another password here');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('#result'), SLOW_SERVER).toBe('Invalid or expired invitation: ask an admin for a new one');
    await page.close();
  });

  it('a password under 12 characters is stopped in the page; nothing is sent, the invitation stays valid', async () => {
    const user = await inviteUser(tenant);
    const page = await browser.newPage();
    const posts: string[] = [];
    page.on('request', (request) => { if (request.method() === 'POST') posts.push(request.url()); });
    await page.goto(`${served.base}/accept-invite#token=${user.invitationToken}`);
    await page.fill('#password', 'too short');
    await page.click('button[type=submit]');
    expect(await page.$eval('#password', (input: HTMLInputElement) => input.validity.tooShort)).toBe(true);
    expect(posts).toEqual([]);
    expect(await api.db.prisma.invitation.count({ where: { userId: user.id, acceptedAt: null } })).toBe(1);
    await page.close();
  });

  it('without a token in the link, says so', async () => {
    const page = await browser.newPage();
    await page.goto(`${served.base}/accept-invite`);
    expect(await page.textContent('#result')).toBe('This link has no invitation token: open the link from your invitation e-mail.');
    await page.close();
  });
});
