// Specification of locations: the `locations` connection, `location(id)`, the create/update/delete
// mutations with their audit events, and the `Location.assets` connection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';
import { auditTrail, createAsset, createLocation } from './support/fixtures.js';
import { lastAudit, onlyError } from './support/assertions.js';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(() => api.close());

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

const LOCATIONS = `query($first: Int, $after: String, $last: Int, $before: String, $offset: Int,
    $filter: LocationFilter, $orderBy: LocationOrder) {
  locations(first: $first, after: $after, last: $last, before: $before, offset: $offset, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id name type } }
  }
}`;

const LOCATION_FIELDS = 'id name type address lat lng createdAt updatedAt';

interface LocationPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { cursor: string; node: { id: string; name: string; type: string } }[];
}

async function locations(tenant: Tenant, variables: Record<string, unknown> = {}): Promise<LocationPage> {
  const data = await tenant.ok(LOCATIONS, variables);
  return data.locations;
}

const names = (page: LocationPage) => page.edges.map((edge) => edge.node.name);

async function seed(tenant: Tenant, list: string[], extra: Record<string, unknown> = {}) {
  const created = [];
  for (const name of list) created.push(await createLocation(tenant, { name, ...extra }));
  return created;
}

async function locationCount(tenant: Tenant) {
  return (await locations(tenant, { first: 0 })).totalCount;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Query.locations', () => {
  it('lists the organization\'s locations by name ascending by default, with totalCount', async () => {
    const tenant = await api.tenant();
    const other = await api.tenant();
    await seed(tenant, ['Charlie', 'Alpha', 'Bravo']);
    await seed(other, ['Aardvark']);

    const page = await locations(tenant);
    expect(names(page)).toEqual(['Alpha', 'Bravo', 'Charlie']);
    expect(page.totalCount).toBe(3);
    expect(page.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    expect(page.pageInfo.startCursor).toBe(page.edges[0].cursor);
    expect(page.pageInfo.endCursor).toBe(page.edges[2].cursor);
  });

  it('answers an empty connection when there are no locations', async () => {
    const tenant = await api.tenant();
    const page = await locations(tenant, { first: 10 });
    expect(page).toEqual({
      totalCount: 0,
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
      edges: [],
    });
  });

  describe('filter', () => {
    it('search matches a substring of the name case-insensitively; totalCount follows the filter', async () => {
      const tenant = await api.tenant();
      await seed(tenant, ['Sydney', 'West Sydney', 'Perth']);

      const page = await locations(tenant, { filter: { search: 'sYdN' } });
      expect(names(page)).toEqual(['Sydney', 'West Sydney']);
      expect(page.totalCount).toBe(2);

      expect(names(await locations(tenant, { filter: { search: '  perth ' } }))).toEqual(['Perth']);
      expect((await locations(tenant, { filter: { search: 'Brisbane' } })).totalCount).toBe(0);
    });

    it('a blank search filters nothing', async () => {
      const tenant = await api.tenant();
      await seed(tenant, ['Alpha', 'Bravo']);
      const page = await locations(tenant, { filter: { search: '   ' } });
      expect(page.totalCount).toBe(2);
    });

    it('search treats % and _ as literal characters, not wildcards', async () => {
      const tenant = await api.tenant();
      await seed(tenant, ['Remote100%', 'Bravo_1', 'Alpha']);
      expect(names(await locations(tenant, { filter: { search: '%' } }))).toEqual(['Remote100%']);
      expect(names(await locations(tenant, { filter: { search: '_' } }))).toEqual(['Bravo_1']);
    });

    it('type is an exact (case-sensitive) match and combines with search', async () => {
      const tenant = await api.tenant();
      await createLocation(tenant, { name: 'Alpha', type: 'Warehouse' });
      await createLocation(tenant, { name: 'Bravo', type: 'Warehouse' });
      await createLocation(tenant, { name: 'Charlie' });
      await createLocation(tenant, { name: 'Delta', type: 'Remote' });

      const warehouses = await locations(tenant, { filter: { type: 'Warehouse' } });
      expect(names(warehouses)).toEqual(['Alpha', 'Bravo']);
      expect(warehouses.totalCount).toBe(2);
      expect(names(await locations(tenant, { filter: { type: 'Office' } }))).toEqual(['Charlie']);
      expect((await locations(tenant, { filter: { type: 'warehouse' } })).totalCount).toBe(0);
      expect((await locations(tenant, { filter: { type: 'Ware' } })).totalCount).toBe(0);

      const both = await locations(tenant, { filter: { type: 'Warehouse', search: 'brav' } });
      expect(names(both)).toEqual(['Bravo']);
      expect(both.totalCount).toBe(1);
    });
  });

  describe('orderBy', () => {
    it('NAME in both directions', async () => {
      const tenant = await api.tenant();
      await seed(tenant, ['Bravo', 'Delta', 'Alpha', 'Charlie']);
      expect(names(await locations(tenant, { orderBy: { field: 'NAME', direction: 'ASC' } })))
        .toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta']);
      expect(names(await locations(tenant, { orderBy: { field: 'NAME', direction: 'DESC' } })))
        .toEqual(['Delta', 'Charlie', 'Bravo', 'Alpha']);
    });

    it('CREATED_AT in both directions; the direction defaults to ASC', async () => {
      const tenant = await api.tenant();
      for (const name of ['Charlie', 'Alpha', 'Bravo']) {
        await createLocation(tenant, { name });
        await sleep(5);
      }
      expect(names(await locations(tenant, { orderBy: { field: 'CREATED_AT', direction: 'ASC' } })))
        .toEqual(['Charlie', 'Alpha', 'Bravo']);
      expect(names(await locations(tenant, { orderBy: { field: 'CREATED_AT', direction: 'DESC' } })))
        .toEqual(['Bravo', 'Alpha', 'Charlie']);
      expect(names(await locations(tenant, { orderBy: { field: 'CREATED_AT' } })))
        .toEqual(['Charlie', 'Alpha', 'Bravo']);
    });

    it('TYPE in both directions, ties broken by id in the same direction', async () => {
      const tenant = await api.tenant();
      await createLocation(tenant, { name: 'Alpha', type: 'Warehouse' });
      const office1 = await createLocation(tenant, { name: 'Bravo' });
      await createLocation(tenant, { name: 'Charlie', type: 'Remote' });
      const office2 = await createLocation(tenant, { name: 'Delta' });
      const officeIds = [office1.id, office2.id].sort();

      const asc = await locations(tenant, { orderBy: { field: 'TYPE', direction: 'ASC' } });
      expect(asc.edges.map((edge) => edge.node.type)).toEqual(['Office', 'Office', 'Remote', 'Warehouse']);
      expect(asc.edges.slice(0, 2).map((edge) => edge.node.id)).toEqual(officeIds);

      const desc = await locations(tenant, { orderBy: { field: 'TYPE', direction: 'DESC' } });
      expect(desc.edges.map((edge) => edge.node.type)).toEqual(['Warehouse', 'Remote', 'Office', 'Office']);
      expect(desc.edges.slice(2).map((edge) => edge.node.id)).toEqual([...officeIds].reverse());
    });
  });

  describe('paging', () => {
    const FIVE = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo'];

    it('first/after walks forward page by page; totalCount counts every match on each page', async () => {
      const tenant = await api.tenant();
      await seed(tenant, FIVE);

      const p1 = await locations(tenant, { first: 2 });
      expect(names(p1)).toEqual(['Alpha', 'Bravo']);
      expect(p1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
      expect(p1.pageInfo.endCursor).toBe(p1.edges[1].cursor);
      expect(p1.totalCount).toBe(5);

      const p2 = await locations(tenant, { first: 2, after: p1.pageInfo.endCursor });
      expect(names(p2)).toEqual(['Charlie', 'Delta']);
      expect(p2.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
      expect(p2.totalCount).toBe(5);

      const p3 = await locations(tenant, { first: 2, after: p2.pageInfo.endCursor });
      expect(names(p3)).toEqual(['Echo']);
      expect(p3.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
      expect(p3.pageInfo.startCursor).toBe(p3.pageInfo.endCursor);

      const past = await locations(tenant, { first: 2, after: p3.pageInfo.endCursor });
      expect(past.edges).toEqual([]);
      expect(past.pageInfo.hasNextPage).toBe(false);
      expect(past.totalCount).toBe(5);
    });

    it('last/before walks backward page by page', async () => {
      const tenant = await api.tenant();
      await seed(tenant, FIVE);

      const p1 = await locations(tenant, { last: 2 });
      expect(names(p1)).toEqual(['Delta', 'Echo']);
      expect(p1.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
      expect(p1.pageInfo.startCursor).toBe(p1.edges[0].cursor);

      const p2 = await locations(tenant, { last: 2, before: p1.pageInfo.startCursor });
      expect(names(p2)).toEqual(['Bravo', 'Charlie']);
      expect(p2.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });

      const p3 = await locations(tenant, { last: 2, before: p2.pageInfo.startCursor });
      expect(names(p3)).toEqual(['Alpha']);
      expect(p3.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
      expect(p3.totalCount).toBe(5);
    });

    it('cursors follow the requested order and filter', async () => {
      const tenant = await api.tenant();
      await seed(tenant, FIVE);
      await createLocation(tenant, { name: 'Foxtrot', type: 'Remote' });
      const orderBy = { field: 'NAME', direction: 'DESC' };
      const filter = { type: 'Office' };

      const p1 = await locations(tenant, { first: 2, orderBy, filter });
      expect(names(p1)).toEqual(['Echo', 'Delta']);
      expect(p1.totalCount).toBe(5);
      const p2 = await locations(tenant, { first: 2, after: p1.pageInfo.endCursor, orderBy, filter });
      expect(names(p2)).toEqual(['Charlie', 'Bravo']);
      const back = await locations(tenant, { last: 1, before: p2.pageInfo.startCursor, orderBy, filter });
      expect(names(back)).toEqual(['Delta']);
    });

    it('first: 0 returns no edges but still the totalCount; first: 1000 is the largest page', async () => {
      const tenant = await api.tenant();
      await seed(tenant, ['Alpha', 'Bravo']);
      const empty = await locations(tenant, { first: 0 });
      expect(empty.edges).toEqual([]);
      expect(empty.totalCount).toBe(2);
      expect(names(await locations(tenant, { first: 1000 }))).toEqual(['Alpha', 'Bravo']);
      expect(names(await locations(tenant, { last: 1000 }))).toEqual(['Alpha', 'Bravo']);
    });

    it('offset skips rows from the start, or after the cursor', async () => {
      const tenant = await api.tenant();
      await seed(tenant, FIVE);

      const skipped = await locations(tenant, { first: 2, offset: 2 });
      expect(names(skipped)).toEqual(['Charlie', 'Delta']);
      expect(skipped.pageInfo.hasNextPage).toBe(true);
      expect(skipped.totalCount).toBe(5);

      const p1 = await locations(tenant, { first: 1 });
      const afterCursor = await locations(tenant, { first: 2, after: p1.pageInfo.endCursor, offset: 2 });
      expect(names(afterCursor)).toEqual(['Delta', 'Echo']);
      expect(afterCursor.pageInfo.hasNextPage).toBe(false);

      const last = await locations(tenant, { first: 2, offset: 4 });
      expect(names(last)).toEqual(['Echo']);
      expect(last.pageInfo.hasNextPage).toBe(false);

      const beyond = await locations(tenant, { first: 2, offset: 10 });
      expect(beyond.edges).toEqual([]);
      expect(beyond.pageInfo.hasNextPage).toBe(false);
      expect(beyond.totalCount).toBe(5);

      expect(names(await locations(tenant, { offset: 3 }))).toEqual(['Delta', 'Echo']);
      // offset 0 is no offset, so it is allowed with last.
      expect(names(await locations(tenant, { last: 1, offset: 0 }))).toEqual(['Echo']);
    });

    describe('refuses page arguments it would otherwise have to clamp (BAD_USER_INPUT)', () => {
      async function refused(tenant: Tenant, variables: Record<string, unknown>) {
        const response = await tenant.gql(LOCATIONS, variables);
        expect(response.data?.locations ?? null).toBeNull();
        const error = onlyError(response);
        expect(error.extensions?.code).toBe('BAD_USER_INPUT');
        // Sizes over the maximum are refused before execution (no path); the rest by the field.
        if (error.path) expect(error.path).toEqual(['locations']);
        return error;
      }

      it('first or last over 1000', async () => {
        const tenant = await api.tenant();
        expect((await refused(tenant, { first: 1001 })).extensions).toMatchObject({ field: 'first' });
        expect((await refused(tenant, { last: 1001 })).extensions).toMatchObject({ field: 'last' });
      });

      it('negative first, last or offset', async () => {
        const tenant = await api.tenant();
        expect((await refused(tenant, { first: -1 })).extensions).toMatchObject({ field: 'first' });
        expect((await refused(tenant, { last: -1 })).extensions).toMatchObject({ field: 'last' });
        expect((await refused(tenant, { first: 5, offset: -1 })).extensions).toMatchObject({ field: 'offset' });
      });

      it('first and last together', async () => {
        const tenant = await api.tenant();
        const error = await refused(tenant, { first: 1, last: 1 });
        expect(error.extensions).toMatchObject({ field: 'last' });
        expect(error.message).toMatch(/first or last/);
      });

      it('offset with last or before (offset pages forward only)', async () => {
        const tenant = await api.tenant();
        await seed(tenant, ['Alpha', 'Bravo']);
        const { pageInfo } = await locations(tenant, { last: 1 });
        expect((await refused(tenant, { last: 1, offset: 1 })).extensions).toMatchObject({ field: 'offset' });
        expect((await refused(tenant, { before: pageInfo.startCursor, offset: 1 })).extensions)
          .toMatchObject({ field: 'offset' });
      });
    });
  });
});

describe('Query.location', () => {
  it('returns the location with every field', async () => {
    const tenant = await api.tenant();
    const { id } = await createLocation(tenant, {
      name: 'Melbourne', type: 'Warehouse', address: '1 Collins St', lat: -37.8136, lng: 144.9631,
    });
    const data = await tenant.ok(`query($id: UUID!) { location(id: $id) { ${LOCATION_FIELDS} } }`, { id });
    expect(data.location).toEqual({
      id, name: 'Melbourne', type: 'Warehouse', address: '1 Collins St', lat: -37.8136, lng: 144.9631,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('is null, without an error, for an unknown id or another organization\'s location', async () => {
    const tenant = await api.tenant();
    const other = await api.tenant();
    const foreign = await createLocation(other);
    for (const id of [UNKNOWN_ID, foreign.id]) {
      const response = await tenant.gql(`query($id: UUID!) { location(id: $id) { id } }`, { id });
      expect(response.errors).toBeUndefined();
      expect(response.data).toEqual({ location: null });
    }
  });

  it('refuses an id that is not a UUID', async () => {
    const tenant = await api.tenant();
    const response = await tenant.gql(`query($id: UUID!) { location(id: $id) { id } }`, { id: 'not-a-uuid' });
    expect(onlyError(response).extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.data).toBeUndefined();
  });
});

const CREATE = `mutation($input: CreateLocationInput!) { createLocation(input: $input) { ${LOCATION_FIELDS} } }`;
const UPDATE = `mutation($id: UUID!, $input: UpdateLocationInput!) { updateLocation(id: $id, input: $input) { ${LOCATION_FIELDS} } }`;
const DELETE = `mutation($id: UUID!) { deleteLocation(id: $id) { ${LOCATION_FIELDS} } }`;

describe('Mutation.createLocation', () => {
  it('creates a location with every field (text trimmed) and audits location.created', async () => {
    const tenant = await api.tenant();
    const data = await tenant.ok(CREATE, {
      input: { name: '  Brisbane  ', type: 'Warehouse', address: ' 10 Eagle St ', lat: -27.4698, lng: 153.0251 },
    });
    const created = data.createLocation;
    expect(created).toMatchObject({
      name: 'Brisbane', type: 'Warehouse', address: '10 Eagle St', lat: -27.4698, lng: 153.0251,
    });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);

    const read = await tenant.ok(`query($id: UUID!) { location(id: $id) { ${LOCATION_FIELDS} } }`, { id: created.id });
    expect(read.location).toEqual(created);

    const event = await lastAudit(tenant, 'Location', created.id, 'location.created');
    expect(event.changes).toEqual({
      name: { before: null, after: 'Brisbane' },
      type: { before: null, after: 'Warehouse' },
      address: { before: null, after: '10 Eagle St' },
      lat: { before: null, after: -27.4698 },
      lng: { before: null, after: 153.0251 },
    });
  });

  it('defaults type to Office (when omitted, null or blank) and leaves address and coordinates empty', async () => {
    const tenant = await api.tenant();
    const data = await tenant.ok(CREATE, { input: { name: 'Alpha' } });
    expect(data.createLocation).toMatchObject({ name: 'Alpha', type: 'Office', address: null, lat: null, lng: null });
    for (const type of [null, '   ']) {
      const again = await tenant.ok(CREATE, { input: { name: 'Bravo', type } });
      expect(again.createLocation.type).toBe('Office');
    }

    const event = await lastAudit(tenant, 'Location', data.createLocation.id, 'location.created');
    expect(event.changes).toEqual({
      name: { before: null, after: 'Alpha' },
      type: { before: null, after: 'Office' },
    });
  });

  it('records the caller\'s X-Request-Id on the audit event', async () => {
    const tenant = await api.tenant();
    const response = await api.gql(CREATE, { input: { name: 'Alpha' } }, {
      authorization: `Bearer ${tenant.writeKey}`, 'x-request-id': 'req-location-create-1',
    });
    expect(response.headers.get('x-request-id')).toBe('req-location-create-1');
    const event = await lastAudit(tenant, 'Location', response.data.createLocation.id, 'location.created');
    expect(event.requestId).toBe('req-location-create-1');
  });

  it('accepts coordinates on the boundaries of their ranges', async () => {
    const tenant = await api.tenant();
    for (const [lat, lng] of [[90, 180], [-90, -180], [0, 0]]) {
      const data = await tenant.ok(CREATE, { input: { name: 'Edge', lat, lng } });
      expect(data.createLocation).toMatchObject({ lat, lng });
    }
  });

  it('refuses a latitude outside -90..90 or a longitude outside -180..180, creating nothing', async () => {
    const tenant = await api.tenant();
    for (const coords of [{ lat: 90.0001 }, { lat: -91 }, { lng: 180.5 }, { lng: -181 }]) {
      const response = await tenant.gql(CREATE, { input: { name: 'Nowhere', ...coords } });
      const error = onlyError(response);
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error.message).toContain(Object.keys(coords)[0]);
      expect(response.data?.createLocation ?? null).toBeNull();
    }
    expect(await locationCount(tenant)).toBe(0);
    const events = await tenant.ok(`{ auditEvents(filter: { entityType: "Location" }) { totalCount } }`);
    expect(events.auditEvents.totalCount).toBe(0);
  });

  it('refuses a blank or over-long name with BAD_USER_INPUT naming the field', async () => {
    const tenant = await api.tenant();
    for (const name of ['', '   ', 'x'.repeat(201)]) {
      const response = await tenant.gql(CREATE, { input: { name } });
      const error = onlyError(response);
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
      expect(error.path).toEqual(['createLocation']);
      expect(response.data).toEqual({ createLocation: null });
    }
    expect(await locationCount(tenant)).toBe(0);
  });

  it('requires a name', async () => {
    const tenant = await api.tenant();
    const response = await tenant.gql(CREATE, { input: { type: 'Office' } });
    expect(onlyError(response).extensions?.code).toBe('BAD_USER_INPUT');
    expect(await locationCount(tenant)).toBe(0);
  });
});

describe('Mutation.updateLocation', () => {
  async function seeded(tenant: Tenant) {
    const data = await tenant.ok(CREATE, {
      input: { name: 'Alpha', type: 'Warehouse', address: '1 Main St', lat: 10.5, lng: 20.25 },
    });
    return data.createLocation as Record<string, unknown> & { id: string; updatedAt: string };
  }

  it('changes only the given fields; omitted fields keep their value; audits the changed fields only', async () => {
    const tenant = await api.tenant();
    const before = await seeded(tenant);
    const data = await tenant.ok(UPDATE, { id: before.id, input: { name: 'Alpha North', lat: -5 } });
    expect(data.updateLocation).toMatchObject({
      id: before.id, name: 'Alpha North', type: 'Warehouse', address: '1 Main St', lat: -5, lng: 20.25,
    });
    expect(new Date(data.updateLocation.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(before.updatedAt).getTime());
    expect(data.updateLocation.createdAt).toBe(before.createdAt);

    const event = await lastAudit(tenant, 'Location', before.id, 'location.updated');
    expect(event.changes).toEqual({
      name: { before: 'Alpha', after: 'Alpha North' },
      lat: { before: 10.5, after: -5 },
    });
  });

  it('null clears address, lat and lng, and puts type back to Office', async () => {
    const tenant = await api.tenant();
    const before = await seeded(tenant);
    const data = await tenant.ok(UPDATE, { id: before.id, input: { address: null, lat: null, lng: null, type: null } });
    expect(data.updateLocation).toMatchObject({ name: 'Alpha', type: 'Office', address: null, lat: null, lng: null });

    const event = await lastAudit(tenant, 'Location', before.id, 'location.updated');
    expect(event.changes).toEqual({
      type: { before: 'Warehouse', after: 'Office' },
      address: { before: '1 Main St', after: null },
      lat: { before: 10.5, after: null },
      lng: { before: 20.25, after: null },
    });
  });

  it('an empty input changes nothing', async () => {
    const tenant = await api.tenant();
    const before = await seeded(tenant);
    const data = await tenant.ok(UPDATE, { id: before.id, input: {} });
    expect(data.updateLocation).toMatchObject({ name: 'Alpha', type: 'Warehouse', address: '1 Main St', lat: 10.5, lng: 20.25 });
    const trail = await auditTrail(tenant, before.id);
    expect(trail.filter((event) => event.action === 'location.updated').every((event) => Object.keys(event.changes).length === 0)).toBe(true);
  });

  it('refuses a null, blank or over-long name (BAD_USER_INPUT, field name) and changes nothing', async () => {
    const tenant = await api.tenant();
    const before = await seeded(tenant);
    for (const name of [null, '  ', 'y'.repeat(201)]) {
      const response = await tenant.gql(UPDATE, { id: before.id, input: { name, address: 'changed' } });
      expect(onlyError(response).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
      expect(response.data).toEqual({ updateLocation: null });
    }
    const read = await tenant.ok(`query($id: UUID!) { location(id: $id) { name address } }`, { id: before.id });
    expect(read.location).toEqual({ name: 'Alpha', address: '1 Main St' });
    expect((await auditTrail(tenant, before.id)).map((event) => event.action)).toEqual(['location.created']);
  });

  it('refuses coordinates out of range', async () => {
    const tenant = await api.tenant();
    const before = await seeded(tenant);
    const response = await tenant.gql(UPDATE, { id: before.id, input: { lat: 100 } });
    expect(onlyError(response).extensions?.code).toBe('BAD_USER_INPUT');
    const read = await tenant.ok(`query($id: UUID!) { location(id: $id) { lat } }`, { id: before.id });
    expect(read.location.lat).toBe(10.5);
  });

  it('is NOT_FOUND for an unknown id and for another organization\'s location, which stays unchanged', async () => {
    const tenant = await api.tenant();
    const other = await api.tenant();
    const foreign = await createLocation(other, { name: 'Theirs' });
    for (const id of [UNKNOWN_ID, foreign.id]) {
      const response = await tenant.gql(UPDATE, { id, input: { name: 'Mine now' } });
      expect(onlyError(response).extensions?.code).toBe('NOT_FOUND');
      expect(response.data).toEqual({ updateLocation: null });
    }
    const read = await other.ok(`query($id: UUID!) { location(id: $id) { name } }`, { id: foreign.id });
    expect(read.location.name).toBe('Theirs');
  });
});

describe('Mutation.deleteLocation', () => {
  it('deletes a location without assets, returns it and audits location.deleted', async () => {
    const tenant = await api.tenant();
    const created = (await tenant.ok(CREATE, { input: { name: 'Alpha', address: '1 Main St', lat: 1.5 } })).createLocation;
    const data = await tenant.ok(DELETE, { id: created.id });
    expect(data.deleteLocation).toEqual(created);

    const read = await tenant.ok(`query($id: UUID!) { location(id: $id) { id } }`, { id: created.id });
    expect(read.location).toBeNull();
    expect(await locationCount(tenant)).toBe(0);

    const event = await lastAudit(tenant, 'Location', created.id, 'location.deleted');
    expect(event.changes).toEqual({
      name: { before: 'Alpha', after: null },
      type: { before: 'Office', after: null },
      address: { before: '1 Main St', after: null },
      lat: { before: 1.5, after: null },
    });
  });

  it('is CONFLICT while an asset is at the location; succeeds once the asset has moved', async () => {
    const tenant = await api.tenant();
    const location = await createLocation(tenant, { name: 'Alpha' });
    const asset = await createAsset(tenant, { locationId: location.id });

    const response = await tenant.gql(DELETE, { id: location.id });
    const error = onlyError(response);
    expect(error.extensions?.code).toBe('CONFLICT');
    expect(error.message).toMatch(/1 asset/);
    expect(response.data).toEqual({ deleteLocation: null });

    const still = await tenant.ok(`query($id: UUID!) { location(id: $id) { id assets { totalCount } } }`, { id: location.id });
    expect(still.location).toEqual({ id: location.id, assets: { totalCount: 1 } });
    expect((await auditTrail(tenant, location.id)).map((event) => event.action)).toEqual(['location.created']);

    await tenant.ok(`mutation($id: UUID!) { updateAsset(id: $id, input: { locationId: null }) { id } }`, { id: asset.id });
    const deleted = await tenant.ok(DELETE, { id: location.id });
    expect(deleted.deleteLocation.id).toBe(location.id);
    await lastAudit(tenant, 'Location', location.id, 'location.deleted');
  });

  it('is NOT_FOUND for an unknown id and for another organization\'s location, which survives', async () => {
    const tenant = await api.tenant();
    const other = await api.tenant();
    const foreign = await createLocation(other);
    for (const id of [UNKNOWN_ID, foreign.id]) {
      const response = await tenant.gql(DELETE, { id });
      expect(onlyError(response).extensions?.code).toBe('NOT_FOUND');
      expect(response.data).toEqual({ deleteLocation: null });
    }
    expect(await locationCount(other)).toBe(1);
  });

  it('a second delete of the same location is NOT_FOUND', async () => {
    const tenant = await api.tenant();
    const location = await createLocation(tenant);
    await tenant.ok(DELETE, { id: location.id });
    const response = await tenant.gql(DELETE, { id: location.id });
    expect(onlyError(response).extensions?.code).toBe('NOT_FOUND');
    expect((await auditTrail(tenant, location.id)).map((event) => event.action))
      .toEqual(['location.created', 'location.deleted']);
  });
});

describe('Location.assets', () => {
  const ASSETS = `query($id: UUID!, $first: Int, $after: String) {
    location(id: $id) { assets(first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id name location { id } } } } }
  }`;

  it('lists the assets at the location by name, with totalCount and paging', async () => {
    const tenant = await api.tenant();
    const here = await createLocation(tenant, { name: 'Here' });
    const elsewhere = await createLocation(tenant, { name: 'Elsewhere' });
    await createAsset(tenant, { name: 'Charlie', locationId: here.id });
    await createAsset(tenant, { name: 'Alpha', locationId: here.id });
    await createAsset(tenant, { name: 'Bravo', locationId: here.id });
    await createAsset(tenant, { name: 'Delta', locationId: elsewhere.id });
    await createAsset(tenant, { name: 'Echo' });

    const all = (await tenant.ok(ASSETS, { id: here.id })).location.assets;
    expect(all.totalCount).toBe(3);
    expect(all.edges.map((edge: any) => edge.node.name)).toEqual(['Alpha', 'Bravo', 'Charlie']);
    expect(all.edges.every((edge: any) => edge.node.location.id === here.id)).toBe(true);

    const first = (await tenant.ok(ASSETS, { id: here.id, first: 2 })).location.assets;
    expect(first.edges.map((edge: any) => edge.node.name)).toEqual(['Alpha', 'Bravo']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(first.totalCount).toBe(3);
    const rest = (await tenant.ok(ASSETS, { id: here.id, first: 2, after: first.pageInfo.endCursor })).location.assets;
    expect(rest.edges.map((edge: any) => edge.node.name)).toEqual(['Charlie']);
    expect(rest.pageInfo.hasNextPage).toBe(false);
  });

  it('is an empty connection for a location without assets', async () => {
    const tenant = await api.tenant();
    const location = await createLocation(tenant);
    await createAsset(tenant);
    const assets = (await tenant.ok(ASSETS, { id: location.id })).location.assets;
    expect(assets).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
  });

  it('is available on every location of the locations connection', async () => {
    const tenant = await api.tenant();
    const alpha = await createLocation(tenant, { name: 'Alpha' });
    await createLocation(tenant, { name: 'Bravo' });
    await createAsset(tenant, { name: 'One', locationId: alpha.id });
    await createAsset(tenant, { name: 'Two', locationId: alpha.id });
    const data = await tenant.ok(`{ locations { edges { node { name assets(first: 1) { totalCount edges { node { name } } } } } } }`);
    expect(data.locations.edges.map((edge: any) => edge.node)).toEqual([
      { name: 'Alpha', assets: { totalCount: 2, edges: [{ node: { name: 'One' } }] } },
      { name: 'Bravo', assets: { totalCount: 0, edges: [] } },
    ]);
  });
});
