// Server state of the builders: the definitions (all layers) and the registry of types.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type DefinitionKind, type DefinitionEntry, fetchDefinitions, fetchRegistry } from '../api/definitions';

export const definitionsKey = ['definitions'] as const;

export function useDefinitions() {
  return useQuery({ queryKey: definitionsKey, queryFn: fetchDefinitions, staleTime: 5_000 });
}

export function useRegistry() {
  return useQuery({ queryKey: ['registry'], queryFn: fetchRegistry, staleTime: 10 * 60_000 });
}

export function useDefinition(kind: DefinitionKind, name: string | null): { entry: DefinitionEntry | null; isPending: boolean; error: unknown } {
  const q = useDefinitions();
  const entry = name ? q.data?.entries.find((e) => e.kind === kind && e.name === name) ?? null : null;
  return { entry, isPending: q.isPending, error: q.error };
}

/** After a write: the definitions, and the metadata the rest of the studio reads, are stale. */
export function useRefreshAfterWrite() {
  const client = useQueryClient();
  return async (applied = false): Promise<void> => {
    await client.invalidateQueries({ queryKey: definitionsKey });
    if (applied) await client.invalidateQueries({ queryKey: ['meta'] });
  };
}

/** A label of a definition in a locale: plain string or locale map. */
export function labelOf(label: unknown, locale: string, fallback: string): string {
  if (typeof label === 'string') return label;
  if (label && typeof label === 'object') {
    const m = label as Record<string, string>;
    return m[locale] ?? m.en ?? Object.values(m)[0] ?? fallback;
  }
  return fallback;
}
