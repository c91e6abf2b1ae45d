// The listener: config → database (migrated) → demo data on first start → HTTP server, and a
// graceful shutdown on SIGINT/SIGTERM (stop accepting, finish in-flight, close the database).
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { createApp } from './app.js';
import { createMailer } from './auth/mailer.js';
import { pruneRefreshTokens } from './auth/prune-sessions.js';
import { pruneExpiredSignals } from './domain/signals.js';
import { parseConfiguredKeys, SigningKeyError } from './auth/signing-keys.js';
import { ConfigError, loadConfig } from './config.js';
import { loadCipher } from './crypto/encryption-key.js';
import { MemoryBudgetStore } from './cost/budget-store.js';
import { RedisBudgetStore } from './cost/redis-budget-store.js';
import { openDatabase } from './db/database.js';
import { isEmptyDatabase, seedDemoData } from './demo/seed-demo-data.js';
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
    ? new RedisBudgetStore({ url: config.redisUrl, failClosed: config.rateLimitFailClosed })
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
const app = createApp(db, {
  cipher,
  budgetStore,
  auth: {
    signingKeys,
    tokens: { issuer: config.jwtIssuer, audience: config.jwtAudience, ttlSeconds: config.accessTokenTtlSeconds },
    limits: config.authLimits,
    trustProxy: config.trustProxy,
    mailer: createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom }),
    publicUrl: config.publicUrl,
  },
});

// The demo key is kept beside an embedded database so later starts can print it again.
const demoKeyFile = config.databaseUrl || config.dataDir === 'memory://' ? null : path.join(config.dataDir, 'demo-api-key.txt');
let demoKey: string | null = null;
if (config.seedDemoData && (await isEmptyDatabase(db.prisma))) {
  const started = Date.now();
  const demo = await seedDemoData(db, cipher);
  demoKey = demo.writeKey;
  if (demoKeyFile) await writeFile(demoKeyFile, `${demoKey}\n`, { mode: 0o600 });
  console.log(`demo data: organization "Demo Company" seeded in ${Date.now() - started} ms (read-only key: ${demo.readKey})`);
  // To try password login: the demo admin's invitation (the mailer logs it without SMTP_URL).
  await app.fetch('http://demo/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${demo.writeKey}` },
    body: JSON.stringify({ query: 'mutation($id: UUID!) { resendInvitation(userId: $id) { url } }', variables: { id: demo.adminUserId } }),
  });
} else if (demoKeyFile) {
  demoKey = (await readFile(demoKeyFile, 'utf8').catch(() => '')).trim() || null;
}

// Webhook deliveries: every instance polls; FOR UPDATE SKIP LOCKED keeps them from colliding.
const webhookWorker = new DeliveryWorker({ prisma: db.prisma, cipher, log: (message) => console.log(message) });
webhookWorker.start(1_000);

// Hourly: drop refresh tokens that can no longer matter (src/auth/prune-sessions.ts).
const pruning = setInterval(() => {
  pruneRefreshTokens(db.prisma).catch((error) => console.warn(`[prune] refresh tokens: ${(error as Error).message}`));
  // IoT signals older than SIGNAL_RETENTION_DAYS (src/domain/signals.ts).
  pruneExpiredSignals(db.prisma, config.signalRetentionDays).catch((error) => console.warn(`[prune] IoT signals: ${(error as Error).message}`));
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
  await db.close();
  console.log('stopped');
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
