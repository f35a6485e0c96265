// The automation editor (@xyflow/react): the trigger and the steps as a graph. Node types come from
// the registry (plugins included) — click one, or drag it onto the canvas — and are connected by
// dragging from a node's handle to another's. Each node's settings are an rjsf form from its type's
// config schema; validation errors mark their node. Beside it: enable/disable, a dry run on a
// record with each step's input and output, and the rule's recent runs.
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Badge, Button, Code, Grid, Group, NumberInput, Paper, ScrollArea, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { addEdge, Background, type Connection, Controls, type Edge, type Node, ReactFlow, ReactFlowProvider, useReactFlow, type NodeChange, type EdgeChange, applyNodeChanges, applyEdgeChanges } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { designPath, navigate } from '../app/router';
import { PageLoader, problemText } from '../app/states';
import { errorsAt, useDocErrors, useLeaveWarning } from './DesignContext';
import { EditorToolbar } from './EditorToolbar';
import { useAppMeta, useEntityMetas } from '../api/hooks';
import { settingsSchema } from './fieldTypes';
import { labelOf, useDefinition, useRegistry } from './useDefinitions';
import { useHistory } from './useHistory';
import { useSaveDraft } from './useSaveDraft';
import { typedValues, valuesAsText, valuesEntity } from './valueMap';

const SettingsForm = lazy(() => import('./SettingsForm'));
const TRIGGER = '__trigger';

interface StepNode { id: string; type: string; label?: unknown; config?: Record<string, unknown>; position?: { x: number; y: number } }
interface Rule { name: string; trigger: { type: string } & Record<string, unknown>; nodes: StepNode[]; edges?: { source: string; target: string; branch?: string }[]; enabled?: boolean; [k: string]: unknown }

/** What "New" starts from: a record trigger and no steps yet; the designer names it before saving. */
const NEW_RULE: Rule = { name: '', enabled: false, trigger: { type: 'record.updated' }, nodes: [], edges: [] };

export default function AutomationEditor({ name }: { name: string }) {
  const { t } = useTranslation();
  const isNew = name === 'new';
  const { entry, isPending } = useDefinition('automation', isNew ? null : name);
  if (isNew) return <ReactFlowProvider><AutomationCanvas name="" initial={NEW_RULE} etag={null} applied={false} /></ReactFlowProvider>;
  if (isPending) return <PageLoader />;
  if (!entry) return <Alert color="red">{t('design.notFound')}</Alert>;
  return <ReactFlowProvider><AutomationCanvas name={name} initial={entry.doc as unknown as Rule} etag={entry.etag} applied={entry.layers.includes('base') || entry.layers.includes('overlay')} /></ReactFlowProvider>;
}

