// Headless Debian Chromium for the browser specs, and the app on a real port for it to open.
// Without /usr/bin/chromium a browser spec is skipped (describe.skipIf(!browserAvailable)) —
// unless REQUIRE_BROWSER=1 (CI), where a missing browser fails the run.
import { existsSync } from 'node:fs';
import type { AppOptions } from '../../src/app.js';
import { chromium, type Browser } from 'playwright-core';
import { serveOnPort, type ServedApp } from './node-http.js';
import { startTestApi, type TestApi } from './test-api.js';

export { serveOnPort, type ServedApp };

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const browserAvailable = existsSync(CHROMIUM);
if (!browserAvailable && process.env.REQUIRE_BROWSER === '1') throw new Error(`REQUIRE_BROWSER=1 but there is no browser at ${CHROMIUM}`);

/** The flags this machine's closed network needs (no background connections, no sandbox as root). */
export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });


export interface BrowserSession {
  api: TestApi;
  served: ServedApp;
  browser: Browser;
  close(): Promise<void>;
}

/** A test API on a free port and a browser to open it; `close` ends all three (what was opened, on failure). */
export async function startBrowserSession(options: Partial<AppOptions> = {}): Promise<BrowserSession> {
  const api = await startTestApi(options);
  let served: ServedApp | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await served?.close();
    await api.close();
  };
  try {
    served = await serveOnPort(api.app);
    browser = await launchBrowser();
  } catch (error) {
    await close();
    throw error;
  }
  return { api, served, browser, close };
}
