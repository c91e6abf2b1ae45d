// The data generator (npm run seed): a few hundred generated assets, checked through the public
// GraphQL API — counts, tags and the tag counter, statuses against checkout histories, audit
// trails in time order, encrypted serials, users, keys, tenant isolation, determinism, --append.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../src/crypto/field-cipher.js';
import { generate, SeedRefusedError, type GenerateResult } from '../src/seed/generate.js';
import { startTestApi, type TestApi } from './support/test-api.js';

const AS_OF = new Date('2026-06-01T00:00:00Z');
const OPTIONS = { assets: 300, orgs: 2, seed: 7, asOf: AS_OF };

let api: TestApi;
let cipher: FieldCipher;
let seeded: GenerateResult;

beforeAll(async () => {
  cipher = new FieldCipher(randomBytes(32));
  // Budgets are not under test here: the checks below read whole (small) organizations at once.
  // The per-operation limits still hold.
  api = await startTestApi({ cipher, budgetStore: null });
  seeded = await generate(api.db, { ...OPTIONS, cipher });
}, 120_000);
afterAll(() => api?.close());

async function query<T = any>(key: string, text: string, variables: Record<string, unknown> = {}, on: TestApi = api): Promise<T> {
  const response = await on.gql<T>(text, variables, { authorization: `Bearer ${key}` });
  if (response.errors?.length) throw new Error(`unexpected errors: ${JSON.stringify(response.errors)}`);
  return response.data!;
}

interface AssetNode {
  id: string; assetTag: string; status: string; expectedReturn: string | null; serialNumber: string | null; createdAt: string;
  assignedUser: { id: string; status: string } | null;
  assignments: { totalCount: number; edges: { node: { checkedOutAt: string; checkedInAt: string | null; expectedReturn: string | null; user: { id: string } } }[] };
  auditEvents: { totalCount: number; edges: { node: { action: string; createdAt: string; changes: Record<string, { before: unknown; after: unknown }> } }[] };
}

const ASSETS = `query($first: Int!, $after: String) { assets(first: $first, after: $after, orderBy: { field: ASSET_TAG, direction: ASC }) { totalCount pageInfo { hasNextPage endCursor } edges { node {
  id assetTag status expectedReturn serialNumber createdAt assignedUser { id status }
  assignments(first: 20) { totalCount edges { node { checkedOutAt checkedInAt expectedReturn user { id } } } }
  auditEvents(first: 20) { totalCount edges { node { action createdAt changes } } }
} } } }`;

async function allAssets(key: string, on: TestApi = api): Promise<{ totalCount: number; nodes: AssetNode[] }> {
  // Pages of 100 (6,402 points each): the per-operation maximum of 10,000 holds with budgets off too.
  const nodes: AssetNode[] = [];
  let after: string | null = null;
  let data;
  do {
    data = await query(key, ASSETS, { first: 100, after }, on);
    nodes.push(...data.assets.edges.map((edge: { node: AssetNode }) => edge.node));
    after = data.assets.pageInfo.endCursor;
  } while (data.assets.pageInfo.hasNextPage);
  return { totalCount: data.assets.totalCount, nodes };
}

