// GraphiQL at first click, in demo mode only: the demo read key already in the Headers editor and
// tabs of example operations filled in with ids from the demo data (the checkout tab carries the
// write key in its own headers, since a read key may not write).
import type { GraphiQLOptions } from 'graphql-yoga';

export interface DemoKeys {
  readKey: string;
  writeKey: string;
}

const headers = (key: string) => JSON.stringify({ Authorization: `Bearer ${key}` }, null, 2);

const ASSETS = `# The demo read key is in the Headers tab below. Press ▶ to run.
query CheckedOutLaptops {
  assets(first: 10, filter: { status: CHECKED_OUT, category: "Laptop" }, orderBy: { field: NAME, direction: ASC }) {
    totalCount
    edges { node { assetTag name status location { name } assignedUser { name email } } }
    pageInfo { hasNextPage endCursor }
  }
}
`;

const CHECKOUT = `# Runs with the demo write key (this tab's Headers). Checking the same asset out twice is a CONFLICT.
mutation Checkout($assetId: UUID!, $userId: UUID!) {
  checkoutAsset(input: { assetId: $assetId, userId: $userId, expectedReturn: "2027-03-31" }) {
    assetTag name status expectedReturn assignedUser { name }
  }
}
`;

const AUDIT = `# Every write is audited in its own transaction: the newest changes first.
query AuditTrail {
  auditEvents(first: 20) {
    edges { node { action entityType entityId changes source createdAt actorUser { name } } }
  }
}
`;

const RATE_LIMIT = `# Each request is priced before it runs and drawn from your key's budget; this one is free.
query Budget {
  rateLimit { cost limit remaining resetAt }
}
`;

/** GraphiQL options for the demo organization; `ids` come from its data (an available asset, a user). */
export function demoGraphiQLOptions(keys: DemoKeys, ids: { assetId: string; userId: string } | null): Partial<GraphiQLOptions> {
  return {
    defaultQuery: ASSETS,
    headers: headers(keys.readKey),
    defaultTabs: [
      { query: ASSETS, headers: headers(keys.readKey) },
      ...(ids ? [{ query: CHECKOUT, variables: JSON.stringify(ids, null, 2), headers: headers(keys.writeKey) }] : []),
      { query: AUDIT, headers: headers(keys.readKey) },
      { query: RATE_LIMIT, headers: headers(keys.readKey) },
    ],
  };
}

/** An available asset and an active user of the demo organization, for the checkout tab. */
export async function demoCheckoutIds(fetch: (url: string, init: RequestInit) => Promise<Response> | Response, readKey: string) {
  const response = await fetch('http://demo/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${readKey}` },
    body: JSON.stringify({ query: '{ assets(first: 1, filter: { status: ACTIVE }) { edges { node { id } } } users(first: 1, filter: { status: ACTIVE }) { edges { node { id } } } }' }),
  });
  const { data } = await response.json() as { data?: { assets: { edges: { node: { id: string } }[] }; users: { edges: { node: { id: string } }[] } } };
  const assetId = data?.assets.edges[0]?.node.id;
  const userId = data?.users.edges[0]?.node.id;
  return assetId && userId ? { assetId, userId } : null;
}
