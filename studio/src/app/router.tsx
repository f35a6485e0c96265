// A small history router: the studio has a handful of routes, so a path parser and a
// useSyncExternalStore hook cover it without another dependency.
import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from 'react';

export type Route =
  | { name: 'home' }
  | { name: 'login' }
  | { name: 'list'; entity: string; view: string | null }
  | { name: 'record'; entity: string; id: number | 'new' }
  | { name: 'design'; kind: string | null; item: string | null };

const listeners = new Set<() => void>();
const notify = (): void => listeners.forEach((l) => l());
window.addEventListener('popstate', notify);

/** An editor with unsaved changes asks before the studio leaves it (null: leave freely). */
let guard: (() => boolean) | null = null;
export const setNavigationGuard = (fn: (() => boolean) | null): void => { guard = fn; };

export function navigate(to: string, { replace = false }: { replace?: boolean } = {}): void {
  if (to === location.pathname + location.search) return;
  if (guard && !guard()) return;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  notify();
}

const subscribe = (l: () => void): (() => void) => { listeners.add(l); return () => listeners.delete(l); };
const snapshot = (): string => location.pathname + location.search;

export function parseRoute(url: string): Route {
  const u = new URL(url, 'http://x');
  const parts = u.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'login') return { name: 'login' };
  if (parts[0] === 'design') return { name: 'design', kind: parts[1] ?? null, item: parts[2] ?? null };
  if (parts[0] === 'records' && parts[1]) {
    if (parts[2] === 'new') return { name: 'record', entity: parts[1], id: 'new' };
    if (parts[2] && /^\d+$/.test(parts[2])) return { name: 'record', entity: parts[1], id: Number(parts[2]) };
    return { name: 'list', entity: parts[1], view: u.searchParams.get('view') };
  }
  return { name: 'home' };
}

export function useRoute(): Route {
  return parseRoute(useSyncExternalStore(subscribe, snapshot));
}

export const listPath = (entity: string, view?: string | null): string => `/records/${encodeURIComponent(entity)}${view ? `?view=${encodeURIComponent(view)}` : ''}`;
export const designPath = (kind?: string, item?: string): string => `/design${kind ? `/${kind}` : ''}${item ? `/${encodeURIComponent(item)}` : ''}`;
export const recordPath = (entity: string, id: number | 'new'): string => `/records/${encodeURIComponent(entity)}/${id}`;

/** An anchor that navigates in place (ctrl/cmd-click still opens a new tab). */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const click = (e: MouseEvent<HTMLAnchorElement>): void => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={click} {...rest} />;
}
