// UniAsset's answers: GraphQL results → snake_case JSON (schemas.ts describes them).
import type { UniAssetAssetFragment, UniAssetMaintenanceFragment, UniAssetPositionFragment } from '../generated/operations.js';
import { restSpelling } from '../spellings.js';
import { uniAsset } from './adapter.js';

const { values, money } = uniAsset;
const assetStatus = restSpelling(values.assetStatus);
const maintenanceType = restSpelling(values.maintenanceType);

export function assetBody(asset: UniAssetAssetFragment) {
  return {
    id: asset.id,
    asset_tag: asset.assetTag,
    name: asset.name,
    category: asset.category,
    status: assetStatus[asset.status],
    serial_number: asset.serialNumber,
    manufacturer: asset.manufacturer,
    model: asset.model,
    value: asset.value === null ? null : money.fromGraphQL(asset.value),
    purchase_date: asset.purchaseDate,
    warranty_expiry: asset.warrantyExpiry,
    location_id: asset.location?.id ?? null,
    vendor_id: asset.vendor?.id ?? null,
    assigned_user_id: asset.assignedUser?.id ?? null,
    expected_return: asset.expectedReturn,
    custom_fields: asset.customFields,
    created_at: asset.createdAt,
    updated_at: asset.updatedAt,
  };
}

export function maintenanceBody(record: UniAssetMaintenanceFragment) {
  return {
    id: record.id,
    asset_id: record.asset.id,
    type: maintenanceType[record.type],
    description: record.description,
    scheduled_date: record.scheduledDate,
    completed_at: record.completedAt,
    cost: record.cost === null ? null : money.fromGraphQL(record.cost),
    performed_by_user_id: record.performedByUser?.id ?? null,
    performed_by_vendor_id: record.performedByVendor?.id ?? null,
    notes: record.notes,
    created_at: record.createdAt,
  };
}

export function positionBody(position: UniAssetPositionFragment) {
  return {
    id: position.id,
    asset_id: position.asset.id,
    latitude: position.latitude,
    longitude: position.longitude,
    accuracy_m: position.accuracyM,
    altitude_m: position.altitudeM,
    recorded_at: position.recordedAt,
    source: position.source,
    created_at: position.createdAt,
  };
}
