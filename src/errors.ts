// Coded errors shared by every layer: every intended error carries extensions.code, which the
// REST dialects map to their statuses and bodies.
import { GraphQLError } from 'graphql';
import type { PaidPlan } from './request/principal.js';

export const ERROR_CODES = [
  'UNAUTHENTICATED', 'KEY_REVOKED', 'FORBIDDEN', 'PLAN_UPGRADE_REQUIRED', 'ENTERPRISE_REQUIRED', 'NOT_FOUND', 'BAD_USER_INPUT', 'CONFLICT', 'THROTTLED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export function apiError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

export const notFound = (entity: string) => apiError('NOT_FOUND', `${entity} not found`);

/** A bad value in one input field; `field` names it (e.g. `input.lat`). */
export const badInput = (field: string, message: string) => apiError('BAD_USER_INPUT', message, { field });

export const conflict = (message: string, extensions?: Record<string, unknown>) => apiError('CONFLICT', message, extensions);

export const forbidden = (message: string, extensions?: Record<string, unknown>) => apiError('FORBIDDEN', message, extensions);

export const unauthenticated = (message: string, extensions: Record<string, unknown> = {}) =>
  apiError('UNAUTHENTICATED', message, { ...extensions, http: { status: 401 } });

/** No credential at all: what any guarded field or database use answers. */
export const authenticationRequired = () => unauthenticated('Authentication required: send Authorization: Bearer <API key or access token>');

/**
 * The organization's plan does not allow what was asked (REST: 403, like FORBIDDEN):
 * PLAN_UPGRADE_REQUIRED when it takes Business, ENTERPRISE_REQUIRED when it takes Enterprise.
 */
export const planRequired = (needed: PaidPlan, message: string, extensions?: Record<string, unknown>) =>
  apiError(needed === 'enterprise' ? 'ENTERPRISE_REQUIRED' : 'PLAN_UPGRADE_REQUIRED', message, { requiredPlan: needed, ...extensions });
