// Everything that happens before a request has a principal: login, refresh, logout, accepting an
// invitation, exchanging client credentials. These look users up across organizations (an e-mail,
// a token hash, a client id), so they use the unscoped client and nothing else does.
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { auditedTransaction, type Audit } from '../audit/audited-transaction.js';
import { scopeToOrganization } from '../db/tenant-scope.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import { badInput, unauthenticated } from '../errors.js';
import type { Actor } from '../request/actor.js';
import type { RequestInfo } from '../request/request-info.js';
import type { AccessTokens } from './access-tokens.js';
import { hashSecret as sha256 } from './api-keys.js';
import type { AuthRateLimiter } from './auth-rate-limit.js';
import { hashClientSecret } from './client-credentials.js';
import type { Mailer } from './mailer.js';
import { passwordProblem, hashPassword, verifyAgainstDecoy, verifyPassword } from './passwords.js';

export const REFRESH_TOKEN_TTL_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;
const opaque = (prefix: string) => `${prefix}${randomBytes(32).toString('hex')}`;

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

// One message for every failed login: which half was wrong is not the caller's to learn.
const INVALID_LOGIN = 'Invalid email or password';

export class AuthService {
  private readonly limiter: AuthRateLimiter | null;

  constructor(
    private readonly prisma: PrismaClient,
    readonly tokens: AccessTokens,
    private readonly options: { limiter: AuthRateLimiter | null; mailer: Mailer; publicUrl: string },
  ) {
    this.limiter = options.limiter;
  }

  /** The link an invited user opens; the token travels in the fragment, out of server logs. */
  invitationLink(token: string): string {
    return invitationUrl(this.options.publicUrl, token);
  }

  /** E-mails the invitation (or logs it without SMTP_URL); returns how it left. */
  sendInvitation(to: string, link: string, expiresAt: Date, organizationName: string): Promise<'email' | 'log'> {
    return this.options.mailer.send({
      to,
      subject: `You are invited to ${organizationName}`,
      text: [
        `You have been invited to ${organizationName}'s IT asset inventory.`,
        `Set your password here: ${link}`,
        `or POST {"token": "<the token in the link>", "password": "…"} to /api/auth/accept-invite.`,
        `The invitation expires ${expiresAt.toISOString()}.`,
      ].join('\n'),
    });
  }

  async login(request: RequestInfo, input: { email: string; password: string; organizationId?: string | null }): Promise<TokenPair> {
    const email = input.email.trim().toLowerCase();
    await this.limiter?.attempt(request.clientAddress, email);
    const candidates = await this.prisma.user.findMany({
      where: { email, status: 'active', passwordHash: { not: null }, ...(input.organizationId && { organizationId: input.organizationId }) },
      select: { id: true, organizationId: true, passwordHash: true },
    });
    if (!candidates.length) {
      await verifyAgainstDecoy(input.password);
      throw unauthenticated(INVALID_LOGIN);
    }
    const matching = [];
    for (const user of candidates) if (await verifyPassword(input.password, user.passwordHash!)) matching.push(user);
    if (!matching.length) throw unauthenticated(INVALID_LOGIN);
    if (matching.length > 1) {
      throw badInput('organizationId', 'This email signs in to several organizations: send organizationId to choose one');
    }
    const [user] = matching;
    return this.startSession(request, user, true);
  }

