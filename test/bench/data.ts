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

/** Surnames for `last_name` (the peer benchmark's selectivity: about 1 in 100 rows per 3-letter prefix). */
export const SURNAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts',
  'Gomez', 'Phillips', 'Evans', 'Turner', 'Diaz', 'Parker', 'Cruz', 'Edwards', 'Collins', 'Reyes',
  'Stewart', 'Morris', 'Morales', 'Murphy', 'Cook', 'Rogers', 'Gutierrez', 'Ortiz', 'Morgan', 'Cooper',
  'Peterson', 'Bailey', 'Reed', 'Kelly', 'Howard', 'Ramos', 'Kim', 'Cox', 'Ward', 'Richardson',
  'Watson', 'Brooks', 'Chavez', 'Wood', 'James', 'Bennett', 'Gray', 'Mendoza', 'Ruiz', 'Hughes',
  'Price', 'Alvarez', 'Castillo', 'Sanders', 'Patel', 'Myers', 'Long', 'Ross', 'Foster', 'Jimenez',
] as const;
/** The 3-letter prefixes of SURNAMES, as typed ("Smi"): the prefix search's operands. */
export const SURNAME_PREFIXES = [...new Set(SURNAMES.map((n) => n.slice(0, 3)))];

export interface ContactRow {
  name: string;
  email: string;
  phone: string;
  city: string;
  score: number;
  last_name: string;
  /** Currency with 2 places, skewed 0…50,000.00 (1 in 100 empty); as stored: a scaled integer on SQLite. */
  lifetime_value: string | null;
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
    last_name: pick(r, SURNAMES),
    lifetime_value: r() < 0.01 ? null : (Math.round(r() ** 3 * 5_000_000) / 100).toFixed(2),
  };
}

/** A search term: three lower-case letters of a last name ("rin" from "Turing"). */
export function searchTerm(r: () => number): string {
  const last = pick(r, LAST).toLowerCase();
  const at = intIn(r, 0, last.length - 3);
  return last.slice(at, at + 3);
}
