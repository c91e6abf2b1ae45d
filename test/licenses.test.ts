// Specification of software licences and seats in GraphQL: the License type (seat counts, the
// masked key, encrypted at rest), the licenses connection (filters, search, sort), License.seats
// and User.seats, the seat limit (CONFLICT, also under concurrency), audit events, webhook events
// (license.created, license.seat_assigned, license.seat_released, license.expiring) and isolation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanExpiringLicenses } from '../src/webhooks/license-scan.js';
import { lastAudit, onlyError } from './support/assertions.js';
import { auditTrail, inviteUser } from './support/fixtures.js';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';

// Subscriptions point at a local address that is never called (events are read from the outbox).
process.env.WEBHOOK_ALLOW_PRIVATE = 'true';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(() => api.close());

const LICENSE = 'id name vendor product edition seatsPurchased seatsUsed seatsAvailable costPerSeat totalCost purchaseDate expiryDate licenseKey notes';

async function createLicense(tenant: Tenant, input: Record<string, unknown> = {}) {
  const data = await tenant.ok(`mutation($input: CreateLicenseInput!) { createLicense(input: $input) { ${LICENSE} } }`, {
    input: { name: 'Figma', seatsPurchased: 2, ...input },
  });
  return data.createLicense;
}

const ASSIGN = `mutation($input: AssignLicenseSeatInput!) { assignLicenseSeat(input: $input) { id assignedAt releasedAt user { id } license { id seatsUsed } } }`;
const RELEASE = `mutation($id: UUID!, $licenseId: UUID) { releaseLicenseSeat(id: $id, licenseId: $licenseId) { id releasedAt license { seatsUsed } } }`;
const assign = (tenant: Tenant, licenseId: string, userId: string) => tenant.gql(ASSIGN, { input: { licenseId, userId } });

async function subscribe(tenant: Tenant, events: string[]) {
  await tenant.ok(`mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { signingSecret } }`, {
    input: { url: 'http://127.0.0.1:9/hooks', events },
  });
}

async function outbox(tenant: Tenant) {
  const events = await api.db.prisma.webhookEvent.findMany({ where: { organizationId: tenant.organizationId }, orderBy: { createdAt: 'asc' } });
  return events.map((event) => ({ event: event.event, data: event.payload as any }));
}

describe('License', () => {
  it('createLicense records a licence: the key masked (stored encrypted, admins read it in clear), totalCost from costPerSeat, audited', async () => {
    const tenant = await api.tenant();
    const license = await createLicense(tenant, {
      name: 'Adobe Creative Cloud', vendor: 'Adobe', product: 'Creative Cloud', edition: 'Teams', seatsPurchased: 25,
      costPerSeat: '54.99', purchaseDate: '2026-01-01', expiryDate: '2027-01-01', licenseKey: 'ABCD-EFGH-IJKL-9876', notes: 'Design team',
    });
    expect(license).toMatchObject({
      seatsPurchased: 25, seatsUsed: 0, seatsAvailable: 25, costPerSeat: '54.99', totalCost: '1374.75', licenseKey: '********9876',
    });
    const stored = await api.db.prisma.license.findUniqueOrThrow({ where: { id: license.id } });
    expect(stored.licenseKey).not.toContain('ABCD');
    const secrets = await tenant.ok(`query($id: UUID!) { license(id: $id) { secrets { licenseKey } } }`, { id: license.id });
    expect(secrets.license.secrets.licenseKey).toBe('ABCD-EFGH-IJKL-9876');
    const event = await lastAudit(tenant, 'License', license.id, 'license.created');
    expect(event.changes.licenseKey).toEqual({ before: null, after: '[encrypted]' });
    expect(JSON.stringify(await auditTrail(tenant, license.id))).not.toContain('ABCD');
  });

  it('refuses bad input naming the field: both prices, negative or fractional seats, expiry before purchase, blank name', async () => {
    const tenant = await api.tenant();
    const refuse = async (input: Record<string, unknown>, field: string) => {
      const error = onlyError(await tenant.gql(`mutation($input: CreateLicenseInput!) { createLicense(input: $input) { id } }`, { input: { name: 'X', seatsPurchased: 1, ...input } }));
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      if (field) expect(error.extensions?.field ?? error.message).toContain(field);
    };
    await refuse({ costPerSeat: '1.00', totalCost: '10.00' }, 'totalCost');
    await refuse({ seatsPurchased: -1 }, 'seatsPurchased');
    await refuse({ seatsPurchased: 1.5 }, '');
    await refuse({ purchaseDate: '2026-05-01', expiryDate: '2026-04-01' }, 'expiryDate');
    await refuse({ name: '  ' }, 'name');
    expect(await api.db.prisma.license.count({ where: { organizationId: tenant.organizationId } })).toBe(0);
  });

  it('updateLicense is partial, deleteLicense removes the licence and its seats (audit events stay); both need an admin write key', async () => {
    const tenant = await api.tenant();
    const license = await createLicense(tenant, { totalCost: '100.00' });
    const updated = await tenant.ok(`mutation($id: UUID!) { updateLicense(id: $id, input: { seatsPurchased: 5, vendor: "Figma Inc." }) { ${LICENSE} } }`, { id: license.id });
    expect(updated.updateLicense).toEqual({ ...license, seatsPurchased: 5, seatsAvailable: 5, vendor: 'Figma Inc.' });
    const denied = onlyError(await tenant.gql(`mutation($id: UUID!) { deleteLicense(id: $id) { id } }`, { id: license.id }, tenant.readKey));
    expect(denied.extensions?.code).toBe('FORBIDDEN');
    await assign(tenant, license.id, tenant.userId);
    await tenant.ok(`mutation($id: UUID!) { deleteLicense(id: $id) { id } }`, { id: license.id });
    expect(await api.db.prisma.licenseSeat.count({ where: { licenseId: license.id } })).toBe(0);
    expect((await auditTrail(tenant, license.id)).map((event) => event.action)).toEqual(['license.created', 'license.updated', 'license.deleted']);
  });
});

