// The Pothos builder and its plugins: configuration only. Types live in graphql/types/*.ts.
import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type PrismaTypes from '../generated/pothos-types.js';
import { getDatamodel } from '../generated/pothos-types.js';
import type { Context } from './context.js';
import { describeAuthFailure } from './describe-auth-failure.js';
import { forbidden, unauthenticated } from './errors.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  AuthScopes: { read: boolean; write: boolean; admin: boolean };
  Scalars: {
    ID: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date };
    Date: { Input: Date; Output: Date };
    EmailAddress: { Input: string; Output: string };
    URL: { Input: URL; Output: string };
    UUID: { Input: string; Output: string };
    JSONObject: { Input: Record<string, unknown>; Output: Record<string, unknown> };
    Latitude: { Input: number; Output: number };
    Longitude: { Input: number; Output: number };
    Decimal: { Input: string; Output: string };
  };
}>({
  // Fields are non-null unless declared nullable: clients (and codegen types) can rely on them.
  defaultFieldNullability: false,
  plugins: [ScopeAuthPlugin, PrismaPlugin, RelayPlugin],
  scopeAuth: {
    authScopes: (ctx) => ({
      read: ctx.principal !== null && ctx.principal.scopes.size > 0,
      write: ctx.principal?.scopes.has('write') ?? false,
      admin: ctx.principal?.role === 'admin',
    }),
    // No principal → UNAUTHENTICATED; a principal lacking the scope → FORBIDDEN naming it.
    unauthorizedError: (_parent, ctx, info, result) => {
      if (!ctx.principal) return unauthenticated('An API key is required: send Authorization: Bearer sk_…');
      const { message, missing } = describeAuthFailure(info.fieldName, result.failure);
      return forbidden(message, { missing });
    },
  },
  prisma: {
    client: (ctx) => ctx.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
    defaultConnectionSize: DEFAULT_PAGE_SIZE,
    maxConnectionSize: MAX_PAGE_SIZE,
    onUnusedQuery: process.env.NODE_ENV === 'production' ? null : 'warn',
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // Ids are the row UUIDs, the same ones the REST layer returns; `node` finds the type itself.
    encodeGlobalID: (_typename, id) => String(id),
    decodeGlobalID: (id) => ({ typename: '', id }),
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
  },
});
