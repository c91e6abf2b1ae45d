// Scoutmon (seed 003), the primary /api contract: lists page with limit/offset, the body is the
// array and the total before paging is in X-Total-Count; errors are { "error": "…" }; ids are UUIDs.
import { decimalMoney, messageErrorBody, messageErrorSchema, uuidPathId } from '../adapter-parts.js';
import type { PagedDialect } from '../dialect.js';
import { fields } from '../field-specs.js';
import { integer, listOf } from '../json-schema.js';
import { scoutmonSpellings } from '../spellings.js';

const pagingParams = fields({
  limit: { type: 'integer', default: 500, min: 1, max: 1000, description: 'Records per page (default 500, max 1000).' },
  offset: { type: 'integer', default: 0, min: 0, description: 'Records to skip.' },
});

export const scoutmon = {
  name: 'Scoutmon',
  description: 'The primary /api contract (assets, users, vendors, locations, webhooks). Lists take limit/offset and return a JSON array with the total in X-Total-Count; errors are { "error": "…" }.',
  prefixes: ['/api/'],
  errorBody: messageErrorBody,
  errorSchema: messageErrorSchema,
  pathId: uuidPathId,
  values: scoutmonSpellings,
  money: decimalMoney,
  paging: {
    params: pagingParams,
    window: ({ limit, offset }) => ({ first: limit, offset }),
    envelope: ({ rows, total }) => ({ body: rows, headers: { 'X-Total-Count': String(total) } }),
    bodySchema: listOf,
    headers: { 'X-Total-Count': { description: 'Matching records before paging.', schema: integer } },
  },
} satisfies PagedDialect<typeof pagingParams, { first: number; offset: number }>;
