// AssetSignal: IoT readings of an asset — object, Asset.signals / Asset.signalSummary (buckets
// computed in SQL) and ingestAssetSignals (workflow: src/domain/signals.ts).
import { Prisma } from '../../generated/prisma/client.js';
import * as signals from '../../domain/signals.js';
import { badInput } from '../../errors.js';
import { builder } from '../builder.js';
import { domainOf } from '../context.js';
import { totalCountField } from '../keyset/connection.js';

export const AssetSignalNode = builder.prismaNode('AssetSignal', {
  id: { field: 'id' },
  // Select mode: a query reads only the columns its fields need.
  select: { id: true },
  description: 'One IoT reading of an asset.',
  fields: (t) => ({
    asset: t.relation('asset', { description: 'The asset the reading is about.' }),
    signalType: t.exposeString('signalType', { description: 'What was measured (e.g. temperature, battery, runtime_hours).' }),
    value: t.exposeFloat('value', { description: 'The reading.' }),
    unit: t.exposeString('unit', { nullable: true, description: 'Unit of the value (e.g. C, %, h).' }),
    recordedAt: t.expose('recordedAt', { type: 'DateTime', description: 'When the reading was taken.' }),
    metadata: t.field({
      type: 'JSONObject', nullable: true, description: 'Whatever else the device sent.',
      select: { metadata: true }, resolve: (signal) => (signal.metadata as Record<string, unknown> | null) ?? null,
    }),
  }),
});

const SignalBucket = builder.enumType('SignalBucket', {
  description: 'The width of a signalSummary bucket (UTC).',
  values: {
    MINUTE: { value: 'minute', description: 'One minute.' },
    HOUR: { value: 'hour', description: 'One hour.' },
    DAY: { value: 'day', description: 'One UTC day.' },
    WEEK: { value: 'week', description: 'One ISO week (from Monday).' },
  } as const,
});
const BUCKET_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 } as const;
const MAX_BUCKETS = 1000;

interface BucketRow { bucketStart: Date; count: number; min: number; max: number; avg: number }

const SignalSummaryBucket = builder.objectRef<BucketRow>('SignalSummaryBucket').implement({
  description: 'The readings of one signal type in one time bucket (buckets without readings are left out).',
  fields: (t) => ({
    bucketStart: t.expose('bucketStart', { type: 'DateTime', description: 'Start of the bucket (UTC).' }),
    count: t.exposeInt('count', { description: 'Readings in the bucket.' }),
    min: t.exposeFloat('min', { description: 'Smallest value.' }),
    max: t.exposeFloat('max', { description: 'Largest value.' }),
    avg: t.exposeFloat('avg', { description: 'Mean value.' }),
  }),
});

const NEWEST_FIRST = [{ recordedAt: 'desc' }, { id: 'desc' }] as const;

function timeRange(from: Date | null | undefined, to: Date | null | undefined) {
  if (from && to && from > to) throw badInput('to', 'to must not be before from');
  return { ...(from && { gte: from }), ...(to && { lte: to }) };
}

builder.prismaObjectFields('Asset', (t) => ({
  signals: t.relatedConnection('signals', {
    description: 'IoT readings, newest first; filter by type and recordedAt range (inclusive).',
    cursor: 'id',
    totalCount: true,
    args: {
      type: t.arg.string({ description: 'Only readings of this signal type.' }),
      from: t.arg({ type: 'DateTime', description: 'Readings taken at or after this time.' }),
      to: t.arg({ type: 'DateTime', description: 'Readings taken at or before this time.' }),
    },
    query: (args) => ({
      where: { ...(args.type != null && { signalType: args.type }), recordedAt: timeRange(args.from, args.to) },
      orderBy: [...NEWEST_FIRST],
    }),
  }, { description: 'A page of an asset\'s IoT readings.', fields: totalCountField }, { description: 'An IoT reading of the asset.' }),
  signalSummary: t.field({
    type: [SignalSummaryBucket],
    description: `Min, max, mean and count of one signal type per time bucket, oldest first, computed in the database. Default range: the last 24 hours; at most ${MAX_BUCKETS} buckets.`,
    select: { id: true },
    args: {
      type: t.arg.string({ required: true, description: 'The signal type.' }),
      from: t.arg({ type: 'DateTime', description: 'Start of the range (default: 24 hours before `to`).' }),
      to: t.arg({ type: 'DateTime', description: 'End of the range (default: now).' }),
      bucket: t.arg({ type: SignalBucket, defaultValue: 'hour', description: 'Bucket width (default: HOUR).' }),
    },
    resolve: async (asset, args, ctx) => {
      const to = args.to ?? new Date();
      const from = args.from ?? new Date(to.getTime() - 86_400_000);
      timeRange(from, to);
      const bucket = args.bucket ?? 'hour';
      if ((to.getTime() - from.getTime()) / BUCKET_MS[bucket] > MAX_BUCKETS) {
        throw badInput('bucket', `the range holds more than ${MAX_BUCKETS} ${bucket} buckets: use a wider bucket or a shorter range`);
      }
      // Raw SQL: scoped to the caller's organization by hand.
      return ctx.prisma.$queryRaw<BucketRow[]>(Prisma.sql`
        SELECT date_trunc(${bucket}, recorded_at, 'UTC') AS "bucketStart", count(*)::int AS count,
               min(value) AS min, max(value) AS max, avg(value) AS avg
          FROM asset_signals
         WHERE organization_id = ${ctx.principal!.organizationId}::uuid AND asset_id = ${asset.id}::uuid
           AND signal_type = ${args.type} AND recorded_at BETWEEN ${from} AND ${to}
         GROUP BY 1 ORDER BY 1`);
    },
  }),
}));

const AssetSignalInput = builder.inputType('AssetSignalInput', {
  description: 'One IoT reading.',
  fields: (t) => ({
    assetId: t.field({ type: 'UUID', required: true, description: 'The asset the reading is about.' }),
    signalType: t.string({ required: true, description: 'What was measured (1-100 characters).' }),
    value: t.float({ required: true, description: 'The reading.' }),
    unit: t.string({ description: 'Unit of the value (up to 32 characters).' }),
    recordedAt: t.field({ type: 'DateTime', description: 'When it was taken (default: now; not in the future).' }),
    metadata: t.field({ type: 'JSONObject', description: 'Anything else (up to 4 KB of JSON).' }),
  }),
});

const IngestAssetSignalsResult = builder.objectRef<{ accepted: number }>('IngestAssetSignalsResult').implement({
  description: 'What ingestAssetSignals stored.',
  fields: (t) => ({ accepted: t.exposeInt('accepted', { description: 'Signals stored: the whole batch.' }) }),
});

builder.mutationFields((t) => ({
  ingestAssetSignals: t.field({
    type: IngestAssetSignalsResult,
    nullable: true,
    description:
      `Stores up to ${signals.MAX_SIGNAL_BATCH} IoT readings in one statement, all or nothing (BAD_USER_INPUT names every bad one in extensions.details, e.g. signals[3].value). Each signal costs 1 budget point. Admins: a write key, or a key with the iot:signal:ingest permission; Enterprise plan only.`,
    authScopes: { $all: { admin: true, permission: 'iot:signal:ingest', plan: 'enterprise' } },
    extensions: { costPerItemOf: 'signals' },
    args: { signals: t.arg({ type: [AssetSignalInput], required: true, description: `The readings (1 to ${signals.MAX_SIGNAL_BATCH}).` }) },
    resolve: (_root, args, ctx) => signals.ingestSignals(domainOf(ctx), args.signals),
  }),
}));
