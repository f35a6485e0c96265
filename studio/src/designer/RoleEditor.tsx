// The role editor: per entity, each action (read, create, update, delete, export) for all records,
// none, or those matching a condition (the condition builder); hidden and read-only fields.
import { useEffect, useState } from 'react';
import { Alert, Button, Group, MultiSelect, Paper, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAppMeta, useEntityMeta } from '../api/hooks';
import { enterViewAs } from '../api/viewAs';
import { PageLoader } from '../app/states';
import { EyeIcon } from '../app/ViewAsBanner';
import type { FilterAst } from '../views/filter/filterModel';
import { ConditionBuilder } from './ConditionBuilder';
import { useDocErrors, useLeaveWarning } from './DesignContext';
import { EditorToolbar } from './EditorToolbar';
import { labelOf, useDefinition, useDefinitions } from './useDefinitions';
import { useHistory } from './useHistory';
import { useSaveDraft } from './useSaveDraft';

const ACTIONS = ['read', 'create', 'update', 'delete', 'export'] as const;
type Grant = boolean | FilterAst;
type Permission = Partial<Record<(typeof ACTIONS)[number], Grant>> & { hidden?: string[]; readOnly?: string[]; [k: string]: unknown };
type RoleDoc = { name: string; permissions?: Record<string, Permission> } & Record<string, unknown>;

const mode = (g: Grant | undefined): 'all' | 'none' | 'condition' => (g === true ? 'all' : g === undefined || g === false ? 'none' : 'condition');

function EntityPermissions({ entity, perm, onChange }: { entity: string; perm: Permission; onChange: (p: Permission) => void }) {
  const { t } = useTranslation();
  const meta = useEntityMeta(entity);
  const [open, setOpen] = useState<string | null>(null);
  const set = (k: string, v: unknown): void => { const n = { ...perm }; if (v === undefined || v === false || (Array.isArray(v) && !v.length)) delete n[k]; else n[k] = v; onChange(n); };
  const fields = (meta.data?.fields ?? []).map((f) => ({ value: f.name, label: f.label }));
  return (
    <Stack gap={6}>
      <Group gap="xs" wrap="wrap">
        {ACTIONS.map((a) => (
          <Stack key={a} gap={2}>
            <Text size="xs" fw={600}>{t(`design.role.${a}`)}</Text>
            <SegmentedControl size="xs" value={mode(perm[a])} aria-label={`${entity} ${t(`design.role.${a}`)}`}
              data={[{ value: 'all', label: t('design.role.all') }, { value: 'none', label: t('design.role.none') }, { value: 'condition', label: t('design.role.condition') }]}
              onChange={(v) => { if (v === 'condition') setOpen(a); set(a, v === 'all' ? true : v === 'none' ? undefined : (typeof perm[a] === 'object' ? perm[a] : {})); }} />
          </Stack>
        ))}
      </Group>
      {meta.data && ACTIONS.filter((a) => mode(perm[a]) === 'condition').map((a) => (
        <Paper key={a} withBorder p="xs">
          <Button size="compact-xs" variant="subtle" onClick={() => setOpen(open === a ? null : a)}>{open === a ? '▾' : '▸'} {t('design.role.when', { action: t(`design.role.${a}`) })}</Button>
          {open === a && <ConditionBuilder entity={meta.data!} label={t('design.role.when', { action: t(`design.role.${a}`) })} value={perm[a] as FilterAst} onChange={(ast) => set(a, ast ?? {})} />}
        </Paper>
      ))}
      <Group grow>
        <MultiSelect size="xs" label={t('design.role.hidden')} data={fields} value={perm.hidden ?? []} onChange={(v) => set('hidden', v)} comboboxProps={{ withinPortal: true }} />
        <MultiSelect size="xs" label={t('design.role.readOnly')} data={fields} value={perm.readOnly ?? []} onChange={(v) => set('readOnly', v)} comboboxProps={{ withinPortal: true }} />
      </Group>
    </Stack>
  );
}

