import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMachine } from '@xstate/react';
import { call } from './api';
import { statusAtStart } from './startup';
import { setLocale, type Locale } from './i18n';
import { flowMachine } from './flow';
import { Start } from './screens/Start';
import { Briefing } from './screens/Briefing';
import { History } from './screens/History';
import type { ReplyOf } from '../../main/contract';
import { errorMessage } from './errors';

// Trainer and HR code is loaded only when a staff area opens: the trainee bundle stays small.
const StaffArea = lazy(() => import('./staff/StaffArea'));
// The encounter and its debrief carry the engine and the scenario schema: loaded when first played.
const Player = lazy(() => import('./screens/Player').then((m) => ({ default: m.Player })));
const Debrief = lazy(() => import('./screens/Debrief').then((m) => ({ default: m.Debrief })));

type Status = ReplyOf<'app:status'>;
type Profile = ReplyOf<'profiles:list'>[number];

/** On a shared workstation, go back to the start screen after this long without input. */
function useIdle(minutes: number, onIdle: () => void): void {
  useEffect(() => {
    let timer = setTimeout(onIdle, minutes * 60_000);
    const reset = () => {
      clearTimeout(timer);
      timer = setTimeout(onIdle, minutes * 60_000);
    };
    const events = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;
    for (const e of events) window.addEventListener(e, reset, { passive: true });
    return () => {
      clearTimeout(timer);
      for (const e of events) window.removeEventListener(e, reset);
    };
  }, [minutes, onIdle]);
}

export function App() {
  const { t, i18n } = useTranslation();
  const [flow, send] = useMachine(flowMachine);
  const [status, setStatus] = useState<Status | undefined>();
  const [profile, setProfile] = useState<Profile | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [dismissed, setDismissed] = useState(false);

  useEffect(() => {
    statusAtStart.then((s) => {
      setStatus(s);
      setLocale(s.settings.locale);
    }, (e: unknown) => setError(errorMessage(e)));
  }, []);

  useEffect(() => {
    const id = flow.context.profileId;
    if (!id) { setProfile(undefined); return; }
    call('profiles:list', {}).then((list) => setProfile(list.find((p) => p.id === id)), () => undefined);
  }, [flow.context.profileId]);

  // On a shared workstation, idle time ends the session: the next person chooses their own profile.
  const [idled, setIdled] = useState(false);
  const [goHome] = useState(() => () => { send({ type: 'PROFILE', profileId: undefined }); setIdled(true); });
  useIdle(status?.settings.idleMinutes ?? 10, goHome);

  const changeLocale = (locale: Locale) => {
    setLocale(locale);
    void call('settings:update', { locale });
  };

  if (error) return <main className="page" id="main"><p role="alert">{t('errors.generic', { message: error })}</p></main>;
  if (!status) return <main className="page" id="main"><p aria-busy="true">{t('app.loading')}</p></main>;

  const { context } = flow;
  return (
    <div className="app">
      <a href="#main" className="skip-link">{t('app.skip')}</a>
      <header className="topbar no-print">
        <span className="brand">{t('app.title')}</span>
        <nav aria-label={t('app.title')} className="nav">
          {profile && <span className="who">{profile.displayName}</span>}
          {profile && !flow.matches('start') && <button type="button" className="nav-button" onClick={() => send({ type: 'HOME' })}>{t('app.home')}</button>}
          {profile && flow.matches('start') && <button type="button" className="nav-button" onClick={() => send({ type: 'HISTORY' })}>{t('app.history')}</button>}
          {profile && <button type="button" className="nav-button" onClick={() => send({ type: 'PROFILE', profileId: undefined })}>{t('app.changeProfile')}</button>}
          {flow.matches('start') && <button type="button" className="nav-button" onClick={() => send({ type: 'STAFF', role: 'trainer' })}>{t('staff.enterTrainer')}</button>}
          {flow.matches('start') && <button type="button" className="nav-button" onClick={() => send({ type: 'STAFF', role: 'hr' })}>{t('staff.enterHr')}</button>}
          {flow.matches('staff') && <button type="button" className="nav-button" onClick={() => send({ type: 'HOME' })}>{t('app.home')}</button>}
          <label className="locale">
            {t('app.language')}{' '}
            <select value={i18n.language} onChange={(e) => changeLocale(e.currentTarget.value as Locale)}>
              <option value="fr" lang="fr">Français</option>
              <option value="en" lang="en">English</option>
            </select>
          </label>
        </nav>
      </header>
      {!dismissed && status.notices.length > 0 && (
        <div className="notice" role="alert">
          {status.notices.map((n, i) => <p key={i}>{t(`notices.${n.code}`, { document: n.document, quarantined: n.quarantined })}</p>)}
          <button type="button" onClick={() => { setDismissed(true); void call('app:acknowledge-notices', { count: status.notices.length }); }}>{t('notices.dismiss')}</button>
        </div>
      )}
      {idled && flow.matches('start') && !profile && <p className="notice" role="status">{t('app.idle')}</p>}
      {flow.matches('start') && (
        <Start profile={profile} onProfile={(profileId) => { setIdled(false); send({ type: 'PROFILE', profileId }); }} onBrief={(scenarioId) => send({ type: 'BRIEF', scenarioId })} onPlay={(attemptId) => send({ type: 'PLAY', attemptId })} />
      )}
      {flow.matches('briefing') && profile && context.scenarioId && (
        <Briefing profile={profile} scenarioId={context.scenarioId} onStart={(attemptId) => send({ type: 'PLAY', attemptId })} onBack={() => send({ type: 'HOME' })} />
      )}
      <Suspense fallback={<main className="page" id="main"><p aria-busy="true">{t('app.loading')}</p></main>}>
        {flow.matches('player') && context.attemptId && (
          <Player key={context.attemptId} attemptId={context.attemptId} onLeave={() => send({ type: 'HOME' })} onDebrief={(attemptId) => send({ type: 'DEBRIEF', attemptId })} />
        )}
        {flow.matches('debrief') && context.attemptId && profile && (
          <Debrief key={context.attemptId} attemptId={context.attemptId} profile={profile} onReplay={(attemptId) => send({ type: 'PLAY', attemptId })} onHistory={() => send({ type: 'HISTORY' })} onHome={() => send({ type: 'HOME' })} />
        )}
      </Suspense>
      {flow.matches('staff') && context.staffRole && (
        <Suspense fallback={<main className="page" id="main"><p aria-busy="true">{t('app.loading')}</p></main>}>
          <StaffArea key={context.staffRole} role={context.staffRole} onLeave={() => send({ type: 'HOME' })} />
        </Suspense>
      )}
      {flow.matches('history') && profile && <History profile={profile} onDebrief={(attemptId) => send({ type: 'DEBRIEF', attemptId })} />}
    </div>
  );
}
