// JSON Schemas of SenAsset's bodies (bodies.ts), for the OpenAPI document.
import { date, dateTime, object, oneOf, string, text, uuid, type JsonSchema } from '../json-schema.js';
import { senAsset } from './adapter.js';

const { values } = senAsset;

export const assetSchema = object({
  id: uuid, tag: string, name: string, status: oneOf(values.assetStatus), category: text,
  serial_number: { type: ['string', 'null'], description: 'In clear for admins (who may decrypt it), masked (last 4 characters) for others.' },
  purchase_price: { type: ['integer', 'null'], description: 'Integer cents: 249900 is 2,499.00.' },
  purchase_date: date, warranty_expires: date,
  location: { ...object({ id: uuid, name: string }), type: ['object', 'null'] },
  assignee: { ...object({ id: uuid, name: string, email: { type: 'string', format: 'email' } }), type: ['object', 'null'] },
  custom_fields: { type: 'object' },
  notes: { type: ['string', 'null'], description: 'In clear for admins, masked for others.' },
  created_at: dateTime, updated_at: dateTime,
});

export const userSchema = object({
  id: uuid, name: string, email: { type: 'string', format: 'email' }, role: oneOf(values.userRole), department: text,
  asset_count: { type: 'integer', description: 'Assets currently assigned (checked out) to the user.' }, created_at: dateTime,
});

const webhookProperties: Record<string, JsonSchema> = {
  id: uuid, url: string, events: { type: 'array', items: string }, active: { type: 'boolean' }, created_at: dateTime,
};
export const webhookSchema = object(webhookProperties);
export const createdWebhookSchema = object({
  ...webhookProperties,
  secret: { type: 'string', description: 'The signing secret: returned only here.' },
});

export const deletedSchema = object({ id: uuid, deleted: { type: 'boolean', const: true } });