/** "View as": the app as this role's users see it, read-only; it uses the applied role, so not while there are changes to apply. */
function ViewAsRow({ name, label, blocked }: { name: string; label: unknown; blocked: string | null }) {
  const { t } = useTranslation();
  return (
    <Group gap="sm" wrap="nowrap">
      <Button size="xs" variant="light" leftSection={<EyeIcon size={14} />} disabled={!!blocked} aria-describedby="view-as-hint" data-testid="view-as"
        onClick={() => enterViewAs({ role: name, label: label as string | Record<string, string> | undefined, returnTo: location.pathname })}>{t('design.role.viewAs')}</Button>
      <Text id="view-as-hint" size="xs" c={blocked ? 'orange.8' : 'dimmed'} data-testid="view-as-hint">{blocked ?? t('design.role.viewAsHint')}</Text>
    </Group>
  );
}

export default function RoleEditor({ name }: { name: string }) {
  const { t, i18n } = useTranslation();
  const app = useAppMeta();
  const { entry, isPending } = useDefinition('role', name);
  const h = useHistory<RoleDoc>((entry?.doc as RoleDoc | undefined) ?? { name });
  const { saving, problem, save: saveDraft } = useSaveDraft(h);
  useEffect(() => { if (entry) h.reset(entry.doc as RoleDoc); }, [entry?.etag]); // eslint-disable-line react-hooks/exhaustive-deps
  useLeaveWarning(h.dirty);
  const errors = useDocErrors('role', name);
  const drafted = !!useDefinitions().data?.drafts.some((d) => d.kind === 'role' && d.name === name);
  if (isPending) return <PageLoader />;
  if (!entry) return <Alert color="red">{t('design.notFound')}</Alert>;
  const doc = h.value;
  const perms = doc.permissions ?? {};
  const save = (): Promise<void> => saveDraft('role', doc, entry.etag);
  return (
    <Stack gap="sm" data-testid="role-editor">
      <EditorToolbar title={t('design.role.title', { name: labelOf(doc.label, i18n.language, name) })} history={h} saving={saving} canSave onSave={() => void save()} />
      {problem && <Alert color="red" role="alert" data-testid="save-problem">{problem}</Alert>}
      {errors.map((e, i) => <Alert key={i} color="red" p="xs">{e.pointer} {e.message}</Alert>)}
      <ViewAsRow name={name} label={doc.label} blocked={h.dirty ? t('design.role.viewAsUnsaved') : drafted ? t('design.role.viewAsDraft') : null} />
      <Table withTableBorder verticalSpacing="xs">
        <Table.Tbody>
          {[...(app.data?.entities ?? []).map((e) => ({ name: e.name, label: e.label })), { name: '*', label: t('design.role.others') }].map((e) => (
            <Table.Tr key={e.name} data-entity={e.name}>
              <Table.Th w={160} style={{ verticalAlign: 'top' }}>{e.label}</Table.Th>
              <Table.Td>
                {e.name === '*' ? (
                  <Group gap="xs">{ACTIONS.map((a) => (
                    <SegmentedControl key={a} size="xs" value={perms['*']?.[a] === true ? 'all' : 'none'} data={[{ value: 'all', label: `${t(`design.role.${a}`)} ✓` }, { value: 'none', label: '—' }]}
                      onChange={(v) => h.set((d) => { const p = { ...(d.permissions?.['*'] ?? {}) }; if (v === 'all') p[a] = true; else delete p[a]; return { ...d, permissions: { ...d.permissions, '*': p } }; })} />
                  ))}</Group>
                ) : (
                  <EntityPermissions entity={e.name} perm={perms[e.name] ?? {}} onChange={(p) => h.set((d) => ({ ...d, permissions: { ...d.permissions, [e.name]: p } }))} />
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed">{t('design.role.note')}</Text>
    </Stack>
  );
}
