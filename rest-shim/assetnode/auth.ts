// AssetNode's log-in routes (seed 001): public, rate-limited per client address (10/min over all
// auth routes) and per account (5/min). Access tokens last 15 minutes; refresh tokens renew them.
import * as op from '../generated/operations.js';
import { defineRoute } from '../define-route.js';
import { fields } from '../field-specs.js';
import { filled } from '../parse-fields.js';
import { found } from '../rest-error.js';
import { routeTable } from '../route.js';
import { assetNode } from './adapter.js';
import { tokenPairBody } from './bodies.js';
import { tokenPairSchema } from './schemas.js';

const REFRESH_TOKEN_BODY = fields({
  refresh_token: { type: 'string', required: true, description: 'The refresh token from login, refresh or accept-invite.' },
});

export const assetNodeAuth = routeTable('auth', [
  defineRoute(assetNode, {
    method: 'POST', path: '/api/auth/login', summary: 'Log in with email and password', access: 'public',
    operation: op.RestLoginDocument,
    body: {
      email: { type: 'string', required: true },
      password: { type: 'string', required: true },
      organization_id: { type: 'uuid', description: 'Only needed when the email signs in to several organizations.' },
    },
    variables: ({ body }) => {
      const { email, password, organization_id } = filled(body, 'email', 'password');
      return { email, password, organizationId: organization_id };
    },
    respond: (data) => ({ body: tokenPairBody(found(data.login, 'Session')) }),
    success: {
      status: 200,
      description: 'An access token (expires after expires_in seconds) and the refresh token that renews it. A wrong password and an unknown email answer the same 401.',
      schema: tokenPairSchema,
    },
  }),
  defineRoute(assetNode, {
    method: 'POST', path: '/api/auth/refresh', summary: 'Exchange a refresh token for a new token pair', access: 'public',
    operation: op.RestRefreshAccessTokenDocument,
    body: REFRESH_TOKEN_BODY,
    variables: ({ body }) => ({ refreshToken: filled(body, 'refresh_token').refresh_token }),
    respond: (data) => ({ body: tokenPairBody(found(data.refreshAccessToken, 'Session')) }),
    success: {
      status: 200,
      description: 'A new pair; the refresh token sent is spent. Sending a spent one again ends the whole session (401).',
      schema: tokenPairSchema,
    },
  }),
  defineRoute(assetNode, {
    method: 'POST', path: '/api/auth/logout', summary: "End a refresh token's session", access: 'public',
    operation: op.RestLogoutDocument,
    body: REFRESH_TOKEN_BODY,
    variables: ({ body }) => ({ refreshToken: filled(body, 'refresh_token').refresh_token }),
    respond: (data) => (found(data.logout, 'Session'), { status: 204, body: undefined }),
    success: { status: 204, description: "Logged out: the session's refresh and access tokens stop working." },
  }),
  defineRoute(assetNode, {
    method: 'POST', path: '/api/auth/accept-invite', summary: 'Accept an invitation: set a password and log in', access: 'public',
    operation: op.RestAcceptInviteDocument,
    body: {
      token: { type: 'string', required: true, description: 'The token from the invitation link (after #token=).' },
      password: { type: 'string', required: true, description: '12 to 256 characters.' },
    },
    variables: ({ body }) => {
      const { token, password } = filled(body, 'token', 'password');
      return { token, password };
    },
    respond: (data) => ({ body: tokenPairBody(found(data.acceptInvite, 'Invitation')) }),
    success: { status: 200, description: 'The password is set (the invitation is spent) and the user logged in.', schema: tokenPairSchema },
  }),
]);
