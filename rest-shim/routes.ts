// The REST compatibility layer as a table: method + path → a named GraphQL operation, how the
// request becomes its variables, and how its result becomes the documented body and status.
// Contract: Scoutmon's /api (seed 003) and AssetNode's GET /api/audit-log (seed 001).
import * as op from './generated/operations.js';
import {
  ASSET_STATUS, assetBody, assetSchema, auditEventBody, auditEventSchema, COMPLIANCE_STATUS, listOf,
  locationBody, locationSchema, okSchema, RISK_RATING, USER_ROLE, USER_STATUS, userBody, userSchema, invitedUserSchema, vendorBody,
  vendorSchema, webhookBody, webhookSchema, createdWebhookSchema, clientTokenBody, clientTokenSchema, tokenPairBody, tokenPairSchema,
} from './shapes.js';
import { RestError, toGraphQLInput, type FieldSpecs, type Route } from './route-kit.js';

const LIMIT = { type: 'integer', default: 500, min: 1, max: 1000, description: 'Records per page (default 500, max 1000).' } as const;
const OFFSET = { type: 'integer', default: 0, min: 0, description: 'Records to skip.' } as const;
const paging = { limit: LIMIT, offset: OFFSET };

/** A list page: rows as the body, the total before paging in X-Total-Count. */
function listResponse<T>(connection: { totalCount: number; edges: { node: T }[] } | null | undefined, shape: (node: T) => unknown) {
  return {
    body: (connection?.edges ?? []).map((edge) => shape(edge.node)),
    headers: { 'X-Total-Count': String(connection?.totalCount ?? 0) },
  };
}

function found<T>(value: T | null | undefined, entity: string): T {
  if (value == null) throw new RestError(404, `${entity} not found`);
  return value;
}

const ASSET_BODY: FieldSpecs = {
  name: { type: 'string', required: true, description: 'Display name for the asset.' },
  category: { type: 'string', description: 'Asset category (e.g. Laptop, Monitor, SaaS).' },
  status: { type: 'string', enum: ASSET_STATUS, description: 'Default: active. checked-out is set by the checkout endpoint.' },
  asset_tag: { type: 'string', description: 'Custom tag. Auto-generated (IT-0001, …) if omitted.' },
  serial_number: { type: 'string', description: 'Device serial number.' },
  value: { type: 'number', min: 0, description: 'Purchase price.' },
  purchase_date: { type: 'date', description: 'YYYY-MM-DD' },
  warranty_expiry: { type: 'date', description: 'YYYY-MM-DD' },
  location_id: { type: 'uuid' },
  vendor_id: { type: 'uuid' },
  owner_id: { type: 'uuid' },
  manufacturer: { type: 'string', description: 'e.g. Apple, Dell.' },
  model: { type: 'string', description: 'Device model.' },
  notes: { type: 'string', description: 'Free-text notes.' },
  custom_fields: { type: 'object', description: 'Any JSON object.' },
};
const ASSET_REPLACE_BODY: FieldSpecs = {
  ...ASSET_BODY,
  assigned_user_id: { type: 'uuid', description: 'Must be the current assignee (or omitted): 409 otherwise, use checkout/checkin.' },
};
const ASSET_CREATE_BODY: FieldSpecs = {
  ...ASSET_BODY,
  assigned_user_id: { type: 'uuid', description: 'User to check the new asset out to at once.' },
  expected_return: { type: 'date', description: 'With assigned_user_id: expected return date.' },
};

const ASSET_LIST_QUERY: FieldSpecs = {
  search: { type: 'string', description: 'Name, asset tag or serial number (case-insensitive).' },
  status: { type: 'string', enum: ASSET_STATUS },
  category: { type: 'string', description: 'Exact match.' },
  location_id: { type: 'uuid' },
  vendor_id: { type: 'uuid' },
  owner_id: { type: 'uuid' },
  assigned_user_id: { type: 'uuid' },
  classification_id: { type: 'uuid', description: 'Not supported: data classifications are not modelled (400).' },
  sort_by: {
    type: 'string', default: 'created_at', description: 'Default: created_at.',
    enum: { name: 'NAME', created_at: 'CREATED_AT', status: 'STATUS', category: 'CATEGORY', value: 'VALUE', asset_tag: 'ASSET_TAG' },
  },
  sort_dir: { type: 'string', default: 'desc', enum: { asc: 'ASC', desc: 'DESC' }, description: 'Default: desc.' },
  ...paging,
};

