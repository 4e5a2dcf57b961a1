// HR's trainees and their data: this workstation's name, bundles to gather results from several
// workstations, merging one trainee's profiles, exporting or erasing a trainee, and retention.
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, transport, upload } from '../api';
import { formatNumber } from '../text';
import type { PanelProps } from './HrArea';
import { Problem, receive } from './common';
import type { ReplyOf } from '../../../main/contract';

type Trainee = ReplyOf<'hr:trainees'>[number];
type ImportReport = Extract<ReplyOf<'hr:bundle-import'>, { cancelled: false }>['report'];

/** A file main wrote: downloaded in browser mode, already saved where the user chose in Electron. */
const RETENTION = [6, 12, 24, 36, 60] as const;

export function PeoplePanel(props: PanelProps & { error: unknown }) {
  const { t } = useTranslation();
  const id = useId();
  const { session, guard } = props;
  const [trainees, setTrainees] = useState<Trainee[] | undefined>();
  const [proposals, setProposals] = useState<ReplyOf<'hr:merge-proposals'>>([]);
  const [workstation, setWorkstation] = useState<ReplyOf<'hr:workstation'> | undefined>();
  const [stationName, setStationName] = useState('');
  const [retention, setRetention] = useState<number | null>(null);
  const [done, setDone] = useState<string | undefined>();
  const [imported, setImported] = useState<ImportReport | undefined>();
  const [erasing, setErasing] = useState<Trainee | undefined>();
  const [confirmName, setConfirmName] = useState('');
  const [picked, setPicked] = useState<File | undefined>();
  const [range, setRange] = useState({ from: '', to: '' });

  const refresh = useCallback(async () => {
    const [list, merge, station, status] = await Promise.all([
      call('hr:trainees', { session }), call('hr:merge-proposals', { session }), call('hr:workstation', { session }), call('app:status', {}),
    ]);
    setTrainees(list.sort((a, b) => a.profile.displayName.localeCompare(b.profile.displayName)));
    setProposals(merge);
    setWorkstation(station);
    setStationName(station.name);
    setRetention(status.settings.retentionMonths ?? null);
  }, [session]);
  useEffect(() => { void guard(refresh); }, [guard, refresh]);

  const announce = (text: string) => setDone(text);
  const exportBundle = () => guard(async () => {
    const reply = await call('hr:bundle-export', { session, ...(range.from ? { from: range.from } : {}), ...(range.to ? { to: range.to } : {}) });
    if (reply.cancelled) return;
    const where = await receive(reply.file);
    announce(t('hr.people.bundleExported', { file: where, attempts: reply.counts.attempts, profiles: reply.counts.profiles }));
  });
  const importBundle = (e: FormEvent) => {
    e.preventDefault();
    void guard(async () => {
      const uploadId = transport === 'http' ? (picked ? await upload(picked, session) : undefined) : undefined;
      if (transport === 'http' && !uploadId) return;
      const reply = await call('hr:bundle-import', { session, ...(uploadId ? { uploadId } : {}) });
      if (reply.cancelled) return;
      setImported(reply.report);
      await refresh();
    });
  };
  const merge = (keepId: string, mergeId: string, names: string) => guard(async () => {
    if (!window.confirm(t('hr.people.confirmMerge', { names }))) return;
    const reply = await call('hr:merge', { session, keepId, mergeId });
    announce(t('hr.people.merged', { name: reply.kept.displayName, count: reply.attempts }));
    await refresh();
  });
  const exportTrainee = (trainee: Trainee) => guard(async () => {
    const reply = await call('hr:trainee-export', { session, profileId: trainee.profile.id });
    if (reply.cancelled) return;
    announce(t('hr.people.traineeExported', { name: trainee.profile.displayName, file: await receive(reply.file) }));
  });
  const erase = (e: FormEvent) => {
    e.preventDefault();
    if (!erasing) return;
    void guard(async () => {
      const reply = await call('hr:trainee-erase', { session, profileId: erasing.profile.id, confirmName });
      announce(t('hr.people.erased', { name: erasing.profile.displayName, count: reply.attempts }));
      setErasing(undefined);
      setConfirmName('');
      await refresh();
    });
  };
  const saveRetention = () => guard(async () => {
    await call('hr:retention', { session, months: retention });
    announce(retention === null ? t('hr.people.retentionNone') : t('hr.people.retentionSaved', { count: retention }));
  });
  const purge = () => guard(async () => {
    if (!window.confirm(t('hr.people.confirmPurge'))) return;
    const reply = await call('hr:purge', { session });
    announce(t('hr.people.purged', { count: reply.finished + reply.abandoned, kept: reply.keptInProgress }));
    await refresh();
  });
  const rename = (e: FormEvent) => {
    e.preventDefault();
    void guard(async () => {
      setWorkstation(await call('hr:workstation', { session, name: stationName }));
      announce(t('hr.people.renamed', { name: stationName }));
    });
  };

  return (
    <div className="hr-panel">
      <Problem error={props.error} />
      <p role="status" className="done">{done ?? ''}</p>

      <section aria-labelledby={`${id}-trainees`} className="panel">
        <h2 id={`${id}-trainees`}>{t('hr.people.trainees')}</h2>
        {trainees === undefined ? <p aria-busy="true">{t('app.loading')}</p> : trainees.length === 0 ? <p>{t('hr.people.none')}</p> : (
          <table>
            <thead><tr>
              <th scope="col">{t('hr.people.name')}</th><th scope="col">{t('hr.people.employeeId')}</th><th scope="col">{t('hr.people.cohort')}</th>
              <th scope="col">{t('hr.people.site')}</th><th scope="col">{t('hr.people.attempts')}</th><th scope="col"><span className="visually-hidden">{t('hr.people.actions')}</span></th>
            </tr></thead>
            <tbody>
              {trainees.map((tr) => (
                <tr key={tr.profile.id}>
                  <th scope="row">{tr.profile.displayName}</th><td>{tr.profile.employeeId ?? '—'}</td><td>{tr.profile.cohort ?? '—'}</td>
                  <td>{tr.profile.site ?? '—'}</td><td>{formatNumber(tr.attempts)}</td>
                  <td className="row-actions">
                    <button type="button" onClick={() => void exportTrainee(tr)} aria-label={t('hr.people.exportOne', { name: tr.profile.displayName })}>{t('hr.people.exportData')}</button>
                    <button type="button" onClick={() => { setErasing(tr); setConfirmName(''); }} aria-label={t('hr.people.eraseOne', { name: tr.profile.displayName })}>{t('hr.people.erase')}</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {erasing && (
          <form onSubmit={erase} className="danger-zone" aria-labelledby={`${id}-erase`}>
            <h3 id={`${id}-erase`}>{t('hr.people.eraseHeading', { name: erasing.profile.displayName })}</h3>
            <p>{t('hr.people.eraseExplain', { count: erasing.attempts })}</p>
            <label htmlFor={`${id}-confirm`}>{t('hr.people.eraseConfirm', { name: erasing.profile.displayName })}</label>
            <input id={`${id}-confirm`} value={confirmName} onChange={(e) => setConfirmName(e.target.value)} autoComplete="off" autoFocus />
            <div className="actions">
              <button type="submit" className="danger" disabled={confirmName !== erasing.profile.displayName}>{t('hr.people.eraseForGood')}</button>
              <button type="button" onClick={() => setErasing(undefined)}>{t('staff.back')}</button>
            </div>
          </form>
        )}
      </section>

      <section aria-labelledby={`${id}-bundles`} className="panel">
        <h2 id={`${id}-bundles`}>{t('hr.people.bundles')}</h2>
        <p>{t('hr.people.bundlesExplain', { name: workstation?.name ?? '' })}</p>
        <fieldset className="inline-fields">
          <legend>{t('hr.people.bundleRange')}</legend>
          <label htmlFor={`${id}-from`}>{t('hr.people.from')}</label>
          <input id={`${id}-from`} type="month" value={range.from} onChange={(e) => setRange({ ...range, from: e.target.value })} />
          <label htmlFor={`${id}-to`}>{t('hr.people.to')}</label>
          <input id={`${id}-to`} type="month" value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} />
        </fieldset>
        <button type="button" className="primary" onClick={() => void exportBundle()}>{t('hr.people.exportBundle')}</button>
        <form onSubmit={importBundle} className="import-form">
          {transport === 'http' && (
            <>
              <label htmlFor={`${id}-file`}>{t('hr.people.bundleFile')}</label>
              <input id={`${id}-file`} type="file" accept=".jsonl,application/x-ndjson" onChange={(e) => setPicked(e.target.files?.[0])} />
            </>
          )}
          <button type="submit" disabled={transport === 'http' && !picked}>{t('hr.people.importBundle')}</button>
        </form>
        {imported && (
          <p className="import-report">{t('hr.people.importReport', {
            name: imported.bundle.workstation.name, profiles: imported.profiles.added, attempts: imported.attempts.added,
            replaced: imported.attempts.replaced, unchanged: imported.attempts.unchanged,
          })}</p>
        )}
        {proposals.length > 0 && (
          <div className="merge">
            <h3>{t('hr.people.mergeHeading')}</h3>
            <p>{t('hr.people.mergeExplain')}</p>
            <ul>
              {proposals.map((p) => {
                const [keep, ...others] = p.profiles;
                return others.map((other) => keep && (
                  <li key={other.profile.id}>
                    {t('hr.people.mergeLine', { employeeId: p.employeeId, keep: keep.profile.displayName, keepCount: keep.attempts, other: other.profile.displayName, otherCount: other.attempts })}{' '}
                    <button type="button" onClick={() => void merge(keep.profile.id, other.profile.id, `${keep.profile.displayName} / ${other.profile.displayName}`)}>{t('hr.people.merge')}</button>
                  </li>
                ));
              })}
            </ul>
          </div>
        )}
        <form onSubmit={rename} className="inline-fields">
          <label htmlFor={`${id}-station`}>{t('hr.people.stationName')}</label>
          <input id={`${id}-station`} value={stationName} onChange={(e) => setStationName(e.target.value)} maxLength={80} />
          <button type="submit" disabled={!stationName.trim() || stationName === workstation?.name}>{t('hr.people.rename')}</button>
        </form>
      </section>

      <section aria-labelledby={`${id}-retention`} className="panel">
        <h2 id={`${id}-retention`}>{t('hr.people.retention')}</h2>
        <p>{t('hr.people.retentionExplain')}</p>
        <label htmlFor={`${id}-months`}>{t('hr.people.retentionLabel')}</label>
        <select id={`${id}-months`} value={retention ?? ''} onChange={(e) => setRetention(e.target.value === '' ? null : Number(e.target.value))}>
          <option value="">{t('hr.people.keepAll')}</option>
          {RETENTION.map((m) => <option key={m} value={m}>{t('hr.people.months', { count: m })}</option>)}
        </select>
        <div className="actions">
          <button type="button" onClick={() => void saveRetention()}>{t('staff.save')}</button>
          <button type="button" onClick={() => void purge()} disabled={retention === null}>{t('hr.people.purge')}</button>
        </div>
      </section>
    </div>
  );
}
