// Coded errors shared by every layer: every intended error carries extensions.code, which the
// REST dialects map to their statuses and bodies.
import { GraphQLError } from 'graphql';
import type { PaidPlan } from './request/principal.js';

export const ERROR_CODES = [
  'UNAUTHENTICATED', 'KEY_REVOKED', 'FORBIDDEN', 'PLAN_UPGRADE_REQUIRED', 'ENTERPRISE_REQUIRED', 'NOT_FOUND', 'BAD_USER_INPUT', 'CONFLICT', 'THROTTLED', 'SERVICE_UNAVAILABLE',
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

/** Seconds a client should wait before retrying while the database is unreachable. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** A dependency (the database) cannot be reached right now: HTTP 503 with Retry-After. */
export const serviceUnavailable = (message = 'Service unavailable: the database cannot be reached; retry shortly') =>
  apiError('SERVICE_UNAVAILABLE', message, {
    http: { status: 503, headers: { 'Retry-After': String(UNAVAILABLE_RETRY_AFTER_SECONDS) } },
  });
