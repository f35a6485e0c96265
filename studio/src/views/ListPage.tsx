// One entity's records: a saved view (or all records) as a grid, a board or a calendar, with
// quick search, the visual filter builder, column choice, selection → delete / export. While
// viewing as a role nothing here writes: no New, no inline edit, no delete (export stays).
import { lazy, Suspense, useState } from 'react';
import { Badge, Box, Button, Checkbox, Drawer, Group, Menu, Modal, ScrollArea, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useLocalStorage } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../api/client';
import { useAppMeta, useEntityMeta, useEntityMetas } from '../api/hooks';
import { deleteRecord, exportUrl, getRecord, patchRecord } from '../api/records';
import { useReadOnly, viewAsHeaders } from '../api/viewAs';
import type { EntityMeta, RecordData, ViewMeta } from '../api/types';
import { Link, recordPath } from '../app/router';
import { EmptyState, ErrorState, PageLoader, problemText } from '../app/states';
import { formatText } from './cells';
import { type Column, columnsStorageKey, defaultColumns, fieldsParam, listColumns, relationTargets } from './columns';
import { type Conflict, ConflictDialog } from './ConflictDialog';
import { countConditions, emptyGroup, type Group as FilterGroup, toAst } from './filter/filterModel';
import { Grid } from './Grid';
import { useRecordPages } from './useRecordPages';

// Loaded on first use, to keep the initial JavaScript small.
const FilterBuilder = lazy(() => import('./filter/FilterBuilder'));
const Board = lazy(() => import('./Board'));
const CalendarView = lazy(() => import('./CalendarView'));

export function ListPage({ entity: entityName, view: viewName }: { entity: string; view: string | null }) {
  const { t } = useTranslation();
  const app = useAppMeta();
  const meta = useEntityMeta(entityName);
  if (app.isPending || meta.isPending) return <PageLoader />;
  if (app.error || meta.error) return <ErrorState error={app.error ?? meta.error} onRetry={() => { void app.refetch(); void meta.refetch(); }} />;
  const view = viewName ? app.data.views.find((v) => v.name === viewName && v.entity === entityName) : undefined;
  if (viewName && !view) return <ErrorState error={new Error(t('errors.notFound'))} title={t('errors.notFound')} />;
  return <List entity={meta.data} view={view ?? null} />;
}

