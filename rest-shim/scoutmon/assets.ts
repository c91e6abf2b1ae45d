// Scoutmon's /api/assets routes (seed 003).
import * as op from '../generated/operations.js';
import { defineListRoute, defineRoute } from '../define-route.js';
import { fields, toGraphQLInput } from '../field-specs.js';
import { badField, found } from '../rest-error.js';
import { routeTable } from '../route.js';
import { scoutmon } from './adapter.js';
import { assetBody } from './bodies.js';
import { assetSchema, okSchema } from './schemas.js';

const { values } = scoutmon;

const ASSET_BODY = fields({
  name: { type: 'string', required: true, description: 'Display name for the asset.' },
  category: { type: 'string', description: 'Asset category (e.g. Laptop, Monitor, SaaS).' },
  status: { type: 'string', enum: values.assetStatus, description: 'Default: active. checked-out is set by the checkout endpoint.' },
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
});
const ASSET_REPLACE_BODY = fields({
  ...ASSET_BODY,
  assigned_user_id: { type: 'uuid', description: 'Must be the current assignee (or omitted): 409 otherwise, use checkout/checkin.' },
});
const ASSET_CREATE_BODY = fields({
  ...ASSET_BODY,
  assigned_user_id: { type: 'uuid', description: 'User to check the new asset out to at once.' },
  expected_return: { type: 'date', description: 'With assigned_user_id: expected return date.' },
});

const ASSET_LIST_QUERY = fields({
  search: { type: 'string', description: 'Name, asset tag or serial number (case-insensitive).' },
  status: { type: 'string', enum: values.assetStatus },
  category: { type: 'string', description: 'Exact match.' },
  location_id: { type: 'uuid' },
  vendor_id: { type: 'uuid' },
  owner_id: { type: 'uuid' },
  assigned_user_id: { type: 'uuid' },
  classification_id: { type: 'uuid', description: 'Not supported: data classifications are not modelled (400).' },
  sort_by: { type: 'string', default: 'created_at', description: 'Default: created_at.', enum: values.assetSortField },
  sort_dir: { type: 'string', default: 'desc', enum: values.sortDirection, description: 'Default: desc.' },
});

const anAsset = { pathIds: { id: 'Asset' } };
const theAsset = { status: 200, description: 'The asset.', schema: assetSchema };

export const scoutmonAssets = routeTable('assets', [
  defineListRoute(scoutmon, {
    method: 'GET', path: '/api/assets', summary: 'List assets', access: 'read',
    operation: op.RestListAssetsDocument,
    query: ASSET_LIST_QUERY,
    variables: ({ query, page }) => {
      if (query.classification_id) throw badField('classification_id', 'classification_id is not supported: data classifications are not modelled');
      return {
        ...page,
        filter: {
          search: query.search, status: query.status && values.assetStatus[query.status],
          category: query.category, locationId: query.location_id, vendorId: query.vendor_id,
          ownerId: query.owner_id, assignedUserId: query.assigned_user_id,
        },
        orderBy: { field: values.assetSortField[query.sort_by], direction: values.sortDirection[query.sort_dir] },
      };
    },
    list: (data) => data.assets,
    item: assetBody,
    success: { description: 'Assets, with joined location, vendor, owner and assignee names.', item: assetSchema },
  }),
  defineRoute(scoutmon, {
    method: 'POST', path: '/api/assets', summary: 'Create an asset', access: 'write admin',
    operation: op.RestCreateAssetDocument,
    body: ASSET_CREATE_BODY,
    variables: ({ body }) => ({ input: toGraphQLInput(ASSET_CREATE_BODY, body) }),
    respond: (data) => ({ status: 201, body: assetBody(found(data.createAsset, 'Asset')) }),
    success: { status: 201, description: 'The created asset.', schema: assetSchema },
  }),
  defineRoute(scoutmon, {
    method: 'GET', path: '/api/assets/:id', summary: 'Get an asset', access: 'read', ...anAsset,
    operation: op.RestGetAssetDocument,
    variables: ({ params }) => ({ id: params.id }),
    respond: (data) => ({ body: assetBody(found(data.asset, 'Asset')) }),
    success: theAsset,
  }),
  defineRoute(scoutmon, {
    method: 'GET', path: '/api/assets/:id/decrypt', summary: 'Get an asset with serial_number and notes in clear', access: 'read admin', ...anAsset,
    operation: op.RestDecryptAssetDocument,
    variables: ({ params }) => ({ id: params.id }),
    respond: (data) => {
      const asset = found(data.asset, 'Asset');
      return { body: { ...assetBody(asset), serial_number: asset.secrets?.serialNumber ?? null, notes: asset.secrets?.notes ?? null } };
    },
    success: { status: 200, description: 'The asset, its encrypted fields in clear (admins only).', schema: assetSchema },
  }),
  defineRoute(scoutmon, {
    method: 'PUT', path: '/api/assets/:id', summary: 'Replace an asset (omitted fields are cleared)', access: 'write admin', ...anAsset,
    operation: op.RestReplaceAssetDocument,
    body: ASSET_REPLACE_BODY,
    variables: ({ params, body }) => ({ id: params.id, input: toGraphQLInput(ASSET_REPLACE_BODY, body) }),
    respond: (data) => ({ body: assetBody(found(data.replaceAsset, 'Asset')) }),
    success: theAsset,
  }),
  defineRoute(scoutmon, {
    method: 'DELETE', path: '/api/assets/:id', summary: 'Delete an asset permanently', access: 'write admin', ...anAsset,
    operation: op.RestDeleteAssetDocument,
    variables: ({ params }) => ({ id: params.id }),
    respond: (data) => (found(data.deleteAsset, 'Asset'), { body: { ok: true } }),
    success: { status: 200, description: 'Deleted.', schema: okSchema },
  }),
  defineRoute(scoutmon, {
    method: 'POST', path: '/api/assets/:id/checkout', summary: 'Check an asset out to a user', access: 'write admin', ...anAsset,
    operation: op.RestCheckoutAssetDocument,
    body: {
      assigned_user_id: { type: 'uuid', required: true, description: 'The user to check out to.' },
      expected_return: { type: 'date', description: 'Expected return date (YYYY-MM-DD).' },
    },
    variables: ({ params, body }) => ({ input: { assetId: params.id, userId: body.assigned_user_id, expectedReturn: body.expected_return } }),
    respond: (data) => ({ body: assetBody(found(data.checkoutAsset, 'Asset')) }),
    success: { status: 200, description: 'The asset, now checked-out.', schema: assetSchema },
  }),
  defineRoute(scoutmon, {
    method: 'POST', path: '/api/assets/:id/checkin', summary: 'Check an asset back in', access: 'write admin', ...anAsset,
    operation: op.RestCheckinAssetDocument,
    variables: ({ params }) => ({ assetId: params.id }),
    respond: (data) => ({ body: assetBody(found(data.checkinAsset, 'Asset')) }),
    success: { status: 200, description: 'The asset, now checked-in.', schema: assetSchema },
  }),
]);
