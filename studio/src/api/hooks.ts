// Server state through react-query: the session user and the role-filtered metadata per locale.
import { type QueryClient, useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiProblem, csrfToken } from './client';
import type { AppMeta, EntityMeta, User } from './types';

export const meKey = ['me'] as const;

export const meQuery = {
  queryKey: meKey,
  // No CSRF cookie means no session: skip the request (and the 401 the console would log).
  queryFn: async (): Promise<User | null> => (csrfToken() ? (await api<{ data: { user: User; csrfToken?: string } }>('/api/v1/_auth/me')).data.user : null),
  retry: false,
  staleTime: 5 * 60_000,
};

export function useMe() {
  return useQuery(meQuery);
}

/** The locale the definitions' labels are asked in: the UI language if the app has it. */
export function useMetaLocale(app?: AppMeta): string {
  const { i18n } = useTranslation();
  if (!app) return i18n.language;
  return app.locales.includes(i18n.language) ? i18n.language : app.defaultLocale;
}

/** Metadata in the UI language; an app without that locale answers in its default one. */
async function metaIn<T>(path: string, locale: string): Promise<T> {
  try {
    return (await api<{ data: T }>(`${path}?locale=${encodeURIComponent(locale)}`)).data;
  } catch (err) {
    if (err instanceof ApiProblem && err.code === 'INVALID_QUERY') return (await api<{ data: T }>(path)).data;
    throw err;
  }
}

export const appQuery = (locale: string) => ({
  queryKey: ['meta', 'app', locale],
  queryFn: () => metaIn<AppMeta>('/api/v1/_meta/app', locale),
  staleTime: 10 * 60_000,
});

export function useAppMeta() {
  const { i18n } = useTranslation();
  return useQuery({ ...appQuery(i18n.language), placeholderData: (previous: AppMeta | undefined) => previous });
}

export const entityQuery = (name: string, locale: string) => ({
  queryKey: ['meta', 'entity', name, locale],
  queryFn: () => metaIn<EntityMeta>(`/api/v1/_meta/entities/${encodeURIComponent(name)}`, locale),
  staleTime: 10 * 60_000,
  // On a language switch keep showing the old labels until the new ones arrive (no page reset).
  placeholderData: (previous: EntityMeta | undefined, query?: { queryKey: readonly unknown[] }) => (previous && query?.queryKey[2] === name ? previous : undefined),
});

export function useEntityMeta(name: string | undefined) {
  const app = useAppMeta();
  const locale = useMetaLocale(app.data);
  // Not waiting for the app metadata: both are asked for at once (see prefetchBoot).
  return useQuery({ ...entityQuery(name ?? '', locale), enabled: !!name });
}

/** Metadata of several entities (relation targets), keyed by name once all have loaded. */
export function useEntityMetas(names: string[]): Map<string, EntityMeta> | null {
  const app = useAppMeta();
  const locale = useMetaLocale(app.data);
  const unique = [...new Set(names)].filter((n) => n !== '_users');
  const results = useQueries({ queries: unique.map((n) => entityQuery(n, locale)) });
  if (results.some((r) => r.isPending && r.fetchStatus !== 'idle')) return null;
  const out = new Map<string, EntityMeta>();
  results.forEach((r, i) => { if (r.data) out.set(unique[i], r.data); });
  return out;
}

/**
 * Start the first screen's requests before React renders: the session, the app metadata and, on a
 * record URL, the entity's metadata go out together instead of one after another.
 */
export function prefetchBoot(client: QueryClient, locale: string): void {
  if (!csrfToken()) return;
  void client.prefetchQuery(meQuery);
  void client.prefetchQuery(appQuery(locale));
  const m = /^\/records\/([a-z][a-z0-9_]{0,62})(\/|$)/.exec(location.pathname);
  if (m) void client.prefetchQuery(entityQuery(m[1], locale));
}
