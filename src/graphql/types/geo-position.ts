// GeoPosition: where an asset was — object, Asset.lastPosition / Asset.positions, and
// recordAssetPosition (workflow: src/domain/geo-positions.ts).
import * as positions from '../../domain/geo-positions.js';
import { badInput } from '../../errors.js';
import { builder } from '../builder.js';
import { domainOf } from '../context.js';
import { totalCountField } from '../keyset/connection.js';

export const GeoPositionNode = builder.prismaNode('GeoPosition', {
  id: { field: 'id' },
  // Select mode: a query reads only the columns its fields need.
  select: { id: true },
  description: 'A reported position of an asset (GPS fix, tracker, integration); apart from its Location.',
  fields: (t) => ({
    asset: t.relation('asset', { description: 'The asset that was here.' }),
    latitude: t.expose('latitude', { type: 'Latitude', description: 'Degrees, -90 to 90 (WGS 84).' }),
    longitude: t.expose('longitude', { type: 'Longitude', description: 'Degrees, -180 to 180 (WGS 84).' }),
    accuracyM: t.exposeFloat('accuracyM', { nullable: true, description: 'Horizontal accuracy in metres.' }),
    altitudeM: t.exposeFloat('altitudeM', { nullable: true, description: 'Altitude in metres.' }),
    recordedAt: t.expose('recordedAt', { type: 'DateTime', description: 'When the asset was there.' }),
    source: t.exposeString('source', { nullable: true, description: 'What reported it (e.g. gps, tracker-42, erp).' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was received.' }),
  }),
});

const NEWEST_FIRST = [{ recordedAt: 'desc' }, { id: 'desc' }] as const;

builder.prismaObjectFields('Asset', (t) => ({
  lastPosition: t.field({
    type: GeoPositionNode,
    nullable: true,
    description: 'The newest reported position (by recordedAt), or null when none was reported.',
    // Loaded with the asset, in its statement (one joined row).
    select: (_args, _ctx, nestedSelection) => ({ positions: nestedSelection({ take: 1, orderBy: [...NEWEST_FIRST] }) }),
    resolve: (asset) => asset.positions[0] ?? null,
  }),
  positions: t.relatedConnection('positions', {
    description: 'Reported positions, newest first; `from`/`to` bound recordedAt (inclusive).',
    cursor: 'id',
    totalCount: true,
    args: {
      from: t.arg({ type: 'DateTime', description: 'Positions recorded at or after this time.' }),
      to: t.arg({ type: 'DateTime', description: 'Positions recorded at or before this time.' }),
    },
    query: (args) => {
      if (args.from && args.to && args.from > args.to) throw badInput('to', 'to must not be before from');
      return {
        where: { recordedAt: { ...(args.from && { gte: args.from }), ...(args.to && { lte: args.to }) } },
        orderBy: [...NEWEST_FIRST],
      };
    },
  }, { description: 'A page of an asset\'s positions.', fields: totalCountField }, { description: 'A position of the asset.' }),
}));

const RecordAssetPositionInput = builder.inputType('RecordAssetPositionInput', {
  description: 'A position of an asset, as reported.',
  fields: (t) => ({
    assetId: t.field({ type: 'UUID', required: true, description: 'The asset.' }),
    latitude: t.field({ type: 'Latitude', required: true, description: 'Degrees, -90 to 90.' }),
    longitude: t.field({ type: 'Longitude', required: true, description: 'Degrees, -180 to 180.' }),
    accuracyM: t.float({ description: 'Horizontal accuracy in metres (0 or more).' }),
    altitudeM: t.float({ description: 'Altitude in metres.' }),
    recordedAt: t.field({ type: 'DateTime', description: 'When the asset was there (default: now; not in the future).' }),
    source: t.string({ description: 'What reported it.' }),
  }),
});

builder.mutationFields((t) => ({
  recordAssetPosition: t.prismaField({
    type: 'GeoPosition',
    nullable: true,
    description:
      'Records where an asset is (audited as position.recorded; the asset\'s Location does not change). Admins: a write key, or a key with the asset:location permission (Business plan or higher).',
    authScopes: { $all: { admin: true, permission: 'asset:location' } },
    args: { input: t.arg({ type: RecordAssetPositionInput, required: true, description: 'The position.' }) },
    resolve: (query, _root, { input }, ctx) => positions.recordPosition(domainOf(ctx), input, query),
  }),
}));
