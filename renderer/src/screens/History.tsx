// A profile's history: empathy and proactivity over time, first vs best per scenario, every attempt.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api';
import { formatNumber, localText } from '../text';
import { LineChart } from '../components/LineChart';
import type { ReplyOf } from '../../../main/contract';
import { errorMessage } from '../errors';

type Profile = ReplyOf<'profiles:list'>[number];
type Summary = ReplyOf<'attempts:history'>[number];
type Card = ReplyOf<'scenarios:list'>[number];

export function History({ profile, onDebrief }: { profile: Profile; onDebrief: (attemptId: string) => void }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [attempts, setAttempts] = useState<Summary[] | undefined>();
  const [cards, setCards] = useState<Card[]>([]);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    Promise.all([call('attempts:history', { profileId: profile.id }), call('scenarios:list', {})]).then(([a, c]) => { setAttempts(a); setCards(c); }, (e: unknown) => setError(errorMessage(e)));
  }, [profile.id]);
  if (error) return <main className="page" id="main"><p role="alert" className="error">{t('errors.generic', { message: error })}</p></main>;
  if (!attempts) return <main className="page" id="main"><p aria-busy="true">{t('app.loading')}</p></main>;

  const finished = attempts.filter((a) => a.status === 'finished' && a.result);
  // Practice replays are listed below but never counted in the progress chart or first vs best.
  const assessed = finished.filter((a) => a.kind === 'assessed');
  const title = (scenarioId: string) => localText(cards.find((c) => c.id === scenarioId)?.title) || scenarioId;
  const date = (iso: string) => new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
  const byScenario = [...new Set(assessed.map((a) => a.scenarioId))].map((scenarioId) => {
    const mine = assessed.filter((a) => a.scenarioId === scenarioId);
    return { scenarioId, first: mine[0]?.result?.overall ?? 0, best: Math.max(...mine.map((a) => a.result?.overall ?? 0)) };
  });

  return (
    <main className="page history" id="main" tabIndex={-1} aria-labelledby={`${id}-h`}>
      <h1 id={`${id}-h`}>{t('history.heading', { name: profile.displayName })}</h1>
      {assessed.length === 0 ? <p>{t('history.empty')}</p> : (
        <>
          <section aria-labelledby={`${id}-chart`} className="panel">
            <h2 id={`${id}-chart`}>{t('history.chart')}</h2>
            <LineChart
              title={t('history.chart')}
              xLabels={assessed.map((a) => date(a.startedAt))}
              series={[
                { label: t('debrief.empathy'), values: assessed.map((a) => a.result?.empathy ?? 0), colour: '#0b5cad', marker: 'circle' },
                { label: t('debrief.proactivity'), values: assessed.map((a) => a.result?.proactivity ?? 0), colour: '#8a4b00', dash: '7 5', marker: 'square' },
              ]}
            />
          </section>
          {byScenario.length > 0 && (
            <section aria-labelledby={`${id}-fb`} className="panel">
              <h2 id={`${id}-fb`}>{t('history.firstBest')}</h2>
              <table>
                <thead><tr><th scope="col">{t('history.scenario')}</th><th scope="col">{t('history.first')}</th><th scope="col">{t('history.best')}</th></tr></thead>
                <tbody>{byScenario.map((r) => <tr key={r.scenarioId}><th scope="row">{title(r.scenarioId)}</th><td>{formatNumber(r.first)}</td><td>{formatNumber(r.best)}</td></tr>)}</tbody>
              </table>
            </section>
          )}
        </>
      )}
      <section aria-labelledby={`${id}-all`} className="panel">
        <h2 id={`${id}-all`}>{t('history.attempts')}</h2>
        <table>
          <thead><tr><th scope="col">{t('history.date')}</th><th scope="col">{t('history.scenario')}</th><th scope="col">{t('history.kind')}</th><th scope="col">{t('debrief.overall')}</th><th scope="col"><span className="visually-hidden">{t('history.open')}</span></th></tr></thead>
          <tbody>
            {[...attempts].reverse().map((a) => (
              <tr key={a.id}>
                <td>{date(a.startedAt)}</td>
                <th scope="row">{title(a.scenarioId)}</th>
                <td>{a.kind === 'assessed' ? t('history.assessed') : t('history.practice')} · {t(`history.status.${a.status}`)}</td>
                <td>{a.result ? `${formatNumber(a.result.overall)}/100` : '—'}</td>
                <td>{a.status === 'finished' && <button type="button" className="link" onClick={() => onDebrief(a.id)}>{t('history.open')}</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
}
