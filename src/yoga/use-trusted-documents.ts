// Trusted documents (persisted operations): a client sends `documentId` (or Apollo's
// extensions.persistedQuery.sha256Hash) instead of the query text, and the server runs the
// document its manifests hold under that hash. Credentials of organizations (or keys) that opted
// in may run nothing else; the REST layer's own operations are the server's and always run.
import { readFileSync } from 'node:fs';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { getOperationAST, Kind, type DocumentNode } from 'graphql';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import { forbidden } from '../errors.js';
import type { Context } from '../graphql/context.js';
import { requestInfo } from '../request/request-info.js';

/** hash → document text, as the GraphQL Code Generator client preset writes `persisted-documents.json`. */
export type TrustedDocuments = ReadonlyMap<string, string>;

export class ManifestError extends Error {}

/** The manifests at `paths`, merged; a file that is not a { hash: document } object is refused. */
export function loadManifests(paths: readonly string[]): TrustedDocuments {
  const documents = new Map<string, string>();
  for (const path of paths) {
    let manifest: unknown;
    try {
      manifest = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new ManifestError(`TRUSTED_DOCUMENTS: cannot read ${path} (${(error as Error).message})`);
    }
    if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest)) throw new ManifestError(`TRUSTED_DOCUMENTS: ${path} is not a { "hash": "document" } object`);
    for (const [hash, document] of Object.entries(manifest)) {
      if (typeof document !== 'string') throw new ManifestError(`TRUSTED_DOCUMENTS: ${path}: the value of ${hash} is not a document`);
      documents.set(hash, document);
    }
  }
  return documents;
}

// Turning the rule off must stay possible without a manifest that happens to hold the mutation.
const ALWAYS_ALLOWED = new Set(['setTrustedDocumentsOnly', '__typename']);
function onlyAlwaysAllowed(document: DocumentNode, operationName?: string | null): boolean {
  const operation = getOperationAST(document, operationName);
  return !!operation && operation.selectionSet.selections.every((selection) => selection.kind === Kind.FIELD && ALWAYS_ALLOWED.has(selection.name.value));
}

const documentIdOf = (params: GraphQLParams): string | null =>
  (params as GraphQLParams & { documentId?: string }).documentId
  ?? (params.extensions?.persistedQuery as { sha256Hash?: string } | undefined)?.sha256Hash
  ?? null;

export function useTrustedDocuments(documents: TrustedDocuments): Plugin<Context>[] {
  // Requests whose document came from a manifest (marked before the id is swapped for the text).
  const trusted = new WeakSet<Request>();
  return [
    {
      onParams({ params, request }) {
        if (!params.query && documentIdOf(params)) trusted.add(request);
      },
    },
    usePersistedOperations<Context>({
      getPersistedOperation: (hash) => documents.get(hash) ?? null,
      allowArbitraryOperations: true,
      extractPersistedOperationId: documentIdOf,
      customErrors: { notFound: { message: 'No trusted document has this id', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 400 } } } },
    }),
    {
      onExecute({ args, setResultAndStopExecution }) {
        const ctx = args.contextValue;
        if (!ctx.principal?.trustedDocumentsOnly || trusted.has(ctx.request)) return;
        if (requestInfo(ctx.request).apiStyle === 'rest' || onlyAlwaysAllowed(args.document, args.operationName)) return;
        setResultAndStopExecution({
          errors: [forbidden('This credential runs trusted documents only: send the documentId of an operation from your manifest', { missing: ['trusted document'] })],
        });
      },
    },
  ];
}
