// Static cost: a table of documents whose cost is computed by hand from the rules in
// src/cost/query-cost.ts (objects 1, scalars 0, edges 0, nodes × page size, mutations +10).
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { actualCostOfText, plainTextCost } from '../src/cost/actual-cost-of-text.js';
import { actualCost, staticCost } from '../src/cost/query-cost.js';
import { schema } from '../src/graphql/schema.js';

const cost = (query: string, variables: Record<string, unknown> = {}, operationName?: string) =>
  staticCost(schema, parse(query), variables, operationName);

describe('staticCost', () => {
  it.each([
    ['a scalar-only lookup', '{ asset(id: "00000000-0000-4000-8000-000000000000") { id name value } }', {}, 1],
    ['a lookup with two relations', '{ asset(id: "00000000-0000-4000-8000-000000000000") { id location { name } vendor { name } } }', {}, 3],
    ['a page: 1 + first × node', '{ assets(first: 10) { totalCount edges { cursor node { id } } } }', {}, 11],
    ['pageInfo is one object', '{ assets(first: 10) { pageInfo { hasNextPage } edges { node { id } } } }', {}, 12],
    ['the default page size (50) when first is absent', '{ assets { edges { node { id } } } }', {}, 51],
    ['last counts like first', '{ assets(last: 7) { edges { node { id location { id } } } } }', {}, 15],
    ['first from a variable', 'query($n: Int) { assets(first: $n) { edges { node { id } } } }', { n: 20 }, 21],
    ['nested connections multiply', '{ assets(first: 10) { edges { node { id assignments(first: 5) { edges { node { user { id } } } } } } } }', {}, 1 + 10 * (1 + 1 + 5 * 2)],
    ['a named fragment', 'query { assets(first: 4) { edges { node { ...A } } } } fragment A on Asset { location { id } owner { id } }', {}, 1 + 4 * 3],
    ['an inline fragment on the node interface takes the costliest type', '{ node(id: "x") { ... on Asset { location { id } vendor { id } } ... on User { id } } }', {}, 3],
    ['aliases are counted separately', '{ a: assets(first: 2) { edges { node { id } } } b: assets(first: 3) { edges { node { id } } } }', {}, 3 + 4],
    ['a field repeated under one key is merged, not double-counted', '{ assets(first: 2) { edges { node { location { id } location { name } } } } }', {}, 1 + 2 * 2],
    ['@skip(if: true) removes a selection', 'query($s: Boolean!) { assets(first: 10) { edges { node { id location @skip(if: $s) { id } } } } }', { s: true }, 11],
    ['@include(if: false) removes a selection', 'query($i: Boolean!) { assets(first: 10) { edges { node { id location @include(if: $i) { id } } } } }', { i: false }, 11],
    ['@include(if: true) keeps it', 'query($i: Boolean!) { assets(first: 10) { edges { node { id location @include(if: $i) { id } } } } }', { i: true }, 21],
    ['a mutation adds a base of 10', 'mutation { createAsset(input: { name: "x" }) { id location { id } } }', {}, 10 + 1 + 1],
    ['two mutations, two bases', 'mutation { a: deleteAsset(id: "00000000-0000-4000-8000-000000000000") { id } b: deleteAsset(id: "00000000-0000-4000-8000-000000000001") { id } }', {}, 22],
    ['rateLimit costs nothing (declared next to the field)', '{ rateLimit { limit remaining cost } }', {}, 0],
    ['nodes(ids) counts one object per id', '{ nodes(ids: ["a", "b", "c"]) { id } }', {}, 3],
    ['introspection costs nothing', '{ __schema { types { name } } }', {}, 0],
  ])('%s', (_label, query, variables, expected) => {
    expect(cost(query, variables)?.cost).toBe(expected);
  });

  it('counts objects (GitHub-style nodes) separately from points', () => {
    const result = cost('mutation { createAsset(input: { name: "x" }) { id location { id } } }')!;
    expect(result).toMatchObject({ cost: 12, nodes: 2 });
  });

  it('picks the named operation of a multi-operation document', () => {
    const document = 'query Small { asset(id: "00000000-0000-4000-8000-000000000000") { id } } query Big { assets(first: 100) { edges { node { id } } } }';
    expect(cost(document, {}, 'Small')?.cost).toBe(1);
    expect(cost(document, {}, 'Big')?.cost).toBe(101);
    expect(cost(document, {})).toBeNull();
  });

  it('gives a per-field breakdown', () => {
    expect(cost('{ assets(first: 10) { edges { node { location { id } } } } }')?.fields).toEqual({
      'assets.edges.node.location': 1, 'assets.edges.node': 2, 'assets.edges': 20, assets: 21,
    });
  });

  it('refuses page sizes over the maximum before anything runs', () => {
    expect(() => cost('{ assets(first: 1001) { edges { node { id } } } }')).toThrow(/first must be between 0 and 1000/);
  });

  it('answers null when variables do not coerce (execution reports it, at no cost)', () => {
    expect(cost('query($n: Int) { assets(first: $n) { edges { node { id } } } }', { n: 'ten' })).toBeNull();
  });
});

