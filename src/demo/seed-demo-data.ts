// Demo data for a first start on an empty database, written through the public GraphQL API (so it
// has the same rules and audit history as anything a client writes): locations, vendors, users,
// ~200 assets, and checkouts/checkins. Deterministic: the same data on every machine.
import type { App } from '../app.js';
import { bootstrapOrganization, type BootstrapResult } from '../auth/key-admin.js';
import type { PrismaClient } from '../generated/prisma/client.js';

const ASSET_COUNT = 200;
const BATCH = 25;

const LOCATIONS = [
  { name: 'Sydney HQ', type: 'Office', address: '123 Pitt St, Sydney NSW 2000', lat: -33.8688, lng: 151.2093 },
  { name: 'Melbourne Office', type: 'Office', address: '1 Collins St, Melbourne VIC 3000', lat: -37.8136, lng: 144.9631 },
  { name: 'Auckland Warehouse', type: 'Warehouse', address: '50 Quay St, Auckland 1010', lat: -36.8485, lng: 174.7633 },
  { name: 'Remote', type: 'Remote' },
];
const VENDORS = [
  { name: 'Apple Inc.', category: 'Hardware', website: 'https://www.apple.com', riskRating: 'LOW', complianceStatus: 'COMPLIANT' },
  { name: 'Dell Technologies', category: 'Hardware', website: 'https://www.dell.com', riskRating: 'LOW', complianceStatus: 'COMPLIANT' },
  { name: 'Lenovo', category: 'Hardware', website: 'https://www.lenovo.com', riskRating: 'MEDIUM', complianceStatus: 'NOT_REVIEWED' },
  { name: 'Atlassian', category: 'ICT / Cloud & Hosting', website: 'https://www.atlassian.com', riskRating: 'MEDIUM', complianceStatus: 'COMPLIANT' },
  { name: 'Budget Gadgets Ltd', category: 'Accessories', riskRating: 'HIGH', complianceStatus: 'NON_COMPLIANT' },
];
const PEOPLE = [
  ['Alice Smith', 'Engineering'], ['Bob Jones', 'Engineering'], ['Carol White', 'Design'], ['Dan Brown', 'Sales'],
  ['Erin Green', 'Sales'], ['Frank Black', 'Finance'], ['Grace Hall', 'People'], ['Heidi King', 'Engineering'],
  ['Ivan Scott', 'Support'], ['Judy Adams', 'Support'], ['Mallory Young', 'Marketing'], ['Niaj Turner', 'Operations'],
];
const MODELS = [
  { category: 'Laptop', manufacturer: 'Apple', model: 'MacBook Pro 16" M3', value: 2499, vendor: 0 },
  { category: 'Laptop', manufacturer: 'Dell', model: 'XPS 13', value: 1799, vendor: 1 },
  { category: 'Laptop', manufacturer: 'Lenovo', model: 'ThinkPad X1 Carbon', value: 2199, vendor: 2 },
  { category: 'Monitor', manufacturer: 'Dell', model: 'UltraSharp U2723QE', value: 749, vendor: 1 },
  { category: 'Monitor', manufacturer: 'Apple', model: 'Studio Display', value: 1599, vendor: 0 },
  { category: 'Phone', manufacturer: 'Apple', model: 'iPhone 15', value: 1299, vendor: 0 },
  { category: 'Accessory', manufacturer: 'Generic', model: 'USB-C Dock', value: 189.5, vendor: 4 },
  { category: 'SaaS', manufacturer: 'Atlassian', model: 'Jira Cloud seat', value: 96, vendor: 3 },
];

