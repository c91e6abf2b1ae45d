// AssetIT's POST /api/auth/token (seed 004): a client id and secret → an access token. Public,
// rate-limited like AssetNode's log-in routes.
import * as op from '../generated/operations.js';
import { defineRoute } from '../define-route.js';
import { filled } from '../parse-fields.js';
import { found } from '../rest-error.js';
import { routeTable } from '../route.js';
import { assetIt } from './adapter.js';
import { clientTokenBody } from './bodies.js';
import { clientTokenSchema } from './schemas.js';

export const assetItAuth = routeTable('auth', [
  defineRoute(assetIt, {
    method: 'POST', path: '/api/auth/token', summary: 'Exchange client credentials for an access token', access: 'public',
    operation: op.RestExchangeClientCredentialDocument,
    body: {
      client_id: { type: 'string', required: true },
      client_secret: { type: 'string', required: true },
    },
    variables: ({ body }) => {
      const { client_id, client_secret } = filled(body, 'client_id', 'client_secret');
      return { clientId: client_id, clientSecret: client_secret };
    },
    respond: (data) => ({ body: clientTokenBody(found(data.exchangeClientCredential, 'Client credential')) }),
    success: {
      status: 200,
      description: "An access token acting as the credential's user: send it as `Authorization: JWT <access_token>` (or Bearer). No refresh token: exchange the credential again.",
      schema: clientTokenSchema,
    },
  }),
]);
