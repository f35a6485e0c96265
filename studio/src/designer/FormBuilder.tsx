// The form builder: fields dragged from the palette onto a canvas of sections and columns; per
// field its label (en / zh-CN, the entity's), help, placeholder, width, required, and visibility /
// required-if rules from the condition builder; a live preview rendered by rjsf.
import { useEffect, useMemo, useState } from 'react';
import { ActionIcon, Alert, Badge, Button, Checkbox, Grid, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { closestCenter, DndContext, type DragEndEvent, KeyboardSensor, PointerSensor, useDraggable, useDroppable, useSensor, useSensors } from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, useSortable, rectSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useTranslation } from 'react-i18next';
import { isConflict, putDefinition } from '../api/definitions';
import { useAppMeta, useEntityMeta, useMe } from '../api/hooks';
import type { EntityMeta } from '../api/types';
import { designPath, navigate } from '../app/router';
import { PageLoader, problemText } from '../app/states';
import { RecordForm } from '../forms/RecordForm';
import type { FilterAst } from '../views/filter/filterModel';
import { ConditionBuilder } from './ConditionBuilder';
import { errorsAt, useDocErrors, useLeaveWarning } from './DesignContext';
import { EditorToolbar } from './EditorToolbar';
import { type FormDoc, type FormItem, previewForm } from './formPreview';
import { labelOf, useDefinition, useDefinitions, useRefreshAfterWrite } from './useDefinitions';
import { useHistory } from './useHistory';

type L10n = Record<string, string>;
interface FieldPatch { label?: L10n; required?: boolean }
interface State { doc: FormDoc; patches: Record<string, FieldPatch> }

const SPAN: Record<string, number> = { full: 12, half: 6, third: 4 };
const asL10n = (l: unknown): L10n => (typeof l === 'string' ? { en: l } : l && typeof l === 'object' ? { ...(l as L10n) } : {});
const clean = (l: L10n): L10n | undefined => { const o = Object.fromEntries(Object.entries(l).filter(([, v]) => v.trim())); return Object.keys(o).length ? o : undefined; };

function PaletteItem({ name, label, onAdd }: { name: string; label: string; onAdd: () => void }) {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({ id: `pal:${name}` });
  return (
    <Paper ref={setNodeRef} withBorder p={4} radius="sm" data-testid="form-palette-item" data-field={name} style={{ transform: CSS.Translate.toString(transform), opacity: isDragging ? 0.6 : 1, zIndex: isDragging ? 10 : undefined, position: 'relative' }}>
      <Group gap={4} wrap="nowrap">
        <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('design.form.dragField', { field: label })} {...attributes} {...listeners} style={{ cursor: 'grab' }}>⠿</ActionIcon>
        <Text size="sm" style={{ flex: 1 }} truncate>{label}</Text>
        <ActionIcon variant="light" size="sm" aria-label={t('design.form.addField', { field: label })} onClick={onAdd}>＋</ActionIcon>
      </Group>
    </Paper>
  );
}

function PlacedField({ item, label, selected, onSelect, errors, ruled }: { item: FormItem; label: string; selected: boolean; onSelect: () => void; errors: string[]; ruled: boolean }) {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: `fld:${item.field}` });
  return (
    <Grid.Col span={SPAN[item.width ?? 'full'] ?? 12}>
      <Paper
        ref={setNodeRef} withBorder p={6} radius="sm" onClick={onSelect} data-testid="form-field" data-field={item.field}
        style={{ transform: CSS.Transform.toString(transform), transition, opacity: isDragging ? 0.6 : 1, cursor: 'pointer', borderColor: errors.length ? 'var(--mantine-color-red-6)' : selected ? 'var(--mantine-color-indigo-5)' : undefined }}
      >
        <Group gap={4} wrap="nowrap">
          <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('design.form.dragField', { field: label })} {...attributes} {...listeners} style={{ cursor: 'grab' }}>⠿</ActionIcon>
          <Text size="sm" style={{ flex: 1 }} truncate>{label}</Text>
          {ruled && <Badge size="xs" variant="light" color="grape">{t('design.form.rule')}</Badge>}
        </Group>
        {errors.map((e, i) => <Text key={i} size="xs" c="red">{e}</Text>)}
      </Paper>
    </Grid.Col>
  );
}

