// A 422's errors[].pointer ("/amount", "/lines/0/qty") → rjsf's ErrorSchema, so each message shows at its field.
import type { ErrorSchema } from '@rjsf/utils';
import type { Problem } from '../api/types.js';

const unescape = (s: string): string => s.replace(/~1/g, '/').replace(/~0/g, '~');

export function problemToErrorSchema(problem: Problem): { errorSchema: ErrorSchema; unplaced: string[] } {
  const errorSchema: Record<string, unknown> = {};
  const unplaced: string[] = [];
  for (const e of problem.errors ?? []) {
    const path = e.pointer.split('/').slice(1).map(unescape).filter(Boolean);
    if (path.length === 0) {
      unplaced.push(e.message);
      continue;
    }
    let node = errorSchema;
    for (const step of path) node = (node[step] ??= {}) as Record<string, unknown>;
    ((node.__errors ??= []) as string[]).push(e.message);
  }
  return { errorSchema: errorSchema as ErrorSchema, unplaced };
}
