// HR's dashboard: filters (period, cohort, site, scenario, trainee), the trainee × scenario table
// (first, last and best assessed scores; practice apart), each scenario's distribution and the
// phase where most points are lost, and the exports of the same selection.
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api';
import { formatNumber, localText } from '../text';
import { Problem, receive } from './common';
import type { PanelProps } from './HrArea';
import type { ReplyOf, RequestOf } from '../../../main/contract';

type Dashboard = ReplyOf<'hr:dashboard'>;
type Filter = NonNullable<RequestOf<'hr:dashboard'>['filter']>;
type Form = { from: string; to: string; cohort: string; site: string; scenarioId: string; traineeId: string };
const EMPTY: Form = { from: '', to: '', cohort: '', site: '', scenarioId: '', traineeId: '' };

/** The form as main's filter: "to" includes its whole day (the next local midnight is excluded). */
function filterOf(form: Form): Filter {
  const day = (value: string, plus = 0) => {
    const [y, m, d] = value.split('-').map(Number);
    return new Date(y!, m! - 1, d! + plus).toISOString();
  };
  return {
    ...(form.from ? { from: day(form.from) } : {}),
    ...(form.to ? { to: day(form.to, 1) } : {}),
    ...(form.cohort ? { cohort: form.cohort } : {}),
    ...(form.site ? { site: form.site } : {}),
    ...(form.scenarioId ? { scenarioId: form.scenarioId } : {}),
    ...(form.traineeId ? { traineeId: form.traineeId } : {}),
  };
}

const minutes = (seconds: number) => Math.round(seconds / 60);

