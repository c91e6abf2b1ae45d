// What a route answers on success, and how the OpenAPI document describes that answer.
import type { JsonSchema } from './json-schema.js';
import { Response, type PlainAnswer } from '../src/request/response.js';

export interface RestResponse {
  status?: number;
  /** Sent as JSON, unless `contentType` is given: then a string sent as is (e.g. CSV). */
  body: unknown;
  headers?: Record<string, string>;
  contentType?: string;
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
  /** Other representations of the answer (media type → schema), chosen by the request (e.g. text/csv). */
  alternatives?: Readonly<Record<string, JsonSchema>>;
}

/** A JSON answer (no body for a 204). */
export const jsonAnswer = (status: number, body: unknown, headers: Record<string, string> = {}): PlainAnswer =>
  status === 204
    ? { status, headers, text: null }
    : { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, text: JSON.stringify(body) };

/** A route's answer: JSON, or its string body as is under its own content type. */
export const routeAnswer = ({ status = 200, body, headers = {}, contentType }: RestResponse, passed: Record<string, string>): PlainAnswer =>
  contentType && typeof body === 'string'
    ? { status, headers: { ...passed, ...headers, 'content-type': contentType }, text: body }
    : jsonAnswer(status, body, { ...passed, ...headers });

export const asResponse = ({ status, headers, text }: PlainAnswer) => new Response(text, { status, headers });

export const jsonResponse = (status: number, body: unknown, headers: Record<string, string> = {}) => asResponse(jsonAnswer(status, body, headers));
