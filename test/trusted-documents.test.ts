// Trusted documents: the example frontend (examples/client) runs its typed operations by hash from
// the manifest codegen wrote; organizations or single keys that opt in run nothing else, while the
// REST layer and GraphiQL keep working.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { generate, loadCodegenConfig } from '@graphql-codegen/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, GraphQLRequestError } from '../examples/client/src/client.js';
import { AssetsPage, RenameAsset } from '../examples/client/src/operations.js';
import { loadManifests, ManifestError } from '../src/yoga/use-trusted-documents.js';
import { onlyError } from './support/assertions.js';
import { auditTrail, createAsset } from './support/fixtures.js';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';

const root = path.resolve(import.meta.dirname, '..');
const manifest = path.join(root, 'examples/client/generated/persisted-documents.json');
const ARBITRARY = `{ assets(first: 1) { totalCount } }`;

let api: TestApi;
let tenant: Tenant;
const clientOf = (token: string, trusted = true) =>
  createClient({ url: 'http://test/graphql', token, trusted, fetch: async (url, init) => api.app.fetch(url, init) });

beforeAll(async () => {
  api = await startTestApi({ trustedDocuments: loadManifests([manifest]) });
  tenant = await api.tenant('Trusted Co');
  await createAsset(tenant, { name: 'Aardvark laptop' });
});
afterAll(() => api?.close());

describe('the example client (examples/client)', () => {
  it('runs its typed operations by hash from the manifest', async () => {
    const result = await clientOf(tenant.readKey)(AssetsPage, { first: 5 });
    expect(result.assets!.totalCount).toBe(1);
    expect(result.assets!.edges[0].node.name).toBe('Aardvark laptop');
  });

  it('has current generated documents and manifest (run `npm run codegen`)', async () => {
    const loaded = await loadCodegenConfig({ configFilePath: path.join(root, 'codegen.yml') });
    const outputs = await generate({ ...loaded.config, cwd: root, silent: true } as never, false) as { filename: string; content: string }[];
    const client = outputs.filter((output) => output.filename.includes('examples/client/generated/'));
    expect(client.map((output) => path.basename(output.filename)).sort()).toEqual(['gql.ts', 'graphql.ts', 'index.ts', 'persisted-documents.json']);
    for (const output of client) expect(await readFile(path.resolve(root, output.filename), 'utf8'), output.filename).toBe(output.content);
  }, 60_000);
});

describe('documentId', () => {
  it('an id that no manifest holds → 400 PERSISTED_QUERY_NOT_FOUND', async () => {
    const response = await api.app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.readKey}` },
      body: JSON.stringify({ documentId: 'sha256:0000' }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});

describe('Mutation.setTrustedDocumentsOnly', () => {
  it('holds every credential of the organization to trusted documents; REST and GraphiQL keep working', async () => {
    const org = await api.tenant('Locked Co');
    const asset = await createAsset(org, { name: 'Before' });
    const set = await org.ok(`mutation { setTrustedDocumentsOnly(enabled: true) { id trustedDocumentsOnly } }`);
    expect(set.setTrustedDocumentsOnly).toEqual({ id: org.organizationId, trustedDocumentsOnly: true });

    expect(onlyError(await org.gql(ARBITRARY, {}, org.readKey))).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    const renamed = await clientOf(org.writeKey)(RenameAsset, { id: asset.id, name: 'After' });
    expect(renamed.updateAsset).toEqual({ id: asset.id, name: 'After' });
    await expect(clientOf(org.readKey, false)(AssetsPage, { first: 1 })).rejects.toBeInstanceOf(GraphQLRequestError);

    const rest = await api.app.fetch('http://test/api/assets?limit=1', { headers: { authorization: `Bearer ${org.readKey}` } });
    expect(rest.status).toBe(200);
    const graphiql = await api.app.fetch('http://test/graphql', { headers: { accept: 'text/html' } });
    expect(graphiql.status).toBe(200);
    // Other organizations are not affected.
    expect((await tenant.gql(ARBITRARY, {}, tenant.readKey)).errors).toBeUndefined();

    // Turning it off needs no manifest entry.
    await org.ok(`mutation { setTrustedDocumentsOnly(enabled: false) { trustedDocumentsOnly } }`);
    expect((await org.gql(ARBITRARY, {}, org.readKey)).errors).toBeUndefined();
    expect((await auditTrail(org, org.organizationId)).filter((event) => event.action === 'organization.updated').map((event) => [event.action, event.changes])).toEqual([
      ['organization.updated', { trustedDocumentsOnly: { before: false, after: true } }],
      ['organization.updated', { trustedDocumentsOnly: { before: true, after: false } }],
    ]);
  });

  it('needs an admin with a write key', async () => {
    const response = await tenant.gql(`mutation { setTrustedDocumentsOnly(enabled: true) { id } }`, {}, tenant.readKey);
    expect(onlyError(response)).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });
});

describe('CreateApiKeyInput.trustedDocumentsOnly', () => {
  it('holds that key alone to trusted documents', async () => {
    const created = await tenant.ok(`mutation { createApiKey(input: { name: "frontend", scopes: ["read"], trustedDocumentsOnly: true }) { key apiKey { trustedDocumentsOnly } } }`);
    expect(created.createApiKey.apiKey.trustedDocumentsOnly).toBe(true);
    const key = created.createApiKey.key as string;
    expect(onlyError(await tenant.gql(ARBITRARY, {}, key))).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect((await clientOf(key)(AssetsPage, { first: 1 })).assets!.totalCount).toBe(1);
    expect((await tenant.gql(ARBITRARY, {}, tenant.readKey)).errors).toBeUndefined();
  });
});

describe('TRUSTED_DOCUMENTS manifests', () => {
  it('refuses a file that is not a { hash: document } object, naming it', () => {
    expect(() => loadManifests([path.join(root, 'package.json'), '/nonexistent.json'])).toThrow(ManifestError);
    expect(() => loadManifests(['/nonexistent.json'])).toThrow(/cannot read \/nonexistent.json/);
  });
});
