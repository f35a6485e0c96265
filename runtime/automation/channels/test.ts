// The "test" channel keeps every message in the database, written in the transaction of the step
// that sent it (exactly once). Readable at GET /api/v1/_channels/test/messages: for tests, demos
// and consultants trying rules out without a mail server.
import type { Knex } from 'knex';
import type { ChannelType } from '../types.js';

export const testChannel: ChannelType = {
  name: 'test',
  description: 'Keeps messages in the database (`GET /api/v1/_channels/test/messages`, administrators); nothing leaves the server.',
  html: false,
  transactional: true,
  async send({ message, idempotencyKey, trx, automation, runId }) {
    if (!trx) throw new Error('the test channel writes inside the step\'s transaction');
    await trx('_test_messages').insert({
      idempotency_key: idempotencyKey, automation, run_id: runId, recipient: message.to, subject: message.subject ?? null,
      body: message.body, html: message.html, created_at: new Date().toISOString(),
    }).onConflict('idempotency_key').ignore();
    return { id: idempotencyKey };
  },
};

export interface TestMessage { id: number; automation: string; runId: number; to: string; subject: string | null; body: string; html: boolean; createdAt: string }

export async function listTestMessages(k: Knex, options: { limit?: number; automation?: string } = {}): Promise<TestMessage[]> {
  const qb = k('_test_messages').orderBy('id', 'desc').limit(Math.min(500, options.limit ?? 100));
  if (options.automation) qb.where('automation', options.automation);
  const rows = (await qb) as Record<string, unknown>[];
  return rows.map((r) => ({
    id: Number(r.id), automation: String(r.automation), runId: Number(r.run_id), to: String(r.recipient), subject: (r.subject as string | null) ?? null,
    body: String(r.body), html: r.html === true || r.html === 1, createdAt: r.created_at instanceof Date ? r.created_at.toISOString() : String(r.created_at),
  }));
}

export async function clearTestMessages(k: Knex): Promise<number> {
  return k('_test_messages').delete();
}
