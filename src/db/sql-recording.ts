// Driver-level SQL recording, for tests: a driver adapter factory whose connections (and their
// transactions) report every statement they are given — model operations and raw SQL alike —
// before running it. Production never wraps its factory, so it pays nothing for this.
import type {
  SqlDriverAdapter, SqlDriverAdapterFactory, SqlMigrationAwareDriverAdapterFactory, SqlQuery, SqlQueryable,
} from '@prisma/driver-adapter-utils';

/** One statement as the driver received it: the SQL text and its bound arguments. */
export interface SqlStatement {
  sql: string;
  args: unknown[];
}

export type SqlListener = (statement: SqlStatement) => void;

/** `queryable` with queryRaw/executeRaw (and executeScript, startTransaction's transactions) reported. */
function reporting<T extends SqlQueryable>(queryable: T, report: SqlListener): T {
  return new Proxy(queryable, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      switch (property) {
        case 'queryRaw':
        case 'executeRaw':
          return (query: SqlQuery) => {
            report({ sql: query.sql, args: query.args });
            return value.call(target, query);
          };
        case 'executeScript':
          return (script: string) => {
            report({ sql: script, args: [] });
            return value.call(target, script);
          };
        case 'startTransaction':
          return async (...args: unknown[]) => reporting(await value.apply(target, args), report);
        default:
          return value.bind(target);
      }
    },
  });
}

/** `factory`, except that every connection it opens reports each statement to `report`. */
export function recordingFactory<F extends SqlDriverAdapterFactory | SqlMigrationAwareDriverAdapterFactory>(
  factory: F,
  report: SqlListener,
): F {
  return new Proxy(factory, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (property === 'connect' || property === 'connectToShadowDb') {
        return async () => reporting((await value.call(target)) as SqlDriverAdapter, report);
      }
      return value.bind(target);
    },
  });
}
