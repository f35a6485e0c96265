// Slow clients (slowloris): headers and bodies that trickle in are cut at the request timeout —
// 30 s in production, shortened here — not at up to twice that.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { readConfig } from '../../server/config.js';
import { createHttpServer } from '../../server/http/server.js';
import { createTestRuntime, type TestRuntime } from '../helpers/testRuntime.js';

const TIMEOUT = 1000;
let rt: TestRuntime;
let server: ReturnType<typeof createHttpServer>;
let port: number;

beforeAll(async () => {
  rt = await createTestRuntime();
  server = createHttpServer(createApp({ runtime: rt, auth: 'disabled' }), { requestTimeoutMs: TIMEOUT });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rt.close();
});

/** Sends `head` at once, then one more `drip` every 100 ms, until the server closes the connection. */
async function trickle(head: string, drip: string): Promise<{ ms: number; response: string }> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const started = performance.now();
  let response = '';
  socket.on('data', (c: Buffer) => { response += c.toString(); });
  socket.write(head);
  const timer = setInterval(() => { if (!socket.destroyed) socket.write(drip); }, 100);
  await Promise.race([once(socket, 'close'), once(socket, 'end')]);
  clearInterval(timer);
  socket.destroy();
  return { ms: performance.now() - started, response };
}

describe('slow clients', () => {
  it('should cut a request whose headers never end at the timeout', async () => {
    const { ms, response } = await trickle('GET /healthz HTTP/1.1\r\nHost: localhost\r\n', 'X-Slow: 1\r\n');
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT * 0.95);
    expect(ms).toBeLessThan(TIMEOUT * 1.5);
    expect(response).toMatch(/^HTTP\/1\.1 408/);
  });

  it('should cut a request whose body trickles in at the timeout', async () => {
    const { ms } = await trickle('POST /api/v1/product HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"name":"', 'a');
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT * 0.95);
    expect(ms).toBeLessThan(TIMEOUT * 1.5);
  });

  it('should default to the documented 30 s and enforce it within 5 %', () => {
    expect(readConfig({}).requestTimeoutMs).toBe(30_000);
    const s = createHttpServer(createApp({ runtime: rt, auth: 'disabled' }));
    expect(s.headersTimeout).toBe(30_000);
    expect(s.requestTimeout).toBe(30_000);
    expect(readConfig({ CRM_REQUEST_TIMEOUT_MS: '5000' }).requestTimeoutMs).toBe(5000);
    expect(() => readConfig({ CRM_REQUEST_TIMEOUT_MS: 'soon' })).toThrow(/CRM_REQUEST_TIMEOUT_MS/);
  });
});
