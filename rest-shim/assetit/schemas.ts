// JSON Schemas of AssetIT's bodies (bodies.ts), for the OpenAPI document.
import { object } from '../json-schema.js';

export const clientTokenSchema = object({
  access_token: { type: 'string', description: 'A JWT: send it as `Authorization: JWT <access_token>` (or Bearer).' },
  token_type: { type: 'string', const: 'JWT' },
  expires_in: { type: 'integer', description: 'Seconds until the access token expires.' },
});
