// The read budget's query side: how far one filter may reach through relations. Each
// some/none/every runs a correlated subquery per row of the level above it, so nesting them
// multiplies the work (four levels over a few hundred rows each are billions of row visits). A
// dot in a path (`account.owner.email`) is one hop too, so "three relations away" means the same
// for filters as for `expand`. The other parts of the budget: the statement timeout
// (runtime/dialect/connect.ts) and the per-user rate and concurrency (server/http/readBudget.ts).
import { appError } from '../errors/catalog.js';
import type { CompiledFilter } from './filter.js';

export const DEFAULT_FILTER_MAX_HOPS = 3;

/** The configured hop limit: the given value, else CRM_FILTER_MAX_HOPS, else 3 (checked: 1–10). */
export function filterMaxHopsSetting(given?: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = given ?? env.CRM_FILTER_MAX_HOPS;
  if (raw === undefined || raw === '') return DEFAULT_FILTER_MAX_HOPS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 10) throw new Error(`CRM_FILTER_MAX_HOPS must be a whole number from 1 to 10 (got "${String(raw).slice(0, 20)}")`);
  return n;
}

/** Refuses a filter that reaches further than the budget allows: 400 with a pointer to the hop past it. */
export function checkFilterReach(filter: CompiledFilter, maxHops: number = DEFAULT_FILTER_MAX_HOPS): void {
  const { hops, at } = filter.reach;
  if (hops <= maxHops) return;
  const pointer = at[maxHops];
  const message = `this filter follows ${hops} relations in a chain; at most ${maxHops} are allowed (each some/none/every and each dot in a path is one)`;
  throw appError('INVALID_QUERY', 'the filter is too complex', { errors: [{ pointer, code: 'too_complex', message }] });
}
