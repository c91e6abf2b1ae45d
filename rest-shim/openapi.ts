// The OpenAPI 3.1 document of the REST layer, derived from the route tables (so it cannot drift
// from what is served). Operations are tagged by area (the route table: assets, auth, …, as
// clients of the tag have always seen them); the dialect heads each summary, groups the area tags
// (x-tagGroups) and describes its conventions in the tag and document descriptions.
import type { Dialect } from './dialect.js';
import type { FieldSpec, FieldSpecs } from './field-specs.js';
import type { JsonSchema } from './json-schema.js';
import type { Route } from './route.js';
import { dialects, routes } from './routes.js';

const FORMATS: Record<FieldSpec['type'], JsonSchema> = {
  string: { type: 'string' },
  integer: { type: 'integer' },
  number: { type: 'number' },
  uuid: { type: 'string', format: 'uuid' },
  date: { type: 'string', format: 'date' },
  datetime: { type: 'string', format: 'date-time' },
  object: { type: 'object' },
  'string[]': { type: 'array', items: { type: 'string' } },
  map: { type: 'object', additionalProperties: { type: 'string' } },
  'object[]': { type: 'array' },
};

/** An object of declared fields (a body, an item of an `object[]` field). */
function bodySchema(specs: FieldSpecs): JsonSchema {
  return {
    type: 'object',
    required: Object.entries(specs).filter(([, spec]) => spec.required).map(([name]) => name),
    properties: Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, fieldSchema(spec)])),
  };
}

function fieldSchema(spec: FieldSpec): JsonSchema {
  if (spec.type === 'object[]') {
    return {
      type: 'array',
      items: bodySchema(spec.items ?? {}),
      ...(spec.min !== undefined && { minItems: spec.min }),
      ...(spec.max !== undefined && { maxItems: spec.max }),
      ...(spec.description && { description: spec.description }),
    };
  }
  return {
    ...FORMATS[spec.type],
    ...(spec.enum && { enum: Object.keys(spec.enum) }),
    ...(spec.min !== undefined && { minimum: spec.min }),
    ...(spec.max !== undefined && { maximum: spec.max }),
    ...(spec.default !== undefined && { default: spec.default }),
    ...(spec.description && { description: spec.description }),
  };
}

const ERRORS: Record<string, string> = {
  400: 'Bad request: malformed JSON, a bad parameter or body field.',
  401: 'Missing or invalid API key.',
  403: 'Read-only key or insufficient role.',
  404: 'Not found (also another organization’s id, or a malformed id).',
  409: 'Conflict, e.g. a duplicate email or checking out a checked-out asset.',
  422: 'Validation failed: a bad parameter or body field.',
  429: 'Rate limit exceeded.',
  500: 'Server error.',
};

// Public routes (the auth endpoints) take credentials in the body: their 401 is about those.
const PUBLIC_ERRORS: Record<string, string> = {
  ...ERRORS,
  401: 'Invalid credentials, token or invitation.',
  429: 'Too many authentication attempts (per client address, and per account where one is named).',
};

// The codes behind each documented status: a dialect's override moves them (e.g. 400 → 422).
const CODES_BY_STATUS: Record<string, string[]> = {
  400: ['BAD_USER_INPUT', 'BAD_REQUEST'], 401: ['UNAUTHENTICATED'], 403: ['FORBIDDEN'], 404: ['NOT_FOUND'], 409: ['CONFLICT'], 429: ['THROTTLED'],
};

function errorsFor(route: Route): string[] {
  const statuses = ['400', '401', '429', '500'];
  if (route.access !== 'public') {
    if (route.access !== 'read') statuses.push('403');
    if (route.pathIds || route.method !== 'GET') statuses.push('404');
    if (route.method !== 'GET') statuses.push('409');
  }
  const overrides = route.dialect.statusByCode ?? {};
  const answered = statuses.flatMap((status) => {
    const codes = CODES_BY_STATUS[status] ?? [];
    const moved = codes.map((code) => String(overrides[code] ?? status));
    return codes.length ? moved : [status];
  });
  return [...new Set(answered)].sort();
}

const errorSchemaName = (dialect: Dialect) => `${dialect.name}Error`;

