// Loading, empty and error states, shared so every screen says the same thing the same way.
import type { ReactNode } from 'react';
import { Button, Center, Loader, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../api/client';

export function FullPageLoader() {
  const { t } = useTranslation();
  return (
    <Center h="100vh" role="status" aria-live="polite">
      <Stack align="center" gap="xs"><Loader /><Text c="dimmed" size="sm">{t('app.loading')}</Text></Stack>
    </Center>
  );
}

export function PageLoader() {
  const { t } = useTranslation();
  return (
    <Center py={80} role="status" aria-live="polite">
      <Stack align="center" gap="xs"><Loader size="sm" /><Text c="dimmed" size="sm">{t('app.loading')}</Text></Stack>
    </Center>
  );
}

export function problemText(error: unknown, t: (k: string) => string): string {
  if (error instanceof ApiProblem) {
    if (error.status === 0) return t('errors.network');
    return error.problem.detail ?? error.problem.title;
  }
  return error instanceof Error ? error.message : t('errors.generic');
}

export function ErrorState({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const { t } = useTranslation();
  return (
    <Center py={80}>
      <Stack align="center" gap="sm" maw={460} role="alert">
        <ThemeIcon size={48} radius="xl" color="red" variant="light" aria-hidden>!</ThemeIcon>
        <Title order={3} ta="center">{title ?? t('errors.generic')}</Title>
        <Text c="dimmed" ta="center">{problemText(error, t)}</Text>
        {onRetry && <Button variant="light" onClick={onRetry}>{t('app.retry')}</Button>}
      </Stack>
    </Center>
  );
}

export function EmptyState({ title, hint, action }: { title: string; hint?: string; action?: ReactNode }) {
  return (
    <Center py={64}>
      <Stack align="center" gap="xs" maw={420}>
        <svg width="72" height="72" viewBox="0 0 72 72" aria-hidden="true">
          <rect x="10" y="16" width="52" height="40" rx="8" fill="var(--mantine-color-indigo-0)" stroke="var(--mantine-color-indigo-3)" strokeWidth="2" />
          <path d="M10 30h52" stroke="var(--mantine-color-indigo-3)" strokeWidth="2" />
          <circle cx="20" cy="23" r="2.5" fill="var(--mantine-color-indigo-3)" /><circle cx="28" cy="23" r="2.5" fill="var(--mantine-color-indigo-3)" />
          <path d="M22 42h28M22 48h18" stroke="var(--mantine-color-indigo-2)" strokeWidth="3" strokeLinecap="round" />
        </svg>
        <Title order={4} ta="center">{title}</Title>
        {hint && <Text c="dimmed" ta="center" size="sm">{hint}</Text>}
        {action}
      </Stack>
    </Center>
  );
}
