// Plans → table rows, column by column as stored (enum values in their stored spelling, serial
// numbers and notes encrypted with their blind index, audit changes shaped as the app writes them).
import type { FieldCipher } from '../crypto/field-cipher.js';
import { isoTime } from './dates.js';
import { DAY, type AssetHistory, type AssetPlan, type OrgPlan } from './plan.js';
import { Rng } from './random.js';

export type Row = unknown[];

export const COLUMNS = {
  users: ['id', 'organization_id', 'name', 'email', 'role', 'status', 'department', 'last_login_at', 'created_at', 'updated_at'],
  locations: ['id', 'organization_id', 'name', 'type', 'address', 'lat', 'lng', 'created_at', 'updated_at'],
  vendors: [
    'id', 'organization_id', 'name', 'category', 'website', 'risk_rating', 'compliance_status', 'primary_contact_name',
    'primary_contact_email', 'created_at', 'updated_at',
  ],
  assets: [
    'id', 'organization_id', 'asset_tag', 'name', 'category', 'status', 'serial_number', 'serial_number_hash', 'value',
    'purchase_date', 'warranty_expiry', 'manufacturer', 'model', 'notes', 'custom_fields', 'location_id', 'vendor_id',
    'owner_id', 'assigned_user_id', 'expected_return', 'created_at', 'updated_at',
  ],
  assignments: ['id', 'organization_id', 'asset_id', 'user_id', 'checked_out_at', 'expected_return', 'checked_in_at', 'performed_by_id'],
  audit_events: [
    'id', 'organization_id', 'actor_user_id', 'actor_api_key_id', 'action', 'entity_type', 'entity_id', 'changes',
    'request_id', 'source', 'created_at',
  ],
} as const;

export type Table = keyof typeof COLUMNS;

const iso = (ms: number | null) => (ms === null ? null : isoTime(ms));

export function userRows(org: OrgPlan): Row[] {
  return org.users.map((user) => [
    user.id, org.organizationId, user.name, user.email, user.role, user.status, user.department,
    iso(user.lastLoginAt), iso(user.createdAt), iso(user.lastLoginAt ?? user.createdAt),
  ]);
}

export function locationRows(org: OrgPlan): Row[] {
  return org.locations.map((site) => [
    site.id, org.organizationId, site.name, site.type, site.address, site.lat, site.lng, iso(site.createdAt), iso(site.createdAt),
  ]);
}

export function vendorRows(org: OrgPlan): Row[] {
  return org.vendors.map((vendor) => {
    const rng = new Rng(org.seed, org.ordinal, 'vendor', vendor.name);
    const slug = vendor.name.toLowerCase().replace(/[^a-z0-9]+/g, '');
    const contact = `${rng.pick(['Alex', 'Sam', 'Jordan', 'Taylor', 'Morgan', 'Casey'])} ${rng.pick(['Reed', 'Park', 'Shaw', 'Quinn', 'Ellis', 'Hayes'])}`;
    return [
      vendor.id, org.organizationId, vendor.name, vendor.category, `https://www.${slug}.com`,
      ['Low', 'Medium', 'High', null][rng.weighted([50, 30, 8, 12])],
      ['Compliant', 'Non-Compliant', 'Not Reviewed'][rng.weighted([60, 8, 32])],
      contact, `${contact.split(' ')[0].toLowerCase()}@${slug}.example`, iso(vendor.createdAt), iso(vendor.createdAt + rng.int(0, 600) * DAY),
    ];
  });
}

export function assetRow(org: OrgPlan, asset: AssetPlan, cipher: FieldCipher): Row {
  const open = asset.stints.at(-1)?.checkedInAt === null ? asset.stints.at(-1)! : null;
  return [
    asset.id, org.organizationId, asset.assetTag, asset.name, asset.model.category, asset.status,
    asset.serialNumber && cipher.encrypt(asset.serialNumber), asset.serialNumber && cipher.blindIndex(asset.serialNumber),
    asset.value, asset.purchaseDate, asset.warrantyExpiry, asset.model.manufacturer, asset.model.model,
    asset.notes && cipher.encrypt(asset.notes), asset.customFields, asset.locationId, asset.vendorId, asset.ownerId,
    open?.userId ?? null, open?.expectedReturn ?? null, iso(asset.createdAt), iso(asset.updatedAt),
  ];
}

