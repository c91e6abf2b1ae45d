// A request the shim refuses before (or instead of) answering from its operation. It carries what
// a dialect's error body may need: the status, a code in GraphQL's vocabulary and the field at fault.

/** The shim's own codes, next to GraphQL's extensions.code values (src/errors.ts). */
export type ShimErrorCode = 'BAD_REQUEST' | 'METHOD_NOT_ALLOWED' | 'INTERNAL_SERVER_ERROR';

const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_USER_INPUT', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED', 409: 'CONFLICT',
};

/** One field at fault and what is wrong with it. */
export interface FieldProblem {
  field: string;
  message: string;
}

export class RestError extends Error {
  readonly code: string;
  /** The REST parameter or body field at fault, when one is. */
  readonly field?: string;
  /** Every field at fault, when several are (the first is `field`). */
  readonly details?: readonly FieldProblem[];

  constructor(readonly status: number, message: string, options: { code?: string; field?: string; details?: readonly FieldProblem[] } = {}) {
    super(message);
    this.code = options.code ?? CODE_BY_STATUS[status] ?? 'INTERNAL_SERVER_ERROR';
    this.field = options.field;
    this.details = options.details;
  }
}

/** A bad value in one query parameter or body field (400 BAD_USER_INPUT naming it). */
export const badField = (field: string, message: string) => new RestError(400, message, { field });

/** Several bad fields at once (400 BAD_USER_INPUT): the message and `field` are the first one's. */
export function badFields(details: readonly FieldProblem[]): RestError {
  return new RestError(400, details[0].message, { field: details[0].field, details });
}

/** A missing entity, answered like GraphQL's NOT_FOUND. */
export const notFound = (entity: string) => new RestError(404, `${entity} not found`);

/** The entity an operation returned, or 404 "<entity> not found" when it returned null. */
export function found<T>(value: T | null | undefined, entity: string): T {
  if (value == null) throw notFound(entity);
  return value;
}
