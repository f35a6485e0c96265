// Saving an editor's document as the designer's draft: the same steps and messages in every
// builder (a conflict says so; any other problem is shown as the server put it).
import { useState } from 'react';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { type DefinitionKind, isConflict, putDefinition } from '../api/definitions';
import { problemText } from '../app/states';
import { useRefreshAfterWrite } from './useDefinitions';

export function useSaveDraft(history: { markSaved(): void }) {
  const { t } = useTranslation();
  const refresh = useRefreshAfterWrite();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  /** Saves `doc` over the version `etag` names (null: a new document); `then` runs once it is saved. */
  const save = async (kind: DefinitionKind, doc: Parameters<typeof putDefinition>[1], etag: string | null, then?: () => void): Promise<void> => {
    setSaving(true);
    setProblem(null);
    try {
      await putDefinition(kind, doc, etag);
      history.markSaved();
      await refresh();
      notifications.show({ color: 'green', message: t('design.savedDraft') });
      then?.();
    } catch (err) {
      setProblem(isConflict(err) ? t('design.conflict') : problemText(err, t));
    } finally {
      setSaving(false);
    }
  };
  return { saving, problem, save };
}
