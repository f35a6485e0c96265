// Demo data of the sales CRM: a deterministic plan of users and record batches. The loader writes
// the batches in order with upsert by match key, so targets always exist before the rows that
// point at them, and running the seed twice changes nothing.
import { createCompanyFactory, makeAccounts, makeContacts, settleAccounts } from './accounts.js';
import { CATALOG, MANAGER, REPS } from './data.js';
import { makeActivities, makeLeads } from './engagement.js';
import { accountRecord, contactRecord, dealRecord, orderLineRecord, orderRecord, productRecord } from './records.js';
import { makeDeals, makeOrders } from './sales.js';
import { createRng } from './random.js';

export interface SeedBatch { entity: string; matchKey: string[]; records: Record<string, unknown>[] }
export interface SeedUserPlan { email: string; name: string; roles?: string[]; team?: string; department?: string; managerEmail?: string }
export interface SeedPlan { users: SeedUserPlan[]; batches: SeedBatch[] }

const COUNTS = { accounts: 300, contacts: 900, orders: 500, orderLines: 1500, activities: 2000 } as const;

export default function buildSeed(): SeedPlan {
  // one stream per stage, so a change to one generator does not reshuffle the others
  const companies = createCompanyFactory(createRng(11));
  const accounts = makeAccounts(createRng(21), companies, COUNTS.accounts);
  const contacts = makeContacts(createRng(31), accounts, COUNTS.contacts);
  const deals = makeDeals(createRng(41), accounts);
  const orders = makeOrders(createRng(51), accounts, deals, COUNTS.orders, COUNTS.orderLines);
  settleAccounts(createRng(61), accounts);
  const leads = makeLeads(createRng(71), companies, deals, contacts);
  const activities = makeActivities(createRng(81), accounts, leads.leads, COUNTS.activities);
  const detail = createRng(91);

  return {
    users: [
      { email: 'admin@example.com', name: 'Administrator', roles: ['admin'], department: 'it' },
      { email: MANAGER.email, name: MANAGER.name, roles: ['sales_manager'], team: 'sales', department: 'sales' },
      ...REPS.map(({ email, name }) => ({ email, name, roles: ['sales_rep'], team: 'sales', department: 'sales', managerEmail: MANAGER.email })),
      { email: 'zhao.li@example.com', name: '赵丽 (Zhao Li)', roles: ['viewer'], department: 'finance' },
    ],
    batches: [
      { entity: 'product', matchKey: ['sku'], records: CATALOG.map((p) => productRecord(detail, p)) },
      { entity: 'account', matchKey: ['external_id'], records: accounts.map((a) => accountRecord(detail, a)) },
      { entity: 'contact', matchKey: ['email'], records: contacts.map((c) => contactRecord(detail, c)) },
      { entity: 'deal', matchKey: ['external_id'], records: deals.map((d) => dealRecord(detail, d)) },
      { entity: 'lead', matchKey: ['email'], records: leads.records },
      { entity: 'order', matchKey: ['external_id'], records: orders.map((o) => orderRecord(detail, o)) },
      {
        entity: 'order_line', matchKey: ['external_id'],
        records: orders.flatMap((o) => o.lines.map((l) => orderLineRecord(detail, o, l))),
      },
      { entity: 'activity', matchKey: ['external_id'], records: activities },
    ],
  };
}
