// HR's learning-record store: where statements go (endpoint, key; the secret is sent once and
// stays in main), the outbox's batches with their state and the LRS's reason, push, retry, export.
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api';
import { formatNumber } from '../text';
import { Problem, receive } from './common';
import type { PanelProps } from './HrArea';
import type { ReplyOf } from '../../../main/contract';

type Status = ReplyOf<'xapi:status'>;

export function XapiPanel(props: PanelProps & { error: unknown }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  const { session, guard } = props;
  const [status, setStatus] = useState<Status | undefined>();
  const [form, setForm] = useState({ endpoint: '', key: '', secret: '', activityBase: '', employeeHomePage: '' });
  const [refusal, setRefusal] = useState<string | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const date = (iso: string | null | undefined) => (iso ? new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso)) : '—');

  const show = useCallback((s: Status) => {
    setStatus(s);
    setForm({ endpoint: s.config.endpoint ?? '', key: s.config.key ?? '', secret: '', activityBase: s.config.activityBase, employeeHomePage: s.config.employeeHomePage });
  }, []);
  useEffect(() => { void guard(async () => show(await call('xapi:status', { session }))); }, [guard, session, show]);

  const save = (e: FormEvent) => {
    e.preventDefault();
    setRefusal(undefined);
    void guard(async () => {
      const reply = await call('xapi:configure', { session, settings: { endpoint: form.endpoint, key: form.key, ...(form.secret ? { secret: form.secret } : {}), activityBase: form.activityBase, employeeHomePage: form.employeeHomePage } });
      if (!reply.ok) { setRefusal(reply.message[lang]); return; }
      show(reply.status);
      setDone(t('hr.xapi.saved'));
    });
  };
  const push = () => guard(async () => {
    const reply = await call('xapi:push', { session });
    show(reply.status);
    setDone(reply.result.ran
      ? t('hr.xapi.pushed', { sent: reply.result.report.sent, failed: reply.result.report.failed, remaining: reply.result.report.remaining })
      : reply.result.message[lang]);
  });
  const retry = () => guard(async () => {
    const reply = await call('xapi:retry', { session });
    show(reply.status);
    setDone(t('hr.xapi.requeued', { count: reply.requeued }));
  });
  const exportAll = () => guard(async () => {
    const reply = await call('xapi:export', { session });
    if (reply.cancelled) return;
    setDone(t('hr.xapi.exported', { count: reply.statements, file: await receive(reply.file) }));
  });
  const remove = () => guard(async () => {
    if (!window.confirm(t('hr.xapi.confirmRemove'))) return;
    show(await call('xapi:remove', { session }));
    setDone(t('hr.xapi.removed'));
  });

  const field = (name: keyof typeof form, label: string, extra: { type?: string; hint?: string } = {}) => (
    <>
      <label htmlFor={`${id}-${name}`}>{label}</label>
      {extra.hint && <p id={`${id}-${name}-hint`} className="hint">{extra.hint}</p>}
      <input id={`${id}-${name}`} type={extra.type ?? 'text'} value={form[name]} autoComplete="off" spellCheck={false}
        aria-describedby={extra.hint ? `${id}-${name}-hint` : undefined} onChange={(e) => setForm({ ...form, [name]: e.target.value })} />
    </>
  );
  const counts = status?.outbox.counts;
  return (
    <div className="hr-panel">
      <Problem error={props.error} />
      <p role="status" className="done">{done ?? ''}</p>
      <section aria-labelledby={`${id}-lrs`} className="panel">
        <h2 id={`${id}-lrs`}>{t('hr.xapi.settings')}</h2>
        <p>{t('hr.xapi.explain')}</p>
        {status?.config.secretWarning && <p className="notice">{t('hr.xapi.secretWarning')}</p>}
        <form onSubmit={save} noValidate>
          {field('endpoint', t('hr.xapi.endpoint'), { hint: t('hr.xapi.endpointHint') })}
          {field('key', t('hr.xapi.key'))}
          {field('secret', t('hr.xapi.secret'), { type: 'password', ...(status?.config.hasSecret ? { hint: t('hr.xapi.secretKept') } : {}) })}
          {field('employeeHomePage', t('hr.xapi.homePage'), { hint: t('hr.xapi.homePageHint') })}
          {field('activityBase', t('hr.xapi.activityBase'))}
          {refusal && <p role="alert" className="error">{refusal}</p>}
          <div className="actions">
            <button type="submit" className="primary">{t('staff.save')}</button>
            {status?.config.endpoint && <button type="button" onClick={() => void remove()}>{t('hr.xapi.remove')}</button>}
          </div>
        </form>
      </section>
      <section aria-labelledby={`${id}-outbox`} className="panel">
        <h2 id={`${id}-outbox`}>{t('hr.xapi.outbox')}</h2>
        {counts && (
          <p>{t('hr.xapi.counts', { queued: counts.queued.statements, sent: counts.sent.statements, failed: counts.failed.statements })}
            {status.outbox.nextTryAt && <> {t('hr.xapi.nextTry', { at: date(status.outbox.nextTryAt) })}</>}</p>
        )}
        <div className="actions">
          <button type="button" className="primary" onClick={() => void push()} disabled={!status?.config.configured}>{t('hr.xapi.push')}</button>
          <button type="button" onClick={() => void retry()} disabled={!counts || counts.failed.batches === 0}>{t('hr.xapi.retry')}</button>
          <button type="button" onClick={() => void exportAll()}>{t('hr.xapi.export')}</button>
          <button type="button" onClick={() => void guard(async () => show(await call('xapi:status', { session })))}>{t('hr.xapi.refresh')}</button>
        </div>
        {status && status.outbox.batches.length > 0 && (
          <table>
            <caption className="visually-hidden">{t('hr.xapi.batches')}</caption>
            <thead><tr><th scope="col">{t('hr.xapi.created')}</th><th scope="col">{t('hr.xapi.statements')}</th><th scope="col">{t('hr.xapi.state')}</th><th scope="col">{t('hr.xapi.tries')}</th><th scope="col">{t('hr.xapi.reason')}</th></tr></thead>
            <tbody>
              {status.outbox.batches.map((b) => (
                <tr key={b.id}>
                  <td>{date(b.createdAt)}</td><td>{formatNumber(b.statements)}</td>
                  <td><span className={`batch-${b.status}`}>{t(`hr.xapi.status.${b.status}`)}</span>{b.sentAt ? ` (${date(b.sentAt)})` : ''}</td>
                  <td>{formatNumber(b.tries)}</td>
                  <td>{b.lastError ? <>{b.lastError.message[lang]}{b.lastError.reason ? <> — <q>{b.lastError.reason}</q></> : null}</> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
