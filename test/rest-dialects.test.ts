// The dialect adapter interface carries what the dialects still to come need: two adapters shaped
// like SenAsset's (/v1-test, { error: { code, message } }, { data, meta } lists, prefixed ids) and
// UniAsset's (/api/integrations-test: the real UniAsset dialect owns /api/integrations; 422 with details[]) are served next to the real tables, through
// the real GraphQL pipeline of a test app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageErrorSchema } from '../rest-shim/adapter-parts.js';
import { defineListRoute, defineRoute } from '../rest-shim/define-route.js';
import type { Dialect, PagedDialect, RestProblem } from '../rest-shim/dialect.js';
import { fields, toGraphQLInput } from '../rest-shim/field-specs.js';
import * as op from '../rest-shim/generated/operations.js';
import { found } from '../rest-shim/rest-error.js';
import { routeTable } from '../rest-shim/route.js';
import { dialects, routes } from '../rest-shim/routes.js';
import { operationRunner, restHandler } from '../rest-shim/use-rest-shim.js';
import { operationPipeline } from '../src/app.js';
import { isUuid } from '../src/request/uuid.js';
import { createAsset, createLocation } from './support/fixtures.js';
import { MISSING_ID } from './support/rest.js';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';

const SENASSET_CODES: Record<number, string> = {
  400: 'invalid_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed', 409: 'conflict', 429: 'rate_limited',
};
const senAssetPaging = fields({ limit: { type: 'integer', default: 50, min: 1, max: 200 } });
const senAsset = {
  name: 'SenAsset (test)',
  description: 'Shaped like seed 000.',
  prefixes: ['/v1-test/'],
  errorBody: ({ status, message }: RestProblem) => ({ error: { code: SENASSET_CODES[status] ?? 'server_error', message } }),
  errorSchema: messageErrorSchema,
  pathId: (raw: string) => (raw.startsWith('ast_') && isUuid(raw.slice(4)) ? raw.slice(4) : null),
  paging: {
    params: senAssetPaging,
    window: ({ limit }) => ({ first: limit, offset: 0 }),
    envelope: ({ rows, total }, { limit }) => ({ body: { data: rows, meta: { total, limit, has_more: total > rows.length } } }),
    bodySchema: (item) => ({ type: 'object', properties: { data: { type: 'array', items: item } } }),
  },
} satisfies PagedDialect<typeof senAssetPaging, { first: number; offset: number }>;

const uniAsset = {
  name: 'UniAsset (test)',
  description: 'Shaped like seed 002.',
  prefixes: ['/api/integrations-test/'],
  statusByCode: { BAD_USER_INPUT: 422 },
  errorBody: ({ code, message, field }: RestProblem) => ({
    code: code === 'BAD_USER_INPUT' ? 'VALIDATION_ERROR' : code, message, details: field ? [{ field, message }] : [],
  }),
  errorSchema: messageErrorSchema,
  pathId: (raw: string) => (isUuid(raw) ? raw : null),
} satisfies Dialect;

const CREATE_BODY = fields({
  name: { type: 'string', required: true },
  asset_tag: { type: 'string' },
  value: { type: 'number', min: 0 },
});

const testRoutes = [
  ...routeTable('locations', [
    defineListRoute(senAsset, {
      method: 'GET', path: '/v1-test/locations', summary: 'List locations', access: 'read',
      operation: op.RestListLocationsDocument,
      variables: ({ page }) => page,
      list: (data) => data.locations,
      item: (location) => ({ id: `loc_${location.id}`, name: location.name }),
      success: { description: 'Locations.', item: { type: 'object' } },
    }),
  ]),
  ...routeTable('assets', [
    defineRoute(senAsset, {
      method: 'GET', path: '/v1-test/assets/:id', summary: 'Get an asset', access: 'read', pathIds: { id: 'Asset' },
      operation: op.RestGetAssetDocument,
      variables: ({ params }) => ({ id: params.id }),
      respond: (data) => {
        const asset = found(data.asset, 'Asset');
        return { body: { id: `ast_${asset.id}`, tag: asset.assetTag, name: asset.name } };
      },
      success: { status: 200, description: 'The asset.' },
    }),
    defineRoute(uniAsset, {
      method: 'POST', path: '/api/integrations-test/assets/create', summary: 'Create an asset', access: 'write admin',
      operation: op.RestCreateAssetDocument,
      body: CREATE_BODY,
      variables: ({ body }) => ({ input: toGraphQLInput(CREATE_BODY, body) }),
      respond: (data) => ({ status: 201, body: { id: found(data.createAsset, 'Asset').id } }),
      success: { status: 201, description: 'Created.' },
    }),
  ]),
];

let api: TestApi;
let tenant: Tenant;
let handle: ReturnType<typeof restHandler>;
beforeAll(async () => {
  api = await startTestApi();
  tenant = await api.tenant();
  handle = restHandler([...routes, ...testRoutes], [...dialects, senAsset, uniAsset]);
});
afterAll(() => api.close());

