// Studio in Chromium on 100,000 contacts (the benchmark fixture): rows visible after a cold
// navigation (fresh browser profile, nothing cached) and frame rate while scrolling 10,000 rows.
// `npm run bench:studio` (TEST_DATABASE_URL picks PostgreSQL). Not part of CI: the budgets
// are < 1 s to rows and ≥ 50 fps; the numbers go into docs/performance.md.
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createUser } from '../../runtime/auth/users.js';
import { createApp } from '../../server/app.js';
import { openBenchDb } from './setup.js';

const ROWS = Number(process.env.STUDIO_BENCH_ROWS ?? 100_000);
const SCROLL_ROWS = 10_000;
const RUNS = Number(process.env.STUDIO_BENCH_RUNS ?? 5);
const PASSWORD = 'bench password 123';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const db = await openBenchDb(ROWS, process.env.TEST_DATABASE_URL ?? '');
  console.log(`${db.where}: ${ROWS} contacts seeded in ${(db.seedMs / 1000).toFixed(1)} s`);
  await createUser(db.rt.db.knex, { email: 'bench@bench.example', name: 'Bench', roles: ['admin'], password: PASSWORD }, new Set(['admin']));
  const server = createServer({ maxHeaderSize: 64 * 1024 }, createApp({ runtime: db.rt, writesPerIpPerMinute: 0, loginPerIpPerMinute: 1000 })).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const login = await fetch(`${url}/api/v1/_auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@bench.example', password: PASSWORD }) });
  const cookies = login.headers.getSetCookie().map((c) => { const [pair] = c.split(';'); const i = pair.indexOf('='); return { name: pair.slice(0, i), value: pair.slice(i + 1), url }; });

  const results: Record<string, unknown> = { rows: ROWS, database: db.rt.db.dialect };
  try {
    // Cold: a new profile each run (no HTTP cache, no service worker), signed in by cookie.
    const cold: number[] = [];
    const sorted: number[] = [];
    for (let i = 0; i < RUNS * 2; i++) {
      const profile = mkdtempSync(join(tmpdir(), 'crm-bench-profile-'));
      const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: ARGS, viewport: { width: 1366, height: 820 }, bypassCSP: true });
      await context.addCookies(cookies);
      const page = context.pages()[0] ?? (await context.newPage());
      await page.addInitScript(() => {
        new MutationObserver((_m, obs) => {
          if (document.querySelector('[data-testid=grid] [role=row][data-id]')) {
            (window as unknown as { firstRow: number }).firstRow = performance.now();
            obs.disconnect();
          }
        }).observe(document, { childList: true, subtree: true });
      });
      const sort = i % 2 === 1;
      // The browser is open (as a user's is), but nothing of the studio is cached yet.
      await page.goto(`${url}/healthz`);
      await page.goto(`${url}/records/contact`);
      if (sort) {
        // A sort on a column without an index over all rows, from the grid header.
        await page.waitForSelector('[data-testid=grid] [role=row][data-id]');
        const t0 = await page.evaluate(() => performance.now());
        await page.locator('[role=columnheader] button', { hasText: 'score' }).click();
        await page.waitForFunction((first) => document.querySelector('[data-testid=grid] [role=row][data-id]')?.getAttribute('data-id') !== first, '1');
        sorted.push((await page.evaluate(() => performance.now())) - t0);
      } else {
        await page.waitForFunction(() => (window as unknown as { firstRow?: number }).firstRow !== undefined);
        cold.push(await page.evaluate(() => (window as unknown as { firstRow: number }).firstRow));
        if (i === 0) {
          const timeline = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => `${Math.round(e.startTime)}-${Math.round((e as PerformanceResourceTiming).responseEnd)} ${e.name.replace(/^https?:\/\/[^/]+/, '')}`));
          console.log('first cold run, resources (ms since navigation start):\n  ' + timeline.join('\n  '));
        }
      }
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
    results.coldNavigationToRowsMs = { median: Math.round(median(cold)), runs: cold.map(Math.round) };
    results.sortByScoreMs = { median: Math.round(median(sorted)), runs: sorted.map(Math.round) };

    // Scroll: 10 rows per frame through 10,000 rows; pages of 100 load as the end comes near.
    const profile = mkdtempSync(join(tmpdir(), 'crm-bench-profile-'));
    const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: ARGS, viewport: { width: 1366, height: 820 }, bypassCSP: true });
    await context.addCookies(cookies);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${url}/records/contact`);
    await page.waitForSelector('[data-testid=grid] [role=row][data-id]');
    const scroll = await page.evaluate(async (target) => {
      const grid = document.querySelector('[data-testid=grid]') as HTMLElement;
      const rowHeight = 40;
      const frames: number[] = [];
      let last = performance.now();
      const start = last;
      while (grid.scrollTop / rowHeight < target && performance.now() - start < 120_000) {
        await new Promise<void>((r) => requestAnimationFrame(() => r()));
        const now = performance.now();
        frames.push(now - last);
        last = now;
        grid.scrollTop += rowHeight * 10;
      }
      const seconds = (performance.now() - start) / 1000;
      const sortedFrames = [...frames].sort((a, b) => a - b);
      return {
        rowsScrolled: Math.round(grid.scrollTop / rowHeight), seconds: Number(seconds.toFixed(2)), frames: frames.length,
        fps: Number((frames.length / seconds).toFixed(1)), p95FrameMs: Number(sortedFrames[Math.floor(frames.length * 0.95)].toFixed(1)),
        framesOver50ms: frames.filter((f) => f > 50).length, rowsInDom: document.querySelectorAll('[data-testid=grid] [role=row][data-id]').length,
      };
    }, SCROLL_ROWS);
    results.scroll = scroll;
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  } finally {
    server.close();
    await db.dispose();
  }
  console.log(JSON.stringify(results, null, 2));
}

await main();
