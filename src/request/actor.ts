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

/** Who a write is recorded as when no user of the organization acts: the server operator (CLI or operator token). */
export interface OperatorActor extends Omit<Actor, 'userId' | 'apiKeyId'> {
  userId: null;
  apiKeyId: null;
}

/** Any actor an audit event can record. */
export type AuditActor = Actor | OperatorActor;

export function operatorActor(organizationId: string, request: { id: string; apiStyle: ApiStyle }): OperatorActor {
  return { organizationId, userId: null, apiKeyId: null, source: request.apiStyle, requestId: request.id };
}
