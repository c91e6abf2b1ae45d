// Geo-positions: where an asset was, as a tracker or integration reports it (apart from its
// Location). Recording one is audited (position.recorded) like any write.
import { Prisma } from '../generated/prisma/client.js';
import { auditedTransaction } from '../audit/audited-transaction.js';
import { badInput, notFound } from '../errors.js';
import { withAllColumns, type DomainContext, type Selection } from './context.js';
import { MAX_NAME, text } from './validate.js';

export type GeoPositionSelection = Selection<Prisma.GeoPositionSelect, Prisma.GeoPositionInclude>;

export interface RecordPositionInput {
  assetId: string;
  latitude: number;
  longitude: number;
  accuracyM?: number | null;
  altitudeM?: number | null;
  recordedAt?: Date | null;
  source?: string | null;
}

// Trackers' clocks run a little ahead at times: readings up to 5 minutes ahead pass.
const CLOCK_SKEW_MS = 5 * 60_000;

/** Range checks the GraphQL scalars also make; here for every caller of the workflow. */
export function checkPosition(input: Pick<RecordPositionInput, 'latitude' | 'longitude' | 'accuracyM' | 'recordedAt'>, prefix = '') {
  if (!(input.latitude >= -90 && input.latitude <= 90)) throw badInput(`${prefix}latitude`, 'latitude must be from -90 to 90');
  if (!(input.longitude >= -180 && input.longitude <= 180)) throw badInput(`${prefix}longitude`, 'longitude must be from -180 to 180');
  if (input.accuracyM != null && !(input.accuracyM >= 0)) throw badInput(`${prefix}accuracyM`, 'accuracyM must be 0 or more');
  if (input.recordedAt && input.recordedAt.getTime() > Date.now() + CLOCK_SKEW_MS) throw badInput(`${prefix}recordedAt`, 'recordedAt cannot be in the future');
}

export function recordPosition(domain: DomainContext, input: RecordPositionInput, selection: GeoPositionSelection = {}) {
  checkPosition(input);
  return auditedTransaction(domain.prisma, domain.actor, async (tx, audit) => {
    // Another organization's asset is a missing one (the client is tenant-scoped).
    if (!(await tx.asset.findUnique({ where: { id: input.assetId }, select: { id: true } }))) throw notFound('Asset');
    const created = await tx.geoPosition.create({
      ...withAllColumns(selection, Prisma.GeoPositionScalarFieldEnum),
      data: {
        organizationId: domain.actor.organizationId,
        assetId: input.assetId,
        latitude: input.latitude,
        longitude: input.longitude,
        accuracyM: input.accuracyM ?? null,
        altitudeM: input.altitudeM ?? null,
        source: text('source', input.source, { max: MAX_NAME }) || null,
        ...(input.recordedAt && { recordedAt: input.recordedAt }),
      },
    });
    await audit({ action: 'position.recorded', entityType: 'GeoPosition', entityId: created.id, before: null, after: created });
    return created;
  });
}
