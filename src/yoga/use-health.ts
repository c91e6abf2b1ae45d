// GET /health: liveness, 200 while the process serves requests (restart it when this fails).
// GET /ready: readiness, 200 only while every dependency answers (the database; Redis when
// RATE_LIMIT_FAIL_CLOSED makes it one), else 503 with Retry-After: take the instance out of the
// load balancer, don't restart it.
import type { Plugin } from 'graphql-yoga';
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from '../errors.js';
import { Response } from '../request/response.js';

/** A dependency's probe: resolves when it answers. */
export type ReadinessCheck = () => Promise<unknown>;

const CHECK_TIMEOUT_MS = 2_000;

async function probe(check: ReadinessCheck): Promise<'ok' | 'unreachable'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS); });
  try {
    await Promise.race([check(), timeout]);
    return 'ok';
  } catch {
    return 'unreachable';
  } finally {
    clearTimeout(timer);
  }
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers } });

async function readiness(checks: Record<string, ReadinessCheck>): Promise<Response> {
  const names = Object.keys(checks);
  const results = await Promise.all(names.map((name) => probe(checks[name])));
  const report = Object.fromEntries(names.map((name, i) => [name, results[i]]));
  const ready = results.every((result) => result === 'ok');
  return ready
    ? json(200, { status: 'ready', checks: report })
    : json(503, { status: 'unavailable', checks: report }, { 'retry-after': String(UNAVAILABLE_RETRY_AFTER_SECONDS) });
}

export function useHealth(checks: Record<string, ReadinessCheck>): Plugin {
  return {
    // Not async: every other request passes through synchronously (no promise, no extra tick).
    onRequest({ url, request, endResponse }) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      if (url.pathname === '/health') return endResponse(json(200, { status: 'ok' }));
      if (url.pathname !== '/ready') return;
      return readiness(checks).then(endResponse);
    },
  };
}
