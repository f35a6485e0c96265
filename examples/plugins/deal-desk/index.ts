// Hooks and a route for the sales-crm app, typed against its generated record types
// (`crm types --app examples/sales-crm --out examples/plugins/deal-desk/sales-crm.types.ts`):
// - beforeWrite: a deal closed (won or lost) without a close date gets today's date, in the
//   write's transaction, before the pipeline's gate checks it;
// - afterWrite: a won deal is announced to a chat webhook (CRM_DEAL_DESK_WEBHOOK) after the
//   commit, through the automation outbox — retried, and visible as the rule plugin:deal-desk;
// - a route: GET /api/v1/_plugins/deal-desk/accounts/:id/health — an account's open pipeline,
//   won amount and a 0–100 health score, computed from the deals the caller may read.
import { appError, definePlugin } from '../../../runtime/index.js';
import type { Deal, DealCreate } from './sales-crm.types.js';

const CLOSED = new Set(['won', 'lost']);
const today = (): string => new Date().toISOString().slice(0, 10);

export default definePlugin({
  name: 'deal-desk',
  version: '1.0.0',
  description: 'Close dates for closed deals, won-deal announcements, and an account health route.',
  requires: { platform: '>=0.1.0' },
  hooks: {
    beforeWrite({ entity, data, before }) {
      if (entity !== 'deal') return;
      const next = { ...before, ...data } as Partial<DealCreate>;
      if (next.stage && CLOSED.has(next.stage) && !next.closed_on) return { closed_on: today() };
    },
    async afterWrite({ entity, action, after, changed }) {
      const url = process.env.CRM_DEAL_DESK_WEBHOOK;
      if (entity !== 'deal' || !url) return;
      const deal = after as Partial<Deal>;
      if (deal.stage !== 'won' || (action === 'update' && !changed.includes('stage'))) return;
      const res = await fetch(url, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: `Deal won: ${deal.title} (${deal.amount ?? '0'})`, deal: deal.id }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) throw new Error(`the chat webhook answered ${res.status}`); // retried by the engine
    },
  },
  routes: [{
    method: 'get',
    path: '/accounts/:id/health',
    description: 'An account\'s open pipeline, won amount and a 0–100 health score (from the deals the caller may read)',
    async handler({ params, api }) {
      const id = Number(params.id);
      if (!Number.isSafeInteger(id) || id < 1) throw appError('NOT_FOUND', `no account ${params.id.slice(0, 20)}`);
      const account = await api.get('account', id); // 404 when the caller may not read it
      const deals: Partial<Deal>[] = [];
      let cursor: string | null = null;
      do {
        const page = await api.list('deal', { filter: JSON.stringify({ account: { eq: id } }), fields: 'stage,amount', limit: '200', ...(cursor ? { cursor } : {}) });
        deals.push(...(page.data as Partial<Deal>[]));
        cursor = page.meta.nextCursor;
      } while (cursor && deals.length < 5_000);
      const sum = (list: Partial<Deal>[]): number => list.reduce((s, d) => s + Number(d.amount ?? 0), 0);
      const won = deals.filter((d) => d.stage === 'won');
      const lost = deals.filter((d) => d.stage === 'lost');
      const open = deals.filter((d) => d.stage && !CLOSED.has(d.stage));
      const closed = won.length + lost.length;
      const winRate = closed ? won.length / closed : 0;
      const score = Math.round(Math.min(100, winRate * 60 + Math.min(open.length, 4) * 10));
      return { account: { id: account.id, name: account.name }, openDeals: open.length, openAmount: sum(open).toFixed(2), wonAmount: sum(won).toFixed(2), winRate: Number(winRate.toFixed(2)), score };
    },
  }],
});
