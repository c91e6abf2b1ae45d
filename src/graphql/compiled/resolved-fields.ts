// Fields whose resolver reads nothing of its parent but some String columns (e.g. a serial number
// decrypted and masked with the app's key, which PostgreSQL does not have): the statement hands
// those columns over in a marked object, and the resolver runs on them once the JSON is parsed.
// Declared on the field: `extensions: { sqlResolvesFrom: ['serialNumber'] }`.
import { randomBytes } from 'node:crypto';
import { getArgumentValues, getNamedType, isLeafType, isNonNullType, type GraphQLField } from 'graphql';
import type { ModelFacts } from './prisma-facts.js';
import { ident, jsonObject, jsonScalar, unsupported, type Selected } from './selection.js';

type Resolve = (parent: Record<string, unknown>, args: Record<string, unknown>, context: unknown) => unknown;

/** One field occurrence of a request: its resolver and the arguments it is called with. */
export interface AfterStatement { resolve: Resolve; args: Record<string, unknown>; serialize(value: unknown): unknown; nonNull: boolean }

// Unguessable per process: a stored JSON value (customFields) cannot pose as a marked object.
const MARK = `$resolve_${randomBytes(12).toString('hex')}`;

/** What a request's rendering gives this module (sql-object.ts's State). */
interface RenderState { variables: Record<string, unknown>; afterStatement: AfterStatement[] }

/** The field's marked object, or undefined when it does not declare sqlResolvesFrom; sets `c.resolvesAfter`. */
export function resolvedField(c: { resolvesAfter?: boolean }, model: ModelFacts, field: GraphQLField<unknown, unknown>, selected: Selected, alias: string): ((state: RenderState) => string) | undefined {
  const ext = field.extensions as { sqlResolvesFrom?: string[]; pothosOriginalResolve?: Resolve };
  if (!ext.sqlResolvesFrom) return undefined;
  const resolve = ext.pothosOriginalResolve ?? unsupported(`${field.name} has no resolver`);
  const type = getNamedType(field.type);
  if (!isLeafType(type)) return unsupported(`${field.name} is not a scalar or enum`);
  const serialize = (value: unknown) => type.serialize(value);
  const nonNull = isNonNullType(field.type);
  const columns = ext.sqlResolvesFrom.map((name) => {
    const column = model.fields.get(name);
    if (!column || column.type !== 'String' || column.list) return unsupported(`${model.name}.${name} is not a String column`);
    return [name, jsonScalar(`${alias}.${ident(column.column)}`)] as const;
  });
  const parent = jsonObject(columns);
  c.resolvesAfter = true;
  return (state) => {
    const args = getArgumentValues(field, selected.nodes[0], state.variables);
    const index = state.afterStatement.push({ resolve, args, serialize, nonNull }) - 1;
    return jsonObject([[MARK, String(index)], ['parent', parent]]);
  };
}

/**
 * The statement's JSON text with every marked object replaced by its resolver's answer, serialised
 * as its type does. Throws when a resolver throws, answers a promise, or null for a non-null field:
 * normal execution then answers (and reports) it.
 */
export function parseResolvingAfter(text: string, fields: readonly AfterStatement[], context: unknown): Record<string, unknown> {
  const data = JSON.parse(text) as Record<string, unknown>;
  // A walk after a plain parse: JSON.parse with a reviver is several times slower in V8.
  const walk = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const next = walk(value[i]);
        if (next !== value[i]) value[i] = next;
      }
      return value;
    }
    const object = value as Record<string, unknown>;
    if (Object.hasOwn(object, MARK)) return answer(fields[object[MARK] as number], object.parent as Record<string, unknown>, context);
    // In place; only a marked object is replaced (a stored "__proto__" key stays an own property).
    for (const key of Object.keys(object)) {
      const next = walk(object[key]);
      if (next !== object[key]) object[key] = next;
    }
    return object;
  };
  return walk(data) as Record<string, unknown>;
}

function answer(field: AfterStatement, parent: Record<string, unknown>, context: unknown): unknown {
  const value = field.resolve(parent, field.args, context);
  if (value instanceof Promise) throw new Error('an asynchronous resolver after a compiled statement');
  if (value == null) {
    if (field.nonNull) throw new Error('null for a non-null field');
    return null;
  }
  return field.serialize(value);
}
