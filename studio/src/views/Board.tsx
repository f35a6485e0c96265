// Kanban for views of kind "kanban": one column per stage of the view's groupBy field (in pipeline
// order when a pipeline drives that field), cards dragged between columns with the mouse or the
// keyboard. A refused move snaps back and lists the unmet conditions from the problem's errors[].
// While viewing as a role the cards stay put: no drag, no handle.
import { useMemo, useState } from 'react';
import { Alert, Badge, Group, List, Stack, Text } from '@mantine/core';
import {
  DndContext, DragOverlay, KeyboardSensor, PointerSensor, useDraggable, useDroppable, useSensor, useSensors, type DragEndEvent,
} from '@dnd-kit/core';
import { notifications } from '@mantine/notifications';
import { useQueries, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../api/client';
import { useAppMeta, useEntityMetas } from '../api/hooks';
import { listRecords, moveToStage } from '../api/records';
import type { EntityMeta, FieldMeta, RecordData, ViewMeta } from '../api/types';
import { useReadOnly } from '../api/viewAs';
import { Link, recordPath } from '../app/router';
import { ErrorState, PageLoader, problemText } from '../app/states';
import { CellValue, formatNumber, recordTitle } from './cells';
import { fieldsParam, toColumns, valueAt } from './columns';
import { sumDecimals } from './decimal';

const CARD_LIMIT = 500;

interface Refusal { title: string; stage: string; reasons: string[] }

function Card({ row, entity, fields, dragging }: { row: RecordData; entity: EntityMeta; fields: { path: string; field: FieldMeta }[]; dragging?: boolean }) {
  const { t, i18n } = useTranslation();
  const readOnly = useReadOnly();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, isDragging } = useDraggable({ id: row.id, data: { row }, disabled: readOnly });
  const title = recordTitle(row, entity.titleField);
  const still = dragging || readOnly;
  // The whole card drags with the pointer; the keyboard picks it up through its handle, so the
  // card's link is not nested inside another interactive element.
  return (
    <div
      ref={dragging ? undefined : setNodeRef} className={`board-card${isDragging && !dragging ? ' dragging' : ''}${dragging ? ' overlay' : ''}${readOnly ? ' static' : ''}`}
      {...(still ? {} : listeners)} data-testid="board-card" data-id={row.id}
    >
      <Group gap={6} wrap="nowrap" align="flex-start">
        <Link href={recordPath(entity.name, row.id)} onPointerDown={(e) => e.stopPropagation()} style={{ fontWeight: 600, color: 'inherit', textDecoration: 'none', fontSize: 14, flex: 1 }}>{title}</Link>
        {!readOnly && <button type="button" className="drag-handle" ref={dragging ? undefined : setActivatorNodeRef} {...(dragging ? {} : attributes)} aria-label={t('board.moveCard', { title })}>⠿</button>}
      </Group>
      <Stack gap={4} mt={6}>
        {fields.map(({ path, field }) => {
          const v = valueAt(row, path);
          if (v === null || v === undefined || v === '') return null;
          return (
            <Group key={path} gap={6} wrap="nowrap" style={{ fontSize: 12, color: 'var(--mantine-color-gray-7)', overflow: 'hidden' }}>
              <Text span size="xs" c="dimmed" style={{ flex: 'none' }}>{field.label}</Text>
              <Text span size="xs" truncate><CellValue field={field} value={v} locale={i18n.language} yesNo={[t('app.yes'), t('app.no')]} /></Text>
            </Group>
          );
        })}
      </Stack>
    </div>
  );
}

