// Structured logs (pino): JSON lines, pretty in a terminal when pino-pretty (a development dependency) is
// installed. Every line written while a request is handled carries
// its request id, through the request scope below, wherever in the layers the line comes from.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import pino, { type DestinationStream, type Logger } from 'pino';
import { requestInfo, type RequestHead } from './request-info.js';

export type { Logger } from 'pino';

/** What the request's log line reports, filled in by the layers that learn it. */
export interface RequestScope {
  /** The request as the client sent it (REST routes run inner requests inside the same scope). */
  request: RequestHead;
  startedAt: number;
  /** The request's path, as routing parsed it (the log line needs no second parse of the URL). */
  path?: string;
  principal?: { kind: 'api_key' | 'session' | 'client_credential' | 'user'; id: string; userId: string; organizationId: string };
  operation?: string;
  /** REST: the matched route, `GET /api/assets/:id`. */
  route?: string;
  cost?: { requested: number; actual?: number };
  /** The unexpected error behind a masked answer (logged once, on the request line). */
  error?: unknown;
}

const scopes = new AsyncLocalStorage<RequestScope>();

/** Runs `handle` inside the request's scope (an inner request reuses the scope it runs in). */
export function inRequestScope<T>(request: Request, handle: () => T): T {
  if (scopes.getStore()) return handle();
  return scopes.run({ request, startedAt: performance.now() }, handle);
}

/** Runs `handle` in a new scope of its own for `request`, given that scope (the direct lane, src/yoga/direct-lane.ts). */
export function inNewRequestScope<T>(request: RequestHead, handle: (scope: RequestScope) => T): T {
  const scope = { request, startedAt: performance.now() };
  return scopes.run(scope, () => handle(scope));
}

/** Runs `handle` outside any request scope: a request handed on from the direct lane gets a scope of its own. */
export const outsideRequestScope = <T>(handle: () => T): T => scopes.exit(handle);

/** The scope of the request being handled, if any. */
export const currentRequest = (): RequestScope | undefined => scopes.getStore();

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LoggerOptions {
  level?: LogLevel;
  /** `pretty` needs pino-pretty; without it the lines stay JSON. Default: pretty when stdout is a terminal (a person reads it; `npm start` runs with NODE_ENV=production). */
  format?: 'json' | 'pretty';
  /** Tests: where the lines go (default stdout). */
  destination?: DestinationStream;
}

function prettyStream(): DestinationStream | undefined {
  try {
    const pretty = createRequire(import.meta.url)('pino-pretty') as (options: object) => DestinationStream;
    return pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
  } catch {
    return undefined; // not installed (production install): JSON it is
  }
}

// Log lines leave in writes of at least 4 KiB (one write(2) per ~10 request lines, not one each:
// ~7 % of a request's CPU), and at least every quarter second; pino flushes what is pending when
// the process exits. A process killed with SIGKILL can lose its last quarter second of lines.
const FLUSH_EVERY_MS = 250;
function stdoutInBatches(): DestinationStream {
  const stream = pino.destination({ sync: false, minLength: 4096 });
  setInterval(() => {
    try {
      stream.flush();
    } catch {
      // Destroyed: the process is ending, and pino has flushed it.
    }
  }, FLUSH_EVERY_MS).unref();
  return stream;
}

// pino's isoTime, formatted once per millisecond: at a few thousand request lines a second, lines
// written in the same millisecond share the string (same output, fewer Date objects and toISOString).
let lastMs = Number.NaN;
let lastTime = '';
function isoTime(): string {
  const now = Date.now();
  if (now !== lastMs) {
    lastMs = now;
    lastTime = `,"time":"${new Date(now).toISOString()}"`;
  }
  return lastTime;
}

export function createLogger({ level = 'info', format, destination }: LoggerOptions = {}): Logger {
  const wantsPretty = format ? format === 'pretty' : !destination && process.stdout.isTTY === true;
  const stream = destination ?? (wantsPretty ? prettyStream() : undefined);
  return pino(
    {
      level,
      base: undefined,
      timestamp: isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin() {
        const scope = scopes.getStore();
        return scope ? { requestId: requestInfo(scope.request).id } : {};
      },
    },
    stream ?? stdoutInBatches(),
  );
}

const envLevel = process.env.LOG_LEVEL as LogLevel | undefined;

/**
 * The process's logger: LOG_LEVEL (default info; warn under tests; config.ts validates it), LOG_FORMAT. Modules
 * below the app log here; the app's request lines go to the logger it was given.
 */
export const logger: Logger = createLogger({
  level: envLevel && LOG_LEVELS.includes(envLevel) ? envLevel : process.env.NODE_ENV === 'test' ? 'warn' : 'info',
  format: process.env.LOG_FORMAT === 'json' || process.env.LOG_FORMAT === 'pretty' ? process.env.LOG_FORMAT : undefined,
});
