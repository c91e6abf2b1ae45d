// The delivery worker: claims due deliveries of every tenant with FOR UPDATE SKIP LOCKED (so N
// server instances on one PostgreSQL never attempt the same delivery twice), POSTs the signed
// payload with a timeout and without following redirects, and records every attempt on the row.
// 2xx → delivered; anything else → retried with exponential backoff and jitter, then dead.
import type { Agent, fetch as undiciFetch } from 'undici';
import type { FieldCipher } from '../crypto/field-cipher.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import { signatureHeaders } from './signature.js';
import { runHourlyScans } from './hourly-scans.js';

const SCAN_INTERVAL_MS = 3_600_000;
import { assertSafeWebhookUrl, guardedLookup, systemResolver, type Resolver } from './url-guard.js';

export interface DeliveryWorkerOptions {
  /** The unscoped client: the worker serves all organizations. */
  prisma: PrismaClient;
  cipher: FieldCipher;
  /** Deliveries claimed per run (default 20). */
  batchSize?: number;
  /** Per-request timeout (default 5 s). */
  timeoutMs?: number;
  /** How long a claim holds before another worker may take the delivery over (default 60 s). */
  lockMs?: number;
  /** Attempts before a delivery is dead (default 12: 30 s doubling ≈ 17 h of retries, ~34 h with the last wait). */
  maxAttempts?: number;
  /** First retry delay (default 30 s); doubles per attempt, ±20 % jitter. */
  baseDelayMs?: number;
  random?: () => number;
  /** How target names are resolved, for the check and for the connection (tests: DNS tricks). */
  resolver?: Resolver;
  log?: (message: string) => void;
  /** Each attempt's outcome (metrics). */
  onOutcome?: (outcome: 'delivered' | 'retried' | 'dead') => void;
}

export interface RunResult {
  claimed: number;
  delivered: number;
  retried: number;
  dead: number;
}

interface Claimed {
  id: string;
  /** The lease this worker holds: its result is only written while the lease is still its own. */
  lease: string;
  attempts: number;
  url: string;
  secret_ciphertext: string;
  active: boolean;
  event_id: string;
  event: string;
  payload: unknown;
  event_created_at: Date | string;
}

export const DEFAULT_MAX_ATTEMPTS = 12;
export const DEFAULT_BASE_DELAY_MS = 30_000;

