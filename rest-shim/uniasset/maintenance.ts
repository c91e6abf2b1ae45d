// UniAsset's POST /api/integrations/assets/maintenance: a maintenance record of an asset.
import * as op from '../generated/operations.js';
import { defineRoute } from '../define-route.js';
import { fields, toGraphQLInput } from '../field-specs.js';
import { found } from '../rest-error.js';
import { routeTable } from '../route.js';
import { uniAsset } from './adapter.js';
import { maintenanceBody } from './bodies.js';
import { maintenanceSchema } from './schemas.js';

const MAINTENANCE_BODY = fields({
  asset_id: { type: 'uuid', required: true, description: 'The asset worked on.' },
  type: { type: 'string', enum: uniAsset.values.maintenanceType, description: 'Default: other.' },
  description: { type: 'string', description: 'What is (to be) done.' },
  scheduled_date: { type: 'date', description: 'YYYY-MM-DD: when it is due (maintenance.due is sent 7 days ahead).' },
  completed_at: { type: 'datetime', description: 'ISO 8601: when it was done (not in the future).' },
  cost: { type: 'number', min: 0, description: 'What it cost (decimal).' },
  performed_by_user_id: { type: 'uuid', description: 'The user who did the work.' },
  performed_by_vendor_id: { type: 'uuid', description: 'The vendor who did the work.' },
  notes: { type: 'string', description: 'Free-text notes.' },
});

export const uniAssetMaintenance = routeTable('UniAsset', [
  defineRoute(uniAsset, {
    method: 'POST', path: '/api/integrations/assets/maintenance', summary: 'Record maintenance of an asset (permission maintenance:create)', access: 'write admin',
    operation: op.UniAssetCreateMaintenanceDocument,
    body: MAINTENANCE_BODY,
    variables: ({ body }) => ({ input: toGraphQLInput(MAINTENANCE_BODY, body) }),
    respond: (data) => ({ status: 201, body: maintenanceBody(found(data.createMaintenanceRecord, 'Maintenance record')) }),
    success: { status: 201, description: 'The maintenance record.', schema: maintenanceSchema },
  }),
]);
