// The staff areas, loaded only when opened (split out of the trainee bundle): the PIN gate, then the
// area itself. Leaving, or main answering that the session has ended, locks and returns to the gate.
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, ApiError } from '../api';
import { RoleGate } from './RoleGate';
import { HrArea } from './HrArea';
import type { Role } from '../../../main/contract';

// The studio (its graph library included) is loaded only when a trainer opens it.
const StudioArea = lazy(() => import('../studio/StudioArea'));

export default function StaffArea(props: { role: Role; onLeave: () => void }) {
  const { t } = useTranslation();
  const [session, setSession] = useState<string | undefined>();
  const [expired, setExpired] = useState(false);
  const current = useRef<string | undefined>(undefined);
  current.current = session;

  // Whatever way the area is left (button, idle return, profile switch), main forgets the session.
  useEffect(() => () => {
    if (current.current) void call('roles:lock', { session: current.current }).catch(() => undefined);
  }, []);

  /** Main's word that the session is over (locked elsewhere, idle): back to the PIN. */
  const onError = useCallback((error: unknown) => {
    if (error instanceof ApiError && error.code === 'auth-required') {
      setSession(undefined);
      setExpired(true);
      return true;
    }
    return false;
  }, []);

  const leave = () => {
    if (session) void call('roles:lock', { session }).catch(() => undefined);
    setSession(undefined);
    props.onLeave();
  };

  if (!session) {
    return (
      <>
        {expired && <p className="notice" role="status">{t('staff.locked')}</p>}
        <RoleGate role={props.role} onSession={(s) => { setExpired(false); setSession(s); }} onCancel={props.onLeave} />
      </>
    );
  }
  if (props.role === 'trainer') {
    return (
      <Suspense fallback={<main className="page" id="main"><p aria-busy="true">{t('app.loading')}</p></main>}>
        <StudioArea session={session} onAuthError={onError} onLeave={leave} />
      </Suspense>
    );
  }
  return <HrArea session={session} onAuthError={onError} onLeave={leave} />;
}
