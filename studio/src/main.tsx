import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './styles.css';
import i18n from './i18n';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MantineProvider, createTheme } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiProblem } from './api/client';
import { prefetchBoot } from './api/hooks';
import { prefetchList } from './views/prefetchList';
import { App } from './app/App';

const theme = createTheme({
  primaryColor: 'indigo',
  // Shade 8 keeps white button text above 4.5:1 contrast (WCAG AA).
  primaryShade: { light: 8, dark: 6 },
  defaultRadius: 'md',
  fontFamily: 'Inter, "Segoe UI", system-ui, -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif',
  headings: { fontWeight: '650' },
  components: { Button: { defaultProps: { radius: 'md' } } },
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not get better by asking again.
      retry: (count, err) => !(err instanceof ApiProblem && err.status >= 400 && err.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

prefetchBoot(queryClient, i18n.language);
void prefetchList(queryClient, i18n.language);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="bottom-right" />
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
