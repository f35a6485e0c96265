// "View as": an administrator looks at the app as one role's users see it. The studio keeps the
// choice in sessionStorage (a reload keeps it, a new tab or browser does not) and the API client
// sends it as X-CRM-View-As on every request; the server computes every answer for that role and
// refuses every write, so the studio shows no write controls meanwhile (useReadOnly). Entering and
// leaving reload the page, so nothing cached for one identity is ever shown as the other's.
import { useSyncExternalStore } from 'react';

export interface ViewAs {
  role: string;
  /** The role's label when the view was entered (a string or a label per locale). */
  label?: string | Record<string, string>;
  /** Where Exit goes back to (the role editor the view was entered from). */
  returnTo?: string;
}

const KEY = 'crm.viewAs';
const listeners = new Set<() => void>();

function read(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

let current: ViewAs | null = parse(read());

function parse(text: string | null): ViewAs | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as ViewAs;
    return v && typeof v.role === 'string' && /^[a-z][a-z0-9_]{0,62}$/.test(v.role) ? v : null;
  } catch {
    return null;
  }
}

export function getViewAs(): ViewAs | null {
  return current;
}

function store(v: ViewAs | null): void {
  current = v;
  try {
    if (v) sessionStorage.setItem(KEY, JSON.stringify(v));
    else sessionStorage.removeItem(KEY);
  } catch {
    /* storage unavailable: the view lasts until the page is left */
  }
  listeners.forEach((l) => l());
}

/** The headers the API client adds while viewing as a role. */
export function viewAsHeaders(): Record<string, string> {
  return current ? { 'x-crm-view-as': current.role } : {};
}

/** Start viewing as `role`: the page reloads into the records area, as that role sees it. */
export function enterViewAs(v: ViewAs): void {
  store(v);
  location.assign('/');
}

/** Leave the view: back to where it was entered, as yourself. */
export function exitViewAs(): void {
  const to = current?.returnTo && current.returnTo.startsWith('/') && !current.returnTo.startsWith('//') ? current.returnTo : '/';
  store(null);
  location.assign(to);
}

/** Forget the view without navigating (sign-in and sign-out). */
export function clearViewAs(): void {
  if (current) store(null);
}

export function useViewAs(): ViewAs | null {
  return useSyncExternalStore((l) => { listeners.add(l); return () => listeners.delete(l); }, () => current);
}

/**
 * Whether the studio is read-only: true while viewing as a role, when the server refuses every
 * write. Screens ask this one hook and leave out (or switch off) whatever would create, change,
 * move or delete anything, rather than offer controls that can only be refused.
 */
export function useReadOnly(): boolean {
  return useViewAs() !== null;
}
