// The condition language (architecture §3, §10.4): every operator, nesting, relation paths, null
// handling, quantifiers and variables, asserting that SQL (knex) and the in-memory predicate give
// the same rows as the expectation, on the dialect under test; then the refused inputs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../helpers/testRuntime.js';
import { asSystem, createRecord, listRecords, parseListQuery } from '../../runtime/records/index.js';
import { checkFilter, compileFilter, FilterError, type FilterVars } from '../../runtime/query/filter.js';
import { AppError, type ProblemItem } from '../../runtime/errors/catalog.js';
import type { ModelInfo } from '../../runtime/query/model.js';

type EntityName = 'company' | 'deal';
type Who = 'alice' | 'bob' | 'anonymous';
type IdOf = (name: string) => number;

interface Case {
  name: string;
  entity: EntityName;
  /** The filter AST, or a function of the name → id map for filters that mention ids. */
  filter: unknown;
  /** Names (see COMPANIES / DEALS) of the matching records. */
  expect: string[];
  /** Whose `user.*` variables are bound (default alice). */
  as?: Who;
  /** The app's time zone for this case (default: the fixture's UTC). */
  tz?: string;
}

const NOW = new Date('2026-11-18T10:00:00.000Z'); // a Wednesday; app timezone is UTC
const ctx = asSystem('test');

const USERS = {
  alice: { email: 'alice@example.com', name: 'Alice' },
  bob: { email: 'bob@example.com', name: 'Bob' },
};

const PRODUCTS: Record<string, { name: string; sku: string }> = {
  p1: { name: 'Widget', sku: 'W1' },
  p2: { name: 'Gadget', sku: 'G1' },
  p3: { name: 'Sprocket', sku: 'S1' },
};

// name → data. Relative dates refer to NOW: 2026-11-18 (week Mon 16 – Sun 22, Q4).
const COMPANIES: Record<string, Record<string, unknown>> = {
  acme: { name: 'Acme', code: 'ACME', grade: 'A', revenue: '100.50', employees: 50, founded: '2026-11-18', active: true, tags: ['vip', 'new'], score: 1.5 },
  acmecorp: { name: 'acme corp', code: 'ACME2', grade: 'B', revenue: '0.00', employees: 0, founded: '2026-11-10', active: false, tags: ['vip'], score: -2.25 },
  beta: { name: 'Beta_50%', code: 'BETA', grade: null, revenue: '2500.00', employees: 120, founded: '2026-08-15', active: null, tags: ['b2b'], score: 0.1 },
  betax: { name: 'BetaX50 Ltd', code: null, revenue: 100, employees: 7, founded: '2026-11-22', tags: ['Vip'] },
  xingchen: { name: '上海星辰', code: 'SHXC', grade: 'C', revenue: null, employees: null, founded: '2027-01-05', active: false, tags: [], score: null },
  zeta: { name: 'Zeta', code: 'Z\\1', active: null },
  gamma: { name: 'Gamma Industries', code: 'GAM', grade: 'A', revenue: '99999.99', employees: 5000, founded: '2025-12-31', active: true, tags: ['new'], website: 'https://gamma.example', score: 0 },
  delta: { name: 'Delta', code: 'DEL', grade: 'B', revenue: '100.5', employees: 50, founded: '2026-10-01', active: true, tags: ['partner'], score: 3 },
};

// company / owner / products hold names, resolved to ids on insert.
const DEALS: Record<string, Record<string, unknown>> = {
  d1: { title: 'Acme rollout', amount: '1000.00', probability: 60, stage: 'won', company: 'acme', owner: 'alice', products: ['p1', 'p2'], closed_at: '2026-11-18T09:00:00.000Z', channels: ['web', 'phone'], rating: 5 },
  d2: { title: 'Acme support', amount: '250.50', probability: 20, stage: 'new', company: 'acme', owner: 'bob', products: ['p1'], closed_at: null, channels: ['visit'], rating: 3 },
  d3: { title: 'acme corp renewal', amount: '0.00', probability: 0, stage: 'lost', company: 'acmecorp', owner: null, products: [], closed_at: '2026-11-01T00:00:00.000Z', channels: [], rating: null },
  d4: { title: 'Beta pilot', amount: '5000.00', probability: 100, stage: 'won', company: 'beta', owner: 'alice', products: ['p3'], closed_at: '2026-10-15T12:00:00.000Z', channels: ['web'], rating: 4 },
  d5: { title: 'Beta_50% deal', amount: null, probability: null, stage: 'new', company: 'beta', owner: null, products: ['p2', 'p3'], closed_at: null },
  d6: { title: 'Orphan deal', amount: '75.25', probability: 50, stage: 'lost', company: null, owner: 'alice', products: [], closed_at: '2026-11-20T08:00:00.000Z', channels: ['phone'], rating: 1 },
  d7: { title: 'Orphan two — Émile Ωmega', amount: null, stage: null, company: null, owner: null, products: ['p1'], closed_at: '2025-11-18T10:00:00.000Z', channels: ['web', 'visit'], rating: 2 },
  d8: { title: '上海星辰 合同', amount: '888.88', probability: 80, stage: 'won', company: 'xingchen', owner: 'bob', products: ['p1', 'p2', 'p3'], closed_at: '2027-02-01T00:00:00.000Z', channels: ['visit'], rating: 5 },
  d9: { title: 'Gamma big', amount: '99999.99', probability: 90, stage: 'won', company: 'gamma', owner: 'alice', products: ['p2'], closed_at: '2026-11-16T00:00:00.000Z', channels: ['web', 'phone', 'visit'], rating: 4 },
  d10: { title: 'Gamma small', amount: '10.00', probability: 10, stage: 'lost', company: 'gamma', owner: 'bob', products: [], closed_at: '2026-11-17T23:59:59.999Z', channels: ['phone'], rating: 2 },
  d11: { title: 'Delta one', amount: '100.50', probability: 50, stage: 'won', company: 'delta', owner: null, products: ['p3'], closed_at: '2026-09-30T23:59:59.999Z', channels: ['web'], rating: 3 },
  d12: { title: 'Delta two', amount: '100.49', probability: 50, stage: 'new', company: 'delta', owner: 'alice', products: [], closed_at: '2026-12-31T23:59:59.999Z', channels: [], rating: null },
};

/** What the in-memory side needs expanded: dotted paths (m2o, owner) and to-many quantifiers. */
const EXPAND: Record<EntityName, string> = {
  company: 'deals,deals.products,deals.owner',
  deal: 'company,company.deals,owner,products',
};

const ALL_COMPANIES = Object.keys(COMPANIES);
const ALL_DEALS = Object.keys(DEALS);
const allBut = (all: string[], ...except: string[]): string[] => all.filter((n) => !except.includes(n));

const C = (name: string, filter: unknown, expected: string[], as?: Who): Case => ({ name, entity: 'company', filter, expect: expected, as });
const D = (name: string, filter: unknown, expected: string[], as?: Who): Case => ({ name, entity: 'deal', filter, expect: expected, as });
const inTz = (tz: string, c: Case): Case => ({ ...c, name: `${c.name} [${tz}]`, tz });
const nest = (levels: number, leaf: unknown): unknown => (levels === 0 ? leaf : { not: nest(levels - 1, leaf) });
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

