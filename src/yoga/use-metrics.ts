// GET /metrics: Prometheus text format, for a scraper holding METRICS_TOKEN
// (`Authorization: Bearer <token>`). Without a configured token the endpoint does not exist (404):
// metrics reveal traffic and operation names, so they are never public by default.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { Metrics } from './metrics.js';

const digest = (text: string) => createHash('sha256').update(text).digest();

export function useMetrics(metrics: Metrics, token: string | undefined): Plugin {
  const expected = token ? digest(token) : null;
  return {
    async onRequest({ url, request, endResponse }) {
      if (url.pathname !== '/metrics' || request.method !== 'GET' || !expected) return;
      const given = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
      if (!given || !timingSafeEqual(digest(given), expected)) {
        return endResponse(new Response(JSON.stringify({ error: 'metrics need Authorization: Bearer <METRICS_TOKEN>' }), {
          status: 401, headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer realm="metrics"' },
        }));
      }
      endResponse(new Response(await metrics.registry.metrics(), { headers: { 'content-type': metrics.registry.contentType } }));
    },
  };
}