export function DashboardPanel(props: PanelProps & { error: unknown }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  const { session, guard } = props;
  const [form, setForm] = useState<Form>(EMPTY);
  const [data, setData] = useState<Dashboard | undefined>();
  const [format, setFormat] = useState<'csv-fr' | 'csv-rfc' | 'xlsx'>('csv-fr');
  const [table, setTable] = useState<'attempts' | 'phases' | 'decisions'>('attempts');
  const [withDecisions, setWithDecisions] = useState(false);
  const [done, setDone] = useState<string | undefined>();
  const [refusal, setRefusal] = useState<string | undefined>();

  const load = useCallback((filter: Filter, refresh: boolean) => guard(async () => setData(await call('hr:dashboard', { session, filter, refresh }))), [guard, session]);
  useEffect(() => { void load({}, true); }, [load]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    void load(filterOf(form), false);
  };
  const exportFile = (e: FormEvent) => {
    e.preventDefault();
    setRefusal(undefined);
    void guard(async () => {
      const reply = await call('hr:export', { session, format, table, decisions: withDecisions, filter: filterOf(form), lang });
      if (!reply.ok) { setRefusal(t('hr.exports.tooMany', { count: reply.decisions, limit: formatNumber(reply.limit) })); return; }
      if (reply.cancelled) return;
      const where = await receive(reply.file);
      setDone(t('hr.exports.done', { file: where, rows: formatNumber(reply.rows) }) + (reply.issues > 0 ? ` ${t('hr.exports.issues', { count: reply.issues })}` : ''));
    });
  };
  const select = (name: keyof Form, label: string, options: { value: string; label: string }[]) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <select id={`${id}-${name}`} value={form[name]} onChange={(e) => setForm({ ...form, [name]: e.target.value })}>
        <option value="">{t('hr.dashboard.all')}</option>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </div>
  );
  const score = (v: number | null) => (v === null ? '—' : formatNumber(v));
  const phaseName = (phase: string | null) => (phase ? t(`player.phase.${phase}`) : '—');

  return (
    <div className="hr-panel">
      <Problem error={props.error} />
      <p role="status" className="done">{done ?? ''}</p>
      <form onSubmit={apply} className="panel filters" aria-labelledby={`${id}-filters`}>
        <h2 id={`${id}-filters`}>{t('hr.dashboard.filters')}</h2>
        <div className="filter-grid">
          <div className="field"><label htmlFor={`${id}-from`}>{t('hr.dashboard.from')}</label><input id={`${id}-from`} type="date" value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} /></div>
          <div className="field"><label htmlFor={`${id}-to`}>{t('hr.dashboard.to')}</label><input id={`${id}-to`} type="date" value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} /></div>
          {select('cohort', t('hr.people.cohort'), (data?.options.cohorts ?? []).map((c) => ({ value: c, label: c })))}
          {select('site', t('hr.people.site'), (data?.options.sites ?? []).map((c) => ({ value: c, label: c })))}
          {select('scenarioId', t('hr.dashboard.scenario'), (data?.options.scenarios ?? []).map((s) => ({ value: s.id, label: localText(s.title ?? undefined) || s.id })))}
          {select('traineeId', t('hr.dashboard.trainee'), (data?.options.trainees ?? []).map((p) => ({ value: p.id, label: p.employeeId ? `${p.displayName} (${p.employeeId})` : p.displayName })))}
        </div>
        <div className="actions">
          <button type="submit" className="primary">{t('hr.dashboard.apply')}</button>
          <button type="button" onClick={() => { setForm(EMPTY); void load({}, false); }}>{t('hr.dashboard.reset')}</button>
          <button type="button" onClick={() => void load(filterOf(form), true)}>{t('hr.xapi.refresh')}</button>
        </div>
      </form>

      {!data ? <p aria-busy="true">{t('app.loading')}</p> : (
        <>
          <section aria-labelledby={`${id}-totals`} className="panel">
            <h2 id={`${id}-totals`}>{t('hr.dashboard.totals')}</h2>
            <p>{t('hr.dashboard.totalsLine', { trainees: data.totals.trainees, assessed: data.totals.assessedScored, practice: data.totals.practice, minutes: formatNumber(minutes(data.totals.timeSpentSeconds)) })}</p>
            <p><strong>{t('hr.dashboard.worstPhase')}</strong>{t('debrief.labelSeparator')}{phaseName(data.totals.worstPhase)}</p>
            {data.totals.phases.length > 0 && (
              <table>
                <caption>{t('hr.dashboard.lossesCaption')}</caption>
                <thead><tr><th scope="col">{t('debrief.phaseCol')}</th><th scope="col">{t('hr.dashboard.decisions')}</th><th scope="col">{t('hr.dashboard.empathyLost')}</th><th scope="col">{t('hr.dashboard.proactivityLost')}</th><th scope="col">{t('hr.dashboard.pointsLost')}</th></tr></thead>
                <tbody>{data.totals.phases.map((p) => (
                  <tr key={p.phase} className={p.phase === data.totals.worstPhase ? 'worst' : undefined}>
                    <th scope="row">{phaseName(p.phase)}{p.phase === data.totals.worstPhase ? ` ${t('hr.dashboard.worstMark')}` : ''}</th>
                    <td>{formatNumber(p.decisions)}</td><td>{formatNumber(p.empathyLost)}</td><td>{formatNumber(p.proactivityLost)}</td><td>{formatNumber(p.pointsLost)}</td>
                  </tr>
                ))}</tbody>
              </table>
            )}
          </section>

          <section aria-labelledby={`${id}-table`} className="panel">
            <h2 id={`${id}-table`}>{t('hr.dashboard.table')}</h2>
            {data.rows.length === 0 ? <p>{t('hr.dashboard.empty')}</p> : (
              <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={`${id}-table`}>
                <table className="dashboard-table">
                  <thead><tr>
                    <th scope="col">{t('hr.dashboard.trainee')}</th><th scope="col">{t('hr.dashboard.scenario')}</th><th scope="col">{t('hr.dashboard.assessedAttempts')}</th>
                    <th scope="col">{t('history.first')}</th><th scope="col">{t('hr.dashboard.last')}</th><th scope="col">{t('history.best')}</th><th scope="col">{t('hr.dashboard.progression')}</th>
                    <th scope="col">{t('hr.dashboard.practice')}</th><th scope="col">{t('hr.dashboard.time')}</th><th scope="col">{t('hr.dashboard.result')}</th>
                  </tr></thead>
                  <tbody>{data.rows.map((r) => (
                    <tr key={`${r.traineeId}-${r.scenarioId}`}>
                      <th scope="row">{r.displayName ?? t('hr.dashboard.erased')}{r.employeeId ? ` (${r.employeeId})` : ''}</th>
                      <td>{localText(r.scenarioTitle ?? undefined) || r.scenarioId}</td>
                      <td>{formatNumber(r.assessed.attempts)}</td><td>{score(r.assessed.first)}</td><td>{score(r.assessed.last)}</td><td>{score(r.assessed.best)}</td>
                      <td>{r.assessed.progression === null ? '—' : formatNumber(r.assessed.progression, { signed: true })}</td>
                      <td>{formatNumber(r.practice.attempts)}</td><td>{t('hr.dashboard.minutes', { count: minutes(r.timeSpentSeconds) })}</td>
                      <td><span className={`result-${r.status}`}><span aria-hidden="true">{r.status === 'passed' ? '✔ ' : r.status === 'failed' ? '✘ ' : ''}</span>{t(`hr.dashboard.status.${r.status}`)}</span></td>
                    </tr>
                  ))}</tbody>
                </table>
              </div>
            )}
          </section>

          {data.scenarios.map((s) => {
            const most = Math.max(1, ...s.distribution.map((b) => b.count));
            return (
              <section key={s.scenarioId} aria-labelledby={`${id}-s-${s.scenarioId}`} className="panel">
                <h2 id={`${id}-s-${s.scenarioId}`}>{localText(s.title ?? undefined) || s.scenarioId}</h2>
                <p>{t('hr.dashboard.scenarioLine', { trainees: s.trainees, passed: s.passed, failed: s.failed, first: score(s.meanFirst), best: score(s.meanBest), mark: score(s.passMark) })}</p>
                <p><strong>{t('hr.dashboard.worstPhase')}</strong>{t('debrief.labelSeparator')}{phaseName(s.worstPhase)}</p>
                <table className="distribution">
                  <caption>{t('hr.dashboard.distribution')}</caption>
                  <thead><tr><th scope="col">{t('hr.dashboard.band')}</th><th scope="col">{t('hr.dashboard.count')}</th></tr></thead>
                  <tbody>{s.distribution.map((b) => (
                    <tr key={b.from}>
                      <th scope="row">{formatNumber(b.from)}–{formatNumber(b.to)}</th>
                      <td><span className="bar" style={{ width: `${(b.count / most) * 12}rem` }} aria-hidden="true" />{formatNumber(b.count)}</td>
                    </tr>
                  ))}</tbody>
                </table>
              </section>
            );
          })}

          <form onSubmit={exportFile} className="panel" aria-labelledby={`${id}-export`}>
            <h2 id={`${id}-export`}>{t('hr.exports.heading')}</h2>
            <p>{t('hr.exports.explain')}</p>
            <fieldset>
              <legend>{t('hr.exports.format')}</legend>
              {(['csv-fr', 'csv-rfc', 'xlsx'] as const).map((f) => (
                <label key={f} className="radio"><input type="radio" name={`${id}-format`} value={f} checked={format === f} onChange={() => setFormat(f)} /> {t(`hr.exports.formats.${f}`)}</label>
              ))}
            </fieldset>
            {format === 'xlsx' ? (
              <label className="radio"><input type="checkbox" checked={withDecisions} onChange={(e) => setWithDecisions(e.target.checked)} /> {t('hr.exports.withDecisions')}</label>
            ) : (
              <div className="field">
                <label htmlFor={`${id}-tbl`}>{t('hr.exports.table')}</label>
                <select id={`${id}-tbl`} value={table} onChange={(e) => setTable(e.target.value as typeof table)}>
                  {(['attempts', 'phases', 'decisions'] as const).map((k) => <option key={k} value={k}>{t(`hr.exports.tables.${k}`)}</option>)}
                </select>
              </div>
            )}
            {refusal && <p role="alert" className="error">{refusal}</p>}
            <button type="submit" className="primary">{t('hr.exports.go')}</button>
          </form>
        </>
      )}
    </div>
  );
}
