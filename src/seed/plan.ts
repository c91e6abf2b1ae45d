// The plan of one generated organization: its people, sites and vendors, and for every asset its
// attributes and checkout history, each drawn from its own random stream so any asset can be
// recomputed alone (the audit events are written in time order, long after the asset rows).
import {
  ASSET_NOTES, CITIES, customFieldsFor, DEPARTMENTS, FIRST_NAMES, LAST_NAMES, MODEL_WEIGHTS, MODELS, ORGANIZATION_NAMES,
  serialFor, SITE_KINDS, VENDORS, type CatalogueModel,
} from './catalogue.js';
import { isoDate } from './dates.js';
import { Rng } from './random.js';

export const DAY = 86_400_000;
const HISTORY_YEARS = 5;

export type StoredAssetStatus = 'active' | 'checked-out' | 'checked-in' | 'maintenance' | 'retired';

export interface PlannedUser {
  id: string; name: string; email: string; role: 'user' | 'admin'; status: 'active' | 'inactive';
  department: string; createdAt: number; lastLoginAt: number | null;
}

export interface OrgPlan {
  seed: number;
  /** Position among all generated organizations of the database: keeps streams (and ids) apart. */
  ordinal: number;
  organizationId: string;
  name: string;
  domain: string;
  assets: number;
  /** The end of the generated history (ms). */
  asOf: number;
  /** The start of it: assets are created evenly from here to asOf, in tag order. */
  start: number;
  users: PlannedUser[];
  admins: number[];
  activeUsers: number[];
  locations: { id: string; name: string; type: string; address: string | null; lat: number | null; lng: number | null; createdAt: number }[];
  locationWeights: number[];
  vendors: { id: string; name: string; category: string; createdAt: number }[];
  resellers: number[];
  vendorByManufacturer: Map<string, number>;
}

/** One checkout: closed when `checkedInAt` is set; the open one is the asset's current assignment. */
export interface Stint {
  id: string; userId: string; checkedOutAt: number; checkedInAt: number | null;
  expectedReturn: string | null; performedById: string;
}

export interface AssetHistory {
  index: number;
  id: string;
  createdAt: number;
  stints: Stint[];
  status: StoredAssetStatus;
  /** When it went to maintenance or was retired (an asset.updated event). */
  statusChangedAt: number | null;
  updatedAt: number;
}

export interface AssetPlan extends AssetHistory {
  assetTag: string; model: CatalogueModel; name: string;
  serialNumber: string | null; notes: string | null; value: string; purchaseDate: string; warrantyExpiry: string | null;
  customFields: Record<string, unknown>; locationId: string | null; vendorId: string; ownerId: string | null;
}

const emailPart = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]/g, '');

export function organizationName(ordinal: number): string {
  const base = ORGANIZATION_NAMES[ordinal % ORGANIZATION_NAMES.length];
  return ordinal < ORGANIZATION_NAMES.length ? base : `${base} ${Math.floor(ordinal / ORGANIZATION_NAMES.length) + 1}`;
}

export function organizationDomain(ordinal: number): string {
  return `${organizationName(ordinal).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}.example`;
}

/** ~2,000 users per 100k assets (at least 10), 0.5 % of them IT admins (at least 2). */
export const userCountFor = (assets: number) => Math.max(10, Math.round(assets / 50));

export function planOrganization(
  { seed, ordinal, organizationId, assets, asOf, locationCount = 50, name, domain = organizationDomain(ordinal) }:
  { seed: number; ordinal: number; organizationId: string; assets: number; asOf: number; locationCount?: number; name?: string; domain?: string },
): OrgPlan {
  const start = asOf - HISTORY_YEARS * 365 * DAY;
  const rng = new Rng(seed, ordinal, 'organization');

  const userCount = userCountFor(assets);
  const adminCount = Math.max(2, Math.round(userCount * 0.005));
  const taken = new Map<string, number>();
  const users: PlannedUser[] = [];
  for (let i = 0; i < userCount; i++) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const local = `${emailPart(first)}.${emailPart(last)}`;
    const seen = taken.get(local) ?? 0;
    taken.set(local, seen + 1);
    const admin = i < adminCount;
    users.push({
      id: rng.uuid(), name: `${first} ${last}`, email: `${local}${seen ? seen + 1 : ''}@${domain}`,
      role: admin ? 'admin' : 'user', status: !admin && rng.chance(0.06) ? 'inactive' : 'active',
      department: admin ? 'IT' : rng.pick(DEPARTMENTS),
      createdAt: start - rng.int(1, 365) * DAY + rng.int(0, DAY - 1),
      lastLoginAt: admin ? asOf - rng.int(0, 14 * DAY) : null,
    });
  }

  const locations = Array.from({ length: locationCount }, (_, k) => {
    const city = CITIES[k % CITIES.length];
    const remote = k === locationCount - 1 && locationCount > 1;
    const type = remote ? 'Remote' : k < CITIES.length ? 'Office' : SITE_KINDS[1 + (k % (SITE_KINDS.length - 1))];
    return {
      id: rng.uuid(),
      name: remote ? 'Remote / Home office' : k < 2 * CITIES.length ? `${city.city} ${type}` : `${city.city} ${type} ${Math.floor(k / CITIES.length)}`,
      type,
      address: remote ? null : `${rng.int(1, 400)} ${rng.pick(['King', 'Queen', 'George', 'Market', 'Harbour', 'Station', 'Park', 'High'])} Street, ${city.city} ${city.country}`,
      lat: remote ? null : Math.round((city.lat + (rng.next() - 0.5) * 0.1) * 1e4) / 1e4,
      lng: remote ? null : Math.round((city.lng + (rng.next() - 0.5) * 0.1) * 1e4) / 1e4,
      createdAt: start - rng.int(366, 730) * DAY,
    };
  });
  const vendors = VENDORS.map((vendor) => ({ ...vendor, id: rng.uuid(), createdAt: start - rng.int(366, 730) * DAY }));

  return {
    seed, ordinal, organizationId, name: name ?? organizationName(ordinal), domain, assets, asOf, start, users,
    admins: users.flatMap((user, i) => (user.role === 'admin' ? [i] : [])),
    activeUsers: users.flatMap((user, i) => (user.status === 'active' && user.role === 'user' ? [i] : [])),
    locations,
    // Head offices hold most of the fleet.
    locationWeights: locations.map((_, k) => 1 / (1 + k * 0.2)),
    vendors,
    resellers: vendors.flatMap((vendor, k) => (vendor.category === 'Reseller' ? [k] : [])),
    vendorByManufacturer: new Map(vendors.map((vendor, k) => [vendor.name, k])),
  };
}