const VENDOR_BODY: FieldSpecs = {
  name: { type: 'string', required: true, description: 'Vendor name.' },
  category: { type: 'string' },
  website: { type: 'string', description: 'Vendor website URL.' },
  risk_rating: { type: 'string', enum: RISK_RATING },
  compliance_status: { type: 'string', enum: COMPLIANCE_STATUS, description: 'Default: Not Reviewed.' },
  primary_contact_name: { type: 'string' },
  primary_contact_email: { type: 'string' },
  notes: { type: 'string' },
};

/**
 * The named body fields, refused when blank (400 "<field> cannot be blank", in the REST spelling).
 * The error names the field only: these fields carry passwords and secrets.
 */
function filled<T extends Record<string, unknown>>(body: T, ...names: (keyof T & string)[]): T {
  for (const name of names) {
    if (typeof body[name] !== 'string' || !(body[name] as string).trim()) throw new RestError(400, `${name} cannot be blank`);
  }
  return body;
}

const REFRESH_TOKEN_BODY: FieldSpecs = {
  refresh_token: { type: 'string', required: true, description: 'The refresh token from login, refresh or accept-invite.' },
};

const assetRoute = { pathIds: { id: 'Asset' } };
const assetResponse = { status: 200, description: 'The asset.', schema: assetSchema };

