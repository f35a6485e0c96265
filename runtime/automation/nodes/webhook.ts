// Call an outside HTTP endpoint. Only through runtime/net/ssrf.ts: the target is checked after DNS
// resolution, the connection pinned to the checked address, redirects checked again; a refused or
// failed target is one uniform error that never carries what the target answered.
import { appError, type ProblemItem } from '../../errors/catalog.js';
import { safeFetch } from '../../net/ssrf.js';
import type { Json, NodeType } from '../types.js';

const KEPT_BYTES = 64 * 1024;

function parseBody(body: Buffer, contentType: string | undefined): Json {
  const text = body.subarray(0, KEPT_BYTES).toString('utf8');
  if (contentType?.includes('json')) {
    try {
      return JSON.parse(text) as Json;
    } catch {
      return text;
    }
  }
  return text;
}

export const webhookCall: NodeType = {
  type: 'webhook.call',
  description: 'Calls `url` (http/https; {{templates}} allowed) with `method`, `headers` and a JSON `body`. Internal and private addresses are refused (SSRF guard, also after redirects); `timeoutMs` bounds the call (default 10 s). An `Idempotency-Key` header (run and node) lets the receiver drop a repeated call. A 2xx answer\'s status and body (JSON or text, first 64 KB) are `{{steps.<id>.output.status}}` / `.body`; any other answer fails the step (and it is retried).',
  configSchema: {
    required: ['url'],
    properties: {
      url: { type: 'string', minLength: 1, maxLength: 2000 },
      method: { enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] },
      headers: { type: 'object', maxProperties: 50, propertyNames: { pattern: '^[A-Za-z0-9-]{1,100}$' }, additionalProperties: { type: 'string', maxLength: 4000 } },
      body: {},
      timeoutMs: { type: 'integer', minimum: 100, maximum: 30000 },
    },
  },
  effect: () => 'external',
  check(config, ctx) {
    const problems: ProblemItem[] = [];
    const url = String(config.url);
    if (!url.includes('{{') && !/^https?:\/\//i.test(url)) problems.push({ pointer: `${ctx.at}/config/url`, code: 'url_invalid', message: 'only http and https URLs are allowed' });
    for (const h of Object.keys((config.headers as Record<string, string> | undefined) ?? {})) {
      if (['host', 'content-length', 'idempotency-key'].includes(h.toLowerCase())) problems.push({ pointer: `${ctx.at}/config/headers/${h}`, code: 'not_allowed', message: `the ${h} header is set by the platform` });
    }
    return problems;
  },
  async run(args) {
    const method = (args.config.method as string | undefined) ?? (args.config.body === undefined ? 'GET' : 'POST');
    const url = args.render(String(args.config.url)).trim();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries((args.config.headers as Record<string, string> | undefined) ?? {})) headers[k] = args.render(v);
    headers['Idempotency-Key'] = args.idempotencyKey;
    let body: string | undefined;
    if (args.config.body !== undefined) {
      const value = args.resolve(args.config.body);
      body = typeof value === 'string' ? value : JSON.stringify(value);
      if (typeof value !== 'string' && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
    }
    const input = { method, url, headers, ...(body !== undefined ? { body } : {}) } as Json;
    if (args.dryRun) {
      args.dryRun.webhooks.push(input);
      return { status: 'succeeded', input, output: { status: null, body: null, dryRun: true } as Json };
    }
    const res = await safeFetch(url, { method, headers, body }, {
      timeoutMs: (args.config.timeoutMs as number | undefined) ?? 10_000, maxBytes: 1024 * 1024, allow: args.options.webhookAllow, resolve: args.options.resolve,
    });
    if (res.status < 200 || res.status > 299) {
      throw appError('VALIDATION_FAILED', `the webhook answered HTTP ${res.status}`, { errors: [{ pointer: '/url', code: 'webhook_status', message: `HTTP ${res.status}` }] });
    }
    const contentType = res.headers['content-type'];
    return { status: 'succeeded', input, output: { status: res.status, body: parseBody(res.body, typeof contentType === 'string' ? contentType : undefined) } as Json };
  },
  example: { id: 'notify_erp', type: 'webhook.call', config: { url: 'https://erp.example.com/hooks/deal-won', body: { deal: '{{record.id}}', amount: '{{record.amount}}' } } },
};
