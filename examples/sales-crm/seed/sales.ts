// Deals, and the orders that won deals and repeat purchases produce.
import { CATALOG, COMPETITORS, DISCONTINUED, NEXT_STEPS, PROJECTS, REPS, type CatalogItem, type Category, type Industry } from './data.js';
import {
  ANCHOR_DAY, lineTotalCents, PAID_STATUSES, type Account, type AccountType, type Deal, type Order,
  type OrderLine, type OrderStatus, type PlannedLine, type Source, type Stage,
} from './model.js';
import type { Rng } from './random.js';

const BY_SKU = new Map(CATALOG.map((p) => [p.sku, p]));
const item = (sku: string): CatalogItem => {
  const p = BY_SKU.get(sku);
  if (!p) throw new Error(`unknown sku ${sku}`);
  return p;
};
const project = (zh: string): (typeof PROJECTS)[number] => {
  const p = PROJECTS.find((x) => x.zh === zh);
  if (!p) throw new Error(`unknown project ${zh}`);
  return p;
};

/** Exact stage mix of the demo pipeline (600 deals). */
const STAGE_COUNTS: readonly (readonly [Stage, number])[] = [
  ['new', 72], ['qualified', 78], ['proposal', 78], ['negotiation', 60], ['won', 192], ['lost', 120],
];
/** Must match pipelines/sales.json. */
export const STAGE_PROBABILITY: Readonly<Record<Stage, number>> = {
  new: 10, qualified: 25, proposal: 50, negotiation: 75, won: 100, lost: 0,
};
const FAVOURITE_PROJECT: Partial<Record<Industry, string>> = {
  retail: '新门店 POS 部署', logistics: '仓储扫码设备升级', manufacturing: '生产线数字化改造', technology: '云主机迁移',
  healthcare: '数据备份与容灾', education: '会议室智能化', finance: '终端安全升级', food_beverage: '仓储扫码设备升级',
};
const SOURCES: readonly (readonly [Source, number])[] = [
  ['referral', 20], ['website', 18], ['trade_show', 15], ['cold_call', 12], ['partner', 12], ['advertising', 8],
  ['social_media', 8], ['email_campaign', 7],
];
const TYPE_WEIGHT: Readonly<Record<AccountType, number>> = { agent: 4, dealer: 3, partner: 1.5, end_customer: 1.5 };

export function discountFor(rng: Rng, type: AccountType): number {
  if (type === 'dealer' || type === 'agent') return rng.pick([10, 15, 20, 25]);
  if (type === 'partner') return rng.pick([5, 10, 15]);
  return rng.pick([0, 0, 0, 5, 10]);
}

function planLines(rng: Rng, account: Account, skus: readonly string[]): PlannedLine[] {
  const n = Math.min(skus.length, rng.int(2, 5));
  return rng.sample(skus, n).map((sku) => {
    const p = item(sku);
    return { item: p, qty: rng.int(p.qty[0], p.qty[1]), discount: discountFor(rng, account.type) };
  });
}

