// Prometheus metrics (prom-client), one registry per app: requests by operation or REST route and
// status, latency, query cost, throttled requests, webhook deliveries and queue depth, and the
// PostgreSQL pool. Labels come from a bounded set: operation names are the client's choice, so
// past MAX_OPERATIONS distinct ones (or a name that is not an identifier) count as "other".
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database } from '../db/database.js';

const MAX_OPERATIONS = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export interface RequestSample {
  api: 'graphql' | 'rest' | 'other';
  /** GraphQL operation name, REST route (`GET /api/assets/:id`) or the path of a built-in endpoint. */
  operation: string;
  status: number;
  seconds: number;
  cost?: number;
}

/** Where a direct read entered: a lane in front of yoga (node:http: src/yoga/direct-lane.ts, rest-shim/rest-lane.ts) or yoga's params handler. */
export type DirectReadEntry = 'http' | 'yoga';

export class Metrics {
  readonly registry = new Registry();
  private readonly operations = new Set<string>();
  private readonly requests: Counter<'api' | 'operation' | 'status'>;
  private readonly duration: Histogram<'api' | 'operation'>;
  private readonly cost: Histogram<'api'>;
  private readonly throttled: Counter<'api'>;
  private readonly deliveries: Counter<'outcome'>;
  private readonly directReads: Counter<'entry'>;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({ name: 'itam_http_requests_total', help: 'Requests by API style, GraphQL operation or REST route, and HTTP status', labelNames: ['api', 'operation', 'status'], registers });
    this.duration = new Histogram({
      name: 'itam_http_request_duration_seconds', help: 'Request latency by API style and operation or route', labelNames: ['api', 'operation'], registers,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    });
    this.cost = new Histogram({
      name: 'itam_query_cost_points', help: 'Actual query cost of operations run (points)', labelNames: ['api'], registers,
      buckets: [1, 5, 10, 50, 100, 500, 1_000, 2_500, 5_000, 10_000],
    });
    this.throttled = new Counter({ name: 'itam_throttled_requests_total', help: 'Requests refused with 429 (query budgets and auth limits)', labelNames: ['api'], registers });
    this.deliveries = new Counter({ name: 'itam_webhook_deliveries_total', help: 'Webhook delivery attempts by outcome', labelNames: ['outcome'], registers });
    this.directReads = new Counter({
      name: 'itam_direct_reads_total', labelNames: ['entry'], registers,
      help: 'Operations answered by a compiled read without the execution pipeline (a query text answered before, a known key), by where they entered: http (a lane before graphql-yoga: POST /graphql or a REST GET route) or yoga (its params handler)',
    });
  }

  private operationLabel(operation: string): string {
    if (this.operations.has(operation)) return operation;
    const isRoute = /^[A-Z]+ \//.test(operation) || operation.startsWith('/');
    if (!isRoute && !OPERATION_NAME.test(operation)) return 'other';
    if (this.operations.size >= MAX_OPERATIONS) return 'other';
    this.operations.add(operation);
    return operation;
  }

  observeRequest({ api, operation, status, seconds, cost }: RequestSample): void {
    const label = this.operationLabel(operation);
    this.requests.inc({ api, operation: label, status: String(status) });
    this.duration.observe({ api, operation: label }, seconds);
    if (cost !== undefined) this.cost.observe({ api }, cost);
    if (status === 429) this.throttled.inc({ api });
  }

  countDirectRead(entry: DirectReadEntry): void {
    this.directReads.inc({ entry });
  }

  observeDelivery(outcome: 'delivered' | 'retried' | 'dead' | 'lease_lost'): void {
    this.deliveries.inc({ outcome });
  }

  /** Gauges read at scrape time: the pool's connections and the pending webhook deliveries. */
  watchDatabase(db: Database): void {
    // One database per registry: a second app sharing these metrics reports through the first's gauges.
    if (this.registry.getSingleMetric('itam_webhook_queue_depth')) return;
    const registers = [this.registry];
    new Gauge({
      name: 'itam_db_pool_connections', help: 'PostgreSQL pool connections by state (in_use, idle, waiting clients)', labelNames: ['state'], registers,
      collect() {
        const stats = db.poolStats();
        if (!stats) return;
        this.set({ state: 'in_use' }, stats.inUse);
        this.set({ state: 'idle' }, stats.idle);
        this.set({ state: 'waiting' }, stats.waiting);
      },
    });
    new Gauge({
      name: 'itam_webhook_queue_depth', help: 'Webhook deliveries pending (due now or waiting for a retry)', registers,
      async collect() {
        // A scrape during a database outage keeps the last value rather than failing.
        const rows = await db.prisma.$queryRaw<{ pending: number }[]>`SELECT count(*)::int AS pending FROM webhook_deliveries WHERE status = 'pending'`.catch(() => null);
        if (rows) this.set(rows[0].pending);
      },
    });
  }
}
