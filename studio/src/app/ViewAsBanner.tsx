// The bar across the top while an administrator views the app as a role: which role, for whom,
// that nothing can be changed, and the way back.
import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { exitViewAs, type ViewAs } from '../api/viewAs';

export const VIEW_AS_BANNER_HEIGHT = 36;

/** An eye (an inline SVG: emoji fonts are not everywhere). */
export function EyeIcon({ size = 16 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden focusable="false" style={{ flex: 'none' }}>
      <path d="M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12z" />
      <circle cx="12" cy="12" r="3" />
    </svg>
  );
}

export function ViewAsBanner({ view, user }: { view: ViewAs; user: string | null }) {
  const { t, i18n } = useTranslation();
  const label = typeof view.label === 'string' ? view.label : view.label?.[i18n.language] ?? view.label?.en ?? view.role;
  return (
    <Group role="status" data-testid="view-as-banner" h={VIEW_AS_BANNER_HEIGHT} px="md" gap="sm" justify="center" wrap="nowrap"
      style={{ background: 'var(--mantine-color-yellow-2)', borderBottom: '1px solid var(--mantine-color-yellow-5)' }}>
      <EyeIcon />
      <Text size="sm" fw={600} truncate>{t('viewAs.banner', { role: label })}</Text>
      {user && <Text size="sm" c="dark.5" truncate visibleFrom="sm">{t('viewAs.user', { user })}</Text>}
      <Button size="compact-sm" color="dark" variant="filled" onClick={exitViewAs} data-testid="view-as-exit">{t('viewAs.exit')}</Button>
    </Group>
  );
}
