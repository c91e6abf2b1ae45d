// One SQL statement straight through a driver adapter, outside Prisma: start-up checks use it so
// the process does not load Prisma's query compiler (a WebAssembly module) before it serves.
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';

/** The rows of `sql` (no parameters), each an array of column values. */
export async function queryThroughAdapter(factory: SqlDriverAdapterFactory, sql: string): Promise<unknown[][]> {
  const adapter = await factory.connect();
  try {
    return (await adapter.queryRaw({ sql, args: [], argTypes: [] })).rows;
  } finally {
    await adapter.dispose();
  }
}
