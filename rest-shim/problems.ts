// Refusals in a dialect's words: a GraphQL error or a RestError becomes a RestProblem (status from
// the shared map, unless the dialect overrides it for the code) and leaves in the dialect's error body.
import type { Dialect, RestProblem } from './dialect.js';
import { graphqlName } from './field-specs.js';
import { errorStatus, type GraphQLErrorLike } from './http-status.js';
import type { PlainAnswer } from '../src/request/response.js';
import { asResponse, jsonAnswer } from './responses.js';
import type { RestError } from './rest-error.js';
import type { RouteDeclaration } from './route.js';

const INTERNAL = { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' };

/**
 * The body field a GraphQL input field (`input.assetTag`, `assetTag`) comes from, by its REST name;
 * or the query parameter an argument comes from, when the parameter declares it (`graphql`).
 */
function restFieldName(route: RouteDeclaration | undefined, field: string | undefined): string | undefined {
  if (!field) return undefined;
  const name = field.replace(/^input\./, '');
  const body = Object.entries(route?.body ?? {}).find(([rest, spec]) => graphqlName(rest, spec) === name);
  const query = Object.entries(route?.query ?? {}).find(([, spec]) => spec.graphql === name);
  return body?.[0] ?? query?.[0] ?? field;
}

/** A GraphQL input path (`input.signals[3].recordedAt`) in REST's snake_case (`signals[3].recorded_at`), unless a body field maps it. */
function restPath(route: RouteDeclaration, field: string): string {
  const named = restFieldName(route, field);
  if (named !== field) return named!;
  const path = field.replace(/^input\./, '');
  // An item's field of a declared `object[]` body field: its REST name (`signals[3].recordedAt` → `signals[3].timestamp`).
  const item = /^(\w+)\[(\d+)\]\.(\w+)$/.exec(path);
  const items = item ? route.body?.[item[1]]?.items : undefined;
  const declared = items && Object.entries(items).find(([rest, spec]) => graphqlName(rest, spec) === item![3]);
  if (declared) return `${item![1]}[${item![2]}].${declared[0]}`;
  return path.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** The error a client must act on first, among an operation's errors. */
export function problemFromErrors(errors: readonly GraphQLErrorLike[], route: RouteDeclaration): RestProblem {
  const { status, error } = errorStatus(errors);
  if (status === 500) return { status, ...INTERNAL };
  const field = error.extensions?.field ? restPath(route, error.extensions.field) : undefined;
  const details = error.extensions?.details?.map((detail) => ({ field: restPath(route, detail.field), message: detail.message }));
  return { status, code: error.extensions?.code ?? INTERNAL.code, message: error.message, field, ...(details && { details }) };
}

export function problemFromRestError(error: RestError): RestProblem {
  return { status: error.status, code: error.code, message: error.message, field: error.field, ...(error.details && { details: error.details }) };
}

export const internalProblem = (): RestProblem => ({ status: 500, ...INTERNAL });

/** The refusal as the dialect answers it: its status override for the code, its error body. */
export function refusalAnswer(dialect: Dialect, problem: RestProblem, headers: Record<string, string> = {}): PlainAnswer {
  const status = dialect.statusByCode?.[problem.code] ?? problem.status;
  return jsonAnswer(status, dialect.errorBody({ ...problem, status }), headers);
}

export const refusal = (dialect: Dialect, problem: RestProblem, headers: Record<string, string> = {}): Response =>
  asResponse(refusalAnswer(dialect, problem, headers));
