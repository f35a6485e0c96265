// The part of autocannon 9's programmatic API the benchmark uses (the package ships no types).
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  namespace autocannon {
    interface Request {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string;
    }

    interface RequestSpec extends Request {
      /** Returns the request to send; a falsy value restarts the request list. */
      setupRequest?: (req: Request, context: Record<string, unknown>) => Request | false | null | undefined;
      onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string>) => void;
    }

    interface Options {
      url: string;
      connections?: number;
      /** Seconds. */
      duration?: number;
      amount?: number;
      /** Seconds. */
      timeout?: number;
      pipelining?: number;
      method?: string;
      headers?: Record<string, string>;
      body?: string;
      requests?: RequestSpec[];
      title?: string;
    }

    /** Percentiles are keyed p50, p90, p97_5, p99, …; values in ms (latency) or per second (requests). */
    interface Histogram {
      average: number;
      mean: number;
      stddev: number;
      min: number;
      max: number;
      total: number;
      p50: number;
      p90: number;
      p97_5: number;
      p99: number;
      p99_9: number;
    }

    interface Result {
      url: string;
      /** Seconds. */
      duration: number;
      requests: Histogram & { sent: number };
      latency: Histogram & { totalCount: number };
      throughput: Histogram;
      errors: number;
      timeouts: number;
      mismatches: number;
      non2xx: number;
      resets: number;
      '1xx': number;
      '2xx': number;
      '3xx': number;
      '4xx': number;
      '5xx': number;
      statusCodeStats: Record<string, { count: number }>;
    }

    interface Instance extends EventEmitter {
      stop(): void;
    }

    /** Inside a worker thread autocannon resolves with this unaggregated form (histograms encoded). */
    interface RawResult {
      latencies: unknown;
      duration: number;
      errors: number;
      timeouts: number;
      non2xx: number;
    }

    function aggregateResult(results: RawResult[], opts?: Options): Result;
  }

  function autocannon(opts: autocannon.Options, cb: (err: Error | null, result: autocannon.Result | autocannon.RawResult) => void): autocannon.Instance;
  function autocannon(opts: autocannon.Options): Promise<autocannon.Result | autocannon.RawResult>;

  export = autocannon;
}
