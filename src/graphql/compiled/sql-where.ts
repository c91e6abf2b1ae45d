// A connection's filter — the Prisma `where` its own `where(args)` builds, so the rules stay in one
// place — as SQL, for the simple forms only: a column equal to a value or null, `in` a list,
// gt/gte/lt/lte, contains/startsWith/endsWith (LIKE, ILIKE with mode: 'insensitive', the pattern's
// wildcards passed through as Prisma passes them), and AND/OR of those. Anything else (NOT, JSON
// filters, relations) is Unsupported and runs through Prisma as before.
import type { ModelFacts, SchemaFacts } from './prisma-facts.js';
import { param, type State } from './sql-object.js';
import { ident, unsupported } from './selection.js';
import { castOf, keyParam } from './sql-values.js';

const COMPARISONS: Record<string, string> = { equals: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' };
/** Prisma's string filters as LIKE patterns around the given text. */
const PATTERNS: Record<string, (text: string) => string> = {
  contains: (text) => `%${text}%`, startsWith: (text) => `${text}%`, endsWith: (text) => `%${text}`,
};

const isValue = (value: unknown): value is string | number | boolean | Date =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date;

/** SQL conditions (ANDed) on the rows `alias` of `model` for `where`; an empty list matches everything. */
export function whereSql(facts: SchemaFacts, model: ModelFacts, where: Record<string, unknown>, alias: string, state: State): string[] {
  const conditions: string[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined) continue;
    if (key === 'AND') {
      for (const part of [value].flat()) conditions.push(...whereSql(facts, model, part as Record<string, unknown>, alias, state));
      continue;
    }
    if (key === 'OR') {
      // Prisma: OR of no conditions matches nothing; an element without conditions matches everything.
      const parts = [value].flat().map((part) => whereSql(facts, model, part as Record<string, unknown>, alias, state));
      conditions.push(parts.length ? `(${parts.map((part) => (part.length ? part.join(' AND ') : 'true')).join(' OR ')})` : 'false');
      continue;
    }
    const column = model.fields.get(key) ?? unsupported(`a filter on ${key}`);
    if (column.relation || column.list || column.type === 'Json') unsupported(`a filter on ${key}`);
    const ref = `${alias}.${ident(column.column)}`;
    const cast = castOf(column, facts);
    const bind = (given: unknown) => {
      if (!isValue(given)) unsupported(`a filter value on ${key}`);
      return `${param(state, keyParam(given, column, facts))}::${cast}`;
    };
    if (value === null) { conditions.push(`${ref} IS NULL`); continue; }
    if (isValue(value)) { conditions.push(`${ref} = ${bind(value)}`); continue; }
    if (typeof value !== 'object' || Array.isArray(value)) unsupported(`a filter on ${key}`);
    const { mode, ...operators } = value as Record<string, unknown>;
    if (mode !== undefined && mode !== 'insensitive' && mode !== 'default') unsupported(`mode ${String(mode)} in a filter on ${key}`);
    for (const [operator, operand] of Object.entries(operators)) {
      if (operand === undefined) continue;
      if (PATTERNS[operator] && typeof operand === 'string' && cast === 'text') {
        const pattern = `${param(state, PATTERNS[operator](operand))}::text`;
        conditions.push(`${ref} ${mode === 'insensitive' ? 'ILIKE' : 'LIKE'} ${pattern}`);
      } else if (mode !== undefined) {
        unsupported(`${operator} with mode in a filter on ${key}`);
      } else if (operator === 'in' && Array.isArray(operand)) {
        conditions.push(operand.length ? `${ref} IN (${operand.map(bind).join(', ')})` : 'false');
      } else if (COMPARISONS[operator] && operand !== null) {
        conditions.push(`${ref} ${COMPARISONS[operator]} ${bind(operand)}`);
      } else {
        unsupported(`${operator} in a filter on ${key}`);
      }
    }
  }
  return conditions;
}