function operation(route: Route) {
  const pathParams = Object.entries(route.pathIds ?? {}).map(([name, entity]) => ({
    name, in: 'path', required: true, schema: { type: 'string', format: 'uuid' }, description: `The ${entity}'s id.`,
  }));
  const queryParams = Object.entries(route.query ?? {}).map(([name, spec]) => ({
    name, in: 'query', required: spec.required ?? false, schema: fieldSchema(spec), ...(spec.description && { description: spec.description }),
    // name[KEY]=VALUE
    ...(spec.type === 'map' && { style: 'deepObject', explode: true }),
  }));
  const responses: Record<string, unknown> = {
    [route.success.status]: {
      description: route.success.description,
      ...(route.success.headers && { headers: route.success.headers }),
      ...(route.success.schema && {
        content: {
          'application/json': { schema: route.success.schema },
          ...Object.fromEntries(Object.entries(route.success.alternatives ?? {}).map(([type, schema]) => [type, { schema }])),
        },
      }),
    },
  };
  const isPublic = route.access === 'public';
  for (const status of errorsFor(route)) {
    responses[status] = {
      description: (isPublic ? PUBLIC_ERRORS : ERRORS)[status],
      ...(status === '429' && { headers: { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } } } }),
      content: { 'application/json': { schema: { $ref: `#/components/schemas/${errorSchemaName(route.dialect)}` } } },
    };
  }
  return {
    operationId: route.operationName,
    summary: `${route.dialect.name} · ${route.summary}`,
    description: `${route.dialect.name} dialect. Access: ${isPublic ? 'public (no credential)' : route.access}. Runs the GraphQL operation ${route.operationName}.`,
    tags: [route.area],
    'x-dialect': route.dialect.name,
    // No security requirement: these routes are how a caller obtains a credential.
    ...(isPublic && { security: [] }),
    parameters: [...pathParams, ...queryParams],
    ...(route.body && {
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: Object.entries(route.body).filter(([, spec]) => spec.required).map(([name]) => name),
              properties: Object.fromEntries(Object.entries(route.body).map(([name, spec]) => [name, fieldSchema(spec)])),
            },
          },
        },
      },
    }),
    responses,
  };
}

let document: object | undefined;

export function openApiDocument(): object {
  if (document) return document;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const openApiPath = route.path.replace(/:(\w+)/g, '{$1}');
    (paths[openApiPath] ??= {})[route.method.toLowerCase()] = operation(route);
  }
  const served = dialects.filter((dialect) => routes.some((route) => route.dialect === dialect));
  const areasOf = (dialect?: Dialect) => [...new Set(routes.filter((route) => !dialect || route.dialect === dialect).map((route) => route.area))];
  const dialectsOf = (area: string) => served.filter((dialect) => areasOf(dialect).includes(area)).map((dialect) => dialect.name);
  document = {
    openapi: '3.1.0',
    info: {
      title: 'IT asset management REST API',
      version: '1.0.0',
      description: [
        'REST compatibility layer: every route runs a GraphQL operation of /graphql. Each legacy product (dialect) keeps its own conventions:',
        ...served.map((dialect) => `- **${dialect.name}**: ${dialect.description}`),
      ].join('\n'),
    },
    servers: [{ url: '/' }],
    // Either scheme: Swagger UI's Authorize fills whichever the caller types into.
    security: [{ apiKey: [] }, { authorizationHeader: [] }],
    tags: areasOf().map((area) => ({ name: area, description: `Dialect: ${dialectsOf(area).join(', ')}.` })),
    // Redoc and others nest the area tags under their dialect.
    'x-tagGroups': served.map((dialect) => ({ name: dialect.name, tags: areasOf(dialect) })),
    paths,
    components: {
      securitySchemes: {
        apiKey: {
          type: 'http', scheme: 'bearer',
          description: 'An API key (sk_ followed by 56 hex characters) or an access token from /api/auth/login, /api/auth/refresh, /api/auth/accept-invite or /api/auth/token (also accepted as `Authorization: JWT <token>`).',
        },
        // AssetIT's instructions (seed 004) have the token typed as `JWT <token>` into Authorize.
        authorizationHeader: {
          type: 'apiKey', in: 'header', name: 'Authorization',
          description: 'The whole Authorization header, sent as typed: `JWT <access_token>` (AssetIT, from /api/auth/token), or `Bearer <API key or token>`.',
        },
      },
      schemas: Object.fromEntries(served.map((dialect) => [errorSchemaName(dialect), dialect.errorSchema])),
    },
  };
  return document;
}
