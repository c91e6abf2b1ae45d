// IoT signals: a time series per asset, ingested in batches of up to 1,000. A batch is all or
// nothing: every bad signal is named (`signals[3].value`) and nothing is stored; a good one is
// one INSERT (unnest of column arrays) plus one audit event for the batch.
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client.js';
import { auditedTransaction } from '../audit/audited-transaction.js';
import { apiError } from '../errors.js';
import type { DomainContext } from './context.js';

export const MAX_SIGNAL_BATCH = 1000;
const MAX_SIGNAL_TYPE = 100;
const MAX_UNIT = 32;
const MAX_METADATA_BYTES = 4096;
// Devices' clocks run a little ahead at times: readings up to 5 minutes ahead pass.
const CLOCK_SKEW_MS = 5 * 60_000;

export interface SignalInput {
  assetId: string;
  signalType: string;
  value: number;
  unit?: string | null;
  recordedAt?: Date | null;
  metadata?: Record<string, unknown> | null;
}

interface Problem { field: string; message: string }

/** BAD_USER_INPUT naming every bad field (extensions.details); the message and field are the first one's. */
const invalid = (problems: Problem[]) =>
  apiError('BAD_USER_INPUT', problems.length > 1 ? `${problems[0].message} (and ${problems.length - 1} more)` : problems[0].message, {
    field: problems[0].field, details: problems,
  });

function problemsOf(signal: SignalInput, index: number, now: number): Problem[] {
  const at = (field: string) => `signals[${index}].${field}`;
  const problems: Problem[] = [];
  const type = signal.signalType?.trim() ?? '';
  if (!type) problems.push({ field: at('signalType'), message: `${at('signalType')} cannot be blank` });
  else if (type.length > MAX_SIGNAL_TYPE) problems.push({ field: at('signalType'), message: `${at('signalType')} must be at most ${MAX_SIGNAL_TYPE} characters` });
  if (typeof signal.value !== 'number' || !Number.isFinite(signal.value)) problems.push({ field: at('value'), message: `${at('value')} must be a finite number` });
  if (signal.unit != null && signal.unit.trim().length > MAX_UNIT) problems.push({ field: at('unit'), message: `${at('unit')} must be at most ${MAX_UNIT} characters` });
  if (signal.recordedAt && signal.recordedAt.getTime() > now + CLOCK_SKEW_MS) problems.push({ field: at('recordedAt'), message: `${at('recordedAt')} cannot be in the future` });
  if (signal.metadata != null && JSON.stringify(signal.metadata).length > MAX_METADATA_BYTES) {
    problems.push({ field: at('metadata'), message: `${at('metadata')} must be at most ${MAX_METADATA_BYTES} bytes of JSON` });
  }
  return problems;
}

/** Validates and stores a batch; returns how many signals were stored (all of them). */
export async function ingestSignals(domain: DomainContext, signals: readonly SignalInput[]): Promise<{ accepted: number }> {
  if (signals.length === 0) throw invalid([{ field: 'signals', message: 'signals must hold at least one signal' }]);
  if (signals.length > MAX_SIGNAL_BATCH) throw invalid([{ field: 'signals', message: `signals must hold at most ${MAX_SIGNAL_BATCH} signals, got ${signals.length}` }]);
  const now = Date.now();
  const problems = signals.flatMap((signal, index) => problemsOf(signal, index, now));
  if (problems.length) throw invalid(problems);
  const received = new Date(now).toISOString();
  const rows = signals.map((signal) => ({
    assetId: signal.assetId.toLowerCase(),
    type: signal.signalType.trim(),
    unit: signal.unit?.trim() || null,
    recordedAt: signal.recordedAt?.toISOString() ?? received,
  }));

  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    const assetIds = [...new Set(rows.map((row) => row.assetId))];
    // Another organization's asset is a missing one (the client is tenant-scoped).
    const found = new Set((await tx.asset.findMany({ where: { id: { in: assetIds } }, select: { id: true } })).map((asset) => asset.id));
    const missing = rows.findIndex((row) => !found.has(row.assetId));
    if (missing >= 0) throw apiError('NOT_FOUND', `Asset not found: signals[${missing}].assetId`, { field: `signals[${missing}].assetId` });
    // One statement whatever the batch size: the columns travel as arrays, unnest pairs them up.
    const accepted = await tx.$executeRawUnsafe(
      `INSERT INTO asset_signals (organization_id, asset_id, signal_type, value, unit, recorded_at, metadata)
       SELECT $1::uuid, s.asset_id::uuid, s.signal_type, s.value::float8, s.unit, s.recorded_at::timestamptz, s.metadata::jsonb
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
           AS s(asset_id, signal_type, value, unit, recorded_at, metadata)`,
      domain.actor.organizationId,
      rows.map((row) => row.assetId),
      rows.map((row) => row.type),
      signals.map((signal) => String(signal.value)),
      rows.map((row) => row.unit),
      rows.map((row) => row.recordedAt),
      signals.map((signal) => (signal.metadata == null ? null : JSON.stringify(signal.metadata))),
    );
    const times = rows.map((row) => row.recordedAt).sort();
    await audit({
      action: 'signals.ingested', entityType: 'SignalBatch', entityId: randomUUID(), before: null,
      after: { count: accepted, assetIds, signalTypes: [...new Set(rows.map((row) => row.type))], firstRecordedAt: times[0], lastRecordedAt: times.at(-1) },
    });
    return { accepted };
  });
}

/** Deletes signals older than `retentionDays` (every organization); returns how many. */
export async function pruneExpiredSignals(prisma: PrismaClient, retentionDays: number, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  return prisma.$executeRawUnsafe('DELETE FROM asset_signals WHERE recorded_at < $1::timestamptz', cutoff.toISOString());
}
