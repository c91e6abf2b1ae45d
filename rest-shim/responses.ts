// What a route answers on success, and how the OpenAPI document describes that answer.
import type { JsonSchema } from './json-schema.js';

export interface RestResponse {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface HeaderDoc {
  description: string;
  schema: JsonSchema;
}

/** For the OpenAPI document: the success status, body schema (none for a 204) and headers. */
export interface SuccessDoc {
  status: number;
  description: string;
  schema?: JsonSchema;
  headers?: Readonly<Record<string, HeaderDoc>>;
}

/** A JSON answer (no body for a 204). */
export const jsonResponse = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  status === 204
    ? new Response(null, { status, headers })
    : new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
