// Response shaping: GraphQL results → the documented snake_case REST bodies, the REST ↔ GraphQL
// enum spellings, and the JSON Schemas of those bodies (used by the OpenAPI document).
import type {
  RestAssetFragment, RestAuditLogQuery, RestAuthTokensFragment, RestExchangeClientCredentialMutation, RestLocationFragment,
  RestUserFragment, RestVendorFragment, RestWebhookFragment,
} from './generated/operations.js';
import type { JsonSchema } from './route-kit.js';

/** REST spelling → GraphQL enum value; `invert` gives the way back. */
export const ASSET_STATUS = {
  active: 'ACTIVE', 'checked-out': 'CHECKED_OUT', 'checked-in': 'CHECKED_IN', maintenance: 'MAINTENANCE', retired: 'RETIRED',
} as const;
export const RISK_RATING = { Low: 'LOW', Medium: 'MEDIUM', High: 'HIGH' } as const;
export const COMPLIANCE_STATUS = { Compliant: 'COMPLIANT', 'Non-Compliant': 'NON_COMPLIANT', 'Not Reviewed': 'NOT_REVIEWED' } as const;
export const USER_ROLE = { user: 'USER', admin: 'ADMIN' } as const;
export const USER_STATUS = { active: 'ACTIVE', inactive: 'INACTIVE' } as const;
export const API_STYLE = { graphql: 'GRAPHQL', rest: 'REST', cli: 'CLI' } as const;

function invert<T extends Record<string, string>>(map: T): Record<T[keyof T], keyof T & string> {
  return Object.fromEntries(Object.entries(map).map(([rest, graphql]) => [graphql, rest])) as never;
}
const restAssetStatus = invert(ASSET_STATUS);
const restRisk = invert(RISK_RATING);
const restCompliance = invert(COMPLIANCE_STATUS);
const restRole = invert(USER_ROLE);
const restUserStatus = invert(USER_STATUS);
const restStyle = invert(API_STYLE);

export function assetBody(asset: RestAssetFragment) {
  return {
    id: asset.id,
    asset_tag: asset.assetTag,
    name: asset.name,
    category: asset.category,
    status: restAssetStatus[asset.status],
    serial_number: asset.serialNumber,
    value: asset.value,
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
    role: restRole[user.role],
    status: restUserStatus[user.status],
    department: user.department,
    last_login: user.lastLoginAt,
    created_at: user.createdAt,
  };
}

export function vendorBody(vendor: RestVendorFragment) {
  return {
    id: vendor.id,
    name: vendor.name,
    category: vendor.category,
    website: vendor.website,
    risk_rating: vendor.riskRating ? restRisk[vendor.riskRating] : null,
    compliance_status: restCompliance[vendor.complianceStatus],
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
    source: restStyle[event.source],
    created_at: event.createdAt,
  };
}

/** An access/refresh token pair (login, refresh, accept-invite). */
export function tokenPairBody(tokens: RestAuthTokensFragment) {
  return { access_token: tokens.accessToken, refresh_token: tokens.refreshToken, token_type: tokens.tokenType, expires_in: tokens.expiresIn };
}

/** A client credential's access token (no refresh token: exchange the credential again). */
export function clientTokenBody(token: NonNullable<RestExchangeClientCredentialMutation['exchangeClientCredential']>) {
  return { access_token: token.accessToken, token_type: token.tokenType, expires_in: token.expiresIn };
}

// ---- JSON Schemas of the bodies above (OpenAPI 3.1 speaks JSON Schema) ----

const text = { type: ['string', 'null'] };
const uuid = { type: 'string', format: 'uuid' };
const nullableUuid = { type: ['string', 'null'], format: 'uuid' };
const date = { type: ['string', 'null'], format: 'date' };
const dateTime = { type: 'string', format: 'date-time' };
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' };
const oneOf = (map: Record<string, string>, nullable = false) => ({ type: nullable ? ['string', 'null'] : 'string', enum: [...Object.keys(map), ...(nullable ? [null] : [])] });
const object = (properties: Record<string, unknown>): JsonSchema => ({ type: 'object', required: Object.keys(properties), properties });

export const assetSchema = object({
  id: uuid, asset_tag: { type: 'string' }, name: { type: 'string' }, category: text, status: oneOf(ASSET_STATUS),
  serial_number: text, value: { type: ['string', 'null'], description: 'Decimal with 2 places, e.g. "2499.00"' },
  purchase_date: date, warranty_expiry: date, manufacturer: text, model: text, notes: text,
  custom_fields: { type: 'object' }, location_id: nullableUuid, location_name: text, vendor_id: nullableUuid,
  vendor_name: text, owner_id: nullableUuid, owner_name: text, assigned_user_id: nullableUuid,
  assigned_user_name: text, expected_return: date, created_at: dateTime, updated_at: dateTime,
});
const userProperties = {
  id: uuid, name: { type: 'string' }, email: { type: 'string', format: 'email' }, role: oneOf(USER_ROLE),
  status: oneOf(USER_STATUS), department: text, last_login: nullableDateTime, created_at: dateTime,
};
export const userSchema = object(userProperties);
export const invitedUserSchema = object({
  ...userProperties,
  invitation: object({ url: { type: 'string' }, expires_at: dateTime, delivery: oneOf({ email: 'EMAIL', log: 'LOG', failed: 'FAILED' }) }),
});
export const vendorSchema = object({
  id: uuid, name: { type: 'string' }, category: text, website: text, risk_rating: oneOf(RISK_RATING, true),
  compliance_status: oneOf(COMPLIANCE_STATUS), primary_contact_name: text, primary_contact_email: text, notes: text,
  created_at: dateTime, updated_at: dateTime,
});
export const locationSchema = object({
  id: uuid, name: { type: 'string' }, type: { type: 'string' }, address: text,
  lat: { type: ['number', 'null'] }, lng: { type: ['number', 'null'] }, created_at: dateTime,
});
export const auditEventSchema = object({
  id: uuid, action: { type: 'string' }, entity_type: { type: 'string' }, entity_id: uuid, changes: { type: 'object' },
  actor_id: nullableUuid, actor_name: text, api_key_id: nullableUuid, request_id: text, source: oneOf(API_STYLE),
  created_at: dateTime,
});
export const webhookSchema = object({
  id: uuid, url: { type: 'string' }, events: { type: 'array', items: { type: 'string' } }, active: { type: 'boolean' },
  created_at: dateTime,
});
export const createdWebhookSchema = object({
  ...webhookSchema.properties as Record<string, unknown>,
  secret: { type: 'string', description: 'The signing secret: returned only here.' },
});
export const tokenPairSchema = object({
  access_token: { type: 'string', description: 'A JWT: send it as `Authorization: Bearer <access_token>`.' },
  refresh_token: { type: 'string', description: 'Single use: POST it to /api/auth/refresh for a new pair. Valid 30 days.' },
  token_type: { type: 'string', const: 'Bearer' },
  expires_in: { type: 'integer', description: 'Seconds until the access token expires.' },
});
export const clientTokenSchema = object({
  access_token: { type: 'string', description: 'A JWT: send it as `Authorization: JWT <access_token>` (or Bearer).' },
  token_type: { type: 'string', const: 'JWT' },
  expires_in: { type: 'integer', description: 'Seconds until the access token expires.' },
});
export const okSchema = object({ ok: { type: 'boolean', const: true } });
export const errorSchema = object({ error: { type: 'string' } });
export const listOf = (schema: JsonSchema): JsonSchema => ({ type: 'array', items: schema });