describe('licenses', () => {
  it('lists by name by default, filters by vendor, expiry window and search (name, vendor, product), sorts, pages and counts', async () => {
    const tenant = await api.tenant();
    const figma = await createLicense(tenant, { name: 'Figma', vendor: 'Figma', expiryDate: '2027-03-01' });
    const office = await createLicense(tenant, { name: 'Office 365', vendor: 'Microsoft', product: 'M365 Business', expiryDate: '2026-12-31' });
    const slack = await createLicense(tenant, { name: 'Slack', vendor: 'Salesforce' });
    await createLicense(await api.tenant(), { name: 'Figma' });
    const list = async (args: string) => {
      const data = await tenant.ok(`{ licenses(first: 10${args}) { totalCount edges { node { id } } } }`);
      expect(data.licenses.totalCount).toBe(data.licenses.edges.length);
      return data.licenses.edges.map((edge: any) => edge.node.id);
    };
    expect(await list('')).toEqual([figma.id, office.id, slack.id]);
    expect(await list(', filter: { vendor: "Microsoft" }')).toEqual([office.id]);
    expect(await list(', filter: { search: "m365" }')).toEqual([office.id]);
    expect(await list(', filter: { search: "SALES" }')).toEqual([slack.id]);
    expect(await list(', filter: { expiresBefore: "2027-01-01" }')).toEqual([office.id]);
    expect(await list(', filter: { expiresAfter: "2027-01-01" }')).toEqual([figma.id]);
    expect(await list(', orderBy: { field: EXPIRY_DATE }')).toEqual([office.id, figma.id, slack.id]);
    expect(await list(', orderBy: { field: NAME, direction: DESC }')).toEqual([slack.id, office.id, figma.id]);
    const page = await tenant.ok(`{ licenses(first: 2) { pageInfo { hasNextPage endCursor } edges { node { id } } } }`);
    const next = await tenant.ok(`query($after: String) { licenses(first: 2, after: $after) { pageInfo { hasNextPage } edges { node { id } } } }`, { after: page.licenses.pageInfo.endCursor });
    expect(next.licenses.edges.map((edge: any) => edge.node.id)).toEqual([slack.id]);
    expect(next.licenses.pageInfo.hasNextPage).toBe(false);
  });

  it('reads a page of licences with their seat counts in a fixed number of statements', async () => {
    const tenant = await api.tenant();
    for (let i = 0; i < 4; i++) {
      const license = await createLicense(tenant, { name: `L${i}`, seatsPurchased: 3 });
      await assign(tenant, license.id, tenant.userId);
    }
    await api.expectQueries(3, () => tenant.ok(`{ licenses(first: 10) { totalCount edges { node { id seatsUsed seatsAvailable totalCost } } } }`));
  });
});

