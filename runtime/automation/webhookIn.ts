// Incoming webhooks: POST /api/v1/_hooks/<automation>. The sender signs `<timestamp>.<raw body>`
// with HMAC-SHA256 and the secret held in the rule's `secretEnv` environment variable, and sends
// `X-CRM-Timestamp: <unix seconds>` and `X-CRM-Signature: sha256=<hex>`. The signature is compared
// in constant time; a timestamp more than 5 minutes off is refused, so a captured request can not
// be replayed later. Every refusal looks the same from outside.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { appError } from '../errors/catalog.js';
import { isPlainObject, parseJsonSafe } from '../json.js';
import type { AutomatedRuntime } from './engine.js';
import { enqueueRun } from './ops.js';
import { SYSTEM_RUN_ACTOR } from './actor.js';

export const SIGNATURE_HEADER = 'x-crm-signature';
export const TIMESTAMP_HEADER = 'x-crm-timestamp';
export const HOOK_TOLERANCE_S = 300;
export const HOOK_BODY_LIMIT = 256 * 1024;

/** The signature header value for a body: what a sender computes. */
export function signWebhook(secret: string, timestamp: number, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

const refused = () => appError('UNAUTHENTICATED', 'the webhook signature is missing, wrong or expired');

export async function receiveWebhook(rt: AutomatedRuntime, { name, body, headers, env = process.env }: { name: string; body: Buffer; headers: Record<string, string | string[] | undefined>; env?: NodeJS.ProcessEnv }): Promise<number> {
  const rule = rt.automation.rules.get(name);
  const secretEnv = rule?.trigger.type.type === 'webhook' ? String(rule.trigger.config.secretEnv) : null;
  const secret = secretEnv ? env[secretEnv] : undefined;
  // Unknown rule, not a webhook rule, or no secret configured: the same 404, so names can not be probed.
  if (!rule || !secret || secret.length < 16) throw appError('NOT_FOUND', 'no such webhook');
  const ts = String(headers[TIMESTAMP_HEADER] ?? '');
  const sig = String(headers[SIGNATURE_HEADER] ?? '');
  const now = Math.floor(rt.automation.clock().getTime() / 1000);
  if (!/^\d{1,12}$/.test(ts) || Math.abs(now - Number(ts)) > HOOK_TOLERANCE_S || !/^sha256=[0-9a-f]{64}$/.test(sig)) throw refused();
  const expected = Buffer.from(signWebhook(secret, Number(ts), body));
  if (!timingSafeEqual(expected, Buffer.from(sig))) throw refused();
  if (!rt.automation.isEnabled(name)) throw appError('CONFLICT', `"${name}" is disabled`);
  let payload: unknown;
  try {
    payload = parseJsonSafe(body.toString('utf8'));
  } catch {
    throw appError('MALFORMED_REQUEST', 'the body is not valid JSON');
  }
  if (!isPlainObject(payload)) throw appError('MALFORMED_REQUEST', 'the body must be a JSON object');
  const kept = Object.fromEntries(['content-type', 'user-agent', 'x-request-id'].filter((h) => typeof headers[h] === 'string').map((h) => [h, headers[h]]));
  return enqueueRun(rt.db.knex, rt, rule, { event: { type: 'webhook', body: payload as never, headers: kept as never }, entity: null, recordId: null, depth: 1, parentRun: null, actor: SYSTEM_RUN_ACTOR });
}
