// GraphiQL at first click (demo mode): the page opens with the demo read key in its headers and
// tabs of example operations; run in headless Chromium, the default tab answers with data.
// Outside demo mode the page carries no key. Needs Debian's Chromium (see accept-invite-page.test.ts).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, serveOnPort, type ServedApp } from './support/browser.js';
import { demoCheckoutIds, demoGraphiQLOptions } from '../src/demo/graphiql-tabs.js';
import { checkoutAsset, createAsset, inviteUser } from './support/fixtures.js';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';

let api: TestApi;
let tenant: Tenant;
let demo: ReturnType<typeof demoGraphiQLOptions> = {};
beforeAll(async () => {
  api = await startTestApi({ graphiql: () => demo });
  tenant = await api.tenant('Demo Company');
  const user = await inviteUser(tenant);
  const laptop = await createAsset(tenant, { name: 'ThinkPad X1', category: 'Laptop' });
  await checkoutAsset(tenant, laptop.id, user.id);
  await createAsset(tenant, { name: 'Spare monitor', category: 'Monitor' });
  const ids = await demoCheckoutIds(async (url, init) => api.app.fetch(url, init), tenant.readKey);
  expect(ids).not.toBeNull();
  demo = demoGraphiQLOptions({ readKey: tenant.readKey, writeKey: tenant.writeKey }, ids);
});
afterAll(() => api?.close());

const page = async () => (await api.app.fetch('http://test/graphql', { headers: { accept: 'text/html' } })).text();

describe('GET /graphql (GraphiQL)', () => {
  it('in demo mode carries the read key and four example tabs, each valid against the schema', async () => {
    const html = await page();
    expect(html).toContain(`Bearer ${tenant.readKey}`);
    expect(demo.defaultTabs!.map((tab) => /^(query|mutation) (\w+)/m.exec(tab.query!)![2])).toEqual(['CheckedOutLaptops', 'Checkout', 'AuditTrail', 'Budget']);
    for (const tab of demo.defaultTabs!) {
      const key = JSON.parse(tab.headers!).Authorization.slice('Bearer '.length);
      const response = await api.gql(tab.query!, tab.variables ? JSON.parse(tab.variables) : {}, { authorization: `Bearer ${key}` });
      expect(response.errors, tab.query!).toBeUndefined();
    }
  });

  it('outside demo mode carries no key', async () => {
    const saved = demo;
    demo = {};
    try {
      expect(await page()).not.toMatch(/sk_[0-9a-f]{8}/);
    } finally {
      demo = saved;
    }
  });
});

describe.skipIf(!browserAvailable)('GraphiQL in a browser', () => {
  let served: ServedApp;
  let browser: Browser;
  beforeAll(async () => {
    served = await serveOnPort(api.app);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('runs the default tab at first click and shows data', async () => {
    const tab = await browser.newPage();
    await tab.goto(`${served.base}/graphql`);
    await tab.locator('.graphiql-execute-button').click({ timeout: 60_000 });
    // The editor renders spaces as no-break spaces.
    const shown = async () => (await tab.locator('.graphiql-response').innerText()).replace(/\s+/g, ' ');
    await expect.poll(shown, { timeout: 45_000, interval: 250 }).toContain('"name": "ThinkPad X1"');
    await tab.close();
  }, 120_000);
});
