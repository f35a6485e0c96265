// The entity designer: name and labels, fields added from a palette of every registered type,
// each type's settings by rjsf from its config schema, reordering by drag (or keyboard), relations
// by picking the target, and renames that keep data (`renamedFrom` is filled in on save).
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { ActionIcon, Alert, Badge, Button, Checkbox, Grid, Group, Paper, ScrollArea, Select, SimpleGrid, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { closestCenter, DndContext, type DragEndEvent, KeyboardSensor, PointerSensor, useSensor, useSensors } from '@dnd-kit/core';
import { arrayMove, SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useTranslation } from 'react-i18next';
import { isConflict, putDefinition, type RegistryType } from '../api/definitions';
import { designPath, navigate } from '../app/router';
import { PageLoader, problemText } from '../app/states';
import { errorsAt, useDocErrors, useLeaveWarning } from './DesignContext';
import { builtinFieldTypes, localizeLabels, newFieldOf, settingsSchema } from './fieldTypes';
import { EditorToolbar } from './EditorToolbar';
import { labelOf, useDefinition, useDefinitions, useRefreshAfterWrite, useRegistry } from './useDefinitions';
import { useHistory } from './useHistory';
import { renameRefs } from './renameRefs';

const SettingsForm = lazy(() => import('./SettingsForm'));

type Field = { name: string; type: string; __key: string; __orig?: string } & Record<string, unknown>;
interface EntityState { name: string; label: Record<string, string>; fields: Field[]; rest: Record<string, unknown> }

const NAME = /^[a-z][a-z0-9_]{0,62}$/;
let keySeq = 0;
const nextKey = (): string => `f${++keySeq}`;

const asLabel = (l: unknown): Record<string, string> => (typeof l === 'string' ? { en: l } : l && typeof l === 'object' ? { ...(l as Record<string, string>) } : {});
const cleanLabel = (l: Record<string, string>): Record<string, string> | undefined => {
  const out = Object.fromEntries(Object.entries(l).filter(([, v]) => v && v.trim()));
  return Object.keys(out).length ? out : undefined;
};

function fromDoc(doc: Record<string, unknown>): EntityState {
  const { name, label, fields, ...rest } = doc as { name: string; label?: unknown; fields?: Record<string, unknown>[] };
  return {
    name, label: asLabel(label), rest,
    fields: (fields ?? []).map((f) => ({ ...(f as Field), __key: nextKey(), __orig: (f.renamedFrom as string | undefined) ?? (f.name as string) })),
  };
}

/** The document to save: the editor's keys dropped, a changed name of an existing field as a rename. */
export function toDoc(s: EntityState): Record<string, unknown> {
  const fields = s.fields.map(({ __key: _k, __orig, ...f }) => {
    const out: Record<string, unknown> = { ...f };
    if (__orig && __orig !== f.name) out.renamedFrom = __orig;
    else delete out.renamedFrom;
    const label = cleanLabel(asLabel(f.label));
    if (label) out.label = label; else delete out.label;
    return out;
  });
  const label = cleanLabel(s.label);
  return { $schema: '../../../schemas/entity.schema.json', ...s.rest, name: s.name, ...(label ? { label } : {}), fields };
}

function FieldRow({ field, index, selected, onSelect, typeLabel, errors }: { field: Field; index: number; selected: boolean; onSelect: () => void; typeLabel: string; errors: string[] }) {
  const { t, i18n } = useTranslation();
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: field.__key });
  return (
    <Paper
      ref={setNodeRef} withBorder p={6} radius="sm" data-testid="field-row" data-field={field.name}
      style={{ transform: CSS.Transform.toString(transform), transition, opacity: isDragging ? 0.6 : 1, borderColor: errors.length ? 'var(--mantine-color-red-6)' : selected ? 'var(--mantine-color-indigo-5)' : undefined, cursor: 'pointer' }}
      onClick={onSelect}
    >
      <Group gap={6} wrap="nowrap">
        <ActionIcon variant="subtle" color="gray" aria-label={t('design.entity.dragField', { field: field.name })} {...attributes} {...listeners} style={{ cursor: 'grab' }}>⠿</ActionIcon>
        <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
          <Text size="sm" fw={500} truncate>{labelOf(field.label, i18n.language, field.name)}</Text>
          <Text size="xs" c="dimmed" truncate>{field.name}{field.__orig && field.__orig !== field.name ? ` ← ${field.__orig}` : ''}</Text>
          {errors.map((e, i) => <Text key={i} size="xs" c="red" role="alert">{e}</Text>)}
        </Stack>
        <Badge variant="light" size="sm">{typeLabel}</Badge>
        {field.required === true && <Badge variant="light" color="red" size="xs">{t('design.entity.required')}</Badge>}
      </Group>
      <span hidden>{index}</span>
    </Paper>
  );
}

