// GraphiQL in headless Chromium: the page loads its code from /graphiql/* (compressed files), the
// editor shows the example query, the editor workers start from their files, and GraphiQL fetches
// the schema. Needs Debian's Chromium (/usr/bin/chromium); skipped without it unless REQUIRE_BROWSER=1.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, startBrowserSession, type ServedApp } from './support/browser.js';

describe.skipIf(!browserAvailable)('GraphiQL (GET /graphql) in a browser', () => {
  let served: ServedApp;
  let browser: Browser;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ served, browser, close } = await startBrowserSession());
  });
  afterAll(() => close?.());

  it('renders the editor with the example query, starts its workers from /graphiql/ and introspects the schema', async () => {
    const page = await browser.newPage();
    const failed: string[] = [];
    const assets: { url: string; encoding: string | undefined }[] = [];
    const workers: string[] = [];
    page.on('requestfailed', (request) => failed.push(request.url()));
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/graphiql/')) assets.push({ url: response.url(), encoding: response.headers()['content-encoding'] });
    });
    page.on('worker', (worker) => workers.push(worker.url()));
    const problems: string[] = [];
    page.on('console', (message) => { if (['error', 'warning'].includes(message.type())) problems.push(message.text()); });
    page.on('pageerror', (error) => problems.push(error.message));
    const introspected = page.waitForRequest((request) => request.method() === 'POST' && /__schema/.test(request.postData() ?? ''), { timeout: 60_000 });

    await page.goto(`${served.base}/graphql`);
    await introspected;
    await expect.poll(() => page.locator('.graphiql-container').count(), { timeout: 60_000, interval: 200 }).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.view-lines').first().textContent(), { timeout: 60_000, interval: 200 }).toMatch(/query\s*Assets/);
    await expect.poll(() => workers.length, { timeout: 30_000, interval: 200 }).toBeGreaterThan(0);

    expect(failed).toEqual([]);
    expect(problems).toEqual([]);
    // The code came compressed (Chromium accepts brotli), from the files the build wrote.
    const script = assets.find(({ url }) => url.endsWith('/graphiql/graphiql.js'));
    expect(script?.encoding).toBe('br');
    expect(assets.some(({ url }) => url.endsWith('/graphiql/graphiql.css'))).toBe(true);
    // Each worker starts from a blob: script importing its file: the file was fetched.
    await expect.poll(() => assets.filter(({ url }) => url.endsWith('.worker.js')).length, { timeout: 30_000, interval: 200 }).toBeGreaterThan(0);
    await page.close();
  }, 180_000);
});
