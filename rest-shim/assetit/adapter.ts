// AssetIT (seed 004): client credentials exchanged for a JWT sent as `Authorization: JWT <token>`.
// Its one route lives under Scoutmon's /api prefix; errors are { "error": "…" }.
import { messageErrorBody, messageErrorSchema, uuidPathId } from '../adapter-parts.js';
import type { Dialect } from '../dialect.js';

export const assetIt = {
  name: 'AssetIT',
  description: 'AssetIT client credentials: exchange a client id and secret for an access token (no refresh token). Errors are { "error": "…" }.',
  prefixes: [],
  errorBody: messageErrorBody,
  errorSchema: messageErrorSchema,
  pathId: uuidPathId,
} satisfies Dialect;
