// Keyset paging (src/graphql/keyset/): every root connection, in every order and both directions,
// walked page by page — over ties on the sort key and over null keys — returns each row exactly
// once and in the same order as one big page. Cursors are opaque, bound to their order, and a
// page after a cursor is a range condition, never OFFSET.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocation, createVendor, inviteUser } from './support/fixtures.js';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';

let api: TestApi;
let tenant: Tenant;

interface Page { edges: { cursor: string; node: { id: string } }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null } }

/** Every id of `field`(args) in one page of 1000. */
async function onePage(field: string, args: string): Promise<string[]> {
  const data = await tenant.ok(`{ ${field}(first: 1000${args}) { edges { node { id } } } }`);
  return data[field].edges.map((edge: { node: { id: string } }) => edge.node.id);
}

/** Walks `field` forwards (first/after) or backwards (last/before) in pages of `size`. */
async function walk(field: string, args: string, size: number, backward: boolean): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const paging = backward ? `last: ${size}${cursor ? `, before: "${cursor}"` : ''}` : `first: ${size}${cursor ? `, after: "${cursor}"` : ''}`;
    const data = await tenant.ok(`{ ${field}(${paging}${args}) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`);
    const page: Page = data[field];
    const pageIds = page.edges.map((edge) => edge.node.id);
    ids.splice(backward ? 0 : ids.length, 0, ...pageIds);
    const more = backward ? page.pageInfo.hasPreviousPage : page.pageInfo.hasNextPage;
    if (!more) return ids;
    expect(pageIds).toHaveLength(size);
    cursor = backward ? page.pageInfo.startCursor : page.pageInfo.endCursor;
  }
  throw new Error('more than 100 pages');
}

async function expectEachRowOnce(field: string, args: string, total: number) {
  const all = await onePage(field, args);
  expect(all).toHaveLength(total);
  expect(new Set(all).size).toBe(total);
  expect(await walk(field, args, 3, false), `${field}${args} forwards`).toEqual(all);
  expect(await walk(field, args, 3, true), `${field}${args} backwards`).toEqual(all);
}

const ASSETS = 14;

beforeAll(async () => {
  api = await startTestApi();
  tenant = await api.tenant();
  const locations = [await createLocation(tenant, { name: 'Depot', type: 'Warehouse' }), await createLocation(tenant, { name: 'Depot', type: 'Office' }), await createLocation(tenant, { name: 'HQ' })];
  await createVendor(tenant, { name: 'Same', riskRating: 'HIGH' });
  await createVendor(tenant, { name: 'Same' });
  await createVendor(tenant, { name: 'Other', riskRating: 'HIGH' });
  await createVendor(tenant, { name: 'Third' });
  for (const name of ['Ann', 'Ann', 'Bo']) await inviteUser(tenant, { name });
  // Ties on every key: names repeat, categories and values repeat or are missing (one request).
  const inputs = Array.from({ length: ASSETS }, (_, i) => ({
    name: ['Laptop', 'Monitor'][i % 2],
    category: i % 3 === 0 ? null : ['Hardware', 'Peripheral'][i % 2],
    value: i % 4 === 0 ? null : String(100 * (i % 3)),
    status: i % 5 === 0 ? 'MAINTENANCE' : 'ACTIVE',
    locationId: locations[i % 3].id,
    customFields: { batch: 'k' },
  }));
  await tenant.ok(
    `mutation(${inputs.map((_, i) => `$a${i}: CreateAssetInput!`).join(', ')}) { ${inputs.map((_, i) => `a${i}: createAsset(input: $a${i}) { id }`).join(' ')} }`,
    Object.fromEntries(inputs.map((input, i) => [`a${i}`, input])),
  );
  // Rows written in one instant tie on createdAt too.
  await api.db.prisma.$executeRawUnsafe(`UPDATE assets SET created_at = '2026-01-01T00:00:00Z' WHERE organization_id = $1::uuid`, tenant.organizationId);
}, 120_000);
afterAll(() => api.close());

describe('assets', () => {
  for (const field of ['CREATED_AT', 'NAME', 'STATUS', 'CATEGORY', 'VALUE', 'ASSET_TAG']) {
    for (const direction of ['ASC', 'DESC']) {
      it(`orderBy ${field} ${direction}: each row exactly once, forwards and backwards`, async () => {
        await expectEachRowOnce('assets', `, orderBy: { field: ${field}, direction: ${direction} }`, ASSETS);
      });
    }
  }

  it('a filter and a cursor combine', async () => {
    await expectEachRowOnce('assets', ', filter: { status: ACTIVE }, orderBy: { field: NAME, direction: DESC }', 11);
  });

  it('puts assets without a value last in both directions', async () => {
    for (const direction of ['ASC', 'DESC']) {
      const data = await tenant.ok(`{ assets(first: 1000, orderBy: { field: VALUE, direction: ${direction} }) { edges { node { value } } } }`);
      const values: (string | null)[] = data.assets.edges.map((edge: { node: { value: string | null } }) => edge.node.value);
      const firstNull = values.indexOf(null);
      expect(firstNull).toBeGreaterThan(0);
      expect(values.slice(firstNull).every((value) => value === null)).toBe(true);
    }
  });
});

