// The Pothos builder and its plugins: configuration only. Types live in graphql/types/*.ts.
import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type PrismaTypes from '../generated/pothos-types.js';
import { getDatamodel } from '../generated/pothos-types.js';
import { grantsPermission, planAtLeast } from '../auth/permissions.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../cost/page-limits.js';
import { authenticationRequired, forbidden, planRequired } from '../errors.js';
import type { PaidPlan, Permission } from '../request/principal.js';
import type { Context } from './context.js';
import { describeAuthFailure } from './describe-auth-failure.js';

/** The builder's type parameters (exported for helpers that take Pothos field builders). */
export interface SchemaTypes {
  Context: Context;
  PrismaTypes: PrismaTypes;
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  // `permission`: a fine-grained permission (src/auth/permissions.ts), which the write scope covers;
  // `plan`: the organization's plan is at least this one.
  AuthScopes: { read: boolean; write: boolean; admin: boolean; permission: Permission; plan: PaidPlan };
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
}

// What GraphiQL's docs say about the parts plugin-relay generates for every connection.
const RELAY_DESCRIPTIONS = {
  nodeTypeOptions: { description: 'An object with an id: `node(id:)` and `nodes(ids:)` find any of them by id alone.' },
  idFieldOptions: { description: 'The row\'s UUID; the REST layer returns the same id.' },
  pageInfoTypeOptions: { description: 'Where a page sits in its list: whether more items follow or precede it, and the cursors to fetch them.' },
  pageInfoFieldOptions: { description: 'Whether there are more pages, and the cursors to fetch them.' },
  hasNextPageFieldOptions: { description: 'More items follow this page: ask again with `after: endCursor`.' },
  hasPreviousPageFieldOptions: { description: 'Items precede this page: ask again with `before: startCursor` (true after a cursor or an offset).' },
  startCursorFieldOptions: { description: 'The cursor of the first item of the page; null when the page is empty.' },
  endCursorFieldOptions: { description: 'The cursor of the last item of the page (pass it as `after` for the next page); null when the page is empty.' },
  cursorFieldOptions: { description: 'An opaque position in the list, valid for its order and filter: pass it as `after` or `before`.' },
  firstArgOptions: { description: `Page size when paging forward: the first N items (after \`after\`). Default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}; out of range is BAD_USER_INPUT, never clamped. Not with \`last\`.` },
  lastArgOptions: { description: `Page size when paging backward: the last N items (before \`before\`). At most ${MAX_PAGE_SIZE}; not with \`first\` or \`offset\`.` },
  afterArgOptions: { description: 'Start after this cursor (an edge\'s `cursor` or `pageInfo.endCursor` of the same list and order).' },
  beforeArgOptions: { description: 'End before this cursor (an edge\'s `cursor` or `pageInfo.startCursor`), paging backward; not with `after`.' },
  defaultConnectionTypeOptions: { description: 'One page of a list (a Relay connection): its edges, where the page sits (pageInfo) and how many items the whole list has (totalCount).' },
  defaultEdgeTypeOptions: { description: 'One item of a page, with the cursor of its position.' },
} as const;

export const builder = new SchemaBuilder<SchemaTypes>({
  // Fields are non-null unless declared nullable: clients (and codegen types) can rely on them.
  defaultFieldNullability: false,
  plugins: [ScopeAuthPlugin, PrismaPlugin, RelayPlugin],
  scopeAuth: {
    authScopes: (ctx) => ({
      // A key with fine-grained permissions only cannot read: they do not imply `read`.
      read: ctx.principal?.scopes.has('read') ?? false,
      write: ctx.principal?.scopes.has('write') ?? false,
      admin: ctx.principal?.role === 'admin',
      permission: (permission) => grantsPermission(ctx.principal, permission),
      plan: (needed) => ctx.principal !== null && planAtLeast(ctx.principal.plan, needed),
    }),
    // No principal → UNAUTHENTICATED; only the plan in the way → PLAN_UPGRADE_REQUIRED /
    // ENTERPRISE_REQUIRED; a principal lacking a scope or permission → FORBIDDEN naming it.
    unauthorizedError: (_parent, ctx, info, result) => {
      if (!ctx.principal) return authenticationRequired();
      const { message, missing, requiredPlan } = describeAuthFailure(info.fieldName, result.failure, ctx.principal);
      if (requiredPlan) return planRequired(requiredPlan, message);
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
    edgesFieldOptions: { nullable: false, description: 'The items of this page, each with its cursor, in the list\'s order.' },
    nodeFieldOptions: { nullable: false, description: 'The item at this position of the list.' },
    ...RELAY_DESCRIPTIONS,
  },
});
