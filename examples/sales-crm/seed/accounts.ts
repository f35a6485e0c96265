// Companies, accounts and the people who work there.
import {
  CN_BRANDS, CN_CITIES, CN_GIVEN, CN_STREETS, CN_SURNAMES, EN_BRANDS, EN_GIVEN, EN_SURNAMES, INDUSTRIES,
  INDUSTRY_WORDS, JOBS, MANAGER, MOBILE_PREFIXES, OVERSEAS_CITIES, REPS, type City, type Lang,
} from './data.js';
import type { Account, AccountType, Company, Contact, Person } from './model.js';
import { ANCHOR_DAY } from './model.js';
import { dayOf, type Rng } from './random.js';

const OVERSEAS_SUFFIX: Readonly<Record<string, string>> = {
  Singapore: 'Pte. Ltd.', 'Hong Kong': 'Limited', Tokyo: 'K.K.', Sydney: 'Pty Ltd', Frankfurt: 'GmbH', London: 'Ltd',
};

/** Makes unique company names and domains; accounts and leads draw from the same factory. */
export function createCompanyFactory(rng: Rng): (lang: Lang) => Company {
  const names = new Set<string>();
  const domains = new Set<string>();
  const uniqueDomain = (base: string, tld: string): string => {
    for (let n = 1; ; n++) {
      const d = `${base}${n === 1 ? '' : n}.${tld}`;
      if (!domains.has(d)) { domains.add(d); return d; }
    }
  };
  return (lang) => {
    for (let attempt = 0; attempt < 200; attempt++) {
      const industry = rng.weighted(INDUSTRIES);
      if (lang === 'zh') {
        const city = rng.weighted(CN_CITIES.map((c) => [c, c.region === 'east' ? 1.6 : 1] as const));
        const [brand, brandPy] = rng.pick(CN_BRANDS);
        const [word, wordPy] = rng.pick(INDUSTRY_WORDS[industry].zh);
        const suffix = rng.weighted([['有限公司', 6], ['股份有限公司', 2], ['集团有限公司', 1]] as const);
        const name = `${city.zh}${brand}${word}${suffix}`;
        if (names.has(name)) continue;
        names.add(name);
        const domain = rng.chance(0.6) ? uniqueDomain(`${brandPy}${wordPy}`, 'com.cn') : uniqueDomain(`${brandPy}-${wordPy}`, 'com');
        return { name, short: brand, domain, lang, industry, city };
      }
      const overseas = rng.chance(0.45);
      const city = overseas ? rng.pick(OVERSEAS_CITIES) : rng.pick(CN_CITIES.filter((c) => c.region !== 'northwest'));
      const brand = rng.pick(EN_BRANDS);
      const [word, wordDomain] = rng.pick(INDUSTRY_WORDS[industry].en);
      const name = overseas ? `${brand} ${word} ${OVERSEAS_SUFFIX[city.en]}` : `${brand} ${word} (${city.en}) Co., Ltd.`;
      if (names.has(name)) continue;
      names.add(name);
      const domain = uniqueDomain(`${brand.toLowerCase()}-${wordDomain}`, 'com');
      return { name, short: brand, domain, lang, industry, city };
    }
    throw new Error('ran out of company names');
  };
}

export function landline(rng: Rng, city: City): string {
  const first = city.region === 'overseas' ? String(rng.int(2, 6)) : String(rng.int(5, 8));
  return `+${city.region === 'overseas' ? city.dial : `86 ${city.dial}`} ${first}${rng.int(100, 999)} ${rng.int(1000, 9999)}`;
}

export function mobile(rng: Rng, city: City): string {
  if (city.region === 'overseas') return `+${city.dial.split(' ')[0]} ${rng.int(8000, 9999)} ${rng.int(1000, 9999)}`;
  return `+86 ${rng.pick(MOBILE_PREFIXES)} ${rng.int(1000, 9999)} ${rng.int(1000, 9999)}`;
}

export function streetAddress(rng: Rng, city: City): string {
  if (city.region === 'overseas') return `${rng.int(1, 200)} ${rng.pick(city.districts)}, ${city.en}`;
  const floor = rng.chance(0.4) ? ` ${rng.int(2, 28)} 楼` : '';
  return `${city.zh}${rng.pick(city.districts)}${rng.pick(CN_STREETS)} ${rng.int(1, 999)} 号${floor}`;
}

export function makePerson(rng: Rng, lang: Lang): Person {
  if (lang === 'zh') {
    const [last, lastPy] = rng.pick(CN_SURNAMES);
    const [first, firstPy, gender] = rng.pick(CN_GIVEN);
    return { first, last, familyFirst: true, gender, handle: `${firstPy}.${lastPy}` };
  }
  const [first, gender] = rng.pick(EN_GIVEN);
  const last = rng.pick(EN_SURNAMES);
  return { first, last, familyFirst: false, gender, handle: `${first}.${last}`.toLowerCase() };
}

export function fullName(p: Person): string {
  return p.familyFirst ? `${p.last}${p.first}` : `${p.first} ${p.last}`;
}

function ownerFor(rng: Rng, city: City, type: AccountType): string {
  if (type === 'agent' && rng.chance(0.5)) return MANAGER.email;
  const local = REPS.filter((u) => u.regions.includes(city.region));
  return rng.chance(0.88) && local.length > 0 ? rng.pick(local).email : rng.pick(REPS).email;
}