describe('users, locations, vendors', () => {
  const cases: [string, string[], number][] = [
    ['users', ['NAME', 'EMAIL', 'CREATED_AT'], 4],
    ['locations', ['NAME', 'TYPE', 'CREATED_AT'], 3],
    ['vendors', ['NAME', 'RISK_RATING', 'CREATED_AT'], 4],
  ];
  for (const [connection, fields, total] of cases) {
    for (const field of fields) {
      for (const direction of ['ASC', 'DESC']) {
        it(`${connection} orderBy ${field} ${direction}: each row exactly once, forwards and backwards`, async () => {
          await expectEachRowOnce(connection, `, orderBy: { field: ${field}, direction: ${direction} }`, total);
        });
      }
    }
  }
});

describe('auditEvents', () => {
  for (const direction of ['ASC', 'DESC']) {
    it(`direction ${direction}: each event exactly once, forwards and backwards`, async () => {
      const { auditEvents } = await tenant.ok('{ auditEvents(first: 1) { totalCount } }');
      await expectEachRowOnce('auditEvents', `, direction: ${direction}`, auditEvents.totalCount);
    });
  }
});

describe('cursors', () => {
  it('a cursor that is not ours is BAD_USER_INPUT naming the argument', async () => {
    for (const [argument, paging] of [['after', 'first: 2, after'], ['before', 'last: 2, before']]) {
      for (const cursor of ['nonsense', Buffer.from('["k1","createdAt","desc",1,"x"]').toString('base64url'), '']) {
        const response = await tenant.gql(`{ assets(${paging}: "${cursor}") { edges { node { id } } } }`);
        expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: argument });
        expect(response.data?.assets ?? null).toBeNull();
      }
    }
  });

  it('a cursor of another order is refused, not misread', async () => {
    const byName = await tenant.ok('{ assets(first: 2, orderBy: { field: NAME, direction: ASC }) { pageInfo { endCursor } } }');
    const response = await tenant.gql(`{ assets(first: 2, after: "${byName.assets.pageInfo.endCursor}") { edges { node { id } } } }`);
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    expect(response.errors?.[0].message).toMatch(/another order/);
  });

  it('the page after a cursor is a range condition on the sort key and id, without OFFSET', async () => {
    const first = await tenant.ok('{ assets(first: 2) { pageInfo { endCursor } } }');
    const statements: string[] = [];
    const stop = api.db.onSql(({ sql }) => statements.push(sql));
    try {
      await tenant.ok(`{ assets(first: 2, after: "${first.assets.pageInfo.endCursor}") { edges { node { id } } } }`);
    } finally {
      stop();
    }
    // Compiled (src/graphql/compiled): a row comparison the (organization_id, created_at, id) index answers.
    const page = statements.find((sql) => /FROM "assets"/.test(sql) && /ORDER BY/.test(sql));
    expect(page).toMatch(/\(t0\."created_at", t0\.id\) < \(\$\d+::timestamptz, \$\d+::uuid\)/);
    expect(page).not.toMatch(/OFFSET/);
  });

  it('through Prisma (a custom-field filter, which is not compiled), the same range as two conditions, without OFFSET', async () => {
    const filter = 'filter: { customFields: { batch: "k" } }';
    const first = await tenant.ok(`{ assets(first: 2, ${filter}) { pageInfo { endCursor } } }`);
    const statements: string[] = [];
    const stop = api.db.onSql(({ sql }) => statements.push(sql));
    try {
      await tenant.ok(`{ assets(first: 2, after: "${first.assets.pageInfo.endCursor}", ${filter}) { edges { node { id } } } }`);
    } finally {
      stop();
    }
    const page = statements.find((sql) => /FROM "public"\."assets"/.test(sql) && /ORDER BY/.test(sql));
    expect(page).toMatch(/"created_at" <= \$\d+ AND \("t0"\."created_at" < \$\d+ OR "t0"\."id" < \$\d+\)/);
    expect(page).not.toMatch(/OFFSET/);
  });
});
