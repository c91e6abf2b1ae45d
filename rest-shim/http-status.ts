// GraphQL error codes → HTTP statuses: the only place the REST layer decides a status for an error.
export const STATUS_BY_CODE: Record<string, number> = {
  UNAUTHENTICATED: 401,
  KEY_REVOKED: 401,
  FORBIDDEN: 403,
  PLAN_UPGRADE_REQUIRED: 403,
  ENTERPRISE_REQUIRED: 403,
  THROTTLED: 429,
  NOT_FOUND: 404,
  CONFLICT: 409,
  BAD_USER_INPUT: 400,
  MAX_COST_EXCEEDED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  GRAPHQL_PARSE_FAILED: 400,
  SERVICE_UNAVAILABLE: 503,
};

// When one response carries several errors, the one a client must act on first decides.
const PRECEDENCE = [503, 401, 403, 429, 404, 409, 400];

export interface GraphQLErrorLike {
  message: string;
  extensions?: { code?: string; field?: string };
}

export function errorStatus(errors: readonly GraphQLErrorLike[]): { status: number; error: GraphQLErrorLike } {
  const ranked = errors.map((error) => ({ error, status: STATUS_BY_CODE[error.extensions?.code ?? ''] ?? 500 }));
  ranked.sort((a, b) => rank(a.status) - rank(b.status));
  return ranked[0];
}

const rank = (status: number) => {
  const index = PRECEDENCE.indexOf(status);
  return index === -1 ? PRECEDENCE.length : index;
};
