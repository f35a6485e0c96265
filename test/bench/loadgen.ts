// Load generator, run in a worker thread so autocannon does not share the servers' event loop.
// Receives LoadJob messages, answers each with a LoadResult.
import { parentPort } from 'node:worker_threads';
import autocannon from 'autocannon';
import { requestStream, type StreamOptions } from './scenarios.js';

export interface LoadJob extends StreamOptions {
  jobId: number;
  /** http://127.0.0.1:port */
  url: string;
  seconds: number;
  connections: number;
}

export interface LoadResult {
  jobId: number;
  /** Measured seconds. */
  duration: number;
  ok: number;
  non2xx: number;
  status4xx: number;
  status5xx: number;
  errors: number;
  timeouts: number;
  p50: number;
  p99: number;
  mean: number;
  statusCodes: Record<string, number>;
  error?: string;
}

export async function runLoad(job: LoadJob): Promise<LoadResult> {
  const next = requestStream(job);
  const opts: autocannon.Options = {
    url: job.url,
    connections: job.connections,
    duration: job.seconds,
    timeout: 10,
    requests: [{ setupRequest: (req) => ({ ...req, ...next() }) }],
  };
  const out = await autocannon(opts);
  // Off the main thread autocannon leaves aggregation to its caller.
  const res = 'latency' in out ? out : autocannon.aggregateResult([out], opts);
  const statusCodes: Record<string, number> = {};
  for (const [code, s] of Object.entries(res.statusCodeStats)) statusCodes[code] = s.count;
  return {
    jobId: job.jobId,
    duration: res.duration,
    ok: res['2xx'],
    non2xx: res.non2xx,
    status4xx: res['4xx'],
    status5xx: res['5xx'],
    errors: res.errors,
    timeouts: res.timeouts,
    p50: res.latency.p50,
    p99: res.latency.p99,
    mean: res.latency.mean,
    statusCodes,
  };
}

const port = parentPort;
if (port) {
  port.on('message', (job: LoadJob) => {
    runLoad(job).then(
      (result) => port.postMessage(result),
      (err: unknown) => port.postMessage({ jobId: job.jobId, error: err instanceof Error ? err.stack ?? err.message : String(err) }),
    );
  });
}
