// The record grid: virtualized rows (only the visible ones are in the DOM), keyset pages loaded
// as the user scrolls, sortable headers, row selection, keyboard navigation and inline edit.
import { type KeyboardEvent, lazy, Suspense, useEffect, useRef, useState } from 'react';
import { Checkbox, Loader, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { EntityMeta, RecordData } from '../api/types';
import { Link, recordPath } from '../app/router';
import { canEditInline } from './inline';

const CellEditor = lazy(() => import('./CellEditor'));
import { CellValue, titleOf } from './cells';
import { type Column, valueAt } from './columns';

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
  onEdit: (row: RecordData, column: Column, value: unknown) => void;
  savingCell: string | null;
  errorCell: string | null;
}

const cellKey = (id: number, path: string): string => `${id}:${path}`;

export function Grid(p: GridProps) {
  const { t, i18n } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const [focus, setFocus] = useState<{ row: number; col: number }>({ row: 0, col: 0 });
  const [editing, setEditing] = useState<{ id: number; path: string } | null>(null);
  const yesNo: [string, string] = [t('app.yes'), t('app.no')];
  const virtualizer = useVirtualizer({ count: p.rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1];

  useEffect(() => {
    if (last && last.index >= p.rows.length - 30 && p.hasMore && !p.loadingMore) p.onLoadMore();
  }, [last?.index, p.rows.length, p.hasMore, p.loadingMore]); // eslint-disable-line react-hooks/exhaustive-deps

  const totalWidth = SELECT_WIDTH + p.columns.reduce((n, c) => n + c.width, 0);
  const allSelected = p.rows.length > 0 && p.rows.every((r) => p.selected.has(r.id));

  const moveFocus = (row: number, col: number): void => {
    const r = Math.max(0, Math.min(p.rows.length - 1, row));
    const c = Math.max(0, Math.min(p.columns.length - 1, col));
    setFocus({ row: r, col: c });
    virtualizer.scrollToIndex(r, { align: 'auto' });
    requestAnimationFrame(() => scroller.current?.querySelector<HTMLElement>(`[data-cell="${r}:${c}"]`)?.focus());
  };

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
      if (row && col && canEditInline(col.field, col.path)) {
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
      aria-colcount={p.columns.length + 1} aria-multiselectable="true" onKeyDown={onKeyDown} data-testid="grid"
    >
      <div role="rowgroup" className="grid-header-group" style={{ position: 'sticky', top: 0, zIndex: 2 }}>
      <div className="grid-header" role="row" aria-rowindex={1} style={{ width: totalWidth }}>
        <div className="grid-hcell" role="columnheader" style={{ width: SELECT_WIDTH, justifyContent: 'center' }}>
          <Checkbox
            size="xs" aria-label={t('list.selectAll')} checked={allSelected} indeterminate={!allSelected && p.selected.size > 0}
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
      <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative', width: totalWidth }}>
        {items.map((vi) => {
          const row = p.rows[vi.index];
          const isSelected = p.selected.has(row.id);
          return (
            <div
              key={row.id} className="grid-row" role="row" aria-rowindex={vi.index + 2} aria-selected={isSelected}
              data-id={row.id} style={{ top: vi.start, height: ROW_HEIGHT }}
            >
              <div className="grid-cell" role="gridcell" style={{ width: SELECT_WIDTH, justifyContent: 'center' }}>
                <Checkbox
                  size="xs" aria-label={t('list.selectRow', { id: row.id })} checked={isSelected} tabIndex={-1}
                  onChange={() => {
                    const next = new Set(p.selected);
                    if (isSelected) next.delete(row.id); else next.add(row.id);
                    p.onSelect(next);
                  }}
                />
              </div>
              {p.columns.map((c, ci) => {
                const key = cellKey(row.id, c.path);
                const isEditing = editing?.id === row.id && editing.path === c.path;
                const focused = focus.row === vi.index && focus.col === ci;
                const value = valueAt(row, c.path);
                const editable = canEditInline(c.field, c.path);
                const cls = ['grid-cell', c.numeric ? 'num' : '', isEditing ? 'editing' : '', p.savingCell === key ? 'saving' : '', p.errorCell === key ? 'error' : ''].join(' ');
                return (
                  <div
                    key={c.path} className={cls} role="gridcell" style={{ width: c.width }} tabIndex={focused ? 0 : -1}
                    data-cell={`${vi.index}:${ci}`} data-field={c.path} aria-readonly={!editable}
                    title={editable && !isEditing ? t('list.editHint') : undefined}
                    onFocus={() => setFocus({ row: vi.index, col: ci })}
                    onDoubleClick={() => editable && setEditing({ id: row.id, path: c.path })}
                  >
                    {isEditing ? (
                      <Suspense fallback={null}><CellEditor
                        field={c.field} value={value} label={c.label}
                        onCancel={() => { setEditing(null); moveFocus(vi.index, ci); }}
                        onCommit={(v) => {
                          setEditing(null);
                          if (JSON.stringify(v ?? null) !== JSON.stringify(value ?? null)) p.onEdit(row, c, v);
                          moveFocus(vi.index, ci);
                        }}
                      /></Suspense>
                    ) : c.path === p.entity.titleField ? (
                      <Link href={recordPath(p.entity.name, row.id)} tabIndex={-1}>{String(value ?? '') || `#${row.id}`}</Link>
                    ) : c.field.type === 'relation' && c.field.cardinality === 'many-to-one' && value && typeof value === 'object' ? (
                      <Link href={recordPath(c.field.target!, (value as { id: number }).id)} tabIndex={-1}>{titleOf(value, p.targets?.get(c.field.target!)?.titleField)}</Link>
                    ) : (
                      <CellValue field={c.field} value={value} locale={i18n.language} yesNo={yesNo} />
                    )}
                  </div>
                );
              })}
            </div>
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
