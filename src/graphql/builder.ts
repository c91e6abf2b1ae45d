// The Pothos builder and its plugins: configuration only. Types live in graphql/types/*.ts.
import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin, { type AuthFailure } from '@pothos/plugin-scope-auth';
import type PrismaTypes from '../generated/pothos-types.js';
import { getDatamodel } from '../generated/pothos-types.js';
import { grantsPermission, planAtLeast } from '../auth/permissions.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../cost/page-limits.js';
import { authenticationRequired, forbidden, planRequired } from '../errors.js';
import type { PaidPlan, Permission } from '../request/principal.js';
import type { Context } from './context.js';
import { describeAuthFailure } from './describe-auth-failure.js';
import { RELAY_DESCRIPTIONS } from './relay-descriptions.js';

/** The builder's type parameters (exported for helpers that take Pothos field builders). */
export interface SchemaTypes {
  Context: Context;
  PrismaTypes: PrismaTypes;
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  // `permission`: a fine-grained permission (src/auth/permissions.ts), which the write scope covers;
  // `plan`: the organization's plan is at least this one; `operator`: the server operator token.
  AuthScopes: { read: boolean; write: boolean; admin: boolean; permission: Permission; plan: PaidPlan; operator: boolean };
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

/** The scope map of a request (compiled reads, src/graphql/compiled, evaluate root fields' scopes with it too). */
export const scopesOf = (ctx: Context) => ({
  // A key with fine-grained permissions only cannot read: they do not imply `read`.
  read: ctx.principal?.scopes.has('read') ?? false,
  write: ctx.principal?.scopes.has('write') ?? false,
  admin: ctx.principal?.role === 'admin',
  permission: (permission: Permission) => grantsPermission(ctx.principal, permission),
  plan: (needed: PaidPlan) => ctx.principal !== null && planAtLeast(ctx.principal.plan, needed),
  operator: ctx.operator !== undefined,
});

/** Whether a scope-auth failure is (or contains) the operator scope. */
const needsOperator = (failure: AuthFailure): boolean =>
  failure.kind === 'AuthScope' ? failure.scope === 'operator'
    : (failure.kind === 'AnyAuthScopes' || failure.kind === 'AllAuthScopes') && failure.failures.some(needsOperator);

export const builder = new SchemaBuilder<SchemaTypes>({
  // Fields are non-null unless declared nullable: clients (and codegen types) can rely on them.
  defaultFieldNullability: false,
  plugins: [ScopeAuthPlugin, PrismaPlugin, RelayPlugin],
  scopeAuth: {
    authScopes: scopesOf,
    // No principal → UNAUTHENTICATED; only the plan in the way → PLAN_UPGRADE_REQUIRED /
    // ENTERPRISE_REQUIRED; a principal lacking a scope or permission → FORBIDDEN naming it.
    unauthorizedError: (_parent, ctx, info, result) => {
      // Operator-only fields: no organization credential (not even an admin's) is enough.
      if (needsOperator(result.failure)) {
        return forbidden(`${info.fieldName} is for the server operator only: send the operator token (X-Operator-Token)`, { missing: ['operator'] });
      }
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
