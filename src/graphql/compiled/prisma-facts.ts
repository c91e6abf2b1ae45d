// What compiled reads need to know of the Prisma schema that neither Pothos' datamodel nor the
// client's runtime data model carries: table and column names (@@map/@map), native column types
// (@db.Date, @db.Timestamptz), relation keys, and enum values as stored (@map). Read from the
// schema text the generated client embeds, so it is always the schema the client was made from.
import type { PrismaClient } from '../../generated/prisma/client.js';

export interface ColumnFacts {
  column: string;
  /** The Prisma type: String, Int, DateTime, Json, an enum or model name. */
  type: string;
  list: boolean;
  optional: boolean;
  /** The @db native type without arguments (Date, Timestamptz, Uuid, JsonB…), if any. */
  native?: string;
  relation?: { fields: string[]; references: string[] };
}

export interface ModelFacts {
  name: string;
  table: string;
  fields: Map<string, ColumnFacts>;
}

export interface SchemaFacts {
  models: Map<string, ModelFacts>;
  /** enum name → its type name in PostgreSQL and, per Prisma value, the value as stored. */
  enums: Map<string, { dbName: string; values: Map<string, string> }>;
}

const BLOCK = /^(model|enum)\s+(\w+)\s*\{([\s\S]*?)^\}/gm;
const MAP = /@map\(\s*"([^"]+)"\s*\)/;
const BLOCK_MAP = /@@map\(\s*"([^"]+)"\s*\)/;
const list = (text: string | undefined) => (text ?? '').split(',').map((part) => part.trim()).filter(Boolean);

/** The facts of a Prisma schema's text. */
export function parseSchemaFacts(schema: string): SchemaFacts {
  const models = new Map<string, ModelFacts>();
  const enums: SchemaFacts['enums'] = new Map();
  for (const [, kind, name, body] of schema.matchAll(BLOCK)) {
    const lines = body.split('\n').map((line) => line.replace(/\/\/.*$/, '').trim()).filter(Boolean);
    const blockMap = lines.map((line) => BLOCK_MAP.exec(line)?.[1]).find(Boolean);
    if (kind === 'enum') {
      const values = new Map<string, string>();
      for (const line of lines) {
        if (line.startsWith('@@')) continue;
        const value = line.split(/\s+/)[0];
        values.set(value, MAP.exec(line)?.[1] ?? value);
      }
      enums.set(name, { dbName: blockMap ?? name, values });
      continue;
    }
    const fields = new Map<string, ColumnFacts>();
    for (const line of lines) {
      if (line.startsWith('@@')) continue;
      const match = /^(\w+)\s+(\w+)(\[\])?(\?)?(.*)$/.exec(line);
      if (!match) continue;
      const [, field, type, isList, optional, attributes] = match;
      const relation = /@relation\(([^)]*)\)/.exec(attributes)?.[1];
      const relationFields = relation && /fields:\s*\[([^\]]*)\]/.exec(relation)?.[1];
      fields.set(field, {
        column: MAP.exec(attributes)?.[1] ?? field,
        type,
        list: !!isList,
        optional: !!optional,
        native: /@db\.(\w+)/.exec(attributes)?.[1],
        ...(relationFields && { relation: { fields: list(relationFields), references: list(/references:\s*\[([^\]]*)\]/.exec(relation)?.[1]) } }),
      });
    }
    models.set(name, { name, table: blockMap ?? name, fields });
  }
  return { models, enums };
}

const cache = new WeakMap<object, SchemaFacts | null>();

/** The facts of the schema `prisma` was generated from; null when the client does not carry its schema. */
export function schemaFactsOf(prisma: PrismaClient): SchemaFacts | null {
  if (cache.has(prisma)) return cache.get(prisma)!;
  const schema = (prisma as unknown as { _engineConfig?: { inlineSchema?: unknown } })._engineConfig?.inlineSchema;
  const facts = typeof schema === 'string' ? parseSchemaFacts(schema) : null;
  cache.set(prisma, facts);
  return facts;
}
