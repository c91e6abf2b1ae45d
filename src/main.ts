// The listener: config → database (migrated) → demo data on first start → HTTP server, and a
// graceful shutdown on SIGINT/SIGTERM (stop accepting, finish in-flight, close the database).
// Everything it says goes through the structured log (src/request/log.ts).
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
import { budgetTable } from './cost/plans.js';
import { openDatabase } from './db/database.js';
import { demoCheckoutIds, demoGraphiQLOptions, type DemoKeys } from './demo/graphiql-tabs.js';
import { isEmptyDatabase, seedDemoData } from './demo/seed-demo-data.js';
import { createLiveEvents } from './live/redis-live-events.js';
import { loadManifests, ManifestError } from './yoga/use-trusted-documents.js';
import { DeliveryWorker } from './webhooks/delivery-worker.js';
import { InFlight } from './in-flight.js';
import { logger } from './request/log.js';
import { Metrics } from './yoga/metrics.js';
import { redisReadiness } from './yoga/redis-readiness.js';
import type { ReadinessCheck } from './yoga/use-health.js';

// A configuration error is for the person starting the server: plain text on stderr, exit 1.
function refuseToStart(message: string): never {
  process.stderr.write(`configuration error: ${message}\n`);
  process.exit(1);
}

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  refuseToStart(error.message);
}

const db = await openDatabase({ ...config, onPoolError: (error) => logger.warn({ err: error }, 'database: an idle connection failed') });
logger.info({ appliedMigrations: db.appliedMigrations }, `database: ${config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`}` +
  (db.appliedMigrations.length ? ` (applied ${db.appliedMigrations.join(', ')})` : ''));
let cipher;
try {
  cipher = await loadCipher(config);
} catch (error) {
  await db.close();
  if (!(error instanceof ConfigError)) throw error;
  refuseToStart(error.message);
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
  refuseToStart(error.message);
}
// Failing closed makes Redis a dependency of every request: then /ready reports it too.
const redisProbe = config.redisUrl && config.rateLimitFailClosed && budgetStore ? redisReadiness(config.redisUrl) : null;
const readinessChecks: Record<string, ReadinessCheck> = redisProbe ? { redis: redisProbe.check } : {};
const metrics = new Metrics();
let trustedDocuments;
try {
  trustedDocuments = loadManifests(config.trustedDocumentPaths);
} catch (error) {
  await db.close();
  if (!(error instanceof ManifestError)) throw error;
  refuseToStart(error.message);
}
const live = createLiveEvents({ redisUrl: config.redisUrl, maxStreamsPerCredential: config.subscriptionsPerCredential });
// Demo mode only: GraphiQL opens with the demo key and example tabs (once the keys are known).
let demoKeys: DemoKeys | null = null;
const app = createApp(db, {
  graphiql: () => (demoKeys ? graphiqlDemo(demoKeys) : {}),
  cipher,
  budgetStore,
  metrics,
  metricsToken: config.metricsToken,
  readinessChecks,
  liveEvents: live.events,
  trustedDocuments,
  budgets: budgetTable(config.planBudgets),
  operatorToken: config.operatorToken,
  compiledReads: config.compiledReads,
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
if (config.seedDemoData && (await isEmptyDatabase(db))) {
  const started = Date.now();
  const demo = await seedDemoData(db, cipher);
  demoKey = demo.writeKey;
  demoReadKey = demo.readKey;
  if (demoKeyFile && demoReadKeyFile) {
    await writeFile(demoKeyFile, `${demoKey}\n`, { mode: 0o600 });
    await writeFile(demoReadKeyFile, `${demoReadKey}\n`, { mode: 0o600 });
  }
  logger.info(`demo data: organization "Demo Company" seeded in ${Date.now() - started} ms (read-only key: ${demo.readKey})`);
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
if (demoKey && demoReadKey) demoKeys = { writeKey: demoKey, readKey: demoReadKey };

// The checkout tab's ids are asked of the API when GraphiQL is first opened, not at start-up (a
// GraphQL request costs the start about half a second of CPU); kept once found.
let demoIds: { assetId: string; userId: string } | null = null;
async function graphiqlDemo(keys: DemoKeys) {
  demoIds ??= await demoCheckoutIds((url, init) => app.fetch(url, init), keys.readKey).catch(() => null);
  return demoGraphiQLOptions(keys, demoIds);
}

// Webhook deliveries: every instance polls; FOR UPDATE SKIP LOCKED keeps them from colliding.
const webhookWorker = new DeliveryWorker({
  prisma: db.prisma,
  cipher,
  log: (message) => logger.info({ source: 'webhooks' }, message),
  onOutcome: (outcome) => metrics.observeDelivery(outcome),
});
webhookWorker.start(1_000);

// Hourly: drop refresh tokens that can no longer matter (src/auth/prune-sessions.ts).
const pruning = setInterval(() => {
  pruneRefreshTokens(db.prisma).catch((error) => logger.warn({ err: error }, 'pruning refresh tokens failed'));
  // IoT signals older than SIGNAL_RETENTION_DAYS (src/domain/signals.ts).
  pruneExpiredSignals(db.prisma, config.signalRetentionDays).catch((error) => logger.warn({ err: error }, 'pruning IoT signals failed'));
}, 60 * 60 * 1000);
pruning.unref();

// Requests still being handled (even for a client that has gone away): the pool waits for them.
const inFlight = new InFlight();
const server = createServer((request, response) => inFlight.track(() => app.listener(request, response)));
server.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  // Since the process started (Node's own start-up included); CPU of all threads (PGlite's compiler too).
  const cpu = process.cpuUsage();
  logger.info(`listening after ${Math.round(performance.now())} ms (${Math.round((cpu.user + cpu.system) / 1000)} ms of CPU)`);
  logger.info(`GraphiQL:  http://localhost:${port}/graphql`);
  logger.info(`health:    http://localhost:${port}/health (readiness: /ready)`);
  if (demoKey) {
    // The demo key of an embedded demo database, printed for the person who ran npm start.
    logger.info(`API key:   ${demoKey}`);
    logger.info(`try:       curl -s http://localhost:${port}/graphql -H 'Authorization: Bearer ${demoKey}' -H 'content-type: application/json' -d '{"query":"{ assets(first: 3) { totalCount edges { node { assetTag name status } } } }"}'`);
  } else {
    logger.info('API key:   create one with `npm run cli -- bootstrap --org NAME --email EMAIL` (server stopped when embedded)');
  }
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info(`${signal}: finishing in-flight requests, then closing the database`);
  const deadline = Date.now() + config.shutdownGraceMs;
  const force = setTimeout(() => server.closeAllConnections(), config.shutdownGraceMs);
  force.unref();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
  clearTimeout(force);
  clearInterval(pruning);
  await webhookWorker.stop();
  // Connections are closed, but handlers of clients that went away may still be at work.
  const finished = await inFlight.settled(Math.max(0, deadline - Date.now()), () => db.poolStats());
  if (!finished) logger.warn('shutdown: requests still running after SHUTDOWN_GRACE_MS; closing the database anyway');
  await budgetStore?.close();
  await redisProbe?.close();
  await live.close();
  await db.close();
  logger.info('stopped');
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