describe('generate', () => {
  it('reports what it wrote: two organizations sharing the assets, with keys', () => {
    expect(seeded.organizations).toHaveLength(2);
    expect(seeded.organizations.map((org) => org.assets)).toEqual([150, 150]);
    expect(seeded.rows.assets).toBe(300);
    expect(seeded.rows.audit_events).toBeGreaterThan(seeded.rows.assets + seeded.rows.assignments);
    for (const org of seeded.organizations) expect(org.writeKey).toMatch(/^sk_[0-9a-f]{56}$/);
    expect(seeded.totalRows).toBe(Object.values(seeded.rows).reduce((sum, n) => sum + n, 0));
  });

  it('gives each organization its people, sites, vendors and assets (counts through the API)', async () => {
    for (const org of seeded.organizations) {
      const data = await query(org.readKey, `{ assets { totalCount } users { totalCount } locations { totalCount } vendors { totalCount } }`);
      expect(data).toEqual({
        assets: { totalCount: 150 }, users: { totalCount: org.users }, locations: { totalCount: 50 }, vendors: { totalCount: 30 },
      });
    }
  });

  it('numbers assets IT-000001… per organization and sets the tag counter past them', async () => {
    const [first] = seeded.organizations;
    const { nodes } = await allAssets(first.readKey);
    expect(nodes.map((asset) => asset.assetTag)).toEqual(Array.from({ length: 150 }, (_, i) => `IT-${String(i + 1).padStart(6, '0')}`));
    // Tags follow creation time, as an app numbering its assets would.
    const created = nodes.map((asset) => asset.createdAt);
    expect(created).toEqual([...created].sort());
    const made = await query(first.writeKey, `mutation { createAsset(input: { name: "New laptop" }) { assetTag } }`);
    expect(made.createAsset.assetTag).toBe('IT-0151');
  });

  it('keeps status, assignee and expected return consistent with the open assignment', async () => {
    const { nodes } = await allAssets(seeded.organizations[1].readKey);
    const checkedOut = nodes.filter((asset) => asset.status === 'CHECKED_OUT');
    expect(checkedOut.length / nodes.length).toBeGreaterThan(0.18);
    expect(checkedOut.length / nodes.length).toBeLessThan(0.42);
    for (const asset of nodes) {
      const stints = asset.assignments.edges.map((edge) => edge.node);
      const open = stints.filter((stint) => stint.checkedInAt === null);
      if (asset.status === 'CHECKED_OUT') {
        expect(open).toHaveLength(1);
        expect(stints[0]).toBe(open[0]); // the newest one
        expect(asset.assignedUser).toEqual({ id: open[0].user.id, status: 'ACTIVE' });
        expect(asset.expectedReturn).toBe(open[0].expectedReturn);
      } else {
        expect(open).toEqual([]);
        expect(asset.assignedUser).toBeNull();
        expect(asset.expectedReturn).toBeNull();
      }
      if (asset.status === 'CHECKED_IN') expect(stints.length).toBeGreaterThan(0);
      for (const stint of stints) {
        expect(stint.checkedOutAt >= asset.createdAt).toBe(true);
        if (stint.checkedInAt) expect(stint.checkedInAt > stint.checkedOutAt).toBe(true);
      }
    }
    expect(new Set(nodes.map((asset) => asset.status))).toEqual(new Set(['ACTIVE', 'CHECKED_OUT', 'CHECKED_IN', 'MAINTENANCE', 'RETIRED']));
  });

  it('records each asset\'s history as audit events, newest first, in time order', async () => {
    const { nodes } = await allAssets(seeded.organizations[0].readKey);
    // Only generated assets (the test above made IT-0151 through the API).
    for (const asset of nodes.filter((node) => /^IT-\d{6}$/.test(node.assetTag))) {
      const events = asset.auditEvents.edges.map((edge) => edge.node);
      const stints = asset.assignments.edges.map((edge) => edge.node);
      expect(events.at(-1)!.action).toBe('asset.created');
      expect(events.at(-1)!.createdAt).toBe(asset.createdAt);
      expect(events.filter((event) => event.action === 'asset.checked_out')).toHaveLength(stints.length);
      expect(events.filter((event) => event.action === 'asset.checked_in')).toHaveLength(stints.filter((stint) => stint.checkedInAt).length);
      const times = events.map((event) => event.createdAt);
      expect(times).toEqual([...times].sort().reverse());
      if (asset.status === 'CHECKED_OUT') expect(events[0].changes.status).toEqual({ before: expect.any(String), after: 'checked-out' });
    }
    // The organization's whole trail: sequence (the API's order) follows time.
    const trail = await query(seeded.organizations[0].readKey, `{ auditEvents(first: 1000, filter: { entityType: "Asset" }) { edges { node { createdAt } } } }`);
    const times = trail.auditEvents.edges.map((edge: { node: { createdAt: string } }) => edge.node.createdAt);
    expect(times.length).toBeGreaterThan(150);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('stores serial numbers encrypted with a working blind index', async () => {
    const org = seeded.organizations[0];
    const data = await query(org.writeKey, `{ assets(first: 20) { edges { node { id serialNumber secrets { serialNumber } } } } }`);
    const withSerial = data.assets.edges.map((edge: any) => edge.node).filter((node: any) => node.secrets.serialNumber);
    expect(withSerial.length).toBeGreaterThan(5);
    const sample = withSerial[0];
    expect(sample.serialNumber).toMatch(/^\*+.{4}$/);
    expect(sample.serialNumber.slice(-4)).toBe(sample.secrets.serialNumber.slice(-4));
    const found = await query(org.readKey, `query($s: String!) { assets(filter: { search: $s }) { edges { node { id } } } }`, { s: sample.secrets.serialNumber.toLowerCase() });
    expect(found.assets.edges.map((edge: any) => edge.node.id)).toContain(sample.id);
  });

  it('gives users unique lower-case emails, and keys that work as their scopes say', async () => {
    const [org, other] = seeded.organizations;
    const data = await query(org.readKey, `{ users(first: 1000) { edges { node { email role status } } } }`);
    const emails = data.users.edges.map((edge: any) => edge.node.email as string);
    expect(new Set(emails).size).toBe(emails.length);
    for (const email of emails) expect(email).toBe(email.toLowerCase());
    expect(emails).toContain(org.adminEmail);
    const denied = await api.gql(`mutation { createAsset(input: { name: "Nope" }) { id } }`, {}, { authorization: `Bearer ${org.readKey}` });
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // Another tenant's asset answers like a missing one.
    const theirs = await allAssets(other.readKey);
    const peek = await query(org.readKey, `query($id: UUID!) { asset(id: $id) { id } }`, { id: theirs.nodes[0].id });
    expect(peek.asset).toBeNull();
  });

  it('refuses a database that has organizations unless appending', async () => {
    await expect(generate(api.db, { ...OPTIONS, cipher })).rejects.toBeInstanceOf(SeedRefusedError);
    const appended = await generate(api.db, { ...OPTIONS, assets: 20, orgs: 1, cipher, append: true });
    expect(appended.organizations[0].name).not.toBe(seeded.organizations[0].name);
    const data = await query(appended.organizations[0].readKey, `{ assets { totalCount } }`);
    expect(data.assets.totalCount).toBe(20);
  });

  it('is deterministic: the same seed gives the same assets', async () => {
    const again = await startTestApi({ cipher, budgetStore: null });
    try {
      const twin = await generate(again.db, { ...OPTIONS, cipher });
      const shape = (nodes: AssetNode[]) => nodes.map(({ id, assetTag, status, createdAt, assignments }) => ({ id, assetTag, status, createdAt, stints: assignments.totalCount }));
      const original = await allAssets(seeded.organizations[1].readKey);
      const copy = await allAssets(twin.organizations[1].readKey, again);
      expect(shape(copy.nodes)).toEqual(shape(original.nodes));
    } finally {
      await again.close();
    }
  }, 60_000);
});

// The COPY path (PostgreSQL only): keys, indexes and foreign keys are dropped for the load and restored.
describe.runIf(process.env.TEST_DATABASE_URL)('generate with COPY on PostgreSQL', () => {
  it('restores every primary key, index and foreign key it dropped while loading', async () => {
    const pg = (await import('pg')).default;
    const { openDatabase } = await import('../src/db/database.js');
    const server = process.env.TEST_DATABASE_URL!;
    const name = `itam_seed_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(server);
    url.pathname = `/${name}`;
    const db = await openDatabase({ databaseUrl: url.toString(), dataDir: 'unused' });
    const schema = () => db.prisma.$queryRawUnsafe<{ definition: string }[]>(`
      SELECT pg_get_indexdef(indexrelid) AS definition FROM pg_index WHERE indrelid::regclass::text IN ('users', 'assets', 'assignments', 'audit_events')
      UNION ALL SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE contype IN ('f', 'p', 'u')
      ORDER BY 1`);
    try {
      const before = await schema();
      const result = await generate(db, { assets: 400, seed: 3, cipher, asOf: AS_OF, databaseUrl: url.toString(), rebuildIndexes: true });
      expect(result.writer).toBe('copy');
      expect(await schema()).toEqual(before);
      const [{ count }] = await db.prisma.$queryRawUnsafe<{ count: bigint }[]>(`SELECT count(*) FROM assets`);
      expect(Number(count)).toBe(400);
    } finally {
      await db.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }, 60_000);
});

describe('npm run seed (the compiled bundle, COPY into PostgreSQL)', () => {
  it('loads a fresh database and reports the rows it wrote', async () => {
    const { spawnSync } = await import('node:child_process');
    const path = (await import('node:path')).default;
    const pg = (await import('pg')).default;
    const { buildCompiled } = await import('./support/compiled-build.js');
    const server = process.env.TEST_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';
    const name = `itam_seed_compiled_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    const compiled = await buildCompiled('seed-test-');
    try {
      await admin.query(`CREATE DATABASE ${name}`);
      const url = new URL(server);
      url.pathname = `/${name}`;
      const run = spawnSync(process.execPath, [path.join(compiled.dir, 'seed.js'), '--assets', '300', '--seed', '5', '--json'], {
        env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: url.toString(), ENCRYPTION_KEY: randomBytes(32).toString('hex') },
        encoding: 'utf8',
      });
      expect(run.status, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout) as GenerateResult;
      expect(report.writer).toBe('copy');
      expect(report.rows.assets).toBe(300);
      // The phases add up to the whole run, and the load alone is at least as fast as the whole.
      const { loadSeconds, indexSeconds, analyzeSeconds } = report.phases;
      expect(loadSeconds).toBeGreaterThan(0);
      expect(loadSeconds + indexSeconds + analyzeSeconds).toBeLessThanOrEqual(report.seconds);
      expect(report.loadRowsPerSecond).toBeGreaterThanOrEqual(report.rowsPerSecond);
      const seededDb = new pg.Client({ connectionString: url.toString() });
      await seededDb.connect();
      const { rows: [counted] } = await seededDb.query<{ assets: number }>('SELECT count(*)::int AS assets FROM assets').finally(() => seededDb.end());
      expect(counted.assets).toBe(300);
    } finally {
      await compiled.remove();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }, 120_000);
});
