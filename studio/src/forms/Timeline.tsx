// The record's history from the audit trail: who changed what, when (newest first).
import { Paper, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { EntityMeta, RecordData, User } from '../api/types';
import { formatDate, formatText, titleOf } from '../views/cells';

interface AuditEntry { id: number; at: string; actor: { kind: string; id: number | null }; action: 'create' | 'update' | 'delete'; changed: string[]; before: Record<string, unknown> | null; after: Record<string, unknown> | null }

export const auditKey = (entity: string, id: number) => ['audit', entity, id];

export function Timeline({ entity, id, me, record }: { entity: EntityMeta; id: number; me: User | null; record: RecordData | undefined }) {
  const { t, i18n } = useTranslation();
  const audit = useQuery({
    queryKey: auditKey(entity.name, id),
    queryFn: async () => (await api<{ data: AuditEntry[] }>(`/api/v1/${entity.name}/${id}/_audit`)).data,
  });
  // Names we know without the user directory: the signed-in user and the record's creator and last editor.
  const names = new Map<number, string>();
  for (const key of ['created_by', 'updated_by']) {
    const u = record?.[key];
    if (u && typeof u === 'object') names.set((u as { id: number }).id, titleOf(u));
  }
  const who = (a: AuditEntry['actor']): string => {
    if (a.kind !== 'user' || a.id === null) return t('record.system');
    if (a.id === me?.id) return t('record.you');
    return names.get(a.id) ?? t('record.user', { id: a.id });
  };
  const label = (name: string): string => entity.fields.find((f) => f.name === name)?.label ?? name;
  const show = (name: string, v: unknown): string => {
    const f = entity.fields.find((x) => x.name === name);
    const text = f ? formatText(f, v, i18n.language, [t('app.yes'), t('app.no')]) : String(v ?? '');
    return text || t('app.none');
  };
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="timeline-title">
      <Title order={3} size="h5" mb="sm" id="timeline-title">{t('record.timeline')}</Title>
      {audit.isPending ? <Text size="sm" c="dimmed">{t('app.loading')}</Text> : audit.error ? <Text size="sm" c="red">{t('errors.generic')}</Text> : audit.data.length === 0 ? (
        <Text size="sm" c="dimmed">{t('record.timelineEmpty')}</Text>
      ) : (
        <ol className="timeline" data-testid="timeline">
          {audit.data.map((e) => (
            <li key={e.id}>
              <Text size="sm"><b>{who(e.actor)}</b> {e.action === 'create' ? t('record.created_') : e.action === 'delete' ? t('record.deleted') : t('record.updated')}</Text>
              <Text size="xs" c="dimmed">{formatDate(e.at, 'datetime', i18n.language)}</Text>
              {e.action === 'update' && e.changed.map((f) => (
                <Text key={f} size="xs" mt={2}>
                  <Text span fw={600} size="xs">{label(f)}</Text>: <Text span size="xs" td="line-through" c="dimmed">{show(f, e.before?.[f])}</Text> → <Text span size="xs">{show(f, e.after?.[f])}</Text>
                </Text>
              ))}
            </li>
          ))}
        </ol>
      )}
    </Paper>
  );
}
