// UniAsset's asset routes over the existing asset workflows: create, and assignment (checkout or
// checkin in one request). Write-only, as the seed documents.
import * as op from '../generated/operations.js';
import { defineRoute } from '../define-route.js';
import { fields, toGraphQLInput } from '../field-specs.js';
import { badField, found } from '../rest-error.js';
import { routeTable } from '../route.js';
import { uniAsset } from './adapter.js';
import { assetBody } from './bodies.js';
import { assetSchema } from './schemas.js';

const CREATE_BODY = fields({
  name: { type: 'string', required: true, description: 'Display name.' },
  category: { type: 'string', description: 'e.g. Laptop, Monitor.' },
  asset_tag: { type: 'string', description: 'Unique per organization; generated (IT-0001, …) when omitted.' },
  serial_number: { type: 'string', description: 'Stored encrypted; answered masked.' },
  manufacturer: { type: 'string' },
  model: { type: 'string' },
  value: { type: 'number', min: 0, description: 'Purchase price (decimal).' },
  purchase_date: { type: 'date', description: 'YYYY-MM-DD' },
  warranty_expiry: { type: 'date', description: 'YYYY-MM-DD' },
  location_id: { type: 'uuid' },
  vendor_id: { type: 'uuid' },
  custom_fields: { type: 'object', description: 'Any JSON object.' },
});

const ASSIGNMENT_BODY = fields({
  asset_id: { type: 'uuid', required: true, description: 'The asset.' },
  user_id: { type: 'uuid', description: 'Check the asset out to this user (unless action is checkin).' },
  action: { type: 'string', enum: { checkout: 'checkout', checkin: 'checkin' }, description: 'checkin: check the asset back in. Default: checkout (needs user_id).' },
  expected_return: { type: 'date', description: 'With a checkout: expected return date (YYYY-MM-DD).' },
});

export const uniAssetAssets = routeTable('UniAsset', [
  defineRoute(uniAsset, {
    method: 'POST', path: '/api/integrations/assets/create', summary: 'Create an asset (permission asset:create)', access: 'write admin',
    operation: op.UniAssetCreateAssetDocument,
    body: CREATE_BODY,
    variables: ({ body }) => ({ input: toGraphQLInput(CREATE_BODY, body) }),
    respond: (data) => ({ status: 201, body: assetBody(found(data.createAsset, 'Asset')) }),
    success: { status: 201, description: 'The created asset.', schema: assetSchema },
  }),
  defineRoute(uniAsset, {
    method: 'POST', path: '/api/integrations/assets/assignment', summary: 'Check an asset out to a user, or back in (permission assignment:update)', access: 'write admin',
    operation: op.UniAssetChangeAssignmentDocument,
    body: ASSIGNMENT_BODY,
    variables: ({ body }) => {
      const checkin = body.action === 'checkin';
      if (checkin && body.user_id) throw badField('user_id', 'user_id cannot be combined with action checkin');
      if (!checkin && !body.user_id) throw badField('user_id', 'user_id is required unless action is checkin');
      return { input: { assetId: body.asset_id, userId: body.user_id, checkin, expectedReturn: checkin ? undefined : body.expected_return } };
    },
    respond: (data) => ({ body: assetBody(found(data.changeAssetAssignment, 'Asset')) }),
    success: { status: 200, description: 'The asset, checked out or in.', schema: assetSchema },
  }),
]);