export function makeDeals(rng: Rng, accounts: Account[]): Deal[] {
  const stages = rng.shuffle(STAGE_COUNTS.flatMap(([s, n]) => Array.from({ length: n }, () => s)));
  const customers = accounts.filter((a) => a.isCustomer);
  const deals: Deal[] = [];
  stages.forEach((stage, i) => {
    const pool = stage === 'won' ? customers : accounts;
    const account = rng.weighted(pool.map((a) => [a, TYPE_WEIGHT[a.type] * (a.isCustomer ? 1 : 1.3)] as const));
    const resells = account.type === 'dealer' || account.type === 'agent';
    const favourite = FAVOURITE_PROJECT[account.industry];
    const chosen = resells && rng.chance(0.5) ? project('年度耗材采购')
      : favourite && rng.chance(0.4) ? project(favourite)
        : rng.pick(PROJECTS);
    const planned = planLines(rng, account, chosen.skus);
    const exact = planned.reduce((sum, l) => sum + lineTotalCents(l.qty, l.item.price * 100, l.discount), 0);
    const closed = stage === 'won' || stage === 'lost';
    const closedOn = closed ? ANCHOR_DAY - rng.int(3, 540) : undefined;
    const horizon: Readonly<Record<Stage, readonly [number, number]>> = {
      new: [20, 180], qualified: [10, 150], proposal: [-10, 120], negotiation: [-20, 60], won: [0, 0], lost: [0, 0],
    };
    const expectedClose = closedOn !== undefined ? closedOn + rng.int(-25, 30) : ANCHOR_DAY + rng.int(...horizon[stage]);
    const deciders = account.contacts.filter((c) => c.decisionMaker);
    // the pipeline asks for a primary contact from "qualified" on; early and lost deals may lack one
    const contactOptional = stage === 'new' || stage === 'lost';
    const contact = !contactOptional || rng.chance(0.85)
      ? (deciders.length > 0 && rng.chance(0.85) ? rng.pick(deciders) : rng.pick(account.contacts))
      : undefined;
    const lostReason = stage === 'lost'
      ? rng.weighted([['price', 30], ['competitor', 30], ['no_budget', 15], ['no_decision', 15], ['timing', 8], ['other', 2]] as const)
      : undefined;
    const competitorCount = lostReason === 'competitor' ? rng.int(1, 2) : rng.chance(0.5) ? rng.int(1, 2) : 0;
    const lang = account.lang;
    const deal: Deal = {
      externalId: `OPP-${String(i + 1).padStart(5, '0')}`,
      title: lang === 'zh' ? `${chosen.zh}（${account.short}）` : `${chosen.en} – ${account.short}`,
      account,
      contact,
      owner: rng.chance(0.85) ? account.owner : rng.pick(REPS).email,
      stage,
      probability: closed ? STAGE_PROBABILITY[stage] : Math.min(95, Math.max(5, STAGE_PROBABILITY[stage] + rng.pick([-5, 0, 0, 0, 5]))),
      // won deals are worth exactly what was ordered; open and lost ones carry a rounded estimate
      amountCents: stage === 'won' ? exact : Math.max(1, Math.round(exact / 1_000_000)) * 1_000_000,
      expectedClose,
      closedOn,
      dealType: account.isCustomer ? rng.weighted([['new_business', 45], ['upsell', 35], ['renewal', 20]] as const) : 'new_business',
      source: rng.weighted(SOURCES),
      lostReason,
      competitors: rng.sample(COMPETITORS, competitorCount),
      nextStep: closed ? undefined : rng.pick(NEXT_STEPS[lang]),
      planned,
      categories: [...new Set(planned.map((l) => l.item.category))],
    };
    account.deals.push(deal);
    deals.push(deal);
  });
  return deals;
}

function statusForAge(rng: Rng, age: number): OrderStatus {
  if (age <= 7) return rng.weighted([['draft', 20], ['confirmed', 40], ['paid', 30], ['shipped', 10]] as const);
  if (age <= 30) return rng.weighted([['confirmed', 15], ['paid', 30], ['shipped', 40], ['completed', 10], ['cancelled', 5]] as const);
  if (age <= 60) return rng.weighted([['paid', 10], ['shipped', 25], ['completed', 60], ['cancelled', 5]] as const);
  return rng.weighted([['completed', 93], ['cancelled', 7]] as const);
}

const CATEGORY_WEIGHT: Readonly<Record<Category, number>> = { consumable: 4, hardware: 3, software: 1.5, subscription: 1, service: 1 };

interface Draft { account: Account; deal?: Deal; date: number; lines: PlannedLine[] }

