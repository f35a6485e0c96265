// Login on the cookie session: POST /_auth/login sets the session and CSRF cookies.
import { type FormEvent, useState } from 'react';
import { Alert, Box, Button, Center, Group, Paper, PasswordInput, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiProblem } from '../api/client';
import { meKey } from '../api/hooks';
import type { User } from '../api/types';
import { clearViewAs } from '../api/viewAs';
import { navigate } from '../app/router';
import { LOCALES } from '../i18n';
import { Logo } from '../app/Logo';

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await api<{ data: { user: User } }>('/api/v1/_auth/login', { method: 'POST', body: { email, password } });
      // A new sign-in starts as yourself, whatever view an earlier session of this tab was in.
      clearViewAs();
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
      client.setQueryData(meKey, res.data.user);
      if (location.pathname === '/login') navigate('/', { replace: true });
    } catch (err) {
      if (err instanceof ApiProblem && err.code === 'RATE_LIMITED') setError(t('login.rateLimited', { detail: err.problem.detail ?? '' }));
      else if (err instanceof ApiProblem && err.status === 401) setError(t('login.failed'));
      else setError(err instanceof Error ? err.message : t('errors.generic'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box mih="100vh" style={{ background: 'linear-gradient(160deg, var(--mantine-color-indigo-0), var(--mantine-color-gray-0) 55%)' }}>
      <Center mih="100vh" p="md">
        <Stack w="100%" maw={400} gap="lg">
          <Group justify="space-between">
            <Group gap="xs"><Logo size={32} /><Text fw={700} size="lg">{t('app.title')}</Text></Group>
            <Select
              aria-label={t('shell.language')} size="xs" w={120} allowDeselect={false}
              data={LOCALES.map((l) => ({ value: l.value, label: l.label }))} value={i18n.language}
              onChange={(v) => v && void i18n.changeLanguage(v)}
            />
          </Group>
          <Paper component="main" withBorder shadow="sm" p="xl" radius="lg">
            <form onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
              <Stack gap="md">
                <div>
                  <Title order={2} id="login-title">{t('login.title')}</Title>
                  <Text c="dimmed" size="sm" mt={4}>{t('login.subtitle')}</Text>
                </div>
                {error && <Alert color="red" variant="light" role="alert">{error}</Alert>}
                <TextInput label={t('login.email')} type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} data-autofocus autoFocus />
                <PasswordInput label={t('login.password')} name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
                <Button type="submit" loading={busy} fullWidth size="md">{t('login.submit')}</Button>
              </Stack>
            </form>
          </Paper>
          <Text c="dimmed" size="xs" ta="center">{t('login.hint')}</Text>
        </Stack>
      </Center>
    </Box>
  );
}