const CASES: Case[] = [
  // ---- eq / ne on each kind of field
  C('eq text is exact and case-sensitive', { name: { eq: 'Acme' } }, ['acme']),
  C('eq text, Chinese', { name: { eq: '上海星辰' } }, ['xingchen']),
  C('eq text holding a quote is a bound value', { name: { eq: "x' OR 1=1 --" } }, []),
  C('eq select', { grade: { eq: 'A' } }, ['acme', 'gamma']),
  C('ne select includes empty', { grade: { ne: 'A' } }, ['acmecorp', 'beta', 'betax', 'xingchen', 'zeta', 'delta']),
  C('eq boolean false', { active: { eq: false } }, ['acmecorp', 'xingchen']),
  C('eq boolean true (default applied)', { active: { eq: true } }, ['acme', 'betax', 'gamma', 'delta']),
  C('ne boolean includes empty', { active: { ne: true } }, ['acmecorp', 'beta', 'xingchen', 'zeta']),
  C('eq decimal, operand normalized', { revenue: { eq: '100.5' } }, ['acme', 'delta']),
  C('eq decimal, number operand', { revenue: { eq: 100 } }, ['betax']),
  C('gt decimal', { revenue: { gt: '100.5' } }, ['beta', 'gamma']),
  C('gte decimal, number operand', { revenue: { gte: 100.5 } }, ['acme', 'beta', 'gamma', 'delta']),
  C('lt decimal excludes empty', { revenue: { lt: '100.50' } }, ['acmecorp', 'betax']),
  C('lte decimal zero', { revenue: { lte: '0' } }, ['acmecorp']),
  C('in decimals', { revenue: { in: ['0', '100.50'] } }, ['acme', 'acmecorp', 'delta']),
  C('nin decimals includes empty', { revenue: { nin: ['0', '100.50'] } }, ['beta', 'betax', 'xingchen', 'zeta', 'gamma']),
  C('between decimals is inclusive', { revenue: { between: ['100', '2500'] } }, ['acme', 'beta', 'betax', 'delta']),
  C('eq integer zero', { employees: { eq: 0 } }, ['acmecorp']),
  C('eq integer given as digit string', { employees: { eq: '50' } }, ['acme', 'delta']),
  C('ne integer includes empty', { employees: { ne: 50 } }, ['acmecorp', 'beta', 'betax', 'xingchen', 'zeta', 'gamma']),
  C('in integers', { employees: { in: [50, 7] } }, ['acme', 'betax', 'delta']),
  C('in with 1000 items', { employees: { in: range(1000) } }, ['acme', 'acmecorp', 'beta', 'betax', 'delta']),
  C('between integers', { employees: { between: [0, 50] } }, ['acme', 'acmecorp', 'betax', 'delta']),
  C('lt real, negative', { score: { lt: 0 } }, ['acmecorp']),
  C('gte real, negative operand', { score: { gte: -2.25 } }, ['acme', 'acmecorp', 'beta', 'gamma', 'delta']),
  C('eq real fraction', { score: { eq: 0.1 } }, ['beta']),
  C('between reals', { score: { between: [-3, 0] } }, ['acmecorp', 'gamma']),
  C('rollup count gt', { deal_count: { gt: 1 } }, ['acme', 'beta', 'gamma', 'delta']),
  C('rollup count eq 0', { deal_count: { eq: 0 } }, ['betax', 'zeta']),
  C('rollup sum gte', { deal_total: { gte: '1000' } }, ['acme', 'beta', 'gamma']),
  C('id in (system field)', (id: IdOf) => ({ id: { in: [id('acme'), id('zeta')] } }), ['acme', 'zeta']),
  C('created_by isNull (system writes)', { created_by: { isNull: true } }, ALL_COMPANIES),

  // ---- several operators on one field, several fields in one object
  C('two operators on one field are AND', { employees: { gte: 10, lt: 1000 } }, ['acme', 'beta', 'delta']),
  C('three operators on one field', { revenue: { gte: '0', lte: '2500', ne: '100.50' } }, ['acmecorp', 'beta', 'betax']),
  C('several fields in one object are AND', { grade: { in: ['A', 'B'] }, active: { eq: true } }, ['acme', 'gamma', 'delta']),

  // ---- text matching: case-insensitive, % and _ literal
  C('contains is case-insensitive', { name: { contains: 'ACME' } }, ['acme', 'acmecorp']),
  C('startsWith is case-insensitive', { name: { startsWith: 'ACME C' } }, ['acmecorp']),
  C('endsWith is case-insensitive', { name: { endsWith: 'CORP' } }, ['acmecorp']),
  C('startsWith single letter', { name: { startsWith: 'a' } }, ['acme', 'acmecorp']),
  C('endsWith', { name: { endsWith: 'RIES' } }, ['gamma']),
  C('contains _ is literal', { name: { contains: '_' } }, ['beta']),
  C('contains % is literal', { name: { contains: '%' } }, ['beta']),
  C('contains a_5 does not match aX5', { name: { contains: 'a_5' } }, ['beta']),
  C('contains 50% does not match "50 "', { name: { contains: '50%' } }, ['beta']),
  C('startsWith beta_ does not match betaX', { name: { startsWith: 'BETA_' } }, ['beta']),
  C('endsWith % is literal', { name: { endsWith: '%' } }, ['beta']),
  C('contains backslash is literal', { code: { contains: '\\' } }, ['zeta']),
  C('contains backslash-digit', { code: { contains: '\\1' } }, ['zeta']),
  C('contains Chinese', { name: { contains: '星辰' } }, ['xingchen']),
  C('startsWith Chinese', { name: { startsWith: '上海' } }, ['xingchen']),
  C('in text is exact', { name: { in: ['Acme', 'ACME CORP', 'Delta'] } }, ['acme', 'delta']),
  C('nin text includes empty', { code: { nin: ['ACME', 'ACME2', 'BETA'] } }, ['betax', 'xingchen', 'zeta', 'gamma', 'delta']),

  // ---- isNull
  C('isNull true on select', { grade: { isNull: true } }, ['beta', 'betax', 'zeta']),
  C('isNull false on select', { grade: { isNull: false } }, ['acme', 'acmecorp', 'xingchen', 'gamma', 'delta']),
  C('isNull true on tags: [] and missing are empty', { tags: { isNull: true } }, ['xingchen', 'zeta']),
  C('isNull false on tags', { tags: { isNull: false } }, ['acme', 'acmecorp', 'beta', 'betax', 'gamma', 'delta']),
  C('isNull on date', { founded: { isNull: true } }, ['zeta']),

  // ---- tags in / nin (exact, any-of)
  C('tags in one value', { tags: { in: ['vip'] } }, ['acme', 'acmecorp']),
  C('tags in any of', { tags: { in: ['new', 'partner'] } }, ['acme', 'gamma', 'delta']),
  C('tags nin includes empty', { tags: { nin: ['vip', 'new'] } }, ['beta', 'betax', 'xingchen', 'zeta', 'delta']),

  // ---- dates (date field) relative to NOW
  C('date today', { founded: { today: true } }, ['acme']),
  C('date thisWeek (Monday to Sunday)', { founded: { thisWeek: true } }, ['acme', 'betax']),
  C('date thisMonth', { founded: { thisMonth: true } }, ['acme', 'acmecorp', 'betax']),
  C('date thisQuarter', { founded: { thisQuarter: true } }, ['acme', 'acmecorp', 'betax', 'delta']),
  C('date thisYear', { founded: { thisYear: true } }, ['acme', 'acmecorp', 'beta', 'betax', 'delta']),
  C('date inLast 8 days (inclusive)', { founded: { inLast: { n: 8, unit: 'day' } } }, ['acme', 'acmecorp']),
  C('date inLast 7 days', { founded: { inLast: { n: 7, unit: 'day' } } }, ['acme']),
  C('date inLast 3 months', { founded: { inLast: { n: 3, unit: 'month' } } }, ['acme', 'acmecorp', 'delta']),
  C('date inLast 1 year', { founded: { inLast: { n: 1, unit: 'year' } } }, ['acme', 'acmecorp', 'beta', 'gamma', 'delta']),
  C('date inNext 1 week', { founded: { inNext: { n: 1, unit: 'week' } } }, ['acme', 'betax']),
  C('date inNext 2 months', { founded: { inNext: { n: 2, unit: 'month' } } }, ['acme', 'betax', 'xingchen']),
  C('date eq $today', { founded: { eq: { $var: 'today' } } }, ['acme']),
  C('date lt $now', { founded: { lt: { $var: 'now' } } }, ['acmecorp', 'beta', 'gamma', 'delta']),
  C('date gte $today', { founded: { gte: { $var: 'today' } } }, ['acme', 'betax', 'xingchen']),
  C('date between', { founded: { between: ['2026-01-01', '2026-10-01'] } }, ['beta', 'delta']),
  C('date ne includes empty', { founded: { ne: '2026-11-18' } }, allBut(ALL_COMPANIES, 'acme')),

  // ---- and / or / not
  C('or', { or: [{ grade: { eq: 'A' } }, { employees: { lt: 10 } }] }, ['acme', 'acmecorp', 'betax', 'gamma']),
  C('and of or and not', { and: [{ or: [{ grade: { eq: 'A' } }, { grade: { eq: 'B' } }] }, { not: { name: { startsWith: 'acme' } } }] }, ['gamma', 'delta']),
  C('not of ne is eq without empty', { not: { grade: { ne: 'A' } } }, ['acme', 'gamma']),
  C('not of nin on tags', { not: { tags: { nin: ['vip'] } } }, ['acme', 'acmecorp']),
  C('not of isNull', { not: { grade: { isNull: true } } }, ['acme', 'acmecorp', 'xingchen', 'gamma', 'delta']),
  C('not of contains keeps empty rows', { not: { code: { contains: 'a' } } }, ['betax', 'xingchen', 'zeta', 'delta']),
  C('not of gt keeps empty rows', { not: { revenue: { gt: '100' } } }, ['acmecorp', 'betax', 'xingchen', 'zeta']),
  C('not of and', { not: { and: [{ grade: { eq: 'A' } }, { active: { eq: true } }] } }, allBut(ALL_COMPANIES, 'acme', 'gamma')),
  C('double not', { not: { not: { grade: { eq: 'B' } } } }, ['acmecorp', 'delta']),
  C('depth 10 is allowed', nest(9, { grade: { eq: 'B' } }), allBut(ALL_COMPANIES, 'acmecorp', 'delta')),
  C('200 conditions are allowed', { or: range(200).map((i) => ({ employees: { eq: i } })) }, ['acme', 'acmecorp', 'beta', 'betax', 'delta']),

  // ---- some / every / none over one-to-many (company.deals)
  C('deals some', { deals: { some: { stage: { eq: 'won' } } } }, ['acme', 'beta', 'xingchen', 'gamma', 'delta']),
  C('deals none', { deals: { none: { stage: { eq: 'won' } } } }, ['acmecorp', 'betax', 'zeta']),
  C('deals every (no deals → true)', { deals: { every: { stage: { eq: 'won' } } } }, ['xingchen', 'betax', 'zeta']),
  C('deals every with empty amounts', { deals: { every: { amount: { gte: '100' } } } }, ['acme', 'xingchen', 'delta', 'betax', 'zeta']),
  C('deals none with ne (empty counts as ne)', { deals: { none: { amount: { ne: '0.00' } } } }, ['acmecorp', 'betax', 'zeta']),
  C('deals some with $var user.id', { deals: { some: { owner: { eq: { $var: 'user.id' } } } } }, ['acme', 'beta', 'gamma', 'delta']),
  C('deals some with and inside', { deals: { some: { and: [{ stage: { eq: 'new' } }, { amount: { isNull: true } }] } } }, ['beta']),
  C('deals some nested products some', { deals: { some: { products: { some: { sku: { eq: 'S1' } } } } } }, ['beta', 'xingchen', 'delta']),
  C('deals some with path inside', { deals: { some: { 'owner.email': { startsWith: 'BOB@' } } } }, ['acme', 'xingchen', 'gamma']),
  C('not of deals some equals none', { not: { deals: { some: { stage: { eq: 'won' } } } } }, ['acmecorp', 'betax', 'zeta']),
  C('quantifier beside a field', { grade: { eq: 'A' }, deals: { some: { stage: { eq: 'lost' } } } }, ['gamma']),
  C('every and some on the same relation', { deals: { some: { stage: { eq: 'won' } }, every: { amount: { gt: '100' } } } }, ['acme', 'xingchen', 'delta']),

  // ---- deals: select with empty stage
  D('stage eq', { stage: { eq: 'won' } }, ['d1', 'd4', 'd8', 'd9', 'd11']),
  D('stage ne includes empty', { stage: { ne: 'won' } }, ['d2', 'd3', 'd5', 'd6', 'd7', 'd10', 'd12']),
  D('stage in', { stage: { in: ['new', 'lost'] } }, ['d2', 'd3', 'd5', 'd6', 'd10', 'd12']),
  D('stage nin includes empty', { stage: { nin: ['new', 'lost'] } }, ['d1', 'd4', 'd7', 'd8', 'd9', 'd11']),
  D('stage isNull', { stage: { isNull: true } }, ['d7']),
  D('title in is case-sensitive', { title: { in: ['Acme rollout', 'acme rollout'] } }, ['d1']),
  D('title contains, case-insensitive', { title: { contains: 'ACME' } }, ['d1', 'd2', 'd3']),
  D('title contains Chinese', { title: { contains: '合同' } }, ['d8']),
  D('title contains 50%', { title: { contains: '50%' } }, ['d5']),
  D('title startsWith Beta_ (underscore literal)', { title: { startsWith: 'Beta_' } }, ['d5']),
  D('contains folds non-ASCII letters (lower needle)', { title: { contains: 'émile' } }, ['d7']),
  D('contains folds non-ASCII letters (upper needle)', { title: { contains: 'ÉMILE' } }, ['d7']),
  D('contains folds Greek', { title: { contains: 'ωMEGA' } }, ['d7']),
  D('startsWith with non-ASCII letters and spaces', { title: { startsWith: 'ORPHAN TWO — é' } }, ['d7']),
  D('endsWith with non-ASCII letters', { title: { endsWith: 'ΩMEGA' } }, ['d7']),
  D('contains with non-ASCII letters keeps * ? [ literal', { title: { contains: 'é*' } }, []),
  D('contains with non-ASCII letters keeps ? literal', { title: { contains: 'É?ILE' } }, []),
  D('contains with non-ASCII letters keeps [ literal', { title: { contains: '[É]' } }, []),
  D('not of contains with non-ASCII letters', { not: { title: { contains: 'Émile' } } }, allBut(ALL_DEALS, 'd7')),
  D('autonumber eq', { number: { eq: 'D-00001' } }, ['d1']),
  D('autonumber startsWith', { number: { startsWith: 'd-0000' } }, ['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8', 'd9']),
  D('id gt', (id: IdOf) => ({ id: { gt: id('d6') } }), ['d7', 'd8', 'd9', 'd10', 'd11', 'd12']),

  // ---- decimals, percent, formula, rating
  D('amount gt', { amount: { gt: '100.49' } }, ['d1', 'd2', 'd4', 'd8', 'd9', 'd11']),
  D('amount lte', { amount: { lte: '100.49' } }, ['d3', 'd6', 'd10', 'd12']),
  D('amount between', { amount: { between: ['75.25', '250.50'] } }, ['d2', 'd6', 'd11', 'd12']),
  D('amount isNull', { amount: { isNull: true } }, ['d5', 'd7']),
  D('percent gte', { probability: { gte: 50 } }, ['d1', 'd4', 'd6', 'd8', 'd9', 'd11', 'd12']),
  D('formula gt', { weighted: { gt: '500' } }, ['d1', 'd4', 'd8', 'd9']),
  D('rating in', { rating: { in: [4, 5] } }, ['d1', 'd4', 'd8', 'd9']),
  D('rating ne includes empty', { rating: { ne: 3 } }, allBut(ALL_DEALS, 'd2', 'd11')),

  // ---- multiselect
  D('channels in one', { channels: { in: ['web'] } }, ['d1', 'd4', 'd7', 'd9', 'd11']),
  D('channels in any of', { channels: { in: ['phone', 'visit'] } }, ['d1', 'd2', 'd6', 'd7', 'd8', 'd9', 'd10']),
  D('channels nin includes empty', { channels: { nin: ['web'] } }, ['d2', 'd3', 'd5', 'd6', 'd8', 'd10', 'd12']),
  D('channels isNull', { channels: { isNull: true } }, ['d3', 'd5', 'd12']),
  D('not of channels in', { not: { channels: { in: ['web', 'phone'] } } }, ['d2', 'd3', 'd5', 'd8', 'd12']),

  // ---- datetime relative to NOW (2026-11-18T10:00Z)
  D('datetime today', { closed_at: { today: true } }, ['d1']),
  D('datetime thisWeek (boundaries)', { closed_at: { thisWeek: true } }, ['d1', 'd6', 'd9', 'd10']),
  D('datetime thisMonth (first instant included)', { closed_at: { thisMonth: true } }, ['d1', 'd3', 'd6', 'd9', 'd10']),
  D('datetime thisQuarter (last millisecond included)', { closed_at: { thisQuarter: true } }, ['d1', 'd3', 'd4', 'd6', 'd9', 'd10', 'd12']),
  D('datetime thisYear', { closed_at: { thisYear: true } }, ['d1', 'd3', 'd4', 'd6', 'd9', 'd10', 'd11', 'd12']),
  D('datetime inLast 1 day', { closed_at: { inLast: { n: 1, unit: 'day' } } }, ['d1', 'd10']),
  D('datetime inLast 1 year (exact boundary included)', { closed_at: { inLast: { n: 1, unit: 'year' } } }, ['d1', 'd3', 'd4', 'd7', 'd9', 'd10', 'd11']),
  D('datetime inNext 7 days', { closed_at: { inNext: { n: 7, unit: 'day' } } }, ['d6']),
  D('datetime inNext 3 months', { closed_at: { inNext: { n: 3, unit: 'month' } } }, ['d6', 'd8', 'd12']),
  D('datetime lt $now', { closed_at: { lt: { $var: 'now' } } }, ['d1', 'd3', 'd4', 'd7', 'd9', 'd10', 'd11']),
  D('datetime gte $today (start of day)', { closed_at: { gte: { $var: 'today' } } }, ['d1', 'd6', 'd8', 'd12']),
  D('datetime eq', { closed_at: { eq: '2026-11-16T00:00:00.000Z' } }, ['d9']),
  D('datetime eq with an offset', { closed_at: { eq: '2026-11-16T01:00:00+01:00' } }, ['d9']),
  D('datetime between with a date', { closed_at: { between: ['2026-11-16', '2026-11-18T09:00:00Z'] } }, ['d1', 'd9', 'd10']),
  D('datetime ne includes empty', { closed_at: { ne: '2026-11-16T00:00:00Z' } }, allBut(ALL_DEALS, 'd9')),
  D('datetime isNull', { closed_at: { isNull: true } }, ['d2', 'd5']),

  // ---- many-to-one relation itself and dotted paths
  D('company eq id', (id: IdOf) => ({ company: { eq: id('acme') } }), ['d1', 'd2']),
  D('company in ids', (id: IdOf) => ({ company: { in: [id('acme'), id('gamma')] } }), ['d1', 'd2', 'd9', 'd10']),
  D('company ne id includes empty', (id: IdOf) => ({ company: { ne: id('acme') } }), allBut(ALL_DEALS, 'd1', 'd2')),
  D('company isNull', { company: { isNull: true } }, ['d6', 'd7']),
  D('company id and a path in one filter', (id: IdOf) => ({ or: [{ company: { eq: id('delta') } }, { 'company.grade': { eq: 'C' } }] }), ['d8', 'd11', 'd12']),
  D('company.grade eq', { 'company.grade': { eq: 'A' } }, ['d1', 'd2', 'd9', 'd10']),
  D('company.grade ne includes empty grade and no company', { 'company.grade': { ne: 'A' } }, ['d3', 'd4', 'd5', 'd6', 'd7', 'd8', 'd11', 'd12']),
  D('company.grade nin includes empty', { 'company.grade': { nin: ['A', 'B'] } }, ['d4', 'd5', 'd6', 'd7', 'd8']),
  D('company.grade isNull true (also without company)', { 'company.grade': { isNull: true } }, ['d4', 'd5', 'd6', 'd7']),
  D('company.grade isNull false', { 'company.grade': { isNull: false } }, ['d1', 'd2', 'd3', 'd8', 'd9', 'd10', 'd11', 'd12']),
  D('not of company.grade ne', { not: { 'company.grade': { ne: 'A' } } }, ['d1', 'd2', 'd9', 'd10']),
  D('company.name contains (case-insensitive)', { 'company.name': { contains: 'acme' } }, ['d1', 'd2', 'd3']),
  D('company.name contains _', { 'company.name': { contains: '_' } }, ['d4', 'd5']),
  D('company.name startsWith Chinese', { 'company.name': { startsWith: '上海' } }, ['d8']),
  D('company.revenue gte', { 'company.revenue': { gte: '2500' } }, ['d4', 'd5', 'd9', 'd10']),
  D('company.active eq false', { 'company.active': { eq: false } }, ['d3', 'd8']),
  D('company.active ne true includes empty', { 'company.active': { ne: true } }, ['d3', 'd4', 'd5', 'd6', 'd7', 'd8']),
  D('company.tags in', { 'company.tags': { in: ['vip'] } }, ['d1', 'd2', 'd3']),
  D('company.tags nin includes no company', { 'company.tags': { nin: ['vip'] } }, allBut(ALL_DEALS, 'd1', 'd2', 'd3')),
  D('company.founded thisMonth', { 'company.founded': { thisMonth: true } }, ['d1', 'd2', 'd3']),
  D('company.id eq', (id: IdOf) => ({ 'company.id': { eq: id('gamma') } }), ['d9', 'd10']),
  D('or with relation null', { or: [{ 'company.grade': { eq: 'C' } }, { company: { isNull: true } }] }, ['d6', 'd7', 'd8']),
  D('not of or over paths', { not: { or: [{ 'company.name': { contains: 'acme' } }, { 'owner.email': { startsWith: 'alice' } }] } }, ['d5', 'd7', 'd8', 'd10', 'd11']),

  // ---- user field, owner.email, variables
  D('owner.email eq', { 'owner.email': { eq: 'alice@example.com' } }, ['d1', 'd4', 'd6', 'd9', 'd12']),
  D('owner.email endsWith (case-insensitive)', { 'owner.email': { endsWith: 'EXAMPLE.COM' } }, ['d1', 'd2', 'd4', 'd6', 'd8', 'd9', 'd10', 'd12']),
  D('owner.name ne includes no owner', { 'owner.name': { ne: 'Alice' } }, ['d2', 'd3', 'd5', 'd7', 'd8', 'd10', 'd11']),
  D('owner isNull', { owner: { isNull: true } }, ['d3', 'd5', 'd7', 'd11']),
  D('owner eq $user.id', { owner: { eq: { $var: 'user.id' } } }, ['d1', 'd4', 'd6', 'd9', 'd12']),
  D('owner eq $user.id as bob', { owner: { eq: { $var: 'user.id' } } }, ['d2', 'd8', 'd10'], 'bob'),
  D('owner ne $user.id includes no owner', { owner: { ne: { $var: 'user.id' } } }, ['d2', 'd3', 'd5', 'd7', 'd8', 'd10', 'd11']),
  D('not owner eq $user.id', { not: { owner: { eq: { $var: 'user.id' } } } }, ['d2', 'd3', 'd5', 'd7', 'd8', 'd10', 'd11']),
  D('owner in [$user.id] ', { owner: { in: [{ $var: 'user.id' }] } }, ['d1', 'd4', 'd6', 'd9', 'd12']),
  D('owner eq $user.id without a user matches nothing', { owner: { eq: { $var: 'user.id' } } }, [], 'anonymous'),
  D('owner ne $user.id without a user matches all', { owner: { ne: { $var: 'user.id' } } }, ALL_DEALS, 'anonymous'),
  D('owner.email eq $user.email', { 'owner.email': { eq: { $var: 'user.email' } } }, ['d2', 'd8', 'd10'], 'bob'),
  D('owner.email contains $user.name (case-insensitive)', { 'owner.email': { contains: { $var: 'user.name' } } }, ['d1', 'd4', 'd6', 'd9', 'd12']),
  D('architecture §3 example as alice', { and: [{ stage: { in: ['won', 'new'] } }, { amount: { gte: 10000 } }, { 'company.grade': { eq: 'A' } }, { not: { owner: { eq: { $var: 'user.id' } } } }] }, []),
  D('architecture §3 example as bob', { and: [{ stage: { in: ['won', 'new'] } }, { amount: { gte: 10000 } }, { 'company.grade': { eq: 'A' } }, { not: { owner: { eq: { $var: 'user.id' } } } }] }, ['d9'], 'bob'),
  D('several fields incl. a path', { stage: { in: ['won', 'new'] }, amount: { gte: '100' }, 'company.grade': { ne: 'A' } }, ['d4', 'd8', 'd11', 'd12']),
  D('depth 10 of not', nest(9, { stage: { eq: 'won' } }), ['d2', 'd3', 'd5', 'd6', 'd7', 'd10', 'd12']),

  // ---- some / every / none over many-to-many (deal.products) and through a path
  D('products some', { products: { some: { sku: { eq: 'W1' } } } }, ['d1', 'd2', 'd7', 'd8']),
  D('products none', { products: { none: { sku: { eq: 'W1' } } } }, ['d3', 'd4', 'd5', 'd6', 'd9', 'd10', 'd11', 'd12']),
  D('products every (no products → true)', { products: { every: { sku: { in: ['W1', 'G1'] } } } }, ['d1', 'd2', 'd3', 'd6', 'd7', 'd9', 'd10', 'd12']),
  D('products every startsWith', { products: { every: { name: { startsWith: 'g' } } } }, ['d3', 'd6', 'd9', 'd10', 'd12']),
  D('products none with ne', { products: { none: { sku: { ne: 'W1' } } } }, ['d2', 'd3', 'd6', 'd7', 'd10', 'd12']),
  D('products some and every', { products: { some: { sku: { eq: 'S1' } }, every: { name: { contains: 'e' } } } }, ['d4', 'd5', 'd8', 'd11']),
  D('not products every', { not: { products: { every: { sku: { eq: 'W1' } } } } }, ['d1', 'd4', 'd5', 'd8', 'd9', 'd11']),
  D('company.deals some (through a path)', { 'company.deals': { some: { stage: { eq: 'lost' } } } }, ['d3', 'd9', 'd10']),
  D('company.deals every (no company → true)', { 'company.deals': { every: { stage: { eq: 'won' } } } }, ['d6', 'd7', 'd8']),
  // ---- the app's time zone (§10.4): NOW is 18:00 in Shanghai, 00:00 next day in Kiritimati, 05:00 in New York
  inTz('Asia/Shanghai', D('datetime today', { closed_at: { today: true } }, ['d1', 'd10'])),
  inTz('Asia/Shanghai', D('datetime thisYear', { closed_at: { thisYear: true } }, ['d1', 'd3', 'd4', 'd6', 'd9', 'd10', 'd11'])),
  inTz('Asia/Shanghai', D('datetime gte $today', { closed_at: { gte: { $var: 'today' } } }, ['d1', 'd6', 'd8', 'd10', 'd12'])),
  inTz('Asia/Shanghai', C('date today', { founded: { today: true } }, ['acme'])),
  inTz('Pacific/Kiritimati', C('date today', { founded: { today: true } }, [])),
  inTz('Pacific/Kiritimati', C('date lt $today', { founded: { lt: { $var: 'today' } } }, ['acme', 'acmecorp', 'beta', 'gamma', 'delta'])),
  inTz('Pacific/Kiritimati', C('date lte $now', { founded: { lte: { $var: 'now' } } }, ['acme', 'acmecorp', 'beta', 'gamma', 'delta'])),
  inTz('Pacific/Kiritimati', C('date inLast 1 day', { founded: { inLast: { n: 1, unit: 'day' } } }, ['acme'])),
  inTz('Pacific/Kiritimati', D('datetime today', { closed_at: { today: true } }, [])),
  inTz('America/New_York', D('datetime today', { closed_at: { today: true } }, ['d1'])),
  inTz('America/New_York', D('datetime thisMonth (after the DST change)', { closed_at: { thisMonth: true } }, ['d1', 'd6', 'd9', 'd10'])),
  inTz('America/New_York', D('datetime thisQuarter (before the DST change)', { closed_at: { thisQuarter: true } }, ['d1', 'd3', 'd4', 'd6', 'd9', 'd10', 'd12'])),
  inTz('America/Los_Angeles', D('datetime thisWeek', { closed_at: { thisWeek: true } }, ['d1', 'd6', 'd10'])),
  D('company.deals none (no company → true)', { 'company.deals': { none: { amount: { isNull: true } } } }, allBut(ALL_DEALS, 'd4', 'd5')),
];

