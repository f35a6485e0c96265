// On a list URL, ask for the first page as soon as the metadata it depends on has arrived, instead
// of after the first render: the same query key the grid then uses, so it renders from the cache.
import type { QueryClient } from '@tanstack/react-query';
import { csrfToken } from '../api/client';
import { appQuery, entityQuery } from '../api/hooks';
import { parseRoute } from '../app/router';
import { columnsStorageKey, fieldsParam, listColumns, relationTargets } from './columns';
import { pagesQuery } from './useRecordPages';

export async function prefetchList(client: QueryClient, locale: string): Promise<void> {
  const route = parseRoute(location.pathname + location.search);
  if (route.name !== 'list' || !csrfToken()) return;
  try {
    const [app, entity] = await Promise.all([client.fetchQuery(appQuery(locale)), client.fetchQuery(entityQuery(route.entity, locale))]);
    if (!app.locales.includes(locale)) return;
    const view = route.view ? app.views.find((v) => v.name === route.view && v.entity === route.entity) : undefined;
    if (route.view && (!view || (view.kind && view.kind !== 'table'))) return;
    const targets = new Map(await Promise.all(relationTargets(entity).filter((t) => t !== '_users').map(async (t) => [t, await client.fetchQuery(entityQuery(t, locale))] as const)));
    const saved = localStorage.getItem(columnsStorageKey(entity.name, view?.name));
    const chosen = saved ? (JSON.parse(saved) as string[]) : null;
    const columns = listColumns(entity, view ?? null, chosen, targets);
    await client.prefetchInfiniteQuery(pagesQuery(entity.name, { view: view?.name, fields: fieldsParam(entity, columns, targets) }));
  } catch {
    // The screens ask again and show the error themselves.
  }
}
