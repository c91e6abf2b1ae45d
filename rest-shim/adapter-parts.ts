// Pieces several dialect adapters share: the `{ "error": "…" }` body (Scoutmon, AssetNode,
// AssetIT), UUID path ids, and money as GraphQL's decimal string.
import type { MoneyUnit, RestProblem } from './dialect.js';
import { object, string, type JsonSchema } from './json-schema.js';
import { isUuid } from '../src/request/uuid.js';

/** `{ "error": "<message>" }` */
export const messageErrorBody = ({ message }: RestProblem) => ({ error: message });
export const messageErrorSchema: JsonSchema = object({ error: string });

/** Path ids are the rows' UUIDs, passed on as sent. */
export const uuidPathId = (raw: string): string | null => (isUuid(raw) ? raw : null);

/** Amounts as GraphQL's exact decimal string ("2499.00"); a number or numeric string on input. */
export const decimalMoney: MoneyUnit<string | number> = {
  fromGraphQL: (decimal) => decimal,
  toGraphQL: (amount) => amount,
};
