// The bar over every builder: how many drafts wait, Validate, Review plan and Apply. The plan is
// always shown before an apply; destructive steps are red and need an explicit confirmation.
import { useContext, useState } from 'react';
import { Alert, Badge, Button, Checkbox, Group, List, Modal, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { applyDefinitions, type Plan, type PlanStep, planDefinitions, validateDefinitions } from '../api/definitions';
import { problemText } from '../app/states';
import { DesignContext } from './DesignContext';
import { useDefinitions, useRefreshAfterWrite } from './useDefinitions';

/** One line per step: the server's description when it gives one. */
export function stepText(s: PlanStep): string {
  if (typeof s.description === 'string') return s.description;
  if (typeof s.summary === 'string') return s.summary;
  const what = [s.op ?? s.kind, s.entity, s.field, s.name, s.from && s.to ? `${String(s.from)} → ${String(s.to)}` : undefined].filter((x) => typeof x === 'string' && x);
  return what.length ? what.join(' ') : JSON.stringify(s);
}

export function DraftBar() {
  const { t } = useTranslation();
  const defs = useDefinitions();
  const { errors, setErrors } = useContext(DesignContext);
  const refresh = useRefreshAfterWrite();
  const [busy, setBusy] = useState<null | 'validate' | 'plan' | 'apply'>(null);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [confirm, setConfirm] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const drafts = defs.data?.drafts.length ?? 0;
  const destructive = plan?.steps.some((s) => s.destructive) ?? false;

  const run = async <T,>(kind: 'validate' | 'plan' | 'apply', fn: () => Promise<T>): Promise<T | null> => {
    setBusy(kind);
    setFailure(null);
    try {
      return await fn();
    } catch (err) {
      setFailure(problemText(err, t));
      return null;
    } finally {
      setBusy(null);
    }
  };
  const validate = async (): Promise<boolean> => {
    const r = await run('validate', validateDefinitions);
    if (!r) return false;
    setErrors(r.errors);
    if (r.valid) notifications.show({ color: 'green', message: t('design.valid') });
    return r.valid;
  };
  const review = async (): Promise<void> => {
    if (!(await validate())) return;
    const p = await run('plan', planDefinitions);
    if (p) { setConfirm(false); setPlan(p); }
  };
  const apply = async (): Promise<void> => {
    if (!plan) return;
    const r = await run('apply', () => applyDefinitions(plan.hash, destructive && confirm));
    if (!r) return;
    setPlan(null);
    setErrors([]);
    await refresh(true);
    notifications.show({ color: 'green', message: t('design.applied') });
  };

  return (
    <Paper withBorder p="xs" radius="md" data-testid="draft-bar">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs">
          <Badge color={drafts ? 'orange' : 'gray'} variant="light" data-testid="draft-count">{t('design.drafts', { count: drafts })}</Badge>
          {errors.length > 0 && <Badge color="red" variant="light" data-testid="error-count">{t('design.errors', { count: errors.length })}</Badge>}
        </Group>
        <Group gap="xs">
          <Button size="xs" variant="default" loading={busy === 'validate'} onClick={() => void validate()}>{t('design.validate')}</Button>
          <Button size="xs" loading={busy === 'plan'} onClick={() => void review()} disabled={!drafts}>{t('design.reviewPlan')}</Button>
        </Group>
      </Group>
      {failure && <Alert color="red" mt="xs" role="alert" withCloseButton onClose={() => setFailure(null)}>{failure}</Alert>}
      {errors.length > 0 && (
        <List size="sm" mt="xs" c="red" data-testid="validation-errors">
          {errors.slice(0, 8).map((e, i) => <List.Item key={i}>{[e.kind, e.name].filter(Boolean).join(' ')}{e.pointer ? ` ${e.pointer}` : ''}: {e.message}</List.Item>)}
        </List>
      )}
      <Modal opened={!!plan} onClose={() => setPlan(null)} title={t('design.planTitle')} size="lg">
        {plan && (
          <Stack gap="sm" data-testid="plan">
            {plan.steps.length === 0 ? <Text c="dimmed">{t('design.planEmpty')}</Text> : (
              <List spacing={4} size="sm">
                {plan.steps.map((s, i) => (
                  <List.Item key={i} c={s.destructive ? 'red' : undefined} data-destructive={s.destructive ? 'true' : undefined} data-testid="plan-step">
                    {s.destructive && <Badge color="red" size="xs" mr={6}>{t('design.destructive')}</Badge>}{stepText(s)}
                  </List.Item>
                ))}
              </List>
            )}
            {destructive && (
              <Alert color="red" title={t('design.destructiveTitle')}>
                <Checkbox label={t('design.confirmDestructive')} checked={confirm} onChange={(e) => setConfirm(e.currentTarget.checked)} data-testid="confirm-destructive" />
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setPlan(null)}>{t('app.cancel')}</Button>
              <Button color={destructive ? 'red' : undefined} disabled={destructive && !confirm} loading={busy === 'apply'} onClick={() => void apply()}>{t('design.apply')}</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Paper>
  );
}
