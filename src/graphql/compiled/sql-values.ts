// SQL for single values as the API serialises them: a column as its GraphQL scalar or enum would
// come out of normal execution, cursors byte for byte as keyset/cursor.ts and Pothos make them,
// and the casts of parameters compared with a column.
import { isEnumType, type GraphQLNamedType } from 'graphql';
import { CURSOR_VERSION, type KeysetOrder } from '../keyset/cursor.js';
import type { ColumnFacts, SchemaFacts } from './prisma-facts.js';
import { ident, jsonPlainString, jsonScalar, jsonText, literal, unsupported } from './selection.js';

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** A timestamp column as Date#toISOString() writes it (graphql-scalars' DateTime). */
function isoDateTime(ref: string, column: ColumnFacts): string {
  if (column.native === 'Date') return `to_char(${ref}, 'YYYY-MM-DD"T00:00:00.000Z"')`;
  if (column.native === 'Timestamp') return `to_char(${ref}, ${ISO})`;
  return `to_char(${ref} AT TIME ZONE 'UTC', ${ISO})`;
}

/** A date column as YYYY-MM-DD (graphql-scalars' Date: the UTC day). */
function isoDate(ref: string, column: ColumnFacts): string {
  if (column.native === 'Date') return `to_char(${ref}, 'YYYY-MM-DD')`;
  if (column.native === 'Timestamp') return `to_char(${ref}, 'YYYY-MM-DD')`;
  return `to_char(${ref} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;
}

/** `CASE ref WHEN stored THEN out … ELSE otherwise END` over an enum's values (out: the SQL text). */
function enumCase(ref: string, column: ColumnFacts, facts: SchemaFacts, out: (prismaValue: string) => string | undefined, otherwise = 'NULL'): string {
  const values = facts.enums.get(column.type)?.values ?? unsupported(`enum ${column.type} unknown`);
  const arms = [...values].map(([prismaValue, stored]) => {
    const value = out(prismaValue);
    return value === undefined ? '' : ` WHEN ${literal(stored)} THEN ${literal(value)}`;
  });
  return `(CASE ${ref}::text${arms.join('')} ELSE ${otherwise} END)`;
}

/** The JSON text (never NULL) of `column` (referenced as `ref`) served as the GraphQL type `type`. */
export function scalarSql(type: GraphQLNamedType, column: ColumnFacts, ref: string, facts: SchemaFacts): string {
  if (column.list) return unsupported('list columns');
  if (isEnumType(type)) {
    if (!facts.enums.has(column.type)) return unsupported(`${type.name} over ${column.type}`);
    const names = new Map(type.getValues().map((value) => [String(value.value), value.name]));
    // The JSON strings are literals: no per-row escaping.
    return enumCase(ref, column, facts, (prismaValue) => {
      const name = names.get(prismaValue);
      return name === undefined ? undefined : JSON.stringify(name);
    }, `'null'`);
  }
  switch (`${type.name}:${column.type}`) {
    case 'String:String':
    // Stored addresses were validated on the way in; the scalar serialises them as they are.
    case 'EmailAddress:String':
      return jsonScalar(ref);
    case 'UUID:String':
      return column.native === 'Uuid' ? jsonPlainString(`${ref}::text`) : jsonScalar(ref);
    case 'Int:Int':
    case 'Boolean:Boolean':
      return jsonText(`${ref}::text`);
    case 'ID:String':
    case 'ID:Int':
      return column.native === 'Uuid' || column.type === 'Int' ? jsonPlainString(`${ref}::text`) : jsonScalar(`${ref}::text`);
    case 'DateTime:DateTime':
      return jsonPlainString(isoDateTime(ref, column));
    case 'Date:DateTime':
      return jsonPlainString(isoDate(ref, column));
    // jsonb's text has spaces after ':' and ',' (Compiler.spacedJson: the text is parsed again).
    case 'JSONObject:Json':
      return jsonText(`${ref}::text`);
    // The Decimal scalar: toFixed(2) (half away from zero, as round() does).
    case 'Decimal:Decimal':
      return jsonPlainString(`round(${ref}, 2)::text`);
    default:
      return unsupported(`${type.name} over ${column.type}`);
  }
}

/** The cast of a parameter compared with `column` (so the index on it is used). */
export function castOf(column: ColumnFacts, facts: SchemaFacts): string {
  // (and a filter's value)
  const enumFacts = facts.enums.get(column.type);
  if (enumFacts) return ident(enumFacts.dbName);
  switch (column.type) {
    case 'String': return column.native === 'Uuid' ? 'uuid' : 'text';
    case 'Int': return 'int4';
    case 'Float': return 'float8';
    case 'Boolean': return 'bool';
    case 'BigInt': return 'int8';
    case 'Decimal': return 'numeric';
    case 'DateTime': return column.native === 'Date' ? 'date' : column.native === 'Timestamp' ? 'timestamp' : 'timestamptz';
    default: return unsupported(`sorting on ${column.type}`);
  }
}

/** A keyset cursor key as the parameter text compared with its column (an enum: its stored value). */
export function keyParam(key: unknown, column: ColumnFacts, facts: SchemaFacts): string {
  const enumFacts = facts.enums.get(column.type);
  if (enumFacts) return enumFacts.values.get(String(key)) ?? unsupported('unknown enum key');
  if (key instanceof Date) return key.toISOString();
  return String(key);
}

/** The JSON text of a sort key in a keyset cursor (encodeValue in keyset/cursor.ts). */
function cursorValueSql(order: KeysetOrder, column: ColumnFacts, ref: string, facts: SchemaFacts): string {
  if (facts.enums.has(column.type)) return `to_json(${enumCase(ref, column, facts, (value) => value)})::text`;
  switch (order.kind) {
    case 'date': return `to_json(${isoDateTime(ref, column)})::text`;
    case 'string': return `to_json(${ref})::text`;
    // Prisma.Decimal's String(): no trailing zeros (2499.00 → "2499").
    case 'decimal': return `to_json(trim_scale(${ref})::text)::text`;
    case 'bigint': return `to_json(${ref}::text)::text`;
    case 'number': return column.type === 'Int' || column.type === 'BigInt' ? `${ref}::text` : unsupported('float sort keys');
  }
}

/** base64url of `text` without padding, as Buffer#toString('base64url') writes it. */
const base64url = (text: string) => `rtrim(translate(encode(convert_to(${text}, 'UTF8'), 'base64'), E'+/\\n', '-_'), '=')`;

/** The keyset cursor of the row `alias` (encodeCursor in keyset/cursor.ts). */
export function keysetCursorSql(order: KeysetOrder, column: ColumnFacts, alias: string, facts: SchemaFacts): string {
  const prefix = `${JSON.stringify([CURSOR_VERSION, order.field, order.direction]).slice(0, -1)},`;
  const value = `COALESCE(${cursorValueSql(order, column, `${alias}.${ident(column.column)}`, facts)}, 'null')`;
  return base64url(`${literal(prefix)} || ${value} || ',' || to_json(${alias}.id::text)::text || ']'`);
}

/** The cursor Pothos' prisma connections give a row by a string column (`GPC:S:<value>`, base64). */
export function prismaCursorSql(ref: string): string {
  return `translate(encode(convert_to('GPC:S:' || ${ref}::text, 'UTF8'), 'base64'), E'\\n', '')`;
}
