// The Design area: the draft bar over the builders, and the list of the app's definitions.
// Loaded on first use (its own chunk); shown to administrators and designers, never while viewing
// the app as a role (the builders only write, and every write would be refused).
import { lazy, Suspense, useState } from 'react';
import { Alert, Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DefinitionError, DefinitionKind } from '../api/definitions';
import { useMe } from '../api/hooks';
import { useReadOnly } from '../api/viewAs';
import { designPath, Link } from '../app/router';
import { ErrorState, PageLoader } from '../app/states';
import { DesignContext } from './DesignContext';
import { DraftBar } from './DraftBar';
import { labelOf, useDefinitions } from './useDefinitions';

const EntityDesigner = lazy(() => import('./EntityDesigner'));
const FormBuilder = lazy(() => import('./FormBuilder'));
const PipelineEditor = lazy(() => import('./PipelineEditor'));
const ViewDesigner = lazy(() => import('./ViewDesigner'));
const RoleEditor = lazy(() => import('./RoleEditor'));
const AutomationEditor = lazy(() => import('./AutomationEditor'));

const SECTIONS: DefinitionKind[] = ['entity', 'form', 'view', 'pipeline', 'automation', 'role'];
const EDITABLE = new Set<string>(['entity', 'form', 'pipeline', 'view', 'role', 'automation']);
const CREATABLE = new Set<string>(['entity', 'form', 'view', 'automation']);

function DesignHome() {
  const { t, i18n } = useTranslation();
  const defs = useDefinitions();
  if (defs.isPending) return <PageLoader />;
  if (defs.error) return <ErrorState error={defs.error} onRetry={() => void defs.refetch()} />;
  const drafts = new Set(defs.data.drafts.map((d) => `${d.kind}/${d.name}`));
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} data-testid="design-home">
      {SECTIONS.map((kind) => {
        const items = defs.data.entries.filter((e) => e.kind === kind);
        return (
          <Paper key={kind} withBorder p="sm" radius="md" data-kind={kind}>
            <Group justify="space-between" mb={6}>
              <Title order={4}>{t(`design.kinds.${kind}`)}</Title>
              {CREATABLE.has(kind) && <Button size="xs" variant="light" component={Link} href={designPath(kind, 'new')} data-testid={`new-${kind}`}>{t('design.new')}</Button>}
            </Group>
            <Stack gap={2}>
              {items.length === 0 && <Text size="sm" c="dimmed">{t('design.none')}</Text>}
              {items.map((e) => (
                <Group key={e.name} gap={6} wrap="nowrap">
                  {EDITABLE.has(kind)
                    ? <Anchor component={Link} href={designPath(kind, e.name)} size="sm">{labelOf(e.doc.label, i18n.language, e.name)}</Anchor>
                    : <Text size="sm">{labelOf(e.doc.label, i18n.language, e.name)}</Text>}
                  <Text size="xs" c="dimmed">{e.name}</Text>
                  {drafts.has(`${kind}/${e.name}`) && <Badge size="xs" color="orange" variant="light">{t('design.draft')}</Badge>}
                  {e.layers.includes('overlay') && <Badge size="xs" color="grape" variant="light">{t('design.edited')}</Badge>}
                </Group>
              ))}
            </Stack>
          </Paper>
        );
      })}
    </SimpleGrid>
  );
}

export default function DesignPage({ kind, item }: { kind: string | null; item: string | null }) {
  const { t } = useTranslation();
  const me = useMe();
  const [errors, setErrors] = useState<DefinitionError[]>([]);
  const readOnly = useReadOnly();
  const allowed = me.data?.roles.some((r) => r === 'admin' || r === 'designer');
  if (readOnly) return <Alert color="yellow" m="md" data-testid="design-read-only">{t('viewAs.noDesign')}</Alert>;
  if (!allowed) return <Alert color="red" m="md">{t('design.forbidden')}</Alert>;
  return (
    <DesignContext.Provider value={{ errors, setErrors }}>
      <Stack gap="sm" p={0}>
        <Group justify="space-between">
          <Group gap="xs">
            <Title order={2}>{kind ? <Anchor component={Link} href={designPath()} inherit>{t('design.title')}</Anchor> : t('design.title')}</Title>
          </Group>
          {!kind && (
            <Group gap="xs" title={t('design.exportHint')}>
              {/* A plain download: the session cookie goes with it, the server names the file. */}
              <Button size="xs" variant="default" component="a" href="/api/v1/_definitions/_export" download data-testid="export-app">{t('design.export')}</Button>
              <Button size="xs" variant="subtle" component="a" href="/api/v1/_definitions/_export?overlay=only" download>{t('design.exportChanges')}</Button>
            </Group>
          )}
        </Group>
        <DraftBar />
        <Suspense fallback={<PageLoader />}>
          {!kind && <DesignHome />}
          {kind === 'entity' && item && <EntityDesigner key={item} name={item} />}
          {kind === 'form' && item && <FormBuilder key={item} name={item} />}
          {kind === 'pipeline' && item && <PipelineEditor key={item} name={item} />}
          {kind === 'view' && item && <ViewDesigner key={item} name={item} />}
          {kind === 'role' && item && <RoleEditor key={item} name={item} />}
          {kind === 'automation' && item && <AutomationEditor key={item} name={item} />}
        </Suspense>
      </Stack>
    </DesignContext.Provider>
  );
}
