// The requests bench:http measures, shared by the measuring process and the raw baseline: each is
// sent byte for byte the same to the app and to the baseline, which recognises it by method, path
// and body and receives, instead of our cursor, the keyset it stands for.
import { print } from 'graphql';
import { RestListAssetsDocument } from '../rest-shim/generated/operations.js';

export type ScenarioKind = 'assetPage' | 'restAssetPage' | 'assetEvents' | 'floor';

export interface Scenario {
  /** Short label for the table. */
  name: string;
  kind: ScenarioKind;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  /** For the baseline: the page starts after this row (createdAt, id) — what the cursor means. */
  after?: { createdAt: string; id: string };
  assetId?: string;
}

export interface ScenarioInputs {
  /** The app's cursor of the row ~90 % deep, and that row's keyset. */
  deepCursor: string;
  deepRow: { createdAt: string; id: string };
  /** An asset with a long history. */
  assetId: string;
}

const ASSET_PAGE = 'edges { node { id assetTag name status location { name } vendor { name } assignedUser { name } } }';
const graphql = (query: string) => JSON.stringify({ query });

export function scenarios({ deepCursor, deepRow, assetId }: ScenarioInputs): Scenario[] {
  return [
    {
      name: 'assets(first: 50) + 3 relations', kind: 'assetPage', method: 'POST', path: '/graphql',
      body: graphql(`query BenchAssetPage { assets(first: 50) { ${ASSET_PAGE} } }`),
    },
    {
      name: 'same, after a cursor 90 % deep', kind: 'assetPage', method: 'POST', path: '/graphql',
      body: graphql(`query BenchAssetPageDeep { assets(first: 50, after: ${JSON.stringify(deepCursor)}) { ${ASSET_PAGE} } }`),
      after: deepRow,
    },
    { name: 'REST GET /api/assets?limit=50', kind: 'restAssetPage', method: 'GET', path: '/api/assets?limit=50' },
    {
      name: 'asset + 10 latest audit events', kind: 'assetEvents', method: 'POST', path: '/graphql',
      body: graphql(`query BenchAssetEvents { asset(id: ${JSON.stringify(assetId)}) { id assetTag name auditEvents(first: 10) { edges { node { action createdAt } } } } }`),
      assetId,
    },
    // The fixed cost of any request (HTTP, pipeline, credential): the baseline answers it with its key lookup alone.
    { name: '{ __typename } (the per-request floor)', kind: 'floor', method: 'POST', path: '/graphql', body: graphql('query BenchFloor { __typename }') },
  ];
}

/** The REST list route's own GraphQL operation, with the variables the route sends for `?limit=50` (the app only). */
export const restOperation: Scenario = {
  name: 'its GraphQL operation (RestListAssets)', kind: 'restAssetPage', method: 'POST', path: '/graphql',
  body: JSON.stringify({ query: print(RestListAssetsDocument), variables: { first: 50, offset: 0, filter: {}, orderBy: { field: 'CREATED_AT', direction: 'DESC' } } }),
};

/** How the baseline finds a request's scenario. */
export const scenarioKey = (method: string, path: string, body: string | undefined) => `${method} ${path} ${body ?? ''}`;
