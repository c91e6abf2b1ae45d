// Examples that cannot rot: every ```graphql and ```sh block of the README runs here against a
// fresh app, so a renamed field, route or script breaks the build instead of a reader's first try.
import { readFileSync } from 'node:fs';
import { Kind, parse, validate, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../src/graphql/schema.js';
import { createAsset, createLocation, createVendor, inviteUser, checkoutAsset } from './support/fixtures.js';
import { codeBlocks, curlRequest, readme, shellCommands, type CodeBlock } from './support/readme-blocks.js';
import { subscribe } from './support/sse.js';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';

const blocks = codeBlocks(readme(), ['graphql', 'sh']);
const scripts = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).scripts as Record<string, string>;
const cliUsage = readFileSync(new URL('../src/cli.ts', import.meta.url), 'utf8');
const NPM_BUILTINS = ['install', 'ci', 'start', 'test'];

let api: TestApi;
let tenant: Tenant;
/** What the examples' variables name: GraphQL `$assetId`, shell `$KEY`. */
let values: Record<string, string>;
beforeAll(async () => {
  api = await startTestApi();
  tenant = await api.tenant('Readme Inc');
  const [location, vendor, user] = [await createLocation(tenant), await createVendor(tenant), await inviteUser(tenant)];
  const held = await createAsset(tenant, { locationId: location.id, vendorId: vendor.id, value: '1299.00' });
  await checkoutAsset(tenant, held.id, user.id);
  const available = await createAsset(tenant, { locationId: location.id });
  values = {
    assetId: available.id, userId: user.id, locationId: location.id, vendorId: vendor.id,
    KEY: tenant.writeKey, READ_KEY: tenant.readKey, ASSET_ID: available.id, USER_ID: user.id, LOCATION_ID: location.id, VENDOR_ID: vendor.id,
  };
});
afterAll(() => api?.close());

const title = (block: CodeBlock) => `README line ${block.line}`;

async function runOperation(document: string, operation: OperationDefinitionNode) {
  const variables = Object.fromEntries((operation.variableDefinitions ?? []).map(({ variable }) => {
    const name = variable.name.value;
    if (!(name in values)) throw new Error(`$${name} has no value in the README example test`);
    return [name, values[name]];
  }));
  if (operation.operation === 'subscription') {
    const stream = await subscribe(api.app, tenant.readKey, document, variables);
    expect(stream.status).toBe(200);
    // A subscription that fails at start sends its error at once; a good one stays quiet.
    expect(await stream.quietFor(200)).toBe(true);
    return stream.close();
  }
  const response = await api.app.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.writeKey}` },
    body: JSON.stringify({ query: document, variables, operationName: operation.name?.value }),
  });
  const body = await response.json() as { data?: unknown; errors?: unknown[] };
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  expect(body.data).toBeTruthy();
}

describe('README ```graphql examples', () => {
  for (const block of blocks.filter((b) => b.language === 'graphql')) {
    it(`${title(block)}: validates and runs without errors`, async () => {
      const document = parse(block.text);
      expect(validate(schema, document).map((error) => error.message)).toEqual([]);
      const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
      expect(operations.length).toBeGreaterThan(0);
      for (const operation of operations) await runOperation(block.text, operation);
    });
  }
});

async function runCommand(words: string[]) {
  // Leading NAME=value words are environment for the command.
  while (/^\w+=/.test(words[0] ?? '')) words = words.slice(1);
  const [program, ...args] = words;
  if (program === 'npm') {
    if (args[0] === 'run') {
      expect(Object.keys(scripts), `npm run ${args[1]}`).toContain(args[1]);
      if (args[1] === 'cli') expect(cliUsage, `npm run cli command: ${args.slice(3, 5).join(' ')}`).toContain(`npm run cli -- ${args.slice(3, 5).join(' ')}`);
    } else expect(NPM_BUILTINS, `npm ${args[0]}`).toContain(args[0]);
    return;
  }
  if (program === 'curl') {
    const { method, url, headers, body } = curlRequest(words);
    const response = await api.app.fetch(url.replace(/^https?:\/\/localhost:\d+/, 'http://test'), { method, headers, body });
    expect(response.status, `${method} ${url}: ${await response.clone().text()}`).toBeLessThan(400);
    return;
  }
  throw new Error(`the README example test does not know how to run "${program}"`);
}

describe('README ```sh examples', () => {
  for (const block of blocks.filter((b) => b.language === 'sh')) {
    it(`${title(block)}: every command runs (curl) or names what exists (npm scripts, CLI commands)`, async () => {
      for (const line of shellCommands(block.text, values)) {
        // `a && b`: each command on its own.
        const commands = line.join('\u0000').split('\u0000&&\u0000').map((part) => part.split('\u0000'));
        for (const command of commands) await runCommand(command);
      }
    });
  }
});
