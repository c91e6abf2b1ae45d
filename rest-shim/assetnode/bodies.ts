// AssetNode's bodies: GraphQL results → the documented snake_case JSON (schemas.ts describes them).
import type { RestAuditLogQuery, RestAuthTokensFragment } from '../generated/operations.js';
import { restSpelling } from '../spellings.js';
import { assetNode } from './adapter.js';

const apiStyle = restSpelling(assetNode.values.apiStyle);

type AuditNode = NonNullable<RestAuditLogQuery['auditEvents']>['edges'][number]['node'];

export function auditEventBody(event: AuditNode) {
  return {
    id: event.id,
    action: event.action,
    entity_type: event.entityType,
    entity_id: event.entityId,
    changes: event.changes,
    actor_id: event.actorUser?.id ?? null,
    actor_name: event.actorUser?.name ?? null,
    api_key_id: event.actorApiKeyId,
    request_id: event.requestId,
    source: apiStyle[event.source],
    created_at: event.createdAt,
  };
}

/** An access/refresh token pair (login, refresh, accept-invite). */
export function tokenPairBody(tokens: RestAuthTokensFragment) {
  return { access_token: tokens.accessToken, refresh_token: tokens.refreshToken, token_type: tokens.tokenType, expires_in: tokens.expiresIn };
}
