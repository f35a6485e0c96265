// Deterministic data for the benchmark: the seeded contacts and the request value streams.
// Row i depends only on i, so every run (and both dialects) sees the same table.

/** mulberry32: small, fast, seedable; good enough to spread ids and pick list items. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)];
export const intIn = (r: () => number, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

const FIRST = [
  'Ada', 'Alan', 'Grace', 'Linus', 'Edsger', 'Barbara', 'Donald', 'Margaret', 'Ken', 'Dennis',
  'Bjarne', 'Guido', 'Anders', 'Frances', 'Radia', 'Hedy', 'Katherine', 'Tim', 'Vint', 'Sophie',
  'John', 'Niklaus', 'Leslie', 'Shafi', 'Silvio', 'Whitfield', 'Martin', 'Ivan', 'Adele', 'Jean',
] as const;

export const LAST = [
  'Lovelace', 'Turing', 'Hopper', 'Torvalds', 'Dijkstra', 'Liskov', 'Knuth', 'Hamilton', 'Thompson', 'Ritchie',
  'Stroustrup', 'Rossum', 'Hejlsberg', 'Allen', 'Perlman', 'Lamarr', 'Johnson', 'Berners', 'Cerf', 'Wilson',
  'McCarthy', 'Wirth', 'Lamport', 'Goldwasser', 'Micali', 'Diffie', 'Hellman', 'Sutherland', 'Goldberg', 'Sammet',
  'Backus', 'Kay', 'Engelbart', 'Naur', 'Hoare', 'Milner', 'Floyd', 'Tarjan', 'Rivest', 'Shamir',
] as const;

/** 50 cities: about 2,000 of the 100k rows per city. */
export const CITIES = [
  'Amsterdam', 'Athens', 'Auckland', 'Bangkok', 'Barcelona', 'Berlin', 'Bogota', 'Boston', 'Brussels', 'Budapest',
  'Cairo', 'Chicago', 'Copenhagen', 'Dakar', 'Delhi', 'Dublin', 'Edinburgh', 'Florence', 'Geneva', 'Hamburg',
  'Helsinki', 'Istanbul', 'Jakarta', 'Kyoto', 'Lagos', 'Lima', 'Lisbon', 'London', 'Lyon', 'Madrid',
  'Manila', 'Melbourne', 'Mexico City', 'Milan', 'Montreal', 'Mumbai', 'Munich', 'Nairobi', 'Oslo', 'Paris',
  'Porto', 'Prague', 'Quito', 'Riga', 'Rome', 'Santiago', 'Seoul', 'Stockholm', 'Tokyo', 'Vienna',
] as const;

export interface ContactRow {
  name: string;
  email: string;
  phone: string;
  city: string;
  score: number;
}

/** The i-th seeded contact (i from 1); its id is i because the table starts empty. */
export function contact(i: number): ContactRow {
  const r = rng(0x5eed ^ Math.imul(i, 0x9e3779b1));
  const name = `${pick(r, FIRST)} ${pick(r, LAST)}`;
  return {
    name,
    email: `contact${i}@example.com`,
    phone: `+1 555 ${String(intIn(r, 0, 9999999)).padStart(7, '0')}`,
    city: pick(r, CITIES),
    score: intIn(r, 0, 1000),
  };
}

/** A search term: three lower-case letters of a last name ("rin" from "Turing"). */
export function searchTerm(r: () => number): string {
  const last = pick(r, LAST).toLowerCase();
  const at = intIn(r, 0, last.length - 3);
  return last.slice(at, at + 3);
}