function Column({ stage, label, rows, count, total, sumLabel, entity, fields, children }: {
  stage: string; label: string; rows: RecordData[]; count: number | undefined; total: string | null; sumLabel: string | null; entity: EntityMeta;
  fields: { path: string; field: FieldMeta }[]; children?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const { setNodeRef, isOver } = useDroppable({ id: stage });
  return (
    <section ref={setNodeRef} className={`board-col${isOver ? ' over' : ''}`} aria-label={label} data-testid="board-column" data-stage={stage}>
      <div className="board-col-head">
        <Group justify="space-between" wrap="nowrap">
          <Text fw={700} size="sm" truncate>{label}</Text>
          <Badge variant="default" size="sm" data-testid="column-count">{count ?? rows.length}</Badge>
        </Group>
        {total !== null && <Text size="xs" c="dimmed" mt={2} data-testid="column-sum">{sumLabel} · {total}{count !== undefined && count > rows.length ? ` (${t('board.partial', { count: rows.length })})` : ''}</Text>}
      </div>
      <div className="board-cards">
        {rows.length === 0 && <Text size="xs" c="dimmed" ta="center" py="md">{t('board.empty')}</Text>}
        {rows.map((r) => <Card key={r.id} row={r} entity={entity} fields={fields} />)}
        {children}
      </div>
    </section>
  );
}

export default function Board({ entity, view, q, filter }: { entity: EntityMeta; view: ViewMeta; q?: string; filter?: string }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const app = useAppMeta();
  const [moved, setMoved] = useState<Map<number, string>>(new Map());
  const [active, setActive] = useState<RecordData | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }), useSensor(KeyboardSensor));
  const groupField = entity.fields.find((f) => f.name === view.groupBy && f.type === 'select');
  const pipeline = app.data?.pipelines.find((p) => p.entity === entity.name && p.field === groupField?.name);
  const stages = useMemo(() => {
    const options = groupField?.options ?? [];
    if (!pipeline) return options;
    return pipeline.stages.map((s) => options.find((o) => o.value === s.value)).filter((o): o is NonNullable<typeof o> => !!o);
  }, [groupField, pipeline]);
  const targets = useEntityMetas(entity.fields.filter((f) => f.type === 'relation' && f.cardinality === 'many-to-one').map((f) => f.target!));
  const columns = toColumns(entity, (view.columns ?? []).filter((c) => c !== groupField?.name), targets);
  const cardFields = columns.filter((c) => c.path !== entity.titleField).map((c) => ({ path: c.path, field: c.field }));
  const sumField = columns.find((c) => c.field.type === 'currency')?.field ?? entity.fields.find((f) => f.type === 'currency');
  const fields = targets ? `${fieldsParam(entity, columns, targets)},${groupField?.name ?? ''}${sumField ? `,${sumField.name}` : ''}` : undefined;

  const queries = useQueries({
    queries: stages.map((s) => {
      const stageFilter = { [groupField!.name]: { eq: s.value } };
      const combined = filter ? { and: [JSON.parse(filter) as object, stageFilter] } : stageFilter;
      return {
        queryKey: ['list', entity.name, 'board', view.name, s.value, q, filter, fields],
        queryFn: ({ signal }: { signal: AbortSignal }) => listRecords(entity.name, { view: view.name, q, filter: combined, fields, limit: CARD_LIMIT, count: 'true' }, signal),
        enabled: !!fields,
        staleTime: 15_000,
      };
    }),
  });

  if (!groupField) return <Alert color="yellow">{t('board.noField')}</Alert>;
  if (!targets || queries.some((x) => x.isPending)) return <PageLoader />;
  const failed = queries.find((x) => x.error);
  if (failed) return <ErrorState error={failed.error} onRetry={() => queries.forEach((x) => void x.refetch())} />;

  // One card per record: while a move refetches the columns, the target column's fresh page may
  // already hold the record that the source column's older page still holds; the newer version wins.
  const byId = new Map<number, RecordData>();
  for (const r of queries.flatMap((x) => x.data?.data ?? [])) {
    const seen = byId.get(r.id);
    if (!seen || r.version > seen.version) byId.set(r.id, r);
  }
  const all = [...byId.values()];
  const stageOf = (r: RecordData): string => moved.get(r.id) ?? String(r[groupField.name]);
  const labelOf = (stage: string): string => stages.find((s) => s.value === stage)?.label ?? stage;

  const onDragEnd = async (e: DragEndEvent): Promise<void> => {
    setActive(null);
    const row = e.active.data.current?.row as RecordData | undefined;
    const to = e.over?.id as string | undefined;
    if (!row || !to || to === stageOf(row)) return;
    setRefusal(null);
    setMoved((m) => new Map(m).set(row.id, to));
    try {
      await moveToStage({ entity: entity.name, id: row.id, pipeline: pipeline?.name, field: groupField.name, to, version: row.version });
      notifications.show({ color: 'green', message: t('board.moved', { stage: labelOf(to) }) });
      await client.invalidateQueries({ queryKey: ['list', entity.name] });
    } catch (err) {
      const reasons = err instanceof ApiProblem && err.problem.errors?.length ? err.problem.errors.map((x) => x.message) : [problemText(err, t)];
      setRefusal({ title: recordTitle(row, entity.titleField), stage: labelOf(to), reasons });
      if (err instanceof ApiProblem && err.status === 412) await client.invalidateQueries({ queryKey: ['list', entity.name] });
    } finally {
      setMoved((m) => {
        const next = new Map(m);
        next.delete(row.id);
        return next;
      });
    }
  };

  return (
    <Stack gap="sm" h="100%">
      {refusal && (
        <Alert color="red" title={`${refusal.title}: ${t('board.refused', { stage: refusal.stage })}`} withCloseButton onClose={() => setRefusal(null)} role="alert" data-testid="move-refused">
          <Text size="sm">{t('board.conditions')}</Text>
          <List size="sm">{refusal.reasons.map((r) => <List.Item key={r}>{r}</List.Item>)}</List>
        </Alert>
      )}
      <DndContext sensors={sensors} onDragStart={(e) => setActive((e.active.data.current?.row as RecordData) ?? null)} onDragCancel={() => setActive(null)} onDragEnd={(e) => void onDragEnd(e)}>
        <div className="board" data-testid="board">
          {stages.map((s, i) => {
            const rows = all.filter((r) => stageOf(r) === s.value);
            const count = queries[i].data?.meta.count;
            const adjusted = count === undefined ? undefined : count + rows.length - (queries[i].data?.data.length ?? 0);
            const total = sumField ? formatNumber(sumDecimals(rows.map((r) => r[sumField.name] as string | null)), sumField, i18n.language) : null;
            return <Column key={s.value} stage={s.value} label={s.label} rows={rows} count={adjusted} total={total} sumLabel={sumField?.label ?? null} entity={entity} fields={cardFields} />;
          })}
        </div>
        <DragOverlay>{active ? <Card row={active} entity={entity} fields={cardFields} dragging /> : null}</DragOverlay>
      </DndContext>
    </Stack>
  );
}
