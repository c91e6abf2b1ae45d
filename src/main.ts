// The listener: config → database (migrated) → demo data on first start → HTTP server, and a
// graceful shutdown on SIGINT/SIGTERM (stop accepting, finish in-flight, close the database).
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { createApp } from './app.js';
import { createMailer } from './auth/mailer.js';
import { pruneRefreshTokens } from './auth/prune-sessions.js';
import { parseConfiguredKeys, SigningKeyError } from './auth/signing-keys.js';
import { ConfigError, loadConfig } from './config.js';
import { loadCipher } from './crypto/encryption-key.js';
import { MemoryBudgetStore } from './cost/budget-store.js';
import { openDatabase } from './db/database.js';
import { demoCheckoutIds, demoGraphiQLOptions } from './demo/graphiql-tabs.js';
import { isEmptyDatabase, seedDemoData } from './demo/seed-demo-data.js';
import { createLiveEvents } from './live/redis-live-events.js';
import { loadManifests, ManifestError } from './yoga/use-trusted-documents.js';
import { DeliveryWorker } from './webhooks/delivery-worker.js';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`configuration error: ${error.message}`);
  process.exit(1);
}

const db = await openDatabase(config);
console.log(`database: ${config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`}` +
  (db.appliedMigrations.length ? ` (applied ${db.appliedMigrations.join(', ')})` : ''));
let cipher;
try {
  cipher = await loadCipher(config);
} catch (error) {
  await db.close();
  if (!(error instanceof ConfigError)) throw error;
  console.error(`configuration error: ${error.message}`);
  process.exit(1);
}
const budgetStore = !config.rateLimitEnabled
  ? null
  : config.redisUrl
    // Loaded only with REDIS_URL: a single instance never loads the Redis client.
    ? new (await import('./cost/redis-budget-store.js')).RedisBudgetStore({ url: config.redisUrl, failClosed: config.rateLimitFailClosed })
    : new MemoryBudgetStore();
let signingKeys;
try {
  signingKeys = config.jwtSigningKeys ? await parseConfiguredKeys(config.jwtSigningKeys) : undefined;
} catch (error) {
  await db.close();
  if (!(error instanceof SigningKeyError)) throw error;
  console.error(`configuration error: ${error.message}`);
  process.exit(1);
}
let trustedDocuments;
try {
  trustedDocuments = loadManifests(config.trustedDocumentPaths);
} catch (error) {
  await db.close();
  if (!(error instanceof ManifestError)) throw error;
  console.error(`configuration error: ${error.message}`);
  process.exit(1);
}
const live = createLiveEvents({ redisUrl: config.redisUrl, maxStreamsPerCredential: config.subscriptionsPerCredential });
// Demo mode only: GraphiQL opens with the demo key and example tabs (set once the keys are known).
let graphiqlDemo: ReturnType<typeof demoGraphiQLOptions> = {};
const app = createApp(db, {
  graphiql: () => graphiqlDemo,
  cipher,
  budgetStore,
  liveEvents: live.events,
  trustedDocuments,
  auth: {
    signingKeys,
    tokens: { issuer: config.jwtIssuer, audience: config.jwtAudience, ttlSeconds: config.accessTokenTtlSeconds },
    limits: config.authLimits,
    trustProxy: config.trustProxy,
    mailer: createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom }),
    publicUrl: config.publicUrl,
  },
});

// The demo keys are kept beside an embedded database so later starts can print them again.
const demoKeyFile = config.databaseUrl || config.dataDir === 'memory://' ? null : path.join(config.dataDir, 'demo-api-key.txt');
const demoReadKeyFile = demoKeyFile && path.join(config.dataDir, 'demo-read-key.txt');
let demoKey: string | null = null;
let demoReadKey: string | null = null;
if (config.seedDemoData && (await isEmptyDatabase(db.prisma))) {
  const started = Date.now();
  const demo = await seedDemoData(db, cipher);
  demoKey = demo.writeKey;
  demoReadKey = demo.readKey;
  if (demoKeyFile && demoReadKeyFile) {
    await writeFile(demoKeyFile, `${demoKey}\n`, { mode: 0o600 });
    await writeFile(demoReadKeyFile, `${demoReadKey}\n`, { mode: 0o600 });
  }
  console.log(`demo data: organization "Demo Company" seeded in ${Date.now() - started} ms (read-only key: ${demo.readKey})`);
  // To try password login: the demo admin's invitation (the mailer logs it without SMTP_URL).
  await app.fetch('http://demo/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${demo.writeKey}` },
    body: JSON.stringify({ query: 'mutation($id: UUID!) { resendInvitation(userId: $id) { url } }', variables: { id: demo.adminUserId } }),
  });
} else if (demoKeyFile && demoReadKeyFile) {
  demoKey = (await readFile(demoKeyFile, 'utf8').catch(() => '')).trim() || null;
  demoReadKey = (await readFile(demoReadKeyFile, 'utf8').catch(() => '')).trim() || null;
}
if (demoKey && demoReadKey) {
  const keys = { writeKey: demoKey, readKey: demoReadKey };
  graphiqlDemo = demoGraphiQLOptions(keys, await demoCheckoutIds((url, init) => app.fetch(url, init), demoReadKey).catch(() => null));
}

// Webhook deliveries: every instance polls; FOR UPDATE SKIP LOCKED keeps them from colliding.
const webhookWorker = new DeliveryWorker({ prisma: db.prisma, cipher, log: (message) => console.log(message) });
webhookWorker.start(1_000);

// Hourly: drop refresh tokens that can no longer matter (src/auth/prune-sessions.ts).
const pruning = setInterval(() => {
  pruneRefreshTokens(db.prisma).catch((error) => console.warn(`[prune] refresh tokens: ${(error as Error).message}`));
}, 60 * 60 * 1000);
pruning.unref();

const server = createServer(app);
server.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  console.log(`GraphiQL:  http://localhost:${port}/graphql`);
  console.log(`health:    http://localhost:${port}/health`);
  if (demoKey) {
    console.log(`API key:   ${demoKey}`);
    console.log(`try:       curl -s http://localhost:${port}/graphql -H 'Authorization: Bearer ${demoKey}' -H 'content-type: application/json' -d '{"query":"{ assets(first: 3) { totalCount edges { node { assetTag name status } } } }"}'`);
  } else {
    console.log('API key:   create one with `npm run cli -- bootstrap --org NAME --email EMAIL` (server stopped when embedded)');
  }
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: finishing in-flight requests, then closing the database`);
  const force = setTimeout(() => server.closeAllConnections(), config.shutdownGraceMs);
  force.unref();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
  clearTimeout(force);
  clearInterval(pruning);
  await webhookWorker.stop();
  await budgetStore?.close();
  await live.close();
  await db.close();
  console.log('stopped');
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
