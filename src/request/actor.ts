// Who a write is recorded as: the acting user and key in their organization, where the change came
// from and under which request id. GraphQL, REST, the CLI and background work all make one.
import type { Principal } from './principal.js';
import type { ApiStyle } from './request-info.js';

export interface Actor {
  organizationId: string;
  userId: string;
  apiKeyId: string | null;
  source: ApiStyle;
  requestId: string | null;
}

/** The actor of a request made with a credential. */
export function actorOf(principal: Principal, request: { id: string; apiStyle: ApiStyle }): Actor {
  return {
    organizationId: principal.organizationId,
    userId: principal.userId,
    apiKeyId: principal.apiKeyId,
    source: request.apiStyle,
    requestId: request.id,
  };
}
