// The interactive API docs (GET /api/docs, Swagger UI) in headless Chromium against the app on a
// real port, following AssetIT's instructions (seed 004): exchange a client credential for a token,
// type `JWT <token>` into Authorize, and "Try it out" sends that header unchanged.
// Needs Debian's Chromium (/usr/bin/chromium; CI installs it). Without it the file is skipped —
// unless REQUIRE_BROWSER=1 (CI), where a missing browser fails the run.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, startBrowserSession, type ServedApp } from './support/browser.js';
import { createAsset } from './support/fixtures.js';
import { rest } from './support/rest.js';
import type { Tenant, TestApi } from './support/test-api.js';

// Swagger UI renders the whole document on a busy 2-core machine: wait for it, not a fixed second.
const SLOW_PAGE = { timeout: 30_000 };

describe.skipIf(!browserAvailable)('GET /api/docs in a browser', () => {
  let api: TestApi;
  let tenant: Tenant;
  let served: ServedApp;
  let browser: Browser;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ api, served, browser, close } = await startBrowserSession({ auth: { trustProxy: false } }));
    tenant = await api.tenant();
  });
  afterAll(() => close?.());

  /** AssetIT's steps 1-5: a client credential exchanged at POST /api/auth/token for an access token. */
  async function assetItToken() {
    const { createClientCredential: issued } = await tenant.ok(`mutation { createClientCredential { clientId clientSecret } }`);
    const exchanged = await rest(api, 'POST', '/api/auth/token', {
      key: null, body: { client_id: issued.clientId, client_secret: issued.clientSecret }, headers: { 'x-forwarded-for': '10.9.8.7' },
    });
    expect(exchanged.status).toBe(200);
    return exchanged.body.access_token as string;
  }

  it('Authorize takes `JWT <token>` as typed and Try it out sends it unchanged: the list answers 200', async () => {
    const asset = await createAsset(tenant, { name: 'Typed in Swagger UI' });
    const token = await assetItToken();
    const page = await browser.newPage();
    const sent: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/assets') sent.push(request.headers().authorization ?? '(none)');
    });
    await page.goto(`${served.base}/api/docs`);
    await page.click('button.authorize', SLOW_PAGE);

    // AssetIT's step 6-7: the token, prefixed with "JWT ", into the Authorization header scheme.
    const scheme = page.locator('.auth-container', { hasText: 'authorizationHeader' });
    await scheme.locator('input').fill(`JWT ${token}`);
    await scheme.locator('button.authorize').click();
    await expect.poll(() => scheme.locator('h6').textContent(), SLOW_PAGE).toBe('Authorized');
    await scheme.locator('button.btn-done').click();

    const operation = page.locator('#operations-assets-RestListAssets');
    await operation.locator('.opblock-summary').click();
    await operation.locator('button.try-out__btn').click();
    await operation.locator('button.execute').click();
    await expect.poll(() => operation.locator('.live-responses-table tbody .response-col_status').first().textContent(), SLOW_PAGE).toBe('200');

    expect(sent).toEqual([`JWT ${token}`]);
    const body = await operation.locator('.live-responses-table .microlight').first().textContent();
    expect(body).toContain(asset.id);
  }, 120_000);

  it('lists the SenAsset /v1 routes under their own tag', async () => {
    const page = await browser.newPage();
    await page.goto(`${served.base}/api/docs`);
    await page.waitForSelector('#operations-tag-SenAsset', SLOW_PAGE);
    const paths = await page.locator('#operations-tag-SenAsset').locator('xpath=..').locator('.opblock-summary-path').allTextContents();
    expect(paths.map((path) => path.replace(/\u200b/g, ''))).toEqual(expect.arrayContaining(['/v1/assets', '/v1/users/{id}/assets', '/v1/webhooks/{id}']));
  }, 120_000);
});
