// Environment → typed, validated configuration. A bad value stops start-up with a clear message.
import path from 'node:path';
import { LOG_LEVELS, type LogLevel } from './request/log.js';
import { PLANS } from './request/principal.js';

export interface Config {
  port: number;
  host: string;
  /** postgresql://… to use PostgreSQL; undefined for embedded PGlite under dataDir. */
  databaseUrl?: string;
  /** Where embedded PGlite keeps its files; `memory://` keeps nothing on disk. */
  dataDir: string;
  /** ENCRYPTION_KEY (64 hex); embedded mode generates one under dataDir when unset. */
  encryptionKey?: string;
  /** redis://… to share rate-limit budgets between instances; undefined keeps them in memory. */
  redisUrl?: string;
  /** Refuse requests while Redis is unreachable (default: allow them, with a warning). */
  rateLimitFailClosed: boolean;
  /** COMPILED_READS=off: every query runs through the resolvers (no one-statement compiled reads). */
  compiledReads: boolean;
  /** false turns query-cost budgets off (benchmarks); limits on cost per operation stay. */
  rateLimitEnabled: boolean;
  /** PLAN_BUDGETS: numbers over the defaults of src/cost/plans.ts (each plan's capacity, restore rate, request floor). */
  planBudgets: PlanBudgetOverrides;
  /** OPERATOR_TOKEN: the credential of operator-only mutations (X-Operator-Token); unset: none. */
  operatorToken?: string;
  /** Skip demo data even when the database is empty. */
  seedDemoData: boolean;
  /** How long in-flight requests get to finish on SIGINT/SIGTERM. */
  shutdownGraceMs: number;
  /** Base URL of links the server sends (invitations). */
  publicUrl: string;
  /** smtp(s)://… to e-mail invitations; unset: they are logged. */
  smtpUrl?: string;
  mailFrom: string;
  /** JWT_SIGNING_KEYS: private JWK (set) JSON; unset: keys are generated and kept in the database. */
  jwtSigningKeys?: string;
  jwtIssuer: string;
  jwtAudience: string;
  accessTokenTtlSeconds: number;
  /** Behind one reverse proxy: take the client address from X-Forwarded-For. */
  trustProxy: boolean;
  authLimits: { perIpPerMinute: number; perAccountPerMinute: number };
  /** PostgreSQL connections per instance. */
  poolSize: number;
  /** How long an idle PostgreSQL connection is kept open, in ms; 0: until the pool closes. */
  poolIdleMs: number;
  /** PostgreSQL statement_timeout in ms; undefined: none. */
  statementTimeoutMs?: number;
  /** Embedded PGlite's page cache (shared_buffers), e.g. `16MB`. */
  pgliteSharedBuffers: string;
  /** LOG_LEVEL: the least severe level written. */
  logLevel: LogLevel;
  /** METRICS_TOKEN: the bearer token GET /metrics requires; unset: no /metrics. */
  metricsToken?: string;
  /** Open subscription streams one credential may hold on an instance. */
  subscriptionsPerCredential: number;
  /** Paths of persisted-document manifests ({ hash: document }) served by documentId. */
  trustedDocumentPaths: string[];
  /** Days IoT signals are kept (older ones are pruned hourly). */
  signalRetentionDays: number;
}

export class ConfigError extends Error {}

const BUDGET_TIERS = [...PLANS, 'anonymous'] as const;
const BUDGET_FIELDS = { capacity: 'a positive integer', restoreRate: 'a positive number', floor: 'a non-negative integer' } as const;
type BudgetField = keyof typeof BUDGET_FIELDS;

/** Per plan (and `anonymous`: callers without a credential), any of capacity, restoreRate (points a second) and floor. */
export type PlanBudgetOverrides = Partial<Record<(typeof BUDGET_TIERS)[number], Partial<Record<BudgetField, number>>>>;