  /** Exchanges a refresh token for a new pair; the old token is spent. Reuse revokes the session. */
  async refresh(request: RequestInfo, refreshToken: string): Promise<TokenPair> {
    await this.limiter?.attempt(request.clientAddress);
    const invalid = unauthenticated('Invalid refresh token');
    const hash = sha256(refreshToken);
    const now = new Date();
    const row = await this.prisma.refreshToken.findUnique({
      where: { tokenHash: hash },
      include: { user: { select: { status: true, organizationId: true } } },
    });
    if (!row || row.revokedAt || row.expiresAt <= now) throw invalid;
    const outcome = await this.asUser(request, row, async (tx, audit) => {
      // Spend it only if nobody else did: of two concurrent uses, one wins and one is reuse.
      const spent = row.rotatedAt ? 0 : (await tx.refreshToken.updateMany({ where: { id: row.id, rotatedAt: null, revokedAt: null }, data: { rotatedAt: now } })).count;
      if (spent === 0) {
        // A stolen token or a replay: end the whole session, and leave a trace for admins.
        await tx.refreshToken.updateMany({ where: { familyId: row.familyId, revokedAt: null }, data: { revokedAt: now } });
        await audit({ action: 'user.session_revoked_on_reuse', entityType: 'User', entityId: row.userId, before: null, after: null });
        return { error: unauthenticated('Refresh token was already used: the session is revoked, log in again', { reason: 'reused' }) };
      }
      if (row.user.status !== 'active' || row.user.organizationId !== row.organizationId) return { error: invalid };
      const next = await addRefreshToken(tx, { organizationId: row.organizationId, userId: row.userId, familyId: row.familyId });
      return { session: { userId: row.userId, organizationId: row.organizationId, familyId: row.familyId, refreshToken: next } };
    });
    // The revocation on reuse commits; only then is the error raised.
    if ('error' in outcome) throw outcome.error;
    const { token, expiresIn } = await this.tokens.issue({ sub: outcome.session.userId, org: outcome.session.organizationId, sid: outcome.session.familyId });
    return { accessToken: token, refreshToken: outcome.session.refreshToken, expiresIn };
  }

  /** Ends the session the refresh token belongs to (its access tokens stop working too). */
  async logout(request: RequestInfo, refreshToken: string): Promise<boolean> {
    await this.limiter?.attempt(request.clientAddress);
    const row = await this.prisma.refreshToken.findUnique({ where: { tokenHash: sha256(refreshToken) }, select: { familyId: true, userId: true, organizationId: true } });
    if (!row) throw unauthenticated('Invalid refresh token');
    await this.asUser(request, row, async (tx, audit) => {
      const ended = await tx.refreshToken.updateMany({ where: { familyId: row.familyId, revokedAt: null }, data: { revokedAt: new Date() } });
      // Logging out of an already ended session changes nothing and records nothing.
      if (ended.count) await audit({ action: 'user.logged_out', entityType: 'User', entityId: row.userId, before: null, after: null });
    });
    return true;
  }

  /** Sets the invited user's password (audited, as that user) and logs them in. */
  async acceptInvite(request: RequestInfo, input: { token: string; password: string }): Promise<TokenPair> {
    await this.limiter?.attempt(request.clientAddress);
    const problem = passwordProblem(input.password);
    if (problem) throw badInput('password', problem);
    const invitation = await this.prisma.invitation.findUnique({
      where: { tokenHash: sha256(input.token) },
      include: { user: { select: { id: true, role: true, status: true, organization: { select: { plan: true } } } } },
    });
    const now = new Date();
    if (!invitation || invitation.acceptedAt || invitation.supersededAt || invitation.expiresAt <= now || invitation.user.status !== 'active') {
      throw unauthenticated('Invalid or expired invitation: ask an admin for a new one');
    }
    const passwordHash = await hashPassword(input.password);
    await this.asUser(request, invitation, async (tx, audit) => {
      // Single use even under concurrency: only the first acceptance changes the row.
      const accepted = await tx.invitation.updateMany({ where: { id: invitation.id, acceptedAt: null, supersededAt: null }, data: { acceptedAt: now } });
      if (accepted.count === 0) throw unauthenticated('Invalid or expired invitation: ask an admin for a new one');
      const { passwordHash: previous } = await tx.user.findUniqueOrThrow({ where: { id: invitation.userId }, select: { passwordHash: true } });
      await tx.user.update({ where: { id: invitation.userId }, data: { passwordHash, lastLoginAt: now } });
      // A reset (the user had a password): sessions started with the old one end here.
      if (previous !== null) await tx.refreshToken.updateMany({ where: { userId: invitation.userId, revokedAt: null }, data: { revokedAt: now } });
      await audit({ action: 'user.invitation_accepted', entityType: 'Invitation', entityId: invitation.id, before: invitation, after: { ...invitation, acceptedAt: now } });
    });
    return this.startSession(request, { id: invitation.userId, organizationId: invitation.organizationId }, false);
  }