describe('seats', () => {
  it('assigns up to the purchased count; one more is CONFLICT and writes nothing; releasing frees a seat', async () => {
    const tenant = await api.tenant();
    const license = await createLicense(tenant, { seatsPurchased: 2 });
    const [ann, bob, cy] = [await inviteUser(tenant), await inviteUser(tenant), await inviteUser(tenant)];
    const first = (await assign(tenant, license.id, ann.id)).data.assignLicenseSeat;
    expect(first).toMatchObject({ releasedAt: null, user: { id: ann.id }, license: { id: license.id, seatsUsed: 1 } });
    await assign(tenant, license.id, bob.id);
    const full = onlyError(await assign(tenant, license.id, cy.id));
    expect(full.extensions?.code).toBe('CONFLICT');
    expect(full.message).toMatch(/2 of 2/);
    const twice = onlyError(await assign(tenant, license.id, ann.id));
    expect(twice.extensions?.code).toBe('CONFLICT');
    expect(await api.db.prisma.licenseSeat.count({ where: { licenseId: license.id } })).toBe(2);

    const released = await tenant.ok(RELEASE, { id: first.id, licenseId: license.id });
    expect(released.releaseLicenseSeat).toMatchObject({ releasedAt: expect.any(String), license: { seatsUsed: 1 } });
    expect(onlyError(await tenant.gql(RELEASE, { id: first.id })).extensions?.code).toBe('CONFLICT');
    await tenant.ok(ASSIGN, { input: { licenseId: license.id, userId: cy.id } });
    const seats = await tenant.ok(`query($id: UUID!) { license(id: $id) {
      held: seats(first: 10) { totalCount edges { node { user { id } } } }
      all: seats(first: 10, includeReleased: true) { totalCount } } }`, { id: license.id });
    expect(seats.license.held.totalCount).toBe(2);
    expect(seats.license.held.edges.map((edge: any) => edge.node.user.id)).toEqual([cy.id, bob.id]);
    expect(seats.license.all.totalCount).toBe(3);
    const held = await tenant.ok(`query($id: UUID!) { user(id: $id) { seats(first: 5) { edges { node { license { name } } } }
      history: seats(first: 5, includeReleased: true) { totalCount } } }`, { id: ann.id });
    expect(held.user).toEqual({ seats: { edges: [] }, history: { totalCount: 1 } });
  });

  it('concurrent assignments never exceed the purchased seats', async () => {
    const tenant = await api.tenant();
    const license = await createLicense(tenant, { seatsPurchased: 3 });
    const users = await Promise.all(Array.from({ length: 6 }, () => inviteUser(tenant)));
    const results = await Promise.all(users.map((user) => assign(tenant, license.id, user.id)));
    expect(results.filter((result) => !result.errors).length).toBe(3);
    expect(results.filter((result) => result.errors?.[0]?.extensions?.code === 'CONFLICT').length).toBe(3);
    expect(await api.db.prisma.licenseSeat.count({ where: { licenseId: license.id, releasedAt: null } })).toBe(3);
  });

  it('an inactive user cannot take a seat; a seat of another licence is NOT_FOUND for releaseLicenseSeat(licenseId)', async () => {
    const tenant = await api.tenant();
    const [a, b] = [await createLicense(tenant), await createLicense(tenant, { name: 'Other' })];
    const gone = await inviteUser(tenant);
    await tenant.ok(`mutation($id: UUID!) { deactivateUser(id: $id) { id } }`, { id: gone.id });
    expect(onlyError(await assign(tenant, a.id, gone.id)).extensions?.code).toBe('CONFLICT');
    const seat = (await assign(tenant, a.id, tenant.userId)).data.assignLicenseSeat;
    expect(onlyError(await tenant.gql(RELEASE, { id: seat.id, licenseId: b.id })).extensions?.code).toBe('NOT_FOUND');
  });

  it('audits seat changes and raises license.created, license.seat_assigned and license.seat_released', async () => {
    const tenant = await api.tenant();
    await subscribe(tenant, ['license.*']);
    const license = await createLicense(tenant, { name: 'JetBrains', vendor: 'JetBrains' });
    const ann = await inviteUser(tenant, { name: 'Ann', email: 'ann@example.com' });
    const seat = (await assign(tenant, license.id, ann.id)).data.assignLicenseSeat;
    await lastAudit(tenant, 'LicenseSeat', seat.id, 'license.seat_assigned');
    await tenant.ok(RELEASE, { id: seat.id });
    const released = await lastAudit(tenant, 'LicenseSeat', seat.id, 'license.seat_released');
    expect(released.changes.releasedAt).toMatchObject({ before: null, after: expect.any(String) });
    const events = await outbox(tenant);
    expect(events.map((event) => event.event)).toEqual(['license.created', 'license.seat_assigned', 'license.seat_released']);
    expect(events[0].data).toMatchObject({ license_id: license.id, name: 'JetBrains', vendor: 'JetBrains', seats_purchased: 2 });
    expect(events[1].data).toMatchObject({
      seat_id: seat.id, license_id: license.id, license_name: 'JetBrains', user: { id: ann.id, name: 'Ann', email: 'ann@example.com' },
      released_at: null, actor: { id: tenant.userId },
    });
    expect(events[2].data).toMatchObject({ seat_id: seat.id, released_at: expect.any(String) });
  });

  it('another organization’s licence, seat or user answers like a missing one', async () => {
    const tenant = await api.tenant();
    const other = await api.tenant();
    const theirs = await createLicense(other);
    const theirSeat = (await assign(other, theirs.id, other.userId)).data.assignLicenseSeat;
    const mine = await createLicense(tenant);
    expect((await tenant.ok(`query($id: UUID!) { license(id: $id) { id } }`, { id: theirs.id })).license).toBeNull();
    expect(onlyError(await assign(tenant, theirs.id, tenant.userId)).extensions?.code).toBe('NOT_FOUND');
    expect(onlyError(await assign(tenant, mine.id, other.userId)).extensions?.code).toBe('NOT_FOUND');
    expect(onlyError(await tenant.gql(RELEASE, { id: theirSeat.id })).extensions?.code).toBe('NOT_FOUND');
    expect(onlyError(await tenant.gql(`mutation($id: UUID!) { updateLicense(id: $id, input: { name: "x" }) { id } }`, { id: theirs.id })).extensions?.code).toBe('NOT_FOUND');
    expect((await other.ok(`query($id: UUID!) { license(id: $id) { name seatsUsed } }`, { id: theirs.id })).license).toEqual({ name: 'Figma', seatsUsed: 1 });
  });
});

