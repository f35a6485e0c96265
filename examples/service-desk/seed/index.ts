// Demo data of the service desk: two support people, four customers, three products and a dozen
// tickets in every state, the closed ones rated. Rows refer to each other by match key (customer
// e-mail, product SKU) and to users by e-mail; dates are relative to the day of the seed
// (CRM_SEED_TODAY=YYYY-MM-DD pins it), so "overdue" and "this week" always have something to show.

interface SeedPlan {
  users: { email: string; name: string; roles?: string[]; team?: string }[];
  batches: { entity: string; matchKey: string[]; records: Record<string, unknown>[] }[];
}

const DAY = 86_400_000;

function today(): Date {
  const pinned = process.env.CRM_SEED_TODAY;
  const d = pinned && /^\d{4}-\d{2}-\d{2}$/.test(pinned) ? new Date(`${pinned}T00:00:00Z`) : new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}
const dayOffset = (base: Date, days: number): string => new Date(base.getTime() + days * DAY).toISOString().slice(0, 10);
const at = (base: Date, days: number, hour: number): string => new Date(base.getTime() + days * DAY + hour * 3_600_000).toISOString();

const LEAD = 'lena.lead@example.com';
const REP = 'rui.rep@example.com';

export default function buildSeed(): SeedPlan {
  const base = today();
  const customer = (email: string) => ({ $match: { email } });
  const product = (sku: string) => ({ $match: { sku } });
  const ticket = (n: number, t: Record<string, unknown>) => ({ external_id: `DEMO-${String(n).padStart(3, '0')}`, ...t });
  return {
    users: [
      { email: LEAD, name: 'Lena Lead', roles: ['admin'], team: 'support' },
      { email: REP, name: 'Rui Rep', roles: ['support_rep'], team: 'support' },
    ],
    batches: [
      { entity: 'product', matchKey: ['sku'], records: [
        { sku: 'VPN-GW', name: 'VPN gateway' },
        { sku: 'MAIL', name: 'Hosted mail' },
        { sku: 'BACKUP', name: 'Cloud backup' },
      ] },
      { entity: 'customer', matchKey: ['email'], records: [
        { name: 'Acme GmbH', email: 'info@acme.example', phone: '+49 30 1234567', website: 'https://acme.example', tier: 'premium' },
        { name: 'Bäckerei Sonne', email: 'kontakt@sonne.example', phone: '+49 89 555 0101', tier: 'standard' },
        { name: 'Nordwind Logistik AG', email: 'it@nordwind.example', website: 'https://nordwind.example', tier: 'premium' },
        { name: 'Studio Kranich', email: 'hallo@kranich.example', tier: 'standard', active: false },
      ] },
      { entity: 'ticket', matchKey: ['external_id'], records: [
        ticket(1, { subject: 'VPN drops every hour', customer: customer('info@acme.example'), assignee: { $user: REP }, priority: 4, channels: ['email', 'phone'], labels: ['vpn', 'network'], opened_on: dayOffset(base, -3), hours: '1.5', rate: '90', products: [product('VPN-GW')] }),
        ticket(2, { subject: 'Mailbox full for the sales team', customer: customer('info@acme.example'), assignee: { $user: REP }, status: 'closed', priority: 3, channels: ['email'], opened_on: dayOffset(base, -12), resolved_at: at(base, -11, 15), hours: '0.75', rate: '90', satisfaction: 5, products: [product('MAIL')] }),
        ticket(3, { subject: 'Restore a deleted folder', customer: customer('kontakt@sonne.example'), assignee: { $user: LEAD }, status: 'closed', priority: 4, channels: ['phone'], opened_on: dayOffset(base, -9), resolved_at: at(base, -9, 17), hours: '2', rate: '75', discount: 10, satisfaction: 4, products: [product('BACKUP')] }),
        ticket(4, { subject: 'New employee needs an account', customer: customer('kontakt@sonne.example'), status: 'waiting', priority: 2, channels: ['email'], opened_on: dayOffset(base, -2), products: [product('MAIL')] }),
        ticket(5, { subject: 'Backups did not run last night', customer: customer('it@nordwind.example'), assignee: { $user: LEAD }, priority: 5, channels: ['chat', 'phone'], labels: ['backup', 'urgent'], opened_on: dayOffset(base, -1), hours: '3', rate: '110', products: [product('BACKUP')] }),
        ticket(6, { subject: 'Slow VPN from the warehouse', customer: customer('it@nordwind.example'), priority: 3, channels: ['email'], labels: ['vpn'], opened_on: dayOffset(base, 0), products: [product('VPN-GW')] }),
        ticket(7, { subject: 'Spam filter too strict', customer: customer('it@nordwind.example'), assignee: { $user: REP }, status: 'closed', priority: 2, channels: ['email'], opened_on: dayOffset(base, -20), resolved_at: at(base, -18, 10), hours: '1', rate: '110', satisfaction: 3, products: [product('MAIL')] }),
        ticket(8, { subject: 'Invoice question', customer: customer('hallo@kranich.example'), assignee: { $user: LEAD }, status: 'closed', priority: 1, channels: ['email'], opened_on: dayOffset(base, -30), resolved_at: at(base, -29, 9), hours: '0.25', rate: '75', satisfaction: 2 }),
        ticket(9, { subject: 'Certificate expires next week', customer: customer('info@acme.example'), priority: 4, channels: ['email'], labels: ['vpn', 'security'], opened_on: dayOffset(base, -6), products: [product('VPN-GW')], metadata: { source: 'monitoring' } }),
        ticket(10, { subject: 'Add a second backup location', customer: customer('info@acme.example'), assignee: { $user: LEAD }, status: 'waiting', priority: 3, channels: ['phone'], opened_on: dayOffset(base, -4), products: [product('BACKUP')] }),
        ticket(11, { subject: 'Out-of-office replies loop', customer: customer('kontakt@sonne.example'), assignee: { $user: REP }, status: 'closed', priority: 3, channels: ['chat'], opened_on: dayOffset(base, -15), resolved_at: at(base, -14, 16), hours: '1.25', rate: '75', satisfaction: 4, products: [product('MAIL')] }),
        ticket(12, { subject: 'Phone support hours?', customer: customer('hallo@kranich.example'), priority: 1, channels: ['phone'], opened_on: dayOffset(base, 0), metadata: { source: 'portal' } }),
      ] },
    ],
  };
}
