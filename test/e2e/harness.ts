// Browser tests: the real server (createApp with authentication, serving studio/dist) on an
// ephemeral port over the sales-crm example and its seed, and one headless Chromium per file.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { hashPassword } from '../../runtime/auth/passwords.js';
import { loadSeedPlan, runSeed } from '../../runtime/seed.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { createTestRuntime, ROOT, startTestServer, testDbTarget, type TestRuntime, type TestServer } from '../helpers/testRuntime.js';
import { createRuntime } from '../../runtime/index.js';
import { openDb } from '../../runtime/dialect/index.js';
import { type Definitions, openDefinitions } from '../../runtime/definitions/service.js';
import { createEngine } from '../../runtime/automation/index.js';
import { createApp } from '../../server/app.js';
import { createUser } from '../../runtime/auth/users.js';
import { swappableApp } from '../../server/swappable.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);
export const SKIP_REASON = `${CHROMIUM} is absent: the studio's browser tests are skipped (install it with \`apt-get install -y chromium fonts-noto-cjk\`)`;
if (!HAS_CHROMIUM) process.stderr.write(`\n  ${SKIP_REASON}\n\n`);

export const SALES_CRM = join(ROOT, 'examples', 'sales-crm');
export const PASSWORD = 'studio e2e password';
/** Gitignored; `npm run screenshots` copies them into docs/screenshots. */
export const SHOTS = join(ROOT, 'test', 'e2e', 'screenshots');

export interface Studio {
  rt: TestRuntime;
  api: TestServer;
  url: string;
  context: BrowserContext;
  page: Page;
  /** With `live: true`: the definitions at runtime (the studio's builders write through them). */
  defs: Definitions | null;
  /** Users of the seed by e-mail → id (every one's password is PASSWORD). */
  users: Map<string, number>;
  consoleErrors: string[];
  newPage(): Promise<Page>;
  login(page: Page, email: string): Promise<void>;
  shot(page: Page, name: string): Promise<void>;
  /** Serious or critical axe-core violations on the page. */
  axe(page: Page): Promise<{ id: string; impact: string; help: string; nodes: string[] }[]>;
  close(): Promise<void>;
}

/**
 * The server as main.ts runs it: definitions at runtime (base = the example's folder, overlay and
 * drafts in the database), one express app per runtime generation, the automation engine beside
 * each generation. Applying from the studio swaps the runtime without a restart.
 */
async function startLive(): Promise<{ rt: TestRuntime; api: TestServer; defs: Definitions }> {
  const target = testDbTarget();
  const db = await openDb({ url: target.url, schema: target.schema });
  const defs = await openDefinitions({ appDir: SALES_CRM, db, pollMs: 0, build: (prepared) => createRuntime({ appDir: SALES_CRM, databaseUrl: target.url, db, prepared }) });
  const app = swappableApp({ holder: defs.holder, build: (current) => createApp({ runtime: current, auth: 'required', loginPerIpPerMinute: 1000, definitions: defs }) });
  const server = createServer(app).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const first = defs.holder.current();
  const rt = new Proxy(first, {
    get(_t, key) {
      if (key === 'close') {
        return async () => {
          await defs.close();
          if (db.dialect === 'postgres' && target.schema) await db.knex.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [target.schema]);
          await db.destroy();
        };
      }
      const current = defs.holder.current() as unknown as Record<string | symbol, unknown>;
      return current[key];
    },
  }) as unknown as TestRuntime;
  const api: TestServer = {
    url,
    async request(method, path, options = {}) {
      const res = await fetch(url + path, { method, headers: { ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(options.headers ?? {}) }, body: options.body !== undefined ? JSON.stringify(options.body) : options.raw });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
  return { rt, api, defs };
}

export async function startStudio({ seed = true, viewport = { width: 1366, height: 820 }, live = false, engine = false } = {}): Promise<Studio> {
  const started = live ? await startLive() : null;
  const rt = started?.rt ?? await createTestRuntime({ appDir: SALES_CRM });
  if (seed) await runSeed(rt, (await loadSeedPlan(SALES_CRM))!);
  const hash = await hashPassword(PASSWORD);
  await rt.db.knex('_users').update({ password_hash: hash });
  if (started) {
    const known = new Set(started.defs.holder.current().app.access.roles.keys());
    for (const email of ['designer@example.com', 'designer2@example.com']) await createUser(rt.db.knex, { email, name: email.split('@')[0], password: PASSWORD, roles: ['designer'] }, known);
  }
  const users = new Map(((await rt.db.knex('_users').select('id', 'email')) as { id: number; email: string }[]).map((u) => [u.email, Number(u.id)]));
  const api = started?.api ?? await startTestServer(rt, { auth: 'required', loginPerIpPerMinute: 1000 });
  if (started && engine) {
    started.defs.holder.startServices((current) => {
      const e = createEngine({ rt: current as Parameters<typeof createEngine>[0]['rt'] });
      void e.start();
      return async () => { await e.stop(); };
    });
  }
  const profile = mkdtempSync(join(tmpdir(), 'crm-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, viewport, locale: 'en-US', timezoneId: 'UTC', acceptDownloads: true,
    // Only so the tests can inject axe-core; the app itself runs under its real CSP (checked by a test).
    bypassCSP: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  context.setDefaultTimeout(15_000);
  const consoleErrors: string[] = [];
  const watch = (page: Page): Page => {
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    return page;
  };
  const page = watch(context.pages()[0] ?? (await context.newPage()));
  mkdirSync(SHOTS, { recursive: true });
  const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return {
    rt, api, url: api.url, context, page, users, consoleErrors, defs: started?.defs ?? null,
    newPage: async () => watch(await context.newPage()),
    async login(p, email) {
      await p.goto(`${api.url}/login`);
      await p.locator('input[name=email]').fill(email);
      await p.locator('input[name=password]').fill(PASSWORD);
      await p.getByRole('button', { name: 'Sign in' }).click();
      await p.getByTestId('user-menu').waitFor();
      // The first list (where / leads) is on screen.
      await p.locator('main h2').first().waitFor();
    },
    async shot(p, name) {
      await p.screenshot({ path: join(SHOTS, `${name}.png`) });
    },
    async axe(p) {
      await p.addScriptTag({ content: axeSource });
      const result = (await p.evaluate(async () => {
        const w = window as unknown as { axe: { run(ctx: Document, opts: unknown): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } };
        return w.axe.run(document, { resultTypes: ['violations'] });
      }));
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
    },
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
      await api.close();
      await rt.close();
    },
  };
}

/** Calls the API as a user with a session of their own (a second browser tab would share the cookie). */
export async function apiAs(url: string, email: string): Promise<(method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; body: any }>> {
  const res = await fetch(`${url}/api/v1/_auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { data } = (await res.json()) as { data: { csrfToken: string } };
  return async (method, path, body, headers = {}) => {
    const r = await fetch(url + path, {
      method, body: body === undefined ? undefined : JSON.stringify(body),
      headers: { cookie: cookies, 'x-csrf-token': data.csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  };
}
