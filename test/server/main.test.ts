// `npm start`'s server as a real process from the compiled build: env config, validate, migrate,
// serve, the first-run console, graceful stop — also through npm.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MINI_APP, ROOT } from '../helpers/testRuntime.js';
import { crm, isAlive, serverCommand, startServer, until } from './process.js';

const tempDb = (): { dir: string; url: string } => {
  const dir = mkdtempSync(join(tmpdir(), 'crm-main-'));
  return { dir, url: `sqlite:${join(dir, 'crm.sqlite')}` };
};

describe('server process', () => {
  it('should start from env, serve the API beside the CLI on the same database and stop gracefully on SIGTERM', async () => {
    const { url } = tempDb();
    const server = await startServer(...serverCommand(), { DATABASE_URL: url, CRM_APP: MINI_APP });
    const add = await crm(['user', 'add', '--email', 'Boss@Example.com', '--roles', 'admin', '--app', MINI_APP, '--database', url]);
    expect(add.stdout).toMatch(/^\S{10,}$/);
    expect(add.stderr).toContain(`adding the user to ${url}`);
    const token = await crm(['token', '--user', 'boss@example.com', '--database', url]);
    expect(token.stdout).toMatch(/^crmt_[A-Za-z0-9_-]+$/);
    expect(token.stderr).toContain(`storing the token in ${url}`);
    const base = `http://127.0.0.1:${server.port}`;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const body = JSON.stringify({ name: 'p', sku: 'S1' });
    expect((await fetch(`${base}/api/v1/product`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status).toBe(401);
    const created = await fetch(`${base}/api/v1/product`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token.stdout}` }, body });
    expect(created.status).toBe(201);
    const login = await fetch(`${base}/api/v1/_auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'boss@example.com', password: add.stdout }) });
    expect(login.status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 60_000);

  it('should print a first-run console that names the database and carries it in its hints, without a flood of migration lines', async () => {
    const { dir, url } = tempDb();
    // logins of another database in the shared credentials file must not be offered for this one
    const credentials = join(dir, 'demo-credentials.txt');
    writeFileSync(credentials, '# Demo logins\nmanager@example.com            abcde-fghjk-mnpqr-stuvw   roles: sales_manager\n');
    const server = await startServer(...serverCommand(), { DATABASE_URL: url, CRM_APP: MINI_APP, CRM_SEED: 'on', CRM_CREDENTIALS_FILE: credentials });
    server.child.kill('SIGTERM');
    await server.exited;
    const out = server.output();
    expect(out).toContain(`Database:  ${url}`);
    expect(out).not.toContain('manager@example.com');
    expect(out).toContain(`DATABASE_URL=${url} CRM_APP=${MINI_APP} npx crm user add --email you@example.com --roles admin`);
    expect(out).toContain(`DATABASE_URL=${url} CRM_APP=${MINI_APP} npx crm token --user <email>`);
    expect(out).not.toMatch(/create table/i);
    expect(out).toMatch(/"steps":\d+,"msg":"migrated the database/);
  }, 60_000);

  it('should list the demo logins that log in to this database', async () => {
    const { dir, url } = tempDb();
    const credentials = join(dir, 'demo-credentials.txt');
    const add = await crm(['user', 'add', '--email', 'demo@example.com', '--roles', 'admin', '--app', MINI_APP, '--database', url]);
    writeFileSync(credentials, `demo@example.com  wrong-password-1   roles: admin\nother@example.com  x-x-x-x   roles: admin\ndemo@example.com  ${add.stdout}   roles: admin\n`);
    const server = await startServer(...serverCommand(), { DATABASE_URL: url, CRM_APP: MINI_APP, CRM_SEED: 'on', CRM_CREDENTIALS_FILE: credentials });
    server.child.kill('SIGTERM');
    await server.exited;
    const out = server.output();
    expect(out).toContain(`demo@example.com  ${add.stdout}   roles: admin`);
    expect(out).not.toContain('wrong-password-1');
    expect(out).not.toContain('other@example.com');
    expect(out).not.toContain('No users yet');
  }, 60_000);

  // npm passes SIGTERM/SIGINT only to its direct child: the start script execs the server so that
  // child is the server; if npm itself dies (SIGKILL), the orphaned server stops on its own.
  it.each(['SIGTERM', 'SIGINT', 'SIGKILL'] as const)('should stop the server when npm start gets %s', async (signal) => {
    const { url } = tempDb();
    const npm = process.env.npm_execpath;
    // npm_execpath is npm's own CLI when the tests run under npm (npm test, npx vitest)
    const [command, args] = npm && /npm-cli\.[cm]?js$/.test(npm) ? [process.execPath, [npm, 'start']] : ['npm', ['start']];
    const started = await startServer(command, args, { DATABASE_URL: url, CRM_APP: MINI_APP });
    expect(started.serverPid).not.toBe(started.child.pid);
    started.child.kill(signal);
    await started.exited;
    await until(() => !isAlive(started.serverPid), 'the server to exit after npm was signalled');
    expect(started.output()).toMatch(/"msg":"shutting down"/);
  }, 60_000);

  it('should answer a busy port with one line and exit status 1', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const port = (blocker.address() as { port: number }).port;
    const { url } = tempDb();
    const child = spawn(...serverCommand(), { cwd: ROOT, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', CRM_SEED: 'off', DATABASE_URL: url, CRM_APP: MINI_APP }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => { err += c.toString(); });
    const [code] = await once(child, 'exit');
    blocker.close();
    expect(code).toBe(1);
    expect(err.trim().split('\n')).toEqual([`port ${port} is in use; set PORT=… to another port (PORT=${port + 1} npm start)`]);
  }, 60_000);

  it('should refuse to start with an invalid app and name the problem', async () => {
    const child = spawn(...serverCommand(), { cwd: ROOT, env: { ...process.env, PORT: '0', CRM_APP: join(ROOT, 'test'), DATABASE_URL: 'sqlite::memory:' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => { err += c.toString(); });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(err).toMatch(/app\.json/);
  }, 60_000);
});
