// A record's page (the start of the 360° view): the form, related lists and the history.
// Saves send only the changed fields, with If-Match; 422s land at their fields, a 412 offers a reload.
// While viewing as a role the page is read-only: the form is disabled, there is no Save, and a new
// record can not be started.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Anchor, Badge, Breadcrumbs, Button, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ErrorSchema } from '@rjsf/utils';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../api/client';
import { useEntityMeta, useMe } from '../api/hooks';
import { createRecord, getRecord, patchRecord } from '../api/records';
import type { EntityMeta, RecordData } from '../api/types';
import { useReadOnly } from '../api/viewAs';
import { Link, listPath, navigate, recordPath } from '../app/router';
import { ErrorState, PageLoader, problemText } from '../app/states';
import { recordTitle } from '../views/cells';
import { problemToErrorSchema } from './problemToErrorSchema';
import { fallbackForm, RecordForm } from './RecordForm';
import { RelatedLists } from './RelatedLists';
import { auditKey, Timeline } from './Timeline';

type Values = Record<string, unknown>;
const SYSTEM = new Set(['id', 'version', 'created_at', 'updated_at', 'created_by', 'updated_by']);

/** The values a form edits: the record without system fields, expanded users back to ids. */
function editable(record: RecordData | undefined, entity: EntityMeta): Values {
  if (!record) return {};
  const names = new Set(entity.fields.map((f) => f.name));
  return Object.fromEntries(Object.entries(record).filter(([k, v]) => !SYSTEM.has(k) && names.has(k) && v !== null));
}

/** Empty is empty: the form fills in '' / [] / false where the record has nothing. */
const norm = (v: unknown, type: string): unknown => (v === undefined || v === '' || (Array.isArray(v) && v.length === 0) || (type === 'boolean' && v === false) ? null : v);

function changedFields(before: Values, after: Values, entity: EntityMeta): Values {
  const out: Values = {};
  for (const f of entity.fields) {
    if (!f.writable) continue;
    const a = norm(after[f.name], f.type);
    const b = norm(before[f.name], f.type);
    if (JSON.stringify(a) !== JSON.stringify(b)) out[f.name] = after[f.name] === undefined ? null : after[f.name];
  }
  return out;
}

export default function RecordPage({ entity: entityName, id }: { entity: string; id: number | 'new' }) {
  const meta = useEntityMeta(entityName);
  if (meta.isPending) return <PageLoader />;
  if (meta.error) return <ErrorState error={meta.error} onRetry={() => void meta.refetch()} />;
  return <Page entity={meta.data} id={id} />;
}