function AutomationCanvas({ name, initial, etag, applied }: { name: string; initial: Rule; etag: string | null; applied: boolean }) {
  const { t, i18n } = useTranslation();
  const registry = useRegistry();
  const app = useAppMeta();
  const flow = useReactFlow();
  const h = useHistory<Rule>(initial);
  const { saving, problem, save: saveDraft } = useSaveDraft(h);
  useEffect(() => { h.reset(initial); }, [etag]); // eslint-disable-line react-hooks/exhaustive-deps
  useLeaveWarning(h.dirty);
  const [selected, setSelected] = useState<string | null>(null);
  const errors = useDocErrors('automation', name);
  const rule = h.value;
  const nodeTypes = registry.data?.nodes ?? [];
  const triggerTypes = registry.data?.triggers ?? [];

  const nodes: Node[] = useMemo(() => {
    const targets = new Set((rule.edges ?? []).map((e) => e.target));
    void targets;
    return [
      { id: TRIGGER, position: { x: 40, y: 20 }, type: 'input', data: { label: `⚡ ${rule.trigger.type}` }, style: { borderColor: errorsAt(errors, '/trigger').length ? 'red' : '#7048e8', fontWeight: 600 } },
      ...rule.nodes.map((n, i) => ({
        id: n.id, position: n.position ?? { x: 40 + (i % 2) * 60, y: 120 + i * 100 }, selected: selected === n.id,
        data: { label: `${labelOf(n.label, i18n.language, n.id)} · ${n.type}` },
        style: errorsAt(errors, `/nodes/${i}`).length ? { borderColor: 'red', borderWidth: 2 } : undefined,
      })),
    ];
  }, [rule, errors, selected, i18n.language]);
  const roots = rule.nodes.filter((n) => !(rule.edges ?? []).some((e) => e.target === n.id));
  const edges: Edge[] = [
    ...roots.map((n) => ({ id: `t-${n.id}`, source: TRIGGER, target: n.id, animated: true, deletable: false })),
    ...(rule.edges ?? []).map((e) => ({ id: `${e.source}-${e.target}-${e.branch ?? ''}`, source: e.source, target: e.target, label: e.branch })),
  ];

  const onNodesChange = useCallback((changes: NodeChange[]) => {
    const moved = changes.filter((c) => c.type === 'position' && c.position && !c.dragging) as { id: string; position: { x: number; y: number } }[];
    const removed = new Set(changes.filter((c) => c.type === 'remove').map((c) => (c as { id: string }).id));
    if (!moved.length && !removed.size) return;
    h.set((r) => ({
      ...r,
      nodes: r.nodes.filter((n) => !removed.has(n.id)).map((n) => { const m = moved.find((x) => x.id === n.id); return m ? { ...n, position: { x: Math.round(m.position.x), y: Math.round(m.position.y) } } : n; }),
      edges: (r.edges ?? []).filter((e) => !removed.has(e.source) && !removed.has(e.target)),
    }));
    void applyNodeChanges;
  }, [h]);
  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    const removed = new Set(changes.filter((c) => c.type === 'remove').map((c) => (c as { id: string }).id));
    if (removed.size) h.set((r) => ({ ...r, edges: (r.edges ?? []).filter((e) => !removed.has(`${e.source}-${e.target}-${e.branch ?? ''}`)) }));
    void applyEdgeChanges;
  }, [h]);
  const onConnect = useCallback((c: Connection) => {
    if (!c.source || !c.target || c.source === TRIGGER || c.source === c.target) return;
    h.set((r) => ({ ...r, edges: (addEdge(c, (r.edges ?? []).map((e) => ({ ...e, id: `${e.source}-${e.target}` }))) as Edge[]).map((e) => ({ source: e.source, target: e.target, ...(e.sourceHandle ? { branch: e.sourceHandle } : {}) })) }));
  }, [h]);
  const addNode = (type: string, position?: { x: number; y: number }): void => {
    const used = new Set(rule.nodes.map((n) => n.id));
    let i = 1;
    const base = type.split('.').pop()!.replace(/[^a-z0-9_]/g, '_');
    while (used.has(`${base}_${i}`)) i++;
    const id = `${base}_${i}`;
    h.set((r) => ({ ...r, nodes: [...r.nodes, { id, type, config: {}, position: position ?? { x: 300, y: 120 + r.nodes.length * 90 } }] }));
    setSelected(id);
  };

  const save = (): Promise<void> => saveDraft('automation', rule as unknown as { name: string }, etag, () => { if (!name) navigate(designPath('automation', rule.name), { replace: true }); });

  const current = rule.nodes.find((n) => n.id === selected);
  // A value map is edited as text pairs and stored typed for the fields it sets.
  const metas = useEntityMetas((app.data?.entities ?? []).map((e) => e.name));
  const configForEditing = (c: Record<string, unknown> | undefined): Record<string, unknown> => (c && 'values' in c ? { ...c, values: valuesAsText(c.values) } : c ?? {});
  const configFromEditing = (c: Record<string, unknown>): Record<string, unknown> => (
    'values' in c ? { ...c, values: typedValues(c.values, valuesEntity(c, typeof rule.trigger.entity === 'string' ? rule.trigger.entity : undefined, metas ?? new Map())) } : c
  );
  const currentIndex = current ? rule.nodes.indexOf(current) : -1;
  const nodeSchema = current ? settingsSchema(nodeTypes.find((n) => n.name === current.type)) : null;
  const trigSchema = selected === TRIGGER ? settingsSchema(triggerTypes.find((x) => x.name === rule.trigger.type)) : null;

  return (
    <Stack gap="sm" data-testid="automation-editor">
      <EditorToolbar title={t('design.automation.title', { name: labelOf(rule.label, i18n.language, name || t('design.automation.new')) })} history={h} saving={saving} canSave={!!rule.name} onSave={() => void save()} />
      {problem && <Alert color="red" role="alert" data-testid="save-problem">{problem}</Alert>}
      {!name && (
        <TextInput w={320} label={t('design.automation.name')} description={t('design.automation.nameHint')} value={rule.name} data-testid="automation-name"
          onChange={(e) => { const v = e.currentTarget.value.trim(); h.set((r) => ({ ...r, name: v })); }} />
      )}
      <Grid gap="sm">
        <Grid.Col span={{ base: 12, md: 2 }}>
          <Paper withBorder p="xs"><Title order={5} mb={6}>{t('design.automation.palette')}</Title>
            <ScrollArea.Autosize mah={460}><Stack gap={4} data-testid="node-palette">
              {nodeTypes.map((n) => (
                <Button key={n.name} size="xs" variant="light" justify="flex-start" fullWidth draggable title={n.description} aria-label={`＋ ${n.name}`}
                  // Long type names (number.increment, plugin actions) wrap after a dot in the narrow column instead of being cut off.
                  styles={{ root: { height: 'auto', minHeight: 26, paddingBlock: 4 }, label: { whiteSpace: 'normal', overflowWrap: 'anywhere', textAlign: 'left' } }}
                  onDragStart={(e) => e.dataTransfer.setData('application/x-node-type', n.name)} onClick={() => addNode(n.name)}><span>＋ {n.name.split('.').map((part, i) => (i ? <span key={i}>.<wbr />{part}</span> : part))}</span></Button>
              ))}
            </Stack></ScrollArea.Autosize>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Paper withBorder h={520} data-testid="automation-canvas"
            onDragOver={(e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'move'; }}
            onDrop={(e) => { const type = e.dataTransfer.getData('application/x-node-type'); if (type) { e.preventDefault(); addNode(type, flow.screenToFlowPosition({ x: e.clientX, y: e.clientY })); } }}>
            <ReactFlow nodes={nodes} edges={edges} onNodesChange={onNodesChange} onEdgesChange={onEdgesChange} onConnect={onConnect} fitView
              onNodeClick={(_, n) => setSelected(n.id)} onPaneClick={() => setSelected(null)} deleteKeyCode={['Delete', 'Backspace']}>
              <Background /><Controls />
            </ReactFlow>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper withBorder p="sm" data-testid="node-settings">
            {selected === TRIGGER && (
              <Stack gap="xs">
                <Select label={t('design.automation.trigger')} data={triggerTypes.map((x) => x.name)} value={rule.trigger.type} allowDeselect={false}
                  onChange={(v) => v && h.set((r) => ({ ...r, trigger: { type: v } }))} comboboxProps={{ withinPortal: true }} />
                {errorsAt(errors, '/trigger').map((e, i) => <Text key={i} size="xs" c="red">{e.pointer}: {e.message}</Text>)}
                {trigSchema && <Suspense fallback={null}><SettingsForm key={`t-${rule.trigger.type}`} idPrefix="trigger" schema={trigSchema} value={rule.trigger}
                  onChange={(v) => h.set((r) => ({ ...r, trigger: { ...v, type: r.trigger.type } }))} /></Suspense>}
              </Stack>
            )}
            {current && (
              <Stack gap="xs">
                <Group justify="space-between"><Title order={5}>{current.type}</Title>
                  <Button size="xs" variant="subtle" color="red" onClick={() => { h.set((r) => ({ ...r, nodes: r.nodes.filter((n) => n !== current), edges: (r.edges ?? []).filter((e) => e.source !== current.id && e.target !== current.id) })); setSelected(null); }}>{t('design.remove')}</Button>
                </Group>
                <TextInput label={t('design.labelEn')} value={labelOf(current.label, 'en', '')} onChange={(e) => { const v = e.currentTarget.value; h.set((r) => ({ ...r, nodes: r.nodes.map((n) => (n === current ? { ...n, label: { ...(typeof n.label === 'object' ? n.label as object : {}), en: v } } : n)) })); }} />
                {errorsAt(errors, `/nodes/${currentIndex}`).map((e, i) => <Text key={i} size="xs" c="red">{e.pointer}: {e.message}</Text>)}
                {nodeSchema && <Suspense fallback={null}><SettingsForm key={current.id} idPrefix={`node_${current.id}`} schema={nodeSchema} value={configForEditing(current.config)}
                  onChange={(v) => h.set((r) => ({ ...r, nodes: r.nodes.map((n) => (n.id === current.id ? { ...n, config: configFromEditing(v) } : n)) }))} /></Suspense>}
              </Stack>
            )}
            {!selected && <Text size="sm" c="dimmed">{t('design.automation.pick')}</Text>}
          </Paper>
        </Grid.Col>
      </Grid>
      {applied && <RunPanel name={name} />}
    </Stack>
  );
}

