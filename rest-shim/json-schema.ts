// Building blocks of the JSON Schemas the dialects document their bodies with (OpenAPI 3.1 speaks
// JSON Schema).
export interface JsonSchema {
  [key: string]: unknown;
}

export const text: JsonSchema = { type: ['string', 'null'] };
export const string: JsonSchema = { type: 'string' };
export const integer: JsonSchema = { type: 'integer' };
export const uuid: JsonSchema = { type: 'string', format: 'uuid' };
export const nullableUuid: JsonSchema = { type: ['string', 'null'], format: 'uuid' };
export const date: JsonSchema = { type: ['string', 'null'], format: 'date' };
export const dateTime: JsonSchema = { type: 'string', format: 'date-time' };
export const nullableDateTime: JsonSchema = { type: ['string', 'null'], format: 'date-time' };

/** One of a spelling's REST values (spellings.ts), optionally null. */
export const oneOf = (spelling: Readonly<Record<string, string>>, nullable = false): JsonSchema => ({
  type: nullable ? ['string', 'null'] : 'string',
  enum: [...Object.keys(spelling), ...(nullable ? [null] : [])],
});

/** An object whose every property is present (null where the value is missing). */
export const object = (properties: Record<string, JsonSchema>): JsonSchema => ({ type: 'object', required: Object.keys(properties), properties });

export const listOf = (schema: JsonSchema): JsonSchema => ({ type: 'array', items: schema });
