// User: people who hold assets — the object, queries, and updates. Invitations are in
// invitation.ts; the workflows in src/domain/users.ts.
import type { Prisma } from '../../generated/prisma/client.js';
import * as users from '../../domain/users.js';
import { rowCount } from '../../db/row-counts.js';
import { builder } from '../builder.js';
import { domainOf } from '../context.js';
import { keysetOrder, keysetResolver, totalCountField, type SortKeys } from '../keyset/connection.js';
import { offsetArg, searchWhere, SortDirection } from './common.js';

export const UserRole = builder.enumType('UserRole', {
  values: { USER: { value: 'user' }, ADMIN: { value: 'admin' } } as const,
});
export const UserStatus = builder.enumType('UserStatus', {
  values: { ACTIVE: { value: 'active' }, INACTIVE: { value: 'inactive' } } as const,
});

export const UserNode = builder.prismaNode('User', {
  id: { field: 'id' },
  // Select mode: a query reads only the columns its fields need.
  select: { id: true },
  fields: (t) => ({
    name: t.exposeString('name'),
    email: t.expose('email', { type: 'EmailAddress', description: 'Stored lower-case; unique per organization.' }),
    role: t.expose('role', { type: UserRole }),
    status: t.expose('status', { type: UserStatus }),
    department: t.exposeString('department', { nullable: true }),
    title: t.exposeString('title', { nullable: true, description: 'Job title (AssetNode employees).' }),
    lastLoginAt: t.expose('lastLoginAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    assignedAssets: t.relatedConnection('assignedAssets', {
      description: 'Assets currently checked out to this user.',
      cursor: 'id',
      totalCount: true,
      query: () => ({ orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
    }),
    assetCount: t.relationCount('assignedAssets', { description: 'How many assets are checked out to this user now (counted in the same statement).' }),
    ownedAssets: t.relatedConnection('ownedAssets', {
      cursor: 'id',
      totalCount: true,
      query: () => ({ orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
    }),
  }),
});

const UserFilter = builder.inputType('UserFilter', {
  fields: (t) => ({
    search: t.string({ description: 'Case-insensitive match on name or email.' }),
    role: t.field({ type: UserRole }),
    status: t.field({ type: UserStatus }),
    department: t.string({ description: 'Exact match on the department.' }),
  }),
});

const UserOrderField = builder.enumType('UserOrderField', {
  values: { NAME: { value: 'name' }, EMAIL: { value: 'email' }, CREATED_AT: { value: 'createdAt' } } as const,
});

const USER_ORDER_KEYS: SortKeys = {
  name: { kind: 'string', nullable: false },
  email: { kind: 'string', nullable: false },
  createdAt: { kind: 'date', nullable: false },
};

const UserOrder = builder.inputType('UserOrder', {
  fields: (t) => ({
    field: t.field({ type: UserOrderField, required: true }),
    direction: t.field({ type: SortDirection, defaultValue: 'asc' }),
  }),
});

function userWhere(filter: typeof UserFilter.$inferInput | null | undefined): Prisma.UserWhereInput {
  return {
    ...(filter?.role != null && { role: filter.role }),
    ...(filter?.status != null && { status: filter.status }),
    ...(filter?.department != null && { department: filter.department }),
    ...searchWhere(['name', 'email'], filter?.search),
  };
}

builder.queryFields((t) => ({
  users: t.connection({
    type: UserNode,
    nullable: true,
    authScopes: { read: true },
    args: {
      ...offsetArg,
      filter: t.arg({ type: UserFilter }),
      orderBy: t.arg({ type: UserOrder, description: 'Default: NAME ASC.' }),
    },
    resolve: keysetResolver({
      typeName: 'User',
      order: (args) => keysetOrder(args.orderBy, USER_ORDER_KEYS, { field: 'name', direction: 'asc' }),
      where: (args) => userWhere(args.filter),
      findMany: (ctx, query) => ctx.prisma.user.findMany(query as Prisma.UserFindManyArgs),
      count: (ctx, where) => ctx.prisma.user.count({ where }),
      countAll: (ctx) => rowCount(ctx.prisma, ctx.principal!.organizationId, 'users'),
    }),
  }, { name: 'UserConnection', fields: totalCountField }, { name: 'UserEdge' }),
  user: t.prismaField({
    type: 'User',
    nullable: true,
    authScopes: { read: true },
    args: { id: t.arg({ type: 'UUID', required: true }) },
    resolve: (query, _root, { id }, ctx) => ctx.prisma.user.findUnique({ ...query, where: { id } }),
  }),
}));

const UpdateUserInput = builder.inputType('UpdateUserInput', {
  description: 'Partial update: omitted fields keep their value; department may be cleared with null.',
  fields: (t) => ({
    name: t.string(),
    role: t.field({ type: UserRole }),
    department: t.string(),
    title: t.string({ description: 'Job title; null clears it.' }),
  }),
});

const ADMIN_WRITE = { $all: { write: true, admin: true } } as const;

builder.mutationFields((t) => ({
  updateUser: t.prismaField({
    type: 'User',
    nullable: true,
    authScopes: ADMIN_WRITE,
    args: { id: t.arg({ type: 'UUID', required: true }), input: t.arg({ type: UpdateUserInput, required: true }) },
    resolve: (query, _root, { id, input }, ctx) => users.updateUser(domainOf(ctx), id, input, query),
  }),
  deactivateUser: t.prismaField({
    type: 'User',
    nullable: true,
    description: 'Marks the user inactive: their API keys stop working and they cannot be assigned assets.',
    authScopes: ADMIN_WRITE,
    args: { id: t.arg({ type: 'UUID', required: true }) },
    resolve: (query, _root, { id }, ctx) => users.deactivateUser(domainOf(ctx), id, query),
  }),
}));
