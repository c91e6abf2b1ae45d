// Static cost: a table of documents whose cost is computed by hand from the rules in
// src/cost/query-cost.ts (objects 1, scalars 0, edges 0, nodes × page size, mutations +10).
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
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
