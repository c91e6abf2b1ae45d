// SenAsset's bodies: GraphQL results → the documented snake_case JSON (schemas.ts describes them).
import type { RestWebhookFragment, SenAssetAssetFragment, SenAssetUserFragment } from '../generated/operations.js';
import { restSpelling, senAssetStatusOf } from '../spellings.js';
import { senAsset } from './adapter.js';

const { values, money } = senAsset;
const userRole = restSpelling(values.userRole);

export function assetBody(asset: SenAssetAssetFragment) {
  return {
    id: asset.id,
    tag: asset.assetTag,
    name: asset.name,
    status: senAssetStatusOf[asset.status],
    category: asset.category,
    serial_number: asset.serialNumber,
    purchase_price: asset.value === null ? null : money.fromGraphQL(asset.value),
    purchase_date: asset.purchaseDate,
    warranty_expires: asset.warrantyExpiry,
    location: asset.location && { id: asset.location.id, name: asset.location.name },
    assignee: asset.assignedUser && { id: asset.assignedUser.id, name: asset.assignedUser.name, email: asset.assignedUser.email },
    custom_fields: asset.customFields,
    notes: asset.notes,
    created_at: asset.createdAt,
    updated_at: asset.updatedAt,
  };
}

export function userBody(user: SenAssetUserFragment) {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: userRole[user.role],
    department: user.department,
    asset_count: user.assetCount,
    created_at: user.createdAt,
  };
}

export function webhookBody(webhook: RestWebhookFragment) {
  return { id: webhook.id, url: webhook.url, events: webhook.events, active: webhook.active, created_at: webhook.createdAt };
}

/** What a DELETE answers: the id it deleted. */
export const deletedBody = ({ id }: { id: string }) => ({ id, deleted: true });
