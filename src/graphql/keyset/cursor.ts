// Keyset cursors: a page's position as the sort key and id of a row, so the next page is a row
// comparison on an index — never OFFSET, never a walk over the rows before it. Opaque to clients
// (base64url of a small JSON array), bound to the order it was made for.
import { badInput } from '../../errors.js';
import { isUuid } from '../../request/uuid.js';

/** How a sort key's values travel in a cursor and come back for the query. */
export type KeyKind = 'string' | 'date' | 'decimal' | 'number' | 'bigint';

export interface KeysetOrder {
  /** The Prisma field sorted on; ties are broken by `id` in the same direction. */
  field: string;
  direction: 'asc' | 'desc';
  kind: KeyKind;
  /** Nullable sort keys sort nulls last, in both directions. */
  nullable: boolean;
  /**
   * For an enum key: its values in the database's sort order (declaration order). Prisma cannot
   * compare enums with < or >, so a range on one is a set of values.
   */
  enumValues?: readonly string[];
}

export type CursorKey = string | number | bigint | Date | null;

/** The cursor format's version, first in every payload (compiled reads build the same in SQL). */
export const CURSOR_VERSION = 'k1';

function encodeValue(value: unknown): string | number | null {
  if (value == null) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' || typeof value === 'string') return value;
  // Prisma.Decimal and other objects with an exact string form.
  return String(value);
}

/** The cursor's value back in the sort key's type, or undefined when it is not one. */
function decodeValue(kind: KeyKind, value: unknown): CursorKey | undefined {
  if (value === null) return null;
  switch (kind) {
    case 'date': {
      const date = typeof value === 'string' ? new Date(value) : null;
      return date && !Number.isNaN(date.getTime()) ? date : undefined;
    }
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    case 'bigint':
      return typeof value === 'string' && /^-?\d{1,20}$/.test(value) ? BigInt(value) : undefined;
    case 'decimal':
      return typeof value === 'string' && /^-?\d{1,20}(\.\d{1,10})?$/.test(value) ? value : undefined;
    case 'string':
      return typeof value === 'string' ? value : undefined;
  }
}

/** The cursor of `row` under `order`. */
export function encodeCursor(order: KeysetOrder, row: Record<string, unknown>): string {
  const payload = [CURSOR_VERSION, order.field, order.direction, encodeValue(row[order.field]), row.id];
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

function parse(cursor: string): unknown[] | null {
  try {
    const payload: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(payload) && payload.length === 5 && payload[0] === CURSOR_VERSION ? payload : null;
  } catch {
    return null;
  }
}

/**
 * The sort key and id a cursor holds. A cursor that is not ours, or was made for another order,
 * is BAD_USER_INPUT naming the argument it came in (`after` or `before`).
 */
export function decodeCursor(order: KeysetOrder, cursor: string, argument: 'after' | 'before'): { key: CursorKey; id: string } {
  const payload = parse(cursor);
  if (!payload) throw badInput(argument, `${argument}: invalid cursor; pass a cursor this connection returned`);
  const [, field, direction, value, id] = payload;
  if (field !== order.field || direction !== order.direction) {
    throw badInput(argument, `${argument}: this cursor belongs to another order; start again from the first page`);
  }
  let key = value === null && !order.nullable ? undefined : decodeValue(order.kind, value);
  if (order.enumValues && key !== null && !order.enumValues.includes(String(key))) key = undefined;
  if (key === undefined || typeof id !== 'string' || !isUuid(id)) {
    throw badInput(argument, `${argument}: invalid cursor; pass a cursor this connection returned`);
  }
  return { key, id };
}
