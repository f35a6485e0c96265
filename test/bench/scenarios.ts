// The five scenarios as request streams. Platform and floor get the same value stream for the same
// seed (same ids, cities, search terms, scores); only the URL shape differs.
import { CITIES, contact, intIn, pick, rng, searchTerm, SURNAME_PREFIXES } from './data.js';

export const SCENARIOS = ['get-one', 'list-city', 'list-city-value', 'search', 'search-prefix', 'create', 'patch'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];
export type TargetKind = 'platform' | 'floor';

export interface BenchRequest {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface StreamOptions {
  scenario: ScenarioName;
  target: TargetKind;
  /** Seeded rows: ids 1..rows exist. */
  rows: number;
  seed: number;
  /** Makes created emails unique across targets, rounds and warm-ups (lower case). */
  tag: string;
  /** Sent with every request (the platform's Authorization header). */
  headers?: Record<string, string>;
}

export const isScenario = (s: string): s is ScenarioName => (SCENARIOS as readonly string[]).includes(s);

const JSON_HEADERS = { 'content-type': 'application/json' };
const enc = encodeURIComponent;

/** Returns a function giving the next request of the stream. */
export function requestStream(o: StreamOptions): () => BenchRequest {
  const next = bareStream(o);
  const extra = o.headers;
  if (!extra || Object.keys(extra).length === 0) return next;
  return () => {
    const req = next();
    return { ...req, headers: { ...req.headers, ...extra } };
  };
}

function bareStream(o: StreamOptions): () => BenchRequest {
  const r = rng(o.seed);
  const base = o.target === 'platform' ? '/api/v1/contact' : '/contact';
  let seq = 0;
  switch (o.scenario) {
    case 'get-one':
      return () => ({ method: 'GET', path: `${base}/${intIn(r, 1, o.rows)}`, headers: {} });
    case 'list-city':
      return () => {
        const city = pick(r, CITIES);
        const query = o.target === 'platform' ? `filter=${enc(JSON.stringify({ city: { eq: city } }))}` : `city=${enc(city)}`;
        return { method: 'GET', path: `${base}?${query}&limit=50`, headers: {} };
      };
    case 'list-city-value':
      // The peer benchmark's list_city: one city (about 2,000 rows, indexed) by an unindexed currency, highest first.
      return () => {
        const city = pick(r, CITIES);
        const query = o.target === 'platform' ? `filter=${enc(JSON.stringify({ city: { eq: city } }))}&sort=-lifetime_value` : `city=${enc(city)}&sort=-lifetime_value`;
        return { method: 'GET', path: `${base}?${query}&limit=50`, headers: {} };
      };
    case 'search-prefix':
      // The peer benchmark's search_last: an unindexed text column by a 3-letter prefix, in id order.
      return () => {
        const prefix = pick(r, SURNAME_PREFIXES);
        const query = o.target === 'platform' ? `filter=${enc(JSON.stringify({ last_name: { startsWith: prefix } }))}&sort=id` : `prefix=${enc(prefix)}`;
        return { method: 'GET', path: `${base}?${query}&limit=50`, headers: {} };
      };
    case 'search':
      return () => ({ method: 'GET', path: `${base}?q=${enc(searchTerm(r))}&limit=50`, headers: {} });
    case 'create':
      return () => {
        seq++;
        const c = contact(intIn(r, 1, o.rows));
        const body = { name: c.name, email: `bench.${o.tag}.${seq}@bench.example`, phone: c.phone, city: 'Benchtown', score: c.score };
        return { method: 'POST', path: base, headers: JSON_HEADERS, body: JSON.stringify(body) };
      };
    case 'patch':
      return () => ({
        method: 'PATCH', path: `${base}/${intIn(r, 1, o.rows)}`, headers: JSON_HEADERS, body: JSON.stringify({ score: intIn(r, 0, 1000) }),
      });
  }
}