async function call(method: string, path: string, options: { key?: string | null; body?: unknown } = {}) {
  const key = options.key === undefined ? tenant.writeKey : options.key;
  const request = new Request(`http://test${path}`, {
    method,
    headers: { ...(key && { authorization: `Bearer ${key}` }), ...(options.body !== undefined && { 'content-type': 'application/json' }) },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const response = await handle(request, () => operationRunner(operationPipeline(api.app)));
  if (!response) return null;
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

async function assetCount() {
  return (await tenant.ok('{ assets(first: 1) { totalCount } }')).assets.totalCount as number;
}

describe('a SenAsset-shaped dialect under /v1-test', () => {
  it('pages with its own parameter and envelope', async () => {
    const other = await api.tenant();
    await createLocation(other, { name: 'First' });
    await createLocation(other, { name: 'Second' });
    const page = await call('GET', '/v1-test/locations?limit=1', { key: other.writeKey });
    expect(page).toMatchObject({ status: 200, body: { data: [{ id: expect.stringMatching(/^loc_/), name: 'First' }], meta: { total: 2, limit: 1, has_more: true } } });
    expect(page!.headers.get('x-total-count')).toBeNull();
  });

  it('answers its errors in its body: a bad parameter, no credential, a missing entity', async () => {
    expect(await call('GET', '/v1-test/locations?limit=500')).toEqual({
      status: 400, headers: expect.anything(), body: { error: { code: 'invalid_request', message: 'limit must be an integer from 1 to 200' } },
    });
    const asset = await createAsset(tenant);
    expect((await call('GET', `/v1-test/assets/ast_${asset.id}`, { key: null }))?.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    expect(await call('GET', `/v1-test/assets/ast_${MISSING_ID}`)).toMatchObject({ status: 404, body: { error: { code: 'not_found', message: 'Asset not found' } } });
  });

  it('translates its path ids: its own spelling works, a bare UUID is not one of its ids', async () => {
    const asset = await createAsset(tenant, { name: 'Prefixed' });
    expect(await call('GET', `/v1-test/assets/ast_${asset.id}`)).toMatchObject({ status: 200, body: { id: `ast_${asset.id}`, name: 'Prefixed' } });
    expect(await call('GET', `/v1-test/assets/${asset.id}`)).toMatchObject({ status: 404, body: { error: { code: 'not_found', message: 'Asset not found' } } });
  });

  it('owns its prefix: unknown paths and wrong methods are refused in its body', async () => {
    expect(await call('GET', '/v1-test/hardware')).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    const wrong = await call('DELETE', `/v1-test/assets/ast_${MISSING_ID}`);
    expect(wrong).toMatchObject({ status: 405, body: { error: { code: 'method_not_allowed', message: expect.stringContaining('DELETE') } } });
    expect(wrong!.headers.get('allow')).toBe('GET');
  });
});

describe('a UniAsset-shaped dialect under /api/integrations-test', () => {
  it('answers validation failures 422 with details[] naming the REST field, writing nothing', async () => {
    const before = await assetCount();
    expect(await call('POST', '/api/integrations-test/assets/create', { body: { name: 'x', value: 'abc' } })).toMatchObject({
      status: 422, body: { code: 'VALIDATION_ERROR', message: 'value must be a number', details: [{ field: 'value', message: 'value must be a number' }] },
    });
    expect(await assetCount()).toBe(before);
  });

  it('names the REST field of a GraphQL error too (assetTag → asset_tag); other statuses keep the shared map', async () => {
    await createAsset(tenant, { assetTag: 'UNI-1' });
    const duplicate = await call('POST', '/api/integrations-test/assets/create', { body: { name: 'x', asset_tag: 'UNI-1' } });
    expect(duplicate).toMatchObject({ status: 409, body: { code: 'CONFLICT', details: [{ field: 'asset_tag' }] } });
    expect((await call('POST', '/api/integrations-test/assets/create', { body: { name: 'x' }, key: tenant.readKey }))?.status).toBe(403);
    expect(await call('POST', '/api/integrations-test/assets/create', { body: { name: 'Made' } })).toMatchObject({ status: 201, body: { id: expect.any(String) } });
  });

  it('takes its prefix from Scoutmon (the longest prefix wins); the rest of /api stays Scoutmon’s', async () => {
    expect(await call('GET', '/api/integrations-test/iot/signals')).toMatchObject({ status: 404, body: { code: 'NOT_FOUND', details: [] } });
    expect(await call('GET', '/api/gadgets')).toMatchObject({ status: 404, body: { error: 'No route for GET /api/gadgets' } });
    expect(await call('POST', '/graphql')).toBeNull();
  });
});

describe('the dispatcher', () => {
  it('refuses a route under no dialect’s prefix when the tables are loaded', () => {
    expect(() => restHandler([...routes, ...testRoutes], dialects)).toThrow(/\/v1-test\/locations \(SenAsset \(test\)\): no dialect owns its prefix/);
  });
});
