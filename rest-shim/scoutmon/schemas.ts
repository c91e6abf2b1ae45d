// JSON Schemas of Scoutmon's bodies (bodies.ts), for the OpenAPI document.
import { date, dateTime, nullableDateTime, nullableUuid, object, oneOf, string, text, uuid, type JsonSchema } from '../json-schema.js';
import { scoutmon } from './adapter.js';

const { values } = scoutmon;

export const assetSchema = object({
  id: uuid, asset_tag: string, name: string, category: text, status: oneOf(values.assetStatus),
  serial_number: text, value: { type: ['string', 'null'], description: 'Decimal with 2 places, e.g. "2499.00"' },
  purchase_date: date, warranty_expiry: date, manufacturer: text, model: text, notes: text,
  custom_fields: { type: 'object' }, location_id: nullableUuid, location_name: text, vendor_id: nullableUuid,
  vendor_name: text, owner_id: nullableUuid, owner_name: text, assigned_user_id: nullableUuid,
  assigned_user_name: text, expected_return: date, created_at: dateTime, updated_at: dateTime,
});

const userProperties: Record<string, JsonSchema> = {
  id: uuid, name: string, email: { type: 'string', format: 'email' }, role: oneOf(values.userRole),
  status: oneOf(values.userStatus), department: text, last_login: nullableDateTime, created_at: dateTime,
};
export const userSchema = object(userProperties);
export const invitedUserSchema = object({
  ...userProperties,
  invitation: object({ url: string, expires_at: dateTime, delivery: oneOf(values.invitationDelivery) }),
});

export const vendorSchema = object({
  id: uuid, name: string, category: text, website: text, risk_rating: oneOf(values.riskRating, true),
  compliance_status: oneOf(values.complianceStatus), primary_contact_name: text, primary_contact_email: text, notes: text,
  created_at: dateTime, updated_at: dateTime,
});

export const locationSchema = object({
  id: uuid, name: string, type: string, address: text,
  lat: { type: ['number', 'null'] }, lng: { type: ['number', 'null'] }, created_at: dateTime,
});

const webhookProperties: Record<string, JsonSchema> = {
  id: uuid, url: string, events: { type: 'array', items: string }, active: { type: 'boolean' }, created_at: dateTime,
};
export const webhookSchema = object(webhookProperties);
export const createdWebhookSchema = object({
  ...webhookProperties,
  secret: { type: 'string', description: 'The signing secret: returned only here.' },
});

export const okSchema = object({ ok: { type: 'boolean', const: true } });

export const seatSchema = object({
  id: uuid, license_id: uuid, license_name: string, vendor: text, product: text, edition: text, expiry_date: date, assigned_at: dateTime,
});
