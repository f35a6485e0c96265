// The HTTP server around the express app, with the limits that protect it from slow clients.
import { createServer, type Server } from 'node:http';
import type { Express } from 'express';

export interface HttpServerOptions {
  /** Headers and body of a request must arrive within this time; then 408 and the connection is closed (default 30 s). */
  requestTimeoutMs?: number;
}

export function createHttpServer(app: Express, options: HttpServerOptions = {}): Server {
  const timeout = options.requestTimeoutMs ?? 30_000;
  return createServer({
    // URLs carry JSON filters of up to 16 KB: allow headers a little larger than Node's 16 KB default.
    maxHeaderSize: 64 * 1024,
    headersTimeout: timeout,
    requestTimeout: timeout,
    // Node enforces both timeouts only when it sweeps its connections, every 30 s by default, so a
    // slow client (slowloris) kept a connection for up to twice the limit. Sweep often enough that
    // the cut comes within a few percent of the limit.
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(timeout / 20))),
  }, app);
}
