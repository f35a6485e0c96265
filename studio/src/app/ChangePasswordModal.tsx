// POST /_auth/password: every session ends afterwards (the server revokes them), so the user signs in again.
import { type FormEvent, useState } from 'react';
import { Button, Group, Modal, PasswordInput, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { api, ApiProblem } from '../api/client';

export default function ChangePasswordModal({ opened, onClose, onChanged }: { opened: boolean; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (next !== confirm) return setErrors({ confirm: t('password.mismatch') });
    setBusy(true);
    setErrors({});
    try {
      await api('/api/v1/_auth/password', { method: 'POST', body: { currentPassword: current, newPassword: next } });
      notifications.show({ color: 'green', message: t('password.done') });
      onClose();
      onChanged();
    } catch (err) {
      if (err instanceof ApiProblem && err.problem.errors?.length) {
        setErrors(Object.fromEntries(err.problem.errors.map((x) => [x.pointer.slice(1), x.message])));
      } else setErrors({ currentPassword: err instanceof Error ? err.message : t('errors.generic') });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} closeButtonProps={{ 'aria-label': t('app.close') }} title={t('password.title')} centered>
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          <PasswordInput label={t('password.current')} autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.currentTarget.value)} error={errors.currentPassword} />
          <PasswordInput label={t('password.next')} description={t('password.hint')} autoComplete="new-password" required value={next} onChange={(e) => setNext(e.currentTarget.value)} error={errors.newPassword} />
          <PasswordInput label={t('password.confirm')} autoComplete="new-password" required value={confirm} onChange={(e) => setConfirm(e.currentTarget.value)} error={errors.confirm} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('app.cancel')}</Button>
            <Button type="submit" loading={busy}>{t('app.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