describe('actualCost', () => {
  it('applies the same rules to what came back', () => {
    const query = '{ assets(first: 10) { totalCount edges { node { id location { id } } } } }';
    const data = { assets: { totalCount: 2, edges: [{ node: { id: '1', location: { id: 'l' } } }, { node: { id: '2', location: null } }] } };
    expect(actualCost(schema, parse(query), {}, undefined, data)).toBe(1 + 2 + 1);
    expect(actualCost(schema, parse(query), {}, undefined, { assets: null })).toBe(0);
  });

  it('uses __typename to price an abstract type', () => {
    const query = '{ node(id: "x") { __typename ... on Asset { location { id } } } }';
    expect(actualCost(schema, parse(query), {}, undefined, { node: { __typename: 'Asset', location: { id: 'l' } } })).toBe(2);
  });

  it('keeps the mutation base', () => {
    const query = 'mutation { createAsset(input: { name: "x" }) { id } }';
    expect(actualCost(schema, parse(query), {}, undefined, { createAsset: { id: '1' } })).toBe(11);
  });
});

// The refund of a compiled read prices PostgreSQL's JSON text without parsing it: it must give
// exactly actualCost's figure for the parsed data, whatever the text holds.
describe('actualCostOfText', () => {
  const PAGE = '{ assets(first: 50) { edges { node { id assetTag name status location { name } vendor { name } assignedUser { name } } } } }';
  const both = (query: string, text: string, variables: Record<string, unknown> = {}) => {
    const document = parse(query);
    return { text: actualCostOfText(schema, document, variables, undefined, text), parsed: actualCost(schema, document, variables, undefined, JSON.parse(text)) };
  };
  // The same figure as parsing, and (unless `parses`) from the walk over the text alone.
  const same = (query: string, data: unknown, variables: Record<string, unknown> = {}, parses = false) => {
    for (const text of [JSON.stringify(data), JSON.stringify(data, null, 2)]) {
      const { text: fromText, parsed } = both(query, text, variables);
      expect(fromText, text).toBe(parsed);
      if (!parses) expect(plainTextCost(schema, parse(query), variables, undefined, text), text).toBe(parsed);
    }
    return actualCost(schema, parse(query), variables, undefined, data as Record<string, unknown>);
  };
  const row = (i: number, name = `Asset ${i}`) => ({
    node: { id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, assetTag: `AT-${i}`, name, status: 'IN_USE', location: i % 3 ? { name: 'HQ' } : null, vendor: i % 4 ? { name: 'Apple' } : null, assignedUser: i % 2 ? { name: 'Jane' } : null },
  });

  it('the benchmark page: rows and their non-null relations', () => {
    const rows = Array.from({ length: 50 }, (_, i) => row(i));
    expect(same(PAGE, { assets: { edges: rows } })).toBe(1 + 50 + rows.filter((r) => r.node.location).length + rows.filter((r) => r.node.vendor).length + rows.filter((r) => r.node.assignedUser).length);
    expect(same(PAGE, { assets: { edges: [] } })).toBe(1);
    expect(same(PAGE, { assets: null })).toBe(0);
  });

  it('strings that look like JSON structure, escapes, unicode', () => {
    const names = ['"location":{"name":"x"}', 'back\\slash\\', 'quote " and \\" both', '{[}]', 'ünïcødé 🚀', '\u0000\n\t', ',"vendor":{', '\\'];
    same(PAGE, { assets: { edges: names.map((name, i) => row(i + 1, name)) } });
    same(PAGE, { assets: { edges: names.map((name, i) => ({ node: { ...row(i + 1).node, location: { name }, vendor: { name } } })) } });
  });

  it('keys in another order, keys it does not price (__typename, extra), JSON scalars holding objects', () => {
    const query = '{ __typename assets(first: 5) { __typename totalCount pageInfo { hasNextPage endCursor } edges { cursor node { __typename customFields location { id } } } } }';
    same(query, {
      assets: {
        edges: [
          { node: { location: { id: 'l' }, customFields: { location: { id: 'x' }, list: [1, 'two', null, { a: [] }], ok: true }, __typename: 'Asset' }, cursor: 'c"1' },
          { cursor: 'c2', node: { __typename: 'Asset', customFields: {}, location: null } },
        ],
        pageInfo: { endCursor: null, hasNextPage: false },
        totalCount: 2,
        __typename: 'AssetConnection',
      },
      __typename: 'Query',
    });
  });

  it('nested connections, aliases, fragments, a list of objects', () => {
    const query = 'query($i: Boolean!) { a: assets(first: 2) { edges { node { ...F assignments(first: 3) { edges { node { user { id } } } } } } } b: assets(first: 1) { nodes { id location @include(if: $i) { id } } } } fragment F on Asset { vendor { id } }';
    const assignment = (user: boolean) => ({ node: { user: user ? { id: 'u' } : null } });
    same(query, {
      a: { edges: [{ node: { vendor: { id: 'v' }, assignments: { edges: [assignment(true), assignment(false), assignment(true)] } } }, { node: { vendor: null, assignments: { edges: [] } } }] },
      b: { nodes: [{ id: '1', location: { id: 'l' } }] },
    }, { i: true });
  });

  it('an abstract type is priced by its __typename (parsed)', () => {
    const query = '{ node(id: "x") { __typename ... on Asset { location { id } vendor { id } } } nodes(ids: ["a", "b"]) { __typename ... on Asset { location { id } } } }';
    expect(same(query, { node: { __typename: 'Asset', location: { id: 'l' }, vendor: null }, nodes: [{ __typename: 'Asset', location: { id: 'l' } }, null] })).toBe(2 + 2);
  });

  it('mutations keep their base; a batch that wrote nothing pays no items; own costs of 0', () => {
    const batch = 'mutation($s: [AssetSignalInput!]!) { ingestAssetSignals(signals: $s) { accepted } }';
    const signals = [1, 2, 3].map(() => ({ assetId: '00000000-0000-4000-8000-000000000000', signalType: 't', value: 1 }));
    expect(same(batch, { ingestAssetSignals: { accepted: 3 } }, { s: signals })).toBe(10 + 1 + 3);
    expect(same(batch, { ingestAssetSignals: null }, { s: signals })).toBe(10);
    expect(same('mutation { createAsset(input: { name: "x" }) { id location { id } } }', { createAsset: { id: '1', location: null } })).toBe(11);
    expect(same('{ rateLimit { limit remaining } }', { rateLimit: { limit: 1, remaining: 1 } })).toBe(0);
  });

  it('data null, empty data, a key written with escapes, a key twice: still actualCost\'s figure', () => {
    const query = '{ asset(id: "x") { id location { id } vendor { id } } }';
    expect(both(query, 'null')).toEqual({ text: 0, parsed: 0 });
    expect(both('mutation { createAsset(input: { name: "x" }) { id } }', '{}')).toEqual({ text: 10, parsed: 10 });
    expect(both(query, '{"asset":{"id":"1","\\u006cocation":{"id":"l"},"vendor":null}}')).toEqual({ text: 2, parsed: 2 });
    expect(both(query, '{"asset":{"id":"1","location":{"id":"l"},"location":null}}')).toEqual({ text: 1, parsed: 1 });
    // Those are parsed, as is any key written with escapes.
    expect(plainTextCost(schema, parse(query), {}, undefined, '{"asset":{"id":"1","location":{"id":"l"},"location":null}}')).toBeUndefined();
    expect(plainTextCost(schema, parse(query), {}, undefined, '{"asset":{"\\u0069d":"1","vendor":{"id":"v"}}}')).toBeUndefined();
    expect(both(query, ' { "asset" : { "vendor" : { "id" : "v" } , "location" : null } } ')).toEqual({ text: 2, parsed: 2 });
  });

  it('random pages: the same figure as parsing', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pieces = ['"', '\\', '{', '}', '[', ']', ',', ':', 'name', 'location', ' ', 'é', '\n'];
    const text = () => Array.from({ length: Math.floor(random() * 12) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
    for (let n = 0; n < 200; n++) {
      const rows = Array.from({ length: Math.floor(random() * 20) }, (_, i) => {
        const r = row(i, text());
        return { node: { ...r.node, location: random() < 0.5 ? null : { name: text() }, assignedUser: random() < 0.5 ? null : { name: text() } } };
      });
      same(PAGE, { assets: { edges: rows } });
    }
  });
});
