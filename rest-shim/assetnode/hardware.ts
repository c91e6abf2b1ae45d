// AssetNode's /api/hardware routes (seed 001): hardware assets are our assets, in AssetNode's shape.
import * as op from '../generated/operations.js';
import { defineListRoute, defineRoute } from '../define-route.js';
import { fields, toGraphQLInput } from '../field-specs.js';
import { found } from '../rest-error.js';
import { routeTable } from '../route.js';
import { assetNode } from './adapter.js';
import { hardwareBody } from './bodies.js';
import { hardwareSchema } from './schemas.js';

const { values } = assetNode;

const HARDWARE_FIELDS = fields({
  name: { type: 'string', description: 'Display name. Default on create: the model.' },
  asset_tag: { type: 'string', description: 'Custom tag. Generated (IT-0001, …) when omitted.' },
  serial_number: { type: 'string', description: 'Stored encrypted; answers show its last 4 characters.' },
  manufacturer: { type: 'string', description: 'e.g. Apple, Dell.' },
  purchase_price: { type: 'number', min: 0, graphql: 'value', description: 'In currency units (e.g. 2499.00), a number or a decimal string.' },
  purchase_date: { type: 'date', description: 'YYYY-MM-DD' },
  warranty_expiry: { type: 'date', description: 'YYYY-MM-DD' },
  location_id: { type: 'uuid' },
  status: { type: 'string', enum: values.assetStatus, description: 'Default: active. assigned is set by POST /api/assignments.' },
  notes: { type: 'string', description: 'Stored encrypted.' },
});
const CREATE_BODY = fields({
  ...HARDWARE_FIELDS,
  model: { type: 'string', required: true, description: 'Device model, e.g. MacBook Pro 16".' },
  category: { type: 'string', required: true, description: 'e.g. laptop, monitor.' },
});
const PATCH_BODY = fields({
  ...HARDWARE_FIELDS,
  model: { type: 'string', description: 'Device model.' },
  category: { type: 'string' },
});

const aHardware = { pathIds: { id: 'Hardware' } };

export const assetNodeHardware = routeTable('hardware', [
  defineListRoute(assetNode, {
    method: 'GET', path: '/api/hardware', summary: 'List hardware with filters, pagination and search', access: 'read',
    operation: op.AssetNodeListHardwareDocument,
    query: {
      category: { type: 'string', description: 'Exact match, e.g. laptop.' },
      status: { type: 'string', enum: values.assetStatus },
      location_id: { type: 'uuid' },
      assigned_to: { type: 'uuid', description: 'The employee holding it.' },
      search: { type: 'string', description: 'Part of the name or asset tag, or the whole serial number (case-insensitive).' },
      sort: { type: 'string', enum: values.hardwareSort, default: '-created_at', description: 'A field, ascending; prefixed with - for descending. Default: -created_at.' },
    },
    variables: ({ query, page }) => ({
      ...page,
      filter: {
        category: query.category, status: query.status && values.assetStatus[query.status], locationId: query.location_id,
        assignedUserId: query.assigned_to, search: query.search,
      },
      orderBy: { field: values.hardwareSort[query.sort], direction: query.sort.startsWith('-') ? 'DESC' : 'ASC' },
    }),
    list: (data) => data.assets,
    item: hardwareBody,
    success: { description: 'One page of hardware.', item: hardwareSchema },
  }),
  defineRoute(assetNode, {
    method: 'POST', path: '/api/hardware', summary: 'Register a new hardware asset', access: 'write admin',
    operation: op.AssetNodeCreateHardwareDocument,
    body: CREATE_BODY,
    variables: ({ body }) => ({ input: { ...toGraphQLInput(CREATE_BODY, body), name: body.name ?? body.model } }),
    respond: (data) => ({ status: 201, body: hardwareBody(found(data.createAsset, 'Hardware')) }),
    success: { status: 201, description: 'The registered hardware.', schema: hardwareSchema },
  }),
  defineRoute(assetNode, {
    method: 'GET', path: '/api/hardware/:id', summary: 'Get one hardware asset', access: 'read', ...aHardware,
    operation: op.AssetNodeGetHardwareDocument,
    variables: ({ params }) => ({ id: params.id }),
    respond: (data) => ({ body: hardwareBody(found(data.asset, 'Hardware')) }),
    success: { status: 200, description: 'The hardware.', schema: hardwareSchema },
  }),
  defineRoute(assetNode, {
    method: 'PATCH', path: '/api/hardware/:id', summary: 'Update fields of a hardware asset (omitted fields keep their value, null clears)', access: 'write admin', ...aHardware,
    operation: op.AssetNodeUpdateHardwareDocument,
    body: PATCH_BODY,
    variables: ({ params, body }) => ({ id: params.id, input: toGraphQLInput(PATCH_BODY, body) }),
    respond: (data) => ({ body: hardwareBody(found(data.updateAsset, 'Hardware')) }),
    success: { status: 200, description: 'The updated hardware.', schema: hardwareSchema },
  }),
]);
