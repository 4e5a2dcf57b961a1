import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMachine } from '@xstate/react';
import { call } from './api';
import { setLocale, type Locale } from './i18n';
import { flowMachine } from './flow';
import { Start } from './screens/Start';
import { Player } from './screens/Player';
import type { ReplyOf } from '../../main/contract';

type Status = ReplyOf<'app:status'>;

export function App() {
  const { t, i18n } = useTranslation();
  const [flow, send] = useMachine(flowMachine);
  const [status, setStatus] = useState<Status | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [dismissed, setDismissed] = useState(false);

  useEffect(() => {
    call('app:status', {}).then((s) => {
      setStatus(s);
      setLocale(s.settings.locale);
    }, (e: Error) => setError(e.message));
  }, []);

  const changeLocale = (locale: Locale) => {
    setLocale(locale);
    void call('settings:update', { locale });
  };

  if (error) return <main className="page"><p role="alert">{t('errors.generic', { message: error })}</p></main>;
  if (!status) return <main className="page"><p aria-busy="true">{t('app.loading')}</p></main>;

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">{t('app.title')}</span>
        <label className="locale">
          {t('app.language')}{' '}
          <select value={i18n.language} onChange={(e) => changeLocale(e.target.value as Locale)}>
            <option value="fr">Français</option>
            <option value="en">English</option>
          </select>
        </label>
      </header>
      {!dismissed && status.notices.length > 0 && (
        <div className="notice" role="alert">
          {status.notices.map((n, i) => <p key={i}>{t(`notices.${n.code}`, { document: n.document, quarantined: n.quarantined })}</p>)}
          <button type="button" onClick={() => setDismissed(true)}>{t('notices.dismiss')}</button>
        </div>
      )}
      {flow.matches('start') && (
        <Start profileId={flow.context.profileId} onProfile={(profileId) => send({ type: 'CHOOSE_PROFILE', profileId })} onPlay={(attemptId) => send({ type: 'PLAY', attemptId })} />
      )}
      {flow.matches('player') && flow.context.attemptId && <Player attemptId={flow.context.attemptId} onLeave={() => send({ type: 'LEAVE' })} />}
    </div>
  );
}
