// Keyset paging for lists: pages of 100 follow meta.nextCursor; only the first asks for the count.
import { type InfiniteData, useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { listRecords } from '../api/records';
import type { Page, RecordData } from '../api/types';

export const PAGE_SIZE = 100;

/** The list's paged query (also used to start the first page before the grid renders). */
export const pagesQuery = (entity: string, params: Record<string, unknown>) => ({
  queryKey: ['list', entity, params],
  initialPageParam: null as string | null,
  queryFn: ({ pageParam, signal }: { pageParam: string | null; signal: AbortSignal }) =>
    listRecords(entity, { ...params, limit: PAGE_SIZE, cursor: pageParam ?? undefined, count: pageParam ? undefined : 'true' }, signal),
  getNextPageParam: (last: Page) => last.meta.nextCursor ?? undefined,
  staleTime: 15_000,
});

export function useRecordPages(entity: string, params: Record<string, unknown>, enabled = true) {
  const options = pagesQuery(entity, params);
  const queryKey = options.queryKey;
  const client = useQueryClient();
  const query = useInfiniteQuery({ ...options, enabled });
  const rows = query.data?.pages.flatMap((p) => p.data) ?? [];
  const count = query.data?.pages[0]?.meta.count;

  /** Merge changed values into one cached row (after an inline edit), without refetching. */
  const patchRow = useCallback((id: number, patch: Partial<RecordData>) => {
    client.setQueryData<InfiniteData<Page>>(queryKey, (data) => data && {
      ...data,
      pages: data.pages.map((p) => ({ ...p, data: p.data.map((r) => (r.id === id ? { ...r, ...patch } : r)) })),
    });
  }, [client, JSON.stringify(queryKey)]);

  return { ...query, rows, count, patchRow };
}
