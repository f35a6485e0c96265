// How seed records point at other rows: by match key and by user e-mail, never by database id.

export type SeedRecord = Record<string, unknown>;

export interface MatchRef { $match: Record<string, string> }
export interface UserRef { $user: string }

export const byKey = (field: string, value: string): MatchRef => ({ $match: { [field]: value } });
export const user = (email: string): UserRef => ({ $user: email });

/** Drops keys whose value is undefined, so a record only carries the fields it sets. */
export function compact(record: Record<string, unknown>): SeedRecord {
  const out: SeedRecord = {};
  for (const [k, v] of Object.entries(record)) if (v !== undefined) out[k] = v;
  return out;
}