describe('license.expiring (hourly scan)', () => {
  it('queues one event per licence and expiry date within 30 days, for subscribed organizations, however often it runs', async () => {
    const tenant = await api.tenant();
    await subscribe(tenant, ['license.expiring']);
    const day = (offset: number) => new Date(Date.UTC(2031, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
    const now = new Date(`${day(0)}T09:00:00Z`);
    const soon = await createLicense(tenant, { name: 'Soon', expiryDate: day(12) });
    await assign(tenant, soon.id, tenant.userId);
    await createLicense(tenant, { name: 'Later', expiryDate: day(40) });
    await createLicense(await api.tenant(), { name: 'Unsubscribed', expiryDate: day(3) });
    expect(await scanExpiringLicenses(api.db.prisma, now)).toBe(1);
    expect(await scanExpiringLicenses(api.db.prisma, new Date(now.getTime() + 3_600_000))).toBe(0);
    const [event] = (await outbox(tenant)).filter((row) => row.event === 'license.expiring');
    expect(event.data).toEqual({
      license_id: soon.id, name: 'Soon', vendor: null, expiry_date: day(12), days_left: 12, seats_purchased: 2, seats_used: 1,
    });
    await tenant.ok(`mutation($id: UUID!, $d: Date) { updateLicense(id: $id, input: { expiryDate: $d }) { id } }`, { id: soon.id, d: day(20) });
    expect(await scanExpiringLicenses(api.db.prisma, now)).toBe(1);
  });
});