function SectionBox({ index, children, empty }: { index: number; children: React.ReactNode; empty: boolean }) {
  const { t } = useTranslation();
  const { setNodeRef, isOver } = useDroppable({ id: `sec:${index}` });
  return (
    <div ref={setNodeRef} data-testid="form-section-drop" style={{ minHeight: 48, borderRadius: 6, outline: isOver ? '2px dashed var(--mantine-color-indigo-4)' : undefined }}>
      {empty ? <Text size="xs" c="dimmed" p="xs">{t('design.form.dropHere')}</Text> : children}
    </div>
  );
}

function NewForm() {
  const { t } = useTranslation();
  const app = useAppMeta();
  const [entity, setEntity] = useState<string | null>(null);
  const [name, setName] = useState('');
  const ok = !!entity && /^[a-z][a-z0-9_]{0,62}$/.test(name);
  return (
    <Paper withBorder p="md" maw={520}>
      <Stack>
        <Title order={3}>{t('design.form.new')}</Title>
        <Select
          label={t('design.form.entity')} data={(app.data?.entities ?? []).map((e) => ({ value: e.name, label: e.label }))} value={entity} searchable data-testid="form-entity"
          onChange={(v) => { setEntity(v); if (v && !name) setName(`${v}_form`); }} comboboxProps={{ withinPortal: true }}
        />
        <TextInput label={t('design.form.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="form-name" />
        <Group justify="flex-end"><Button disabled={!ok} onClick={() => navigate(`${designPath('form', name)}?entity=${encodeURIComponent(entity!)}`)}>{t('design.form.start')}</Button></Group>
      </Stack>
    </Paper>
  );
}

export default function FormBuilder({ name }: { name: string }) {
  if (name === 'new') return <NewForm />;
  return <FormEditor name={name} />;
}

function FormEditor({ name }: { name: string }) {
  const { t } = useTranslation();
  const { entry, isPending } = useDefinition('form', name);
  const entityName = (entry?.doc.entity as string | undefined) ?? new URLSearchParams(location.search).get('entity') ?? '';
  const meta = useEntityMeta(entityName || undefined);
  if (isPending || meta.isPending) return <PageLoader />;
  if (!meta.data) return <Alert color="red">{t('design.notFound')}</Alert>;
  return <FormCanvas name={name} initial={(entry?.doc as FormDoc | undefined) ?? null} etag={entry?.etag ?? null} entity={meta.data} />;
}

function FormCanvas({ name, initial, etag, entity }: { name: string; initial: FormDoc | null; etag: string | null; entity: EntityMeta }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const defs = useDefinitions();
  const refresh = useRefreshAfterWrite();
  const start: State = useMemo(() => ({
    doc: initial ?? { $schema: '../../../schemas/form.schema.json', name, entity: entity.name, label: { en: entity.label }, sections: [{ title: { en: t('design.form.details') }, fields: [] }] },
    patches: {},
  }), [etag, name, entity.name]); // eslint-disable-line react-hooks/exhaustive-deps
  const h = useHistory<State>(start);
  useEffect(() => { h.reset(start); }, [start]); // eslint-disable-line react-hooks/exhaustive-deps
  useLeaveWarning(h.dirty);
  const [selected, setSelected] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<{ text: string; conflict: boolean } | null>(null);
  const [preview, setPreview] = useState<Record<string, unknown>>({});
  const errors = useDocErrors('form', name);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const { doc, patches } = h.value;
  const entityDef = defs.data?.entries.find((e) => e.kind === 'entity' && e.name === entity.name) ?? null;

  const placed = new Set(doc.sections.flatMap((s) => s.fields.map((f) => f.field)));
  const fieldLabel = (f: string): string => {
    const p = patches[f]?.label;
    return p ? labelOf(p, i18n.language, f) : entity.fields.find((x) => x.name === f)?.label ?? f;
  };
  const placeable = entity.fields.filter((f) => !(f.type === 'relation' && f.cardinality === 'one-to-many'));
  const setDoc = (fn: (d: FormDoc) => FormDoc): void => h.set((s) => ({ ...s, doc: fn(s.doc) }));
  const setItem = (field: string, fn: (i: FormItem) => FormItem): void => setDoc((d) => ({ ...d, sections: d.sections.map((s) => ({ ...s, fields: s.fields.map((i) => (i.field === field ? fn(i) : i)) })) }));
  const locate = (field: string): [number, number] => {
    for (let si = 0; si < doc.sections.length; si++) {
      const fi = doc.sections[si].fields.findIndex((i) => i.field === field);
      if (fi >= 0) return [si, fi];
    }
    return [-1, -1];
  };
  const insert = (item: FormItem, si: number, fi: number): void => setDoc((d) => {
    const sections = d.sections.map((s) => ({ ...s, fields: s.fields.filter((i) => i.field !== item.field) }));
    const target = sections[si];
    const at = fi < 0 ? target.fields.length : Math.min(fi, target.fields.length);
    target.fields = [...target.fields.slice(0, at), item, ...target.fields.slice(at)];
    return { ...d, sections };
  });
  const onDragEnd = (e: DragEndEvent): void => {
    if (!e.over) return;
    const a = String(e.active.id);
    const o = String(e.over.id);
    const [si, fi] = o.startsWith('sec:') ? [Number(o.slice(4)), -1] : locate(o.slice(4));
    if (si < 0) return;
    if (a.startsWith('pal:')) { insert({ field: a.slice(4), width: 'half' }, si, fi); setSelected(a.slice(4)); return; }
    const field = a.slice(4);
    const [from] = locate(field);
    const item = doc.sections[from]?.fields.find((i) => i.field === field);
    if (item && a !== o) insert(item, si, fi);
  };

  const save = async (): Promise<void> => {
    setSaving(true);
    setProblem(null);
    try {
      const out: FormDoc = { ...doc, sections: doc.sections.map((s) => ({ ...s, fields: s.fields.map((i) => Object.fromEntries(Object.entries(i).filter(([, v]) => v !== undefined)) as unknown as FormItem) })) };
      await putDefinition('form', out, etag);
      const changed = Object.entries(patches);
      if (changed.length && entityDef) {
        const ed = entityDef.doc as unknown as { fields: Record<string, unknown>[] };
        const fields = ed.fields.map((f) => {
          const p = patches[f.name as string];
          if (!p) return f;
          const next = { ...f };
          if (p.label) { const l = clean(p.label); if (l) next.label = l; }
          if (p.required !== undefined) { if (p.required) next.required = true; else delete next.required; }
          return next;
        });
        await putDefinition('entity', { ...entityDef.doc, fields }, entityDef.etag);
      }
      h.markSaved();
      await refresh();
      notifications.show({ color: 'green', message: t('design.savedDraft') });
    } catch (err) {
      setProblem({ text: isConflict(err) ? t('design.conflict') : problemText(err, t), conflict: isConflict(err) });
    } finally {
      setSaving(false);
    }
  };

  const [csi, cfi] = selected ? locate(selected) : [-1, -1];
  const current = csi >= 0 ? doc.sections[csi].fields[cfi] : null;
  const currentMeta = current ? entity.fields.find((f) => f.name === current.field) : undefined;
  const entityField = current ? (entityDef?.doc.fields as Record<string, unknown>[] | undefined)?.find((f) => f.name === current.field) : undefined;
  const currentLabel = current ? patches[current.field]?.label ?? asL10n(entityField?.label ?? currentMeta?.label) : {};
  const currentRequired = current ? patches[current.field]?.required ?? entityField?.required === true : false;
  const patch = (field: string, p: FieldPatch): void => h.set((s) => ({ ...s, patches: { ...s.patches, [field]: { ...s.patches[field], ...p } } }));
  const compiled = useMemo(() => {
    const c = previewForm(doc, entity, i18n.language);
    const props = c.schema.properties as Record<string, Record<string, unknown>>;
    for (const [f, p] of Object.entries(patches)) if (props[f] && p.label) props[f].title = labelOf(p.label, i18n.language, f);
    const req = new Set((c.schema.required as string[] | undefined) ?? []);
    for (const [f, p] of Object.entries(patches)) if (p.required !== undefined) { if (p.required) req.add(f); else req.delete(f); }
    return { ...c, schema: { ...c.schema, required: [...req].filter((f) => f in props) } };
  }, [doc, entity, patches, i18n.language]);

  return (
    <Stack gap="sm" data-testid="form-builder">
      <EditorToolbar title={t('design.form.title', { name, entity: entity.label })} history={h} saving={saving} onSave={() => void save()} canSave={doc.sections.length > 0 && doc.sections.every((s) => s.fields.length > 0)} />
      {problem && <Alert color="red" role="alert" data-testid="save-problem"><Group justify="space-between"><Text size="sm">{problem.text}</Text>{problem.conflict && <Button size="xs" variant="white" onClick={() => void refresh()}>{t('design.reloadTheirs')}</Button>}</Group></Alert>}
      {errors.filter((e) => !e.pointer.startsWith('/sections/')).map((e, i) => <Alert key={i} color="red" p="xs">{e.pointer} {e.message}</Alert>)}
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
        <Grid gap="sm">
          <Grid.Col span={{ base: 12, md: 3 }}>
            <Paper withBorder p="xs" radius="md">
              <Title order={5} mb={6}>{t('design.form.palette')}</Title>
              <Stack gap={4} data-testid="form-palette">
                {placeable.filter((f) => !placed.has(f.name)).map((f) => (
                  <PaletteItem key={f.name} name={f.name} label={fieldLabel(f.name)} onAdd={() => { insert({ field: f.name, width: 'half' }, doc.sections.length - 1, -1); setSelected(f.name); }} />
                ))}
                {placeable.every((f) => placed.has(f.name)) && <Text size="xs" c="dimmed">{t('design.form.allPlaced')}</Text>}
              </Stack>
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Stack gap="xs" data-testid="form-canvas">
              {doc.sections.map((s, si) => (
                <Paper key={si} withBorder p="xs" radius="md" data-testid="form-section">
                  <Group gap={6} mb={6} wrap="nowrap">
                    <TextInput size="xs" style={{ flex: 1 }} aria-label={t('design.form.sectionTitle')} placeholder={t('design.labelEn')} value={asL10n(s.title).en ?? ''}
                      onChange={(e) => { const v = e.currentTarget.value; setDoc((d) => ({ ...d, sections: d.sections.map((x, i) => (i === si ? { ...x, title: clean({ ...asL10n(x.title), en: v }) } : x)) })); }} />
                    <TextInput size="xs" style={{ flex: 1 }} aria-label={t('design.form.sectionTitleZh')} placeholder={t('design.labelZh')} value={asL10n(s.title)['zh-CN'] ?? ''}
                      onChange={(e) => { const v = e.currentTarget.value; setDoc((d) => ({ ...d, sections: d.sections.map((x, i) => (i === si ? { ...x, title: clean({ ...asL10n(x.title), 'zh-CN': v }) } : x)) })); }} />
                    <ActionIcon variant="subtle" color="red" aria-label={t('design.form.removeSection')} disabled={doc.sections.length < 2}
                      onClick={() => setDoc((d) => ({ ...d, sections: d.sections.filter((_, i) => i !== si) }))}>✕</ActionIcon>
                  </Group>
                  <SectionBox index={si} empty={s.fields.length === 0}>
                    <SortableContext items={s.fields.map((i) => `fld:${i.field}`)} strategy={rectSortingStrategy}>
                      <Grid gap={6}>
                        {s.fields.map((item, fi) => (
                          <PlacedField key={item.field} item={item} label={fieldLabel(item.field)} selected={selected === item.field} onSelect={() => setSelected(item.field)}
                            ruled={!!item.visibleWhen || !!item.requiredWhen} errors={errorsAt(errors, `/sections/${si}/fields/${fi}`).map((e) => e.message)} />
                        ))}
                      </Grid>
                    </SortableContext>
                  </SectionBox>
                </Paper>
              ))}
              <Button variant="light" size="xs" onClick={() => setDoc((d) => ({ ...d, sections: [...d.sections, { title: { en: t('design.form.section', { n: d.sections.length + 1 }) }, fields: [] }] }))}>{t('design.form.addSection')}</Button>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Tabs defaultValue="field" keepMounted={false}>
              <Tabs.List>
                <Tabs.Tab value="field">{t('design.form.properties')}</Tabs.Tab>
                <Tabs.Tab value="preview" data-testid="preview-tab">{t('design.form.preview')}</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="field" pt="xs">
                {!current ? <Text size="sm" c="dimmed">{t('design.form.pick')}</Text> : (
                  <Stack gap="xs" data-testid="form-field-settings">
                    <Group justify="space-between"><Title order={5}>{fieldLabel(current.field)}</Title>
                      <Button size="xs" variant="subtle" color="red" onClick={() => { setDoc((d) => ({ ...d, sections: d.sections.map((s) => ({ ...s, fields: s.fields.filter((i) => i.field !== current.field) })) })); setSelected(null); }}>{t('design.remove')}</Button>
                    </Group>
                    <SimpleGrid cols={2}>
                      <TextInput label={t('design.labelEn')} value={currentLabel.en ?? ''} onChange={(e) => patch(current.field, { label: { ...currentLabel, en: e.currentTarget.value } })} />
                      <TextInput label={t('design.labelZh')} value={currentLabel['zh-CN'] ?? ''} onChange={(e) => patch(current.field, { label: { ...currentLabel, 'zh-CN': e.currentTarget.value } })} />
                      <TextInput label={t('design.form.help')} value={asL10n(current.help).en ?? ''} onChange={(e) => { const v = e.currentTarget.value; setItem(current.field, (i) => ({ ...i, help: clean({ ...asL10n(i.help), en: v }) })); }} />
                      <TextInput label={t('design.form.helpZh')} value={asL10n(current.help)['zh-CN'] ?? ''} onChange={(e) => { const v = e.currentTarget.value; setItem(current.field, (i) => ({ ...i, help: clean({ ...asL10n(i.help), 'zh-CN': v }) })); }} />
                      <TextInput label={t('design.form.placeholder')} value={asL10n(current.placeholder).en ?? ''} onChange={(e) => { const v = e.currentTarget.value; setItem(current.field, (i) => ({ ...i, placeholder: clean({ ...asL10n(i.placeholder), en: v }) })); }} />
                      <TextInput label={t('design.form.placeholderZh')} value={asL10n(current.placeholder)['zh-CN'] ?? ''} onChange={(e) => { const v = e.currentTarget.value; setItem(current.field, (i) => ({ ...i, placeholder: clean({ ...asL10n(i.placeholder), 'zh-CN': v }) })); }} />
                    </SimpleGrid>
                    <div>
                      <Text size="sm" fw={500}>{t('design.form.width')}</Text>
                      <SegmentedControl size="xs" value={current.width ?? 'full'} onChange={(v) => setItem(current.field, (i) => ({ ...i, width: v }))}
                        data={[{ value: 'full', label: t('design.form.full') }, { value: 'half', label: t('design.form.half') }, { value: 'third', label: t('design.form.third') }]} />
                    </div>
                    <Checkbox label={t('design.entity.required')} checked={currentRequired} disabled={!entityDef} onChange={(e) => patch(current.field, { required: e.currentTarget.checked })} />
                    <ConditionBuilder key={`visible:${current.field}`} entity={entity} label={t('design.form.visibleWhen')} testId="visible-when" value={current.visibleWhen as FilterAst | undefined}
                      onChange={(ast) => setItem(current.field, (i) => ({ ...i, visibleWhen: ast }))} />
                    <ConditionBuilder key={`required:${current.field}`} entity={entity} label={t('design.form.requiredWhen')} testId="required-when" value={current.requiredWhen as FilterAst | undefined}
                      onChange={(ast) => setItem(current.field, (i) => ({ ...i, requiredWhen: ast }))} />
                  </Stack>
                )}
              </Tabs.Panel>
              <Tabs.Panel value="preview" pt="xs">
                <Paper withBorder p="sm" data-testid="form-preview">
                  {placed.size === 0 ? <Text size="sm" c="dimmed">{t('design.form.previewEmpty')}</Text> : (
                    <RecordForm entity={entity} form={compiled} values={preview} onChange={setPreview} onSubmit={() => undefined} errors={undefined} me={me.data ?? null} formId="form-preview" />
                  )}
                </Paper>
              </Tabs.Panel>
            </Tabs>
          </Grid.Col>
        </Grid>
      </DndContext>
    </Stack>
  );
}
