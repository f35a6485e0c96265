// Every editor's title row: undo/redo, the unsaved badge and Save draft.
import { Badge, Button, Group, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { History } from './useHistory';

export function EditorToolbar<T>({ title, history, saving, canSave, onSave }: { title: string; history: History<T>; saving: boolean; canSave: boolean; onSave: () => void }) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between" wrap="wrap">
      <Group gap="xs">
        <Title order={2} size="h3">{title}</Title>
        {history.dirty && <Badge color="orange" variant="light" data-testid="unsaved">{t('design.unsaved')}</Badge>}
      </Group>
      <Group gap="xs">
        <Button size="xs" variant="default" onClick={history.undo} disabled={!history.canUndo} title="Ctrl+Z">{t('design.undo')}</Button>
        <Button size="xs" variant="default" onClick={history.redo} disabled={!history.canRedo} title="Ctrl+Shift+Z">{t('design.redo')}</Button>
        <Button size="xs" onClick={onSave} loading={saving} disabled={!canSave || !history.dirty} data-testid="save-draft">{t('design.saveDraft')}</Button>
      </Group>
    </Group>
  );
}
