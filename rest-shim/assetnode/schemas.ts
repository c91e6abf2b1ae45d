// JSON Schemas of AssetNode's bodies (bodies.ts), for the OpenAPI document.
import { date, dateTime, listOf, nullableDateTime, nullableUuid, object, oneOf, string, text, uuid } from '../json-schema.js';
import { assetNode } from './adapter.js';

const { values } = assetNode;
const money = { type: ['string', 'null'], description: 'Decimal in currency units, e.g. "2499.00".' };

export const hardwareSchema = object({
  _id: uuid, asset_tag: string, name: string, model: text, category: text, manufacturer: text,
  serial_number: { type: ['string', 'null'], description: 'Masked: the last 4 characters show.' },
  status: oneOf(values.assetStatus), purchase_price: money, purchase_date: date, warranty_expiry: date,
  location_id: nullableUuid, location_name: text, assigned_to: { ...nullableUuid, description: 'The employee holding it.' },
  assigned_to_name: text, expected_return: date, created_at: dateTime, updated_at: dateTime,
});

export const employeeSchema = object({
  _id: uuid, name: string, email: { type: 'string', format: 'email' }, department: text, title: text,
  role: oneOf(values.userRole), status: oneOf(values.employeeStatus), created_at: dateTime,
});

export const assignmentSchema = object({
  _id: uuid, hardware_id: uuid, employee_id: uuid, assigned_at: dateTime, expected_return: date,
  returned_at: { ...nullableDateTime, description: 'Null while the hardware is still out.' },
});

export const auditEventSchema = object({
  id: uuid, action: string, entity_type: string, entity_id: uuid, changes: { type: 'object' },
  actor_id: nullableUuid, actor_name: text, api_key_id: nullableUuid, request_id: text, source: oneOf(assetNode.values.apiStyle),
  created_at: dateTime,
});

export const tokenPairSchema = object({
  access_token: { type: 'string', description: 'A JWT: send it as `Authorization: Bearer <access_token>`.' },
  refresh_token: { type: 'string', description: 'Single use: POST it to /api/auth/refresh for a new pair. Valid 30 days.' },
  token_type: { type: 'string', const: 'Bearer' },
  expires_in: { type: 'integer', description: 'Seconds until the access token expires.' },
});

export const licenseSchema = object({
  _id: uuid, name: string, vendor: text, product: text, edition: text,
  seats_total: { type: 'integer', description: 'Seats purchased.' }, seats_used: { type: 'integer', description: 'Seats assigned now.' },
  seats_available: { type: 'integer', description: 'seats_total - seats_used; negative when over-assigned.' },
  cost_per_seat: money, total_cost: { ...money, description: 'As given, or cost_per_seat × seats_total.' },
  purchase_date: date, expiry_date: date, license_key: { type: ['string', 'null'], description: 'Masked: the last 4 characters show.' },
  notes: text, created_at: dateTime, updated_at: dateTime,
});

export const seatSchema = object({
  _id: uuid, license_id: uuid, employee_id: uuid, employee_name: string, assigned_at: dateTime,
  released_at: { ...nullableDateTime, description: 'Null while the seat is held.' },
});

const amount = { type: 'string', description: 'Decimal in currency units, e.g. "1374.75".' };
const depreciationTotalSchema = object({
  category: text, asset_count: { type: 'integer' }, cost: amount, accumulated_depreciation: amount, book_value: amount,
});

export const depreciationReportSchema = object({
  as_of: { type: 'string', format: 'date' },
  assets: listOf(object({
    _id: uuid, asset_tag: string, name: string, category: text, purchase_date: { type: 'string', format: 'date' },
    method: oneOf(values.depreciationMethod), useful_life_years: { type: 'integer' }, cost: amount, salvage_value: amount,
    accumulated_depreciation: amount, book_value: amount,
  })),
  by_category: listOf(depreciationTotalSchema),
  totals: depreciationTotalSchema,
});

export const dashboardSchema = object({
  as_of: { type: 'string', format: 'date' },
  assets: object({
    total: { type: 'integer' },
    by_status: object(Object.fromEntries(Object.keys(values.assetStatus).map((status) => [status, { type: 'integer' }]))),
    by_category: listOf(object({ category: text, count: { type: 'integer' }, total_value: amount })),
    total_value: amount, book_value: { ...amount, description: 'Sum of book values today (see /api/reports/depreciation).' },
  }),
  assignments: object({ active: { type: 'integer' }, overdue: { type: 'integer', description: 'Past their expected return date.' } }),
  licenses: object({ seats_used: { type: 'integer' }, seats_total: { type: 'integer' } }),
  alerts: listOf(object({
    kind: oneOf(values.alertKind), entity_type: { type: 'string', enum: ['Asset', 'Assignment', 'License'] }, entity_id: uuid,
    message: string, due_date: date,
  })),
});
