// SenAsset's /v1/assets routes (seed 000, "Assets API"): list with filters (custom fields
// included), create, retrieve, update and delete.
import * as op from '../generated/operations.js';
import { defineListRoute, defineRoute } from '../define-route.js';
import { fields, toGraphQLInput, type BodyOf } from '../field-specs.js';
import { found, RestError } from '../rest-error.js';
import { routeTable } from '../route.js';
import { senAssetStatusesOf } from '../spellings.js';
import { MAX_CENTS, senAsset } from './adapter.js';
import { assetBody, deletedBody } from './bodies.js';
import { assetSchema, deletedSchema } from './schemas.js';

const { values, money } = senAsset;

const ASSET_BODY = fields({
  name: { type: 'string', required: true, description: 'Display name.' },
  tag: { type: 'string', graphql: 'assetTag', description: 'Asset tag; generated (IT-0001, …) when omitted.' },
  category: { type: 'string', description: 'Category slug, stored as sent (e.g. laptops).' },
  status: { type: 'string', enum: values.assetStatus, description: 'Default: available. assigned comes from an assignment (assignee_id on create): 409 otherwise.' },
  serial_number: { type: 'string', description: 'Stored encrypted.' },
  purchase_price: { type: 'integer', min: 0, max: MAX_CENTS, graphql: 'value', description: 'Integer cents (189900 is 1,899.00).' },
  purchase_date: { type: 'date', description: 'YYYY-MM-DD' },
  warranty_expires: { type: 'date', graphql: 'warrantyExpiry', description: 'YYYY-MM-DD' },
  location_id: { type: 'uuid' },
  custom_fields: { type: 'object', description: 'Any JSON object (replaces the stored one).' },
  notes: { type: 'string', description: 'Free text, stored encrypted.' },
});
const CREATE_BODY = fields({
  ...ASSET_BODY,
  assignee_id: { type: 'uuid', graphql: 'assignedUserId', description: 'Assign the new asset to this user at once (status assigned).' },
});
const UPDATE_BODY = fields({
  ...ASSET_BODY,
  name: { type: 'string', description: 'Display name.' },
  assignee_id: { type: 'uuid', graphql: 'assignedUserId', description: 'Must be the current assignee (or omitted): 409 otherwise; assignments change it.' },
});

/** `assigned` is the state of an assignment, not a value to write (409, as the checkout state is everywhere). */
function refuseAssigned(status: string | null | undefined, assigning: boolean) {
  if (status === 'assigned' && !assigning) {
    throw new RestError(409, 'status: assigned is set by assigning the asset to a user, not written', { code: 'CONFLICT', field: 'status' });
  }
}

/** A create or update body as GraphQL's asset input: cents to the decimal amount, statuses spelled. */
function assetInput<const S extends typeof CREATE_BODY | typeof UPDATE_BODY>(specs: S, body: BodyOf<S>) {
  const input = toGraphQLInput(specs, body);
  const price = (body as { purchase_price?: number | null }).purchase_price;
  return { ...input, value: price == null ? price : money.toGraphQL(price) };
}

const anAsset = { pathIds: { id: 'Asset' } };
const theAsset = { status: 200, description: 'The asset.', schema: assetSchema };

export const senAssetAssets = routeTable('SenAsset', [
  defineListRoute(senAsset, {
    method: 'GET', path: '/v1/assets', summary: 'List all assets', access: 'read',
    operation: op.SenAssetListAssetsDocument,
    query: {
      status: { type: 'string', enum: values.assetStatus, description: 'available, assigned, maintenance or retired.' },
      location_id: { type: 'uuid', description: 'Assets at this location.' },
      assignee_id: { type: 'uuid', description: 'Assets assigned to this user.' },
      category: { type: 'string', description: 'Category slug (exact match).' },
      custom_fields: { type: 'map', description: 'custom_fields[KEY]=VALUE: exact match on a custom field; several are AND-ed.' },
    },
    variables: ({ query, page }) => ({
      ...page,
      filter: {
        statuses: query.status && senAssetStatusesOf(query.status),
        locationId: query.location_id, assignedUserId: query.assignee_id, category: query.category, customFields: query.custom_fields,
      },
    }),
    list: (data) => data.assets,
    item: assetBody,
    success: { description: 'Assets, newest first.', item: assetSchema },
  }),
  defineRoute(senAsset, {
    method: 'POST', path: '/v1/assets', summary: 'Create an asset', access: 'write admin',
    operation: op.SenAssetCreateAssetDocument,
    body: CREATE_BODY,
    variables: ({ body }) => {
      refuseAssigned(body.status, body.assignee_id != null);
      return { input: assetInput(CREATE_BODY, body) };
    },
    respond: (data) => ({ status: 201, body: assetBody(found(data.createAsset, 'Asset')) }),
    success: { status: 201, description: 'The created asset.', schema: assetSchema },
  }),
  defineRoute(senAsset, {
    method: 'GET', path: '/v1/assets/:id', summary: 'Retrieve an asset', access: 'read', ...anAsset,
    operation: op.SenAssetGetAssetDocument,
    variables: ({ params }) => ({ id: params.id }),
    respond: (data) => ({ body: assetBody(found(data.asset, 'Asset')) }),
    success: theAsset,
  }),
  defineRoute(senAsset, {
    method: 'PATCH', path: '/v1/assets/:id', summary: 'Update an asset (omitted fields keep their value)', access: 'write admin', ...anAsset,
    operation: op.SenAssetUpdateAssetDocument,
    body: UPDATE_BODY,
    variables: ({ params, body }) => {
      refuseAssigned(body.status, false);
      return { id: params.id, input: assetInput(UPDATE_BODY, body) };
    },
    respond: (data) => ({ body: assetBody(found(data.updateAsset, 'Asset')) }),
    success: theAsset,
  }),
  defineRoute(senAsset, {
    method: 'DELETE', path: '/v1/assets/:id', summary: 'Delete an asset', access: 'write admin', ...anAsset,
    operation: op.SenAssetDeleteAssetDocument,
    variables: ({ params }) => ({ id: params.id }),
    respond: (data) => ({ body: deletedBody(found(data.deleteAsset, 'Asset')) }),
    success: { status: 200, description: 'Deleted.', schema: deletedSchema },
  }),
]);