interface BadCase {
  name: string;
  entity: EntityName;
  filter: unknown;
  problems: { pointer: string; code: string }[];
}

const bigIn = range(1001);
const B = (name: string, entity: EntityName, filter: unknown, ...problems: [string, string][]): BadCase =>
  ({ name, entity, filter, problems: problems.map(([pointer, code]) => ({ pointer, code })) });

const BAD: BadCase[] = [
  B('unknown field', 'company', { nope: { eq: 1 } }, ['/nope', 'unknown_field']),
  B('unknown field at the end of a path', 'deal', { 'company.nope': { eq: 1 } }, ['/company.nope', 'unknown_field']),
  B('path through a to-many relation', 'deal', { 'products.name': { eq: 'x' } }, ['/products.name', 'invalid_path']),
  B('path through a scalar', 'deal', { 'title.x': { eq: 'x' } }, ['/title.x', 'invalid_path']),
  B('field name with a slash is escaped in the pointer', 'company', { 'a/b~c': { eq: 1 } }, ['/a~1b~0c', 'unknown_field']),
  B('unknown operator', 'company', { name: { like: 'x' } }, ['/name/like', 'invalid_operator']),
  B('contains on integer', 'company', { employees: { contains: '5' } }, ['/employees/contains', 'invalid_operator']),
  B('gt on select', 'company', { grade: { gt: 'A' } }, ['/grade/gt', 'invalid_operator']),
  B('eq on multiselect', 'deal', { channels: { eq: 'web' } }, ['/channels/eq', 'invalid_operator']),
  B('eq on a to-many relation', 'company', { deals: { eq: 1 } }, ['/deals/eq', 'invalid_operator']),
  B('some on a many-to-one relation', 'deal', { company: { some: { name: { eq: 'x' } } } }, ['/company/some', 'invalid_operator']),
  B('eq null', 'company', { name: { eq: null } }, ['/name/eq', 'null_operand']),
  B('ne null', 'company', { grade: { ne: null } }, ['/grade/ne', 'null_operand']),
  B('in with []', 'company', { grade: { in: [] } }, ['/grade/in', 'invalid_value']),
  B('in with a scalar', 'company', { grade: { in: 'A' } }, ['/grade/in', 'invalid_value']),
  B('in with 1001 items', 'company', { employees: { in: bigIn } }, ['/employees/in', 'invalid_value']),
  B('nin with a null item', 'company', { grade: { nin: ['A', null] } }, ['/grade/nin/1', 'null_operand']),
  B("'abc' for integer", 'company', { employees: { eq: 'abc' } }, ['/employees/eq', 'invalid_value']),
  B('fraction for integer', 'company', { employees: { gt: 1.5 } }, ['/employees/gt', 'invalid_value']),
  B('text for decimal', 'company', { revenue: { gte: '12abc' } }, ['/revenue/gte', 'invalid_value']),
  B('number for text', 'company', { name: { eq: 5 } }, ['/name/eq', 'invalid_value']),
  B('string for boolean', 'company', { active: { eq: 'true' } }, ['/active/eq', 'invalid_value']),
  B('bad date', 'company', { founded: { eq: '18.11.2026' } }, ['/founded/eq', 'invalid_value']),
  B('bad datetime', 'deal', { closed_at: { gt: 'yesterday' } }, ['/closed_at/gt', 'invalid_value']),
  B("'X' is not an option of a select", 'company', { grade: { eq: 'X' } }, ['/grade/eq', 'invalid_value']),
  B("'X' inside in on a select", 'company', { grade: { in: ['A', 'X'] } }, ['/grade/in/1', 'invalid_value']),
  B('not an option of a multiselect', 'deal', { channels: { in: ['fax'] } }, ['/channels/in/0', 'invalid_value']),
  B('number inside tags in', 'company', { tags: { nin: [1] } }, ['/tags/nin/0', 'invalid_value']),
  B('contains with an empty string', 'company', { name: { contains: '' } }, ['/name/contains', 'invalid_value']),
  B('contains with a number', 'company', { name: { startsWith: 5 } }, ['/name/startsWith', 'invalid_value']),
  B('between with three items', 'company', { employees: { between: [1, 2, 3] } }, ['/employees/between', 'invalid_value']),
  B('between with a bad bound', 'company', { employees: { between: [1, 'x'] } }, ['/employees/between/1', 'invalid_value']),
  B('isNull with a string', 'company', { grade: { isNull: 'yes' } }, ['/grade/isNull', 'invalid_value']),
  B('today with false', 'company', { founded: { today: false } }, ['/founded/today', 'invalid_value']),
  B('inLast with a bad unit', 'company', { founded: { inLast: { n: 3, unit: 'fortnight' } } }, ['/founded/inLast', 'invalid_value']),
  B('inNext with n = 0', 'deal', { closed_at: { inNext: { n: 0, unit: 'day' } } }, ['/closed_at/inNext', 'invalid_value']),
  B('condition is not an object', 'company', { name: 'Acme' }, ['/name', 'type']),
  B('condition without operators', 'company', { name: {} }, ['/name', 'type']),
  B('empty filter', 'company', {}, ['', 'type']),
  B('filter is an array', 'company', [{ name: { eq: 'a' } }], ['', 'type']),
  B('and with empty array', 'company', { and: [] }, ['/and', 'type']),
  B('and with an object', 'company', { and: { name: { eq: 'a' } } }, ['/and', 'type']),
  B('or with a string', 'company', { or: 'x' }, ['/or', 'type']),
  B('nested problem pointer', 'company', { and: [{ name: { eq: 'a' } }, { revenue: { gte: 'abc' } }] }, ['/and/1/revenue/gte', 'invalid_value']),
  B('several problems', 'company', { or: [{ grade: { eq: 'X' } }, { nope: { eq: 1 } }], name: { eq: null } },
    ['/or/0/grade/eq', 'invalid_value'], ['/or/1/nope', 'unknown_field'], ['/name/eq', 'null_operand']),
  B('not with an array', 'company', { not: [{ name: { eq: 'a' } }] }, ['/not', 'type']),
  B('unknown variable', 'deal', { owner: { eq: { $var: 'user.role' } } }, ['/owner/eq', 'unknown_variable']),
  B('unknown variable inside in', 'deal', { owner: { in: [{ $var: 'me' }] } }, ['/owner/in/0', 'unknown_variable']),
  B('bad filter inside some', 'company', { deals: { some: { stage: { eq: 'X' } } } }, ['/deals/some/stage/eq', 'invalid_value']),
  B('empty filter inside every', 'deal', { products: { every: {} } }, ['/products/every', 'type']),
  B('depth > 10', 'company', nest(10, { grade: { eq: 'A' } }), ['/not/not/not/not/not/not/not/not/not/not', 'too_deep']),
  B('> 200 conditions', 'company', { or: range(201).map((i) => ({ employees: { eq: i } })) }, ['/or/200/employees/eq', 'too_many_conditions']),
  B('> 200 conditions counts the quantifier and what it holds', 'company', { deals: { some: { or: range(200).map((i) => ({ rating: { eq: (i % 5) + 1 } })) } } },
    ['/deals/some/or/199/rating/eq', 'too_many_conditions']),
];

