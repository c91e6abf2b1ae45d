// User: people who hold assets; the viewer; invitations and deactivation.
import type { Prisma } from '../../generated/prisma/client.js';
import { auditedTransaction, lockRow, type Audit, type Tx } from '../../audit/audited-transaction.js';
import { createInvitationToken } from '../../auth/auth-service.js';
import { actorFor, type Context } from '../context.js';
import { builder } from '../builder.js';
import { badInput, conflict, notFound } from '../../errors.js';
import { MAX_NAME, provided, text } from '../../domain/validate.js';
import { afterPageCheck, checkPageArgs, offsetArg, searchWhere, SortDirection, sortedBy, withOffset } from './common.js';

export const UserRole = builder.enumType('UserRole', {
  values: { USER: { value: 'user' }, ADMIN: { value: 'admin' } } as const,
});
export const UserStatus = builder.enumType('UserStatus', {
  values: { ACTIVE: { value: 'active' }, INACTIVE: { value: 'inactive' } } as const,
});
const Plan = builder.enumType('Plan', {
  values: { GROWTH: { value: 'growth' }, BUSINESS: { value: 'business' }, ENTERPRISE: { value: 'enterprise' } } as const,
});

builder.prismaNode('User', {
  id: { field: 'id' },
  fields: (t) => ({
    name: t.exposeString('name'),
    email: t.expose('email', { type: 'EmailAddress', description: 'Stored lower-case; unique per organization.' }),
    role: t.expose('role', { type: UserRole }),
    status: t.expose('status', { type: UserStatus }),
    department: t.exposeString('department', { nullable: true }),
    lastLoginAt: t.expose('lastLoginAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    assignedAssets: t.relatedConnection('assignedAssets', {
      description: 'Assets currently checked out to this user.',
      cursor: 'id',
      totalCount: true,
      query: () => ({ orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
    }),
    ownedAssets: t.relatedConnection('ownedAssets', {
      cursor: 'id',
      totalCount: true,
      query: () => ({ orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
    }),
  }),
});

builder.prismaObject('Organization', {
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    plan: t.expose('plan', { type: Plan }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const CredentialKind = builder.enumType('CredentialKind', {
  values: {
    API_KEY: { value: 'api_key', description: '`Bearer sk_…`' },
    SESSION: { value: 'session', description: 'An access token from login, refresh or acceptInvite.' },
    CLIENT_CREDENTIAL: { value: 'client_credential', description: 'An access token from exchangeClientCredential.' },
  } as const,
});

const Viewer = builder.objectRef<{
  userId: string; organizationId: string; apiKeyId: string | null; scopes: string[]; credential: 'api_key' | 'session' | 'client_credential';
}>('Viewer');
Viewer.implement({
  description: 'Who is calling: the user, their organization and the scopes of the credential used.',
  fields: (t) => ({
    user: t.prismaField({
      type: 'User',
      resolve: (query, viewer, _args, ctx) => ctx.prisma.user.findUniqueOrThrow({ ...query, where: { id: viewer.userId } }),
    }),
    organization: t.prismaField({
      type: 'Organization',
      resolve: (query, viewer, _args, ctx) =>
        ctx.prisma.organization.findUniqueOrThrow({ ...query, where: { id: viewer.organizationId } }),
    }),
    apiKeyId: t.id({ nullable: true, resolve: (viewer) => viewer.apiKeyId }),
    credential: t.field({ type: CredentialKind, description: 'What the request authenticated with.', resolve: (viewer) => viewer.credential }),
    scopes: t.stringList({ resolve: (viewer) => viewer.scopes }),
  }),
});

const UserFilter = builder.inputType('UserFilter', {
  fields: (t) => ({
    search: t.string({ description: 'Case-insensitive match on name or email.' }),
    role: t.field({ type: UserRole }),
    status: t.field({ type: UserStatus }),
  }),
});

const UserOrderField = builder.enumType('UserOrderField', {
  values: { NAME: { value: 'name' }, EMAIL: { value: 'email' }, CREATED_AT: { value: 'createdAt' } } as const,
});

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
    ...searchWhere(['name', 'email'], filter?.search),
  };
}

builder.queryFields((t) => ({
  viewer: t.field({
    type: Viewer,
    nullable: true,
    authScopes: { read: true },
    resolve: (_root, _args, ctx) => ({
      userId: ctx.principal!.userId,
      organizationId: ctx.principal!.organizationId,
      apiKeyId: ctx.principal!.apiKeyId,
      credential: ctx.principal!.apiKeyId ? 'api_key' as const : ctx.principal!.clientCredentialId ? 'client_credential' as const : 'session' as const,
      scopes: [...ctx.principal!.scopes],
    }),
  }),
  users: t.prismaConnection({
    type: 'User',
    nullable: true,
    cursor: 'id',
    authScopes: { read: true },
    args: {
      ...offsetArg,
      filter: t.arg({ type: UserFilter }),
      orderBy: t.arg({ type: UserOrder, description: 'Default: NAME ASC.' }),
    },
    totalCount: (_root, args, ctx) => afterPageCheck(args, () => ctx.prisma.user.count({ where: userWhere(args.filter) })),
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.user.findMany({
        ...withOffset(query, checkPageArgs(args)),
        where: userWhere(args.filter),
        orderBy: sortedBy(args.orderBy, { field: 'name', direction: 'asc' }),
      }),
  }, { name: 'UserConnection' }, { name: 'UserEdge' }),
  user: t.prismaField({
    type: 'User',
    nullable: true,
    authScopes: { read: true },
    args: { id: t.arg({ type: 'UUID', required: true }) },
    resolve: (query, _root, { id }, ctx) => ctx.prisma.user.findUnique({ ...query, where: { id } }),
  }),
}));

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

const InviteUserInput = builder.inputType('InviteUserInput', {
  fields: (t) => ({
    email: t.field({ type: 'EmailAddress', required: true }),
    name: t.string({ description: 'Default: the part of the email before @.' }),
    role: t.field({ type: UserRole, description: 'Default: USER.' }),
    department: t.string(),
    sendInvitation: t.boolean({
      defaultValue: true,
      description: 'false: the user only holds assets and gets no invitation (send one later with resendInvitation).',
    }),
  }),
});

const UpdateUserInput = builder.inputType('UpdateUserInput', {
  description: 'Partial update: omitted fields keep their value; department may be cleared with null.',
  fields: (t) => ({
    name: t.string(),
    role: t.field({ type: UserRole }),
    department: t.string(),
  }),
});

/**
 * An organization always keeps at least one active admin. The organization row is locked first so
 * that concurrent demotions/deactivations queue and each counts the admins the other left.
 */
async function ensureAnotherAdmin(tx: Tx, user: { id: string; organizationId: string }, what: string) {
  await lockRow(tx, 'Organization', user.organizationId);
  const others = await tx.user.count({ where: { role: 'admin', status: 'active', id: { not: user.id } } });
  if (others === 0) throw conflict(`Cannot ${what} the last active admin of the organization`);
}

const InvitationDelivery = builder.enumType('InvitationDelivery', {
  values: {
    EMAIL: { value: 'email', description: 'Sent through SMTP_URL.' },
    LOG: { value: 'log', description: 'No SMTP_URL: written to the server log.' },
    FAILED: { value: 'failed', description: 'SMTP refused it; pass the url on yourself.' },
  } as const,
});

type SentInvitationShape = { url: string; expiresAt: Date; delivery: 'email' | 'log' | 'failed' };

const SentInvitation = builder.objectRef<SentInvitationShape>('SentInvitation').implement({
  description: 'An invitation to set a password, valid 7 days and once. The url is shown to the inviting admin this once.',
  fields: (t) => ({
    url: t.exposeString('url'),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    delivery: t.field({ type: InvitationDelivery, resolve: (sent) => sent.delivery }),
  }),
});

const InviteUserPayload = builder.objectRef<{ user: Prisma.UserGetPayload<object>; invitation: SentInvitationShape | null }>('InviteUserPayload').implement({
  fields: (t) => ({
    user: t.prismaField({ type: 'User', resolve: (query, payload, _args, ctx) => ctx.prisma.user.findUniqueOrThrow({ ...query, where: { id: payload.user.id } }) }),
    invitation: t.field({ type: SentInvitation, nullable: true, description: 'Null when sendInvitation was false.', resolve: (payload) => payload.invitation }),
  }),
});

/** Issues an invitation for `user` in the admin's transaction (see createInvitationToken): its link. */
async function inviteInTransaction(ctx: Context, tx: Tx, audit: Audit | null, user: { id: string; organizationId: string }) {
  const { token, invitation } = await createInvitationToken(tx, audit, { organizationId: user.organizationId, userId: user.id, invitedById: ctx.principal!.userId });
  return { url: ctx.auth.invitationLink(token), expiresAt: invitation.expiresAt };
}

/** After commit: mails the link (or logs it); a mail failure leaves the invitation valid. */
async function deliver(ctx: Context, user: Prisma.UserGetPayload<object>, link: { url: string; expiresAt: Date }): Promise<SentInvitationShape> {
  const organization = await ctx.prisma.organization.findUniqueOrThrow({ where: { id: user.organizationId }, select: { name: true } });
  try {
    return { ...link, delivery: await ctx.auth.sendInvitation(user.email, link.url, link.expiresAt, organization.name) };
  } catch (error) {
    console.warn(`[invite] could not e-mail the invitation for user ${user.id}: ${(error as Error).message}`);
    return { ...link, delivery: 'failed' };
  }
}

builder.mutationFields((t) => ({
  inviteUser: t.field({
    type: InviteUserPayload,
    nullable: true,
    description: 'Creates the user and invites them to set a password (e-mailed when SMTP_URL is set).',
    authScopes: { $all: { write: true, admin: true } },
    args: { input: t.arg({ type: InviteUserInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { created, link } = await auditedTransaction(ctx.prisma, actorFor(ctx), async (tx, audit) => {
        const email = normalizeEmail(input.email);
        if (await tx.user.findFirst({ where: { email }, select: { id: true } })) {
          throw conflict(`A user with email ${email} already exists`, { field: 'email' });
        }
        const created = await tx.user.create({
          data: {
            organizationId: ctx.principal!.organizationId,
            email,
            name: text('name', input.name, { max: MAX_NAME }) || email.split('@')[0],
            role: input.role ?? 'user',
            department: text('department', input.department) || null,
          },
        });
        await audit({ action: 'user.invited', entityType: 'User', entityId: created.id, before: null, after: created });
        return { created, link: input.sendInvitation === false ? null : await inviteInTransaction(ctx, tx, null, created) };
      });
      return { user: created, invitation: link && (await deliver(ctx, created, link)) };
    },
  }),
  resendInvitation: t.field({
    type: SentInvitation,
    nullable: true,
    description: 'A new invitation link for the user (earlier ones stop working), also to reset a forgotten password.',
    authScopes: { $all: { write: true, admin: true } },
    args: { userId: t.arg({ type: 'UUID', required: true }) },
    resolve: async (_root, { userId }, ctx) => {
      const { user, link } = await auditedTransaction(ctx.prisma, actorFor(ctx), async (tx, audit) => {
        await lockRow(tx, 'User', userId);
        const user = await tx.user.findUnique({ where: { id: userId } });
        if (!user) throw notFound('User');
        if (user.status !== 'active') throw conflict('User is inactive: reactivate them before inviting');
        return { user, link: await inviteInTransaction(ctx, tx, audit, user) };
      });
      return deliver(ctx, user, link);
    },
  }),
  updateUser: t.prismaField({
    type: 'User',
    nullable: true,
    authScopes: { $all: { write: true, admin: true } },
    args: { id: t.arg({ type: 'UUID', required: true }), input: t.arg({ type: UpdateUserInput, required: true }) },
    resolve: (query, _root, { id, input }, ctx) =>
      auditedTransaction(ctx.prisma, actorFor(ctx), async (tx, audit) => {
        await lockRow(tx, 'User', id);
        const before = await tx.user.findUnique({ where: { id } });
        if (!before) throw notFound('User');
        const fields = provided(input);
        const data: Prisma.UserUncheckedUpdateInput = {};
        if ('name' in fields) data.name = text('name', fields.name, { max: MAX_NAME, required: true }) as string;
        if ('role' in fields) {
          if (fields.role === null) throw badInput('role', 'role cannot be null');
          data.role = fields.role;
        }
        if ('department' in fields) data.department = text('department', fields.department) || null;
        if (before.role === 'admin' && data.role === 'user') await ensureAnotherAdmin(tx, before, 'demote');
        const after = await tx.user.update({ ...query, where: { id }, data });
        await audit({ action: 'user.updated', entityType: 'User', entityId: id, before, after });
        return after;
      }),
  }),
  deactivateUser: t.prismaField({
    type: 'User',
    nullable: true,
    description: 'Marks the user inactive: their API keys stop working and they cannot be assigned assets.',
    authScopes: { $all: { write: true, admin: true } },
    args: { id: t.arg({ type: 'UUID', required: true }) },
    resolve: (query, _root, { id }, ctx) =>
      auditedTransaction(ctx.prisma, actorFor(ctx), async (tx, audit) => {
        await lockRow(tx, 'User', id);
        const before = await tx.user.findUnique({ where: { id } });
        if (!before) throw notFound('User');
        if (before.status === 'inactive') throw conflict('User is already inactive');
        if (before.role === 'admin') await ensureAnotherAdmin(tx, before, 'deactivate');
        const after = await tx.user.update({ ...query, where: { id }, data: { status: 'inactive' } });
        await audit({ action: 'user.deactivated', entityType: 'User', entityId: id, before, after });
        return after;
      }),
  }),
}));