/** When and to whom an asset went: ~30 % checked out now, some in maintenance or retired. */
export function planHistory(org: OrgPlan, index: number): AssetHistory {
  const rng = new Rng(org.seed, org.ordinal, 'history', index);
  const id = rng.uuid();
  const span = org.asOf - org.start;
  const createdAt = Math.floor(org.start + (span * (index + rng.next() * 0.9)) / org.assets);
  const fate = rng.next();
  const window = org.asOf - createdAt - 2_000;
  const ageYears = window / (365 * DAY);
  const out = fate < 0.3;
  // Histories grow with age (about two handovers a year at most); only older assets are retired.
  const statusChange = !out && fate < 0.38 ? (fate < 0.33 || ageYears < 1 ? 'maintenance' : 'retired') : null;
  const closed = Math.max(0, Math.min(rng.weighted([40, 30, 15, 10, 5]), Math.floor(ageYears * 2)));
  const count = 2 * closed + (out ? 1 : 0) + (statusChange ? 1 : 0);
  // Plain loops, no closures: this runs several times per asset.
  const times = new Float64Array(window > count ? count : 0);
  for (let n = 0; n < times.length; n++) times[n] = createdAt + 1_000 + Math.floor(rng.next() * window);
  times.sort();
  const stints: Stint[] = [];
  for (let j = 0; j < closed && times.length; j++) {
    const checkedOutAt = times[2 * j];
    stints.push({
      id: rng.uuid(), userId: org.users[rng.int(0, org.users.length - 1)].id, checkedOutAt, checkedInAt: times[2 * j + 1],
      expectedReturn: rng.chance(0.5) ? isoDate(checkedOutAt + rng.int(14, 180) * DAY) : null, performedById: org.users[rng.pick(org.admins)].id,
    });
  }
  if (out && times.length) {
    const checkedOutAt = times[2 * stints.length];
    stints.push({
      id: rng.uuid(), userId: org.users[rng.pick(org.activeUsers.length ? org.activeUsers : org.admins)].id, checkedOutAt, checkedInAt: null,
      expectedReturn: rng.chance(0.7) ? isoDate(checkedOutAt + rng.int(14, 365) * DAY) : null, performedById: org.users[rng.pick(org.admins)].id,
    });
  }
  const statusChangedAt = statusChange && times.length ? times[times.length - 1] : null;
  const open = stints.length > 0 && stints[stints.length - 1].checkedInAt === null;
  const status: StoredAssetStatus = open ? 'checked-out' : statusChangedAt ? statusChange! : stints.length ? 'checked-in' : 'active';
  return { index, id, createdAt, stints, status, statusChangedAt, updatedAt: times.length ? times[times.length - 1] : createdAt };
}

/** The asset's descriptive attributes (its own stream) with its history. */
export function planAsset(org: OrgPlan, index: number): AssetPlan {
  // No spread of the history: it made planning several times slower.
  const { id, createdAt, stints, status, statusChangedAt, updatedAt } = planHistory(org, index);
  const rng = new Rng(org.seed, org.ordinal, 'asset', index);
  const model = MODELS[rng.weighted(MODEL_WEIGHTS)];
  const purchased = createdAt - rng.int(0, 45) * DAY;
  const manufacturer = org.vendorByManufacturer.get(model.manufacturer)!;
  return {
    index, id, createdAt, stints, status, statusChangedAt, updatedAt,
    assetTag: `IT-${String(index + 1).padStart(6, '0')}`,
    model,
    name: model.model.startsWith(model.manufacturer) ? model.model : `${model.manufacturer} ${model.model}`,
    serialNumber: model.virtual ? null : serialFor(model, rng),
    notes: rng.chance(0.04) ? rng.pick(ASSET_NOTES) : null,
    value: (model.price * (0.85 + rng.next() * 0.3)).toFixed(2),
    purchaseDate: isoDate(purchased),
    warrantyExpiry: model.warrantyYears ? isoDate(purchased + model.warrantyYears * 365 * DAY) : null,
    customFields: customFieldsFor(model, rng),
    locationId: model.virtual ? null : org.locations[rng.weighted(org.locationWeights)].id,
    vendorId: org.vendors[rng.chance(0.7) || !org.resellers.length ? manufacturer : rng.pick(org.resellers)].id,
    ownerId: rng.chance(0.15) ? org.users[rng.int(0, org.users.length - 1)].id : null,
  };
}
