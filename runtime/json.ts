// Safe JSON parsing for every input we do not control: keys that could pollute prototypes are refused.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export class UnsafeJsonError extends Error {
  constructor(readonly key: string, readonly path: string) {
    super(`the key "${key}" is not allowed (at ${path || '/'})`);
  }
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
    if (FORBIDDEN_KEYS.has(key)) return { key, path };
    const hit = findForbiddenKey((value as Record<string, unknown>)[key], `${path}/${key}`);
    if (hit) return hit;
  }
  return null;
}

/** JSON.parse that throws UnsafeJsonError on __proto__/constructor/prototype keys anywhere. */
export function parseJsonSafe(text: string): unknown {
  const value: unknown = JSON.parse(text);
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
