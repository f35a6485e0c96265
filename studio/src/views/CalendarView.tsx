// Calendar for views of kind "calendar": a month of the view's date field (its groupBy, else its
// first date column); drag an entry to another day to reschedule it (PATCH with If-Match) — except
// while viewing as a role, when entries do not move.
import { useMemo, useState } from 'react';
import { ActionIcon, Alert, Button, Group, Text, Title } from '@mantine/core';
import { DndContext, KeyboardSensor, PointerSensor, useDraggable, useDroppable, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { listRecords, patchRecord } from '../api/records';
import type { EntityMeta, FieldMeta, RecordData, ViewMeta } from '../api/types';
import { useReadOnly } from '../api/viewAs';
import { navigate, recordPath } from '../app/router';
import { ErrorState, PageLoader, problemText } from '../app/states';
import { formatDate, recordTitle } from './cells';

const pad = (n: number): string => String(n).padStart(2, '0');
const ymd = (d: Date): string => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const MAX_PER_DAY = 4;

/** The date field a calendar view is laid out by. */
export function calendarField(entity: EntityMeta, view: ViewMeta): FieldMeta | undefined {
  const isDate = (f?: FieldMeta): f is FieldMeta => !!f && (f.type === 'date' || f.type === 'datetime');
  const byGroup = entity.fields.find((f) => f.name === view.groupBy);
  if (isDate(byGroup)) return byGroup;
  return (view.columns ?? []).map((c) => entity.fields.find((f) => f.name === c)).find(isDate);
}

/** The 6×7 days shown for a month, starting on Monday. */
function monthGrid(month: Date): Date[] {
  const first = new Date(month.getFullYear(), month.getMonth(), 1);
  const start = new Date(first);
  start.setDate(1 - ((first.getDay() + 6) % 7));
  return Array.from({ length: 42 }, (_, i) => new Date(start.getFullYear(), start.getMonth(), start.getDate() + i));
}

/** The day a record falls on, in the browser's time zone. */
const dayOf = (value: unknown, type: string): string | null => {
  if (typeof value !== 'string' || !value) return null;
  return type === 'date' ? value.slice(0, 10) : ymd(new Date(value));
};

function Entry({ row, title }: { row: RecordData; title: string }) {
  const readOnly = useReadOnly();
  const { attributes, listeners, setNodeRef, transform } = useDraggable({ id: row.id, data: { row }, disabled: readOnly });
  return (
    <div
      ref={setNodeRef} className={`cal-item${readOnly ? ' static' : ''}`} {...(readOnly ? {} : { ...attributes, ...listeners })} data-testid="calendar-item" data-id={row.id} title={title}
      style={transform ? { transform: `translate(${transform.x}px, ${transform.y}px)`, zIndex: 10, position: 'relative' } : undefined}
      onDoubleClick={() => navigate(recordPath(String(row.__entity), row.id))}
    >
      {title}
    </div>
  );
}

function Day({ date, month, rows, entity, today }: { date: Date; month: number; rows: RecordData[]; entity: EntityMeta; today: string }) {
  const { t, i18n } = useTranslation();
  const key = ymd(date);
  const { setNodeRef, isOver } = useDroppable({ id: key });
  const cls = ['cal-day', date.getMonth() !== month ? 'other' : '', isOver ? 'over' : '', key === today ? 'today' : ''].join(' ');
  return (
    <div ref={setNodeRef} className={cls} data-date={key} aria-label={formatDate(key, "date", i18n.language)} role="group">
      <span className="num">{date.getDate()}</span>
      {rows.slice(0, MAX_PER_DAY).map((r) => <Entry key={r.id} row={{ ...r, __entity: entity.name }} title={recordTitle(r, entity.titleField)} />)}
      {rows.length > MAX_PER_DAY && <Text size="xs" c="dimmed">{t('calendar.more', { count: rows.length - MAX_PER_DAY })}</Text>}
    </div>
  );
}

export default function CalendarView({ entity, view, q, filter }: { entity: EntityMeta; view: ViewMeta; q?: string; filter?: string }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [month, setMonth] = useState(() => { const d = new Date(); return new Date(d.getFullYear(), d.getMonth(), 1); });
  const [moved, setMoved] = useState<Map<number, string>>(new Map());
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }), useSensor(KeyboardSensor));
  const field = calendarField(entity, view);
  const days = useMemo(() => monthGrid(month), [month]);
  const range = field ? { [field.name]: field.type === 'date' ? { between: [ymd(days[0]), ymd(days[41])] } : { between: [days[0].toISOString(), new Date(days[41].getTime() + 86_400_000 - 1).toISOString()] } } : null;
  const combined = range && filter ? { and: [JSON.parse(filter) as object, range] } : range;
  const list = useQuery({
    queryKey: ['list', entity.name, 'calendar', view.name, ymd(month), q, filter],
    queryFn: ({ signal }) => listRecords(entity.name, { view: view.name, q, filter: combined, fields: `${entity.titleField},${field!.name}`, sort: field!.name, limit: 500 }, signal),
    enabled: !!field,
  });
  if (!field) return <Alert color="yellow">{t('calendar.noDateField')}</Alert>;
  if (list.isPending) return <PageLoader />;
  if (list.error) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;

  const dayKey = (r: RecordData): string | null => moved.get(r.id) ?? dayOf(r[field.name], field.type);
  const byDay = new Map<string, RecordData[]>();
  for (const r of list.data.data) {
    const k = dayKey(r);
    if (k) byDay.set(k, [...(byDay.get(k) ?? []), r]);
  }
  const weekdays = days.slice(0, 7).map((d) => new Intl.DateTimeFormat(i18n.language, { weekday: 'short' }).format(d));

  const onDragEnd = async (e: DragEndEvent): Promise<void> => {
    const row = e.active.data.current?.row as RecordData | undefined;
    const to = e.over?.id as string | undefined;
    if (!row || !to || to === dayKey(row)) return;
    setMoved((m) => new Map(m).set(row.id, to));
    let value: string = to;
    if (field.type === 'datetime') {
      const old = new Date(String(row[field.name]));
      const [y, m, d] = to.split('-').map(Number);
      value = new Date(y, m - 1, d, old.getHours(), old.getMinutes(), old.getSeconds()).toISOString();
    }
    try {
      await patchRecord({ entity: entity.name, id: row.id, data: { [field.name]: value }, version: row.version });
      notifications.show({ color: 'green', message: t('calendar.moved', { date: formatDate(to, 'date', i18n.language) }) });
      await client.invalidateQueries({ queryKey: ['list', entity.name] });
    } catch (err) {
      notifications.show({ color: 'red', message: problemText(err, t) });
    } finally {
      setMoved((m) => { const next = new Map(m); next.delete(row.id); return next; });
    }
  };

  const shift = (n: number): void => setMonth((m) => new Date(m.getFullYear(), m.getMonth() + n, 1));
  return (
    <div data-testid="calendar">
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h4">{new Intl.DateTimeFormat(i18n.language, { year: 'numeric', month: 'long' }).format(month)}</Title>
        <Group gap={4}>
          <ActionIcon variant="default" size="lg" aria-label={t('calendar.previous')} onClick={() => shift(-1)}>‹</ActionIcon>
          <Button variant="default" size="xs" onClick={() => { const d = new Date(); setMonth(new Date(d.getFullYear(), d.getMonth(), 1)); }}>{t('calendar.today')}</Button>
          <ActionIcon variant="default" size="lg" aria-label={t('calendar.next')} onClick={() => shift(1)}>›</ActionIcon>
        </Group>
      </Group>
      <DndContext sensors={sensors} onDragEnd={(e) => void onDragEnd(e)}>
        <div className="cal" role="group" aria-label={field.label}>
          {weekdays.map((w) => <div key={w} className="cal-dow" aria-hidden="true">{w}</div>)}
          {days.map((d) => <Day key={ymd(d)} date={d} month={month.getMonth()} rows={byDay.get(ymd(d)) ?? []} entity={entity} today={ymd(new Date())} />)}
        </div>
      </DndContext>
    </div>
  );
}