export function assignmentRows(org: OrgPlan, asset: AssetHistory): Row[] {
  return asset.stints.map((stint) => [
    stint.id, org.organizationId, asset.id, stint.userId, iso(stint.checkedOutAt), stint.expectedReturn, iso(stint.checkedInAt), stint.performedById,
  ]);
}

export const EventKind = { created: 0, checkedOut: 1, checkedIn: 2, statusChanged: 3 } as const;
export type EventKind = (typeof EventKind)[keyof typeof EventKind];


/** When an asset's event happened (`stint` numbers the checkout for kinds 1 and 2). */
export function eventTime(asset: AssetHistory, kind: EventKind, stint: number): number {
  if (kind === EventKind.created) return asset.createdAt;
  if (kind === EventKind.checkedOut) return asset.stints[stint].checkedOutAt;
  if (kind === EventKind.checkedIn) return asset.stints[stint].checkedInAt!;
  return asset.statusChangedAt!;
}

// Dates in `changes` are written as the app's diff writes them: a Date's ISO string.
const dateTime = (date: string | null) => (date === null ? null : `${date}T00:00:00.000Z`);
function added(fields: Record<string, unknown>): Record<string, unknown> {
  // A loop, not entries/filter/map/fromEntries: this runs for every asset.
  const changes: Record<string, unknown> = {};
  for (const name in fields) if (fields[name] != null) changes[name] = { before: null, after: fields[name] };
  return changes;
}

function changesOf(asset: AssetHistory | AssetPlan, kind: EventKind, stint: number): Record<string, unknown> {
  if (kind === EventKind.created && 'assetTag' in asset) {
    return added({
      assetTag: asset.assetTag, name: asset.name, category: asset.model.category, status: 'active',
      serialNumber: asset.serialNumber && '[encrypted]', value: asset.value, purchaseDate: dateTime(asset.purchaseDate),
      warrantyExpiry: dateTime(asset.warrantyExpiry), manufacturer: asset.model.manufacturer, model: asset.model.model,
      notes: asset.notes && '[encrypted]', customFields: asset.customFields, locationId: asset.locationId,
      vendorId: asset.vendorId, ownerId: asset.ownerId,
    });
  }
  if (kind === EventKind.statusChanged) return { status: { before: asset.stints.length ? 'checked-in' : 'active', after: asset.status } };
  const { userId, expectedReturn } = asset.stints[stint];
  const returnDate = expectedReturn && { expectedReturn: { before: null, after: dateTime(expectedReturn) } };
  if (kind === EventKind.checkedOut) {
    return { status: { before: stint ? 'checked-in' : 'active', after: 'checked-out' }, assignedUserId: { before: null, after: userId }, ...returnDate };
  }
  return {
    status: { before: 'checked-out', after: 'checked-in' }, assignedUserId: { before: userId, after: null },
    ...(expectedReturn && { expectedReturn: { before: dateTime(expectedReturn), after: null } }),
  };
}

const ACTIONS = ['asset.created', 'asset.checked_out', 'asset.checked_in', 'asset.updated'] as const;

/**
 * An event of an asset, acted by one of the organization's IT admins through GraphQL or REST.
 * Only asset.created needs the attributes (the whole plan); the others need its history.
 */
export function eventRow(org: OrgPlan, asset: AssetHistory | AssetPlan, kind: EventKind, stint: number): Row {
  if (kind === EventKind.created && !('assetTag' in asset)) throw new Error('seed: asset.created needs the asset\'s attributes');
  const rng = new Rng(org.seed, org.ordinal, 'event', asset.index, kind, stint);
  const actor = kind === EventKind.checkedOut ? asset.stints[stint].performedById : org.users[rng.pick(org.admins)].id;
  return [
    rng.uuid(), org.organizationId, actor, null, ACTIONS[kind], 'Asset', asset.id, changesOf(asset, kind, stint),
    rng.uuid(), rng.chance(0.25) ? 'rest' : 'graphql', iso(eventTime(asset, kind, stint)),
  ];
}
