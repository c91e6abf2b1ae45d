// `search` must not scan the table: the SQL sent for a search (compiled, src/graphql/compiled/) is
// served by the trigram indexes once a table is large enough for the planner to care (checked with EXPLAIN).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlStatement } from '../src/db/database.js';
import { startTestApi, type TestApi } from './support/test-api.js';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(() => api.close());

// Enough rows, wide enough (1.5 kB each, below the TOAST threshold), that a scan costs more than
// the index on both databases; small enough to insert in seconds on PGlite.
const ROWS = 20_000;
const WIDE = `repeat(md5(g::text), 47)`;

/** The recorded statement with its arguments inlined as literals, ready for EXPLAIN. */
function inline({ sql, args }: SqlStatement): string {
  return sql.replace(/\$(\d+)/g, (_, n) => `'${String(args[Number(n) - 1]).replace(/'/g, "''")}'`);
}

async function planOf(tenantSearch: () => Promise<unknown>, table: string) {
  const statements = await api.recordSql(tenantSearch);
  const search = statements.find((s) => new RegExp(`FROM "(public"\\.")?${table}"`).test(s.sql) && s.sql.includes('ILIKE'));
  expect(search, `no ILIKE search on ${table} was sent`).toBeDefined();
  const rows = await api.db.prisma.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(`EXPLAIN ${inline(search!)}`);
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

describe('search uses the trigram indexes', () => {
  it('assets: name and asset tag by trigram, serial number by its blind index', async () => {
    const tenant = await api.tenant();
    await api.db.prisma.$executeRawUnsafe(`
      INSERT INTO assets (id, organization_id, asset_tag, name, serial_number_hash, notes, updated_at)
      SELECT gen_random_uuid(), '${tenant.organizationId}', 'T-' || g, 'Laptop ' || md5(g::text), md5((g * 7)::text), ${WIDE}, now()
      FROM generate_series(1, ${ROWS}) g`);
    await api.db.prisma.$executeRawUnsafe('ANALYZE assets');
    const plan = await planOf(() => tenant.ok(`{ assets(first: 20, filter: { search: "c0ffee" }) { totalCount edges { node { id } } } }`), 'assets');
    expect(plan).toContain('assets_name_trgm');
    expect(plan).toContain('assets_asset_tag_trgm');
    expect(plan).toContain('assets_organization_id_serial_number_hash_idx');
    expect(plan).not.toMatch(/Seq Scan on assets/);
  }, 120_000);

  it('users: name and email', async () => {
    const tenant = await api.tenant();
    await api.db.prisma.$executeRawUnsafe(`
      INSERT INTO users (id, organization_id, name, email, department, updated_at)
      SELECT gen_random_uuid(), '${tenant.organizationId}', 'Person ' || md5(g::text), md5(g::text) || '@example.com', ${WIDE}, now()
      FROM generate_series(1, ${ROWS}) g`);
    await api.db.prisma.$executeRawUnsafe('ANALYZE users');
    const plan = await planOf(() => tenant.ok(`{ users(first: 20, filter: { search: "c0ffee" }) { edges { node { id } } } }`), 'users');
    expect(plan).toContain('users_name_trgm');
    expect(plan).toContain('users_email_trgm');
    expect(plan).not.toMatch(/Seq Scan on users/);
  }, 120_000);
});