/** A small seeded PRNG (mulberry32): demo data is the same on every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function isEmptyDatabase(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.organization.count()) === 0;
}

export async function seedDemoData(app: App, prisma: PrismaClient): Promise<BootstrapResult> {
  const tenant = await bootstrapOrganization(prisma, { org: 'Demo Company', email: 'admin@demo.example', name: 'Demo Admin', plan: 'business' });
  const rand = random(42);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)];

  /** Runs many mutations of one kind in one request (aliases); each is its own audited write. */
  async function batch(field: string, argTypes: Record<string, string>, calls: Record<string, unknown>[], selection = '{ id }') {
    const results: { id: string }[] = [];
    for (let start = 0; start < calls.length; start += BATCH) {
      const chunk = calls.slice(start, start + BATCH);
      const names = Object.keys(argTypes);
      const vars = chunk.flatMap((_, i) => names.map((name) => `$${name}${i}: ${argTypes[name]}`)).join(', ');
      const body = chunk.map((_, i) => `m${i}: ${field}(${names.map((name) => `${name}: $${name}${i}`).join(', ')}) ${selection}`).join('\n');
      const variables = Object.fromEntries(chunk.flatMap((call, i) => names.map((name) => [`${name}${i}`, call[name]])));
      const response = await app.fetch('http://demo/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.writeKey}` },
        body: JSON.stringify({ query: `mutation Seed(${vars}) {\n${body}\n}`, variables }),
      });
      const json = (await response.json()) as { data?: Record<string, { id: string }>; errors?: unknown[] };
      if (json.errors?.length) throw new Error(`demo data: ${field} failed: ${JSON.stringify(json.errors[0])}`);
      results.push(...chunk.map((_, i) => json.data![`m${i}`]).map((row) => ('user' in row ? (row.user as { id: string }) : row)));
    }
    return results;
  }

  const locations = await batch('createLocation', { input: 'CreateLocationInput!' }, LOCATIONS.map((input) => ({ input })));
  const vendors = await batch('createVendor', { input: 'CreateVendorInput!' }, VENDORS.map((input) => ({ input })));
  const users = await batch('inviteUser', { input: 'InviteUserInput!' }, PEOPLE.map(([name, department], i) => ({
    input: { name, department, email: `${name.split(' ')[0].toLowerCase()}@demo.example`, role: i === 0 ? 'ADMIN' : 'USER', sendInvitation: false },
  })), '{ user { id } }');

  const day = 86_400_000;
  const assets = await batch('createAsset', { input: 'CreateAssetInput!' }, Array.from({ length: ASSET_COUNT }, (_, i) => {
    const model = pick(MODELS);
    const purchased = new Date(Date.UTC(2023, 0, 1) + Math.floor(rand() * 900) * day);
    return { input: {
      name: `${model.manufacturer} ${model.model}`,
      category: model.category,
      manufacturer: model.manufacturer,
      model: model.model,
      value: model.value,
      serialNumber: model.category === 'SaaS' ? null : `SN${(100000 + i * 7919).toString(36).toUpperCase()}`,
      purchaseDate: purchased.toISOString().slice(0, 10),
      warrantyExpiry: model.category === 'SaaS' ? null : new Date(purchased.getTime() + 3 * 365 * day).toISOString().slice(0, 10),
      locationId: pick(locations).id,
      vendorId: vendors[model.vendor].id,
      ownerId: rand() < 0.3 ? pick(users).id : null,
      customFields: model.category === 'Laptop' ? { ram_gb: pick([16, 32, 64]), encrypted: true } : {},
    } };
  }));

  // History: 80 checkouts, a third of them returned and some of those handed out again.
  const checkedOut = assets.slice(0, 80);
  const inFuture = new Date(Date.now() + 90 * day).toISOString().slice(0, 10);
  await batch('checkoutAsset', { input: 'CheckoutAssetInput!' }, checkedOut.map((asset) => ({ input: { assetId: asset.id, userId: pick(users).id, expectedReturn: inFuture } })));
  const returned = checkedOut.filter((_, i) => i % 3 === 0);
  await batch('checkinAsset', { assetId: 'UUID!' }, returned.map((asset) => ({ assetId: asset.id })));
  await batch('checkoutAsset', { input: 'CheckoutAssetInput!' }, returned.filter((_, i) => i % 2 === 0).map((asset) => ({ input: { assetId: asset.id, userId: pick(users).id } })));
  // A few assets in maintenance and retired.
  const setStatus = (status: string) => (asset: { id: string }) => ({ id: asset.id, input: { status } });
  await batch('updateAsset', { id: 'UUID!', input: 'UpdateAssetInput!' }, [
    ...assets.slice(180, 190).map(setStatus('MAINTENANCE')),
    ...assets.slice(190, 200).map(setStatus('RETIRED')),
  ]);
  return tenant;
}
