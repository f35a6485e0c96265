// The visual filter builder: groups (all/any), conditions on fields and on many-to-one paths
// (account › grade), and some/none/every over to-many relations with a nested group.
import { ActionIcon, Box, Button, Group, Paper, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useEntityMeta, useEntityMetas } from '../../api/hooks';
import type { EntityMeta, FieldMeta } from '../../api/types';
import { SYSTEM_FIELDS } from '../../api/types';
import {
  builderOperators, defaultValue, emptyGroup, type FilterNode, type Group as GroupNode, newId, QUANTIFIERS, updateNode,
} from './filterModel';
import { ValueInput } from './ValueInput';

const isToMany = (f: FieldMeta): boolean => f.type === 'relation' && (f.cardinality === 'one-to-many' || f.cardinality === 'many-to-many');
const isManyToOne = (f: FieldMeta): boolean => f.type === 'relation' && f.cardinality === 'many-to-one';

interface PathInfo { field: FieldMeta; label: string }

/** Every path a condition may name: own fields, system fields, and one step through many-to-one relations. */
function pathsOf(entity: EntityMeta, targets: Map<string, EntityMeta> | null): Map<string, PathInfo> {
  const out = new Map<string, PathInfo>();
  const own = [...entity.fields.filter((f) => !isToMany(f) && builderOperators(f).length > 0), ...SYSTEM_FIELDS];
  for (const f of own) out.set(f.name, { field: f, label: f.label });
  for (const rel of entity.fields.filter(isManyToOne)) {
    const target = targets?.get(rel.target!);
    for (const f of target?.fields.filter((x) => !isToMany(x) && builderOperators(x).length > 0) ?? []) {
      out.set(`${rel.name}.${f.name}`, { field: f, label: `${rel.label} › ${f.label}` });
    }
  }
  return out;
}

interface Ctx { entity: EntityMeta; paths: Map<string, PathInfo>; onChange: (fn: (root: GroupNode) => GroupNode) => void }

function ConditionRow({ node, ctx, depth }: { node: FilterNode & { kind: 'cond' }; ctx: Ctx; depth: number }) {
  const { t } = useTranslation();
  const info = ctx.paths.get(node.path);
  const ops = info ? builderOperators(info.field) : [];
  const set = (patch: Partial<typeof node>): void => ctx.onChange((root) => updateNode(root, node.id, (n) => ({ ...n, ...patch }) as FilterNode));
  const own = [...ctx.paths.entries()].filter(([p]) => !p.includes('.'));
  const related = [...ctx.paths.entries()].filter(([p]) => p.includes('.'));
  const data = [
    { group: ctx.entity.label, items: own.map(([p, i]) => ({ value: p, label: i.label })) },
    ...(related.length ? [{ group: t('filter.related'), items: related.map(([p, i]) => ({ value: p, label: i.label })) }] : []),
  ];
  return (
    <Group gap={6} wrap="wrap" align="flex-start" data-testid="filter-condition">
      <Select
        aria-label={t('filter.field')} size="sm" w={200} searchable data={data} value={node.path || null} allowDeselect={false}
        onChange={(p) => {
          const next = p ? ctx.paths.get(p) : undefined;
          const op = next ? builderOperators(next.field)[0] : '';
          set({ path: p ?? '', op, value: defaultValue(op, undefined) });
        }}
        comboboxProps={{ withinPortal: true }}
      />
      <Select
        aria-label={t('filter.operator')} size="sm" w={150} data={ops.map((o) => ({ value: o, label: t(`filter.ops.${o}`) }))} value={node.op || null}
        allowDeselect={false} disabled={!info} onChange={(o) => o && set({ op: o, value: defaultValue(o, node.value) })} comboboxProps={{ withinPortal: true }}
      />
      {info && <ValueInput field={info.field} op={node.op} value={node.value} label={`${info.label} ${t('filter.value')}`} onChange={(value) => set({ value })} />}
      <ActionIcon variant="subtle" color="gray" size="lg" aria-label={t('filter.remove')} onClick={() => ctx.onChange((root) => updateNode(root, node.id, () => null))}>✕</ActionIcon>
    </Group>
  );
}

