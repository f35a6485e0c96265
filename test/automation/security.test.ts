// Security cases of automations: SQ-04 (template values are data, never SQL), SR-01..SR-04
// through the webhook node (internal targets refused after resolution, one uniform error, nothing
// of the target echoed), XS-04 (logic-less templates; HTML e-mail escapes variables).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApp } from '../../runtime/definition/load.js';
import { validateApp } from '../../runtime/definition/validate.js';
import { type AutoRuntime, appWith, automationRuntime } from './helpers.js';

const sent: { message: unknown }[] = [];

describe('automation security cases', () => {
  let a: AutoRuntime;
  beforeAll(async () => {
    a = await automationRuntime([
      {
        name: 'copy_title', trigger: { type: 'record.updated', entity: 'contact', changedFields: ['note'] },
        nodes: [
          { id: 'check', type: 'condition', config: { condition: { note: { contains: '\'' } } } },
          { id: 'copy', type: 'record.update', config: { values: { name: '{{record.note}}', email: 'x{{record.score}}@example.com' } } },
        ],
      },
      {
        name: 'internal_call', trigger: { type: 'field.changed', entity: 'contact', field: 'status', to: 'lost' },
        retry: { maxAttempts: 1 },
        nodes: [{ id: 'call', type: 'webhook.call', config: { url: '{{record.note}}' } }],
      },
      {
        name: 'html_mail', trigger: { type: 'field.changed', entity: 'contact', field: 'status', to: 'active' },
        nodes: [
          { id: 'html', type: 'message.send', config: { channel: 'email', to: 'a@example.com', subject: 'Hi {{record.name}}', body: '<p>Hello {{record.name}}</p>', html: true } },
          { id: 'plain', type: 'message.send', config: { channel: 'test', to: 'a@example.com', body: 'Hello {{record.name}}' } },
        ],
      },
    ], { extras: { email: { transport: { jsonTransport: true }, from: 'crm@example.com', onSent: (info) => sent.push(info) } } });
  });
  afterAll(() => a.close());

  it('SQ-04 a value with SQL in it is stored as text through a template and a condition; the table is intact', async () => {
    const id = await a.create('contact', { name: 'Victim', email: 'v@example.com' });
    const other = await a.create('contact', { name: 'Bystander' });
    const evil = '\'; DELETE FROM contact;--';
    await a.update('contact', id, { note: evil });
    await a.engine.drain();
    expect((await a.get('contact', id)).name).toBe(evil);
    expect((await a.get('contact', other)).name).toBe('Bystander');
    expect((await a.runs('copy_title')).at(-1)!.status).toBe('succeeded');
  });

  it('SR-01/SR-04 the webhook node refuses internal targets in any form with one uniform error that echoes nothing', async () => {
    const targets = ['http://169.254.169.254/latest/meta-data', 'http://127.0.0.1:9/', 'http://[::ffff:127.0.0.1]/', 'http://0x7f000001/', 'http://localhost./', 'file:///etc/passwd'];
    const errors: unknown[] = [];
    for (const url of targets) {
      const id = await a.create('contact', { name: 'Target', note: url });
      await a.update('contact', id, { status: 'lost' });
      await a.engine.drain();
      const run = (await a.runs('internal_call')).at(-1)!;
      expect(run.status).toBe('dead');
      errors.push(run.error);
    }
    const network = errors.slice(0, 5);
    expect(new Set(network.map((e) => JSON.stringify(e))).size).toBe(1);
    expect(network[0]).toMatchObject({ message: 'the URL can not be used: it is not allowed or did not answer' });
    expect(errors[5]).toMatchObject({ message: 'only http and https URLs are allowed' });
  });

  it('SR-03 a name resolving to an internal address is refused after resolution', async () => {
    const b = await automationRuntime([
      { name: 'call', trigger: { type: 'record.created', entity: 'contact' }, retry: { maxAttempts: 1 }, nodes: [{ id: 'call', type: 'webhook.call', config: { url: 'http://rebind.example.com/' } }] },
    ], { options: { resolve: async () => [{ address: '10.0.0.7', family: 4 }] } });
    try {
      await b.create('contact', { name: 'x' });
      await b.engine.drain();
      expect((await b.runs('call'))[0]).toMatchObject({ status: 'dead', error: { message: 'the URL can not be used: it is not allowed or did not answer' } });
    } finally {
      await b.close();
    }
  });

  it('XS-04 HTML e-mail escapes template variables; plain channels keep the text as written', async () => {
    const id = await a.create('contact', { name: '<script>alert(1)</script> & Co' });
    await a.update('contact', id, { status: 'active' });
    await a.engine.drain();
    const mail = JSON.parse(String((sent.at(-1)!.message))) as { html: string; subject: string };
    expect(mail.html).toBe('<p>Hello &lt;script&gt;alert(1)&lt;&#x2F;script&gt; &amp; Co</p>');
    expect(mail.subject).toBe('Hi <script>alert(1)</script> & Co');
    expect((await a.messages()).at(-1)!.body).toBe('Hello <script>alert(1)</script> & Co');
  });

  it('XS-04 templates can not run code: prototype names, partials and delimiter changes are definition errors', () => {
    const app = appWith([{
      name: 'evil', trigger: { type: 'record.created', entity: 'contact' },
      nodes: [{ id: 'm', type: 'message.send', config: { channel: 'test', to: 'a@example.com', subject: '{{constructor.constructor(\'return process\')()}}', body: '{{record.constructor.name}} {{> partial}} {{=<% %>=}}' } }],
    }]);
    try {
      const result = validateApp(loadApp({ dir: app.dir }).raw);
      expect(result.ok).toBe(false);
      const problems = result.ok ? [] : result.problems.map((p) => [p.pointer, p.message]);
      expect(problems).toEqual(expect.arrayContaining([
        ['/nodes/0/config/subject', expect.stringMatching(/not allowed|unknown/)],
        ['/nodes/0/config/body', expect.stringMatching(/not allowed/)],
        ['/nodes/0/config/body', expect.stringMatching(/partials/)],
      ]));
    } finally {
      app.remove();
    }
  });
});
