// The record grid: virtualized rows (only the visible ones are in the DOM), keyset pages loaded
// as the user scrolls, sortable headers, row selection, keyboard navigation and inline edit.
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { Loader, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { EntityMeta, RecordData } from '../api/types';
import { canEditInline } from './inline';
import type { Column } from './columns';
import { type RowActions, GridRow } from './GridRow';

export const ROW_HEIGHT = 40;
const SELECT_WIDTH = 44;

export interface GridProps {
  entity: EntityMeta;
  columns: Column[];
  rows: RecordData[];
  count: number | undefined;
  targets: Map<string, EntityMeta> | null;
  sort: string | null;
  onSort: (sort: string | null) => void;
  selected: ReadonlySet<number>;
  onSelect: (ids: Set<number>) => void;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  /** Saves an inline edit; without it (read-only, while viewing as a role) no cell is editable. */
  onEdit?: (row: RecordData, column: Column, value: unknown) => void;
  savingCell: string | null;
  errorCell: string | null;
}

/** "id:path" → the path when it is this row's cell. */
const cellOf = (key: string | null, id: number): string | null => (key && key.startsWith(`${id}:`) ? key.slice(String(id).length + 1) : null);

export function Grid(p: GridProps) {
  const { t, i18n } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const [focus, setFocus] = useState<{ row: number; col: number }>({ row: 0, col: 0 });
  const [editing, setEditing] = useState<{ id: number; path: string } | null>(null);
  const virtualizer = useVirtualizer({ count: p.rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1];

  useEffect(() => {
    if (last && last.index >= p.rows.length - 30 && p.hasMore && !p.loadingMore) p.onLoadMore();
  }, [last?.index, p.rows.length, p.hasMore, p.loadingMore]); // eslint-disable-line react-hooks/exhaustive-deps

  // Rows read the latest props through this ref, so the actions object never changes identity.
  const latest = useRef({ p, moveFocus: (_r: number, _c: number): void => undefined });
  const actions = useMemo<RowActions>(() => ({
    toggle: (id) => {
      const { p: q } = latest.current;
      const next = new Set(q.selected);
      if (next.has(id)) next.delete(id); else next.add(id);
      q.onSelect(next);
    },
    focus: (row, col) => setFocus((f) => (f.row === row && f.col === col ? f : { row, col })),
    edit: (id, path) => setEditing({ id, path }),
    commit: (row, column, value, index, col) => {
      setEditing(null);
      const before = row[column.path];
      if (JSON.stringify(value ?? null) !== JSON.stringify(before ?? null)) latest.current.p.onEdit?.(row, column, value);
      latest.current.moveFocus(index, col);
    },
    cancel: (index, col) => { setEditing(null); latest.current.moveFocus(index, col); },
  }), []);

  // One object for all rows (a new one per render would defeat the rows' memo).
  const text = useMemo(() => ({ selectRow: t('list.selectRow', { id: '{id}' }), editHint: t('list.editHint'), yesNo: [t('app.yes'), t('app.no')] as [string, string], locale: i18n.language }), [t, i18n.language]);

  const readOnly = !p.onEdit;
  const totalWidth = SELECT_WIDTH + p.columns.reduce((n, c) => n + c.width, 0);
  const allSelected = p.rows.length > 0 && p.rows.every((r) => p.selected.has(r.id));

  const moveFocus = (row: number, col: number): void => {
    const r = Math.max(0, Math.min(p.rows.length - 1, row));
    const c = Math.max(0, Math.min(p.columns.length - 1, col));
    setFocus({ row: r, col: c });
    virtualizer.scrollToIndex(r, { align: 'auto' });
    requestAnimationFrame(() => scroller.current?.querySelector<HTMLElement>(`[data-cell="${r}:${c}"]`)?.focus());
  };

  latest.current = { p, moveFocus };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (editing || !(e.target as HTMLElement).dataset.cell) return;
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const moves: Record<string, [number, number]> = {
      ArrowDown: [1, 0], ArrowUp: [-1, 0], ArrowRight: [0, 1], ArrowLeft: [0, -1], PageDown: [page, 0], PageUp: [-page, 0],
    };
    const m = moves[e.key];
    if (m) {
      e.preventDefault();
      moveFocus(focus.row + m[0], focus.col + m[1]);
    } else if (e.key === 'Home') { e.preventDefault(); moveFocus(e.ctrlKey ? 0 : focus.row, 0); } else if (e.key === 'End') { e.preventDefault(); moveFocus(e.ctrlKey ? p.rows.length - 1 : focus.row, p.columns.length - 1); } else if (e.key === 'Enter' || e.key === 'F2') {
      const row = p.rows[focus.row];
      const col = p.columns[focus.col];
      if (row && col && !readOnly && canEditInline(col.field, col.path)) {
        e.preventDefault();
        setEditing({ id: row.id, path: col.path });
      }
    } else if (e.key === ' ') {
      const row = p.rows[focus.row];
      if (row) {
        e.preventDefault();
        const next = new Set(p.selected);
        if (next.has(row.id)) next.delete(row.id); else next.add(row.id);
        p.onSelect(next);
      }
    }
  };

  const sortFor = (path: string): 'ascending' | 'descending' | 'none' => (p.sort === path ? 'ascending' : p.sort === `-${path}` ? 'descending' : 'none');
  const sortable = (c: Column): boolean => !c.path.includes('.') && !['multiselect', 'tags', 'json'].includes(c.field.type) && !(c.field.type === 'relation' && c.field.cardinality !== 'many-to-one');

  return (
    <div className="grid-wrap">
    <div
      ref={scroller} className="grid" role="grid" aria-label={p.entity.pluralLabel ?? p.entity.label} aria-rowcount={(p.count ?? p.rows.length) + 1}
      aria-colcount={p.columns.length + 1} aria-multiselectable="true" aria-readonly={readOnly || undefined} onKeyDown={onKeyDown} data-testid="grid"
    >
      <div role="rowgroup" className="grid-header-group" style={{ position: 'sticky', top: 0, zIndex: 2 }}>
      <div className="grid-header" role="row" aria-rowindex={1} style={{ width: totalWidth }}>
        <div className="grid-hcell" role="columnheader" style={{ width: SELECT_WIDTH, justifyContent: 'center' }}>
          <input
            type="checkbox" className="row-check" aria-label={t('list.selectAll')} checked={allSelected}
            ref={(el) => { if (el) el.indeterminate = !allSelected && p.selected.size > 0; }}
            onChange={() => p.onSelect(allSelected ? new Set() : new Set(p.rows.map((r) => r.id)))}
          />
        </div>
        {p.columns.map((c) => {
          const s = sortFor(c.path);
          return (
            <div key={c.path} className="grid-hcell" role="columnheader" aria-sort={s} style={{ width: c.width, justifyContent: c.numeric ? 'flex-end' : undefined }}>
              {sortable(c) ? (
                <button
                  type="button" className="sort" title={s === 'ascending' ? t('list.sortDesc') : t('list.sortAsc')} style={{ justifyContent: c.numeric ? 'flex-end' : undefined }}
                  onClick={() => p.onSort(s === 'none' ? c.path : s === 'ascending' ? `-${c.path}` : null)}
                >
                  <span className="label">{c.label}</span>
                  <span aria-hidden style={{ opacity: s === 'none' ? 0.25 : 1 }}>{s === 'descending' ? '↓' : s === 'ascending' ? '↑' : '↕'}</span>
                </button>
              ) : <span className="label">{c.label}</span>}
            </div>
          );
        })}
      </div>
      </div>
      <div role="rowgroup" className="grid-body" style={{ height: virtualizer.getTotalSize(), width: totalWidth }}>
        {items.map((vi) => {
          const row = p.rows[vi.index];
          return (
            <GridRow
              key={row.id} row={row} index={vi.index} top={vi.start} height={ROW_HEIGHT} columns={p.columns} entity={p.entity} targets={p.targets}
              selected={p.selected.has(row.id)} focusedCol={focus.row === vi.index ? focus.col : -1} editing={editing?.id === row.id ? editing.path : null}
              saving={cellOf(p.savingCell, row.id)} error={cellOf(p.errorCell, row.id)} readOnly={readOnly} actions={actions}
              text={text}
            />
          );
        })}
      </div>
    </div>
    <div className="grid-footer" aria-live="polite">
      {p.loadingMore ? <><Loader size={12} mr={6} />{t('list.loadingMore')}</> : !p.hasMore && p.rows.length > 0 ? <Text size="xs" c="dimmed" span>{t('list.end')}</Text> : '\u00a0'}
    </div>
    </div>
  );
}
