// Invitations: inviting a user (who then sets a password through the link) and sending a new link.
// The workflows live in src/domain/users.ts.
import * as users from '../../domain/users.js';
import type { SentInvitation as SentInvitationShape } from '../../domain/users.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { builder } from '../builder.js';
import { domainOf, type Context } from '../context.js';
import { UserRole } from './user.js';

const InvitationDelivery = builder.enumType('InvitationDelivery', {
  description: 'How an invitation link reached (or failed to reach) the invited user.',
  values: {
    EMAIL: { value: 'email', description: 'Sent through SMTP_URL.' },
    LOG: { value: 'log', description: 'No SMTP_URL: written to the server log.' },
    FAILED: { value: 'failed', description: 'SMTP refused it; pass the url on yourself.' },
  } as const,
});

const SentInvitation = builder.objectRef<SentInvitationShape>('SentInvitation').implement({
  description: 'An invitation to set a password, valid 7 days and once. The url is shown to the inviting admin this once.',
  fields: (t) => ({
    url: t.exposeString('url', { description: 'The link to /accept-invite (token in the fragment) where the user sets a password.' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', description: 'When the link stops working (7 days after it was issued).' }),
    delivery: t.field({ type: InvitationDelivery, description: 'Whether it was e-mailed, logged, or refused by the mail server.', resolve: (sent) => sent.delivery }),
  }),
});

const InviteUserPayload = builder.objectRef<{ user: Prisma.UserGetPayload<object>; invitation: SentInvitationShape | null }>('InviteUserPayload').implement({
  description: 'The user inviteUser created, and the invitation sent to them.',
  fields: (t) => ({
    user: t.prismaField({ type: 'User', description: 'The new user (ACTIVE, without a password until they accept).', resolve: (query, payload, _args, ctx) => ctx.prisma.user.findUniqueOrThrow({ ...query, where: { id: payload.user.id } }) }),
    invitation: t.field({ type: SentInvitation, nullable: true, description: 'Null when sendInvitation was false.', resolve: (payload) => payload.invitation }),
  }),
});

const InviteUserInput = builder.inputType('InviteUserInput', {
  description: 'Who to invite.',
  fields: (t) => ({
    email: t.field({ type: 'EmailAddress', required: true, description: 'Stored lower-case; a user with this e-mail already in your organization is CONFLICT.' }),
    name: t.string({ description: 'Default: the part of the email before @.' }),
    role: t.field({ type: UserRole, description: 'USER (the default) or ADMIN.' }),
    department: t.string({ description: 'Free text, e.g. Engineering.' }),
    title: t.string({ description: 'Job title.' }),
    sendInvitation: t.boolean({
      defaultValue: true,
      description: 'false: the user only holds assets and gets no invitation (send one later with resendInvitation).',
    }),
  }),
});

const inviting = (ctx: Context) => ({ ...domainOf(ctx), auth: ctx.auth });
const ADMIN_WRITE = { $all: { write: true, admin: true } } as const;

builder.mutationFields((t) => ({
  inviteUser: t.field({
    type: InviteUserPayload,
    nullable: true,
    description: 'Creates the user and invites them to set a password (e-mailed when SMTP_URL is set). Admins with a write key; BAD_USER_INPUT, CONFLICT for an e-mail already in use.',
    authScopes: ADMIN_WRITE,
    args: { input: t.arg({ type: InviteUserInput, required: true, description: 'The user to invite.' }) },
    resolve: (_root, { input }, ctx) => users.inviteUser(inviting(ctx), input),
  }),
  resendInvitation: t.field({
    type: SentInvitation,
    nullable: true,
    description: 'A new invitation link for the user (earlier ones stop working), also to reset a forgotten password. Admins with a write key; NOT_FOUND, CONFLICT for an inactive user.',
    authScopes: ADMIN_WRITE,
    args: { userId: t.arg({ type: 'UUID', required: true, description: 'The user to send a new link to.' }) },
    resolve: (_root, { userId }, ctx) => users.resendInvitation(inviting(ctx), userId),
  }),
}));
