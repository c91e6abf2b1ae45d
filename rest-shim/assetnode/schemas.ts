// JSON Schemas of AssetNode's bodies (bodies.ts), for the OpenAPI document.
import { dateTime, nullableUuid, object, oneOf, string, text, uuid } from '../json-schema.js';
import { assetNode } from './adapter.js';

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
