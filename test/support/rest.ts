// A small REST client for the /api compatibility layer: calls app.fetch in-process with a tenant's
// key and parses the JSON answer, plus the checks every error answer must pass.
import { expect } from 'vitest';
import { createKey } from '../../src/auth/key-admin.js';
import { inviteUser } from './fixtures.js';
import type { Tenant, TestApi } from './test-api.js';

export interface RestCall {
  /** The API key to send as `Authorization: Bearer …`; null sends no Authorization header. */
  key: string | null;
  /** A value sent as JSON. */
  body?: unknown;
  /** A body sent as is (e.g. malformed JSON). */
  raw?: string;
  headers?: Record<string, string>;
}

export interface RestResult<T = any> {
  status: number;
  headers: Headers;
  /** The parsed JSON body (undefined when the body is empty or not JSON). */
  body: T;
  text: string;
}

export async function rest<T = any>(api: TestApi, method: string, path: string, call: RestCall): Promise<RestResult<T>> {
  const headers: Record<string, string> = { ...call.headers };
  if (call.key !== null) headers.authorization = `Bearer ${call.key}`;
  let body: string | undefined;
  if (call.raw !== undefined) body = call.raw;
  else if (call.body !== undefined) body = JSON.stringify(call.body);
  if (body !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json';
  }
  const response = await api.app.fetch(`http://test${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}

/** A REST client bound to one key (the tenant's write key, usually). */
export function restClient(api: TestApi, key: string | null) {
  const call = <T = any>(method: string, path: string, extra: Omit<RestCall, 'key'> = {}) => rest<T>(api, method, path, { key, ...extra });
  return {
    call,
    get: <T = any>(path: string, extra?: Omit<RestCall, 'key'>) => call<T>('GET', path, extra),
    post: <T = any>(path: string, body?: unknown, extra?: Omit<RestCall, 'key' | 'body'>) => call<T>('POST', path, { ...extra, body }),
    put: <T = any>(path: string, body?: unknown, extra?: Omit<RestCall, 'key' | 'body'>) => call<T>('PUT', path, { ...extra, body }),
    patch: <T = any>(path: string, body?: unknown, extra?: Omit<RestCall, 'key' | 'body'>) => call<T>('PATCH', path, { ...extra, body }),
    delete: <T = any>(path: string, extra?: Omit<RestCall, 'key'>) => call<T>('DELETE', path, extra),
  };
}

export type RestClient = ReturnType<typeof restClient>;

/** A JSON answer: status, JSON content type and a request id. */
export function expectJson(result: RestResult, status: number) {
  expect(result.status, `status (body: ${result.text})`).toBe(status);
  expect(result.headers.get('content-type')).toMatch(/^application\/json/);
  expect(result.headers.get('x-request-id')).toMatch(/^[\w.:-]{1,128}$/);
}

/** An error answer: the status, and a body that is exactly { "error": "<non-empty string>" }. */
export function expectError(result: RestResult, status: number, message?: string | RegExp) {
  expect(result.status, `status (body: ${result.text})`).toBe(status);
  expect(result.headers.get('content-type')).toMatch(/^application\/json/);
  expect(Object.keys(result.body ?? {}), `error body ${result.text}`).toEqual(['error']);
  expect(typeof result.body.error).toBe('string');
  expect(result.body.error.trim()).not.toBe('');
  if (message !== undefined) expect(result.body.error).toMatch(message);
}

export const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A well-formed id that belongs to no row. */
export const MISSING_ID = '00000000-0000-4000-8000-000000000000';

/** A write key acting as a new user with role `user` (not admin): for "insufficient role" checks. */
export async function userRoleWriteKey(api: TestApi, tenant: Tenant): Promise<string> {
  const user = await inviteUser(tenant, { role: 'USER' });
  const key = await createKey(api.db.prisma, { organizationId: tenant.organizationId, name: 'user write key', scopes: ['write'], userEmail: user.email });
  return key.secret;
}

/** An error answer in SenAsset's shape (/v1): exactly { "error": { "code", "message" } }, the message non-empty. */
export function expectCodedError(result: RestResult, status: number, code: string, message?: string | RegExp) {
  expect(result.status, `status (body: ${result.text})`).toBe(status);
  expect(result.headers.get('content-type')).toMatch(/^application\/json/);
  expect(Object.keys(result.body ?? {}), `error body ${result.text}`).toEqual(['error']);
  expect(Object.keys(result.body.error).sort()).toEqual(['code', 'message']);
  expect(result.body.error.code).toBe(code);
  expect(result.body.error.message.trim()).not.toBe('');
  if (message !== undefined) expect(result.body.error.message).toMatch(message);
}
