// The PIN gate in front of the trainer and HR areas: set the PIN on first use (its recovery code
// shown once), unlock, or recover with the code. Main decides; this screen only asks and explains.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api';
import { errorMessage } from '../errors';
import { authText, type AuthReason } from '../../../main/auth/messages';
import type { ReplyOf, Role } from '../../../main/contract';

type Mode = 'unlock' | 'setup' | 'recover';
type RoleReply = ReplyOf<'roles:unlock'>;

function PinField(props: { id: string; label: string; value: string; onChange: (v: string) => void; autoFocus?: boolean; describedBy?: string | undefined }) {
  return (
    <>
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id} type="password" inputMode="numeric" autoComplete="off" maxLength={12} value={props.value}
        onChange={(e) => props.onChange(e.target.value.replace(/\D/g, ''))} autoFocus={props.autoFocus} aria-describedby={props.describedBy}
      />
    </>
  );
}

export function RoleGate(props: { role: Role; onSession: (session: string) => void; onCancel: () => void; children?: ReactNode }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const locale = i18n.language === 'en' ? 'en' : 'fr';
  const [status, setStatus] = useState<ReplyOf<'roles:status'> | undefined>();
  const [mode, setMode] = useState<Mode>('unlock');
  const [pin, setPin] = useState('');
  const [confirm, setConfirm] = useState('');
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [recovery, setRecovery] = useState<{ code: string; session: string | undefined } | undefined>();
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    call('roles:status', {}).then((s) => {
      setStatus(s);
      setMode(s[props.role].set ? 'unlock' : 'setup');
    }, (e: unknown) => setProblem(errorMessage(e)));
  }, [props.role]);
  useEffect(() => { heading.current?.focus(); }, [mode, recovery]);

  const explain = (reply: Extract<RoleReply, { ok: false }>) => {
    const text = authText(reply.reason as AuthReason, locale, reply.waitMs);
    return reply.triesLeft !== undefined && reply.triesLeft > 0 ? `${text} ${t('staff.triesLeft', { count: reply.triesLeft })}` : text;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(undefined);
    if ((mode === 'setup' || mode === 'recover') && pin !== confirm) { setProblem(t('staff.pinsDiffer')); return; }
    setBusy(true);
    try {
      const reply: RoleReply = mode === 'setup' ? await call('roles:setup', { role: props.role, pin })
        : mode === 'recover' ? await call('roles:recover', { role: props.role, recoveryCode: code, newPin: pin })
          : await call('roles:unlock', { role: props.role, pin });
      if (!reply.ok) { setProblem(explain(reply)); setPin(''); setConfirm(''); return; }
      if (reply.recoveryCode) setRecovery({ code: reply.recoveryCode, session: reply.session });
      else if (reply.session) props.onSession(reply.session);
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const roleName = t(`staff.role.${props.role}`);
  if (status && !status.available) {
    return (
      <main className="page staff-gate" id="main">
        <h1>{roleName}</h1>
        <p role="alert" className="error">{t('staff.unavailable', { reason: authText((status.problem ?? 'auth-file-corrupt') as AuthReason, locale) })}</p>
        <button type="button" onClick={props.onCancel}>{t('staff.back')}</button>
      </main>
    );
  }
  if (recovery) {
    return (
      <main className="page staff-gate" id="main" aria-labelledby={`${id}-h`}>
        <h1 id={`${id}-h`} tabIndex={-1} ref={heading}>{t('staff.recoveryHeading')}</h1>
        <p>{t('staff.recoveryExplain', { role: roleName })}</p>
        <p className="recovery-code" aria-label={t('staff.recoveryLabel')}><code>{recovery.code}</code></p>
        <button type="button" className="primary" onClick={() => (recovery.session ? props.onSession(recovery.session) : setRecovery(undefined))}>{t('staff.recoveryNoted')}</button>
      </main>
    );
  }
  const title = mode === 'setup' ? t('staff.setupHeading', { role: roleName }) : mode === 'recover' ? t('staff.recoverHeading', { role: roleName }) : t('staff.unlockHeading', { role: roleName });
  return (
    <main className="page staff-gate" id="main" aria-labelledby={`${id}-h`}>
      <h1 id={`${id}-h`} tabIndex={-1} ref={heading}>{title}</h1>
      {!status ? <p aria-busy="true">{t('app.loading')}</p> : (
        <form onSubmit={(e) => void submit(e)} noValidate aria-describedby={mode === 'setup' ? `${id}-rules` : undefined}>
          {mode === 'setup' && <p id={`${id}-rules`}>{t('staff.setupExplain', { role: roleName })}</p>}
          {mode === 'recover' && (
            <>
              <label htmlFor={`${id}-code`}>{t('staff.recoveryLabel')}</label>
              <input id={`${id}-code`} value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" maxLength={40} autoFocus />
            </>
          )}
          <PinField id={`${id}-pin`} label={mode === 'unlock' ? t('staff.pin') : t('staff.newPin')} value={pin} onChange={setPin} autoFocus={mode !== 'recover'} describedBy={problem ? `${id}-problem` : undefined} />
          {mode !== 'unlock' && <PinField id={`${id}-confirm`} label={t('staff.confirmPin')} value={confirm} onChange={setConfirm} />}
          {problem && <p id={`${id}-problem`} role="alert" className="error">{problem}</p>}
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>{mode === 'unlock' ? t('staff.unlock') : t('staff.save')}</button>
            <button type="button" onClick={props.onCancel}>{t('staff.back')}</button>
            {mode === 'unlock' && <button type="button" className="link" onClick={() => { setMode('recover'); setProblem(undefined); }}>{t('staff.forgot')}</button>}
            {mode === 'recover' && <button type="button" className="link" onClick={() => { setMode('unlock'); setProblem(undefined); }}>{t('staff.havePin')}</button>}
          </div>
        </form>
      )}
    </main>
  );
}