export const routes: Route[] = [
  {
    method: 'GET', path: '/api/assets', summary: 'List assets', access: 'read',
    operation: op.RestListAssetsDocument,
    query: ASSET_LIST_QUERY,
    variables: ({ query }) => {
      if (query.classification_id) throw new RestError(400, 'classification_id is not supported: data classifications are not modelled');
      return {
        first: query.limit, offset: query.offset,
        filter: {
          search: query.search, status: query.status && ASSET_STATUS[query.status as keyof typeof ASSET_STATUS],
          category: query.category, locationId: query.location_id, vendorId: query.vendor_id,
          ownerId: query.owner_id, assignedUserId: query.assigned_user_id,
        },
        orderBy: { field: ASSET_LIST_QUERY.sort_by.enum![query.sort_by], direction: ASSET_LIST_QUERY.sort_dir.enum![query.sort_dir] },
      } as op.RestListAssetsQueryVariables;
    },
    respond: (data: op.RestListAssetsQuery) => listResponse(data.assets, assetBody),
    success: { status: 200, description: 'Assets, with joined location, vendor, owner and assignee names.', schema: listOf(assetSchema), totalCountHeader: true },
  },
  {
    method: 'POST', path: '/api/assets', summary: 'Create an asset', access: 'write admin',
    operation: op.RestCreateAssetDocument,
    body: ASSET_CREATE_BODY,
    variables: ({ body }) => ({ input: toGraphQLInput(ASSET_CREATE_BODY, body) as op.CreateAssetInput }),
    respond: (data: op.RestCreateAssetMutation) => ({ status: 201, body: assetBody(found(data.createAsset, 'Asset')) }),
    success: { status: 201, description: 'The created asset.', schema: assetSchema },
  },
  {
    method: 'GET', path: '/api/assets/:id', summary: 'Get an asset', access: 'read', ...assetRoute,
    operation: op.RestGetAssetDocument,
    variables: ({ params }) => ({ id: params.id }),
    respond: (data: op.RestGetAssetQuery) => ({ body: assetBody(found(data.asset, 'Asset')) }),
    success: assetResponse,
  },
  {
    method: 'GET', path: '/api/assets/:id/decrypt', summary: 'Get an asset with serial_number and notes in clear', access: 'read admin', ...assetRoute,
    operation: op.RestDecryptAssetDocument,
    variables: ({ params }) => ({ id: params.id }),
    respond: (data: op.RestDecryptAssetQuery) => {
      const asset = found(data.asset, 'Asset');
      return { body: { ...assetBody(asset), serial_number: asset.secrets?.serialNumber ?? null, notes: asset.secrets?.notes ?? null } };
    },
    success: { status: 200, description: 'The asset, its encrypted fields in clear (admins only).', schema: assetSchema },
  },
  {
    method: 'PUT', path: '/api/assets/:id', summary: 'Replace an asset (omitted fields are cleared)', access: 'write admin', ...assetRoute,
    operation: op.RestReplaceAssetDocument,
    body: ASSET_REPLACE_BODY,
    variables: ({ params, body }) => ({ id: params.id, input: toGraphQLInput(ASSET_REPLACE_BODY, body) as op.ReplaceAssetInput }),
    respond: (data: op.RestReplaceAssetMutation) => ({ body: assetBody(found(data.replaceAsset, 'Asset')) }),
    success: assetResponse,
  },
  {
    method: 'DELETE', path: '/api/assets/:id', summary: 'Delete an asset permanently', access: 'write admin', ...assetRoute,
    operation: op.RestDeleteAssetDocument,
    variables: ({ params }) => ({ id: params.id }),
    respond: (data: op.RestDeleteAssetMutation) => (found(data.deleteAsset, 'Asset'), { body: { ok: true } }),
    success: { status: 200, description: 'Deleted.', schema: okSchema },
  },
  {
    method: 'POST', path: '/api/assets/:id/checkout', summary: 'Check an asset out to a user', access: 'write admin', ...assetRoute,
    operation: op.RestCheckoutAssetDocument,
    body: {
      assigned_user_id: { type: 'uuid', required: true, description: 'The user to check out to.' },
      expected_return: { type: 'date', description: 'Expected return date (YYYY-MM-DD).' },
    },
    variables: ({ params, body }) => ({ input: { assetId: params.id, userId: body.assigned_user_id, expectedReturn: body.expected_return } }),
    respond: (data: op.RestCheckoutAssetMutation) => ({ body: assetBody(found(data.checkoutAsset, 'Asset')) }),
    success: { status: 200, description: 'The asset, now checked-out.', schema: assetSchema },
  },
  {
    method: 'POST', path: '/api/assets/:id/checkin', summary: 'Check an asset back in', access: 'write admin', ...assetRoute,
    operation: op.RestCheckinAssetDocument,
    variables: ({ params }) => ({ assetId: params.id }),
    respond: (data: op.RestCheckinAssetMutation) => ({ body: assetBody(found(data.checkinAsset, 'Asset')) }),
    success: { status: 200, description: 'The asset, now checked-in.', schema: assetSchema },
  },
  {
    method: 'GET', path: '/api/users', summary: 'List users', access: 'read',
    operation: op.RestListUsersDocument,
    query: {
      search: { type: 'string', description: 'Name or email (case-insensitive).' },
      role: { type: 'string', enum: USER_ROLE },
      status: { type: 'string', enum: USER_STATUS },
      ...paging,
    },
    variables: ({ query }) => ({
      first: query.limit, offset: query.offset,
      filter: {
        search: query.search,
        role: query.role && USER_ROLE[query.role as keyof typeof USER_ROLE],
        status: query.status && USER_STATUS[query.status as keyof typeof USER_STATUS],
      },
    }) as op.RestListUsersQueryVariables,
    respond: (data: op.RestListUsersQuery) => listResponse(data.users, userBody),
    success: { status: 200, description: 'Users with role, status, department and last login.', schema: listOf(userSchema), totalCountHeader: true },
  },
  {
    method: 'POST', path: '/api/users/invite', summary: 'Invite a user', access: 'write admin',
    operation: op.RestInviteUserDocument,
    body: {
      email: { type: 'string', required: true, description: "User's email address." },
      name: { type: 'string', description: 'Display name. Defaults to the email prefix.' },
      role: { type: 'string', enum: USER_ROLE, description: 'Default: user.' },
      department: { type: 'string' },
    },
    variables: ({ body }) => ({
      input: { ...body, role: body.role && USER_ROLE[body.role as keyof typeof USER_ROLE] } as op.InviteUserInput,
    }),
    respond: (data: op.RestInviteUserMutation) => {
      const { user, invitation } = found(data.inviteUser, 'User');
      // The user as before, plus the link to pass on when the e-mail did not go out.
      return {
        status: 201,
        body: { ...userBody(user), invitation: invitation && { url: invitation.url, expires_at: invitation.expiresAt, delivery: invitation.delivery.toLowerCase() } },
      };
    },
    success: {
      status: 201,
      description: 'The invited user, with the invitation link (valid 7 days).',
      schema: invitedUserSchema,
    },
  },
  {
    method: 'PATCH', path: '/api/users/:id', summary: "Update a user's name, role or department", access: 'write admin',
    pathIds: { id: 'User' },
    operation: op.RestUpdateUserDocument,
    body: {
      name: { type: 'string' },
      role: { type: 'string', enum: USER_ROLE },
      department: { type: 'string' },
    },
    variables: ({ params, body }) => ({
      id: params.id,
      input: { ...body, ...(body.role && { role: USER_ROLE[body.role as keyof typeof USER_ROLE] }) } as op.UpdateUserInput,
    }),
    respond: (data: op.RestUpdateUserMutation) => ({ body: userBody(found(data.updateUser, 'User')) }),
    success: { status: 200, description: 'The updated user.', schema: userSchema },
  },
  {
    method: 'GET', path: '/api/users/:id/assets', summary: 'Assets and license seats assigned to a user', access: 'read',
    pathIds: { id: 'User' },
    operation: op.RestUserAssetsDocument,
    variables: ({ params }) => ({ id: params.id }),
    // Software license seats are not modelled yet: `seats` is always empty.
    respond: (data: op.RestUserAssetsQuery) => ({
      body: { assets: found(data.user, 'User').assignedAssets.edges.map((edge) => assetBody(edge.node)), seats: [] },
    }),
    success: {
      status: 200, description: 'Hardware assets and license seats currently assigned.',
      schema: { type: 'object', required: ['assets', 'seats'], properties: { assets: listOf(assetSchema), seats: { type: 'array', items: { type: 'object' } } } },
    },
  },
  {
    method: 'GET', path: '/api/vendors', summary: 'List vendors', access: 'read',
    operation: op.RestListVendorsDocument,
    query: {
      search: { type: 'string', description: 'Vendor name (case-insensitive).' },
      category: { type: 'string' },
      risk_rating: { type: 'string', enum: RISK_RATING },
      ...paging,
    },
    variables: ({ query }) => ({
      first: query.limit, offset: query.offset,
      filter: { search: query.search, category: query.category, riskRating: query.risk_rating && RISK_RATING[query.risk_rating as keyof typeof RISK_RATING] },
    }) as op.RestListVendorsQueryVariables,
    respond: (data: op.RestListVendorsQuery) => listResponse(data.vendors, vendorBody),
    success: { status: 200, description: 'Vendors with risk rating, compliance status and contacts.', schema: listOf(vendorSchema), totalCountHeader: true },
  },
  {
    method: 'POST', path: '/api/vendors', summary: 'Create a vendor', access: 'write admin',
    operation: op.RestCreateVendorDocument,
    body: VENDOR_BODY,
    variables: ({ body }) => ({ input: toGraphQLInput(VENDOR_BODY, body) as op.CreateVendorInput }),
    respond: (data: op.RestCreateVendorMutation) => ({ status: 201, body: vendorBody(found(data.createVendor, 'Vendor')) }),
    success: { status: 201, description: 'The created vendor.', schema: vendorSchema },
  },
  {
    method: 'PUT', path: '/api/vendors/:id', summary: 'Replace a vendor (omitted fields are cleared)', access: 'write admin',
    pathIds: { id: 'Vendor' },
    operation: op.RestReplaceVendorDocument,
    body: VENDOR_BODY,
    variables: ({ params, body }) => ({ id: params.id, input: toGraphQLInput(VENDOR_BODY, body) as op.ReplaceVendorInput }),
    respond: (data: op.RestReplaceVendorMutation) => ({ body: vendorBody(found(data.replaceVendor, 'Vendor')) }),
    success: { status: 200, description: 'The vendor.', schema: vendorSchema },
  },
  {
    method: 'GET', path: '/api/vendors/:id/assets', summary: "A vendor's active (not retired) assets", access: 'read',
    pathIds: { id: 'Vendor' },
    operation: op.RestVendorAssetsDocument,
    query: paging,
    variables: ({ params, query }) => ({ id: params.id, first: query.limit, offset: query.offset }),
    respond: (data: op.RestVendorAssetsQuery) => (found(data.vendor, 'Vendor'), listResponse(data.assets, assetBody)),
    success: { status: 200, description: 'Assets that are not retired.', schema: listOf(assetSchema), totalCountHeader: true },
  },
  {
    method: 'GET', path: '/api/locations', summary: 'List locations', access: 'read',
    operation: op.RestListLocationsDocument,
    query: {
      search: { type: 'string', description: 'Location name (case-insensitive).' },
      type: { type: 'string', description: 'e.g. Office, Warehouse, Remote.' },
      ...paging,
    },
    variables: ({ query }) => ({ first: query.limit, offset: query.offset, filter: { search: query.search, type: query.type } }),
    respond: (data: op.RestListLocationsQuery) => listResponse(data.locations, locationBody),
    success: { status: 200, description: 'Locations.', schema: listOf(locationSchema), totalCountHeader: true },
  },
  {
    method: 'POST', path: '/api/locations', summary: 'Create a location', access: 'write admin',
    operation: op.RestCreateLocationDocument,
    body: {
      name: { type: 'string', required: true },
      type: { type: 'string', description: 'Default: Office.' },
      address: { type: 'string' },
      lat: { type: 'number', min: -90, max: 90, description: 'Latitude (decimal degrees).' },
      lng: { type: 'number', min: -180, max: 180, description: 'Longitude (decimal degrees).' },
    },
    variables: ({ body }) => ({ input: body as op.CreateLocationInput }),
    respond: (data: op.RestCreateLocationMutation) => ({ status: 201, body: locationBody(found(data.createLocation, 'Location')) }),
    success: { status: 201, description: 'The created location.', schema: locationSchema },
  },
  {
    method: 'GET', path: '/api/audit-log', summary: 'Query the audit trail (AssetNode paging: page/limit)', access: 'read',
    operation: op.RestAuditLogDocument,
    query: {
      from: { type: 'datetime', description: 'ISO 8601, inclusive.' },
      to: { type: 'datetime', description: 'ISO 8601, exclusive.' },
      action: { type: 'string', description: 'e.g. asset.created' },
      entity_type: { type: 'string', description: 'e.g. Asset' },
      entity_id: { type: 'uuid' },
      actor_id: { type: 'uuid', description: 'The acting user or API key.' },
      page: { type: 'integer', default: 1, min: 1 },
      limit: { type: 'integer', default: 50, min: 1, max: 1000, description: 'Default 50, max 1000.' },
    },
    variables: ({ query }) => ({
      first: query.limit, offset: (query.page - 1) * query.limit,
      filter: { from: query.from, to: query.to, action: query.action, entityType: query.entity_type, entityId: query.entity_id, actorId: query.actor_id },
    }),
    respond: (data: op.RestAuditLogQuery, { query }) => {
      const total = data.auditEvents?.totalCount ?? 0;
      return {
        body: {
          data: (data.auditEvents?.edges ?? []).map((edge) => auditEventBody(edge.node)),
          total, page: query.page, pages: Math.ceil(total / query.limit),
        },
      };
    },
    success: {
      status: 200, description: 'One page of audit events, newest first.',
      schema: {
        type: 'object', required: ['data', 'total', 'page', 'pages'],
        properties: { data: listOf(auditEventSchema), total: { type: 'integer' }, page: { type: 'integer' }, pages: { type: 'integer' } },
      },
    },
  },
  {
    method: 'POST', path: '/api/webhooks', summary: 'Register a webhook (the secret is returned once)', access: 'write admin',
    operation: op.RestCreateWebhookDocument,
    body: {
      url: { type: 'string', required: true, description: 'http(s) URL; private, loopback and link-local targets are refused.' },
      events: { type: 'string[]', required: true, description: 'e.g. ["asset.assigned", "asset.checked_in"], "vendor.*" or "*".' },
      secret: { type: 'string', description: 'HMAC secret (16-256 characters); generated (whsec_…) when omitted.' },
    },
    variables: ({ body }) => ({ input: { url: body.url, events: body.events, secret: body.secret } as op.CreateWebhookInput }),
    respond: (data: op.RestCreateWebhookMutation) => {
      const created = found(data.createWebhook, 'Webhook');
      return { status: 201, body: { ...webhookBody(created.webhook), secret: created.signingSecret } };
    },
    success: { status: 201, description: 'The webhook and its signing secret.', schema: createdWebhookSchema },
  },
  {
    method: 'GET', path: '/api/webhooks', summary: 'List webhooks', access: 'read admin',
    operation: op.RestListWebhooksDocument,
    query: paging,
    variables: ({ query }) => ({ first: query.limit, offset: query.offset }),
    respond: (data: op.RestListWebhooksQuery) => listResponse(data.webhooks, webhookBody),
    success: { status: 200, description: 'Webhooks (secrets are never listed).', schema: listOf(webhookSchema), totalCountHeader: true },
  },
  {
    method: 'DELETE', path: '/api/webhooks/:id', summary: 'Delete a webhook', access: 'write admin',
    pathIds: { id: 'Webhook' },
    operation: op.RestDeleteWebhookDocument,
    variables: ({ params }) => ({ id: params.id }),
    respond: (data: op.RestDeleteWebhookMutation) => (found(data.deleteWebhook, 'Webhook'), { body: { ok: true } }),
    success: { status: 200, description: 'Deleted.', schema: okSchema },
  },
  // ---- Authentication (AssetNode seed 001, AssetIT client credentials seed 004): public routes,
  // rate-limited per client address (10/min over all of them) and per account (5/min).
  {
    method: 'POST', path: '/api/auth/login', summary: 'Log in with email and password', access: 'public',
    operation: op.RestLoginDocument,
    body: {
      email: { type: 'string', required: true },
      password: { type: 'string', required: true },
      organization_id: { type: 'uuid', description: 'Only needed when the email signs in to several organizations.' },
    },
    variables: ({ body }) => {
      const { email, password, organization_id } = filled(body, 'email', 'password');
      return { email, password, organizationId: organization_id } as op.RestLoginMutationVariables;
    },
    respond: (data: op.RestLoginMutation) => ({ body: tokenPairBody(found(data.login, 'Session')) }),
    success: {
      status: 200,
      description: 'An access token (expires after expires_in seconds) and the refresh token that renews it. A wrong password and an unknown email answer the same 401.',
      schema: tokenPairSchema,
    },
  },
  {
    method: 'POST', path: '/api/auth/refresh', summary: 'Exchange a refresh token for a new token pair', access: 'public',
    operation: op.RestRefreshAccessTokenDocument,
    body: REFRESH_TOKEN_BODY,
    variables: ({ body }) => ({ refreshToken: filled(body, 'refresh_token').refresh_token as string }),
    respond: (data: op.RestRefreshAccessTokenMutation) => ({ body: tokenPairBody(found(data.refreshAccessToken, 'Session')) }),
    success: {
      status: 200,
      description: 'A new pair; the refresh token sent is spent. Sending a spent one again ends the whole session (401).',
      schema: tokenPairSchema,
    },
  },
  {
    method: 'POST', path: '/api/auth/logout', summary: "End a refresh token's session", access: 'public',
    operation: op.RestLogoutDocument,
    body: REFRESH_TOKEN_BODY,
    variables: ({ body }) => ({ refreshToken: filled(body, 'refresh_token').refresh_token as string }),
    respond: (data: op.RestLogoutMutation) => (found(data.logout, 'Session'), { status: 204, body: undefined }),
    success: { status: 204, description: "Logged out: the session's refresh and access tokens stop working." },
  },
  {
    method: 'POST', path: '/api/auth/accept-invite', summary: 'Accept an invitation: set a password and log in', access: 'public',
    operation: op.RestAcceptInviteDocument,
    body: {
      token: { type: 'string', required: true, description: 'The token from the invitation link (after #token=).' },
      password: { type: 'string', required: true, description: '12 to 256 characters.' },
    },
    variables: ({ body }) => {
      const { token, password } = filled(body, 'token', 'password');
      return { token, password } as op.RestAcceptInviteMutationVariables;
    },
    respond: (data: op.RestAcceptInviteMutation) => ({ body: tokenPairBody(found(data.acceptInvite, 'Invitation')) }),
    success: { status: 200, description: 'The password is set (the invitation is spent) and the user logged in.', schema: tokenPairSchema },
  },
  {
    method: 'POST', path: '/api/auth/token', summary: 'Exchange client credentials for an access token', access: 'public',
    operation: op.RestExchangeClientCredentialDocument,
    body: {
      client_id: { type: 'string', required: true },
      client_secret: { type: 'string', required: true },
    },
    variables: ({ body }) => {
      const { client_id, client_secret } = filled(body, 'client_id', 'client_secret');
      return { clientId: client_id, clientSecret: client_secret } as op.RestExchangeClientCredentialMutationVariables;
    },
    respond: (data: op.RestExchangeClientCredentialMutation) => ({ body: clientTokenBody(found(data.exchangeClientCredential, 'Client credential')) }),
    success: {
      status: 200,
      description: "An access token acting as the credential's user: send it as `Authorization: JWT <access_token>` (or Bearer). No refresh token: exchange the credential again.",
      schema: clientTokenSchema,
    },
  },
];