describe('filter semantics (§10.4): SQL and in-memory agree', () => {
  let rt: TestRuntime;
  const ids = new Map<string, number>();
  const names = new Map<string, Map<number, string>>();
  const records: Record<EntityName, Record<string, unknown>[]> = { company: [], deal: [] };
  const vars: Record<Who, FilterVars> = { alice: { now: NOW }, bob: { now: NOW }, anonymous: { now: NOW, user: null } };
  const idOf: IdOf = (name) => {
    const id = ids.get(name);
    if (id === undefined) throw new Error(`no record named ${name}`);
    return id;
  };

  beforeAll(async () => {
    rt = await createTestRuntime();
    const k = rt.db.knex;
    for (const [key, u] of Object.entries(USERS)) {
      await k('_users').insert({ ...u, created_at: new Date().toISOString() });
      const row = (await k('_users').where({ email: u.email }).first('id')) as { id: number | string };
      ids.set(key, Number(row.id));
      vars[key as 'alice' | 'bob'] = { now: NOW, user: { id: Number(row.id), ...u } };
    }
    for (const [key, data] of Object.entries(PRODUCTS)) ids.set(key, await createRecord(rt, { entity: 'product', data, ctx }));
    for (const [key, data] of Object.entries(COMPANIES)) ids.set(key, await createRecord(rt, { entity: 'company', data, ctx }));
    for (const [key, raw] of Object.entries(DEALS)) {
      const data: Record<string, unknown> = { ...raw };
      if (typeof raw.company === 'string') data.company = idOf(raw.company);
      if (typeof raw.owner === 'string') data.owner = idOf(raw.owner);
      data.products = (raw.products as string[] | undefined)?.map(idOf) ?? [];
      ids.set(key, await createRecord(rt, { entity: 'deal', data, ctx }));
    }
    for (const entity of ['company', 'deal'] as const) {
      const compiled = rt.app.entities.get(entity)!;
      const res = await listRecords(rt, { entity, ctx, query: parseListQuery(rt.app, compiled, { limit: '500', expand: EXPAND[entity] }) });
      records[entity] = res.data;
      const keys = Object.keys(entity === 'company' ? COMPANIES : DEALS);
      names.set(entity, new Map(keys.map((n) => [idOf(n), n])));
    }
  });

  afterAll(async () => {
    await rt?.close();
  });

  it('loaded the fixture with the relations the in-memory side needs', () => {
    expect(records.company).toHaveLength(ALL_COMPANIES.length);
    expect(records.deal).toHaveLength(ALL_DEALS.length);
    const d1 = records.deal.find((r) => r.id === idOf('d1'))!;
    expect(d1.owner).toEqual({ id: idOf('alice'), email: 'alice@example.com', name: 'Alice' });
    expect(d1.company).toMatchObject({ id: idOf('acme'), name: 'Acme' });
    expect(d1.products).toHaveLength(2);
    const acme = records.company.find((r) => r.id === idOf('acme'))!;
    expect(acme.deals).toMatchObject({ meta: { count: 2 } });
    expect(records.company.find((r) => r.id === idOf('delta'))!.revenue).toBe('100.50');
  });

  const label = (entity: EntityName, list: number[]): string[] => list.map((id) => names.get(entity)!.get(id) ?? `#${id}`).sort();

  /** Runs the filter both ways; returns the matching names, sorted, from SQL and from memory. */
  const evaluate = async (entity: EntityName, filter: unknown, v: FilterVars, model: ModelInfo = rt.app.model): Promise<{ sql: string[]; memory: string[] }> => {
    const compiled = compileFilter(model, entity, filter);
    const qb = rt.db.knex(rt.app.entities.get(entity)!.table).select('id');
    compiled.toKnex(v, rt.db.dialect)(qb);
    const sqlIds = ((await qb) as { id: number | string }[]).map((r) => Number(r.id));
    const memoryIds = records[entity].filter((r) => compiled.test(r, v)).map((r) => r.id as number);
    return { sql: label(entity, sqlIds), memory: label(entity, memoryIds) };
  };
  const modelIn = (timezone: string): ModelInfo => ({ timezone, entity: (name) => rt.app.model.entity(name) });

  it.each(CASES.map((c) => [`${c.entity}: ${c.name}`, c] as const))('%s', async (_title, c) => {
    const filter = typeof c.filter === 'function' ? (c.filter as (id: IdOf) => unknown)(idOf) : c.filter;
    const model = c.tz ? modelIn(c.tz) : rt.app.model;
    expect(checkFilter(model, c.entity, filter)).toEqual([]);
    const expected = [...c.expect].sort();
    expect(await evaluate(c.entity, filter, vars[c.as ?? 'alice'], model)).toEqual({ sql: expected, memory: expected });
  });

  it('a datetime without an offset is UTC, whatever the process time zone', async () => {
    const saved = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      for (const text of ['2026-11-16T00:00:00', '2026-11-16T00:00:00.000', '2026-11-16 00:00']) {
        expect(await evaluate('deal', { closed_at: { eq: text } }, vars.alice), text).toEqual({ sql: ['d9'], memory: ['d9'] });
      }
      expect(await evaluate('deal', { closed_at: { between: ['2026-11-17T23:59:59.999', '2026-11-18 09:00'] } }, vars.alice)).toEqual({ sql: ['d1', 'd10'], memory: ['d1', 'd10'] });
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('covers every operator of §10.4', () => {
    const seen = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          seen.add(key);
          walk(value);
        }
      }
    };
    for (const c of CASES) walk(typeof c.filter === 'function' ? (c.filter as (id: IdOf) => unknown)(idOf) : c.filter);
    const ops = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'contains', 'startsWith', 'endsWith', 'isNull', 'between',
      'inLast', 'inNext', 'today', 'thisWeek', 'thisMonth', 'thisQuarter', 'thisYear', 'and', 'or', 'not', 'some', 'every', 'none', '$var'];
    expect(ops.filter((op) => !seen.has(op))).toEqual([]);
  });

  it('binds operands and variables instead of splicing them into SQL', () => {
    const compiled = compileFilter(rt.app.model, 'deal', { or: [{ title: { contains: "o'; DROP TABLE deal; --" } }, { owner: { eq: { $var: 'user.id' } } }] });
    const qb = rt.db.knex('deal').select('id');
    compiled.toKnex(vars.alice, rt.db.dialect)(qb);
    const { sql, bindings } = qb.toSQL();
    expect(sql).not.toContain('DROP');
    expect(bindings).toContain("%o'; DROP TABLE deal; --%");
    expect(bindings).toContain(idOf('alice'));
  });

  it('should guard a field against being empty only under a negation, where SQL NULL would differ from false', () => {
    const sqlOf = (filter: unknown): string => {
      const qb = rt.db.knex('deal').select('id');
      compileFilter(rt.app.model, 'deal', filter).toKnex(vars.alice, rt.db.dialect)(qb);
      return qb.toSQL().sql.toLowerCase();
    };
    expect(sqlOf({ or: [{ title: { startsWith: 'acme' } }, { amount: { gt: '10' } }] })).not.toContain('is not null');
    expect(sqlOf({ not: { title: { startsWith: 'acme' } } })).toContain('is not null');
    expect(sqlOf({ not: { or: [{ stage: { eq: 'won' } }] } })).toContain('is not null');
  });

  it('should name an escape character for LIKE only when the needle holds \\, % or _', () => {
    const sqlOf = (needle: string): string => {
      const qb = rt.db.knex('deal').select('id');
      compileFilter(rt.app.model, 'deal', { title: { startsWith: needle } }).toKnex(vars.alice, rt.db.dialect)(qb);
      return qb.toSQL().sql;
    };
    expect(sqlOf('Beta_')).toContain('ESCAPE');
    expect(sqlOf('100%')).toContain('ESCAPE');
    if (rt.db.dialect === 'sqlite') expect(sqlOf('Acme')).not.toContain('ESCAPE');
  });

  describe('refused filters', () => {
    const expectProblems = (actual: ProblemItem[], expected: BadCase['problems'], base: string): void => {
      expect(actual.map((p) => ({ pointer: p.pointer, code: p.code }))).toEqual(expected.map((p) => ({ pointer: base + p.pointer, code: p.code })));
      for (const p of actual) expect(p.message).toEqual(expect.any(String));
    };

    it.each(BAD.map((c) => [`${c.entity}: ${c.name}`, c] as const))('%s', (_title, c) => {
      expectProblems(checkFilter(rt.app.model, c.entity, c.filter), c.problems, '');
      let thrown: unknown;
      try {
        compileFilter(rt.app.model, c.entity, c.filter);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(FilterError);
      expectProblems((thrown as FilterError).problems, c.problems, '');
      let appErr: unknown;
      try {
        parseListQuery(rt.app, rt.app.entities.get(c.entity)!, { filter: JSON.stringify(c.filter) });
      } catch (err) {
        appErr = err;
      }
      expect(appErr).toBeInstanceOf(AppError);
      expect((appErr as AppError).code).toBe('INVALID_QUERY');
      expect((appErr as AppError).status).toBe(400);
      expectProblems((appErr as AppError).errors ?? [], c.problems, '/filter');
    });

    const viaQuery = (entity: EntityName, filter: string): AppError => {
      try {
        parseListQuery(rt.app, rt.app.entities.get(entity)!, { filter });
      } catch (err) {
        if (err instanceof AppError) return err;
        throw err;
      }
      throw new Error('the filter was accepted');
    };

    it('a filter over 16 KB is refused before it is parsed', () => {
      const filter = JSON.stringify({ or: range(190).map(() => ({ name: { contains: 'x'.repeat(80) } })) });
      expect(Buffer.byteLength(filter)).toBeGreaterThan(16 * 1024);
      const err = viaQuery('company', filter);
      expect(err.code).toBe('INVALID_QUERY');
      expect(err.errors?.map((p) => [p.pointer, p.code])).toEqual([['/filter', 'too_large']]);
      // the same content under the limit is fine
      const small = JSON.stringify({ or: range(150).map(() => ({ name: { contains: 'x'.repeat(80) } })) });
      expect(Buffer.byteLength(small)).toBeLessThanOrEqual(16 * 1024);
      expect(parseListQuery(rt.app, rt.app.entities.get('company')!, { filter: small }).filter).not.toBeNull();
    });

    it('a 16 KB limit counts bytes, not characters', () => {
      const filter = JSON.stringify({ or: range(40).map(() => ({ name: { contains: '星'.repeat(140) } })) });
      expect(filter.length).toBeLessThan(16 * 1024);
      expect(Buffer.byteLength(filter)).toBeGreaterThan(16 * 1024);
      expect(viaQuery('company', filter).errors?.map((p) => [p.pointer, p.code])).toEqual([['/filter', 'too_large']]);
    });

    it.each([
      ['not JSON', '{name: {eq: "Acme"}}'],
      ['truncated JSON', '{"name": {"eq": "Acme"}'],
      ['empty string', ''],
    ])('non-JSON filter string: %s', (_label, filter) => {
      const err = viaQuery('company', filter);
      expect(err.code).toBe('INVALID_QUERY');
      expect(err.errors?.map((p) => [p.pointer, p.code])).toEqual([['/filter', 'parse']]);
    });

    it.each([
      ['__proto__ at the top', '{"__proto__": {"isAdmin": true}, "name": {"eq": "Acme"}}'],
      ['__proto__ nested', '{"and": [{"name": {"eq": "Acme"}}, {"__proto__": {"eq": 1}}]}'],
      ['__proto__ as an operator', '{"name": {"__proto__": {"eq": "x"}}}'],
      ['constructor', '{"constructor": {"prototype": {"x": 1}}}'],
    ])('prototype keys are refused: %s', (_label, filter) => {
      const err = viaQuery('company', filter);
      expect(err.code).toBe('INVALID_QUERY');
      expect(err.errors?.map((p) => [p.pointer, p.code])).toEqual([['/filter', 'parse']]);
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    });

    it('a valid filter through parseListQuery filters listRecords', async () => {
      const query = parseListQuery(rt.app, rt.app.entities.get('deal')!, { filter: JSON.stringify({ 'company.grade': { ne: 'A' }, stage: { eq: 'won' } }) });
      const res = await listRecords(rt, { entity: 'deal', ctx, query });
      expect(label('deal', res.data.map((r) => r.id as number))).toEqual(['d11', 'd4', 'd8']);
    });

    it('an unknown entity is a problem, not a crash', () => {
      expect(checkFilter(rt.app.model, 'nope', { name: { eq: 1 } }).map((p) => p.code)).toEqual(['unknown_entity']);
      expect(() => compileFilter(rt.app.model, 'nope', { name: { eq: 1 } })).toThrow(FilterError);
    });
  });
});

describe('decimal operands finer than the field scale', () => {
  it('are refused instead of being rounded into a wrong comparison', async () => {
    const { checkFilter } = await import('../../runtime/query/filter.js');
    const rt2 = await (await import('../helpers/testRuntime.js')).createTestRuntime();
    try {
      expect(checkFilter(rt2.app.model, 'company', { revenue: { gt: '100.495' } })[0]).toMatchObject({ pointer: '/revenue/gt', code: 'invalid_value' });
      expect(checkFilter(rt2.app.model, 'company', { revenue: { gt: '100.490' } })).toEqual([]);
    } finally {
      await rt2.close();
    }
  });
});
