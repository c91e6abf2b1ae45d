// Every write runs here: the change and its AuditEvent commit together or not at all.
import { Prisma, type PrismaClient } from '../generated/prisma/client.js';
import type { Context } from '../graphql/context.js';
import { badInput, conflict } from '../graphql/errors.js';
import { diffChanges, type AuditedEntity, type Row } from './diff-changes.js';

export type Tx = Prisma.TransactionClient;

export interface AuditEntry {
  action: string;
  entityType: AuditedEntity;
  entityId: string;
  before: Row | null;
  after: Row | null;
}

export type Audit = (entry: AuditEntry) => Promise<void>;

export async function auditedTransaction<T>(ctx: Context, write: (tx: Tx, audit: Audit) => Promise<T>): Promise<T> {
  const principal = ctx.principal;
  if (!principal) throw new Error('auditedTransaction needs a principal');
  try {
    return await (ctx.prisma as PrismaClient).$transaction(async (tx) => {
      const audit: Audit = async ({ action, entityType, entityId, before, after }) => {
        await tx.auditEvent.create({
          data: {
            organizationId: principal.organizationId,
            actorUserId: principal.userId,
            actorApiKeyId: principal.apiKeyId,
            action,
            entityType,
            entityId,
            changes: diffChanges(entityType, before, after) as Prisma.InputJsonObject,
            requestId: ctx.requestId,
            source: ctx.source,
          },
        });
      };
      return write(tx, audit);
    });
  } catch (error) {
    throw translateConstraintError(error);
  }
}

/** Constraint violations that slip past the explicit checks (races) become 4xx, not 500. */
function translateConstraintError(error: unknown): unknown {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return error;
  const target = JSON.stringify(error.meta ?? {});
  if (error.code === 'P2002') return conflict(`A record with this value already exists (${target})`);
  if (error.code === 'P2003') return badInput('input', `A referenced record does not exist or is still in use (${target})`);
  if (error.code === 'P2025') return error;
  return error;
}
