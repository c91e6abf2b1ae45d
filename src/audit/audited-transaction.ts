// Every write runs here: the change and its AuditEvent commit together or not at all.
import { Prisma, type PrismaClient } from '../generated/prisma/client.js';
import { conflict } from '../errors.js';
import type { AuditActor } from '../request/actor.js';
import { enqueueWebhookEvents } from '../webhooks/outbox.js';
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

/**
 * Runs `write` in a transaction of `prisma` (tenant-scoped: src/db/tenant-scope.ts) with an `audit`
 * callback recording events as `actor`, and the webhook outbox fed from the same events.
 */
export async function auditedTransaction<T>(prisma: PrismaClient, actor: AuditActor, write: (tx: Tx, audit: Audit) => Promise<T>): Promise<T> {
  try {
    return await prisma.$transaction(async (tx) => {
      const audit: Audit = async ({ action, entityType, entityId, before, after }) => {
        const changes = diffChanges(entityType, before, after);
        // An update that changed nothing is not an event.
        if (before && after && Object.keys(changes).length === 0) return;
        await tx.auditEvent.create({
          data: {
            organizationId: actor.organizationId,
            actorUserId: actor.userId,
            actorApiKeyId: actor.apiKeyId,
            action,
            entityType,
            entityId,
            changes: changes as Prisma.InputJsonObject,
            requestId: actor.requestId,
            source: actor.source,
          },
        });
        // The webhook outbox: same transaction, so no event without its change and vice versa.
        await enqueueWebhookEvents(tx, actor, { action, entityType, entityId, before, after, changes });
      };
      return write(tx, audit);
    });
  } catch (error) {
    throw translateConstraintError(error);
  }
}

const TABLES = { Asset: 'assets', User: 'users', Location: 'locations', Vendor: 'vendors', ApiKey: 'api_keys', Webhook: 'webhooks', Organization: 'organizations',
  ClientCredential: 'client_credentials',
  License: 'licenses',
  MaintenanceRecord: 'maintenance_records',
  Incident: 'incidents',
  AssetDocument: 'asset_documents',
} as const;

/**
 * Reads the row a write is about with a row lock held to the end of the transaction, so that
 * concurrent writes to one row queue (two checkouts of one asset cannot both see it available).
 * The lock statement is raw SQL; the read itself goes through the tenant-scoped client.
 */
export async function lockRow(tx: Tx, entity: keyof typeof TABLES, id: string): Promise<void> {
  await tx.$queryRawUnsafe(`SELECT 1 FROM "${TABLES[entity]}" WHERE id = $1::uuid FOR NO KEY UPDATE`, id);
}

/** Constraint violations that slip past the explicit checks (races) become 4xx, not 500. */
function translateConstraintError(error: unknown): unknown {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return error;
  const meta = JSON.stringify(error.meta ?? {});
  if (error.code === 'P2002') {
    // e.g. the (organization_id, email) index: name the user-facing column it guards.
    const field = ['email', 'assetTag', 'asset_tag'].find((column) => meta.includes(column));
    return conflict('A record with this value already exists', field ? { field: field === 'asset_tag' ? 'assetTag' : field } : {});
  }
  if (error.code === 'P2003') return conflict('A referenced record does not exist or is still in use');
  return error;
}