function List({ entity, view }: { entity: EntityMeta; view: ViewMeta | null }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const readOnly = useReadOnly();
  const targets = useEntityMetas(relationTargets(entity));
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [filter, setFilter] = useState<FilterGroup>(() => emptyGroup());
  const [filterOpen, setFilterOpen] = useState(false);
  const [sort, setSort] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [exporting, setExporting] = useState(false);
  const [savingCell, setSavingCell] = useState<string | null>(null);
  const [errorCell, setErrorCell] = useState<string | null>(null);
  const [mode, setMode] = useState<'table' | 'kanban' | 'calendar'>(view?.kind ?? 'table');
  const [chosen, setChosen] = useLocalStorage<string[] | null>({ key: columnsStorageKey(entity.name, view?.name), defaultValue: null, getInitialValueInEffect: false });

  const paths = chosen ?? view?.columns ?? defaultColumns(entity);
  const columns = listColumns(entity, view, chosen, targets);
  const ast = toAst(filter);
  // Debounce the JSON text, not the object: a new object each render would restart the timer forever.
  const [debouncedFilter] = useDebouncedValue(ast ? JSON.stringify(ast) : '', 300);
  const params = {
    view: view?.name, q: q || undefined, filter: debouncedFilter || undefined, sort: sort ?? undefined,
    fields: targets ? fieldsParam(entity, columns, targets) : undefined,
  };
  const pages = useRecordPages(entity.name, params, !!targets && mode === 'table');
  const conditions = countConditions(filter);

  const onEdit = async (row: RecordData, column: Column, value: unknown, version = row.version): Promise<void> => {
    const key = `${row.id}:${column.path}`;
    setSavingCell(key);
    setErrorCell(null);
    pages.patchRow(row.id, { [column.path]: value });
    try {
      const saved = await patchRecord({ entity: entity.name, id: row.id, data: { [column.path]: value }, version });
      pages.patchRow(row.id, { [column.path]: saved[column.path], version: saved.version, updated_at: saved.updated_at });
    } catch (err) {
      if (err instanceof ApiProblem && err.status === 412) {
        const current = await getRecord(entity.name, row.id);
        const fmt = (v: unknown): string => formatText(column.field, v, i18n.language, [t('app.yes'), t('app.no')]);
        pages.patchRow(row.id, { [column.path]: current[column.path], version: current.version });
        setConflict({
          field: column.path, label: column.label, mine: fmt(value), theirs: fmt(current[column.path]),
          onKeepMine: () => void onEdit({ ...row, version: current.version }, column, value, current.version),
          onUseTheirs: () => pages.patchRow(row.id, { [column.path]: current[column.path], version: current.version }),
        });
      } else {
        pages.patchRow(row.id, { [column.path]: row[column.path] });
        setErrorCell(key);
        const detail = err instanceof ApiProblem && err.problem.errors?.length ? err.problem.errors.map((e) => e.message).join('; ') : problemText(err, t);
        notifications.show({ color: 'red', title: `${t('list.saveFailed')}: ${column.label}`, message: detail });
      }
    } finally {
      setSavingCell(null);
    }
  };

  const remove = async (): Promise<void> => {
    setConfirmDelete(false);
    const rows = pages.rows.filter((r) => selected.has(r.id));
    const results = await Promise.allSettled(rows.map((r) => deleteRecord({ entity: entity.name, id: r.id, version: r.version })));
    const failed = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    const ok = results.length - failed.length;
    if (ok) notifications.show({ color: 'green', message: t('list.deleted', { count: ok }) });
    if (failed.length) notifications.show({ color: 'red', title: t('list.deleteFailed'), message: problemText(failed[0].reason, t) });
    setSelected(new Set());
    await client.invalidateQueries({ queryKey: ['list', entity.name] });
  };

  const exportHref = exportUrl(entity.name, {
    ...(selected.size ? { filter: { id: { in: [...selected] } } } : { view: view?.name, q: q || undefined, filter: debouncedFilter || undefined }),
    sort: sort ?? undefined,
  });
  const title = view?.label ?? entity.pluralLabel ?? entity.label;

  /** Fetched rather than linked, so a refusal (403 for roles without export) shows as a message, not a JSON page. */
  const downloadCsv = async (): Promise<void> => {
    setExporting(true);
    try {
      const res = await fetch(exportHref, { credentials: 'same-origin', headers: viewAsHeaders() });
      if (!res.ok) {
        const problem = (await res.json().catch(() => null)) as { detail?: string } | null;
        notifications.show({ color: 'red', title: t('list.exportFailed'), message: problem?.detail ?? res.statusText });
        return;
      }
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `${entity.name}.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } finally {
      setExporting(false);
    }
  };

  return (
    <Stack gap="sm" style={{ flex: 1, minHeight: 0 }}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Box>
          <Title order={2} size="h3">{title}</Title>
          <Text size="sm" c="dimmed" aria-live="polite" data-testid="record-count">
            {[view ? entity.pluralLabel ?? entity.label : null, mode === 'table' && pages.count !== undefined ? t('list.count', { count: pages.count }) : null].filter(Boolean).join(' · ') || '\u00a0'}
          </Text>
        </Box>
        <Group gap="xs">
          {view && view.kind && view.kind !== 'table' && (
            <Button.Group>
              <Button size="xs" variant={mode === 'table' ? 'filled' : 'default'} onClick={() => setMode('table')}>{t('list.table')}</Button>
              <Button size="xs" variant={mode !== 'table' ? 'filled' : 'default'} onClick={() => setMode(view.kind!)}>{view.kind === 'kanban' ? t('list.board') : t('list.calendar')}</Button>
            </Button.Group>
          )}
          {!readOnly && <Button component={Link} href={recordPath(entity.name, 'new')} size="xs" data-testid="new-record">+ {t('list.newRecord')}</Button>}
        </Group>
      </Group>
      <Group gap="xs" wrap="wrap">
        <TextInput
          aria-label={t('list.searchLabel')} placeholder={t('list.search')} value={search} onChange={(e) => setSearch(e.currentTarget.value)}
          w={{ base: '100%', xs: 260 }} size="sm" leftSection={<span aria-hidden>⌕</span>} type="search"
        />
        <Button variant={conditions ? 'light' : 'default'} size="sm" onClick={() => setFilterOpen(true)} data-testid="open-filter">
          {t('list.filter')}{conditions ? <Badge ml={6} size="sm" circle>{conditions}</Badge> : null}
        </Button>
        {mode === 'table' && (
          <Menu closeOnItemClick={false} position="bottom-start" shadow="md" width={240}>
            <Menu.Target><Button variant="default" size="sm">{t('list.columns')}</Button></Menu.Target>
            <Menu.Dropdown>
              <ScrollArea.Autosize mah={360}>
                {entity.fields.map((f) => f.name).filter((n) => n !== entity.titleField).map((name) => {
                  const f = entity.fields.find((x) => x.name === name);
                  if (!f || (f.type === 'relation' && f.cardinality === 'one-to-many') || f.type === 'json') return null;
                  return (
                    <Menu.Item key={name} onClick={() => setChosen(paths.includes(name) ? paths.filter((p) => p !== name) : [...paths, name])}>
                      <Checkbox size="xs" label={f.label} checked={paths.includes(name)} readOnly tabIndex={-1} styles={{ input: { cursor: 'pointer' } }} />
                    </Menu.Item>
                  );
                })}
              </ScrollArea.Autosize>
            </Menu.Dropdown>
          </Menu>
        )}
        <Button variant="default" size="sm" loading={exporting} onClick={() => void downloadCsv()} data-href={exportHref}>{t('list.export')}</Button>
        {selected.size > 0 && (
          <Group gap="xs" ml="auto">
            <Text size="sm" fw={500}>{t('list.selected', { count: selected.size })}</Text>
            {!readOnly && <Button color="red" variant="light" size="sm" onClick={() => setConfirmDelete(true)}>{t('list.delete')}</Button>}
          </Group>
        )}
      </Group>
      <Box style={{ flex: 1, minHeight: 0 }}>
        {mode === 'kanban' && view ? (
          <Suspense fallback={<PageLoader />}><Board entity={entity} view={view} q={q || undefined} filter={debouncedFilter || undefined} /></Suspense>
        ) : mode === 'calendar' && view ? (
          <Suspense fallback={<PageLoader />}><CalendarView entity={entity} view={view} q={q || undefined} filter={debouncedFilter || undefined} /></Suspense>
        ) : pages.isPending ? <PageLoader /> : pages.error ? (
          <ErrorState title={t('list.errorTitle')} error={pages.error} onRetry={() => void pages.refetch()} />
        ) : pages.rows.length === 0 ? (
          <EmptyState
            title={t('list.emptyTitle')} hint={q || conditions ? t('list.emptyFiltered') : readOnly ? undefined : t('list.emptyHint')}
            action={q || conditions ? <Button variant="light" onClick={() => { setSearch(''); setFilter(emptyGroup()); }}>{t('list.clearFilters')}</Button>
              : readOnly ? undefined : <Button component={Link} href={recordPath(entity.name, 'new')}>+ {t('list.newRecord')}</Button>}
          />
        ) : (
          <Grid
            entity={entity} columns={columns} rows={pages.rows} count={pages.count} targets={targets} sort={sort} onSort={setSort}
            selected={selected} onSelect={setSelected} hasMore={!!pages.hasNextPage} loadingMore={pages.isFetchingNextPage}
            onLoadMore={() => void pages.fetchNextPage()} onEdit={readOnly ? undefined : (r, c, v) => void onEdit(r, c, v)} savingCell={savingCell} errorCell={errorCell}
          />
        )}
      </Box>
      <Drawer opened={filterOpen} onClose={() => setFilterOpen(false)} closeButtonProps={{ 'aria-label': t('app.close') }} position="right" size="xl" title={<Text fw={700}>{t('filter.title')}</Text>}>
        {filterOpen && <Suspense fallback={<PageLoader />}><FilterBuilder entity={entity} value={filter} onChange={setFilter} /></Suspense>}
        <Group mt="lg" justify="space-between">
          <Button variant="subtle" color="gray" onClick={() => setFilter(emptyGroup())}>{t('app.clear')}</Button>
          <Button onClick={() => setFilterOpen(false)}>{t('app.close')}</Button>
        </Group>
      </Drawer>
      <Modal opened={confirmDelete} onClose={() => setConfirmDelete(false)} closeButtonProps={{ 'aria-label': t('app.close') }} title={t('list.deleteTitle')} centered>
        <Text>{t('list.deleteConfirm', { count: selected.size })}</Text>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={() => setConfirmDelete(false)}>{t('app.cancel')}</Button>
          <Button color="red" onClick={() => void remove()}>{t('list.delete')}</Button>
        </Group>
      </Modal>
      <ConflictDialog conflict={conflict} onClose={() => setConflict(null)} />
    </Stack>
  );
}
