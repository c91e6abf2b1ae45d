// User workflows: invitations (a new user, or a new link that doubles as a password reset),
// updates and deactivation, under the rule that an organization always keeps an active admin.
import { logger } from '../request/log.js';
import { Prisma } from '../generated/prisma/client.js';
import { auditedTransaction, lockRow, type Audit, type Tx } from '../audit/audited-transaction.js';
import { createInvitationToken, type AuthService } from '../auth/auth-service.js';
import { badInput, conflict, notFound } from '../errors.js';
import { withAllColumns, type DomainContext, type Selection } from './context.js';
import { MAX_NAME, provided, text } from './validate.js';

export type UserSelection = Selection<Prisma.UserSelect, Prisma.UserInclude>;
type UserRow = Prisma.UserGetPayload<object>;
export type UserRole = 'user' | 'admin';

export interface InviteUserInput {
  email: string;
  name?: string | null;
  role?: UserRole | null;
  department?: string | null;
  /** false: the user only holds assets and gets no invitation (send one later with resendInvitation). */
  sendInvitation?: boolean | null;
}

export interface UpdateUserInput {
  name?: string | null;
  role?: UserRole | null;
  department?: string | null;
}

export interface SentInvitation {
  url: string;
  expiresAt: Date;
  delivery: 'email' | 'log' | 'failed';
}

/** Invitations need the auth service: it makes the link and mails it. */
export interface InvitingContext extends DomainContext {
  auth: AuthService;
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/**
 * An organization always keeps at least one active admin. The organization row is locked first so
 * that concurrent demotions/deactivations queue and each counts the admins the other left.
 */
async function ensureAnotherAdmin(tx: Tx, user: { id: string; organizationId: string }, what: string) {
  await lockRow(tx, 'Organization', user.organizationId);
  const others = await tx.user.count({ where: { role: 'admin', status: 'active', id: { not: user.id } } });
  if (others === 0) throw conflict(`Cannot ${what} the last active admin of the organization`);
}

async function lockedUser(tx: Tx, id: string) {
  await lockRow(tx, 'User', id);
  const user = await tx.user.findUnique({ where: { id } });
  if (!user) throw notFound('User');
  return user;
}

/** Issues an invitation for `user` in the admin's transaction (see createInvitationToken): its link. */
async function inviteInTransaction(domain: InvitingContext, tx: Tx, audit: Audit | null, user: { id: string; organizationId: string }) {
  const { token, invitation } = await createInvitationToken(tx, audit, { organizationId: user.organizationId, userId: user.id, invitedById: domain.actor.userId });
  return { url: domain.auth.invitationLink(token), expiresAt: invitation.expiresAt };
}

/** After commit: mails the link (or logs it); a mail failure leaves the invitation valid. */
async function deliver(domain: InvitingContext, user: UserRow, link: { url: string; expiresAt: Date }): Promise<SentInvitation> {
  const organization = await domain.prisma.organization.findUniqueOrThrow({ where: { id: user.organizationId }, select: { name: true } });
  try {
    return { ...link, delivery: await domain.auth.sendInvitation(user.email, link.url, link.expiresAt, organization.name) };
  } catch (error) {
    logger.warn({ userId: user.id, err: error }, 'invitation could not be e-mailed (the link stays valid)');
    return { ...link, delivery: 'failed' };
  }
}

/** Creates the user and, unless sendInvitation is false, invites them to set a password. */
export async function inviteUser(domain: InvitingContext, input: InviteUserInput): Promise<{ user: UserRow; invitation: SentInvitation | null }> {
  const { created, link } = await auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    const email = normalizeEmail(input.email);
    if (await tx.user.findFirst({ where: { email }, select: { id: true } })) {
      throw conflict(`A user with email ${email} already exists`, { field: 'email' });
    }
    const created = await tx.user.create({
      data: {
        organizationId: domain.actor.organizationId,
        email,
        name: text('name', input.name, { max: MAX_NAME }) || email.split('@')[0],
        role: input.role ?? 'user',
        department: text('department', input.department) || null,
      },
    });
    await audit({ action: 'user.invited', entityType: 'User', entityId: created.id, before: null, after: created });
    return { created, link: input.sendInvitation === false ? null : await inviteInTransaction(domain, tx, null, created) };
  });
  return { user: created, invitation: link && (await deliver(domain, created, link)) };
}

/** A new invitation link (earlier ones stop working); also how a forgotten password is reset. */
export async function resendInvitation(domain: InvitingContext, userId: string): Promise<SentInvitation> {
  const { user, link } = await auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    const user = await lockedUser(tx, userId);
    if (user.status !== 'active') throw conflict('User is inactive: reactivate them before inviting');
    return { user, link: await inviteInTransaction(domain, tx, audit, user) };
  });
  return deliver(domain, user, link);
}

/** Partial update of name, role and department; demoting the last active admin is CONFLICT. */
export function updateUser(domain: DomainContext, id: string, input: UpdateUserInput, selection: UserSelection = {}) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    const before = await lockedUser(tx, id);
    const fields = provided(input);
    const data: Prisma.UserUncheckedUpdateInput = {};
    if ('name' in fields) data.name = text('name', fields.name, { max: MAX_NAME, required: true }) as string;
    if ('role' in fields) {
      if (fields.role === null) throw badInput('role', 'role cannot be null');
      data.role = fields.role;
    }
    if ('department' in fields) data.department = text('department', fields.department) || null;
    if (before.role === 'admin' && data.role === 'user') await ensureAnotherAdmin(tx, before, 'demote');
    const after = await tx.user.update({ ...withAllColumns(selection, Prisma.UserScalarFieldEnum), where: { id }, data });
    await audit({ action: 'user.updated', entityType: 'User', entityId: id, before, after });
    return after;
  });
}

/** Marks the user inactive: their keys stop working and they cannot be assigned assets. */
export function deactivateUser(domain: DomainContext, id: string, selection: UserSelection = {}) {
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    const before = await lockedUser(tx, id);
    if (before.status === 'inactive') throw conflict('User is already inactive');
    if (before.role === 'admin') await ensureAnotherAdmin(tx, before, 'deactivate');
    const after = await tx.user.update({ ...withAllColumns(selection, Prisma.UserScalarFieldEnum), where: { id }, data: { status: 'inactive' } });
    await audit({ action: 'user.deactivated', entityType: 'User', entityId: id, before, after });
    return after;
  });
}
