// The REST layer's contract with itself: the OpenAPI document is valid and complete, the shim
// holds no database access, its generated operation types are current, and REST calls pass the
// same validation and plugins as GraphQL calls.
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { FieldCipher } from '../src/crypto/field-cipher.js';
import path from 'node:path';
import { generate, loadCodegenConfig } from '@graphql-codegen/cli';
import { validate } from '@readme/openapi-parser';
import { GraphQLError, type ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../rest-shim/routes.js';
import { createApp } from '../src/app.js';
import { startTestApi, type TestApi } from './support/test-api.js';

const root = path.resolve(import.meta.dirname, '..');
let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(() => api.close());

// Every endpoint issue 3 names: the contract of seed 003 plus AssetNode's audit log.
const DOCUMENTED = [
  'GET /api/assets', 'POST /api/assets', 'GET /api/assets/:id', 'PUT /api/assets/:id', 'DELETE /api/assets/:id',
  'GET /api/assets/:id/decrypt', 'POST /api/assets/:id/checkout', 'POST /api/assets/:id/checkin', 'GET /api/users',
  'POST /api/users/invite', 'PATCH /api/users/:id', 'GET /api/users/:id/assets', 'GET /api/vendors', 'POST /api/vendors',
  'PUT /api/vendors/:id', 'GET /api/vendors/:id/assets', 'GET /api/locations', 'POST /api/locations', 'GET /api/audit-log',
  'POST /api/webhooks', 'GET /api/webhooks', 'DELETE /api/webhooks/:id',
  // Issue 5: AssetNode's token endpoints (seed 001) and AssetIT's client credentials (seed 004).
  'POST /api/auth/login', 'POST /api/auth/refresh', 'POST /api/auth/logout', 'POST /api/auth/accept-invite', 'POST /api/auth/token',
  // Issue 12: SenAsset's /v1 (seed 000).
  'GET /v1/assets', 'POST /v1/assets', 'GET /v1/assets/:id', 'PATCH /v1/assets/:id', 'DELETE /v1/assets/:id',
  'GET /v1/users', 'POST /v1/users', 'GET /v1/users/:id/assets', 'POST /v1/webhooks', 'GET /v1/webhooks', 'DELETE /v1/webhooks/:id',
  // Issue 13: AssetNode's resource endpoints (seed 001).
  'GET /api/hardware', 'POST /api/hardware', 'GET /api/hardware/:id', 'PATCH /api/hardware/:id', 'GET /api/employees', 'POST /api/employees',
  'POST /api/assignments', 'POST /api/assignments/:id/return', 'GET /api/licenses', 'POST /api/licenses', 'PATCH /api/licenses/:id',
  'POST /api/licenses/:id/seats', 'DELETE /api/licenses/:id/seats/:seatId', 'GET /api/reports/depreciation', 'GET /api/dashboard',
  // Issue 14: UniAsset's Integration API (seed 002).
  'POST /api/integrations/assets/create', 'POST /api/integrations/assets/assignment', 'POST /api/integrations/assets/maintenance',
  'POST /api/integrations/assets/geo-position', 'POST /api/integrations/iot/signals',
];

describe('GET /api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document with every route, its parameters and bearer security', async () => {
    const response = await api.app.fetch('http://test/api/openapi.json');
    expect(response.status).toBe(200);
    const document = (await response.json()) as any;
    expect(document.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(document));
    expect(result.valid, JSON.stringify(result)).toBe(true);
    for (const route of routes) {
      const operation = document.paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      expect(operation.responses[String(route.success.status)]).toBeDefined();
      for (const name of Object.keys(route.query ?? {})) {
        expect(operation.parameters.map((p: any) => p.name)).toContain(name);
      }
    }
    expect(document.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    const list = document.paths['/api/assets'].get;
    expect(list.responses['200'].headers['X-Total-Count']).toBeDefined();
    expect(list.parameters.find((p: any) => p.name === 'sort_by').schema.enum).toEqual(['name', 'created_at', 'status', 'category', 'value', 'asset_tag']);
  });
});

describe('GET /api/docs', () => {
  it('serves Swagger UI with its assets from the npm package, no CDN', async () => {
    const page = await api.app.fetch('http://test/api/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/api/openapi.json');
    expect(html).not.toMatch(/https?:\/\//);
    const bundle = await api.app.fetch('http://test/api/docs/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('javascript');
    expect((await bundle.text()).length).toBeGreaterThan(100_000);
    expect((await api.app.fetch('http://test/api/docs/../../package.json')).status).toBe(404);
  });
});

describe('route table', () => {
  it('serves every documented endpoint', () => {
    const served = routes.map((route) => `${route.method} ${route.path}`);
    expect([...served].sort()).toEqual([...DOCUMENTED].sort());
  });

  it('never imports the database layer (rest-shim holds no business logic)', async () => {
    const files = (await readdir(path.join(root, 'rest-shim'), { recursive: true })).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const source = await readFile(path.join(root, 'rest-shim', file), 'utf8');
      const imports = [...source.matchAll(/from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]);
      for (const specifier of imports) {
        expect(specifier, `${file} imports ${specifier}`).not.toMatch(/@prisma|prisma|src\/db|generated\/prisma|\/auth\//);
      }
    }
  });

  it('has current generated operation types (run `npm run codegen`)', async () => {
    const loaded = await loadCodegenConfig({ configFilePath: path.join(root, 'codegen.yml') });
    const outputs = await generate({ ...loaded.config, cwd: root, silent: true } as never, false);
    const generated = (outputs as { filename: string; content: string }[]).find((o) => o.filename.endsWith('operations.ts'))!;
    expect(generated).toBeDefined();
    expect(await readFile(path.join(root, 'rest-shim/generated/operations.ts'), 'utf8')).toBe(generated.content);
  }, 60_000);
});

describe('REST runs through the GraphQL pipeline', () => {
  it('validates REST operations with the same rules as /graphql and runs the same plugins', async () => {
    const seen: string[] = [];
    // A validation rule that refuses one named operation, whichever API style sent it.
    const refuseListAssets: ValidationRule = (context) => ({
      OperationDefinition(node) {
        if (node.name?.value === 'RestListAssets') context.reportError(new GraphQLError('RestListAssets refused by rule'));
      },
    });
    const plugin: Plugin = {
      onValidate({ addValidationRule, params }) {
        seen.push(`validate ${(params.documentAST.definitions[0] as any).name?.value}`);
        addValidationRule(refuseListAssets);
      },
      onExecute({ args }) {
        seen.push(`execute ${args.operationName ?? (args.document.definitions[0] as any).name?.value}`);
      },
    };
    const app = createApp(api.db, { plugins: [plugin], cipher: new FieldCipher(randomBytes(32)) });
    const tenant = await api.tenant();
    const headers = { authorization: `Bearer ${tenant.writeKey}` };

    const refused = await app.fetch('http://test/api/assets', { headers });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ error: 'RestListAssets refused by rule' });
    const listed = await app.fetch('http://test/api/locations', { headers });
    expect(listed.status).toBe(200);
    expect(seen).toEqual(['validate RestListAssets', 'validate RestListLocations', 'execute RestListLocations']);
  });
});
