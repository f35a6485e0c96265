// Turns the demo world into records in the API's wire format (decimals as strings, dates as
// YYYY-MM-DD, datetimes as ISO UTC with milliseconds). Computed fields are never written.
import { landline, mobile } from './accounts.js';
import { ACCOUNT_TAGS, DISCONTINUED, INTERESTS, PROFILE, type CatalogItem, type Category } from './data.js';
import { ANCHOR_DAY, PAID_STATUSES, type Account, type Contact, type Deal, type Order, type OrderLine } from './model.js';
import { isoDate, isoDateTime, money, tenths, type Rng } from './random.js';
import { byKey, compact, user, type SeedRecord } from './refs.js';

const CATEGORY_ORDER: readonly Category[] = ['hardware', 'software', 'subscription', 'service', 'consumable'];
const PRODUCT_BLURB: Readonly<Record<Category, string>> = {
  hardware: '含一年原厂保修，支持上门安装。 Includes a one-year warranty and on-site installation.',
  software: '永久或按用户授权，含首年升级服务。 Perpetual or per-user licence with first-year upgrades.',
  subscription: '按月计费，可随时调整规格。 Billed monthly; change the plan at any time.',
  service: '由认证工程师交付，按验收单结算。 Delivered by certified engineers, invoiced on sign-off.',
  consumable: '常备库存，48 小时内发货。 Kept in stock, ships within 48 hours.',
};

export function productRecord(rng: Rng, p: CatalogItem): SeedRecord {
  return compact({
    sku: p.sku, name: p.name, category: p.category, unit: p.unit,
    unit_price: money(p.price * 100), cost: money(p.cost * 100),
    active: !DISCONTINUED.has(p.sku),
    stock_qty: p.category === 'hardware' || p.category === 'consumable' ? rng.int(0, 500) : undefined,
    launch_date: p.launch,
    product_url: `https://shop.example.com/products/${p.sku.toLowerCase()}`,
    tags: [...p.tags], specs: p.specs, description: PRODUCT_BLURB[p.category],
  });
}

export function accountRecord(rng: Rng, a: Account): SeedRecord {
  const zh = a.lang === 'zh';
  const bought = new Set(a.orders.filter((o) => PAID_STATUSES.has(o.status)).flatMap((o) => o.lines.map((l) => l.item.category)));
  const tags = rng.sample(ACCOUNT_TAGS.filter((t) => t !== '外资企业'), rng.weighted([[0, 3], [1, 4], [2, 2], [3, 1]] as const));
  if (!zh && a.city.region !== 'overseas') tags.push('外资企业');
  const profile = PROFILE[a.lang];
  return compact({
    external_id: a.externalId, name: a.name, account_type: a.type, grade: a.grade, lifecycle: a.lifecycle,
    industry: a.industry, region: a.city.region, city: zh ? a.city.zh : a.city.en, address_line: a.address,
    phone: a.phone, email: a.email, website: rng.chance(0.85) ? `https://www.${a.domain}` : undefined,
    employees: a.employees, annual_revenue: rng.chance(0.8) ? money(a.revenueCents) : undefined,
    credit_limit: a.isCustomer ? money(rng.int(5, 200) * 10_000 * 100) : undefined,
    growth_last_year: a.growthLast === undefined ? undefined : tenths(a.growthLast),
    growth_prior_year: a.growthPrior === undefined ? undefined : tenths(a.growthPrior),
    cooperation: a.cooperation,
    customer_since: a.customerSince === undefined ? undefined : isoDate(a.customerSince),
    product_lines: bought.size > 0 ? CATEGORY_ORDER.filter((c) => bought.has(c)) : undefined,
    tags: tags.length > 0 ? tags : undefined,
    profile: rng.chance(0.7)
      ? { temperament: rng.pick(profile.temperament), business_style: rng.pick(profile.style), decision_process: rng.pick(profile.decision) }
      : undefined,
    owner: user(a.owner),
    description: rng.chance(0.3)
      ? rng.pick(zh
        ? ['通过展会结识，老板重视服务响应速度。', '集团下属公司较多，方案可复制推广。', '去年更换了 IT 负责人，需要重新建立关系。', '对价格敏感，倾向年度框架采购。']
        : ['Met at a trade show; the owner values fast service.', 'Part of a group with many subsidiaries: good for replication.', 'New IT head since last year; the relationship needs rebuilding.', 'Price-sensitive; prefers yearly framework purchasing.'])
      : undefined,
  });
}

