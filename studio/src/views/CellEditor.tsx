// The inline editor of one cell: Enter or leaving the cell saves, Escape cancels.
import { useEffect, useRef, useState } from 'react';
import { Checkbox, NumberInput, Select, TextInput } from '@mantine/core';
import type { FieldMeta } from '../api/types';
import { isDecimal, isNumeric } from './filter/filterModel';

export default function CellEditor({ field, value, label, onCommit, onCancel }: { field: FieldMeta; value: unknown; label: string; onCommit: (v: unknown) => void; onCancel: () => void }) {
  const [draft, setDraft] = useState<unknown>(value);
  const done = useRef(false);
  const commit = (v: unknown = draft): void => {
    if (done.current) return;
    done.current = true;
    onCommit(v);
  };
  const cancel = (): void => {
    done.current = true;
    onCancel();
  };
  const keys = (e: React.KeyboardEvent): void => {
    if (e.key === 'Enter') { e.preventDefault(); e.stopPropagation(); commit(); }
    if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); cancel(); }
  };
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => { ref.current?.focus(); ref.current?.select?.(); }, []);
  const common = { 'aria-label': label, size: 'xs' as const, onKeyDown: keys, w: '100%', ref };

  if (field.type === 'boolean') {
    return <Checkbox aria-label={label} ref={ref} checked={!!draft} onChange={(e) => commit(e.currentTarget.checked)} onKeyDown={keys} onBlur={() => commit()} />;
  }
  if (field.type === 'select') {
    return (
      <Select
        {...common} data={(field.options ?? []).map((o) => ({ value: o.value, label: o.label }))} value={(draft as string) ?? null} defaultDropdownOpened
        onChange={(v) => commit(v)} onBlur={() => commit()} clearable={!field.required} comboboxProps={{ withinPortal: true }}
      />
    );
  }
  if (isNumeric(field)) {
    return (
      <NumberInput
        {...common} hideControls value={draft === null || draft === undefined ? '' : Number(draft)} onBlur={() => commit()}
        onChange={(v) => setDraft(v === '' ? null : isDecimal(field) ? String(v) : Number(v))}
      />
    );
  }
  const type = field.type === 'date' ? 'date' : field.type === 'datetime' ? 'datetime-local' : field.type === 'email' ? 'email' : 'text';
  const shown = field.type === 'datetime' && typeof draft === 'string' ? draft.slice(0, 16) : ((draft as string) ?? '');
  return (
    <TextInput
      {...common} type={type} value={shown} onBlur={() => commit()}
      onChange={(e) => {
        const v = e.currentTarget.value;
        setDraft(v === '' ? null : field.type === 'datetime' ? new Date(v).toISOString() : v);
      }}
    />
  );
}
