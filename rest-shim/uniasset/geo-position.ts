// UniAsset's POST /api/integrations/assets/geo-position: where an asset is (a position history,
// apart from its Location).
import * as op from '../generated/operations.js';
import { defineRoute } from '../define-route.js';
import { fields } from '../field-specs.js';
import { found } from '../rest-error.js';
import { routeTable } from '../route.js';
import { uniAsset } from './adapter.js';
import { positionBody } from './bodies.js';
import { positionSchema } from './schemas.js';

const POSITION_BODY = fields({
  asset_id: { type: 'uuid', required: true, description: 'The asset.' },
  latitude: { type: 'number', required: true, min: -90, max: 90, description: 'Degrees, -90 to 90 (WGS 84).' },
  longitude: { type: 'number', required: true, min: -180, max: 180, description: 'Degrees, -180 to 180 (WGS 84).' },
  accuracy_m: { type: 'number', min: 0, description: 'Horizontal accuracy in metres.' },
  altitude_m: { type: 'number', description: 'Altitude in metres.' },
  recorded_at: { type: 'datetime', description: 'ISO 8601; default: now (not in the future).' },
  source: { type: 'string', description: 'What reported it (e.g. gps).' },
});

const optionalNumber = (value: number | string | null | undefined) => (value == null ? value : Number(value));

export const uniAssetGeoPosition = routeTable('UniAsset', [
  defineRoute(uniAsset, {
    method: 'POST', path: '/api/integrations/assets/geo-position', summary: 'Record where an asset is (permission asset:location)', access: 'write admin',
    operation: op.UniAssetRecordPositionDocument,
    body: POSITION_BODY,
    variables: ({ body }) => ({
      input: {
        assetId: body.asset_id, latitude: Number(body.latitude), longitude: Number(body.longitude),
        accuracyM: optionalNumber(body.accuracy_m), altitudeM: optionalNumber(body.altitude_m), recordedAt: body.recorded_at, source: body.source,
      },
    }),
    respond: (data) => ({ status: 201, body: positionBody(found(data.recordAssetPosition, 'Position')) }),
    success: { status: 201, description: 'The recorded position.', schema: positionSchema },
  }),
]);
