// The pipeline editor: stages in order with probability, days before a record counts as stalled,
// won/lost, required fields and a gate (the condition builder), and the allowed transitions as a
// matrix (from a row's stage to a column's stage); no transitions at all means any move is allowed.
import { useEffect, useMemo, useState } from 'react';
import { ActionIcon, Alert, Badge, Button, Checkbox, Group, MultiSelect, NumberInput, Paper, Select, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useEntityMeta } from '../api/hooks';
import type { EntityMeta } from '../api/types';
import { PageLoader } from '../app/states';
import type { FilterAst } from '../views/filter/filterModel';
import { ConditionBuilder } from './ConditionBuilder';
import { errorsAt, useDocErrors, useLeaveWarning } from './DesignContext';
import { EditorToolbar } from './EditorToolbar';
import { labelOf, useDefinition } from './useDefinitions';
import { useHistory } from './useHistory';
import { useSaveDraft } from './useSaveDraft';

interface Stage { value: string; probability?: number; rotDays?: number; requiredFields?: string[]; gate?: FilterAst; won?: boolean; lost?: boolean; label?: unknown }
type PipelineDoc = { name: string; entity: string; field: string; stages: Stage[]; transitions?: Record<string, string[]> } & Record<string, unknown>;

export default function PipelineEditor({ name }: { name: string }) {
  const { t } = useTranslation();
  const { entry, isPending } = useDefinition('pipeline', name);
  const meta = useEntityMeta((entry?.doc.entity as string | undefined) ?? undefined);
  if (isPending || (entry && meta.isPending)) return <PageLoader />;
  if (!entry || !meta.data) return <Alert color="red">{t('design.notFound')}</Alert>;
  return <PipelineCanvas name={name} initial={entry.doc as PipelineDoc} etag={entry.etag} entity={meta.data} />;
}

function StageCard({ stage, index, count, entity, optionLabel, onChange, onMove, onRemove, errors }: {
  stage: Stage; index: number; count: number; entity: EntityMeta; optionLabel: string; errors: string[];
  onChange: (fn: (s: Stage) => Stage) => void; onMove: (d: -1 | 1) => void; onRemove: () => void;
}) {
  const { t } = useTranslation();
  const [gateOpen, setGateOpen] = useState(!!stage.gate);
  const fields = entity.fields.filter((f) => f.writable).map((f) => ({ value: f.name, label: f.label }));
  const set = <K extends keyof Stage>(k: K, v: Stage[K] | undefined): void => onChange((s) => { const n = { ...s }; if (v === undefined || (Array.isArray(v) && v.length === 0)) delete n[k]; else n[k] = v; return n; });
  return (
    <Paper withBorder p="xs" radius="md" data-testid="stage" data-stage={stage.value} style={errors.length ? { borderColor: 'var(--mantine-color-red-6)' } : undefined}>
      <Group justify="space-between" wrap="nowrap" mb={6}>
        <Group gap={6}>
          <Badge variant="light" size="lg">{optionLabel}</Badge>
          {stage.won && <Badge color="green" size="xs">{t('design.pipeline.won')}</Badge>}
          {stage.lost && <Badge color="gray" size="xs">{t('design.pipeline.lost')}</Badge>}
          {stage.gate && <Badge color="grape" size="xs">{t('design.pipeline.gated')}</Badge>}
        </Group>
        <Group gap={2}>
          <ActionIcon variant="subtle" aria-label={t('design.pipeline.up', { stage: optionLabel })} disabled={index === 0} onClick={() => onMove(-1)}>↑</ActionIcon>
          <ActionIcon variant="subtle" aria-label={t('design.pipeline.down', { stage: optionLabel })} disabled={index === count - 1} onClick={() => onMove(1)}>↓</ActionIcon>
          <ActionIcon variant="subtle" color="red" aria-label={t('design.pipeline.removeStage', { stage: optionLabel })} disabled={count < 2} onClick={onRemove}>✕</ActionIcon>
        </Group>
      </Group>
      <Group gap="xs" align="flex-end" wrap="wrap">
        <NumberInput w={120} size="xs" label={t('design.pipeline.probability')} min={0} max={100} suffix="%" value={stage.probability ?? ''} onChange={(v) => set('probability', typeof v === 'number' ? v : undefined)} />
        <NumberInput w={120} size="xs" label={t('design.pipeline.rotDays')} min={1} max={3650} value={stage.rotDays ?? ''} onChange={(v) => set('rotDays', typeof v === 'number' ? v : undefined)} />
        <Checkbox size="xs" label={t('design.pipeline.won')} checked={!!stage.won} onChange={(e) => set('won', e.currentTarget.checked || undefined)} />
        <Checkbox size="xs" label={t('design.pipeline.lost')} checked={!!stage.lost} onChange={(e) => set('lost', e.currentTarget.checked || undefined)} />
      </Group>
      <MultiSelect size="xs" mt={6} label={t('design.pipeline.requiredFields')} data={fields} value={stage.requiredFields ?? []} searchable clearable
        onChange={(v) => set('requiredFields', v)} comboboxProps={{ withinPortal: true }} />
      <Button size="compact-xs" variant="subtle" mt={6} onClick={() => setGateOpen((o) => !o)} aria-expanded={gateOpen}>{gateOpen ? '▾' : '▸'} {t('design.pipeline.gate')}</Button>
      {gateOpen && <ConditionBuilder entity={entity} label={t('design.pipeline.gateLabel', { stage: optionLabel })} testId="gate" value={stage.gate} onChange={(ast) => set('gate', ast)} />}
      {errors.map((e, i) => <Text key={i} size="xs" c="red">{e}</Text>)}
    </Paper>
  );
}

