// A small typed GraphQL client: results and variables are typed by the documents (client preset),
// and with `trusted: true` only each document's hash travels (persisted operations).
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

export interface ClientOptions {
  url: string;
  /** An API key or access token. */
  token: string;
  /** Send `documentId` (the manifest hash) instead of the query text. */
  trusted?: boolean;
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
}

export class GraphQLRequestError extends Error {
  constructor(readonly errors: { message: string; extensions?: Record<string, unknown> }[]) {
    super(errors.map((error) => error.message).join('; '));
  }
}

export function createClient({ url, token, trusted = false, fetch = globalThis.fetch }: ClientOptions) {
  return async function request<Result, Variables>(document: TypedDocumentNode<Result, Variables>, variables: Variables): Promise<Result> {
    const hash = (document as { __meta__?: { hash?: string } }).__meta__?.hash;
    if (trusted && !hash) throw new Error('this document has no hash: run npm run codegen');
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(trusted ? { documentId: hash, variables } : { query: print(document), variables }),
    });
    const body = await response.json() as { data?: Result; errors?: GraphQLRequestError['errors'] };
    if (body.errors?.length) throw new GraphQLRequestError(body.errors);
    return body.data!;
  };
}
