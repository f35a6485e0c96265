// `npm start`'s entry point as a real process: env config, validate, migrate, serve, graceful stop.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MINI_APP, ROOT } from '../helpers/testRuntime.js';

function start(env: Record<string, string>): Promise<{ port: number; stop(): Promise<number | null>; output(): string }> {
  const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'server', 'main.ts')], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', CRM_SEED: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const m = /"port":(\d+)[^\n]*"msg":"listening"/.exec(out);
      if (m) resolve({
        port: Number(m[1]),
        output: () => out,
        stop: () => new Promise((done) => { child.once('exit', (code) => done(code)); child.kill('SIGTERM'); }),
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c: Buffer) => { out += c.toString(); });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
  });
}

describe('server process', () => {
  it('starts from env, serves the API and stops gracefully on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crm-main-'));
    const server = await start({ DATABASE_URL: `sqlite:${join(dir, 'crm.sqlite')}`, CRM_APP: MINI_APP });
    // the CLI works against the same database while the server runs (run first: execFileSync blocks this process)
    const cli = (args: string[]): string => execFileSync(process.execPath, [join(ROOT, 'bin', 'crm.js'), ...args, '--app', MINI_APP, '--database', `sqlite:${join(dir, 'crm.sqlite')}`], { encoding: 'utf8' }).trim();
    const password = cli(['user', 'add', '--email', 'Boss@Example.com', '--roles', 'admin']);
    expect(password).toMatch(/^\S{10,}$/);
    const token = cli(['token', '--user', 'boss@example.com']);
    expect(token).toMatch(/^crmt_[A-Za-z0-9_-]+$/);
    const ready = await fetch(`http://127.0.0.1:${server.port}/readyz`);
    expect(ready.status).toBe(200);
    const body = JSON.stringify({ name: 'p', sku: 'S1' });
    const anonymous = await fetch(`http://127.0.0.1:${server.port}/api/v1/product`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(anonymous.status).toBe(401);
    const created = await fetch(`http://127.0.0.1:${server.port}/api/v1/product`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
    expect(created.status).toBe(201);
    const login = await fetch(`http://127.0.0.1:${server.port}/api/v1/_auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'boss@example.com', password }) });
    expect(login.status).toBe(200);
    expect(await server.stop()).toBe(0);
  }, 60_000);

  it('refuses to start with an invalid app and names the problem', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'server', 'main.ts')], {
      env: { ...process.env, PORT: '0', CRM_APP: join(ROOT, 'test'), DATABASE_URL: 'sqlite::memory:' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c: Buffer) => { err += c.toString(); });
    const code = await new Promise((done) => child.once('exit', done));
    expect(code).toBe(1);
    expect(err).toMatch(/app\.json/);
  }, 60_000);
});
