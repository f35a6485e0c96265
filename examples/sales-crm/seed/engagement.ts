// Leads and activities (calls, visits, emails, meetings): the timeline of the 360° view.
import { fullName, makePerson, mobile } from './accounts.js';
import {
  CALL_SUBJECTS, EMAIL_SUBJECTS, JOBS, LEAD_SUBJECTS, MEETING_SUBJECTS, REPS, VISIT_GOALS, VISIT_REPORTS,
  type Category, type Lang,
} from './data.js';
import { ANCHOR_DAY, PAID_STATUSES, type Account, type Company, type Contact, type Deal, type Source } from './model.js';
import { isoDate, isoDateTime, money, type Rng } from './random.js';
import { byKey, compact, user, type SeedRecord } from './refs.js';

type LeadStatus = 'new' | 'contacted' | 'qualified' | 'unqualified' | 'converted';
const LEAD_MIX: readonly (readonly [LeadStatus, number])[] = [
  ['new', 100], ['contacted', 100], ['qualified', 80], ['unqualified', 60], ['converted', 60],
];
const SCORE: Readonly<Record<LeadStatus, readonly [number, number]>> = {
  new: [10, 75], contacted: [20, 85], qualified: [55, 98], unqualified: [0, 40], converted: [60, 100],
};
const CATEGORIES: readonly Category[] = ['hardware', 'software', 'subscription', 'service', 'consumable'];
const LEAD_SOURCES: readonly (readonly [Source, number])[] = [
  ['website', 24], ['trade_show', 16], ['advertising', 12], ['social_media', 12], ['email_campaign', 10],
  ['cold_call', 10], ['referral', 10], ['partner', 6],
];
const UTM: Partial<Record<Source, { source: readonly string[]; medium: string }>> = {
  website: { source: ['baidu', 'google', 'bing'], medium: 'organic' },
  advertising: { source: ['baidu', 'toutiao', 'linkedin'], medium: 'cpc' },
  social_media: { source: ['wechat', 'weibo', 'linkedin'], medium: 'social' },
  email_campaign: { source: ['newsletter'], medium: 'email' },
};
const CAMPAIGNS = ['2026-spring-expo', '2026-digital-factory', '2026-q3-webinar', 'retail-pos-2026', 'cloud-migration-offer'];

export interface LeadInfo {
  email: string; name: string; lang: Lang; status: LeadStatus; owner: string;
  nextFollowUp?: number; convertedDay?: number;
}

export function makeLeads(
  rng: Rng, makeCompany: (lang: Lang) => Company, deals: Deal[], contacts: Contact[],
): { leads: LeadInfo[]; records: SeedRecord[] } {
  const statuses = rng.shuffle(LEAD_MIX.flatMap(([s, n]) => Array.from({ length: n }, () => s)));
  const usedEmails = new Set(contacts.map((c) => c.email));
  const converted = statuses.filter((s) => s === 'converted').length;
  // converted leads became the primary contacts of new-business deals
  const conversions: { deal: Deal; contact: Contact }[] = [];
  const taken = new Set<Contact>();
  for (const deal of rng.shuffle(deals.filter((d) => d.dealType === 'new_business'))) {
    if (conversions.length === converted) break;
    if (deal.contact && !taken.has(deal.contact)) { taken.add(deal.contact); conversions.push({ deal, contact: deal.contact }); }
  }
  const leads: LeadInfo[] = [];
  const records: SeedRecord[] = [];
  for (const status of statuses) {
    const score = rng.int(...SCORE[status]);
    const owner = rng.pick(REPS).email;
    const open = status === 'new' || status === 'contacted' || status === 'qualified';
    const nextFollowUp = open && (status !== 'new' || rng.chance(0.5)) ? ANCHOR_DAY + rng.int(-10, 30) : undefined;
    const base = {
      status, score, rating: rng.chance(0.7) ? Math.min(5, Math.max(1, Math.round(score / 20) + rng.pick([-1, 0, 0, 1]))) : undefined,
      interested_in: rng.sample(CATEGORIES, rng.int(1, 3)),
      next_follow_up: nextFollowUp === undefined ? undefined : isoDate(nextFollowUp),
      owner: user(owner),
    };
    if (status === 'converted') {
      const conv = conversions.pop();
      if (!conv) throw new Error('not enough deals to convert leads into');
      const { deal, contact } = conv;
      const a = deal.account;
      const convertedDay = Math.min(ANCHOR_DAY - rng.int(1, 20), (deal.closedOn ?? deal.expectedClose) - rng.int(30, 150));
      const name = fullName(contact);
      leads.push({ email: contact.email, name, lang: a.lang, status, owner: deal.owner, convertedDay });
      records.push(compact({
        name, company: a.name, job_title: contact.jobTitle, email: contact.email, phone: mobile(rng, a.city),
        website: `https://www.${a.domain}`, industry: a.industry, region: a.city.region, city: a.lang === 'zh' ? a.city.zh : a.city.en,
        source: deal.source, ...base, owner: user(deal.owner),
        estimated_budget: money(Math.round(deal.amountCents / 100_000) * 100_000 || 100_000),
        converted_at: isoDateTime(convertedDay, rng.int(60, 600)),
        converted_account: byKey('external_id', a.externalId),
        converted_deal: byKey('external_id', deal.externalId),
      }));
      continue;
    }
    const lang: Lang = rng.chance(0.75) ? 'zh' : 'en';
    const company = makeCompany(lang);
    const person = makePerson(rng, lang);
    let email = `${person.handle}@${company.domain}`;
    for (let n = 2; usedEmails.has(email); n++) email = `${person.handle}${n}@${company.domain}`;
    usedEmails.add(email);
    const source = rng.weighted(LEAD_SOURCES);
    const utm = UTM[source];
    const job = rng.weighted(JOBS.map((j) => [j, j[4]] as const));
    const name = fullName(person);
    leads.push({ email, name, lang, status, owner, nextFollowUp });
    records.push(compact({
      name, company: company.name, job_title: lang === 'zh' ? job[1] : job[2], email,
      phone: rng.chance(0.85) ? mobile(rng, company.city) : undefined,
      website: rng.chance(0.5) ? `https://www.${company.domain}` : undefined,
      industry: company.industry, region: company.city.region, city: lang === 'zh' ? company.city.zh : company.city.en,
      source, ...base,
      estimated_budget: rng.chance(0.6) ? money(rng.logInt(20, 1000) * 1000 * 100) : undefined,
      utm: utm ? { source: rng.pick(utm.source), medium: utm.medium, campaign: rng.pick(CAMPAIGNS) } : undefined,
      notes: status === 'unqualified'
        ? (lang === 'zh' ? rng.pick(['预算不足，明年再联系。', '只是收集资料，无实际需求。', '已与其他供应商签约。']) : rng.pick(['No budget this year.', 'Only collecting information.', 'Signed with another vendor.']))
        : undefined,
    }));
  }
  return { leads, records };
}

