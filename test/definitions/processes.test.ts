// Two real server processes on one database: an apply through one is served by it at once and
// picked up by the other within its poll interval; the automation engine runs the new rules.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MINI_APP } from '../helpers/testRuntime.js';
import { crm, serverCommand, startServer } from '../server/process.js';

const TICKET = { name: 'ticket', fields: [{ name: 'title', type: 'text', required: true }, { name: 'priority', type: 'integer' }] };
const ESCALATE = {
  name: 'escalate', enabled: true, trigger: { type: 'record.created', entity: 'ticket', condition: { priority: { gte: 4 } } },
  nodes: [{ id: 'notify', type: 'message.send', config: { channel: 'test', to: 'leads@example.com', subject: 'Urgent: {{record.title}}', body: 'priority {{record.priority}}' } }],
  edges: [],
};

/** Asks until the answer is what is wanted (a deadline, no fixed sleep). */
async function eventually<T>(ask: () => Promise<T>, ok: (v: T) => boolean, limitMs = 20_000): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  for (;;) {
    const value = await ask();
    if (ok(value)) return { value, ms: Date.now() - started };
    if (Date.now() - started > limitMs) throw new Error(`still ${JSON.stringify(value)} after ${limitMs} ms`);
    await new Promise((r) => setImmediate(r));
  }
}

describe('definitions across processes', () => {
  it('an apply through one server is served at once there and within the poll interval by another, and its rules run', async () => {
    const url = `sqlite:${join(mkdtempSync(join(tmpdir(), 'crm-defs-proc-')), 'crm.sqlite')}`;
    const env = { DATABASE_URL: url, CRM_APP: MINI_APP, CRM_DEFINITIONS_POLL_MS: '250' };
    const a = await startServer(...serverCommand(), env);
    const b = await startServer(...serverCommand(), env);
    try {
      expect((await crm(['user', 'add', '--email', 'boss@example.com', '--roles', 'admin', '--database', url, '--app', MINI_APP])).code).toBe(0);
      const token = (await crm(['token', '--user', 'boss@example.com', '--database', url])).stdout;
      const call = async (port: number, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
        const res = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
        return { status: res.status, body: (await res.json().catch(() => null)) as any };
      };
      expect((await call(a.port, 'PUT', '/api/v1/_definitions/entity/ticket', TICKET)).status).toBe(200);
      expect((await call(a.port, 'PUT', '/api/v1/_definitions/automation/escalate', ESCALATE)).status).toBe(200);
      const plan = await call(a.port, 'POST', '/api/v1/_definitions/_plan');
      expect(plan.status).toBe(200);
      const applied = await call(a.port, 'POST', '/api/v1/_definitions/_apply', { hash: plan.body.data.hash });
      expect(applied.status, JSON.stringify(applied.body)).toBe(200);

      expect((await call(a.port, 'POST', '/api/v1/ticket', { title: 'Server down', priority: 5 })).status).toBe(201);
      const picked = await eventually(() => call(b.port, 'GET', '/api/v1/ticket').then((r) => r.status), (s) => s === 200);
      expect(picked.ms).toBeLessThan(10_000);
      const sent = await eventually(() => call(a.port, 'GET', '/api/v1/_channels/test/messages'), (r) => r.status === 200 && r.body.data.length > 0);
      expect(sent.value.body.data[0]).toMatchObject({ subject: 'Urgent: Server down' });
    } finally {
      a.child.kill('SIGTERM');
      b.child.kill('SIGTERM');
    }
    expect(await a.exited).toBe(0);
    expect(await b.exited).toBe(0);
  }, 90_000);
});
