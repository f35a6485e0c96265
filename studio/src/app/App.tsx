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
// The builders (entity designer, form builder, …) are one chunk of their own, for designers only.
const DesignPage = lazy(() => import('../designer/DesignPage'));

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

  const loggedOut = me.data === null || (me.error instanceof ApiProblem && me.error.status === 401);
  const leaveLogin = !loggedOut && !me.isPending && route.name === 'login';
  useEffect(() => { if (leaveLogin) navigate('/', { replace: true }); }, [leaveLogin]);

  if (me.isPending) return <FullPageLoader />;
  if (loggedOut) return <LoginPage />;
  if (leaveLogin) return <FullPageLoader />;
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
  const first = route.name === 'home' ? app.data?.entities[0]?.name : undefined;
  useEffect(() => { if (first) navigate(listPath(first), { replace: true }); }, [first]);
  if (route.name === 'home') {
    if (app.error) return <ErrorState error={app.error} onRetry={() => void app.refetch()} />;
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
  if (route.name === 'design') {
    return (
      <Suspense fallback={<PageLoader />}>
        <DesignPage kind={route.kind} item={route.item} />
      </Suspense>
    );
  }
  return null;
}