function QuantRow({ node, ctx }: { node: FilterNode & { kind: 'quant' }; ctx: Ctx }) {
  const { t } = useTranslation();
  const rel = ctx.entity.fields.find((f) => f.name === node.path)!;
  const target = useEntityMeta(rel.target);
  const targets = useEntityMetas(target.data?.fields.filter(isManyToOne).map((f) => f.target!) ?? []);
  return (
    <Paper withBorder p="xs" radius="md" bg="gray.0">
      <Group gap={6} mb={6}>
        <Text size="sm" fw={600}>{rel.label}</Text>
        <Select
          aria-label={`${rel.label} ${t('filter.operator')}`} size="xs" w={130} allowDeselect={false} value={node.q}
          data={QUANTIFIERS.map((q) => ({ value: q, label: t(`filter.ops.${q}`) }))} comboboxProps={{ withinPortal: true }}
          onChange={(q) => q && ctx.onChange((root) => updateNode(root, node.id, (n) => ({ ...n, q: q as typeof node.q }) as FilterNode))}
        />
        <Text size="sm" c="dimmed">{t('filter.where')}</Text>
        <ActionIcon ml="auto" variant="subtle" color="gray" aria-label={t('filter.remove')} onClick={() => ctx.onChange((root) => updateNode(root, node.id, () => null))}>✕</ActionIcon>
      </Group>
      {target.data && <GroupEditor node={node.group} ctx={{ ...ctx, entity: target.data, paths: pathsOf(target.data, targets) }} depth={1} />}
    </Paper>
  );
}

function GroupEditor({ node, ctx, depth, removable = false }: { node: GroupNode; ctx: Ctx; depth: number; removable?: boolean }) {
  const { t } = useTranslation();
  const toMany = ctx.entity.fields.filter(isToMany);
  const add = (item: FilterNode): void => ctx.onChange((root) => updateNode(root, node.id, (n) => ({ ...(n as GroupNode), items: [...(n as GroupNode).items, item] })));
  return (
    <Stack gap={8} pl={depth > 0 ? 'sm' : 0} style={depth > 0 ? { borderLeft: '3px solid var(--mantine-color-indigo-2)' } : undefined}>
      <Group gap={6}>
        <Text size="sm">{t('filter.match')}</Text>
        <SegmentedControl
          size="xs" value={node.join} aria-label={t('filter.match')}
          data={[{ value: 'and', label: t('filter.all') }, { value: 'or', label: t('filter.any') }]}
          onChange={(j) => ctx.onChange((root) => updateNode(root, node.id, (n) => ({ ...(n as GroupNode), join: j as 'and' | 'or' })))}
        />
        <Text size="sm">{t('filter.ofTheFollowing')}</Text>
        {removable && (
          <ActionIcon ml="auto" variant="subtle" color="gray" aria-label={t('filter.remove')} onClick={() => ctx.onChange((root) => updateNode(root, node.id, () => null))}>✕</ActionIcon>
        )}
      </Group>
      {node.items.length === 0 && <Text size="sm" c="dimmed">{t('filter.empty')}</Text>}
      {node.items.map((item) => {
        if (item.kind === 'cond') return <ConditionRow key={item.id} node={item} ctx={ctx} depth={depth} />;
        if (item.kind === 'quant') return <QuantRow key={item.id} node={item} ctx={ctx} />;
        return <GroupEditor key={item.id} node={item} ctx={ctx} depth={depth + 1} removable />;
      })}
      <Group gap="xs">
        <Button size="xs" variant="light" onClick={() => add({ kind: 'cond', id: newId(), path: '', op: '', value: undefined })}>+ {t('filter.addCondition')}</Button>
        <Button size="xs" variant="subtle" onClick={() => add(emptyGroup(node.join === 'and' ? 'or' : 'and'))}>+ {t('filter.addGroup')}</Button>
        {toMany.length > 0 && (
          <Select
            size="xs" w={190} placeholder={t('filter.related')} aria-label={t('filter.related')} value={null}
            data={toMany.map((f) => ({ value: f.name, label: f.label }))} comboboxProps={{ withinPortal: true }}
            onChange={(p) => p && add({ kind: 'quant', id: newId(), path: p, q: 'some', group: emptyGroup() })}
          />
        )}
      </Group>
    </Stack>
  );
}

export default function FilterBuilder({ entity, value, onChange }: { entity: EntityMeta; value: GroupNode; onChange: (g: GroupNode) => void }) {
  const targets = useEntityMetas(entity.fields.filter(isManyToOne).map((f) => f.target!));
  const paths = pathsOf(entity, targets);
  const ctx: Ctx = { entity, paths, onChange: (fn) => onChange(fn(value)) };
  return <Box data-testid="filter-builder"><GroupEditor node={value} ctx={ctx} depth={0} /></Box>;
}