/** PLAN_BUDGETS, e.g. {"business":{"capacity":1000000,"restoreRate":16667,"floor":50}}: checked, not yet merged. */
function planBudgetOverrides(json: string): PlanBudgetOverrides {
  const fail = (message: string) => new ConfigError(`PLAN_BUDGETS ${message}`);
  let given: unknown;
  try {
    given = JSON.parse(json);
  } catch {
    throw fail('must be a JSON object, e.g. {"business":{"capacity":1000000,"restoreRate":16667,"floor":50}}');
  }
  const isObject = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);
  if (!isObject(given)) throw fail('must be a JSON object of plans');
  for (const [tier, budget] of Object.entries(given)) {
    if (!(BUDGET_TIERS as readonly string[]).includes(tier)) throw fail(`has an unknown plan "${tier}" (expected ${BUDGET_TIERS.join(', ')})`);
    if (!isObject(budget)) throw fail(`${tier} must be an object`);
    for (const [field, value] of Object.entries(budget)) {
      if (!(field in BUDGET_FIELDS)) throw fail(`${tier}.${field} is not a budget field (expected ${Object.keys(BUDGET_FIELDS).join(', ')})`);
      // Capacity and floor are whole points (reported as Int); the restore rate may be fractional.
      const valid = typeof value === 'number' && Number.isFinite(value) &&
        (field === 'restoreRate' ? value > 0 : Number.isSafeInteger(value) && value >= (field === 'floor' ? 0 : 1));
      if (!valid) throw fail(`${tier}.${field} must be ${BUDGET_FIELDS[field as BudgetField]}, got ${JSON.stringify(value)}`);
    }
    if (typeof budget.floor === 'number' && typeof budget.capacity === 'number' && budget.floor > budget.capacity) {
      throw fail(`${tier}.floor (${budget.floor}) must not exceed its capacity (${budget.capacity})`);
    }
  }
  return given as PlanBudgetOverrides;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(`DATABASE_URL must start with postgresql://, got "${databaseUrl.split(':')[0]}:…"`);
  }
  const dataDir = env.DATA_DIR || './data';
  if (env.REDIS_URL && !/^rediss?:\/\//.test(env.REDIS_URL)) throw new ConfigError('REDIS_URL must start with redis:// or rediss://');
  if (env.ENCRYPTION_KEY && !/^[0-9a-f]{64}$/i.test(env.ENCRYPTION_KEY.trim())) {
    throw new ConfigError('ENCRYPTION_KEY must be 64 hex characters (32 bytes); generate one with `openssl rand -hex 32`');
  }

  if (env.SMTP_URL && !/^smtps?:\/\//.test(env.SMTP_URL)) throw new ConfigError('SMTP_URL must start with smtp:// or smtps://');
  if (env.PUBLIC_URL && !/^https?:\/\//.test(env.PUBLIC_URL)) throw new ConfigError('PUBLIC_URL must start with http:// or https://');
  const port = integer(env, 'PORT', 4000, 0, 65535);
  const pgliteSharedBuffers = env.PGLITE_SHARED_BUFFERS || '16MB';
  if (!/^\d+(kB|MB|GB)$/.test(pgliteSharedBuffers)) throw new ConfigError(`PGLITE_SHARED_BUFFERS must be a size like 16MB or 1GB, got "${pgliteSharedBuffers}"`);
  const logLevel = (env.LOG_LEVEL || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  if (env.LOG_FORMAT && env.LOG_FORMAT !== 'json' && env.LOG_FORMAT !== 'pretty') throw new ConfigError(`LOG_FORMAT must be json or pretty, got "${env.LOG_FORMAT}"`);
  if (env.METRICS_TOKEN !== undefined && env.METRICS_TOKEN !== '' && !/^\S{16,}$/.test(env.METRICS_TOKEN)) {
    throw new ConfigError('METRICS_TOKEN must be at least 16 characters without spaces (e.g. `openssl rand -hex 24`)');
  }
  if (env.OPERATOR_TOKEN && env.OPERATOR_TOKEN.length < 32) {
    throw new ConfigError('OPERATOR_TOKEN must be at least 32 characters; generate one with `openssl rand -hex 32`');
  }

  return {
    port,
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    dataDir: dataDir === 'memory://' ? dataDir : path.resolve(dataDir),
    encryptionKey: env.ENCRYPTION_KEY || undefined,
    redisUrl: env.REDIS_URL || undefined,
    rateLimitFailClosed: env.RATE_LIMIT_FAIL_CLOSED === 'true',
    rateLimitEnabled: env.RATE_LIMIT !== 'off',
    compiledReads: env.COMPILED_READS !== 'off',
    planBudgets: env.PLAN_BUDGETS ? planBudgetOverrides(env.PLAN_BUDGETS) : {},
    operatorToken: env.OPERATOR_TOKEN || undefined,
    seedDemoData: env.SEED_DEMO_DATA !== 'false',
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    publicUrl: env.PUBLIC_URL || `http://localhost:${port}`,
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || 'IT assets <no-reply@localhost>',
    jwtSigningKeys: env.JWT_SIGNING_KEYS || undefined,
    jwtIssuer: env.JWT_ISSUER || 'itam',
    jwtAudience: env.JWT_AUDIENCE || 'itam-api',
    accessTokenTtlSeconds: integer(env, 'ACCESS_TOKEN_TTL_SECONDS', 900, 60, 86_400),
    trustProxy: env.TRUST_PROXY === 'true',
    authLimits: {
      perIpPerMinute: integer(env, 'AUTH_RATE_LIMIT_PER_IP', 10, 1, 10_000),
      perAccountPerMinute: integer(env, 'AUTH_RATE_LIMIT_PER_ACCOUNT', 5, 1, 10_000),
    },
    poolSize: integer(env, 'DATABASE_POOL_SIZE', 10, 1, 1_000),
    poolIdleMs: integer(env, 'DATABASE_POOL_IDLE_MS', 60_000, 0, 86_400_000),
    statementTimeoutMs: integer(env, 'STATEMENT_TIMEOUT_MS', 0, 0, 3_600_000) || undefined,
    pgliteSharedBuffers,
    logLevel,
    metricsToken: env.METRICS_TOKEN || undefined,
    subscriptionsPerCredential: integer(env, 'SUBSCRIPTIONS_PER_CREDENTIAL', 10, 1, 10_000),
    trustedDocumentPaths: (env.TRUSTED_DOCUMENTS ?? '').split(',').map((entry) => entry.trim()).filter(Boolean).map((entry) => path.resolve(entry)),
    signalRetentionDays: integer(env, 'SIGNAL_RETENTION_DAYS', 90, 1, 3650),
  };
}
