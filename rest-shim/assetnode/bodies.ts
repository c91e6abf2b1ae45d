// AssetNode's bodies: GraphQL results → the documented snake_case JSON (schemas.ts describes them).
import type {
  AssetNodeAssignmentFragment, AssetNodeEmployeeFragment, AssetNodeHardwareFragment, AssetNodeLicenseFragment, AssetNodeSeatFragment,
  RestAuditLogQuery, RestAuthTokensFragment,
} from '../generated/operations.js';
import { restSpelling } from '../spellings.js';
import { assetNode } from './adapter.js';

const { values, money } = assetNode;
const apiStyle = restSpelling(values.apiStyle);
const assetStatus = restSpelling(values.assetStatus);
const employeeStatus = restSpelling(values.employeeStatus);
const userRole = restSpelling(values.userRole);

export function hardwareBody(asset: AssetNodeHardwareFragment) {
  return {
    _id: asset.id,
    asset_tag: asset.assetTag,
    name: asset.name,
    model: asset.model,
    category: asset.category,
    manufacturer: asset.manufacturer,
    serial_number: asset.serialNumber,
    status: assetStatus[asset.status],
    purchase_price: asset.value === null ? null : money.fromGraphQL(asset.value),
    purchase_date: asset.purchaseDate,
    warranty_expiry: asset.warrantyExpiry,
    location_id: asset.location?.id ?? null,
    location_name: asset.location?.name ?? null,
    assigned_to: asset.assignedUser?.id ?? null,
    assigned_to_name: asset.assignedUser?.name ?? null,
    expected_return: asset.expectedReturn,
    created_at: asset.createdAt,
    updated_at: asset.updatedAt,
  };
}

export function employeeBody(user: AssetNodeEmployeeFragment) {
  return {
    _id: user.id,
    name: user.name,
    email: user.email,
    department: user.department,
    title: user.title,
    role: userRole[user.role],
    status: employeeStatus[user.status],
    created_at: user.createdAt,
  };
}

export function assignmentBody(assignment: AssetNodeAssignmentFragment) {
  return {
    _id: assignment.id,
    hardware_id: assignment.asset.id,
    employee_id: assignment.user.id,
    assigned_at: assignment.checkedOutAt,
    expected_return: assignment.expectedReturn,
    returned_at: assignment.checkedInAt,
  };
}

type AuditNode = NonNullable<RestAuditLogQuery['auditEvents']>['edges'][number]['node'];

export function auditEventBody(event: AuditNode) {
  return {
    id: event.id,
    action: event.action,
    entity_type: event.entityType,
    entity_id: event.entityId,
    changes: event.changes,
    actor_id: event.actorUser?.id ?? null,
    actor_name: event.actorUser?.name ?? null,
    api_key_id: event.actorApiKeyId,
    request_id: event.requestId,
    source: apiStyle[event.source],
    created_at: event.createdAt,
  };
}

/** An access/refresh token pair (login, refresh, accept-invite). */
export function tokenPairBody(tokens: RestAuthTokensFragment) {
  return { access_token: tokens.accessToken, refresh_token: tokens.refreshToken, token_type: tokens.tokenType, expires_in: tokens.expiresIn };
}

const amount = (decimal: string | null) => (decimal === null ? null : money.fromGraphQL(decimal));

export function licenseBody(license: AssetNodeLicenseFragment) {
  return {
    _id: license.id,
    name: license.name,
    vendor: license.vendor,
    product: license.product,
    edition: license.edition,
    seats_total: license.seatsPurchased,
    seats_used: license.seatsUsed,
    seats_available: license.seatsAvailable,
    cost_per_seat: amount(license.costPerSeat),
    total_cost: amount(license.totalCost),
    purchase_date: license.purchaseDate,
    expiry_date: license.expiryDate,
    license_key: license.licenseKey,
    notes: license.notes,
    created_at: license.createdAt,
    updated_at: license.updatedAt,
  };
}

export function seatBody(seat: AssetNodeSeatFragment) {
  return {
    _id: seat.id,
    license_id: seat.license.id,
    employee_id: seat.user.id,
    employee_name: seat.user.name,
    assigned_at: seat.assignedAt,
    released_at: seat.releasedAt,
  };
}
