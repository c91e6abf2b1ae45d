// UniAsset's answers: GraphQL results → snake_case JSON (schemas.ts describes them).
import type { UniAssetAssetFragment } from '../generated/operations.js';
import { restSpelling } from '../spellings.js';
import { uniAsset } from './adapter.js';

const { values, money } = uniAsset;
const assetStatus = restSpelling(values.assetStatus);

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