// ---------------------------------------------------------------- activities

type ActivityType = 'call' | 'visit' | 'email' | 'meeting';
type Outcome = 'successful' | 'follow_up' | 'no_answer' | 'rescheduled' | 'not_interested';
const OUTCOMES: Readonly<Record<ActivityType, readonly (readonly [Outcome, number])[]>> = {
  call: [['successful', 40], ['follow_up', 35], ['no_answer', 15], ['rescheduled', 5], ['not_interested', 5]],
  visit: [['successful', 50], ['follow_up', 40], ['rescheduled', 7], ['not_interested', 3]],
  email: [['successful', 50], ['follow_up', 40], ['no_answer', 10]],
  meeting: [['successful', 55], ['follow_up', 40], ['rescheduled', 5]],
};
const DURATION: Readonly<Record<ActivityType, readonly [number, number]>> = {
  call: [5, 45], visit: [60, 180], email: [5, 20], meeting: [30, 120],
};

interface Draft { due: number; record: SeedRecord }

/** Result fields of an activity that is done (completed a little after its planned day). */
function result(rng: Rng, type: ActivityType, due: number, lang: Lang, forceOutcome?: Outcome): Record<string, unknown> {
  const doneDay = Math.min(ANCHOR_DAY - 1, due + rng.weighted([[0, 8], [1, 2], [2, 1]] as const));
  const outcome = forceOutcome ?? rng.weighted(OUTCOMES[type]);
  const report = type === 'visit' ? rng.pick(VISIT_REPORTS[lang]) : undefined;
  const [lo, hi] = DURATION[type];
  return {
    done: true,
    completed_at: isoDateTime(doneDay, rng.int(60, 600)),
    duration_minutes: type === 'visit' ? rng.int(lo / 15, hi / 15) * 15 : rng.int(lo, hi),
    outcome,
    customer_feedback: report?.[0],
    problems_found: report?.[1],
    proposed_solution: report?.[2],
    next_action_date: outcome === 'follow_up' ? isoDate(doneDay + rng.int(3, 30)) : undefined,
  };
}

function leadActivities(rng: Rng, lead: LeadInfo): Draft[] {
  const plan: { due: number; done: boolean }[] = [];
  const past = (n: number, end: number): void => {
    for (let k = 0; k < n; k++) plan.push({ due: end - rng.int(1, 90), done: true });
  };
  switch (lead.status) {
    case 'contacted': past(1, ANCHOR_DAY); break;
    case 'qualified': past(rng.int(1, 2), ANCHOR_DAY); break;
    case 'unqualified': past(1, ANCHOR_DAY); break;
    case 'converted': past(rng.int(1, 2), lead.convertedDay ?? ANCHOR_DAY); break;
    default: break;
  }
  const wantsPlan = lead.status === 'new' ? 0.5 : lead.status === 'contacted' ? 0.5 : lead.status === 'qualified' ? 0.6 : 0;
  if (rng.chance(wantsPlan)) plan.push({ due: lead.nextFollowUp ?? ANCHOR_DAY + rng.int(0, 14), done: false });
  return plan.map(({ due, done }) => {
    const type = rng.weighted([['call', 55], ['email', 35], ['meeting', 10]] as const);
    const subject = LEAD_SUBJECTS[type][lead.lang];
    const isLast = done && lead.status === 'unqualified';
    return {
      due,
      record: compact({
        subject: lead.lang === 'zh' ? `${subject}：${lead.name}` : `${subject} – ${lead.name}`,
        type, priority: 'normal', due_date: isoDate(due), lead: byKey('email', lead.email), owner: user(lead.owner),
        location: type === 'meeting' ? (lead.lang === 'zh' ? '腾讯会议' : 'Microsoft Teams') : undefined,
        ...(done ? result(rng, type, due, lead.lang, isLast ? 'not_interested' : undefined) : { done: false }),
      }),
    };
  });
}

