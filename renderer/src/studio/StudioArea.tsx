// The trainer studio once unlocked: the scenario library (create, import, duplicate, publish,
// assign, export, delete with undo) and the editor of one scenario. Main checks the trainer
// session on every call; an ended session sends the trainer back to the PIN.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import './i18n';
import './studio.css';
import { Library } from './Library';
import { Editor } from './Editor';
import { useGuard, type Guard } from '../staff/useGuard';

export interface StudioProps {
  readonly session: string;
  /** Runs a call to main; an ended session goes back to the PIN, any other failure is shown in `setError`. */
  readonly guard: Guard;
  readonly error: unknown;
}

export default function StudioArea(props: { session: string; onAuthError: (error: unknown) => boolean; onLeave: () => void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<string | undefined>();
  const { guard, error, clearError } = useGuard(props.onAuthError);
  if (editing) {
    return <Editor key={editing} id={editing} session={props.session} guard={guard} error={error} onClose={() => { clearError(); setEditing(undefined); }} onOpen={setEditing} />;
  }
  return (
    <main className="page studio" id="main" aria-labelledby="studio-h">
      <div className="hr-head">
        <h1 id="studio-h">{t('staff.role.trainer')}</h1>
        <button type="button" onClick={props.onLeave}>{t('staff.lock')}</button>
      </div>
      <Library session={props.session} guard={guard} error={error} onOpen={setEditing} />
    </main>
  );
}
