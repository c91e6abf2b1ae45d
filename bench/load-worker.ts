// The load generator, in a process of its own (forked by bench/load.ts) so that firing requests
// never competes with the measuring process's event loop. One job at a time over IPC.
import autocannon from 'autocannon';
import type { LoadJob, LoadResult } from './load.js';

process.on('message', async (job: LoadJob) => {
  try {
    const result = await autocannon({
      url: job.url, method: job.method, headers: job.headers, body: job.body,
      connections: job.connections, duration: job.duration, timeout: 30, ...(job.rate && { overallRate: job.rate }),
    });
    const answer: LoadResult = {
      requestsPerSecond: result.requests.total / result.duration,
      // No response within the run: no latency to speak of (not 0 ms).
      p50: result.requests.total ? result.latency.p50 : Number.NaN,
      p99: result.requests.total ? result.latency.p99 : Number.NaN,
      total: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors,
      statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, Number(count)])),
    };
    process.send!({ ok: true, result: answer });
  } catch (error) {
    process.send!({ ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});
process.send!({ ready: true });
