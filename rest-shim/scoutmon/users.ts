// Scoutmon's /api/users routes (seed 003).
import * as op from '../generated/operations.js';
import { defineListRoute, defineRoute } from '../define-route.js';
import { fields, toGraphQLInput } from '../field-specs.js';
import { found } from '../rest-error.js';
import { routeTable } from '../route.js';
import { scoutmon } from './adapter.js';
import { assetBody, invitedUserBody, seatBody, userBody } from './bodies.js';
import { assetSchema, invitedUserSchema, seatSchema, userSchema } from './schemas.js';
import { listOf } from '../json-schema.js';

const { values } = scoutmon;

const INVITE_BODY = fields({
  email: { type: 'string', required: true, description: "User's email address." },
  name: { type: 'string', description: 'Display name. Defaults to the email prefix.' },
  role: { type: 'string', enum: values.userRole, description: 'Default: user.' },
  department: { type: 'string' },
});
const UPDATE_BODY = fields({
  name: { type: 'string' },
  role: { type: 'string', enum: values.userRole },
  department: { type: 'string' },
});

export const scoutmonUsers = routeTable('users', [
  defineListRoute(scoutmon, {
    method: 'GET', path: '/api/users', summary: 'List users', access: 'read',
    operation: op.RestListUsersDocument,
    query: {
      search: { type: 'string', description: 'Name or email (case-insensitive).' },
      role: { type: 'string', enum: values.userRole },
      status: { type: 'string', enum: values.userStatus },
    },
    variables: ({ query, page }) => ({
      ...page,
      filter: {
        search: query.search,
        role: query.role && values.userRole[query.role],
        status: query.status && values.userStatus[query.status],
      },
    }),
    list: (data) => data.users,
    item: userBody,
    success: { description: 'Users with role, status, department and last login.', item: userSchema },
  }),
  defineRoute(scoutmon, {
    method: 'POST', path: '/api/users/invite', summary: 'Invite a user', access: 'write admin',
    operation: op.RestInviteUserDocument,
    body: INVITE_BODY,
    variables: ({ body }) => ({ input: toGraphQLInput(INVITE_BODY, body) }),
    respond: (data) => ({ status: 201, body: invitedUserBody(found(data.inviteUser, 'User')) }),
    success: { status: 201, description: 'The invited user, with the invitation link (valid 7 days).', schema: invitedUserSchema },
  }),
  defineRoute(scoutmon, {
    method: 'PATCH', path: '/api/users/:id', summary: "Update a user's name, role or department", access: 'write admin',
    pathIds: { id: 'User' },
    operation: op.RestUpdateUserDocument,
    body: UPDATE_BODY,
    variables: ({ params, body }) => ({ id: params.id, input: toGraphQLInput(UPDATE_BODY, body) }),
    respond: (data) => ({ body: userBody(found(data.updateUser, 'User')) }),
    success: { status: 200, description: 'The updated user.', schema: userSchema },
  }),
  defineRoute(scoutmon, {
    method: 'GET', path: '/api/users/:id/assets', summary: 'Assets and license seats assigned to a user', access: 'read',
    pathIds: { id: 'User' },
    operation: op.RestUserAssetsDocument,
    variables: ({ params }) => ({ id: params.id }),
    respond: (data) => {
      const user = found(data.user, 'User');
      return { body: { assets: user.assignedAssets.edges.map((edge) => assetBody(edge.node)), seats: user.seats.edges.map((edge) => seatBody(edge.node)) } };
    },
    success: {
      status: 200, description: 'Hardware assets and license seats currently assigned.',
      schema: { type: 'object', required: ['assets', 'seats'], properties: { assets: listOf(assetSchema), seats: listOf(seatSchema) } },
    },
  }),
]);