function PipelineCanvas({ name, initial, etag, entity }: { name: string; initial: PipelineDoc; etag: string | null; entity: EntityMeta }) {
  const { t, i18n } = useTranslation();
  const h = useHistory<PipelineDoc>(initial);
  const { saving, problem, save: saveDraft } = useSaveDraft(h);
  // A new version from the server (after a save or a reload), not every refetch of the same one.
  useEffect(() => { h.reset(initial); }, [etag]); // eslint-disable-line react-hooks/exhaustive-deps
  useLeaveWarning(h.dirty);
  const errors = useDocErrors('pipeline', name);
  const doc = h.value;
  const field = entity.fields.find((f) => f.name === doc.field);
  const optionLabel = useMemo(() => (v: string): string => field?.options?.find((o) => o.value === v)?.label ?? v, [field]);
  const unused = (field?.options ?? []).filter((o) => !doc.stages.some((s) => s.value === o.value));
  const values = doc.stages.map((s) => s.value);

  const setStage = (i: number, fn: (s: Stage) => Stage): void => h.set((d) => ({ ...d, stages: d.stages.map((s, j) => (j === i ? fn(s) : s)) }));
  const move = (i: number, d: -1 | 1): void => h.set((p) => { const st = [...p.stages]; [st[i], st[i + d]] = [st[i + d], st[i]]; return { ...p, stages: st }; });
  const restricted = doc.transitions !== undefined;
  const allowed = (from: string, to: string): boolean => !restricted || (doc.transitions?.[from] ?? []).includes(to);
  const toggle = (from: string, to: string): void => h.set((p) => {
    const tr = { ...(p.transitions ?? {}) };
    const list = new Set(tr[from] ?? []);
    if (list.has(to)) list.delete(to); else list.add(to);
    tr[from] = values.filter((v) => list.has(v));
    return { ...p, transitions: tr };
  });
  const setRestricted = (on: boolean): void => h.set((p) => {
    const { transitions: _t, ...rest } = p;
    return on ? { ...rest, transitions: Object.fromEntries(values.map((v) => [v, values.filter((x) => x !== v)])) } as PipelineDoc : rest as PipelineDoc;
  });

  const save = (): Promise<void> => saveDraft('pipeline', doc, etag);

  return (
    <Stack gap="sm" data-testid="pipeline-editor">
      <EditorToolbar title={t('design.pipeline.title', { name: labelOf(doc.label, i18n.language, name), entity: entity.label })} history={h} saving={saving} onSave={() => void save()} canSave={doc.stages.length > 0} />
      {problem && <Alert color="red" role="alert" data-testid="save-problem">{problem}</Alert>}
      {errors.filter((e) => !e.pointer.startsWith('/stages/')).map((e, i) => <Alert key={i} color="red" p="xs">{e.pointer} {e.message}</Alert>)}
      <Text size="sm" c="dimmed">{t('design.pipeline.field', { field: field?.label ?? doc.field })}</Text>
      <Stack gap="xs">
        {doc.stages.map((s, i) => (
          <StageCard key={s.value} stage={s} index={i} count={doc.stages.length} entity={entity} optionLabel={optionLabel(s.value)}
            errors={errorsAt(errors, `/stages/${i}`).map((e) => e.message)}
            onChange={(fn) => setStage(i, fn)} onMove={(d) => move(i, d)} onRemove={() => h.set((p) => ({ ...p, stages: p.stages.filter((_, j) => j !== i) }))} />
        ))}
        {unused.length > 0 && (
          <Select w={260} size="xs" placeholder={t('design.pipeline.addStage')} aria-label={t('design.pipeline.addStage')} value={null} data={unused.map((o) => ({ value: o.value, label: o.label }))}
            onChange={(v) => v && h.set((p) => ({ ...p, stages: [...p.stages, { value: v }] }))} comboboxProps={{ withinPortal: true }} />
        )}
      </Stack>
      <Paper withBorder p="xs" radius="md">
        <Group justify="space-between" mb={6}>
          <Title order={5}>{t('design.pipeline.transitions')}</Title>
          <Switch size="sm" label={t('design.pipeline.restrict')} checked={restricted} onChange={(e) => setRestricted(e.currentTarget.checked)} />
        </Group>
        {!restricted ? <Text size="sm" c="dimmed">{t('design.pipeline.anyMove')}</Text> : (
          <Table.ScrollContainer minWidth={400}>
            <Table withTableBorder withColumnBorders data-testid="transitions">
              <Table.Thead>
                <Table.Tr><Table.Th>{t('design.pipeline.fromTo')}</Table.Th>{values.map((v) => <Table.Th key={v}>{optionLabel(v)}</Table.Th>)}</Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {values.map((from) => (
                  <Table.Tr key={from}>
                    <Table.Th>{optionLabel(from)}</Table.Th>
                    {values.map((to) => (
                      <Table.Td key={to} ta="center">
                        {from === to ? '—' : <Checkbox size="xs" aria-label={t('design.pipeline.allow', { from: optionLabel(from), to: optionLabel(to) })} checked={allowed(from, to)} onChange={() => toggle(from, to)} style={{ display: 'inline-block' }} />}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
    </Stack>
  );
}
