// User: people who hold assets — the object, queries, and updates. Invitations are in
// invitation.ts; the workflows in src/domain/users.ts.
import type { Prisma } from '../../generated/prisma/client.js';
import * as users from '../../domain/users.js';
import { rowCount } from '../../db/row-counts.js';
import { builder } from '../builder.js';
import { domainOf } from '../context.js';
import { keysetOrder, keysetResolver, totalCountField, type SortKeys } from '../keyset/connection.js';
import { offsetArg, relatedPageOrder, searchWhere, SortDirection } from './common.js';

export const UserRole = builder.enumType('UserRole', {
  description: 'What a user may do: only admins write, whatever their credential holds.',
  values: { USER: { value: 'user', description: 'Reads (and holds assets).' }, ADMIN: { value: 'admin', description: 'Reads and writes, manages keys, credentials, users and webhooks.' } } as const,
});
export const UserStatus = builder.enumType('UserStatus', {
  description: 'Whether a user can log in, use their credentials and be assigned assets.',
  values: { ACTIVE: { value: 'active', description: 'Can log in and hold assets.' }, INACTIVE: { value: 'inactive', description: 'Deactivated: their keys, sessions and client credential answer 401; cannot be assigned assets.' } } as const,
});

export const UserNode = builder.prismaNode('User', {
  id: { field: 'id' },
  // Select mode: a query reads only the columns its fields need.
  select: { id: true },
  description: 'A person of the organization: someone who logs in, holds or owns assets, or both.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Full name, as shown in the app.' }),
    email: t.expose('email', { type: 'EmailAddress', description: 'Stored lower-case; unique per organization.' }),
    role: t.expose('role', { type: UserRole, description: 'USER or ADMIN: only admins write.' }),
    status: t.expose('status', { type: UserStatus, description: 'ACTIVE, or INACTIVE once deactivated.' }),
    department: t.exposeString('department', { nullable: true, description: 'Free text, e.g. Engineering; null when not set.' }),
    lastLoginAt: t.expose('lastLoginAt', { type: 'DateTime', nullable: true, description: 'The last login with a password (login, or accepting an invitation); null when never. API keys, refreshes and client credentials do not count.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the user was created (invited).' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the user last changed.' }),
    title: t.exposeString('title', { nullable: true, description: 'Job title (AssetNode employees).' }),
    assignedAssets: t.relatedConnection('assignedAssets', {
      description: 'Assets currently checked out to this user.',
      cursor: 'id',
      totalCount: true,
      ...relatedPageOrder({ model: 'Asset', parentKey: 'assignedUserId', order: [['name', 'asc'], ['id', 'asc']], cursor: 'id' }),
    }, { description: 'One page of the assets checked out to a user, with the total count.', fields: totalCountField }, { description: 'One asset of the page, with its cursor.' }),
    assetCount: t.relationCount('assignedAssets', { description: 'How many assets are checked out to this user now (counted in the same statement).' }),
    ownedAssets: t.relatedConnection('ownedAssets', {
      description: 'Assets this user is the owner (the one responsible) of, by name; they may be held by someone else.',
      cursor: 'id',
      totalCount: true,
      ...relatedPageOrder({ model: 'Asset', parentKey: 'ownerId', order: [['name', 'asc'], ['id', 'asc']], cursor: 'id' }),
    }, { description: 'One page of the assets a user owns, with the total count.', fields: totalCountField }, { description: 'One asset of the page, with its cursor.' }),
  }),
});

const UserFilter = builder.inputType('UserFilter', {
  description: 'Which users to list; every field given must match (AND).',
  fields: (t) => ({
    search: t.string({ description: 'Case-insensitive match on name or email.' }),
    role: t.field({ type: UserRole, description: 'Exactly this role.' }),
    status: t.field({ type: UserStatus, description: 'Exactly this status.' }),
    department: t.string({ description: 'Exact match on the department.' }),
  }),
});

