// The debrief: gauges, phase by phase, the outcome and its word of mouth, the mood curve against
// the best path, every decision with its effect and the theory it applies, replays and printing.
// The figures are main's (recomputed from the stored log), never the renderer's own.
import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api';
import { formatNumber, localText } from '../text';
import { Gauge } from '../components/Gauge';
import { LineChart } from '../components/LineChart';
import { GLOSSARY } from '../../../scenarios/format/glossary';
import { METERS, PHASES, SERVICE_CHARACTERISTICS, type Scenario } from '../../../scenarios/format/schema';
import { compile } from '../../../scenarios/engine/compile';
import { analyseGraph, pathLog } from '../../../scenarios/engine/graph';
import { score, type Report } from '../../../scenarios/engine/score';
import type { Attempt } from '../../../main/store/schema';
import type { ReplyOf } from '../../../main/contract';
import { errorMessage } from '../errors';

type Profile = ReplyOf<'profiles:list'>[number];

/** Electron saves a PDF with printToPDF; elsewhere the browser's print dialog (print stylesheet) does it. */
async function printOrSave(title: string): Promise<void> {
  const name = title.replace(/[/\\:*?"<>|]+/g, ' ').trim().slice(0, 100) || 'Comptoir';
  try {
    const reply = await call('app:print-pdf', { suggestedName: name });
    if (!reply.unavailable) return;
  } catch {
    // fall through to printing
  }
  window.print();
}

export function Debrief(props: { attemptId: string; profile: Profile; onReplay: (attemptId: string) => void; onHistory: () => void; onHome: () => void }) {
  const { t } = useTranslation();
  const [data, setData] = useState<{ attempt: Attempt; report: Report; scenario: Scenario } | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    (async () => {
      const [attempt, report] = await Promise.all([call('attempts:get', { attemptId: props.attemptId }), call('attempts:report', { attemptId: props.attemptId })]);
      const scenario = await call('scenarios:get', { contentHash: attempt.contentHash });
      setData({ attempt, report, scenario });
    })().catch((e: unknown) => setError(errorMessage(e)));
  }, [props.attemptId]);

  const replay = async (fromIndex?: number) => {
    if (!data) return;
    try {
      const attempt = await call('attempts:start', {
        profileId: props.profile.id,
        scenarioId: data.attempt.scenarioId,
        timerMode: data.attempt.timerMode,
        kind: 'practice',
        ...(fromIndex !== undefined ? { replay: { attemptId: data.attempt.id, fromIndex } } : {}),
      });
      props.onReplay(attempt.id);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  if (error) return <main className="page" id="main"><p role="alert" className="error">{t('errors.generic', { message: error })}</p></main>;
  if (!data) return <main className="page" id="main"><p aria-busy="true">{t('app.loading')}</p></main>;
  return <DebriefView {...data} onReplay={(i) => void replay(i)} onHistory={props.onHistory} onHome={props.onHome} />;
}

function DebriefView({ attempt, report, scenario, onReplay, onHistory, onHome }: { attempt: Attempt; report: Report; scenario: Scenario; onReplay: (fromIndex?: number) => void; onHistory: () => void; onHome: () => void }) {
  const { t, i18n } = useTranslation();
  const ui = i18n.language === 'en' ? 'en' : 'fr';
  const id = useId();
  const lang = scenario.mainLanguage;
  const compiled = compile(scenario);
  const best = useMemo(() => score(scenario, pathLog(compiled, analyseGraph(compiled).optimalPath)), [compiled, scenario]);
  const moodOf = (r: Report) => [scenario.meters.mood, ...r.decisions.map((d) => d.metersAfter.mood)];
  const choiceText = (stepId: string, choiceId: string) => localText(compiled.steps.get(stepId)?.choices.find((c) => c.id === choiceId)?.text, lang);
  const signed = (n: number) => formatNumber(n, { signed: true });

  return (
    <main className="page debrief" id="main" tabIndex={-1} aria-labelledby={`${id}-h`}>
      <p className="eyebrow">{t('debrief.heading')}{attempt.kind === 'practice' ? ` · ${t('debrief.practice')}` : ''}</p>
      <h1 id={`${id}-h`}>{localText(scenario.title, lang)}</h1>
      <section className="gauges" aria-label={t('debrief.heading')}>
        <Gauge label={t('debrief.overall')} value={report.scores.overall} />
        <Gauge label={t('debrief.empathy')} value={report.scores.empathy} />
        <Gauge label={t('debrief.proactivity')} value={report.scores.proactivity} />
        <Gauge label={t('debrief.reliability')} value={report.scores.reliability} />
      </section>
      <p className={report.passed ? 'verdict passed' : 'verdict failed'}>
        <span aria-hidden="true">{report.passed ? '✔ ' : '✘ '}</span>{report.passed ? t('debrief.passed', { mark: report.passMark }) : t('debrief.failed', { mark: report.passMark })}
      </p>

      {report.outcome && (
        <section aria-labelledby={`${id}-outcome`} className="panel">
          <h2 id={`${id}-outcome`}>{t('debrief.outcomeHeading')}</h2>
          <p className="outcome">{t(`player.outcome.${report.outcome.outcome}`)}{report.outcome.walkOut ? ` — ${t('debrief.walkOut')}` : ''}</p>
          <p>{t('debrief.value', { value: formatNumber(report.outcome.customerValue) })}</p>
          <p className="cite">{t('debrief.theory', { label: GLOSSARY['customer-value'].label[ui], seed: GLOSSARY['customer-value'].seed })}</p>
          <p>{t(`debrief.wordOfMouth.${report.outcome.wordOfMouth}`)}</p>
          <p className="cite">{t('debrief.theory', { label: GLOSSARY['word-of-mouth'].label[ui], seed: GLOSSARY['word-of-mouth'].seed })}</p>
        </section>
      )}

      <section aria-labelledby={`${id}-phases`} className="panel">
        <h2 id={`${id}-phases`}>{t('debrief.phasesHeading')}</h2>
        <table className="phase-table">
          <thead>
            <tr>
              <th scope="col">{t('debrief.phaseCol')}</th>
              <th scope="col">{t('debrief.decisionsCol')}</th>
              <th scope="col">{t('debrief.empathy')}</th>
              <th scope="col">{t('debrief.proactivity')}</th>
              <th scope="col">{t('debrief.lostCol')}</th>
              <th scope="col">{t('debrief.missedCol')}</th>
            </tr>
          </thead>
          <tbody>
            {PHASES.map((p) => {
              const r = report.phases[p];
              return (
                <tr key={p}>
                  <th scope="row">{t(`player.phase.${p}`)}</th>
                  <td>{r.decisions}</td>
                  <td>{r.empathy === null ? t('debrief.none') : formatNumber(r.empathy)}</td>
                  <td>{r.proactivity === null ? t('debrief.none') : formatNumber(r.proactivity)}</td>
                  <td>{r.decisions > 0 ? `${formatNumber(r.empathyLost)} / ${formatNumber(r.proactivityLost)}` : t('debrief.none')}</td>
                  <td>{r.missedProactive}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      <section aria-labelledby={`${id}-mood`} className="panel">
        <h2 id={`${id}-mood`}>{t('debrief.moodHeading')}</h2>
        <LineChart
          title={t('debrief.moodAxis')}
          series={[
            { label: t('debrief.yourPath'), values: moodOf(report), colour: '#0b5cad', marker: 'circle' },
            { label: t('debrief.bestPath'), values: moodOf(best), colour: '#8a4b00', dash: '7 5', marker: 'square' },
          ]}
        />
      </section>

      <section aria-labelledby={`${id}-timeline`} className="panel">
        <h2 id={`${id}-timeline`}>{t('debrief.timelineHeading')}</h2>
        <ol className="timeline">
          {report.decisions.map((d) => {
            const step = compiled.steps.get(d.stepId);
            const theory = GLOSSARY[d.theory];
            return (
              <li key={d.index} className={`decision behaviour-${d.behaviour}`}>
                <h3>{t('debrief.step', { n: d.index + 1 })} · {t(`player.phase.${d.phase}`)}</h3>
                <p className="said">{ui === 'fr' ? `«\u00A0${localText(step?.customer.line, lang)}\u00A0»` : `“${localText(step?.customer.line, lang)}”`}</p>
                <p className="answer">{d.timedOut ? t('debrief.timedOut') : choiceText(d.stepId, d.choiceId)}</p>
                <p className="tags">
                  <span className={`tag tag-${d.behaviour}`}>{t(`debrief.behaviour.${d.behaviour}`)}</span>
                  {d.missedProactive && <span className="tag tag-warn">{t('debrief.missed')}</span>}
                  {d.coldInfluence && <span className="tag tag-warn">{t('debrief.cold')}</span>}
                  {d.hesitationCounted && d.hesitationFactor < 1 && <span className="tag">{t('debrief.hesitation', { seconds: Math.round(d.hesitationMs / 100) / 10 })}</span>}
                  {!d.scored && <span className="tag">{t('debrief.notScored')}</span>}
                </p>
                <p className="effects">
                  <span className="visually-hidden">{t('debrief.effectsLabel')} </span>
                  {METERS.map((m) => <span key={m} className="effect">{t(`player.meters.${m}`)} {signed(d.deltas[m])}</span>)}
                </p>
                <p className="feedback">{localText(d.feedback, lang)}</p>
                <p className="cite">{t('debrief.theory', { label: theory.label[ui], seed: theory.seed })}</p>
                <button type="button" className="link no-print" onClick={() => onReplay(d.index)}>{t('debrief.replayFrom')}</button>
              </li>
            );
          })}
        </ol>
      </section>

      <div className="two-col">
        <section aria-labelledby={`${id}-commitments`} className="panel">
          <h2 id={`${id}-commitments`}>{t('debrief.commitmentsHeading')}</h2>
          <ul className="commitment-list">
            {report.reliability.commitments.map((c) => (
              <li key={c.id} className={`commitment commitment-${c.status}`}>
                <span aria-hidden="true">{c.status === 'kept' ? '✔' : c.status === 'broken' ? '✘' : '…'} </span>
                {localText(c.label, lang)}{c.kind === 'implicit' ? ` (${t('player.implicit')})` : ` (${t('debrief.made')})`} — {t(`player.commitment.${c.status}`)}
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby={`${id}-service`} className="panel">
          <h2 id={`${id}-service`}>{t('debrief.serviceHeading')}</h2>
          <ul className="service-list">
            {SERVICE_CHARACTERISTICS.map((c) => (
              <li key={c}><strong>{t(`debrief.service.${c}`)}</strong>{t('debrief.labelSeparator')}{report.service[c] === null ? t('debrief.notTagged') : `${formatNumber(report.service[c])}/100`}</li>
            ))}
          </ul>
        </section>
      </div>

      <div className="actions no-print">
        <button type="button" className="primary" onClick={() => onReplay()}>{t('debrief.replay')}</button>
        <button type="button" onClick={() => void printOrSave(localText(scenario.title, lang))}>{t('debrief.print')}</button>
        <button type="button" onClick={onHistory}>{t('debrief.history')}</button>
        <button type="button" onClick={onHome}>{t('debrief.home')}</button>
      </div>
    </main>
  );
}

