// Server state through react-query: the session user and the role-filtered metadata per locale.
import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, csrfToken } from './client';
import type { AppMeta, EntityMeta, User } from './types';

export const meKey = ['me'] as const;

export function useMe() {
  return useQuery({
    queryKey: meKey,
    // No CSRF cookie means no session: skip the request (and the 401 the console would log).
    queryFn: async () => (csrfToken() ? (await api<{ data: { user: User; csrfToken?: string } }>('/api/v1/_auth/me')).data.user : null),
    retry: false,
    staleTime: 5 * 60_000,
  });
}

/** The locale the definitions' labels are asked in: the UI language if the app has it. */
export function useMetaLocale(app?: AppMeta): string {
  const { i18n } = useTranslation();
  if (!app) return i18n.language;
  return app.locales.includes(i18n.language) ? i18n.language : app.defaultLocale;
}

export function useAppMeta() {
  const { i18n } = useTranslation();
  return useQuery({
    queryKey: ['meta', 'app', i18n.language],
    queryFn: async () => {
      // Ask without a locale first only if the UI language is not one of the app's.
      try {
        return (await api<{ data: AppMeta }>(`/api/v1/_meta/app?locale=${encodeURIComponent(i18n.language)}`)).data;
      } catch {
        return (await api<{ data: AppMeta }>('/api/v1/_meta/app')).data;
      }
    },
    staleTime: 10 * 60_000,
    placeholderData: (previous) => previous,
  });
}

const entityQuery = (name: string, locale: string) => ({
  queryKey: ['meta', 'entity', name, locale],
  queryFn: async () => (await api<{ data: EntityMeta }>(`/api/v1/_meta/entities/${encodeURIComponent(name)}?locale=${encodeURIComponent(locale)}`)).data,
  staleTime: 10 * 60_000,
  // On a language switch keep showing the old labels until the new ones arrive (no page reset).
  placeholderData: (previous: EntityMeta | undefined, query?: { queryKey: readonly unknown[] }) => (previous && query?.queryKey[2] === name ? previous : undefined),
});

export function useEntityMeta(name: string | undefined) {
  const app = useAppMeta();
  const locale = useMetaLocale(app.data);
  return useQuery({ ...entityQuery(name ?? '', locale), enabled: !!name && !!app.data });
}

/** Metadata of several entities (relation targets), keyed by name once all have loaded. */
export function useEntityMetas(names: string[]): Map<string, EntityMeta> | null {
  const app = useAppMeta();
  const locale = useMetaLocale(app.data);
  const unique = [...new Set(names)].filter((n) => n !== '_users');
  const results = useQueries({ queries: unique.map((n) => ({ ...entityQuery(n, locale), enabled: !!app.data })) });
  if (results.some((r) => r.isPending && r.fetchStatus !== 'idle')) return null;
  const out = new Map<string, EntityMeta>();
  results.forEach((r, i) => { if (r.data) out.set(unique[i], r.data); });
  return out;
}
