// The in-memory demo world the seed builds before it writes records. Rows point at each other
// through these objects; index.ts turns them into records that refer by match key.
import type { CatalogItem, City, Department, Gender, Industry, Lang, Category } from './data.js';
import { dayOf } from './random.js';

/** "Today" of the demo data: the day of the first start (or CRM_SEED_TODAY=YYYY-MM-DD), so the demo
 * stays alive: past activities are done, later ones are the visit plan, open deals close after it.
 * Everything else comes from the seeded PRNG, so two seeds on the same day are identical. */
const today = process.env.CRM_SEED_TODAY && /^\d{4}-\d{2}-\d{2}$/.test(process.env.CRM_SEED_TODAY) ? process.env.CRM_SEED_TODAY : new Date().toISOString().slice(0, 10);
export const ANCHOR_DAY = dayOf(today);

export type AccountType = 'end_customer' | 'dealer' | 'agent' | 'partner';
export type Grade = 'A' | 'B' | 'C';
export type Lifecycle = 'prospect' | 'active' | 'at_risk' | 'churned';
export type Stage = 'new' | 'qualified' | 'proposal' | 'negotiation' | 'won' | 'lost';
export type OrderStatus = 'draft' | 'confirmed' | 'paid' | 'shipped' | 'completed' | 'cancelled';
export type Source = 'website' | 'referral' | 'trade_show' | 'cold_call' | 'advertising' | 'social_media' | 'partner' | 'email_campaign';

export interface Company {
  name: string;
  /** Short brand used in deal and visit titles. */
  short: string;
  domain: string;
  lang: Lang;
  industry: Industry;
  city: City;
}

export interface Person {
  first: string;
  last: string;
  familyFirst: boolean;
  gender: Gender;
  /** Local part for e-mail addresses, ASCII. */
  handle: string;
}

export interface Account extends Company {
  externalId: string;
  type: AccountType;
  owner: string;
  /** Decided up front: customers get won deals and orders, prospects do not. */
  isCustomer: boolean;
  address: string;
  phone: string;
  email: string;
  employees: number;
  revenueCents: number;
  growthLast?: number;
  growthPrior?: number;
  cooperation?: number;
  contacts: Contact[];
  deals: Deal[];
  orders: Order[];
  // filled in once the orders exist
  grade: Grade;
  lifecycle: Lifecycle;
  customerSince?: number;
}

export interface Contact extends Person {
  account: Account;
  email: string;
  department: Department;
  jobTitle: string;
  decisionMaker: boolean;
  birthday?: number;
  owner: string;
  /** Points from paid orders; loyalty_points is this minus redemptions. */
  pointsEarned: number;
}

export interface PlannedLine { item: CatalogItem; qty: number; discount: number }

export interface Deal {
  externalId: string;
  title: string;
  account: Account;
  contact?: Contact;
  owner: string;
  stage: Stage;
  probability: number;
  amountCents: number;
  expectedClose: number;
  closedOn?: number;
  dealType: 'new_business' | 'upsell' | 'renewal';
  source: Source;
  lostReason?: 'price' | 'competitor' | 'no_budget' | 'no_decision' | 'timing' | 'other';
  competitors: string[];
  nextStep?: string;
  planned: PlannedLine[];
  categories: Category[];
}

export interface OrderLine {
  externalId: string;
  item: CatalogItem;
  qty: number;
  priceCents: number;
  discount: number;
  totalCents: number;
}

export interface Order {
  externalId: string;
  account: Account;
  contact?: Contact;
  deal?: Deal;
  owner: string;
  status: OrderStatus;
  date: number;
  lines: OrderLine[];
  totalCents: number;
}

export const PAID_STATUSES: ReadonlySet<OrderStatus> = new Set(['paid', 'shipped', 'completed']);

/** Same arithmetic as the line_total formula: ROUND(quantity * unit_price * (100 - discount) / 100, 2). */
export function lineTotalCents(qty: number, priceCents: number, discount: number): number {
  return Math.round((qty * priceCents * (100 - discount)) / 100);
}