  /** client_id + client_secret → an access token acting as the credential's user. */
  async exchangeClientCredential(request: RequestInfo, input: { clientId: string; clientSecret: string }): Promise<{ accessToken: string; expiresIn: number }> {
    await this.limiter?.attempt(request.clientAddress, `client:${input.clientId}`);
    const invalid = unauthenticated('Invalid client credentials');
    const credential = await this.prisma.clientCredential.findUnique({
      where: { clientId: input.clientId },
      include: { user: { select: { status: true, organizationId: true } } },
    });
    const hash = Buffer.from(hashClientSecret(input.clientSecret), 'hex');
    if (!credential || !timingSafeEqual(Buffer.from(credential.secretHash, 'hex'), hash)) throw invalid;
    if (credential.user.status !== 'active' || credential.user.organizationId !== credential.organizationId) throw invalid;
    await this.prisma.clientCredential.update({ where: { id: credential.id }, data: { lastUsedAt: new Date() } });
    const { token, expiresIn } = await this.tokens.issue({ sub: credential.userId, org: credential.organizationId, cid: credential.id });
    return { accessToken: token, expiresIn };
  }

  /** A new session (refresh-token family) and its first pair; a login also records user.logged_in. */
  private async startSession(request: RequestInfo, user: { id: string; organizationId: string }, login: boolean): Promise<TokenPair> {
    const familyId = randomUUID();
    const refreshToken = await this.asUser(request, { userId: user.id, organizationId: user.organizationId }, async (tx, audit) => {
      const token = await addRefreshToken(tx, { organizationId: user.organizationId, userId: user.id, familyId });
      if (!login) return token;
      const before = await tx.user.findUniqueOrThrow({ where: { id: user.id }, select: { lastLoginAt: true } });
      const after = await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() }, select: { lastLoginAt: true } });
      await audit({ action: 'user.logged_in', entityType: 'User', entityId: user.id, before, after });
      return token;
    });
    const { token, expiresIn } = await this.tokens.issue({ sub: user.id, org: user.organizationId, sid: familyId });
    return { accessToken: token, refreshToken, expiresIn };
  }

  /**
   * An audited transaction in the user's organization, recorded as the user acting for themselves
   * (no key) from this request. It grants nothing: it only names who the events are about.
   */
  private asUser<T>(request: RequestInfo, user: { userId: string; organizationId: string }, write: Parameters<typeof auditedTransaction<T>>[2]): Promise<T> {
    const actor: Actor = { organizationId: user.organizationId, userId: user.userId, apiKeyId: null, source: request.apiStyle, requestId: request.id };
    return auditedTransaction(scopeToOrganization(this.prisma, user.organizationId), actor, write);
  }
}

/** A refresh token (stored as its SHA-256) in a session's family, valid REFRESH_TOKEN_TTL_DAYS. */
async function addRefreshToken(
  tx: Pick<PrismaClient, 'refreshToken'>, session: { organizationId: string; userId: string; familyId: string },
): Promise<string> {
  const token = opaque('rt_');
  await tx.refreshToken.create({
    data: { ...session, tokenHash: sha256(token), expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_DAYS * DAY_MS) },
  });
  return token;
}

/**
 * A new invitation token for `userId` (replacing any pending one) inside the inviting admin's
 * transaction, recorded as invitation.created when `audit` is given (a new user's first
 * invitation is part of its user.invited event instead). Returns the token and the row.
 */
export async function createInvitationToken(
  tx: Pick<PrismaClient, 'invitation'>,
  audit: Audit | null,
  { organizationId, userId, invitedById, ttlDays = 7 }: { organizationId: string; userId: string; invitedById: string; ttlDays?: number },
) {
  const token = opaque('inv_');
  await tx.invitation.updateMany({ where: { userId, acceptedAt: null, supersededAt: null }, data: { supersededAt: new Date() } });
  const invitation = await tx.invitation.create({
    data: { organizationId, userId, invitedById, tokenHash: sha256(token), expiresAt: new Date(Date.now() + ttlDays * DAY_MS) },
  });
  await audit?.({ action: 'invitation.created', entityType: 'Invitation', entityId: invitation.id, before: null, after: invitation });
  return { token, invitation };
}

/** The link an invited user opens; the token travels in the fragment, out of server logs. */
export const invitationUrl = (publicUrl: string, token: string) => `${publicUrl.replace(/\/$/, '')}/accept-invite#token=${token}`;
