// One grid row, memoized: while scrolling only the rows that come into view render; a row
// re-renders when its record, selection, focus or edit state changes.
import { lazy, memo, Suspense } from 'react';
import type { EntityMeta, RecordData } from '../api/types';
import { Link, recordPath } from '../app/router';
import { CellValue, titleOf } from './cells';
import { type Column, valueAt } from './columns';
import { canEditInline } from './inline';

const CellEditor = lazy(() => import('./CellEditor'));

/** Stable callbacks (their identity never changes, so memoized rows stay put). */
export interface RowActions {
  toggle(id: number): void;
  focus(row: number, col: number): void;
  edit(id: number, path: string): void;
  commit(row: RecordData, column: Column, value: unknown, index: number, col: number): void;
  cancel(index: number, col: number): void;
}

export interface RowText { selectRow: string; editHint: string; yesNo: [string, string]; locale: string }

interface Props {
  row: RecordData; index: number; top: number; height: number; columns: Column[]; entity: EntityMeta; targets: Map<string, EntityMeta> | null;
  selected: boolean; focusedCol: number; editing: string | null; saving: string | null; error: string | null; text: RowText; actions: RowActions;
  /** No cell is edited in place (while viewing as a role). */
  readOnly: boolean;
}

export const GridRow = memo(function GridRow({ row, index, top, height, columns, entity, targets, selected, focusedCol, editing, saving, error, text, actions, readOnly }: Props) {
  return (
    <div className="grid-row" role="row" aria-rowindex={index + 2} aria-selected={selected} data-id={row.id} style={{ transform: `translateY(${top}px)`, height }}>
      <div className="grid-cell select" role="gridcell">
        <input type="checkbox" className="row-check" aria-label={text.selectRow.replace('{id}', String(row.id))} checked={selected} tabIndex={-1} onChange={() => actions.toggle(row.id)} />
      </div>
      {columns.map((c, ci) => {
        const isEditing = !readOnly && editing === c.path;
        const value = valueAt(row, c.path);
        const editable = !readOnly && canEditInline(c.field, c.path);
        const cls = `grid-cell${c.numeric ? ' num' : ''}${isEditing ? ' editing' : ''}${saving === c.path ? ' saving' : ''}${error === c.path ? ' error' : ''}`;
        return (
          <div
            key={c.path} className={cls} role="gridcell" style={{ width: c.width }} tabIndex={focusedCol === ci ? 0 : -1}
            data-cell={`${index}:${ci}`} data-field={c.path} aria-readonly={!editable} title={editable && !isEditing ? text.editHint : undefined}
            onFocus={() => actions.focus(index, ci)} onDoubleClick={() => editable && actions.edit(row.id, c.path)}
          >
            {isEditing ? (
              <Suspense fallback={null}>
                <CellEditor field={c.field} value={value} label={c.label} onCancel={() => actions.cancel(index, ci)} onCommit={(v) => actions.commit(row, c, v, index, ci)} />
              </Suspense>
            ) : c.path === entity.titleField ? (
              <Link href={recordPath(entity.name, row.id)} tabIndex={-1}>{String(value ?? '') || `#${row.id}`}</Link>
            ) : c.field.type === 'relation' && c.field.cardinality === 'many-to-one' && value && typeof value === 'object' ? (
              <Link href={recordPath(c.field.target!, (value as { id: number }).id)} tabIndex={-1}>{titleOf(value, targets?.get(c.field.target!)?.titleField)}</Link>
            ) : (
              <CellValue field={c.field} value={value} locale={text.locale} yesNo={text.yesNo} />
            )}
          </div>
        );
      })}
    </div>
  );
});
