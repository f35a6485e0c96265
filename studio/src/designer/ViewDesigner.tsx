// The view designer: a table, board (kanban) or calendar over one entity, its columns, filter (the
// condition builder), sort, and the field a board groups by (a choice) or a calendar places by (a date).
import { useEffect, useState } from 'react';
import { Alert, Button, Group, MultiSelect, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAppMeta, useEntityMeta } from '../api/hooks';
import type { EntityMeta } from '../api/types';
import { designPath, navigate } from '../app/router';
import { PageLoader } from '../app/states';
import type { FilterAst } from '../views/filter/filterModel';
import { ConditionBuilder } from './ConditionBuilder';
import { useDocErrors, useLeaveWarning } from './DesignContext';
import { EditorToolbar } from './EditorToolbar';
import { useDefinition } from './useDefinitions';
import { useHistory } from './useHistory';
import { useSaveDraft } from './useSaveDraft';

type ViewDoc = { name: string; entity: string; label?: Record<string, string>; kind?: 'table' | 'kanban' | 'calendar'; columns?: string[]; filter?: FilterAst; sort?: string[]; groupBy?: string } & Record<string, unknown>;
const NAME = /^[a-z][a-z0-9_]{0,62}$/;

export default function ViewDesigner({ name }: { name: string }) {
  const { t } = useTranslation();
  const app = useAppMeta();
  const isNew = name === 'new';
  const { entry, isPending } = useDefinition('view', isNew ? null : name);
  const [entity, setEntity] = useState<string | null>(null);
  const entityName = (entry?.doc.entity as string | undefined) ?? entity ?? undefined;
  const meta = useEntityMeta(entityName);
  if (!isNew && isPending) return <PageLoader />;
  if (!isNew && !entry) return <Alert color="red">{t('design.notFound')}</Alert>;
  if (isNew && !entity) {
    return (
      <Paper withBorder p="md" maw={520}>
        <Stack>
          <Title order={3}>{t('design.view.new')}</Title>
          <Select label={t('design.form.entity')} data-testid="view-entity" data={(app.data?.entities ?? []).map((e) => ({ value: e.name, label: e.label }))} value={null} searchable
            onChange={setEntity} comboboxProps={{ withinPortal: true }} />
        </Stack>
      </Paper>
    );
  }
  if (meta.isPending || !meta.data) return <PageLoader />;
  return <ViewCanvas isNew={isNew} initial={(entry?.doc as ViewDoc | undefined) ?? { name: '', entity: meta.data.name, kind: 'table', columns: meta.data.fields.slice(0, 5).map((f) => f.name) }} etag={entry?.etag ?? null} entity={meta.data} />;
}

function ViewCanvas({ isNew, initial, etag, entity }: { isNew: boolean; initial: ViewDoc; etag: string | null; entity: EntityMeta }) {
  const { t } = useTranslation();
  const h = useHistory<ViewDoc>(initial);
  const { saving, problem, save: saveDraft } = useSaveDraft(h);
  useEffect(() => { h.reset(initial); }, [etag]); // eslint-disable-line react-hooks/exhaustive-deps
  useLeaveWarning(h.dirty);
  const doc = h.value;
  const errors = useDocErrors('view', doc.name);
  const set = (patch: Partial<ViewDoc>): void => h.set((d) => { const n = { ...d, ...patch }; for (const [k, v] of Object.entries(patch)) if (v === undefined || (Array.isArray(v) && !v.length)) delete n[k]; return n; });
  const fields = entity.fields.filter((f) => !(f.type === 'relation' && f.cardinality === 'one-to-many')).map((f) => ({ value: f.name, label: f.label }));
  const groupable = entity.fields.filter((f) => (doc.kind === 'calendar' ? f.type === 'date' || f.type === 'datetime' : f.type === 'select')).map((f) => ({ value: f.name, label: f.label }));
  const sortKey = doc.sort?.[0];
  const ok = NAME.test(doc.name) && (doc.kind === 'table' || !!doc.groupBy);

  const save = (): Promise<void> => saveDraft('view', { $schema: '../../../schemas/view.schema.json', ...doc }, isNew ? null : etag, () => { if (isNew) navigate(designPath('view', doc.name), { replace: true }); });

  return (
    <Stack gap="sm" data-testid="view-designer">
      <EditorToolbar title={t('design.view.title', { name: doc.name || '…', entity: entity.label })} history={h} saving={saving} canSave={ok} onSave={() => void save()} />
      {problem && <Alert color="red" role="alert" data-testid="save-problem">{problem}</Alert>}
      {errors.map((e, i) => <Alert key={i} color="red" p="xs">{e.pointer} {e.message}</Alert>)}
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput label={t('design.entity.name')} value={doc.name} disabled={!isNew} data-testid="view-name" error={doc.name && !NAME.test(doc.name) ? t('design.badName') : undefined}
          onChange={(e) => set({ name: e.currentTarget.value })} />
        <TextInput label={t('design.labelEn')} value={doc.label?.en ?? ''} onChange={(e) => set({ label: { ...doc.label, en: e.currentTarget.value } })} />
        <TextInput label={t('design.labelZh')} value={doc.label?.['zh-CN'] ?? ''} onChange={(e) => set({ label: { ...doc.label, 'zh-CN': e.currentTarget.value } })} />
      </SimpleGrid>
      <Group>
        <Text size="sm" fw={500}>{t('design.view.kind')}</Text>
        <SegmentedControl data-testid="view-kind" value={doc.kind ?? 'table'} onChange={(v) => set({ kind: v as ViewDoc['kind'], groupBy: undefined })}
          data={[{ value: 'table', label: t('list.table') }, { value: 'kanban', label: t('list.board') }, { value: 'calendar', label: t('list.calendar') }]} />
        {doc.kind !== 'table' && (
          <Select w={240} label={doc.kind === 'calendar' ? t('design.view.dateField') : t('design.view.groupBy')} data-testid="view-group-by" data={groupable} value={doc.groupBy ?? null}
            onChange={(v) => set({ groupBy: v ?? undefined })} comboboxProps={{ withinPortal: true }} />
        )}
      </Group>
      <MultiSelect label={t('design.view.columns')} data={fields} value={doc.columns ?? []} searchable onChange={(v) => set({ columns: v })} comboboxProps={{ withinPortal: true }} />
      <Group align="flex-end">
        <Select w={240} label={t('design.view.sort')} data-testid="view-sort" data={fields} value={sortKey ? sortKey.replace(/^-/, '') : null} clearable
          onChange={(v) => set({ sort: v ? [`${sortKey?.startsWith('-') ? '-' : ''}${v}`] : undefined })} comboboxProps={{ withinPortal: true }} />
        <SegmentedControl size="xs" data-testid="view-sort-direction" disabled={!sortKey} value={sortKey?.startsWith('-') ? 'desc' : 'asc'} onChange={(d) => sortKey && set({ sort: [`${d === 'desc' ? '-' : ''}${sortKey.replace(/^-/, '')}`] })}
          data={[{ value: 'asc', label: '↑' }, { value: 'desc', label: '↓' }]} />
      </Group>
      <Paper withBorder p="xs"><ConditionBuilder entity={entity} label={t('design.view.filter')} value={doc.filter} onChange={(ast) => set({ filter: ast })} testId="view-filter" /></Paper>
      <Text size="xs" c="dimmed">{t('design.view.who')}</Text>
      <Group><Button variant="subtle" size="xs" onClick={() => navigate(designPath())}>{t('app.back')}</Button></Group>
    </Stack>
  );
}