export function makeAccounts(rng: Rng, makeCompany: (lang: Lang) => Company, count: number): Account[] {
  const accounts: Account[] = [];
  for (let i = 1; i <= count; i++) {
    const company = makeCompany(rng.chance(0.7) ? 'zh' : 'en');
    const type = rng.weighted([['end_customer', 60], ['dealer', 24], ['agent', 6], ['partner', 10]] as const);
    const isCustomer = rng.chance(type === 'dealer' || type === 'agent' ? 0.92 : type === 'partner' ? 0.6 : 0.65);
    const employees = type === 'end_customer' ? rng.logInt(20, 20000) : rng.logInt(15, 900);
    const withGrowth = rng.chance(isCustomer ? 0.85 : 0.3);
    accounts.push({
      ...company,
      externalId: `ACC-${String(i).padStart(4, '0')}`,
      type,
      owner: ownerFor(rng, company.city, type),
      isCustomer,
      address: streetAddress(rng, company.city),
      phone: landline(rng, company.city),
      email: `${rng.pick(['info', 'contact', 'sales', 'service'])}@${company.domain}`,
      employees,
      revenueCents: Math.max(1, Math.round((employees * rng.int(30, 150)) / 10)) * 10_000 * 100,
      growthLast: withGrowth ? rng.int(-150, 450) : undefined,
      growthPrior: withGrowth ? rng.int(-150, 400) : undefined,
      cooperation: isCustomer || rng.chance(0.4) ? rng.weighted([[1, 1], [2, 2], [3, 5], [4, 6], [5, 3]] as const) : undefined,
      contacts: [],
      deals: [],
      orders: [],
      grade: 'C',
      lifecycle: 'prospect',
    });
  }
  return accounts;
}

/** Spreads `count` contacts over the accounts: one each, the rest to larger companies. */
export function makeContacts(rng: Rng, accounts: Account[], count: number): Contact[] {
  if (count < accounts.length) throw new Error('fewer contacts than accounts');
  const slots = accounts.map((account) => ({
    account, size: 1, weight: 1 + Math.log10(account.employees) + (account.type === 'end_customer' ? 0 : 0.5),
  }));
  for (let left = count - accounts.length; left > 0; left--) {
    rng.weighted(slots.map((s) => [s, s.size >= 8 ? 0 : s.weight] as const)).size += 1;
  }
  const emails = new Set<string>();
  const contacts: Contact[] = [];
  for (const { account, size } of slots) {
    for (let k = 0; k < size; k++) {
      const overseas = account.city.region === 'overseas';
      const lang: Lang = overseas ? 'en' : account.lang === 'zh' ? (rng.chance(0.93) ? 'zh' : 'en') : (rng.chance(0.5) ? 'zh' : 'en');
      const person = makePerson(rng, lang);
      let email = `${person.handle}@${account.domain}`;
      for (let n = 2; emails.has(email); n++) email = `${person.handle}${n}@${account.domain}`;
      emails.add(email);
      const jobs = k === 0 ? JOBS.filter((j) => j[3]) : JOBS;
      const [department, zhTitle, enTitle, decisionMaker] = rng.weighted(jobs.map((j) => [j, j[4]] as const));
      const birthYear = rng.int(1962, 2001);
      const contact: Contact = {
        ...person,
        account,
        email,
        department,
        jobTitle: lang === 'zh' ? zhTitle : enTitle,
        decisionMaker,
        birthday: rng.chance(0.88) ? dayOf(`${birthYear}-01-01`) + rng.int(0, 364) : undefined,
        owner: account.owner,
        pointsEarned: 0,
      };
      account.contacts.push(contact);
      contacts.push(contact);
    }
  }
  return contacts;
}

/** Grade, lifecycle and "customer since" follow from the orders (ABC rules of the domain brief). */
export function settleAccounts(rng: Rng, accounts: Account[]): void {
  const yearAgo = ANCHOR_DAY - 365;
  const annualSales = (a: Account): number => a.orders
    .filter((o) => o.date > yearAgo && (o.status === 'paid' || o.status === 'shipped' || o.status === 'completed'))
    .reduce((sum, o) => sum + o.totalCents, 0);
  const dealers = accounts.filter((a) => a.type === 'dealer').sort((x, y) => annualSales(y) - annualSales(x));
  const topDealers = new Set(dealers.slice(0, Math.ceil(dealers.length * 0.2)).filter((a) => annualSales(a) > 0));
  for (const a of accounts) {
    const live = a.orders.filter((o) => o.status !== 'cancelled' && o.status !== 'draft');
    if (live.length > 0) {
      const first = Math.min(...live.map((o) => o.date));
      const last = Math.max(...live.map((o) => o.date));
      a.customerSince = first - rng.int(0, 200);
      const age = ANCHOR_DAY - last;
      a.lifecycle = age <= 180 ? 'active' : age <= 400 ? 'at_risk' : 'churned';
    }
    const grows = (a.growthLast ?? 0) >= 100 && (a.growthPrior ?? 0) >= 100 && (a.cooperation ?? 0) >= 4;
    a.grade = a.type === 'agent' || topDealers.has(a) ? 'A' : grows ? 'B' : 'C';
  }
}
