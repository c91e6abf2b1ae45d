// The OpenAPI 3.1 document of the REST layer, derived from the route table (so it cannot drift
// from what is served), and a Swagger UI page whose assets come from the swagger-ui-dist package.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { errorSchema } from './shapes.js';
import type { FieldSpec, JsonSchema, Route } from './route-kit.js';
import { routes } from './routes.js';

const FORMATS: Record<FieldSpec['type'], JsonSchema> = {
  string: { type: 'string' },
  integer: { type: 'integer' },
  number: { type: 'number' },
  uuid: { type: 'string', format: 'uuid' },
  date: { type: 'string', format: 'date' },
  datetime: { type: 'string', format: 'date-time' },
  object: { type: 'object' },
  'string[]': { type: 'array', items: { type: 'string' } },
};

function fieldSchema(spec: FieldSpec): JsonSchema {
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
  429: 'Rate limit exceeded.',
  500: 'Server error.',
};

// Public routes (the auth endpoints) take credentials in the body: their 401 is about those.
const PUBLIC_ERRORS: Record<string, string> = {
  ...ERRORS,
  401: 'Invalid credentials, token or invitation.',
  429: 'Too many authentication attempts (per client address, and per account where one is named).',
};

function errorsFor(route: Route): string[] {
  const codes = ['400', '401', '429', '500'];
  if (route.access === 'public') return codes;
  if (route.access !== 'read') codes.push('403');
  if (route.pathIds || route.method !== 'GET') codes.push('404');
  if (route.method !== 'GET') codes.push('409');
  return codes.sort();
}

function operation(route: Route) {
  const pathParams = Object.entries(route.pathIds ?? {}).map(([name, entity]) => ({
    name, in: 'path', required: true, schema: { type: 'string', format: 'uuid' }, description: `The ${entity}'s id.`,
  }));
  const queryParams = Object.entries(route.query ?? {}).map(([name, spec]) => ({
    name, in: 'query', required: spec.required ?? false, schema: fieldSchema(spec), ...(spec.description && { description: spec.description }),
  }));
  const responses: Record<string, unknown> = {
    [route.success.status]: {
      description: route.success.description,
      ...(route.success.totalCountHeader && {
        headers: { 'X-Total-Count': { description: 'Matching records before paging.', schema: { type: 'integer' } } },
      }),
      ...(route.success.schema && { content: { 'application/json': { schema: route.success.schema } } }),
    },
  };
  const isPublic = route.access === 'public';
  for (const code of errorsFor(route)) {
    responses[code] = {
      description: (isPublic ? PUBLIC_ERRORS : ERRORS)[code],
      ...(code === '429' && { headers: { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } } } }),
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  return {
    operationId: (route.operation.definitions[0] as { name?: { value: string } }).name?.value,
    summary: route.summary,
    description: `Access: ${isPublic ? 'public (no credential)' : route.access}. Runs the GraphQL operation ${(route.operation.definitions[0] as { name?: { value: string } }).name?.value}.`,
    tags: [route.path.split('/')[2]],
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
  document = {
    openapi: '3.1.0',
    info: {
      title: 'IT asset management REST API',
      version: '1.0.0',
      description: 'REST compatibility layer: every route runs a GraphQL operation of /graphql. Lists return a JSON array with the total in X-Total-Count; errors are { "error": "…" }.',
    },
    servers: [{ url: '/' }],
    security: [{ apiKey: [] }],
    paths,
    components: {
      securitySchemes: {
        apiKey: {
          type: 'http', scheme: 'bearer',
          description: 'An API key (sk_ followed by 56 hex characters) or an access token from /api/auth/login, /api/auth/refresh, /api/auth/accept-invite or /api/auth/token (also accepted as `Authorization: JWT <token>`).',
        },
      },
      schemas: { Error: errorSchema },
    },
  };
  return document;
}

const require = createRequire(import.meta.url);
const swaggerDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
};

/** A Swagger UI asset from the npm package (no CDN), or null when it is not one of ours. */
export async function swaggerUiAsset(name: string): Promise<Response | null> {
  const type = ASSETS[name];
  if (!type) return null;
  return new Response(await readFile(path.join(swaggerDir, name)), {
    headers: { 'content-type': type, 'cache-control': 'public, max-age=86400' },
  });
}

export function swaggerUiPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>IT asset management REST API</title>
  <link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/docs/swagger-ui-bundle.js"></script>
  <script src="/api/docs/swagger-ui-standalone-preset.js"></script>
  <script>
    window.ui = SwaggerUIBundle({
      url: '/api/openapi.json',
      dom_id: '#swagger-ui',
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
      layout: 'StandaloneLayout',
      persistAuthorization: true,
    });
  </script>
</body>
</html>`;
}
