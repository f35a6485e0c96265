// A 412 on an inline edit: show the user's value and the current one, and let them choose.
import { Button, Group, Modal, Paper, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export interface Conflict { field: string; label: string; mine: string; theirs: string; onKeepMine: () => void; onUseTheirs: () => void }

export function ConflictDialog({ conflict, onClose }: { conflict: Conflict | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={!!conflict} onClose={onClose} closeButtonProps={{ 'aria-label': t('app.close') }} title={t('conflict.title')} centered size="lg">
      {conflict && (
        <>
          <Text mb="md">{t('conflict.body', { field: conflict.label })}</Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }} mb="lg">
            <Paper withBorder p="md" radius="md" data-testid="conflict-mine">
              <Text size="xs" c="dimmed" tt="uppercase" fw={700}>{t('conflict.yours')}</Text>
              <Text fw={600} mt={4}>{conflict.mine || t('app.none')}</Text>
            </Paper>
            <Paper withBorder p="md" radius="md" data-testid="conflict-theirs">
              <Text size="xs" c="dimmed" tt="uppercase" fw={700}>{t('conflict.theirs')}</Text>
              <Text fw={600} mt={4}>{conflict.theirs || t('app.none')}</Text>
            </Paper>
          </SimpleGrid>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => { conflict.onUseTheirs(); onClose(); }}>{t('conflict.useTheirs')}</Button>
            <Button onClick={() => { conflict.onKeepMine(); onClose(); }}>{t('conflict.keepMine')}</Button>
          </Group>
        </>
      )}
    </Modal>
  );
}
