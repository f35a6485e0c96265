// The studio: the built bundle (studio/dist) at /, with index.html for the studio's own routes.
// Hashed assets are cached for a year; index.html is revalidated so a new build shows at once.
// When the bundle is missing, / explains how to build it instead of failing.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type Response } from 'express';

export const STUDIO_DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'studio', 'dist');

/** The bundle has no inline script; Mantine sets inline style attributes, hence 'unsafe-inline' for styles only. */
export const STUDIO_CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "font-src 'self' data:",
  "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Studio not built</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1f2937}code{background:#f3f4f6;padding:.1rem .3rem;border-radius:4px}</style></head>
<body><h1>The studio is not built yet</h1>
<p>The API is running (<a href="/api/docs">API reference</a>), but the browser app has not been built in this checkout.</p>
<p>Build it with <code>npm run build:studio</code> and reload this page, or run <code>npm run dev</code> for a development server with hot reload.</p>
</body></html>`;

/**
 * The studio's own routes get index.html (the app routes in the browser). Anything else falls
 * through to the API's 404 problem, so a mistyped or crafted path never looks like a page.
 */
const STUDIO_ROUTE = /^\/(?:login|records(?:\/[^/]+){0,2}|design(?:\/[^/]+){0,2})?\/?$/;

export function studioRoutes({ dist = STUDIO_DIST }: { dist?: string } = {}): Router {
  const r = Router();
  const indexFile = join(dist, 'index.html');
  // Read per request only while the bundle is missing, so a build made after start is picked up.
  let index: string | null = null;
  const readIndex = (): string | null => {
    if (index === null && existsSync(indexFile)) index = readFileSync(indexFile, 'utf8');
    return index;
  };
  const html = (res: Response, status: number, body: string): void => {
    res.status(status).setHeader('Content-Security-Policy', STUDIO_CSP).setHeader('Cache-Control', 'no-cache').type('html').send(body);
  };

  r.use('/assets', express.static(join(dist, 'assets'), {
    immutable: true, maxAge: '365d', index: false, fallthrough: true,
    setHeaders: (res) => res.setHeader('Content-Security-Policy', STUDIO_CSP),
  }));
  r.use(express.static(dist, { index: false, maxAge: '1h', setHeaders: (res) => res.setHeader('Content-Security-Policy', STUDIO_CSP) }));
  r.get(/.*/, (req, res, next) => {
    if (!STUDIO_ROUTE.test(req.path)) return next();
    const page = readIndex();
    html(res, 200, page ?? NOT_BUILT);
  });
  return r;
}
