// The HTTP application: yoga serving /graphql (GraphiQL on GET) and /health, over one context
// factory. No listener here (see main.ts), so tests call app.fetch in-process.
import { fileURLToPath } from 'node:url';
import { useDeferStream } from '@graphql-yoga/plugin-defer-stream';
import { createYoga, type GraphiQLOptions, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { createContextFactory } from './context-factory.js';
import type { FieldCipher } from './crypto/field-cipher.js';
import type { Database } from './db/database.js';
import { useRestShim, type OperationPipeline } from '../rest-shim/use-rest-shim.js';
import { restLane } from '../rest-shim/rest-lane.js';
import type { Context } from './graphql/context.js';
import { schema } from './graphql/schema.js';
import { maskUnexpectedErrors } from './yoga/mask-unexpected-errors.js';
import { useErrorCodes } from './yoga/use-error-codes.js';
import { OperationCosts, useOperationLimits } from './yoga/use-operation-limits.js';
import { Budgets, rateLimitHeaders, useQueryCost } from './yoga/use-query-cost.js';
import { MemoryBudgetStore, type BudgetStore } from './cost/budget-store.js';
import { DEFAULT_COST_LIMITS, type BudgetTable, type CostLimits } from './cost/plans.js';
import { useRequestId } from './yoga/use-request-id.js';
import { useBodySizeLimit } from './yoga/use-body-size-limit.js';
import { useClientAddress } from './yoga/use-client-address.js';
import { useJwks } from './yoga/use-jwks.js';
import { useCredentialCheck } from './yoga/use-credential-check.js';
import { useCredentialConfirmation } from './yoga/use-credential-confirmation.js';
import { usePlanGate } from './yoga/use-plan-gate.js';
import { useAcceptInvitePage } from './yoga/use-accept-invite-page.js';
import { renderGraphiQLPage, useGraphiQLAssets } from './yoga/use-graphiql-assets.js';
import type { JWK } from 'jose';
import { AccessTokens, DEFAULT_TOKEN_SETTINGS, type TokenSettings } from './auth/access-tokens.js';
import { AuthRateLimiter, DEFAULT_AUTH_LIMITS, type AuthLimits } from './auth/auth-rate-limit.js';
import { AuthService } from './auth/auth-service.js';
import { createMailer, type Mailer } from './auth/mailer.js';
import { SigningKeys } from './auth/signing-keys.js';
import { logger as processLogger, type Logger } from './request/log.js';
import { Metrics } from './yoga/metrics.js';
import { useCompression } from './yoga/use-compression.js';
import { useHealth, type ReadinessCheck } from './yoga/use-health.js';
import { useMetrics } from './yoga/use-metrics.js';
import { useRequestLog } from './yoga/use-request-log.js';
import { yogaLogger } from './yoga/yoga-logger.js';
import { LiveEvents } from './live/live-events.js';
import { useLiveEvents } from './yoga/use-live-events.js';
import { CompiledReads, useCompiledReads } from './yoga/use-compiled-reads.js';
import { DirectReads, useDirectReads } from './yoga/use-direct-reads.js';
import { directLane } from './yoga/direct-lane.js';
import { DirectReadHost } from './yoga/direct-read-host.js';
import { useJsonTextResults } from './yoga/use-json-text-results.js';
import { useTrustedDocuments, type TrustedDocuments } from './yoga/use-trusted-documents.js';

const EXAMPLE_QUERY = `# Send your key as a header (Headers tab): {"Authorization": "Bearer sk_..."}
# or an access token from the login mutation: {"Authorization": "Bearer eyJ..."}
query Assets {
  assets(first: 10, filter: { status: CHECKED_OUT }, orderBy: { field: NAME, direction: ASC }) {
    totalCount
    edges { node { id assetTag name status location { name } assignedUser { name } } }
    pageInfo { hasNextPage endCursor }
  }
}
`;

// Bundled (dist/*.js): the build's GraphiQL assets beside the bundle; from source (src/app.ts):
// dist/'s, written on first use.
const GRAPHIQL_ASSETS_DIR = import.meta.url.endsWith('.ts')
  ? fileURLToPath(new URL('../dist/graphiql', import.meta.url))
  : fileURLToPath(new URL('./graphiql', import.meta.url));

export interface AuthOptions {
  /** Private JWKs from JWT_SIGNING_KEYS (the first signs); none: generated and kept in the database. */
  signingKeys?: JWK[];
  tokens?: Partial<TokenSettings>;
  /** Limits on auth endpoints; null turns them off (benchmarks). */
  limits?: AuthLimits | null;
  /** Take the client address from X-Forwarded-For (behind one proxy). */
  trustProxy?: boolean;
  mailer?: Mailer;
  /** Base URL of invitation links. */
  publicUrl?: string;
}

export interface AppOptions {
  /** The key of the fields encrypted at rest (see src/crypto/field-cipher.ts). */
  cipher: FieldCipher;
  /** Where cost budgets live (default: in memory); null turns rate limiting off. */
  budgetStore?: BudgetStore | null;
  costLimits?: CostLimits;
  /** Plan budgets (PLAN_BUDGETS; default src/cost/plans.ts). */
  budgets?: BudgetTable;
  /** OPERATOR_TOKEN: the credential of operator-only mutations (X-Operator-Token); unset: none. */
  operatorToken?: string;
  /** Extra envelop/yoga plugins (instrumentation in tests; they see REST and GraphQL alike, and with any of them direct reads are off so they see every operation). */
  plugins?: Plugin[];
  auth?: AuthOptions;
  /** Where request lines go (default: the process logger, src/request/log.ts). */
  logger?: Logger;
  /** Counters and histograms of GET /metrics (default: a registry of the app's own). */
  metrics?: Metrics;
  /** GET /metrics answers only `Authorization: Bearer <metricsToken>`; unset: no /metrics. */
  metricsToken?: string;
  /** Dependencies GET /ready probes besides the database (Redis when it fails closed). */
  readinessChecks?: Record<string, ReadinessCheck>;
  /** Subscriptions' event bus (default: in this process only; src/live/live-events.ts). */
  liveEvents?: LiveEvents;
  /** Persisted operations by hash (TRUSTED_DOCUMENTS manifests); default none. */
  trustedDocuments?: TrustedDocuments;
  /** COMPILED_READS: answer eligible queries with one SQL statement (src/graphql/compiled); default on. */
  compiledReads?: boolean;
  /** Extra GraphiQL options, asked for each page (demo mode fills in its key and example tabs). */
  graphiql?: () => Partial<GraphiQLOptions> | Promise<Partial<GraphiQLOptions>>;
}

function createAuthService(db: Database, options: AppOptions, store: BudgetStore): AuthService {
  const settings = { ...DEFAULT_TOKEN_SETTINGS, ...options.auth?.tokens };
  const configured = options.auth?.signingKeys;
  const keys = new SigningKeys(configured?.length ? { configured } : { prisma: db.prisma, cipher: options.cipher }, settings.ttlSeconds);
  const limits = options.auth?.limits === undefined ? DEFAULT_AUTH_LIMITS : options.auth.limits;
  return new AuthService(db.prisma, new AccessTokens(keys, settings), {
    // Auth limits stay on when query-cost budgets are off.
    limiter: limits ? new AuthRateLimiter(store, limits) : null,
    mailer: options.auth?.mailer ?? createMailer({ from: 'itam@localhost' }),
    publicUrl: options.auth?.publicUrl ?? 'http://localhost:4000',
  });
}

/** What REST routes run their operations through: `yoga`'s params handler, its budget headers, its error masking. */
export function operationPipeline(yoga: Pick<YogaServerInstance<object, Context>, 'getResultForParams'>): OperationPipeline {
  return {
    getResultForParams: yoga.getResultForParams,
    headersFor: rateLimitHeaders,
    errorsOf: (error) => [maskUnexpectedErrors(error, 'Unexpected error.', false)],
  };
}

export function createApp(db: Database, options: AppOptions) {
  const logger = options.logger ?? processLogger;
  const metrics = options.metrics ?? new Metrics();
  metrics.watchDatabase(db);
  // One store for query budgets and auth limits (null budgetStore: budgets off, auth limits in memory).
  const store = options.budgetStore ?? new MemoryBudgetStore();
  const costLimits = options.costLimits ?? DEFAULT_COST_LIMITS;
  const auth = createAuthService(db, options, store);
  const live = options.liveEvents ?? new LiveEvents();
  const createContext = createContextFactory(db, options.cipher, auth, live, options.operatorToken);
  const operationCosts = new OperationCosts(costLimits);
  const budgets = options.budgetStore === null ? null : new Budgets(store, costLimits, options.budgets);
  const reads = options.compiledReads === false ? null : CompiledReads.over(db, (error, refused) => logger.warn({ err: error },
    refused ? 'compiled read failed; its statement is not sent again, its operation answered by the resolvers' : 'compiled read failed; answered by the resolvers'));
  // A query text answered by a compiled read before: answered again without envelop's pipeline,
  // taking the steps of the plugins below itself. Extra plugins would not see it: off with them.
  const directReads = reads && !options.plugins?.length
    ? new DirectReads({ reads, knownContext: createContext.known, operationCosts, budgets, onAnswered: (entry) => metrics.countDirectRead(entry) })
    : null;
  const yoga: YogaServerInstance<object, Context> = createYoga({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    graphiql: async () => ({ title: 'IT asset management API', defaultQuery: EXAMPLE_QUERY, ...(await options.graphiql?.()) }),
    // GraphiQL's code comes from the npm package, not a CDN (it works offline), as static files.
    renderGraphiQL: renderGraphiQLPage,
    maskedErrors: { maskError: maskUnexpectedErrors },
    // Checked by useBodySizeLimit, which streams only bodies without a Content-Length.
    maxRequestBodySize: false,
    logging: yogaLogger(logger),
    context: ({ request }) => createContext(request),
    plugins: [
      // First: its request scope wraps everything after it, so all their log lines carry the request id.
      useRequestLog({ logger, metrics }),
      useHealth({ database: () => db.prisma.$queryRaw`SELECT 1`, ...options.readinessChecks }),
      useMetrics(metrics, options.metricsToken),
      // @defer / @stream: incremental delivery (multipart/mixed or SSE); priced as if inline.
      useDeferStream(),
      useClientAddress({ trustProxy: options.auth?.trustProxy ?? false }),
      useJwks(auth.tokens.keys),
      useAcceptInvitePage(),
      useGraphiQLAssets(GRAPHIQL_ASSETS_DIR),
      // REST routes run their operations through this same yoga instance's params handler.
      useRestShim(() => operationPipeline(yoga)),
      useRequestId(),
      useBodySizeLimit(),
      ...useTrustedDocuments(options.trustedDocuments ?? new Map()),
      useCredentialCheck(),
      usePlanGate(),
      // Limits per operation always hold; budgets only while rate limiting is on.
      ...useOperationLimits(operationCosts),
      ...(budgets ? [useQueryCost(budgets)] : []),
      useErrorCodes(),
      useLiveEvents(db, live, (message, error) => logger.error({ err: error }, message)),
      ...(options.plugins ?? []),
      // After every plugin that looks at an operation before it runs (credentials, plan, limits,
      // cost, instrumentation): an eligible query is then answered by one SQL statement.
      ...(reads ? [useCompiledReads(reads), useJsonTextResults()] : []),
      ...(directReads ? [useDirectReads(directReads)] : []),
      // After compiled reads (whose statements confirm a known key themselves), before any resolver.
      useCredentialConfirmation(),
      // Last: it compresses the response every other plugin has finished.
      useCompression(),
    ],
  });
  // node:http's listener (src/main.ts): the lanes for /graphql and REST GET routes in front of yoga (app.fetch is yoga alone).
  const reporting = { logger, metrics, trustProxy: options.auth?.trustProxy ?? false };
  const laneHost = directReads && new DirectReadHost(directReads, reporting);
  const listener = directLane(laneHost, restLane(laneHost, yoga));
  // laneHost: what the lanes run on (a spec serves a route table of its own with it).
  return Object.assign(yoga, { listener, laneHost });
}

export type App = ReturnType<typeof createApp>;
