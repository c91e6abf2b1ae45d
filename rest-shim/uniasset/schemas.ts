// JSON Schemas of UniAsset's answers (bodies.ts), for the OpenAPI document.
import { date, dateTime, nullableDateTime, nullableUuid, object, oneOf, string, text, uuid } from '../json-schema.js';
import { uniAsset } from './adapter.js';

const { values } = uniAsset;

export const assetSchema = object({
  id: uuid, asset_tag: string, name: string, category: text, status: oneOf(values.assetStatus),
  serial_number: { type: ['string', 'null'], description: 'Masked: the last 4 characters.' },
  manufacturer: text, model: text, value: { type: ['string', 'null'], description: 'Decimal with 2 places, e.g. "2499.00"' },
  purchase_date: date, warranty_expiry: date, location_id: nullableUuid, vendor_id: nullableUuid,
  assigned_user_id: nullableUuid, expected_return: date, custom_fields: { type: 'object' }, created_at: dateTime, updated_at: dateTime,
});

export const maintenanceSchema = object({
  id: uuid, asset_id: uuid, type: oneOf(values.maintenanceType), description: text, scheduled_date: date,
  completed_at: nullableDateTime, cost: { type: ['string', 'null'], description: 'Decimal with 2 places.' },
  performed_by_user_id: nullableUuid, performed_by_vendor_id: nullableUuid, notes: text, created_at: dateTime,
});

const nullableNumber = { type: ['number', 'null'] };
export const positionSchema = object({
  id: uuid, asset_id: uuid, latitude: { type: 'number' }, longitude: { type: 'number' }, accuracy_m: nullableNumber,
  altitude_m: nullableNumber, recorded_at: dateTime, source: text, created_at: dateTime,
});
