// Search-as-you-type picker for records of a target entity (relation fields, filter values).
// Asks GET /api/v1/<target>?q=…&fields=<title> as the user types; the chosen records' titles are
// kept so the input can show them without another request.
import { useEffect, useMemo, useState } from 'react';
import { MultiSelect, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useEntityMeta } from '../api/hooks';
import { listRecords } from '../api/records';

type Id = number;
interface Common { target: string; label?: string; placeholder?: string; disabled?: boolean; error?: string; required?: boolean; id?: string; 'aria-label'?: string; size?: string; description?: string }

function useOptions(target: string, search: string, selected: Id[]) {
  const meta = useEntityMeta(target);
  const title = meta.data?.titleField ?? 'id';
  const [debounced] = useDebouncedValue(search, 200);
  const found = useQuery({
    queryKey: ['relation-options', target, title, debounced],
    queryFn: ({ signal }) => listRecords(target, { q: debounced || undefined, fields: title, limit: 20, sort: title === 'id' ? undefined : title }, signal),
    enabled: !!meta.data,
    staleTime: 30_000,
  });
  const missing = selected.filter((id) => !found.data?.data.some((r) => r.id === id));
  const chosen = useQuery({
    queryKey: ['relation-titles', target, title, missing],
    queryFn: ({ signal }) => listRecords(target, { filter: { id: { in: missing } }, fields: title, limit: 100 }, signal),
    enabled: !!meta.data && missing.length > 0,
    staleTime: 60_000,
  });
  const [known, setKnown] = useState<Map<Id, string>>(new Map());
  useEffect(() => {
    const rows = [...(found.data?.data ?? []), ...(chosen.data?.data ?? [])];
    if (rows.length === 0) return;
    setKnown((prev) => {
      const next = new Map(prev);
      for (const r of rows) next.set(r.id, String(r[title] ?? `#${r.id}`));
      return next;
    });
  }, [found.data, chosen.data, title]);
  const data = useMemo(() => {
    const ids = new Set<Id>([...selected, ...(found.data?.data.map((r) => r.id) ?? [])]);
    return [...ids].map((id) => ({ value: String(id), label: known.get(id) ?? `#${id}` }));
  }, [found.data, known, selected]);
  return { data, loading: found.isFetching };
}

export function RelationSelect({ value, onChange, ...p }: Common & { value: Id | null; onChange: (v: Id | null) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const { data } = useOptions(p.target, search, value === null ? [] : [value]);
  return (
    <Select
      {...p} data={data} value={value === null ? null : String(value)} searchable clearable filter={({ options }) => options}
      onSearchChange={setSearch} nothingFoundMessage={t('record.noMatches')} placeholder={p.placeholder ?? t('record.search')}
      onChange={(v) => onChange(v === null ? null : Number(v))} comboboxProps={{ withinPortal: true }}
    />
  );
}

export function RelationMultiSelect({ value, onChange, ...p }: Common & { value: Id[]; onChange: (v: Id[]) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const { data } = useOptions(p.target, search, value);
  return (
    <MultiSelect
      {...p} data={data} value={value.map(String)} searchable clearable filter={({ options }) => options}
      searchValue={search} onSearchChange={setSearch} nothingFoundMessage={t('record.noMatches')} placeholder={value.length ? undefined : p.placeholder ?? t('record.search')}
      onChange={(v) => onChange(v.map(Number))} comboboxProps={{ withinPortal: true }}
    />
  );
}
