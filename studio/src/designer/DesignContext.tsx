// What the builders share: the last validation's errors (shown at the field or node they point
// to) and whether the open editor has unsaved changes (the leave warning).
import { createContext, useContext, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { DefinitionError } from '../api/definitions';
import { setNavigationGuard } from '../app/router';

export interface DesignState { errors: DefinitionError[]; setErrors: (e: DefinitionError[]) => void }
export const DesignContext = createContext<DesignState>({ errors: [], setErrors: () => undefined });

/** The validation errors of one document, with pointers relative to it. */
export function useDocErrors(kind: string, name: string): DefinitionError[] {
  const { errors } = useContext(DesignContext);
  return errors.filter((e) => (!e.kind || e.kind === kind) && e.name === name);
}

/** Errors under a pointer prefix ("/fields/3"), including the prefix itself. */
export const errorsAt = (errors: DefinitionError[], prefix: string): DefinitionError[] =>
  errors.filter((e) => e.pointer === prefix || e.pointer.startsWith(`${prefix}/`));

/** Warn before leaving an editor with unsaved changes: in the studio and on reload/close. */
export function useLeaveWarning(dirty: boolean): void {
  const { t } = useTranslation();
  useEffect(() => {
    if (!dirty) return;
    const onBefore = (e: BeforeUnloadEvent): void => { e.preventDefault(); e.returnValue = ''; };
    window.addEventListener('beforeunload', onBefore);
    setNavigationGuard(() => window.confirm(t('design.leaveUnsaved')));
    return () => { window.removeEventListener('beforeunload', onBefore); setNavigationGuard(null); };
  }, [dirty, t]);
}