function Page({ entity, id }: { entity: EntityMeta; id: number | 'new' }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const me = useMe();
  const readOnly = useReadOnly();
  const isNew = id === 'new';
  const record = useQuery({
    queryKey: ['record', entity.name, id],
    queryFn: () => getRecord(entity.name, id as number, { expand: 'created_by,updated_by' }),
    enabled: !isNew,
  });
  const form = useMemo(() => Object.values(entity.forms)[0] ?? fallbackForm(entity), [entity]);
  const initial = useMemo(() => editable(record.data, entity), [record.data, entity]);
  const [values, setValues] = useState<Values>(initial);
  const [errors, setErrors] = useState<ErrorSchema | undefined>(undefined);
  const [banner, setBanner] = useState<{ color: string; text: string; reload?: boolean } | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => setValues(initial), [initial]);
  const changed = Object.keys(isNew ? values : changedFields(initial, values, entity));
  const dirty = changed.length > 0;

  if (isNew && readOnly) return <ErrorState title={t('viewAs.readOnly')} error={new Error(t('viewAs.noNew'))} />;
  if (!isNew && record.isPending) return <PageLoader />;
  if (!isNew && record.error) {
    const missing = record.error instanceof ApiProblem && record.error.status === 404;
    return <ErrorState title={missing ? t('errors.notFound') : undefined} error={missing ? new Error(t('record.notFound')) : record.error} />;
  }

  const save = async (data: Values): Promise<void> => {
    setSaving(true);
    setBanner(null);
    try {
      if (isNew) {
        const created = await createRecord({ entity: entity.name, data: Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined && v !== '')) });
        notifications.show({ color: 'green', message: t('record.created') });
        await client.invalidateQueries({ queryKey: ['list', entity.name] });
        navigate(recordPath(entity.name, created.id), { replace: true });
        return;
      }
      const changes = changedFields(initial, data, entity);
      if (Object.keys(changes).length === 0) return;
      await patchRecord({ entity: entity.name, id: id as number, data: changes, version: record.data!.version });
      setErrors(undefined);
      notifications.show({ color: 'green', message: t('record.saved') });
      await Promise.all([
        client.invalidateQueries({ queryKey: ['record', entity.name, id] }),
        client.invalidateQueries({ queryKey: auditKey(entity.name, id as number) }),
        client.invalidateQueries({ queryKey: ['list', entity.name] }),
      ]);
    } catch (err) {
      if (err instanceof ApiProblem && err.status === 422) {
        const { errorSchema, unplaced } = problemToErrorSchema(err.problem);
        setErrors(errorSchema);
        setBanner({ color: 'red', text: [t('record.fixErrors'), ...unplaced].join(' ') });
      } else if (err instanceof ApiProblem && err.status === 412) {
        setBanner({ color: 'orange', text: t('record.conflict'), reload: true });
      } else {
        setBanner({ color: 'red', text: problemText(err, t) });
      }
    } finally {
      setSaving(false);
    }
  };

  const title = isNew ? t('record.new', { entity: entity.label }) : recordTitle(record.data, entity.titleField);
  const formId = `record-form-${entity.name}`;
  return (
    <Stack gap="md" pb="xl">
      <Breadcrumbs separator="›">
        <Anchor component={Link} href={listPath(entity.name)} size="sm">{entity.pluralLabel ?? entity.label}</Anchor>
        <Text size="sm" c="dimmed" truncate maw={300}>{title}</Text>
      </Breadcrumbs>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="sm">
          <Title order={2} size="h3">{title}</Title>
          {!isNew && <Badge variant="light" color="gray" style={{ color: 'var(--mantine-color-gray-8)' }}>v{record.data?.version}</Badge>}
          {dirty && <Badge variant="light" color="orange" style={{ color: 'var(--mantine-color-orange-9)' }} data-fields={changed.join(',')}>{t('record.unsaved')}</Badge>}
        </Group>
        {!readOnly && (
          <Group gap="xs">
            {dirty && !isNew && <Button variant="default" onClick={() => { setValues(initial); setErrors(undefined); setBanner(null); }}>{t('record.discard')}</Button>}
            <Button type="submit" form={formId} loading={saving} disabled={!dirty && !isNew} data-testid="record-save">{saving ? t('record.saving') : t('record.save')}</Button>
          </Group>
        )}
      </Group>
      {banner && (
        <Alert color={banner.color} role="alert" data-testid="form-banner">
          <Group justify="space-between">
            <Text size="sm">{banner.text}</Text>
            {banner.reload && <Button size="xs" variant="light" onClick={() => { setBanner(null); void record.refetch(); }}>{t('record.reload')}</Button>}
          </Group>
        </Alert>
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: isNew ? 12 : 8 }}>
          <RecordForm
            entity={entity} form={form} values={values} onChange={setValues} onSubmit={(v) => void save(v)} errors={errors} me={me.data ?? null} formId={formId}
            readOnly={readOnly}
          />
        </Grid.Col>
        {!isNew && (
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <Stack gap="md">
              <RelatedLists fields={entity.fields} id={id as number} record={record.data ?? {}} />
              <Timeline entity={entity} id={id as number} me={me.data ?? null} record={record.data} />
            </Stack>
          </Grid.Col>
        )}
      </Grid>
    </Stack>
  );
}
