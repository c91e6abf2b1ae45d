// The dialect adapter: what makes one legacy product's REST contract different from another's.
// Route tables only declare; their adapter owns the error body, status overrides, path ids, list
// paging and envelope, and value mappings. One adapter per folder: rest-shim/<dialect>/adapter.ts.
import type { FieldSpecs, QueryOf } from './field-specs.js';
import type { JsonSchema } from './json-schema.js';
import type { HeaderDoc, RestResponse } from './responses.js';
import type { FieldProblem } from './rest-error.js';
import type { PaidPlan } from '../src/request/principal.js';

/** A refused request, as a dialect's error body sees it. */
export interface RestProblem {
  /** The HTTP status of the answer: the shared map's (http-status.ts) or this dialect's override. */
  status: number;
  /**
   * GraphQL's extensions.code (UNAUTHENTICATED, KEY_REVOKED, FORBIDDEN, PLAN_UPGRADE_REQUIRED,
   * ENTERPRISE_REQUIRED, NOT_FOUND, BAD_USER_INPUT, CONFLICT, THROTTLED, …) or the shim's own
   * (rest-error.ts): BAD_REQUEST (malformed JSON), METHOD_NOT_ALLOWED, INTERNAL_SERVER_ERROR.
   */
  code: string;
  /** Safe to show ('Internal server error' for a 500). */
  message: string;
  /** The field at fault, when known: the REST name of a parameter or body field, else GraphQL's extensions.field. */
  field?: string;
  /** Every field at fault when several are (a body with two bad fields, a batch item's field). */
  details?: readonly FieldProblem[];
}

export interface Dialect {
  /** The product whose documented contract this is (OpenAPI: heads its summaries, groups its area tags). */
  readonly name: string;
  /** OpenAPI: what a caller of this dialect should know (envelope, paging, error body). */
  readonly description: string;
  /**
   * Path prefixes whose unknown paths this dialect answers (404, in its error body); the longest
   * prefix wins. Empty when its routes live under another dialect's prefix.
   */
  readonly prefixes: readonly string[];
  /** Statuses that differ from the shared code → status map (http-status.ts), by code; e.g. { BAD_USER_INPUT: 422 }. */
  readonly statusByCode?: Readonly<Record<string, number>>;
  /** The body of a refused request. */
  errorBody(problem: RestProblem): unknown;
  /** OpenAPI: JSON Schema of errorBody's answers. */
  readonly errorSchema: JsonSchema;
  /** A path id as sent → the id GraphQL knows, or null when it cannot be one (answered 404 "<Entity> not found"). */
  pathId(raw: string): string | null;
  /** The dialect's spellings of GraphQL enum values (spellings.ts): REST spelling → GraphQL value. */
  readonly values?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * The plan every route of this dialect needs, whatever the key holds (checked before the
   * operation runs: PLAN_UPGRADE_REQUIRED / ENTERPRISE_REQUIRED).
   */
  readonly minimumPlan?: PaidPlan;
  /** The dialect's money unit, when it has amounts. */
  readonly money?: MoneyUnit<unknown>;
}

/** Money: GraphQL's exact decimal string ("2499.00") ↔ the dialect's unit (a decimal as is, integer cents, …). */
export interface MoneyUnit<Amount> {
  fromGraphQL(decimal: string): Amount;
  toGraphQL(amount: Amount): string | number;
}

/** One page of a list, shaped row by row by the route. */
export interface ListPage {
  rows: unknown[];
  /** Matching records before paging. */
  total: number;
  /** For cursor paging: whether another page follows, and the cursor to ask it with. */
  hasNextPage?: boolean;
  endCursor?: string | null;
}

export interface ListPaging<Params extends FieldSpecs, Window> {
  /** The query parameters a list takes to page (declared after the route's own). */
  readonly params: Params;
  /** Those parameters, parsed → the connection arguments the list operations declare (first/offset, first/after, …). */
  window(params: QueryOf<Params>): Window;
  /** One page → the answer: the envelope body and its headers. */
  envelope(page: ListPage, params: QueryOf<Params>): RestResponse;
  /** OpenAPI: the answer's body schema, for items of `item`. */
  bodySchema(item: JsonSchema): JsonSchema;
  /** OpenAPI: the answer's headers. */
  readonly headers?: Readonly<Record<string, HeaderDoc>>;
}

/** A dialect with list routes. */
export interface PagedDialect<Params extends FieldSpecs, Window> extends Dialect {
  readonly paging: ListPaging<Params, Window>;
}
