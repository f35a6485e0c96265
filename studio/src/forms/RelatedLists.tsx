// Related records: one-to-many children (pointing back at this record) and many-to-many links, first 10 with a count.
import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useEntityMeta } from '../api/hooks';
import { listRecords } from '../api/records';
import type { FieldMeta } from '../api/types';
import { Link, listPath, recordPath } from '../app/router';
import { recordTitle } from '../views/cells';

function RelatedList({ field, id, linked }: { field: FieldMeta; id: number; linked?: number[] }) {
  const { t } = useTranslation();
  const target = useEntityMeta(field.target);
  const list = useQuery({
    queryKey: ['list', field.target, 'related', field.name, id, linked],
    queryFn: ({ signal }) => listRecords(field.target!, {
      filter: linked ? { id: { in: linked } } : { [field.inverse!]: { eq: id } }, fields: target.data?.titleField ?? 'id', limit: 10, count: 'true', sort: '-id',
    }, signal),
    enabled: !!target.data && (linked ? linked.length > 0 : !!field.inverse),
  });
  const count = linked?.length === 0 ? 0 : list.data?.meta.count ?? 0;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={field.label}>
      <Group justify="space-between" mb={6}>
        <Title order={3} size="h6">{field.label}</Title>
        <Badge variant="light" size="sm">{count}</Badge>
      </Group>
      {list.isPending && count !== 0 && linked?.length !== 0 ? <Text size="sm" c="dimmed">{t('app.loading')}</Text> : count === 0 ? <Text size="sm" c="dimmed">{t('record.relatedEmpty')}</Text> : (
        <Stack gap={4}>
          {list.data?.data.map((r) => (
            <Anchor key={r.id} component={Link} href={recordPath(field.target!, r.id)} size="sm" truncate>{recordTitle(r, target.data?.titleField ?? 'id')}</Anchor>
          ))}
          {count > 10 && <Anchor component={Link} href={listPath(field.target!)} size="xs" c="dimmed">{t('record.more', { count: count - 10 })}</Anchor>}
        </Stack>
      )}
    </Paper>
  );
}

export function RelatedLists({ fields, id, record }: { fields: FieldMeta[]; id: number; record: Record<string, unknown> }) {
  const lists = fields.filter((f) => f.type === 'relation' && ((f.cardinality === 'one-to-many' && f.inverse) || f.cardinality === 'many-to-many'));
  if (lists.length === 0) return null;
  return (
    <Stack gap="sm">
      {lists.map((f) => <RelatedList key={f.name} field={f} id={id} linked={f.cardinality === 'many-to-many' ? ((record[f.name] as number[] | undefined) ?? []) : undefined} />)}
    </Stack>
  );
}