export default function EntityDesigner({ name }: { name: string }) {
  const { t, i18n } = useTranslation();
  const isNew = name === 'new';
  const { entry, isPending } = useDefinition('entity', isNew ? null : name);
  const defs = useDefinitions();
  const registry = useRegistry();
  const refresh = useRefreshAfterWrite();
  const h = useHistory<EntityState>({ name: '', label: {}, fields: [], rest: {} });
  const [loaded, setLoaded] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<{ text: string; conflict: boolean } | null>(null);
  useLeaveWarning(h.dirty);

  useEffect(() => {
    if (isNew && loaded !== 'new') { h.reset({ name: '', label: {}, fields: [], rest: {} }); setLoaded('new'); }
    else if (!isNew && entry && loaded !== name) { h.reset(fromDoc(entry.doc)); setLoaded(name); }
  }, [isNew, entry, loaded, name, h]);

  const types: RegistryType[] = useMemo(() => (registry.data?.fieldTypes.length ? registry.data.fieldTypes : builtinFieldTypes()), [registry.data]);
  const typeLabel = (type: string): string => {
    const r = types.find((x) => x.name === type);
    return t(`design.fieldTypes.${type}`, { defaultValue: labelOf(r?.label, i18n.language, type) });
  };
  const entities = (defs.data?.entries ?? []).filter((e) => e.kind === 'entity').map((e) => ({ value: e.name, label: `${labelOf(e.doc.label, i18n.language, e.name)} (${e.name})` }));
  const s = h.value;
  const docErrors = useDocErrors('entity', s.name || name);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));

  if (!isNew && isPending) return <PageLoader />;
  if (!isNew && !entry) return <Alert color="red">{t('design.notFound')}</Alert>;

  const setField = (key: string, fn: (f: Field) => Field): void => h.set((p) => ({ ...p, fields: p.fields.map((f) => (f.__key === key ? fn(f) : f)) }));
  const addField = (type: string): void => {
    const used = new Set(s.fields.map((f) => f.name));
    let n = 1;
    while (used.has(`${type}_${n}`)) n++;
    const f = { ...newFieldOf(type, `${type}_${n}`, `${typeLabel(type)} ${n}`, entities[0]?.value), __key: nextKey() } as Field;
    h.set((p) => ({ ...p, fields: [...p.fields, f] }));
    setSelected(f.__key);
  };
  const onDragEnd = (e: DragEndEvent): void => {
    if (!e.over || e.active.id === e.over.id) return;
    h.set((p) => {
      const from = p.fields.findIndex((f) => f.__key === e.active.id);
      const to = p.fields.findIndex((f) => f.__key === e.over!.id);
      return { ...p, fields: arrayMove(p.fields, from, to) };
    });
  };
  const save = async (): Promise<void> => {
    setSaving(true);
    setProblem(null);
    try {
      await putDefinition('entity', toDoc(s) as { name: string }, isNew ? null : entry?.etag ?? null);
      // Renamed fields: the forms and views of this entity follow.
      const renames = new Map(s.fields.filter((f) => f.__orig && f.__orig !== f.name).map((f) => [f.__orig!, f.name]));
      for (const other of defs.data?.entries ?? []) {
        const next = renameRefs(other.kind, other.doc, s.name, renames);
        if (next) await putDefinition(other.kind, next as { name: string }, other.etag);
      }
      h.markSaved();
      await refresh();
      notifications.show({ color: 'green', message: t('design.savedDraft') });
      if (isNew) { setLoaded(s.name); navigate(designPath('entity', s.name), { replace: true }); }
    } catch (err) {
      setProblem({ text: isConflict(err) ? t('design.conflict') : problemText(err, t), conflict: isConflict(err) });
    } finally {
      setSaving(false);
    }
  };
  const reloadTheirs = async (): Promise<void> => {
    await refresh();
    setLoaded(null);
    setProblem(null);
  };

  const current = s.fields.find((f) => f.__key === selected) ?? null;
  const currentIndex = current ? s.fields.indexOf(current) : -1;
  const currentType = current ? types.find((x) => x.name === current.type) : undefined;
  const settings = settingsSchema(currentType);
  const nameOk = NAME.test(s.name);

  return (
    <Stack gap="sm" data-testid="entity-designer">
      <EditorToolbar
        title={isNew ? t('design.entity.new') : t('design.entity.title', { name })} history={h} saving={saving}
        canSave={nameOk && s.fields.length > 0 && s.fields.every((f) => NAME.test(f.name))} onSave={() => void save()}
      />
      {problem && (
        <Alert color="red" role="alert" data-testid="save-problem">
          <Group justify="space-between"><Text size="sm">{problem.text}</Text>{problem.conflict && <Button size="xs" variant="white" onClick={() => void reloadTheirs()}>{t('design.reloadTheirs')}</Button>}</Group>
        </Alert>
      )}
      {errorsAt(docErrors, '').filter((e) => !e.pointer.startsWith('/fields/')).map((e, i) => <Alert key={i} color="red" p="xs">{e.pointer} {e.message}</Alert>)}
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput
          label={t('design.entity.name')} description={t('design.nameHint')} value={s.name} disabled={!isNew} required
          error={s.name && !nameOk ? t('design.badName') : undefined} data-testid="entity-name"
          onChange={(e) => { const v = e.currentTarget.value; h.set((p) => ({ ...p, name: v })); }}
        />
        <TextInput label={t('design.labelEn')} value={s.label.en ?? ''} onChange={(e) => { const v = e.currentTarget.value; h.set((p) => ({ ...p, label: { ...p.label, en: v } })); }} />
        <TextInput label={t('design.labelZh')} value={s.label['zh-CN'] ?? ''} onChange={(e) => { const v = e.currentTarget.value; h.set((p) => ({ ...p, label: { ...p.label, 'zh-CN': v } })); }} />
      </SimpleGrid>
      <Grid gap="sm">
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Paper withBorder p="xs" radius="md">
            <Title order={5} mb={6}>{t('design.entity.palette')}</Title>
            <ScrollArea.Autosize mah={520}>
              <Stack gap={4} data-testid="palette">
                {types.map((ty) => (
                  <Tooltip key={ty.name} label={ty.description || ty.name} openDelay={600} multiline w={240}>
                    <Button variant="light" size="xs" justify="flex-start" onClick={() => addField(ty.name)} data-type={ty.name}>＋ {typeLabel(ty.name)}</Button>
                  </Tooltip>
                ))}
              </Stack>
            </ScrollArea.Autosize>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper withBorder p="xs" radius="md">
            <Title order={5} mb={6}>{t('design.entity.fields')}</Title>
            {s.fields.length === 0 && <Text c="dimmed" size="sm">{t('design.entity.noFields')}</Text>}
            <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
              <SortableContext items={s.fields.map((f) => f.__key)} strategy={verticalListSortingStrategy}>
                <Stack gap={4} data-testid="field-list">
                  {s.fields.map((f, i) => (
                    <FieldRow
                      key={f.__key} field={f} index={i} selected={f.__key === selected} onSelect={() => setSelected(f.__key)} typeLabel={typeLabel(f.type)}
                      errors={errorsAt(docErrors, `/fields/${i}`).map((e) => e.message)}
                    />
                  ))}
                </Stack>
              </SortableContext>
            </DndContext>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Paper withBorder p="sm" radius="md" data-testid="field-settings">
            {!current ? <Text c="dimmed" size="sm">{t('design.entity.pick')}</Text> : (
              <Stack gap="xs">
                <Group justify="space-between">
                  <Title order={5}>{typeLabel(current.type)}</Title>
                  <Button size="xs" color="red" variant="subtle" onClick={() => { h.set((p) => ({ ...p, fields: p.fields.filter((f) => f.__key !== current.__key) })); setSelected(null); }}>{t('design.remove')}</Button>
                </Group>
                <TextInput
                  label={t('design.entity.fieldName')} value={current.name} data-testid="field-name"
                  description={current.__orig && current.__orig !== current.name ? t('design.entity.renamed', { from: current.__orig }) : t('design.nameHint')}
                  error={!NAME.test(current.name) ? t('design.badName') : s.fields.some((f) => f !== current && f.name === current.name) ? t('design.entity.duplicate') : undefined}
                  onChange={(e) => { const v = e.currentTarget.value; setField(current.__key, (f) => ({ ...f, name: v })); }}
                />
                <SimpleGrid cols={2}>
                  <TextInput label={t('design.labelEn')} value={asLabel(current.label).en ?? ''} data-testid="field-label-en" onChange={(e) => { const v = e.currentTarget.value; setField(current.__key, (f) => ({ ...f, label: { ...asLabel(f.label), en: v } })); }} />
                  <TextInput label={t('design.labelZh')} value={asLabel(current.label)['zh-CN'] ?? ''} onChange={(e) => { const v = e.currentTarget.value; setField(current.__key, (f) => ({ ...f, label: { ...asLabel(f.label), 'zh-CN': v } })); }} />
                </SimpleGrid>
                <Checkbox label={t('design.entity.required')} checked={current.required === true} onChange={(e) => { const v = e.currentTarget.checked; setField(current.__key, (f) => { const { required: _r, ...rest } = f; return (v ? { ...rest, required: true } : rest) as Field; }); }} />
                {current.type === 'relation' && (
                  <Select
                    label={t('design.entity.target')} data={entities} value={(current.target as string) || null} searchable allowDeselect={false} data-testid="relation-target"
                    onChange={(v) => v && setField(current.__key, (f) => ({ ...f, target: v }))} comboboxProps={{ withinPortal: true }}
                  />
                )}
                {errorsAt(docErrors, `/fields/${currentIndex}`).map((e, i) => <Text key={i} size="sm" c="red">{e.pointer}: {e.message}</Text>)}
                {settings && (
                  <Suspense fallback={<PageLoader />}>
                    <SettingsForm
                      key={current.__key} idPrefix={`settings_${current.__key}`} schema={settings} value={localizeLabels(current)}
                      onChange={(next) => setField(current.__key, (f) => {
                        const keys = Object.keys((settings.properties ?? {}) as object);
                        const kept = Object.fromEntries(Object.entries(f).filter(([k]) => !keys.includes(k)));
                        return { ...kept, ...next } as Field;
                      })}
                    />
                  </Suspense>
                )}
              </Stack>
            )}
          </Paper>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