export function contactRecord(rng: Rng, c: Contact): SeedRecord {
  const zh = c.familyFirst; // Chinese names are written family name first
  const redeemed = Math.floor((c.pointsEarned * rng.pick([0, 0, 0, 0.1, 0.2, 0.3])) / 100) * 100;
  const channel = zh
    ? rng.weighted([['wechat', 35], ['phone', 25], ['visit', 15], ['email', 15], ['sms', 10]] as const)
    : rng.weighted([['email', 50], ['phone', 25], ['visit', 15], ['wechat', 10]] as const);
  const city = c.account.city;
  return compact({
    first_name: c.first, last_name: c.last, name_order: c.familyFirst ? 'family_first' : 'given_first',
    account: byKey('external_id', c.account.externalId),
    job_title: c.jobTitle, department: c.department, is_decision_maker: c.decisionMaker,
    email: c.email,
    phone: rng.chance(0.5) ? landline(rng, city) : undefined,
    mobile: rng.chance(0.9) ? mobile(rng, city) : undefined,
    wechat: zh && rng.chance(0.7) ? `${c.handle.replace('.', '_')}${rng.int(10, 99)}` : undefined,
    preferred_channel: channel,
    marketing_opt_in: rng.chance(0.55),
    gender: rng.chance(0.05) ? 'undisclosed' : c.gender,
    birthday: c.birthday === undefined ? undefined : isoDate(c.birthday),
    income_band: c.decisionMaker
      ? rng.weighted([['middle', 2], ['upper_middle', 5], ['high', 3]] as const)
      : rng.weighted([['low', 2], ['middle', 5], ['upper_middle', 2]] as const),
    education: rng.chance(0.8) ? rng.weighted([['high_school', 5], ['college', 20], ['bachelor', 45], ['master', 25], ['doctorate', 5]] as const) : undefined,
    city: city.region === 'overseas' || !zh ? city.en : city.zh,
    interests: rng.chance(0.6) ? rng.sample(INTERESTS[zh ? 'zh' : 'en'], rng.int(1, 3)) : undefined,
    loyalty_points: Math.max(0, c.pointsEarned - redeemed) + rng.int(0, 20) * 10,
    nps: rng.chance(0.65) ? rng.weighted([[3, 1], [5, 1], [6, 2], [7, 3], [8, 4], [9, 4], [10, 3]] as const) : undefined,
    satisfaction: rng.chance(0.55) ? rng.weighted([[2, 1], [3, 3], [4, 5], [5, 3]] as const) : undefined,
    owner: user(c.owner),
    notes: rng.chance(0.1)
      ? rng.pick(zh
        ? ['喜欢喝茶，拜访可带茶叶。', '周五下午不方便接电话。', '曾在竞争对手处任职。', '关注数据安全与合规。']
        : ['Prefers e-mail before calls.', 'Not reachable on Friday afternoons.', 'Used to work for a competitor.', 'Cares about data security and compliance.'])
      : undefined,
  });
}

export function dealRecord(rng: Rng, d: Deal): SeedRecord {
  const skus = [...new Set(d.planned.map((l) => l.item.sku))];
  return compact({
    external_id: d.externalId, title: d.title,
    account: byKey('external_id', d.account.externalId),
    primary_contact: d.contact ? byKey('email', d.contact.email) : undefined,
    owner: user(d.owner), stage: d.stage, probability: String(d.probability), amount: money(d.amountCents),
    expected_close: isoDate(d.expectedClose),
    closed_on: d.closedOn === undefined ? undefined : isoDate(d.closedOn),
    deal_type: d.dealType, source: d.source, lost_reason: d.lostReason,
    competitors: d.competitors.length > 0 ? d.competitors : undefined,
    next_step: d.nextStep,
    interested_products: skus.map((sku) => byKey('sku', sku)),
    description: rng.chance(0.2)
      ? (d.account.lang === 'zh' ? `客户计划分阶段实施，首期涉及 ${d.categories.length} 类产品。` : `Phased rollout planned; phase one covers ${d.categories.length} product categories.`)
      : undefined,
  });
}

export function orderRecord(rng: Rng, o: Order): SeedRecord {
  const paid = PAID_STATUSES.has(o.status);
  const servicesOnly = o.lines.every((l) => l.item.category === 'service' || l.item.category === 'subscription');
  const reseller = o.account.type === 'dealer' || o.account.type === 'agent';
  const delivered = o.status === 'shipped' || o.status === 'completed';
  return compact({
    external_id: o.externalId,
    account: byKey('external_id', o.account.externalId),
    contact: o.contact ? byKey('email', o.contact.email) : undefined,
    deal: o.deal ? byKey('external_id', o.deal.externalId) : undefined,
    owner: user(o.owner), status: o.status, order_date: isoDate(o.date),
    delivery_date: delivered ? isoDate(o.status === 'completed' ? Math.min(ANCHOR_DAY, o.date + rng.int(2, 20)) : o.date + rng.int(2, 20)) : undefined,
    payment_method: o.status === 'draft' ? undefined
      : reseller ? 'bank_transfer'
        : rng.weighted([['bank_transfer', 55], ['alipay', 15], ['wechat_pay', 15], ['credit_card', 10], ['cash', 5]] as const),
    paid_at: paid ? isoDateTime(Math.min(ANCHOR_DAY - 1, o.date + rng.int(0, 10)), rng.int(60, 600)) : undefined,
    tax_rate: servicesOnly ? '6' : '13',
    shipping_address: servicesOnly ? undefined : o.account.address,
    notes: rng.chance(0.1)
      ? rng.pick(o.account.lang === 'zh' ? ['请提前一天电话通知送货。', '发票抬头与合同一致。', '分两批送货。'] : ['Call one day before delivery.', 'Invoice to the contract entity.', 'Deliver in two batches.'])
      : undefined,
  });
}

export function orderLineRecord(rng: Rng, o: Order, l: OrderLine): SeedRecord {
  return compact({
    external_id: l.externalId,
    order: byKey('external_id', o.externalId),
    product: byKey('sku', l.item.sku),
    description: l.item.category === 'hardware' && rng.chance(0.2)
      ? (o.account.lang === 'zh' ? '含安装调试' : 'Includes installation')
      : undefined,
    quantity: l.qty, unit_price: money(l.priceCents), discount: String(l.discount),
  });
}
