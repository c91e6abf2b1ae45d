// PrismaPg, except that a migration script runs as one multi-statement query. The stock adapter
// splits scripts on every ';', which breaks function bodies and runs statements outside a
// transaction; the simple-query protocol runs the whole script atomically.
import { PrismaPg } from '@prisma/adapter-pg';

type Adapter = Awaited<ReturnType<PrismaPg['connect']>>;

function runScriptsWhole(adapter: Adapter): Adapter {
  const driver = adapter.underlyingDriver() as { query(sql: string): Promise<unknown> };
  adapter.executeScript = async (script: string) => {
    try {
      await driver.query(script);
    } catch (error) {
      (adapter as unknown as { onError(e: unknown): never }).onError(error);
    }
  };
  return adapter;
}

export class PrismaPgWholeScripts extends PrismaPg {
  override async connect() {
    return runScriptsWhole(await super.connect());
  }
  override async connectToShadowDb() {
    return runScriptsWhole(await super.connectToShadowDb());
  }
}
