// Prisma's WebAssembly schema engine, loaded by hand: its package entry imports `.wasm` as an ES
// module, which Node 20 cannot do, and the native engine cannot be downloaded on our machines.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import { logger } from '../request/log.js';

let started: Promise<void> | undefined;

function startWasm(): Promise<void> {
  started ??= (async () => {
    const require = createRequire(import.meta.url);
    const wasmPath = require
      .resolve('@prisma/schema-engine-wasm/schema_engine_bg')
      .replace(/\.js$/, '.wasm');
    const imports: Record<string, unknown> = { ...bindings };
    for (const [name, fn] of Object.entries(bindings)) {
      // The engine arms ~10 s timers it never clears; unref them so scripts and tests can exit.
      if (name.startsWith('__wbg_setTimeout_') && typeof fn === 'function') {
        imports[name] = (...args: unknown[]) => {
          const timer = (fn as (...a: unknown[]) => NodeJS.Timeout)(...args);
          timer?.unref?.();
          return timer;
        };
      }
    }
    // lib ES2023 has no WebAssembly typings; the global is there at run time.
    const wasm = (globalThis as unknown as { WebAssembly: { instantiate(b: Uint8Array, i: object): Promise<{ instance: { exports: object } }> } }).WebAssembly;
    const { instance } = await wasm.instantiate(await readFile(wasmPath), { './schema_engine_bg.js': imports });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  })();
  return started;
}

export type SchemaEngine = bindings.SchemaEngine;

export async function openSchemaEngine(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
): Promise<SchemaEngine> {
  await startWasm();
  const log = (message: string) => {
    if (process.env.PRISMA_ENGINE_DEBUG) logger.info({ source: 'schema-engine' }, message);
  };
  return bindings.SchemaEngine.new(
    { datamodels: undefined } as never,
    log,
    bindMigrationAwareSqlAdapterFactory(adapterFactory),
  );
}
