// Session gate and routes: the login page until /_auth/me answers, then the shell.
import { lazy, Suspense, useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiProblem, setUnauthenticatedHandler } from '../api/client';
import { meKey, useAppMeta, useMe } from '../api/hooks';
import { LoginPage } from '../auth/LoginPage';
import { ListPage } from '../views/ListPage';
import { listPath, navigate, useRoute } from './router';
import { Shell } from './Shell';
import { ErrorState, FullPageLoader, PageLoader } from './states';

// rjsf + ajv load only when a record is opened.
const RecordPage = lazy(() => import('../forms/RecordPage'));

export function App() {
  const me = useMe();
  const route = useRoute();
  const client = useQueryClient();

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      client.setQueryData(meKey, null);
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
    });
  }, [client]);

  if (me.isPending) return <FullPageLoader />;
  const loggedOut = me.data === null || (me.error instanceof ApiProblem && me.error.status === 401);
  if (loggedOut || route.name === 'login') {
    if (!loggedOut) {
      navigate('/', { replace: true });
      return <FullPageLoader />;
    }
    return <LoginPage />;
  }
  if (me.error) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  return (
    <Shell>
      <Routes />
    </Shell>
  );
}

function Routes() {
  const route = useRoute();
  const app = useAppMeta();
  if (route.name === 'home') {
    if (app.isPending) return <PageLoader />;
    if (app.error) return <ErrorState error={app.error} onRetry={() => void app.refetch()} />;
    const first = app.data.entities[0];
    if (first) navigate(listPath(first.name), { replace: true });
    return <PageLoader />;
  }
  if (route.name === 'list') return <ListPage key={`${route.entity}:${route.view ?? ''}`} entity={route.entity} view={route.view} />;
  if (route.name === 'record') {
    return (
      <Suspense fallback={<PageLoader />}>
        <RecordPage key={`${route.entity}:${route.id}`} entity={route.entity} id={route.id} />
      </Suspense>
    );
  }
  return null;
}