function accountActivity(rng: Rng, account: Account): Draft {
  const lang = account.lang;
  const type = rng.weighted([['call', 35], ['visit', 30], ['email', 25], ['meeting', 10]] as const);
  const future = rng.chance(0.4);
  const due = future ? ANCHOR_DAY + (rng.chance(0.35) ? rng.int(0, 6) : rng.int(7, 90)) : ANCHOR_DAY - rng.int(1, 365);
  const openDeals = account.deals.filter((d) => d.closedOn === undefined);
  const pastDeals = account.deals.filter((d) => d.closedOn === undefined || d.closedOn >= due);
  const deal = future
    ? (openDeals.length > 0 && rng.chance(0.6) ? rng.pick(openDeals) : undefined)
    : (pastDeals.length > 0 && rng.chance(0.4) ? rng.pick(pastDeals) : undefined);
  const contact = deal?.contact && rng.chance(0.7) ? deal.contact : rng.chance(0.85) ? rng.pick(account.contacts) : undefined;
  const who = contact ? fullName(contact) : account.short;
  const goal = rng.pick(VISIT_GOALS[lang]);
  const subject = {
    call: lang === 'zh' ? `${rng.pick(CALL_SUBJECTS.zh)}：${who}` : `${rng.pick(CALL_SUBJECTS.en)} – ${who}`,
    visit: lang === 'zh' ? `拜访${account.short}：${goal}` : `Visit ${account.short}: ${goal}`,
    email: lang === 'zh' ? `${rng.pick(EMAIL_SUBJECTS.zh)}（${account.short}）` : `${rng.pick(EMAIL_SUBJECTS.en)} – ${account.short}`,
    meeting: lang === 'zh' ? `${rng.pick(MEETING_SUBJECTS.zh)}（${account.short}）` : `${rng.pick(MEETING_SUBJECTS.en)} – ${account.short}`,
  }[type];
  const planned = type === 'visit' || (type === 'meeting' && rng.chance(0.3));
  const done = !future && rng.chance(0.9);
  return {
    due,
    record: compact({
      subject, type,
      priority: account.grade === 'A' ? rng.weighted([['high', 40], ['normal', 50], ['low', 10]] as const)
        : rng.weighted([['high', 15], ['normal', 65], ['low', 20]] as const),
      due_date: isoDate(due),
      plan_period: planned ? rng.weighted([['monthly', 45], ['quarterly', 30], ['annual', 10], ['ad_hoc', 15]] as const) : undefined,
      objective: type === 'visit' || type === 'meeting' ? goal : undefined,
      location: type === 'visit' ? account.address
        : type === 'meeting' ? rng.pick(lang === 'zh' ? ['客户会议室', '腾讯会议', '我司展厅'] : ['Customer office', 'Microsoft Teams', 'Our showroom'])
          : undefined,
      account: byKey('external_id', account.externalId),
      contact: contact ? byKey('email', contact.email) : undefined,
      deal: deal ? byKey('external_id', deal.externalId) : undefined,
      owner: user(rng.chance(0.85) ? account.owner : rng.pick(REPS).email),
      ...(done ? result(rng, type, due, lang) : { done: false }),
    }),
  };
}

/** Exactly `total` activities: lead follow-ups first, account work fills the rest (A accounts most). */
export function makeActivities(rng: Rng, accounts: Account[], leads: LeadInfo[], total: number): SeedRecord[] {
  const drafts: Draft[] = leads.flatMap((lead) => leadActivities(rng, lead));
  // service policy: A accounts get the most attention, then big spenders and accounts with open deals
  const gradeWeight = { A: 6, B: 3, C: 1 } as const;
  const weights = accounts.map((a) => {
    const spent = a.orders.filter((o) => PAID_STATUSES.has(o.status)).reduce((sum, o) => sum + o.totalCents, 0) / 100;
    const w = gradeWeight[a.grade] * (1 + Math.min(3, spent / 300_000))
      * (a.deals.some((d) => d.closedOn === undefined) ? 1.5 : 1) * (a.lifecycle === 'prospect' && a.deals.length === 0 ? 0.5 : 1);
    return [a, w] as const;
  });
  while (drafts.length < total) drafts.push(accountActivity(rng, rng.weighted(weights)));
  if (drafts.length > total) throw new Error(`lead activities alone exceed ${total}`);
  drafts.sort((x, y) => x.due - y.due);
  return drafts.map((d, i) => ({ external_id: `ACT-${String(i + 1).padStart(6, '0')}`, ...d.record }));
}