export class DeliveryWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;
  /**
   * undici and connections whose address is checked by the lookup that makes them (url-guard.ts);
   * loaded at the first delivery: undici costs the start-up about 0.2 s of CPU.
   */
  private http: Promise<{ fetch: typeof undiciFetch; dispatcher: Agent }> | null = null;

  constructor(private readonly options: DeliveryWorkerOptions) {}

  private connections() {
    this.http ??= import('undici').then(({ Agent, fetch }) => ({
      fetch,
      dispatcher: new Agent({ connect: { lookup: guardedLookup(this.options.resolver ?? systemResolver) } }),
    }));
    return this.http;
  }

  /** The wait after failed attempt number `attempt` (1-based). */
  backoffMs(attempt: number): number {
    const base = this.options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
    const jitter = 0.8 + 0.4 * (this.options.random ?? Math.random)();
    return Math.round(base * 2 ** (attempt - 1) * jitter);
  }

  /** Claims the deliveries due at `now` and attempts each once. */
  async runOnce({ now = new Date() }: { now?: Date } = {}): Promise<RunResult> {
    const { prisma, batchSize = 20, lockMs = 60_000 } = this.options;
    const lease = new Date(now.getTime() + lockMs).toISOString();
    const rows = await prisma.$queryRawUnsafe<Omit<Claimed, 'lease'>[]>(
      `WITH due AS (
         SELECT id FROM webhook_deliveries
          WHERE status = 'pending' AND next_attempt_at <= $1::timestamptz
            AND (locked_until IS NULL OR locked_until <= $1::timestamptz)
          ORDER BY next_attempt_at, id
          LIMIT $3::int
          FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE webhook_deliveries d SET locked_until = $2::timestamptz, attempts = d.attempts + 1
           FROM due WHERE d.id = due.id
         RETURNING d.id, d.attempts, d.webhook_id, d.event_id
       )
       SELECT claimed.id::text AS id, claimed.attempts, w.url, w.secret_ciphertext, w.active,
              e.id AS event_id, e.event, e.payload, e.created_at AS event_created_at
         FROM claimed
         JOIN webhooks w ON w.id = claimed.webhook_id
         JOIN webhook_events e ON e.id = claimed.event_id`,
      now.toISOString(), lease, batchSize,
    );
    const claimed = rows.map((row) => ({ ...row, lease }));
    const result: RunResult = { claimed: claimed.length, delivered: 0, retried: 0, dead: 0 };
    const outcomes = await Promise.all(claimed.map((row) => this.attempt(row, now)));
    for (const outcome of outcomes) {
      result[outcome]++;
      this.options.onOutcome?.(outcome);
    }
    return result;
  }

  private async attempt(row: Claimed, now: Date): Promise<'delivered' | 'retried' | 'dead'> {
    const { cipher, timeoutMs = 5_000, maxAttempts = DEFAULT_MAX_ATTEMPTS } = this.options;
    const payload = typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload;
    const body = JSON.stringify({ id: row.event_id, event: row.event, created_at: new Date(row.event_created_at).toISOString(), data: payload });
    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    if (!row.active) {
      error = 'webhook is inactive';
    } else {
      try {
        await assertSafeWebhookUrl(row.url, this.options.resolver);
        const { fetch, dispatcher } = await this.connections();
        const timestamp = Math.floor(Date.now() / 1000);
        const response = await fetch(row.url, {
          method: 'POST',
          headers: signatureHeaders(cipher.decrypt(row.secret_ciphertext), row.event_id, body, timestamp),
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
          dispatcher,
        });
        statusCode = response.status;
        await response.body?.cancel().catch(() => {});
        if (statusCode < 200 || statusCode > 299) error = `HTTP ${statusCode}`;
      } catch (caught) {
        error = describeError(caught);
      }
    }
    const latencyMs = Math.round(performance.now() - started);
    const delivered = error === null;
    const dead = !delivered && (!row.active || row.attempts >= maxAttempts);
    const status = delivered ? 'delivered' : dead ? 'dead' : 'pending';
    const nextAttemptAt = delivered || dead ? now : new Date(now.getTime() + this.backoffMs(row.attempts));
    const logEntry = { attempt: row.attempts, at: now.toISOString(), status_code: statusCode, latency_ms: latencyMs, error };
    const written = await this.options.prisma.$executeRawUnsafe(
      `UPDATE webhook_deliveries
          SET status = $2::"WebhookDeliveryStatus", next_attempt_at = $3::timestamptz, locked_until = NULL,
              last_status_code = $4::int, last_error = $5::text, latency_ms = $6::int,
              delivered_at = CASE WHEN $9::boolean THEN $7::timestamptz ELSE delivered_at END,
              attempt_log = attempt_log || $8::jsonb
        WHERE id = $1::uuid AND locked_until = $10::timestamptz`,
      row.id, status, nextAttemptAt.toISOString(), statusCode, error, latencyMs, now.toISOString(), JSON.stringify([logEntry]), delivered, row.lease,
    );
    if (written === 0) {
      // The lease ran out mid-attempt (a stalled or dead worker): another worker owns the
      // delivery now, and its outcome stands. The receiver deduplicates by X-Webhook-Id.
      this.options.log?.(`webhook ${row.event} ${row.event_id}: lease lost during attempt ${row.attempts}; result discarded`);
      return 'retried';
    }
    this.options.log?.(`webhook ${row.event} ${row.event_id} → ${row.url}: attempt ${row.attempts} ${delivered ? 'delivered' : `failed (${error})`}${status === 'dead' ? ', dead' : ''}`);
    return delivered ? 'delivered' : dead ? 'dead' : 'retried';
  }

  /** Polls every `intervalMs` until stop(); runs the hourly scans (hourly-scans.ts). */
  start(intervalMs = 1_000): void {
    this.stopped = false;
    let lastScan = 0;
    const tick = () => {
      if (this.stopped) return;
      const scan = Date.now() - lastScan >= SCAN_INTERVAL_MS;
      if (scan) lastScan = Date.now();
      this.running = (scan ? runHourlyScans(this.options.prisma) : Promise.resolve(0))
        .then(() => this.runOnce())
        .catch((error) => this.options.log?.(`webhook worker: ${describeError(error)}`))
        .finally(() => {
          this.running = null;
          if (!this.stopped) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, intervalMs);
  }

  /** Stops polling and waits for the run in flight (call before closing the database). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    // Kept-alive connections to receivers would hold the process open after shutdown.
    const http = this.http;
    this.http = null;
    if (http) await http.then(({ dispatcher }) => dispatcher.close()).catch(() => {});
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timeout';
    return cause?.code ? `${error.message}: ${cause.code}` : cause?.message ? `${error.message}: ${cause.message}` : error.message;
  }
  return String(error);
}
