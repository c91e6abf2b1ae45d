// Parsing a request against a route's declarations (field-specs.ts): each value is checked and
// normalized, or refused with a 400 naming the field. Undeclared parameters and fields are ignored.
import type { BodyOf, FieldSpec, FieldSpecs, QueryOf } from './field-specs.js';
import { isUuid } from '../src/request/uuid.js';
import { badField, badFields, RestError, type FieldProblem } from './rest-error.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function describeAllowed(spec: FieldSpec) {
  return Object.keys(spec.enum ?? {}).join(', ');
}

/** Checks one value against its spec; returns it normalized (query strings become numbers). */
function checkField(name: string, spec: FieldSpec, value: unknown, fromQuery: boolean): unknown {
  if (value === null) {
    if (spec.required) throw badField(name, `${name} is required`);
    return null;
  }
  if (spec.enum) {
    if (typeof value !== 'string' || !(value in spec.enum)) {
      throw badField(name, `${name} must be one of: ${describeAllowed(spec)}`);
    }
    return value;
  }
  switch (spec.type) {
    case 'integer': {
      const number = fromQuery && typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isInteger(number) ||
        (spec.min !== undefined && number < spec.min) || (spec.max !== undefined && number > spec.max)) {
        throw badField(name, `${name} must be an integer${spec.min !== undefined ? ` from ${spec.min}` : ''}${spec.max !== undefined ? ` to ${spec.max}` : ''}`);
      }
      return number;
    }
    case 'number': {
      const ok = (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value));
      if (!ok) throw badField(name, `${name} must be a number`);
      if (spec.min !== undefined && Number(value) < spec.min) throw badField(name, `${name} must be at least ${spec.min}`);
      if (spec.max !== undefined && Number(value) > spec.max) throw badField(name, `${name} must be at most ${spec.max}`);
      return fromQuery ? Number(value) : value;
    }
    case 'uuid':
      if (typeof value !== 'string' || !isUuid(value)) throw badField(name, `${name} must be a UUID`);
      return value.toLowerCase();
    case 'date':
      if (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(Date.parse(value))) {
        throw badField(name, `${name} must be a date (YYYY-MM-DD)`);
      }
      return value;
    case 'datetime':
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value)) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
        throw badField(name, `${name} must be an ISO 8601 date-time`);
      }
      return new Date(value).toISOString();
    case 'object':
      if (typeof value !== 'object' || Array.isArray(value)) throw badField(name, `${name} must be a JSON object`);
      return value;
    case 'string':
      if (typeof value !== 'string') throw badField(name, `${name} must be a string`);
      return value;
    case 'map':
      if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.values(value).some((item) => typeof item !== 'string')) {
        throw badField(name, `${name} must be an object of strings`);
      }
      return value;
    case 'string[]':
      if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
        throw badField(name, `${name} must be an array of strings`);
      }
      return value;
    case 'object[]':
      return checkItems(name, spec, value);
  }
}