interface Step { node: string; status: string; input?: unknown; output?: unknown; error?: unknown }

function RunPanel({ name }: { name: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [record, setRecord] = useState<number | string>('');
  const [dry, setDry] = useState<{ steps?: Step[]; [k: string]: unknown } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const list = useQuery({ queryKey: ['automations'], queryFn: async () => (await api<{ data: { name: string; enabled: boolean }[] }>('/api/v1/_automations')).data });
  const runs = useQuery({ queryKey: ['automation-runs', name], queryFn: async () => (await api<{ data: { id: number; status: string; startedAt?: string; createdAt?: string }[] }>(`/api/v1/_automations/${name}/runs?limit=10`)).data });
  const enabled = list.data?.find((a) => a.name === name)?.enabled;
  const toggle = async (): Promise<void> => {
    try {
      await api(`/api/v1/_automations/${name}/${enabled ? '_disable' : '_enable'}`, { method: 'POST' });
      await client.invalidateQueries({ queryKey: ['automations'] });
    } catch (err) { setFailure(problemText(err, t)); }
  };
  const dryRun = async (): Promise<void> => {
    setFailure(null);
    try { setDry((await api<{ data: { steps?: Step[] } }>(`/api/v1/_automations/${name}/_dry-run`, { method: 'POST', body: { record: Number(record) } })).data); } catch (err) { setFailure(problemText(err, t)); }
  };
  return (
    <Paper withBorder p="sm">
      <Group justify="space-between">
        <Group gap="xs"><Title order={5}>{t('design.automation.runs')}</Title>{enabled !== undefined && <Badge color={enabled ? 'green' : 'gray'} data-testid="automation-status">{enabled ? t('design.automation.enabled') : t('design.automation.disabled')}</Badge>}</Group>
        <Button size="xs" variant="default" onClick={() => void toggle()} disabled={enabled === undefined} data-testid="automation-toggle">{enabled ? t('design.automation.disable') : t('design.automation.enable')}</Button>
      </Group>
      {failure && <Alert color="red" mt="xs" data-testid="dry-run-problem">{failure}</Alert>}
      <Group mt="xs" align="flex-end">
        <NumberInput size="xs" w={140} label={t('design.automation.record')} value={record} onChange={setRecord} min={1} />
        <Button size="xs" onClick={() => void dryRun()} disabled={!record}>{t('design.automation.dryRun')}</Button>
      </Group>
      {dry && (
        <Table mt="xs" data-testid="dry-run">
          <Table.Thead><Table.Tr><Table.Th>{t('design.automation.step')}</Table.Th><Table.Th>{t('design.automation.status')}</Table.Th><Table.Th>{t('design.automation.input')}</Table.Th><Table.Th>{t('design.automation.output')}</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>{(dry.steps ?? []).map((s, i) => (
            <Table.Tr key={i}><Table.Td>{s.node}</Table.Td><Table.Td>{s.status}</Table.Td>
              <Table.Td><Code block fz={10}>{JSON.stringify(s.input ?? null, null, 1)}</Code></Table.Td><Table.Td><Code block fz={10}>{JSON.stringify(s.output ?? s.error ?? null, null, 1)}</Code></Table.Td></Table.Tr>
          ))}</Table.Tbody>
        </Table>
      )}
      <Stack gap={2} mt="xs">{(runs.data ?? []).map((r) => <Text key={r.id} size="xs">#{r.id} · {r.status} · {r.startedAt ?? r.createdAt ?? ''}</Text>)}</Stack>
    </Paper>
  );
}
