// Safe JSON parsing for every input we do not control: keys that could pollute prototypes are refused.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export class UnsafeJsonError extends Error {
  constructor(readonly key: string, readonly path: string, message = `the key "${key}" is not allowed (at ${path || '/'})`) {
    super(message);
  }
}

/** Nesting deeper than this is refused where JSON comes in: JSON.stringify (audit rows, json columns,
 *  messages) and the recursive walks below overflow the stack a few thousand levels down. */
export const MAX_JSON_DEPTH = 100;

/** The JSON Pointer of the first value nested deeper than `max` levels, or null. Iterative, so any depth is safe. */
export function findTooDeep(value: unknown, max = MAX_JSON_DEPTH): string | null {
  const stack: [unknown, string, number][] = [[value, '', 0]];
  while (stack.length > 0) {
    const [v, path, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return path || '/';
    const entries: [string | number, unknown][] = Array.isArray(v) ? [...v.entries()] : Object.entries(v);
    for (const [k, x] of entries) if (x !== null && typeof x === 'object') stack.push([x, `${path}/${String(k).replace(/~/g, '~0').replace(/\//g, '~1')}`, depth + 1]);
  }
  return null;
}

export function findForbiddenKey(value: unknown, path = ''): { key: string; path: string } | null {
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findForbiddenKey(value[i], `${path}/${i}`);
      if (hit) return hit;
    }
    return null;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return { key, path: `${path}/${key}` };
    const hit = findForbiddenKey((value as Record<string, unknown>)[key], `${path}/${key}`);
    if (hit) return hit;
  }
  return null;
}

/** JSON.parse that throws UnsafeJsonError on __proto__/constructor/prototype keys anywhere. */
export function parseJsonSafe(text: string): unknown {
  const value: unknown = JSON.parse(text);
  const deep = findTooDeep(value);
  if (deep !== null) throw new UnsafeJsonError('', deep, `the JSON is nested deeper than ${MAX_JSON_DEPTH} levels (at ${deep})`);
  const hit = findForbiddenKey(value);
  if (hit) throw new UnsafeJsonError(hit.key, hit.path);
  return value;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

// U+0000 (PostgreSQL text can not hold it) and unpaired UTF-16 surrogates (not Unicode; PostgreSQL's
// json type refuses their escapes) would be stored on SQLite and fail on PostgreSQL: refused on both.
const BAD_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const isBadText = (s: string): boolean => BAD_TEXT.test(s);

/** The JSON Pointer of the first key or string value that no database can store the same way, or null. */
export function findBadText(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return isBadText(value) ? path : null;
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findBadText(value[i], `${path}/${i}`);
      if (hit !== null) return hit;
    }
    return null;
  }
  for (const [key, v] of Object.entries(value)) {
    const at = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (isBadText(key)) return at;
    const hit = findBadText(v, at);
    if (hit !== null) return hit;
  }
  return null;
}

/** Every string inside a parsed JSON value in Unicode NFC (filters compare with NFC-stored text). */
export function nfcStrings(value: unknown): unknown {
  if (typeof value === 'string') return value.normalize('NFC');
  if (Array.isArray(value)) return value.map(nfcStrings);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, nfcStrings(v)]));
  return value;
}
