// The vocabulary of the route table: what a route declares (method, path, operation, parameters,
// body fields, how variables and the response are mapped) and the generic parsing of a request
// against those declarations. No route-specific logic lives here.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

export type FieldType = 'string' | 'integer' | 'number' | 'uuid' | 'date' | 'datetime' | 'object' | 'string[]';

export interface FieldSpec {
  type: FieldType;
  description?: string;
  required?: boolean;
  /** Allowed values: REST spelling → GraphQL enum value. */
  enum?: Record<string, string>;
  default?: string | number;
  min?: number;
  max?: number;
  /** The GraphQL input field this body field maps to (default: its camelCase name). */
  graphql?: string;
}

export type FieldSpecs = Record<string, FieldSpec>;

export interface RouteInput {
  params: Record<string, string>;
  query: Record<string, any>;
  body: Record<string, any>;
}

export interface RestResponse {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface JsonSchema {
  [key: string]: unknown;
}

export interface Route<Data = any, Variables = any> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Express-style: /api/assets/:id */
  path: string;
  summary: string;
  /**
   * Who may call it (documentation; the GraphQL field's authScopes enforce it). `public`: no
   * credential needed (the auth endpoints); documented without a security requirement.
   */
  access: 'read' | 'write admin' | 'read admin' | 'public';
  operation: TypedDocumentNode<Data, Variables>;
  /** Path ids: each must look like a UUID, else the route answers 404 "<entity> not found". */
  pathIds?: Record<string, string>;
  query?: FieldSpecs;
  body?: FieldSpecs;
  variables(input: RouteInput): Variables;
  respond(data: Data, input: RouteInput): RestResponse;
  /** For the OpenAPI document: the success status and body schema (none for a 204). */
  success: { status: number; description: string; schema?: JsonSchema; totalCountHeader?: boolean };
}

/** A request the shim refuses before (or instead of) running its operation. */
export class RestError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const camelCase = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function describeAllowed(spec: FieldSpec) {
  return Object.keys(spec.enum ?? {}).join(', ');
}

/** Checks one value against its spec; returns it normalized (query strings become numbers). */
function checkField(name: string, spec: FieldSpec, value: unknown, fromQuery: boolean): unknown {
  if (value === null) {
    if (spec.required) throw new RestError(400, `${name} is required`);
    return null;
  }
  if (spec.enum) {
    if (typeof value !== 'string' || !(value in spec.enum)) {
      throw new RestError(400, `${name} must be one of: ${describeAllowed(spec)}`);
    }
    return value;
  }
  switch (spec.type) {
    case 'integer': {
      const number = fromQuery && typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isInteger(number) ||
        (spec.min !== undefined && number < spec.min) || (spec.max !== undefined && number > spec.max)) {
        throw new RestError(400, `${name} must be an integer${spec.min !== undefined ? ` from ${spec.min}` : ''}${spec.max !== undefined ? ` to ${spec.max}` : ''}`);
      }
      return number;
    }
    case 'number': {
      const ok = (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value));
      if (!ok) throw new RestError(400, `${name} must be a number`);
      if (spec.min !== undefined && Number(value) < spec.min) throw new RestError(400, `${name} must be at least ${spec.min}`);
      if (spec.max !== undefined && Number(value) > spec.max) throw new RestError(400, `${name} must be at most ${spec.max}`);
      return fromQuery ? Number(value) : value;
    }
    case 'uuid':
      if (typeof value !== 'string' || !UUID.test(value)) throw new RestError(400, `${name} must be a UUID`);
      return value.toLowerCase();
    case 'date':
      if (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(Date.parse(value))) {
        throw new RestError(400, `${name} must be a date (YYYY-MM-DD)`);
      }
      return value;
    case 'datetime':
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value)) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
        throw new RestError(400, `${name} must be an ISO 8601 date-time`);
      }
      return new Date(value).toISOString();
    case 'object':
      if (typeof value !== 'object' || Array.isArray(value)) throw new RestError(400, `${name} must be a JSON object`);
      return value;
    case 'string':
      if (typeof value !== 'string') throw new RestError(400, `${name} must be a string`);
      return value;
    case 'string[]':
      if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
        throw new RestError(400, `${name} must be an array of strings`);
      }
      return value;
  }
}

/** Parses the declared query parameters (defaults applied; undeclared ones ignored). */
export function parseQuery(specs: FieldSpecs = {}, params: URLSearchParams): Record<string, unknown> {
  const parsed: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const raw = params.get(name);
    if (raw === null || raw === '') {
      if (spec.required) throw new RestError(400, `query parameter ${name} is required`);
      if (spec.default !== undefined) parsed[name] = spec.default;
      continue;
    }
    parsed[name] = checkField(name, spec, raw, true);
  }
  return parsed;
}

/** Parses a JSON body against the declared fields (undeclared fields are ignored). */
export function parseBody(specs: FieldSpecs = {}, raw: unknown): Record<string, unknown> {
  if (raw === undefined) raw = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new RestError(400, 'The request body must be a JSON object');
  const body = raw as Record<string, unknown>;
  const parsed: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    if (!(name in body) || body[name] === undefined) {
      if (spec.required) throw new RestError(400, `${name} is required`);
      continue;
    }
    parsed[name] = checkField(name, spec, body[name], false);
  }
  return parsed;
}

/** Body fields → a GraphQL input object: camelCase names, enum values translated. */
export function toGraphQLInput(specs: FieldSpecs, body: Record<string, unknown>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) {
    const spec = specs[name];
    if (!spec) continue;
    input[spec.graphql ?? camelCase(name)] = spec.enum && typeof value === 'string' ? spec.enum[value] : value;
  }
  return input;
}

/** Checks the ids in a path; a malformed id is answered like an unknown one. */
export function checkPathIds(route: Route, params: Record<string, string>) {
  for (const [name, entity] of Object.entries(route.pathIds ?? {})) {
    if (!UUID.test(params[name] ?? '')) throw new RestError(404, `${entity} not found`);
  }
}

/** Compiles `/api/assets/:id` into a matcher returning the params, or null. */
export function compilePath(path: string): (pathname: string) => Record<string, string> | null {
  const names: string[] = [];
  const pattern = new RegExp(
    `^${path.replace(/\/:(\w+)/g, (_, name: string) => {
      names.push(name);
      return '/([^/]+)';
    })}/?$`,
  );
  return (pathname) => {
    const match = pattern.exec(pathname);
    if (!match) return null;
    return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1])]));
  };
}
