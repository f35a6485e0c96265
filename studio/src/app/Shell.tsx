// The app shell: entities and their saved views from the role-filtered _meta, the user menu and
// the language switch. The navigation collapses behind a burger on phone-width screens. While
// viewing as a role (read-only) there is no Design area and no password change.
import { lazy, type ReactNode, Suspense, useState } from 'react';
import { AppShell, Avatar, Burger, Group, Menu, NavLink, ScrollArea, Select, Text, UnstyledButton, Badge } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { meKey, useAppMeta, useMe } from '../api/hooks';
import type { AppMeta } from '../api/types';
import { clearViewAs, useReadOnly, useViewAs } from '../api/viewAs';
import { LOCALES } from '../i18n';
import { Logo } from './Logo';
import { designPath, Link, listPath, type Route, useRoute } from './router';
import { VIEW_AS_BANNER_HEIGHT, ViewAsBanner } from './ViewAsBanner';

/** "李伟 (Li Wei)" → "李", "David Miller" → "DM". */
function initialsOf(name: string): string {
  const main = name.replace(/\(.*\)/g, '').trim() || name;
  if (/[\u3400-\u9fff]/.test(main[0] ?? '')) return main[0];
  return main.split(/[\s@.]+/).filter(Boolean).map((w) => w[0]).join('').slice(0, 2).toUpperCase();
}

const ChangePasswordModal = lazy(() => import('./ChangePasswordModal'));

const KIND_ICON: Record<string, string> = { kanban: '▥', calendar: '▦', table: '☰' };

function Navigation({ app, route, onNavigate, designer }: { app: AppMeta; route: Route; onNavigate: () => void; designer: boolean }) {
  const { t } = useTranslation();
  const current = route.name === 'list' || route.name === 'record' ? route.entity : null;
  const currentView = route.name === 'list' ? route.view : null;
  return (
    <nav aria-label={t('shell.navigation')}>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mb={6}>{t('shell.records')}</Text>
      {app.entities.map((e) => {
        const views = app.views.filter((v) => v.entity === e.name);
        const active = current === e.name;
        // Views are listed under the open entity as plain links: a NavLink with children would
        // swallow the click to toggle itself instead of navigating.
        return (
          <div key={e.name}>
            <NavLink
              component={Link} href={listPath(e.name)} label={e.pluralLabel ?? e.label} onClick={onNavigate}
              active={active && !currentView} variant="light" aria-current={active && !currentView ? 'page' : undefined}
              leftSection={<Avatar size={22} radius="sm" color="indigo" variant="light">{(e.label || e.name).slice(0, 1).toUpperCase()}</Avatar>}
              rightSection={views.length ? <Badge size="xs" variant="default" circle aria-hidden>{views.length}</Badge> : null}
            />
            {active && views.map((v) => (
              <NavLink
                key={v.name} component={Link} href={listPath(e.name, v.name)} onClick={onNavigate} label={v.label ?? v.name} pl="lg"
                active={currentView === v.name} aria-current={currentView === v.name ? 'page' : undefined}
                leftSection={<span aria-hidden style={{ width: 14, display: 'inline-block', textAlign: 'center' }}>{KIND_ICON[v.kind ?? 'table']}</span>}
              />
            ))}
          </div>
        );
      })}
      {designer && (
        <>
          <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mt="md" mb={6}>{t('design.area')}</Text>
          <NavLink
            component={Link} href={designPath()} label={t('design.title')} onClick={onNavigate} data-testid="nav-design"
            active={route.name === 'design'} aria-current={route.name === 'design' ? 'page' : undefined}
            leftSection={<Avatar size={22} radius="sm" color="grape" variant="light">✎</Avatar>}
          />
        </>
      )}
    </nav>
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  const [passwordOpen, setPasswordOpen] = useState(false);
  const me = useMe();
  const app = useAppMeta();
  const route = useRoute();
  const client = useQueryClient();

  // The session observer must see null (not a cleared cache it no longer watches); other data goes.
  const signedOut = (): void => {
    client.setQueryData(meKey, null);
    client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
  };
  const logout = async (): Promise<void> => {
    clearViewAs();
    try {
      await api('/api/v1/_auth/logout', { method: 'POST' });
    } finally {
      signedOut();
      history.replaceState(null, '', '/login');
    }
  };
  const user = me.data;
  const initials = initialsOf(user?.name ?? user?.email ?? '?');
  const viewAs = useViewAs();
  const readOnly = useReadOnly();
  const banner = viewAs ? VIEW_AS_BANNER_HEIGHT : 0;

  return (
    <AppShell header={{ height: 56 + banner }} navbar={{ width: 264, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <a className="skip-link" href="#main">{t('app.skipToContent')}</a>
      <AppShell.Header>
        {viewAs && <ViewAsBanner view={viewAs} user={user?.name ?? user?.email ?? null} />}
        <Group h={56} px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('shell.toggleNav')} />
            <Logo />
            <Text fw={700} truncate maw={{ base: 140, sm: 320 }}>{app.data?.label ?? t('app.title')}</Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Select
              aria-label={t('shell.language')} size="xs" w={{ base: 96, sm: 120 }} allowDeselect={false} comboboxProps={{ withinPortal: true }}
              data={LOCALES.map((l) => ({ value: l.value, label: l.label }))} value={i18n.language}
              onChange={(v) => v && void i18n.changeLanguage(v)}
            />
            <Menu position="bottom-end" width={220} shadow="md">
              <Menu.Target>
                <UnstyledButton title={t('shell.userMenu')} data-testid="user-menu">
                  <Group gap={8} wrap="nowrap">
                    <Avatar size={32} radius="xl" color="indigo">{initials}</Avatar>
                    <Text size="sm" fw={500} visibleFrom="sm" truncate maw={160}>{user?.name ?? user?.email}</Text>
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{user?.email}</Menu.Label>
                <Menu.Item component="a" href="/api/docs" target="_blank" rel="noopener">{t('shell.apiReference')}</Menu.Item>
                {!readOnly && <Menu.Item onClick={() => setPasswordOpen(true)}>{t('shell.changePassword')}</Menu.Item>}
                <Menu.Divider />
                <Menu.Item color="red" onClick={() => void logout()}>{t('shell.logout')}</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        <AppShell.Section grow component={ScrollArea}>
          {app.data && <Navigation app={app.data} route={route} onNavigate={close} designer={!readOnly && !!user?.roles.some((r) => r === 'admin' || r === 'designer')} />}
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id="main" style={{ display: 'flex', flexDirection: 'column', height: '100dvh' }}>
        {children}
      </AppShell.Main>
      {passwordOpen && <Suspense fallback={null}><ChangePasswordModal opened={passwordOpen} onClose={() => setPasswordOpen(false)} onChanged={signedOut} /></Suspense>}
    </AppShell>
  );
}
