// SenAsset's /v1/users routes (seed 000, "Users API"): list, invite, and a user's current assets.
import * as op from '../generated/operations.js';
import { defineListRoute, defineRoute } from '../define-route.js';
import { fields, toGraphQLInput } from '../field-specs.js';
import { found } from '../rest-error.js';
import { routeTable } from '../route.js';
import { senAsset } from './adapter.js';
import { assetBody, userBody } from './bodies.js';
import { assetSchema, userSchema } from './schemas.js';

const { values } = senAsset;

const INVITE_BODY = fields({
  name: { type: 'string', description: 'Display name. Defaults to the part of the email before @.' },
  email: { type: 'string', required: true, description: 'The address the invitation goes to.' },
  role: { type: 'string', enum: values.userRole, description: 'member (default) or admin.' },
  department: { type: 'string', description: 'e.g. Operations.' },
});

export const senAssetUsers = routeTable('SenAsset', [
  defineListRoute(senAsset, {
    method: 'GET', path: '/v1/users', summary: 'List all users', access: 'read',
    operation: op.SenAssetListUsersDocument,
    query: {
      role: { type: 'string', enum: values.userRole, description: 'member or admin.' },
    },
    variables: ({ query, page }) => ({ ...page, filter: { role: query.role && values.userRole[query.role] } }),
    list: (data) => data.users,
    item: userBody,
    success: { description: 'Users by name, with the number of assets assigned to each.', item: userSchema },
  }),
  defineRoute(senAsset, {
    method: 'POST', path: '/v1/users', summary: 'Invite a user', access: 'write admin',
    operation: op.SenAssetInviteUserDocument,
    body: INVITE_BODY,
    variables: ({ body }) => ({ input: toGraphQLInput(INVITE_BODY, body) }),
    respond: (data) => ({ status: 201, body: userBody(found(data.inviteUser, 'User').user) }),
    success: { status: 201, description: 'The invited user (the invitation is e-mailed, valid 7 days).', schema: userSchema },
  }),
  defineListRoute(senAsset, {
    method: 'GET', path: '/v1/users/:id/assets', summary: "Get a user's assets", access: 'read',
    pathIds: { id: 'User' },
    operation: op.SenAssetUserAssetsDocument,
    variables: ({ params, page }) => ({ id: params.id, ...page }),
    list: (data) => {
      found(data.user, 'User');
      return data.assets;
    },
    item: assetBody,
    success: { description: 'The assets currently assigned to the user, newest first.', item: assetSchema },
  }),
]);