/** An array of objects, each checked against `spec.items`: every bad item field is named `name[i].field`. */
function checkItems(name: string, spec: FieldSpec, value: unknown): unknown[] {
  if (!Array.isArray(value)) throw badField(name, `${name} must be an array`);
  if (spec.min !== undefined && value.length < spec.min) throw badField(name, `${name} must have at least ${spec.min} item(s)`);
  if (spec.max !== undefined && value.length > spec.max) throw badField(name, `${name} must have at most ${spec.max} items`);
  const problems: FieldProblem[] = [];
  const items = value.map((item, index) => {
    const path = `${name}[${index}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problems.push({ field: path, message: `${path} must be a JSON object` });
      return null;
    }
    try {
      return checkObject(spec.items ?? {}, item as Record<string, unknown>, `${path}.`);
    } catch (error) {
      if (!(error instanceof RestError)) throw error;
      problems.push(...(error.details ?? [{ field: error.field ?? path, message: error.message }]));
      return null;
    }
  });
  if (problems.length) throw badFields(problems);
  return items;
}

/** The declared fields of `raw`, each checked; every bad one is collected (named `prefix` + field). */
function checkObject(specs: FieldSpecs, raw: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const parsed: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  for (const [name, spec] of Object.entries(specs)) {
    const value = Object.hasOwn(raw, name) ? raw[name] : undefined;
    try {
      if (value === undefined) {
        if (spec.required) throw badField(name, `${name} is required`);
        continue;
      }
      parsed[name] = checkField(name, spec, value, false);
    } catch (error) {
      if (!(error instanceof RestError)) throw error;
      // Nested problems already carry their full path; this level's get the prefix.
      const own = error.details ?? [{ field: error.field ?? name, message: error.message }];
      problems.push(...own.map((problem) => ({
        field: `${prefix}${problem.field}`,
        message: prefix ? `${prefix}${problem.message}` : problem.message,
      })));
    }
  }
  if (problems.length) throw badFields(problems);
  return parsed;
}

/** Parses the declared query parameters (defaults applied; undeclared ones ignored). */
export function parseQuery<const S extends FieldSpecs>(specs: S | undefined, params: URLSearchParams): QueryOf<S> {
  const parsed: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs ?? {})) {
    if (spec.type === 'map') {
      const map = parseMap(name, params);
      if (map) parsed[name] = map;
      else if (spec.required) throw badField(name, `query parameter ${name}[KEY] is required`);
      continue;
    }
    const raw = params.get(name);
    if (raw === null || raw === '') {
      if (spec.required) throw badField(name, `query parameter ${name} is required`);
      if (spec.default !== undefined) parsed[name] = spec.default;
      continue;
    }
    parsed[name] = checkField(name, spec, raw, true);
  }
  // Every declared parameter was checked against the spec its type is computed from.
  return parsed as QueryOf<S>;
}

const MAX_MAP_KEYS = 20;

/** `name[KEY]=VALUE` parameters as { KEY: VALUE } (null when there are none); a key given twice or a bare `name=…` is refused. */
function parseMap(name: string, params: URLSearchParams): Record<string, string> | null {
  const map = new Map<string, string>();
  for (const [param, value] of params) {
    if (param === name) throw badField(name, `${name} takes one parameter per key: ${name}[KEY]=VALUE`);
    const key = param.startsWith(`${name}[`) && param.endsWith(']') ? param.slice(name.length + 1, -1) : null;
    if (key === null) continue;
    if (!key.trim()) throw badField(name, `${name}[KEY]: the key cannot be blank`);
    if (map.has(key)) throw badField(name, `${name}[${key}] is given more than once`);
    map.set(key, value);
  }
  if (map.size > MAX_MAP_KEYS) throw badField(name, `${name}: at most ${MAX_MAP_KEYS} keys`);
  // fromEntries defines each key as an own property (a `__proto__` key included).
  return map.size ? Object.fromEntries(map) : null;
}

/**
 * Parses a JSON body against the declared fields (undeclared fields are ignored). The body is
 * read only when the route declares fields: a route without them never refuses a body.
 */
export async function parseBody<const S extends FieldSpecs>(specs: S | undefined, readJson: () => Promise<unknown>): Promise<BodyOf<S>> {
  const parsed: Record<string, unknown> = {};
  if (specs) {
    const sent = await readJson();
    const raw = sent === undefined ? {} : sent;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new RestError(400, 'The request body must be a JSON object', { code: 'BAD_REQUEST' });
    // Every bad field is named (a client fixes them all at once); the first one leads the message.
    Object.assign(parsed, checkObject(specs, raw as Record<string, unknown>));
  }
  // Every declared field was checked against the spec its type is computed from.
  return parsed as BodyOf<S>;
}

/**
 * The named body fields, refused when blank (400 "<field> cannot be blank", in the REST spelling).
 * The error names the field only: these fields carry passwords and secrets.
 */
export function filled<T extends Record<string, unknown>>(body: T, ...names: (keyof T & string)[]): T {
  for (const name of names) {
    const value = body[name];
    if (typeof value !== 'string' || !value.trim()) throw badField(name, `${name} cannot be blank`);
  }
  return body;
}
