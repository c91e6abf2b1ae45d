// UniAsset's POST /api/integrations/iot/signals (Enterprise): one signal, or { "signals": [...] }
// of up to 1,000, stored all or nothing → 202 { "accepted": n }.
import * as op from '../generated/operations.js';
import { defineRoute } from '../define-route.js';
import { fields, type BodyOf } from '../field-specs.js';
import { badFields } from '../rest-error.js';
import { routeTable } from '../route.js';
import { object, integer } from '../json-schema.js';
import { uniAsset } from './adapter.js';

// A signal's fields; the single form sends them at the top level (required there only when
// `signals` is absent), a batch sends them per item (asset_id, signal_type and value required).
const SIGNAL_FIELDS = fields({
  asset_id: { type: 'uuid', description: 'The asset (required).' },
  signal_type: { type: 'string', description: 'What was measured, e.g. temperature (required).' },
  value: { type: 'number', description: 'The reading (required).' },
  unit: { type: 'string', description: 'Unit of the value.' },
  timestamp: { type: 'datetime', graphql: 'recordedAt', description: 'ISO 8601; default: now (not in the future).' },
  metadata: { type: 'object', description: 'Anything else (up to 4 KB of JSON).' },
});
const SIGNAL = fields({
  ...SIGNAL_FIELDS,
  asset_id: { ...SIGNAL_FIELDS.asset_id, required: true },
  signal_type: { ...SIGNAL_FIELDS.signal_type, required: true },
  value: { ...SIGNAL_FIELDS.value, required: true },
});
const SIGNALS_BODY = fields({
  signals: { type: 'object[]', items: SIGNAL, min: 1, max: 1000, description: 'A batch of up to 1,000 signals (instead of one signal\'s fields).' },
  ...SIGNAL_FIELDS,
});

type Signal = BodyOf<typeof SIGNAL>;

function toInput(signal: Signal) {
  return {
    assetId: signal.asset_id, signalType: signal.signal_type, value: Number(signal.value),
    unit: signal.unit, recordedAt: signal.timestamp, metadata: signal.metadata,
  };
}

/** The single form: the signal's own required fields must be there. */
function single(body: BodyOf<typeof SIGNALS_BODY>): Signal {
  const missing = (['asset_id', 'signal_type', 'value'] as const).filter((name) => body[name] == null);
  if (missing.length) throw badFields(missing.map((name) => ({ field: name, message: `${name} is required (or send a batch as signals)` })));
  return body as Signal;
}

export const uniAssetIot = routeTable('UniAsset', [
  defineRoute(uniAsset, {
    method: 'POST', path: '/api/integrations/iot/signals', summary: 'Ingest IoT signals, one or a batch of up to 1,000 (permission iot:signal:ingest, Enterprise)', access: 'write admin',
    minimumPlan: 'enterprise',
    operation: op.UniAssetIngestSignalsDocument,
    body: SIGNALS_BODY,
    variables: ({ body }) => ({ signals: (body.signals ?? [single(body)]).map(toInput) }),
    respond: (data) => ({ status: 202, body: { accepted: data.ingestAssetSignals?.accepted ?? 0 } }),
    success: { status: 202, description: 'Every signal was stored.', schema: object({ accepted: integer }) },
  }),
]);
