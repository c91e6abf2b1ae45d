// Specification of vendors: the `vendors` connection, `vendor(id)`, create/update/replace/delete
// with their audit events, and the `Vendor.assets` connection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';
import { auditTrail, createAsset, createVendor } from './support/fixtures.js';
import { lastAudit, onlyError } from './support/assertions.js';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(() => api.close());

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

const VENDOR_FIELDS = `id name category website riskRating complianceStatus primaryContactName primaryContactEmail
  notes createdAt updatedAt`;

const VENDORS = `query($first: Int, $after: String, $last: Int, $before: String, $offset: Int,
    $filter: VendorFilter, $orderBy: VendorOrder) {
  vendors(first: $first, after: $after, last: $last, before: $before, offset: $offset, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id name category riskRating } }
  }
}`;

const CREATE = `mutation($input: CreateVendorInput!) { createVendor(input: $input) { ${VENDOR_FIELDS} } }`;
const UPDATE = `mutation($id: UUID!, $input: UpdateVendorInput!) { updateVendor(id: $id, input: $input) { ${VENDOR_FIELDS} } }`;
const REPLACE = `mutation($id: UUID!, $input: ReplaceVendorInput!) { replaceVendor(id: $id, input: $input) { ${VENDOR_FIELDS} } }`;
const DELETE = `mutation($id: UUID!) { deleteVendor(id: $id) { ${VENDOR_FIELDS} } }`;
const VENDOR = `query($id: UUID!) { vendor(id: $id) { ${VENDOR_FIELDS} } }`;

interface VendorPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { cursor: string; node: { id: string; name: string; category: string | null; riskRating: string | null } }[];
}

async function vendors(tenant: Tenant, variables: Record<string, unknown> = {}): Promise<VendorPage> {
  return (await tenant.ok(VENDORS, variables)).vendors;
}

const names = (page: VendorPage) => page.edges.map((edge) => edge.node.name);

async function seed(tenant: Tenant, list: string[], extra: Record<string, unknown> = {}) {
  const created = [];
  for (const name of list) created.push(await createVendor(tenant, { name, ...extra }));
  return created;
}

async function vendorCount(tenant: Tenant) {
  return (await vendors(tenant, { first: 0 })).totalCount;
}

const FULL = {
  name: 'Dell Technologies',
  category: 'Hardware',
  website: 'https://www.dell.com/',
  riskRating: 'MEDIUM',
  complianceStatus: 'COMPLIANT',
  primaryContactName: 'Pat Lee',
  primaryContactEmail: 'pat.lee@dell.com',
  notes: 'Preferred laptop supplier',
};

