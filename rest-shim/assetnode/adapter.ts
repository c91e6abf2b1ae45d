// AssetNode (seed 001): its routes live under Scoutmon's /api prefix; the paths only AssetNode
// has (hardware, employees, assignments, …) are its own, so their unknown sub-paths are its 404. Lists page with page (from 1) and limit and answer { data, total, page, pages };
// errors are { "error": "…" }; ids are UUIDs.
import { decimalMoney, messageErrorBody, messageErrorSchema, uuidPathId } from '../adapter-parts.js';
import type { PagedDialect } from '../dialect.js';
import { fields } from '../field-specs.js';
import { integer, listOf } from '../json-schema.js';
import { assetNodeSpellings } from '../spellings.js';

const pagingParams = fields({
  page: { type: 'integer', default: 1, min: 1 },
  limit: { type: 'integer', default: 50, min: 1, max: 1000, description: 'Default 50, max 1000.' },
});

export const assetNode = {
  name: 'AssetNode',
  description: 'AssetNode routes under /api (hardware, employees, assignments, the audit log, log-in sessions). Ids are `_id` (UUIDs); lists take page (from 1) and limit and return { data, total, page, pages }; errors are { "error": "…" }; money is a decimal string in currency units.',
  prefixes: ['/api/hardware/', '/api/employees/', '/api/assignments/', '/api/licenses/', '/api/reports/', '/api/dashboard/'],
  errorBody: messageErrorBody,
  errorSchema: messageErrorSchema,
  pathId: uuidPathId,
  values: assetNodeSpellings,
  money: decimalMoney,
  paging: {
    params: pagingParams,
    window: ({ page, limit }) => ({ first: limit, offset: (page - 1) * limit }),
    envelope: ({ rows, total }, { page, limit }) => ({ body: { data: rows, total, page, pages: Math.ceil(total / limit) } }),
    bodySchema: (item) => ({
      type: 'object', required: ['data', 'total', 'page', 'pages'],
      properties: { data: listOf(item), total: integer, page: integer, pages: integer },
    }),
  },
} satisfies PagedDialect<typeof pagingParams, { first: number; offset: number }>;
