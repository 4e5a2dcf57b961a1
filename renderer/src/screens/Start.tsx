// The start screen: choose or create a profile, resume an encounter in progress, pick a scenario.
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api';
import { formatNumber, localText } from '../text';
import type { ReplyOf } from '../../../main/contract';
import { errorMessage } from '../errors';

type Profile = ReplyOf<'profiles:list'>[number];
type Card = ReplyOf<'scenarios:list'>[number];
type Summary = ReplyOf<'attempts:in-progress'>[number];

export function Start(props: { profile: Profile | undefined; onProfile: (id: string | undefined) => void; onBrief: (scenarioId: string) => void; onPlay: (attemptId: string) => void }) {
  const { t } = useTranslation();
  const [profiles, setProfiles] = useState<Profile[] | undefined>();
  const [cards, setCards] = useState<Card[]>([]);
  const [history, setHistory] = useState<Summary[]>([]);
  const [error, setError] = useState<string | undefined>();
  const selected = props.profile;

  // Profiles show as soon as they come, without waiting for the scenario list (which also reads
  // the studio's published scenarios).
  const refresh = useCallback(async () => {
    const fail = (e: unknown) => setError(errorMessage(e));
    await Promise.all([
      call('profiles:list', {}).then(setProfiles, fail),
      // What a trainer assigned comes first.
      call('scenarios:list', {}).then((c) => setCards([...c].sort((a, b) => Number(b.assigned) - Number(a.assigned))), fail),
    ]);
  }, []);

  useEffect(() => { void refresh(); }, [refresh]);
  useEffect(() => {
    if (!selected) { setHistory([]); return; }
    Promise.all([call('attempts:history', { profileId: selected.id }), call('attempts:in-progress', { profileId: selected.id })]).then(
      ([all, fresh]) => setHistory([...all.filter((a) => a.status !== 'in-progress'), ...fresh]),
      (e: unknown) => setError(errorMessage(e)),
    );
  }, [selected]);

  const inProgress = history.filter((a) => a.status === 'in-progress');
  const statusOf = (card: Card) => {
    const mine = history.filter((a) => a.scenarioId === card.id);
    if (mine.some((a) => a.status === 'in-progress')) return 'in-progress';
    return mine.some((a) => a.status === 'finished') ? 'done' : 'new';
  };
  const bestOf = (card: Card) => {
    const scores = history.filter((a) => a.scenarioId === card.id && a.kind === 'assessed' && a.result).map((a) => a.result?.overall ?? 0);
    return scores.length > 0 ? Math.max(...scores) : undefined;
  };

  const abandon = async (id: string) => {
    if (!window.confirm(t('start.confirmAbandon'))) return;
    await call('attempts:abandon', { attemptId: id });
    setHistory((list) => list.map((a) => (a.id === id ? { ...a, status: 'abandoned' as const } : a)));
  };

  return (
    <main className="page" id="main" tabIndex={-1} aria-labelledby="start-heading">
      <h1 id="start-heading">{selected ? t('start.welcome', { name: selected.displayName }) : t('start.heading')}</h1>
      {error && <p role="alert" className="error">{t('errors.generic', { message: error })}</p>}
      {!selected ? (
        <ProfilePicker profiles={profiles} onChoose={props.onProfile} onCreated={async (p) => { await refresh(); props.onProfile(p.id); }} />
      ) : (
        <>
          <p className="selected">{t('start.selected', { name: selected.displayName })}</p>
          {inProgress.length > 0 && (
            <section aria-labelledby="resume-heading" className="resume">
              <h2 id="resume-heading">{t('start.resumeHeading')}</h2>
              <ul>
                {inProgress.map((a) => (
                  <li key={a.id}>
                    <span>{t('start.resumeWhat', { title: localText(cards.find((c) => c.id === a.scenarioId)?.title) || a.scenarioId, count: a.decisions })}</span>
                    <button type="button" className="primary" onClick={() => props.onPlay(a.id)}>{t('start.resume')}</button>
                    <button type="button" onClick={() => void abandon(a.id)}>{t('start.abandon')}</button>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <section aria-labelledby="scenarios-heading">
            <h2 id="scenarios-heading">{t('start.scenarios')}</h2>
            <ul className="cards">
              {cards.map((card) => {
                const status = statusOf(card);
                const best = bestOf(card);
                const title = localText(card.title, card.mainLanguage);
                const resumable = inProgress.find((a) => a.scenarioId === card.id);
                return (
                  <li key={card.id} className="card">
                    <h3>{title}</h3>
                    {card.assigned && <p className="assigned-tag">{t('start.assigned')}</p>}
                    <p>{localText(card.summary, card.mainLanguage)}</p>
                    <p className="meta">
                      {t(`start.difficulty.${card.difficulty}`)} · {t('start.minutes', { count: card.estimatedMinutes })}{card.timed ? ` · ${t('start.timed')}` : ''}
                    </p>
                    <p className="meta">
                      <span className={`status status-${status}`}>{t(`start.status.${status}`)}</span>
                      {best !== undefined && <> · {t('start.best', { score: formatNumber(best) })}</>}
                    </p>
                    {resumable ? (
                      <button type="button" className="primary" onClick={() => props.onPlay(resumable.id)} aria-label={t('start.playLabel', { action: t('start.resumeCard'), title })}>{t('start.resumeCard')}</button>
                    ) : (
                      <button type="button" className="primary" onClick={() => props.onBrief(card.id)} aria-label={t('start.playLabel', { action: t('start.play'), title })}>{t('start.play')}</button>
                    )}
                  </li>
                );
              })}
            </ul>
          </section>
        </>
      )}
    </main>
  );
}

function ProfilePicker(props: { profiles: Profile[] | undefined; onChoose: (id: string) => void; onCreated: (p: Profile) => Promise<void> }) {
  const { t } = useTranslation();
  const id = useId();
  const [name, setName] = useState('');
  const [employeeId, setEmployeeId] = useState('');
  const [cohort, setCohort] = useState('');
  const [site, setSite] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (name.trim() === '') { setInvalid(true); return; }
    try {
      const profile = await call('profiles:create', { displayName: name.trim(), ...(employeeId.trim() ? { employeeId: employeeId.trim() } : {}), ...(cohort.trim() ? { cohort: cohort.trim() } : {}), ...(site.trim() ? { site: site.trim() } : {}) });
      setName(''); setEmployeeId(''); setCohort(''); setSite('');
      await props.onCreated(profile);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <div className="profiles">
      <section aria-labelledby={`${id}-list`}>
        <h2 id={`${id}-list`}>{t('start.profiles')}</h2>
        {props.profiles?.length === 0 && <p>{t('start.noProfiles')}</p>}
        <ul className="profile-list">
          {props.profiles?.map((p) => (
            <li key={p.id}><button type="button" onClick={() => props.onChoose(p.id)}>{p.displayName}{p.employeeId ? ` (${p.employeeId})` : ''}</button></li>
          ))}
        </ul>
      </section>
      <form onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-create`} noValidate>
        <h2 id={`${id}-create`}>{t('start.create')}</h2>
        <label htmlFor={`${id}-name`}>{t('start.displayName')}</label>
        <input id={`${id}-name`} value={name} onChange={(e) => { setName(e.target.value); setInvalid(false); }} maxLength={80} autoComplete="off" aria-invalid={invalid} aria-describedby={invalid ? `${id}-name-error` : undefined} required />
        {invalid && <p id={`${id}-name-error`} className="error">{t('start.nameRequired')}</p>}
        <label htmlFor={`${id}-emp`}>{t('start.employeeId')}</label>
        <input id={`${id}-emp`} value={employeeId} onChange={(e) => setEmployeeId(e.target.value)} maxLength={40} autoComplete="off" />
        <label htmlFor={`${id}-cohort`}>{t('start.cohort')}</label>
        <input id={`${id}-cohort`} value={cohort} onChange={(e) => setCohort(e.target.value)} maxLength={80} autoComplete="off" />
        <label htmlFor={`${id}-site`}>{t('start.site')}</label>
        <input id={`${id}-site`} value={site} onChange={(e) => setSite(e.target.value)} maxLength={80} autoComplete="off" />
        {error && <p role="alert" className="error">{t('errors.generic', { message: error })}</p>}
        <button type="submit" className="primary">{t('start.create')}</button>
      </form>
    </div>
  );
}