const UserOrderField = builder.enumType('UserOrderField', {
  description: 'What `users` can be sorted by.',
  values: { NAME: { value: 'name', description: 'By name.' }, EMAIL: { value: 'email', description: 'By e-mail address.' }, CREATED_AT: { value: 'createdAt', description: 'By creation time.' } } as const,
});

const USER_ORDER_KEYS: SortKeys = {
  name: { kind: 'string', nullable: false },
  email: { kind: 'string', nullable: false },
  createdAt: { kind: 'date', nullable: false },
};

const UserOrder = builder.inputType('UserOrder', {
  description: 'The order of `users`; ties are broken by id.',
  fields: (t) => ({
    field: t.field({ type: UserOrderField, required: true, description: 'What to sort by.' }),
    direction: t.field({ type: SortDirection, defaultValue: 'asc', description: 'Default: ASC.' }),
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
    description: 'The organization\'s users, filtered and ordered (default: by name). Needs the read scope.',
    authScopes: { read: true },
    args: {
      ...offsetArg,
      filter: t.arg({ type: UserFilter, description: 'Which users; omitted: all of them.' }),
      orderBy: t.arg({ type: UserOrder, description: 'Default: NAME ASC.' }),
    },
    resolve: keysetResolver({
      typeName: 'User',
      order: (args) => keysetOrder(args.orderBy, USER_ORDER_KEYS, { field: 'name', direction: 'asc' }),
      where: (args) => userWhere(args.filter),
      findMany: (ctx, query) => ctx.prisma.user.findMany(query as Prisma.UserFindManyArgs),
      count: (ctx, where) => ctx.prisma.user.count({ where }),
      countAll: (ctx) => rowCount(ctx.prisma, ctx.principal!.organizationId, 'users'),
      sql: { countAll: 'users' },
    }),
  }, { name: 'UserConnection', description: 'One page of users, with the total count.', fields: totalCountField }, { name: 'UserEdge', description: 'One user of the page, with its cursor.' }),
  user: t.prismaField({
    type: 'User',
    nullable: true,
    description: 'One user by id; null when there is none in your organization. Needs the read scope.',
    authScopes: { read: true },
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The user\'s id.' }) },
    // A plain lookup by id: compiled reads (src/graphql/compiled) may answer it in SQL.
    extensions: { sqlLookup: { by: 'id' } },
    resolve: (query, _root, { id }, ctx) => ctx.prisma.user.findUnique({ ...query, where: { id } }),
  }),
}));

const UpdateUserInput = builder.inputType('UpdateUserInput', {
  description: 'Partial update: omitted fields keep their value; department may be cleared with null.',
  fields: (t) => ({
    name: t.string({ description: '1–200 characters, not blank; cannot be null.' }),
    role: t.field({ type: UserRole, description: 'Cannot be null. Demoting the last active admin is CONFLICT.' }),
    department: t.string({ description: 'Free text; null clears it.' }),
    title: t.string({ description: 'Job title; null clears it.' }),
  }),
});

const ADMIN_WRITE = { $all: { write: true, admin: true } } as const;

builder.mutationFields((t) => ({
  updateUser: t.prismaField({
    type: 'User',
    nullable: true,
    description: 'Changes a user\'s name, role or department and returns the user. Admins with a write key; NOT_FOUND, BAD_USER_INPUT, CONFLICT when it would demote the last active admin.',
    authScopes: ADMIN_WRITE,
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The user to change.' }), input: t.arg({ type: UpdateUserInput, required: true, description: 'The fields to change.' }) },
    resolve: (query, _root, { id, input }, ctx) => users.updateUser(domainOf(ctx), id, input, query),
  }),
  deactivateUser: t.prismaField({
    type: 'User',
    nullable: true,
    description: 'Marks the user inactive: their API keys, sessions and client credential stop working and they cannot be assigned assets. Admins with a write key; NOT_FOUND; CONFLICT when already inactive or the last active admin.',
    authScopes: ADMIN_WRITE,
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The user to deactivate.' }) },
    resolve: (query, _root, { id }, ctx) => users.deactivateUser(domainOf(ctx), id, query),
  }),
}));