/** Orders of won deals first, then repeat purchases until exactly `orderCount` orders with `lineCount` lines. */
export function makeOrders(rng: Rng, accounts: Account[], deals: Deal[], orderCount: number, lineCount: number): Order[] {
  const drafts: Draft[] = [];
  for (const deal of deals) {
    if (deal.stage !== 'won' || deal.closedOn === undefined) continue;
    const date = Math.min(ANCHOR_DAY, deal.closedOn + rng.int(0, 14));
    const later = date + rng.int(20, 90);
    if (deal.planned.length >= 2 && rng.chance(0.3) && later <= ANCHOR_DAY) {
      const cut = Math.ceil(deal.planned.length / 2);
      drafts.push({ account: deal.account, deal, date, lines: deal.planned.slice(0, cut) });
      drafts.push({ account: deal.account, deal, date: later, lines: deal.planned.slice(cut) });
    } else {
      drafts.push({ account: deal.account, deal, date, lines: deal.planned });
    }
  }
  const repeatOrders = orderCount - drafts.length;
  const repeatLines = lineCount - drafts.reduce((sum, d) => sum + d.lines.length, 0);
  if (repeatOrders < 1 || repeatLines < repeatOrders || repeatLines > repeatOrders * 6) {
    throw new Error(`cannot fit ${repeatLines} lines into ${repeatOrders} repeat orders`);
  }
  const slots = Array.from({ length: repeatOrders }, () => ({ size: 1 }));
  for (let left = repeatLines - repeatOrders; left > 0; left--) {
    rng.weighted(slots.map((s) => [s, s.size < 6 ? 1 : 0] as const)).size += 1;
  }
  const buyers = accounts.filter((a) => a.isCustomer);
  for (const { size } of slots) {
    const account = rng.weighted(buyers.map((a) => [a, a.type === 'dealer' || a.type === 'agent' ? 5 : a.type === 'partner' ? 1 : 1.2] as const));
    const date = ANCHOR_DAY - rng.int(0, 700);
    const offer = CATALOG.filter((p) => !DISCONTINUED.has(p.sku) || date < ANCHOR_DAY - 365);
    const chosen: CatalogItem[] = [];
    while (chosen.length < size) {
      const p = rng.weighted(offer.filter((x) => !chosen.includes(x)).map((x) => [x, CATEGORY_WEIGHT[x.category]] as const));
      chosen.push(p);
    }
    drafts.push({
      account, date,
      lines: chosen.map((p) => ({ item: p, qty: rng.int(p.qty[0], Math.max(p.qty[0], Math.round(p.qty[1] / 2))), discount: discountFor(rng, account.type) })),
    });
  }
  // number orders and lines in date order, as an ERP export would
  drafts.sort((x, y) => x.date - y.date);
  let lineNo = 0;
  return drafts.map((d, i) => {
    const lines: OrderLine[] = d.lines.map((l) => {
      lineNo += 1;
      const priceCents = l.item.price * 100;
      return {
        externalId: `OL-${String(lineNo).padStart(7, '0')}`, item: l.item, qty: l.qty, priceCents,
        discount: l.discount, totalCents: lineTotalCents(l.qty, priceCents, l.discount),
      };
    });
    const contacts = d.account.contacts;
    const purchasers = contacts.filter((c) => c.department === 'purchasing' || c.decisionMaker);
    const order: Order = {
      externalId: `ORD-${String(i + 1).padStart(6, '0')}`,
      account: d.account,
      deal: d.deal,
      contact: d.deal?.contact ?? (purchasers.length > 0 ? rng.pick(purchasers) : rng.pick(contacts)),
      owner: d.deal?.owner ?? d.account.owner,
      status: statusForAge(rng, ANCHOR_DAY - d.date),
      date: d.date,
      lines,
      totalCents: lines.reduce((sum, l) => sum + l.totalCents, 0),
    };
    d.account.orders.push(order);
    if (order.contact && PAID_STATUSES.has(order.status)) order.contact.pointsEarned += Math.floor(order.totalCents / 10_000);
    return order;
  });
}
