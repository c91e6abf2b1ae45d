// SenAsset (seed 000), the /v1 contract: lists page by an opaque cursor (the GraphQL connection's
// own keyset cursor: no OFFSET) and answer { data, meta: { total, limit, has_more, next_cursor } };
// errors are { "error": { "code", "message" } } with SenAsset's codes; prices are integer cents.
import { uuidPathId } from '../adapter-parts.js';
import type { MoneyUnit, PagedDialect, RestProblem } from '../dialect.js';
import { fields } from '../field-specs.js';
import { integer, listOf, object, string, type JsonSchema } from '../json-schema.js';
import { senAssetSpellings } from '../spellings.js';

/** The largest amount the value column holds (numeric(14,2)), in cents. */
export const MAX_CENTS = 99_999_999_999_999;

const pagingParams = fields({
  limit: { type: 'integer', default: 50, min: 1, max: 200, description: 'Results per page (default 50, max 200).' },
  cursor: { type: 'string', graphql: 'after', description: 'Pagination cursor from the previous response (meta.next_cursor).' },
});

// SenAsset's documented codes, by status; the shim's own refusals keep a code of their kind.
const CODE_BY_STATUS: Record<number, string> = {
  400: 'validation_error', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed',
  409: 'conflict', 422: 'validation_error', 429: 'rate_limited',
};

/** The message, naming the field at fault when it does not already (GraphQL's messages may use its own names). */
function namingField({ message, field }: RestProblem): string {
  if (!field) return message;
  const prefix = /^(\w+): /.exec(message);
  if (prefix) return prefix[1] === field ? message : `${field}: ${message.slice(prefix[0].length)}`;
  return new RegExp(`\\b${field}\\b`).test(message) ? message : `${field}: ${message}`;
}

/** `{ "error": { "code": "not_found", "message": "Asset not found" } }` */
function errorBody(problem: RestProblem) {
  return { error: { code: CODE_BY_STATUS[problem.status] ?? 'server_error', message: namingField(problem) } };
}

const errorSchema: JsonSchema = object({
  error: object({
    code: { type: 'string', enum: ['validation_error', 'unauthorized', 'forbidden', 'not_found', 'method_not_allowed', 'conflict', 'rate_limited', 'server_error'] },
    message: string,
  }),
});

/** Integer cents ↔ GraphQL's exact decimal string: 249900 ↔ "2499.00", with no floating point on the way. */
export const cents: MoneyUnit<number> = {
  fromGraphQL(decimal) {
    const [whole, fraction = ''] = decimal.replace(/^-/, '').split('.');
    const amount = Number(whole) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
    return decimal.startsWith('-') ? -amount : amount;
  },
  toGraphQL(amount) {
    const sign = amount < 0 ? '-' : '';
    const abs = Math.abs(amount);
    return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  },
};

export const senAsset = {
  name: 'SenAsset',
  description: 'The /v1 contract (assets, users, webhooks). Lists take limit (1-200, default 50) and an opaque cursor and return { data, meta: { total, limit, has_more, next_cursor } }; prices are integer cents; errors are { "error": { "code", "message" } }.',
  prefixes: ['/v1/'],
  errorBody,
  errorSchema,
  pathId: uuidPathId,
  values: senAssetSpellings,
  money: cents,
  paging: {
    params: pagingParams,
    window: ({ limit, cursor }) => ({ first: limit, after: cursor }),
    envelope: ({ rows, total, hasNextPage, endCursor }, { limit }) => ({
      body: { data: rows, meta: { total, limit, has_more: hasNextPage ?? false, next_cursor: hasNextPage ? endCursor ?? null : null } },
    }),
    bodySchema: (item) => object({
      data: listOf(item),
      meta: object({ total: integer, limit: integer, has_more: { type: 'boolean' }, next_cursor: { type: ['string', 'null'] } }),
    }),
  },
} satisfies PagedDialect<typeof pagingParams, { first: number; after?: string }>;
