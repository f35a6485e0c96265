// Serving the studio: the bundle at / with an SPA fallback, long-lived hashed assets, its own CSP,
// and a helpful page (never a 500) when the bundle has not been built.
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STUDIO_CSP, studioRoutes } from '../../server/routes/studio.js';

async function serve(dist: string): Promise<{ url: string; server: Server }> {
  const app = express();
  app.use(studioRoutes({ dist }));
  app.use((_req, res) => void res.status(404).json({ code: 'NOT_FOUND' }));
  const server = createServer(app).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('studio routes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'studio-dist-'));
  let built: { url: string; server: Server };
  let missing: { url: string; server: Server };
  beforeAll(async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><script type="module" src="/assets/app-abc123.js"></script>');
    writeFileSync(join(dir, 'assets', 'app-abc123.js'), 'console.log(1)');
    writeFileSync(join(dir, 'favicon.svg'), '<svg/>');
    built = await serve(dir);
    missing = await serve(join(dir, 'nope'));
  });
  afterAll(() => {
    built.server.close();
    missing.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should answer the studio routes with index.html and the studio CSP', async () => {
    for (const path of ['/', '/records/deal', '/records/deal/42?x=1', '/records/deal/new', '/login']) {
      const res = await fetch(built.url + path);
      expect(res.status, path).toBe(200);
      expect(await res.text()).toContain('/assets/app-abc123.js');
      expect(res.headers.get('content-security-policy')).toBe(STUDIO_CSP);
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('should cache hashed assets for a year and 404 a missing one', async () => {
    const res = await fetch(`${built.url}/assets/app-abc123.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/max-age=31536000.*immutable/);
    expect((await fetch(`${built.url}/assets/gone-123.js`)).status).toBe(404);
    expect((await fetch(`${built.url}/favicon.svg`)).status).toBe(200);
  });

  it('should leave API paths, health checks and unknown paths to the API', async () => {
    for (const path of ['/api', '/api/v1/deal', '/healthz', '/readyz', '/etc/passwd', '/%61pi/v1/account', '/records/a/b/c']) expect((await fetch(built.url + path)).status, path).toBe(404);
  });

  it('should explain how to build the studio when the bundle is missing', async () => {
    const res = await fetch(`${missing.url}/records/deal`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('npm run build:studio');
    expect(res.headers.get('content-security-policy')).toBe(STUDIO_CSP);
  });

  it('should not allow inline scripts or other origins', () => {
    expect(STUDIO_CSP).toContain("script-src 'self'");
    expect(STUDIO_CSP).not.toMatch(/script-src[^;]*unsafe/);
    expect(STUDIO_CSP).toContain("connect-src 'self'");
    expect(STUDIO_CSP).toContain("frame-ancestors 'none'");
  });
});
