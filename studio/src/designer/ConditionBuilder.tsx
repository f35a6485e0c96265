// The one condition language, edited visually: a wrapper of the filter builder that takes and
// gives the JSON filter AST (docs/filters.md), used by form rules, view filters, stage gates,
// role conditions and automation conditions alike.
import { useEffect, useState } from 'react';
import { Box, Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { EntityMeta } from '../api/types';
import FilterBuilder from '../views/filter/FilterBuilder';
import { emptyGroup, type FilterAst, type FilterNode, type Group as GroupNode, newId, toAst } from '../views/filter/filterModel';

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** A filter AST as the builder's tree (what it cannot show stays out: `not`). */
export function fromAst(ast: unknown, join: 'and' | 'or' = 'and'): GroupNode {
  const g = emptyGroup(join);
  if (!isObj(ast)) return g;
  const items: FilterNode[] = [];
  for (const [key, value] of Object.entries(ast)) {
    if ((key === 'and' || key === 'or') && Array.isArray(value)) {
      const inner = value.map((v) => fromAst(v, 'and'));
      if (Object.keys(ast).length === 1) return { ...g, join: key, items: inner.flatMap((x) => (x.items.length === 1 ? x.items : [x])) };
      items.push({ ...emptyGroup(key), items: inner.flatMap((x) => (x.items.length === 1 ? x.items : [x])) });
      continue;
    }
    if (key === 'not' || !isObj(value)) continue;
    for (const [op, operand] of Object.entries(value)) {
      if (op === 'some' || op === 'none' || op === 'every') {
        items.push({ kind: 'quant', id: newId(), path: key, q: op, group: fromAst(operand) });
      } else if (op === 'isNull') {
        items.push({ kind: 'cond', id: newId(), path: key, op: operand === false ? 'notNull' : 'isNull', value: undefined });
      } else if (['today', 'thisWeek', 'thisMonth', 'thisQuarter', 'thisYear'].includes(op)) {
        items.push({ kind: 'cond', id: newId(), path: key, op, value: undefined });
      } else {
        items.push({ kind: 'cond', id: newId(), path: key, op, value: operand });
      }
    }
  }
  return { ...g, items };
}

/** Condition editor: "always" (no condition) or a tree; `onChange(null)` when it says nothing. */
export function ConditionBuilder({ entity, value, onChange, label, testId }: { entity: EntityMeta; value: FilterAst | undefined; onChange: (ast: FilterAst | undefined) => void; label: string; testId?: string }) {
  const { t } = useTranslation();
  // The tree is the editor's state (it holds half-filled rows); the AST is derived from it. A new
  // AST from outside (undo, another field picked) replaces the tree.
  const [tree, setTree] = useState<{ ast: string; group: GroupNode }>(() => ({ ast: JSON.stringify(value ?? null), group: fromAst(value) }));
  const key = JSON.stringify(value ?? null);
  const group = tree.ast === key ? tree.group : fromAst(value);
  useEffect(() => { if (tree.ast !== key) setTree({ ast: key, group }); }, [key]); // eslint-disable-line react-hooks/exhaustive-deps
  const change = (g: GroupNode): void => {
    const ast = toAst(g) ?? undefined;
    setTree({ ast: JSON.stringify(ast ?? null), group: g });
    onChange(ast);
  };
  const open = value !== undefined || group.items.length > 0;
  return (
    <Box data-testid={testId}>
      <Group justify="space-between" mb={4}>
        <Text size="sm" fw={500}>{label}</Text>
        {open
          ? <Button size="compact-xs" variant="subtle" color="gray" onClick={() => { setTree({ ast: 'null', group: fromAst(undefined) }); onChange(undefined); }}>{t('design.condition.always')}</Button>
          : null}
      </Group>
      {!open && <Text size="xs" c="dimmed" mb={4}>{t('design.condition.none')}</Text>}
      <FilterBuilder entity={entity} value={group} onChange={change} />
    </Box>
  );
}
