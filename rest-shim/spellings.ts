// The REST spellings of GraphQL enum values, per dialect where they differ: REST spelling →
// GraphQL value. Each map must spell every value of its GraphQL enum (the compiler checks), so a
// new enum value cannot leave a dialect answering `undefined`. `restSpelling` gives the way back.
import type {
  ApiStyle, AssetOrderField, AssetStatus, ComplianceStatus, DashboardAlertKind, DepreciationMethod, InvitationDelivery, LicenseOrderField, MaintenanceType, RiskRating,
  SortDirection, UserRole, UserStatus,
} from './generated/operations.js';

/** A spelling of the GraphQL enum `G`: `spelling<G>()({ ... })` fails to compile when a value of G has none. */
const spelling = <G extends string>() =>
  <const M extends Readonly<Record<string, G>>>(map: M, ..._everyValue: Exclude<G, M[keyof M]> extends never ? [] : [missing: Exclude<G, M[keyof M]>]): M => map;

/** GraphQL value → REST spelling. */
export function restSpelling<const M extends Readonly<Record<string, string>>>(map: M): Record<M[keyof M], keyof M & string> {
  // Built from the map's own entries, so every GraphQL value of M gets its spelling.
  return Object.fromEntries(Object.entries(map).map(([rest, graphql]) => [graphql, rest])) as Record<M[keyof M], keyof M & string>;
}

/** Scoutmon (seed 003), the primary /api contract. */
export const scoutmonSpellings = {
  assetStatus: spelling<AssetStatus>()({
    active: 'ACTIVE', 'checked-out': 'CHECKED_OUT', 'checked-in': 'CHECKED_IN', maintenance: 'MAINTENANCE', retired: 'RETIRED',
  }),
  assetSortField: spelling<AssetOrderField>()({
    name: 'NAME', created_at: 'CREATED_AT', status: 'STATUS', category: 'CATEGORY', value: 'VALUE', asset_tag: 'ASSET_TAG',
  }),
  sortDirection: spelling<SortDirection>()({ asc: 'ASC', desc: 'DESC' }),
  riskRating: spelling<RiskRating>()({ Low: 'LOW', Medium: 'MEDIUM', High: 'HIGH' }),
  complianceStatus: spelling<ComplianceStatus>()({ Compliant: 'COMPLIANT', 'Non-Compliant': 'NON_COMPLIANT', 'Not Reviewed': 'NOT_REVIEWED' }),
  userRole: spelling<UserRole>()({ user: 'USER', admin: 'ADMIN' }),
  userStatus: spelling<UserStatus>()({ active: 'ACTIVE', inactive: 'INACTIVE' }),
  invitationDelivery: spelling<InvitationDelivery>()({ email: 'EMAIL', log: 'LOG', failed: 'FAILED' }),
};

/** AssetNode (seed 001): the audit trail's `source`, hardware and employees. */
export const assetNodeSpellings = {
  apiStyle: spelling<ApiStyle>()({ graphql: 'GRAPHQL', rest: 'REST', cli: 'CLI' }),
  assetStatus: spelling<AssetStatus>()({
    active: 'ACTIVE', assigned: 'CHECKED_OUT', returned: 'CHECKED_IN', maintenance: 'MAINTENANCE', retired: 'RETIRED',
  }),
  // `sort=name` ascending, `sort=-name` descending (the direction is read from the sign).
  hardwareSort: spelling<AssetOrderField>()({
    name: 'NAME', '-name': 'NAME', created_at: 'CREATED_AT', '-created_at': 'CREATED_AT', status: 'STATUS', '-status': 'STATUS',
    category: 'CATEGORY', '-category': 'CATEGORY', purchase_price: 'VALUE', '-purchase_price': 'VALUE', asset_tag: 'ASSET_TAG', '-asset_tag': 'ASSET_TAG',
  }),
  licenseSort: spelling<LicenseOrderField>()({
    name: 'NAME', '-name': 'NAME', vendor: 'VENDOR', '-vendor': 'VENDOR', expiry_date: 'EXPIRY_DATE', '-expiry_date': 'EXPIRY_DATE',
    created_at: 'CREATED_AT', '-created_at': 'CREATED_AT',
  }),
  depreciationMethod: spelling<DepreciationMethod>()({ straight_line: 'STRAIGHT_LINE', declining_balance: 'DECLINING_BALANCE' }),
  alertKind: spelling<DashboardAlertKind>()({
    warranty_expiring: 'WARRANTY_EXPIRING', overdue_return: 'OVERDUE_RETURN', license_expiring: 'LICENSE_EXPIRING',
    license_over_assigned: 'LICENSE_OVER_ASSIGNED',
  }),
  employeeStatus: spelling<UserStatus>()({ active: 'ACTIVE', inactive: 'INACTIVE' }),
  userRole: spelling<UserRole>()({ user: 'USER', admin: 'ADMIN' }),
};

/**
 * SenAsset (seed 000, /v1): four statuses for our five, `available` being active or checked in.
 * Written: REST spelling → the status it sets (`assigned` comes from an assignment: refused).
 */
export const senAssetSpellings = {
  assetStatus: { available: 'ACTIVE', assigned: 'CHECKED_OUT', maintenance: 'MAINTENANCE', retired: 'RETIRED' } as const satisfies Record<string, AssetStatus>,
  userRole: spelling<UserRole>()({ member: 'USER', admin: 'ADMIN' }),
};

/** SenAsset's status of each of ours (every value must have one: the compiler checks). */
export const senAssetStatusOf: Readonly<Record<AssetStatus, keyof typeof senAssetSpellings.assetStatus>> = {
  ACTIVE: 'available', CHECKED_IN: 'available', CHECKED_OUT: 'assigned', MAINTENANCE: 'maintenance', RETIRED: 'retired',
};

/** Our statuses SenAsset spells `rest` (available: active and checked in). */
export const senAssetStatusesOf = (rest: keyof typeof senAssetSpellings.assetStatus): AssetStatus[] =>
  (Object.keys(senAssetStatusOf) as AssetStatus[]).filter((status) => senAssetStatusOf[status] === rest);
/** UniAsset (seed 002): snake_case values. */
export const uniAssetSpellings = {
  assetStatus: spelling<AssetStatus>()({
    active: 'ACTIVE', checked_out: 'CHECKED_OUT', checked_in: 'CHECKED_IN', maintenance: 'MAINTENANCE', retired: 'RETIRED',
  }),
  maintenanceType: spelling<MaintenanceType>()({
    repair: 'REPAIR', inspection: 'INSPECTION', calibration: 'CALIBRATION', upgrade: 'UPGRADE', cleaning: 'CLEANING', other: 'OTHER',
  }),
};