async function fullVendor(tenant: Tenant) {
  return (await tenant.ok(CREATE, { input: FULL })).createVendor as typeof FULL & { id: string; createdAt: string; updatedAt: string };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Query.vendors', () => {
  it('lists the organization\'s vendors by name ascending by default, with totalCount', async () => {
    const tenant = await api.tenant();
    const other = await api.tenant();
    await seed(tenant, ['Charlie', 'Alpha', 'Bravo']);
    await seed(other, ['Aardvark']);
    const page = await vendors(tenant);
    expect(names(page)).toEqual(['Alpha', 'Bravo', 'Charlie']);
    expect(page.totalCount).toBe(3);
    expect(page.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
  });

  describe('filter', () => {
    it('search matches a substring of the name case-insensitively', async () => {
      const tenant = await api.tenant();
      await seed(tenant, ['Apple', 'Pineapple Labs', 'Lenovo']);
      const page = await vendors(tenant, { filter: { search: 'APPLE' } });
      expect(names(page)).toEqual(['Apple', 'Pineapple Labs']);
      expect(page.totalCount).toBe(2);
      expect((await vendors(tenant, { filter: { search: 'dell' } })).totalCount).toBe(0);
      expect((await vendors(tenant, { filter: { search: ' ' } })).totalCount).toBe(3);
    });

    it('category is an exact match', async () => {
      const tenant = await api.tenant();
      await createVendor(tenant, { name: 'Alpha', category: 'Hardware' });
      await createVendor(tenant, { name: 'Bravo', category: 'Software' });
      await createVendor(tenant, { name: 'Charlie', category: 'Hardware' });
      await createVendor(tenant, { name: 'Delta' });
      const hardware = await vendors(tenant, { filter: { category: 'Hardware' } });
      expect(names(hardware)).toEqual(['Alpha', 'Charlie']);
      expect(hardware.totalCount).toBe(2);
      expect((await vendors(tenant, { filter: { category: 'hardware' } })).totalCount).toBe(0);
      expect((await vendors(tenant, { filter: { category: 'Hard' } })).totalCount).toBe(0);
    });

    it('riskRating matches one rating; filters combine', async () => {
      const tenant = await api.tenant();
      await createVendor(tenant, { name: 'Alpha', riskRating: 'HIGH', category: 'Hardware' });
      await createVendor(tenant, { name: 'Bravo', riskRating: 'LOW', category: 'Hardware' });
      await createVendor(tenant, { name: 'Charlie', riskRating: 'HIGH', category: 'Software' });
      await createVendor(tenant, { name: 'Delta' });

      const high = await vendors(tenant, { filter: { riskRating: 'HIGH' } });
      expect(names(high)).toEqual(['Alpha', 'Charlie']);
      expect(high.edges.every((edge) => edge.node.riskRating === 'HIGH')).toBe(true);
      expect(names(await vendors(tenant, { filter: { riskRating: 'LOW' } }))).toEqual(['Bravo']);
      expect((await vendors(tenant, { filter: { riskRating: 'MEDIUM' } })).totalCount).toBe(0);

      const combined = await vendors(tenant, { filter: { riskRating: 'HIGH', category: 'Software', search: 'char' } });
      expect(names(combined)).toEqual(['Charlie']);
      expect(combined.totalCount).toBe(1);
      expect((await vendors(tenant, { filter: { riskRating: 'HIGH', search: 'bravo' } })).totalCount).toBe(0);
    });

    it('refuses an unknown riskRating', async () => {
      const tenant = await api.tenant();
      const response = await tenant.gql(VENDORS, { filter: { riskRating: 'EXTREME' } });
      expect(onlyError(response).extensions?.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('orderBy', () => {
    it('NAME in both directions', async () => {
      const tenant = await api.tenant();
      await seed(tenant, ['Bravo', 'Alpha', 'Charlie']);
      expect(names(await vendors(tenant, { orderBy: { field: 'NAME', direction: 'ASC' } }))).toEqual(['Alpha', 'Bravo', 'Charlie']);
      expect(names(await vendors(tenant, { orderBy: { field: 'NAME', direction: 'DESC' } }))).toEqual(['Charlie', 'Bravo', 'Alpha']);
    });

    it('CREATED_AT in both directions; the direction defaults to ASC', async () => {
      const tenant = await api.tenant();
      for (const name of ['Charlie', 'Alpha', 'Bravo']) {
        await createVendor(tenant, { name });
        await sleep(5);
      }
      expect(names(await vendors(tenant, { orderBy: { field: 'CREATED_AT', direction: 'ASC' } }))).toEqual(['Charlie', 'Alpha', 'Bravo']);
      expect(names(await vendors(tenant, { orderBy: { field: 'CREATED_AT', direction: 'DESC' } }))).toEqual(['Bravo', 'Alpha', 'Charlie']);
      expect(names(await vendors(tenant, { orderBy: { field: 'CREATED_AT' } }))).toEqual(['Charlie', 'Alpha', 'Bravo']);
    });

    it('RISK_RATING orders by severity (LOW < MEDIUM < HIGH), not alphabetically; ties broken by id', async () => {
      const tenant = await api.tenant();
      const high1 = await createVendor(tenant, { name: 'Alpha', riskRating: 'HIGH' });
      await createVendor(tenant, { name: 'Bravo', riskRating: 'LOW' });
      await createVendor(tenant, { name: 'Charlie', riskRating: 'MEDIUM' });
      const high2 = await createVendor(tenant, { name: 'Delta', riskRating: 'HIGH' });
      const highIds = [high1.id, high2.id].sort();

      const asc = await vendors(tenant, { orderBy: { field: 'RISK_RATING', direction: 'ASC' } });
      expect(asc.edges.map((edge) => edge.node.riskRating)).toEqual(['LOW', 'MEDIUM', 'HIGH', 'HIGH']);
      expect(asc.edges.slice(2).map((edge) => edge.node.id)).toEqual(highIds);

      const desc = await vendors(tenant, { orderBy: { field: 'RISK_RATING', direction: 'DESC' } });
      expect(desc.edges.map((edge) => edge.node.riskRating)).toEqual(['HIGH', 'HIGH', 'MEDIUM', 'LOW']);
      expect(desc.edges.slice(0, 2).map((edge) => edge.node.id)).toEqual([...highIds].reverse());
    });
  });

  describe('paging', () => {
    const FIVE = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo'];

    it('first/after forward, last/before backward, totalCount on every page', async () => {
      const tenant = await api.tenant();
      await seed(tenant, FIVE);

      const f1 = await vendors(tenant, { first: 2 });
      expect(names(f1)).toEqual(['Alpha', 'Bravo']);
      expect(f1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
      const f2 = await vendors(tenant, { first: 2, after: f1.pageInfo.endCursor });
      expect(names(f2)).toEqual(['Charlie', 'Delta']);
      expect(f2.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
      const f3 = await vendors(tenant, { first: 2, after: f2.pageInfo.endCursor });
      expect(names(f3)).toEqual(['Echo']);
      expect(f3.pageInfo.hasNextPage).toBe(false);
      expect([f1, f2, f3].map((page) => page.totalCount)).toEqual([5, 5, 5]);

      const b1 = await vendors(tenant, { last: 2 });
      expect(names(b1)).toEqual(['Delta', 'Echo']);
      expect(b1.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
      const b2 = await vendors(tenant, { last: 2, before: b1.pageInfo.startCursor });
      expect(names(b2)).toEqual(['Bravo', 'Charlie']);
      const b3 = await vendors(tenant, { last: 2, before: b2.pageInfo.startCursor });
      expect(names(b3)).toEqual(['Alpha']);
      expect(b3.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    });

    it('offset skips rows, also after a cursor and combined with a filter', async () => {
      const tenant = await api.tenant();
      await seed(tenant, FIVE, { category: 'Hardware' });
      await createVendor(tenant, { name: 'Alpha Soft', category: 'Software' });

      const page = await vendors(tenant, { first: 2, offset: 1, filter: { category: 'Hardware' } });
      expect(names(page)).toEqual(['Bravo', 'Charlie']);
      expect(page.totalCount).toBe(5);
      expect(page.pageInfo.hasNextPage).toBe(true);
      const next = await vendors(tenant, { first: 2, offset: 1, after: page.pageInfo.endCursor, filter: { category: 'Hardware' } });
      expect(names(next)).toEqual(['Echo']);
      expect(next.pageInfo.hasNextPage).toBe(false);
      const beyond = await vendors(tenant, { first: 2, offset: 99 });
      expect(beyond.edges).toEqual([]);
      expect(beyond.totalCount).toBe(6);
    });

    it('refuses bad page arguments with BAD_USER_INPUT naming the argument', async () => {
      const tenant = await api.tenant();
      await seed(tenant, ['Alpha', 'Bravo']);
      const { pageInfo } = await vendors(tenant, { last: 1 });
      const cases: [Record<string, unknown>, string][] = [
        [{ first: 1001 }, 'first'],
        [{ last: 1001 }, 'last'],
        [{ first: -1 }, 'first'],
        [{ first: 2, offset: -1 }, 'offset'],
        [{ first: 1, last: 1 }, 'last'],
        [{ last: 1, offset: 1 }, 'offset'],
        [{ before: pageInfo.startCursor, offset: 1 }, 'offset'],
      ];
      for (const [variables, field] of cases) {
        const response = await tenant.gql(VENDORS, variables);
        expect(onlyError(response).extensions, JSON.stringify(variables)).toMatchObject({ code: 'BAD_USER_INPUT', field });
        expect(response.data?.vendors ?? null).toBeNull();
      }
    });
  });
});

describe('Query.vendor', () => {
  it('returns the vendor with every field', async () => {
    const tenant = await api.tenant();
    const created = await fullVendor(tenant);
    const data = await tenant.ok(VENDOR, { id: created.id });
    expect(data.vendor).toEqual({
      ...FULL,
      id: created.id,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
    });
  });

  it('is null, without an error, for an unknown id or another organization\'s vendor', async () => {
    const tenant = await api.tenant();
    const other = await api.tenant();
    const foreign = await createVendor(other);
    for (const id of [UNKNOWN_ID, foreign.id]) {
      const response = await tenant.gql(`query($id: UUID!) { vendor(id: $id) { id } }`, { id });
      expect(response.errors).toBeUndefined();
      expect(response.data).toEqual({ vendor: null });
    }
  });
});

describe('Mutation.createVendor', () => {
  it('creates a vendor with every field and audits vendor.created with the set fields', async () => {
    const tenant = await api.tenant();
    const created = await fullVendor(tenant);
    expect(created).toMatchObject(FULL);

    const event = await lastAudit(tenant, 'Vendor', created.id, 'vendor.created');
    expect(event.changes).toEqual({
      name: { before: null, after: 'Dell Technologies' },
      category: { before: null, after: 'Hardware' },
      website: { before: null, after: 'https://www.dell.com/' },
      riskRating: { before: null, after: 'Medium' },
      complianceStatus: { before: null, after: 'Compliant' },
      primaryContactName: { before: null, after: 'Pat Lee' },
      primaryContactEmail: { before: null, after: 'pat.lee@dell.com' },
      notes: { before: null, after: 'Preferred laptop supplier' },
    });
  });

  it('defaults complianceStatus to NOT_REVIEWED and leaves the optional fields null', async () => {
    const tenant = await api.tenant();
    const data = await tenant.ok(CREATE, { input: { name: '  Acme  ' } });
    expect(data.createVendor).toMatchObject({
      name: 'Acme', category: null, website: null, riskRating: null, complianceStatus: 'NOT_REVIEWED',
      primaryContactName: null, primaryContactEmail: null, notes: null,
    });
    const event = await lastAudit(tenant, 'Vendor', data.createVendor.id, 'vendor.created');
    expect(event.changes).toEqual({
      name: { before: null, after: 'Acme' },
      complianceStatus: { before: null, after: 'Not Reviewed' },
    });
  });

  it('accepts each riskRating (LOW, MEDIUM, HIGH) and each complianceStatus', async () => {
    const tenant = await api.tenant();
    for (const riskRating of ['LOW', 'MEDIUM', 'HIGH']) {
      const data = await tenant.ok(CREATE, { input: { name: `Risk ${riskRating}`, riskRating } });
      expect(data.createVendor.riskRating).toBe(riskRating);
    }
    for (const complianceStatus of ['COMPLIANT', 'NON_COMPLIANT', 'NOT_REVIEWED']) {
      const data = await tenant.ok(CREATE, { input: { name: `Status ${complianceStatus}`, complianceStatus } });
      expect(data.createVendor.complianceStatus).toBe(complianceStatus);
    }
  });

  it('normalizes the website URL and stores the contact email lower-case', async () => {
    const tenant = await api.tenant();
    const data = await tenant.ok(CREATE, {
      input: { name: 'Apple', website: 'https://Apple.COM', primaryContactEmail: 'Tim.Cook@Apple.COM' },
    });
    expect(data.createVendor).toMatchObject({ website: 'https://apple.com/', primaryContactEmail: 'tim.cook@apple.com' });
  });

  it('refuses an invalid website URL with BAD_USER_INPUT, creating nothing', async () => {
    const tenant = await api.tenant();
    const response = await tenant.gql(CREATE, { input: { name: 'Bad', website: 'not a url' } });
    const error = onlyError(response);
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(/website/);
    expect(await vendorCount(tenant)).toBe(0);
  });

  it('refuses an invalid contact email with BAD_USER_INPUT, creating nothing', async () => {
    const tenant = await api.tenant();
    const response = await tenant.gql(CREATE, { input: { name: 'Bad', primaryContactEmail: 'not-an-email' } });
    const error = onlyError(response);
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(/primaryContactEmail/);
    expect(await vendorCount(tenant)).toBe(0);
  });

  it('refuses enum values in another spelling (e.g. "Low", "Non-Compliant")', async () => {
    const tenant = await api.tenant();
    for (const input of [{ riskRating: 'Low' }, { complianceStatus: 'Non-Compliant' }]) {
      const response = await tenant.gql(CREATE, { input: { name: 'Bad', ...input } });
      expect(onlyError(response).extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(await vendorCount(tenant)).toBe(0);
  });

  it('refuses a blank name, and notes over 10000 characters, naming the field', async () => {
    const tenant = await api.tenant();
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '   ' }, 'name'],
      [{ name: 'x'.repeat(201) }, 'name'],
      [{ name: 'Ok', notes: 'n'.repeat(10_001) }, 'notes'],
      [{ name: 'Ok', category: 'c'.repeat(501) }, 'category'],
    ];
    for (const [input, field] of cases) {
      const response = await tenant.gql(CREATE, { input });
      expect(onlyError(response).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(response.data).toEqual({ createVendor: null });
    }
    expect(await vendorCount(tenant)).toBe(0);
    const events = await tenant.ok(`{ auditEvents(filter: { entityType: "Vendor" }) { totalCount } }`);
    expect(events.auditEvents.totalCount).toBe(0);
  });
});

describe('Mutation.updateVendor', () => {
  it('changes only the given fields and audits vendor.updated with those changes', async () => {
    const tenant = await api.tenant();
    const before = await fullVendor(tenant);
    const data = await tenant.ok(UPDATE, { id: before.id, input: { riskRating: 'HIGH', notes: 'On watch' } });
    expect(data.updateVendor).toEqual({
      ...before, riskRating: 'HIGH', notes: 'On watch', updatedAt: expect.any(String),
    });
    const event = await lastAudit(tenant, 'Vendor', before.id, 'vendor.updated');
    expect(event.changes).toEqual({
      riskRating: { before: 'Medium', after: 'High' },
      notes: { before: 'Preferred laptop supplier', after: 'On watch' },
    });
  });

  it('null clears a field; a null complianceStatus goes back to NOT_REVIEWED', async () => {
    const tenant = await api.tenant();
    const before = await fullVendor(tenant);
    const data = await tenant.ok(UPDATE, {
      id: before.id, input: { website: null, riskRating: null, primaryContactEmail: null, complianceStatus: null },
    });
    expect(data.updateVendor).toMatchObject({
      name: FULL.name, category: FULL.category, website: null, riskRating: null, primaryContactEmail: null,
      complianceStatus: 'NOT_REVIEWED', primaryContactName: FULL.primaryContactName, notes: FULL.notes,
    });
    const event = await lastAudit(tenant, 'Vendor', before.id, 'vendor.updated');
    expect(event.changes).toEqual({
      website: { before: FULL.website, after: null },
      riskRating: { before: 'Medium', after: null },
      primaryContactEmail: { before: FULL.primaryContactEmail, after: null },
      complianceStatus: { before: 'Compliant', after: 'Not Reviewed' },
    });
  });

  it('refuses a null or blank name and invalid values, changing nothing', async () => {
    const tenant = await api.tenant();
    const before = await fullVendor(tenant);
    for (const input of [{ name: null }, { name: '' }, { primaryContactEmail: 'nope' }, { riskRating: 'SEVERE' }]) {
      const response = await tenant.gql(UPDATE, { id: before.id, input: { ...input, notes: 'changed' } });
      expect(onlyError(response).extensions?.code, JSON.stringify(input)).toBe('BAD_USER_INPUT');
    }
    expect((await tenant.ok(VENDOR, { id: before.id })).vendor).toEqual(before);
    expect((await auditTrail(tenant, before.id)).map((event) => event.action)).toEqual(['vendor.created']);
  });

  it('is NOT_FOUND for an unknown id and for another organization\'s vendor', async () => {
    const tenant = await api.tenant();
    const other = await api.tenant();
    const foreign = await createVendor(other, { name: 'Theirs' });
    for (const id of [UNKNOWN_ID, foreign.id]) {
      const response = await tenant.gql(UPDATE, { id, input: { name: 'Mine' } });
      expect(onlyError(response).extensions?.code).toBe('NOT_FOUND');
      expect(response.data).toEqual({ updateVendor: null });
    }
    expect((await other.ok(VENDOR, { id: foreign.id })).vendor.name).toBe('Theirs');
  });
});

describe('Mutation.replaceVendor', () => {
  it('replaces the whole vendor: omitted fields are cleared, complianceStatus back to NOT_REVIEWED', async () => {
    const tenant = await api.tenant();
    const before = await fullVendor(tenant);
    const data = await tenant.ok(REPLACE, { id: before.id, input: { name: 'Dell', category: 'Hardware' } });
    expect(data.replaceVendor).toEqual({
      id: before.id, name: 'Dell', category: 'Hardware', website: null, riskRating: null,
      complianceStatus: 'NOT_REVIEWED', primaryContactName: null, primaryContactEmail: null, notes: null,
      createdAt: before.createdAt, updatedAt: expect.any(String),
    });
    expect((await tenant.ok(VENDOR, { id: before.id })).vendor).toEqual(data.replaceVendor);

    const event = await lastAudit(tenant, 'Vendor', before.id, 'vendor.updated');
    expect(event.changes).toEqual({
      name: { before: 'Dell Technologies', after: 'Dell' },
      website: { before: FULL.website, after: null },
      riskRating: { before: 'Medium', after: null },
      complianceStatus: { before: 'Compliant', after: 'Not Reviewed' },
      primaryContactName: { before: FULL.primaryContactName, after: null },
      primaryContactEmail: { before: FULL.primaryContactEmail, after: null },
      notes: { before: FULL.notes, after: null },
    });
  });

  it('sets every field given', async () => {
    const tenant = await api.tenant();
    const vendor = await createVendor(tenant, { name: 'Old' });
    const data = await tenant.ok(REPLACE, { id: vendor.id, input: { ...FULL, complianceStatus: 'NON_COMPLIANT' } });
    expect(data.replaceVendor).toMatchObject({ ...FULL, complianceStatus: 'NON_COMPLIANT' });
  });

  it('requires a non-blank name', async () => {
    const tenant = await api.tenant();
    const before = await fullVendor(tenant);
    const missing = await tenant.gql(REPLACE, { id: before.id, input: { category: 'x' } });
    expect(onlyError(missing).extensions?.code).toBe('BAD_USER_INPUT');
    const blank = await tenant.gql(REPLACE, { id: before.id, input: { name: ' ' } });
    expect(onlyError(blank).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    expect((await tenant.ok(VENDOR, { id: before.id })).vendor).toEqual(before);
  });

  it('is NOT_FOUND for an unknown id and for another organization\'s vendor', async () => {
    const tenant = await api.tenant();
    const other = await api.tenant();
    const foreign = await createVendor(other, { name: 'Theirs' });
    for (const id of [UNKNOWN_ID, foreign.id]) {
      const response = await tenant.gql(REPLACE, { id, input: { name: 'Mine' } });
      expect(onlyError(response).extensions?.code).toBe('NOT_FOUND');
    }
    expect((await other.ok(VENDOR, { id: foreign.id })).vendor.name).toBe('Theirs');
  });
});

describe('Mutation.deleteVendor', () => {
  it('deletes a vendor without assets, returns it and audits vendor.deleted', async () => {
    const tenant = await api.tenant();
    const before = await fullVendor(tenant);
    const data = await tenant.ok(DELETE, { id: before.id });
    expect(data.deleteVendor).toEqual(before);
    expect((await tenant.ok(VENDOR, { id: before.id })).vendor).toBeNull();
    expect(await vendorCount(tenant)).toBe(0);

    const event = await lastAudit(tenant, 'Vendor', before.id, 'vendor.deleted');
    expect(event.changes).toEqual({
      name: { before: FULL.name, after: null },
      category: { before: FULL.category, after: null },
      website: { before: FULL.website, after: null },
      riskRating: { before: 'Medium', after: null },
      complianceStatus: { before: 'Compliant', after: null },
      primaryContactName: { before: FULL.primaryContactName, after: null },
      primaryContactEmail: { before: FULL.primaryContactEmail, after: null },
      notes: { before: FULL.notes, after: null },
    });
  });

  it('is CONFLICT while assets reference the vendor; succeeds once they are gone', async () => {
    const tenant = await api.tenant();
    const vendor = await createVendor(tenant);
    const a1 = await createAsset(tenant, { vendorId: vendor.id });
    const a2 = await createAsset(tenant, { vendorId: vendor.id });

    const response = await tenant.gql(DELETE, { id: vendor.id });
    const error = onlyError(response);
    expect(error.extensions?.code).toBe('CONFLICT');
    expect(error.message).toMatch(/2 asset/);
    expect(response.data).toEqual({ deleteVendor: null });
    expect((await tenant.ok(VENDOR, { id: vendor.id })).vendor.id).toBe(vendor.id);
    expect((await auditTrail(tenant, vendor.id)).map((event) => event.action)).toEqual(['vendor.created']);

    await tenant.ok(`mutation($id: UUID!) { deleteAsset(id: $id) { id } }`, { id: a1.id });
    expect(onlyError(await tenant.gql(DELETE, { id: vendor.id })).extensions?.code).toBe('CONFLICT');
    await tenant.ok(`mutation($id: UUID!) { updateAsset(id: $id, input: { vendorId: null }) { id } }`, { id: a2.id });
    expect((await tenant.ok(DELETE, { id: vendor.id })).deleteVendor.id).toBe(vendor.id);
    await lastAudit(tenant, 'Vendor', vendor.id, 'vendor.deleted');
  });

  it('is NOT_FOUND for an unknown id, an already deleted vendor and another organization\'s vendor', async () => {
    const tenant = await api.tenant();
    const other = await api.tenant();
    const foreign = await createVendor(other);
    const gone = await createVendor(tenant);
    await tenant.ok(DELETE, { id: gone.id });
    for (const id of [UNKNOWN_ID, gone.id, foreign.id]) {
      const response = await tenant.gql(DELETE, { id });
      expect(onlyError(response).extensions?.code).toBe('NOT_FOUND');
      expect(response.data).toEqual({ deleteVendor: null });
    }
    expect(await vendorCount(other)).toBe(1);
  });
});

describe('Vendor.assets', () => {
  const ASSETS = `query($id: UUID!, $first: Int, $after: String) {
    vendor(id: $id) { assets(first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id name vendor { id } } } } }
  }`;

  it('lists the vendor\'s assets by name with totalCount and paging', async () => {
    const tenant = await api.tenant();
    const vendor = await createVendor(tenant, { name: 'Ours' });
    const otherVendor = await createVendor(tenant, { name: 'Other' });
    await createAsset(tenant, { name: 'Bravo', vendorId: vendor.id });
    await createAsset(tenant, { name: 'Alpha', vendorId: vendor.id });
    await createAsset(tenant, { name: 'Charlie', vendorId: vendor.id });
    await createAsset(tenant, { name: 'Delta', vendorId: otherVendor.id });
    await createAsset(tenant, { name: 'Echo' });

    const all = (await tenant.ok(ASSETS, { id: vendor.id })).vendor.assets;
    expect(all.totalCount).toBe(3);
    expect(all.edges.map((edge: any) => edge.node.name)).toEqual(['Alpha', 'Bravo', 'Charlie']);
    expect(all.edges.every((edge: any) => edge.node.vendor.id === vendor.id)).toBe(true);

    const first = (await tenant.ok(ASSETS, { id: vendor.id, first: 1 })).vendor.assets;
    expect(first.edges.map((edge: any) => edge.node.name)).toEqual(['Alpha']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(first.totalCount).toBe(3);
    const rest = (await tenant.ok(ASSETS, { id: vendor.id, first: 5, after: first.pageInfo.endCursor })).vendor.assets;
    expect(rest.edges.map((edge: any) => edge.node.name)).toEqual(['Bravo', 'Charlie']);
    expect(rest.pageInfo.hasNextPage).toBe(false);
  });

  it('is an empty connection for a vendor without assets', async () => {
    const tenant = await api.tenant();
    const vendor = await createVendor(tenant);
    await createAsset(tenant);
    const assets = (await tenant.ok(ASSETS, { id: vendor.id })).vendor.assets;
    expect(assets).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
  });

  it('is available on every vendor of the vendors connection', async () => {
    const tenant = await api.tenant();
    const alpha = await createVendor(tenant, { name: 'Alpha' });
    await createVendor(tenant, { name: 'Bravo' });
    await createAsset(tenant, { name: 'One', vendorId: alpha.id });
    await createAsset(tenant, { name: 'Two', vendorId: alpha.id });
    const data = await tenant.ok(`{ vendors { edges { node { name assets(first: 1) { totalCount edges { node { name } } } } } } }`);
    expect(data.vendors.edges.map((edge: any) => edge.node)).toEqual([
      { name: 'Alpha', assets: { totalCount: 2, edges: [{ node: { name: 'One' } }] } },
      { name: 'Bravo', assets: { totalCount: 0, edges: [] } },
    ]);
  });
});
