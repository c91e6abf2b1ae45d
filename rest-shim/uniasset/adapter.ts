// UniAsset (seed 002): the write-only Integration API under /api/integrations/. Every route needs
// the Business plan or higher (IoT ingestion: Enterprise, checked by its GraphQL field); errors are
// { code, message, details: [{ field, message }] } with VALIDATION_ERROR answered 422.
import { decimalMoney, uuidPathId } from '../adapter-parts.js';
import type { Dialect, RestProblem } from '../dialect.js';
import { listOf, object, string } from '../json-schema.js';
import { uniAssetSpellings } from '../spellings.js';

// GraphQL's and the shim's codes → UniAsset's documented ones (the others pass as they are).
const CODE: Readonly<Record<string, string>> = {
  BAD_USER_INPUT: 'VALIDATION_ERROR',
  BAD_REQUEST: 'VALIDATION_ERROR',
  MAX_COST_EXCEEDED: 'VALIDATION_ERROR',
};

function errorBody({ code, message, field, details }: RestProblem) {
  return {
    code: CODE[code] ?? code,
    message,
    details: details?.map((detail) => ({ field: detail.field, message: detail.message })) ?? (field ? [{ field, message }] : []),
  };
}

export const uniAsset = {
  name: 'UniAsset',
  description:
    'UniAsset\'s write-only Integration API (POST /api/integrations/...): Business plan or higher (IoT signals: Enterprise), fine-grained key permissions. Errors are { "code", "message", "details": [{ "field", "message" }] }; VALIDATION_ERROR answers 422 and names every field at fault (a batch names the item, e.g. signals[3].value).',
  prefixes: ['/api/integrations/'],
  minimumPlan: 'business',
  statusByCode: { BAD_USER_INPUT: 422, BAD_REQUEST: 422, MAX_COST_EXCEEDED: 422 },
  errorBody,
  errorSchema: object({
    code: { type: 'string', examples: ['VALIDATION_ERROR', 'FORBIDDEN', 'PLAN_UPGRADE_REQUIRED', 'ENTERPRISE_REQUIRED', 'KEY_REVOKED', 'NOT_FOUND'] },
    message: string,
    details: listOf(object({ field: string, message: string })),
  }),
  pathId: uuidPathId,
  values: uniAssetSpellings,
  money: decimalMoney,
} satisfies Dialect;
