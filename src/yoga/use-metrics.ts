// GET /metrics: Prometheus text format, for a scraper holding METRICS_TOKEN
// (`Authorization: Bearer <token>`). Without a configured token the endpoint does not exist (404):
// metrics reveal traffic and operation names, so they are never public by default.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { Metrics } from './metrics.js';
import { Response } from '../request/response.js';

const digest = (text: string) => createHash('sha256').update(text).digest();

export function useMetrics(metrics: Metrics, token: string | undefined): Plugin {
  // Without a token there is no endpoint: no hook at all.
  if (!token) return {};
  const expected = digest(token);
  return {
    // Not async: every other request passes through synchronously (no promise, no extra tick).
    onRequest({ url, request, endResponse }) {
      if (request.method !== 'GET' || url.pathname !== '/metrics') return;
      const given = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
      if (!given || !timingSafeEqual(digest(given), expected)) {
        return endResponse(new Response(JSON.stringify({ error: 'metrics need Authorization: Bearer <METRICS_TOKEN>' }), {
          status: 401, headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer realm="metrics"' },
        }));
      }
      return metrics.registry.metrics().then((text) => endResponse(new Response(text, { headers: { 'content-type': metrics.registry.contentType } })));
    },
  };
}
