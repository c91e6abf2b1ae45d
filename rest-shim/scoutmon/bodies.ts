// Scoutmon's bodies: GraphQL results → the documented snake_case JSON (schemas.ts describes them).
import type {
  RestAssetFragment, RestUserAssetsQuery, RestInviteUserMutation, RestLocationFragment, RestUserFragment, RestVendorFragment, RestWebhookFragment,
} from '../generated/operations.js';
import { restSpelling } from '../spellings.js';
import { scoutmon } from './adapter.js';

const { values, money } = scoutmon;
const assetStatus = restSpelling(values.assetStatus);
const riskRating = restSpelling(values.riskRating);
const complianceStatus = restSpelling(values.complianceStatus);
const userRole = restSpelling(values.userRole);
const userStatus = restSpelling(values.userStatus);
const invitationDelivery = restSpelling(values.invitationDelivery);

export function assetBody(asset: RestAssetFragment) {
  return {
    id: asset.id,
    asset_tag: asset.assetTag,
    name: asset.name,
    category: asset.category,
    status: assetStatus[asset.status],
    serial_number: asset.serialNumber,
    value: asset.value === null ? null : money.fromGraphQL(asset.value),
    purchase_date: asset.purchaseDate,
    warranty_expiry: asset.warrantyExpiry,
    manufacturer: asset.manufacturer,
    model: asset.model,
    notes: asset.notes,
    custom_fields: asset.customFields,
    location_id: asset.location?.id ?? null,
    location_name: asset.location?.name ?? null,
    vendor_id: asset.vendor?.id ?? null,
    vendor_name: asset.vendor?.name ?? null,
    owner_id: asset.owner?.id ?? null,
    owner_name: asset.owner?.name ?? null,
    assigned_user_id: asset.assignedUser?.id ?? null,
    assigned_user_name: asset.assignedUser?.name ?? null,
    expected_return: asset.expectedReturn,
    created_at: asset.createdAt,
    updated_at: asset.updatedAt,
  };
}

export function userBody(user: RestUserFragment) {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: userRole[user.role],
    status: userStatus[user.status],
    department: user.department,
    last_login: user.lastLoginAt,
    created_at: user.createdAt,
  };
}

type InvitedUser = NonNullable<RestInviteUserMutation['inviteUser']>;

/** The invited user as a user, plus the link to pass on when the e-mail did not go out. */
export function invitedUserBody({ user, invitation }: InvitedUser) {
  return {
    ...userBody(user),
    invitation: invitation && { url: invitation.url, expires_at: invitation.expiresAt, delivery: invitationDelivery[invitation.delivery] },
  };
}

export function vendorBody(vendor: RestVendorFragment) {
  return {
    id: vendor.id,
    name: vendor.name,
    category: vendor.category,
    website: vendor.website,
    risk_rating: vendor.riskRating ? riskRating[vendor.riskRating] : null,
    compliance_status: complianceStatus[vendor.complianceStatus],
    primary_contact_name: vendor.primaryContactName,
    primary_contact_email: vendor.primaryContactEmail,
    notes: vendor.notes,
    created_at: vendor.createdAt,
    updated_at: vendor.updatedAt,
  };
}

export function locationBody(location: RestLocationFragment) {
  return {
    id: location.id,
    name: location.name,
    type: location.type,
    address: location.address,
    lat: location.lat,
    lng: location.lng,
    created_at: location.createdAt,
  };
}

export function webhookBody(webhook: RestWebhookFragment) {
  return { id: webhook.id, url: webhook.url, events: webhook.events, active: webhook.active, created_at: webhook.createdAt };
}

type HeldSeat = NonNullable<RestUserAssetsQuery['user']>['seats']['edges'][number]['node'];

/** A licence seat the user holds (GET /api/users/:id/assets). */
export function seatBody(seat: HeldSeat) {
  const { license } = seat;
  return {
    id: seat.id, license_id: license.id, license_name: license.name, vendor: license.vendor, product: license.product,
    edition: license.edition, expiry_date: license.expiryDate, assigned_at: seat.assignedAt,
  };
}
