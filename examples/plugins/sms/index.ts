// A message channel: SMS through an HTTP gateway. Automation rules send with
// `{"type": "message.send", "channel": "sms", "to": "{{record.mobile}}", "body": "…"}`.
// The gateway is the operator's (CRM_SMS_GATEWAY_URL, with CRM_SMS_GATEWAY_TOKEN as a bearer
// token): the channel POSTs {to, body, idempotencyKey} as JSON and expects a 2xx with an `id`.
// A retried step sends the same idempotency key, so a gateway that honours it sends once.
import { appError, definePlugin } from '../../../runtime/index.js';
import { mobileDigits } from '../cn-mobile/index.js';

const TIMEOUT_MS = 10_000;

export default definePlugin({
  name: 'sms',
  version: '1.0.0',
  description: 'An "sms" message channel through an HTTP SMS gateway (CRM_SMS_GATEWAY_URL).',
  requires: { platform: '>=0.1.0' },
  channels: [{
    name: 'sms',
    description: 'SMS to a mainland-China mobile number through the gateway at CRM_SMS_GATEWAY_URL; the body is plain text (at most 500 characters).',
    html: false,
    transactional: false,
    async send({ message, idempotencyKey }) {
      const url = process.env.CRM_SMS_GATEWAY_URL;
      if (!url) throw appError('VALIDATION_FAILED', 'the sms channel has no gateway: set CRM_SMS_GATEWAY_URL');
      const digits = mobileDigits(message.to);
      if (!digits) throw appError('VALIDATION_FAILED', `"${message.to.slice(0, 40)}" is not a mobile number`);
      if (message.body.length > 500) throw appError('VALIDATION_FAILED', 'an SMS body has at most 500 characters');
      const token = process.env.CRM_SMS_GATEWAY_TOKEN;
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey, ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ to: `+86${digits}`, body: message.body, idempotencyKey }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      // A failure throws: the engine retries the step with backoff, then moves the run to the dead letter.
      if (!res.ok) throw new Error(`the SMS gateway answered ${res.status}`);
      const answer = (await res.json().catch(() => ({}))) as { id?: unknown };
      return { id: String(answer.id ?? idempotencyKey) };
    },
  }],
});
