// "Tester depuis ici": plays the draft from a chosen step with chosen meter values, in a side
// panel, with the same XState machine as the trainee's player. Nothing is stored: a playtest is
// the trainer's rehearsal, not an attempt.
import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useActorRef, useSelector } from '@xstate/react';
import { SimulatedClock } from 'xstate';
import { encounterMachine } from '../../../scenarios/engine/machine';
import { compile } from '../../../scenarios/engine/compile';
import { currentStep, offeredChoices } from '../../../scenarios/engine/rules';
import { loadScenario } from '../../../scenarios/format/parse';
import { METERS, type Meters, type Scenario } from '../../../scenarios/format/schema';
import { canonicalText } from '../../../scenarios/studio/canonical';
import type { Draft } from '../../../scenarios/studio/edit';
import { GLOSSARY } from '../../../scenarios/format/glossary';
import { localText, formatNumber } from '../text';
import { stepsOf } from './Graph';

/** The draft as a playable scenario that starts at `stepId` with `meters`; undefined with the reasons when it cannot load. */
export function playableFrom(doc: Draft, stepId: string, meters: Meters, lang: 'fr' | 'en'): { scenario?: Scenario; problems: string[] } {
  const loaded = loadScenario(canonicalText({ ...doc, start: stepId, meters }), lang);
  if (!loaded.scenario) return { problems: loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message) };
  try {
    compile(loaded.scenario);
  } catch (error) {
    return { problems: [error instanceof Error ? error.message : String(error)] };
  }
  return { scenario: loaded.scenario, problems: [] };
}

function Run(props: { scenario: Scenario; onStop: () => void; onStep: (stepId: string) => void }) {
  const { t } = useTranslation();
  const lang = props.scenario.mainLanguage;
  const actor = useActorRef(encounterMachine, { clock: new SimulatedClock(), input: { scenario: props.scenario, timerMode: 'normal', now: () => performance.now() } });
  const state = useSelector(actor, (s) => s.context.state);
  const last = useSelector(actor, (s) => s.context.lastOutcome);
  const log = useSelector(actor, (s) => s.context.log);
  const live = useSelector(actor, (s) => s.context.live);
  const done = useSelector(actor, (s) => s.status === 'done');
  const compiled = useMemo(() => compile(props.scenario), [props.scenario]);
  const step = currentStep(compiled, state);
  // The graph follows the test.
  const { onStep } = props;
  useEffect(() => onStep(state.stepId), [onStep, state.stepId]);
  const choices = done ? [] : offeredChoices(step, state);
  const lastEntry = log.at(-1);
  const lastChoice = lastEntry && !lastEntry.timedOut ? compiled.steps.get(lastEntry.stepId)?.choices.find((c) => c.id === lastEntry.choiceId) : undefined;
  const timeout = done ? undefined : step.timer?.timeout;
  const letTimeRunOut = () => {
    if (!timeout) return;
    actor.send({ type: 'REPLAY', entry: { stepId: step.id, choiceId: timeout.id, timedOut: true, phase: step.phase, behaviour: 'passive', hesitationMs: step.timer ? step.timer.seconds * 1000 : 0, at: Date.now() } });
  };
  return (
    <div className="playtest-run">
      <p className="meters-line">
        {METERS.map((m) => <span key={m}>{t(`studio.meter.${m}`)} : {state.meters[m]}</span>)}
        <span>{t('studio.playtest.live', { empathy: formatNumber(live.empathy), proactivity: formatNumber(live.proactivity) })}</span>
      </p>
      {lastEntry && (
        <div className="feedback" role="status">
          <p><strong>{t('studio.playtest.lastChoice')}</strong> {lastEntry.timedOut ? t('studio.playtest.timedOut') : localText(lastChoice?.text, lang)}</p>
          {last && <p>{localText(last.feedback, lang)} <em>({GLOSSARY[last.theory].label[lang]})</em></p>}
          {last && last.commitmentChanges.length > 0 && <p>{t('studio.playtest.commitments', { list: last.commitmentChanges.map((c) => `${c.id} → ${t(`studio.commitmentStatus.${c.status}`)}`).join(', ') })}</p>}
        </div>
      )}
      {done ? (
        <p className="ending"><strong>{t('studio.playtest.ended', { outcome: t(`studio.outcome.${state.end?.outcome ?? 'lost'}`), step: state.end?.stepId ?? step.id })}</strong></p>
      ) : (
        <>
          <p className="step-ref"><code>{step.id}</code> · {t(`studio.phase.${step.phase}`)} · {t(`studio.emotion.${step.customer.emotion}`)}</p>
          {step.narration && <p className="narration">{localText(step.narration, lang)}</p>}
          <p className="line">{localText(step.customer.line, lang)}</p>
          <ol className="choices">
            {choices.map((c) => (
              <li key={c.id}><button type="button" onClick={() => actor.send({ type: 'CHOOSE', choiceId: c.id, hesitationMs: 1000 })}>{localText(c.text, lang)} <span className="hint">({t(`studio.behaviour.${c.behaviour}`)})</span></button></li>
            ))}
          </ol>
          {timeout && <button type="button" onClick={letTimeRunOut}>{t('studio.playtest.letTimeRunOut')}</button>}
        </>
      )}
      <button type="button" onClick={props.onStop}>{t('studio.playtest.stop')}</button>
    </div>
  );
}

export function Playtest(props: { doc: Draft; from: string | undefined; onClose: () => void; onStep: (stepId: string) => void }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  const steps = stepsOf(props.doc);
  const initial = (props.doc.meters ?? { mood: 50, trust: 50, patience: 50 }) as Meters;
  const [stepId, setStepId] = useState(props.from ?? (typeof props.doc.start === 'string' ? props.doc.start : steps[0]?.id ?? ''));
  const [meters, setMeters] = useState<Meters>({ mood: initial.mood ?? 50, trust: initial.trust ?? 50, patience: initial.patience ?? 50 });
  const [run, setRun] = useState<{ scenario: Scenario; nonce: number } | undefined>();
  const [problems, setProblems] = useState<string[]>([]);
  const start = () => {
    const playable = playableFrom(props.doc, stepId, meters, lang);
    setProblems(playable.problems);
    setRun(playable.scenario ? { scenario: playable.scenario, nonce: Date.now() } : undefined);
  };
  return (
    <section className="playtest" aria-labelledby={`${id}-h`}>
      <div className="section-head">
        <h2 id={`${id}-h`}>{t('studio.playtest.heading')}</h2>
        <button type="button" onClick={props.onClose}>{t('studio.close')}</button>
      </div>
      {!run && (
        <form onSubmit={(e) => { e.preventDefault(); start(); }}>
          <div className="field">
            <label htmlFor={`${id}-step`}>{t('studio.playtest.from')}</label>
            <select id={`${id}-step`} value={stepId} onChange={(e) => setStepId(e.currentTarget.value)}>
              {steps.map((s) => <option key={s.id} value={s.id}>{s.id}</option>)}
            </select>
          </div>
          <div className="row">
            {METERS.map((m) => (
              <div className="field" key={m}>
                <label htmlFor={`${id}-${m}`}>{t(`studio.meter.${m}`)}</label>
                <input id={`${id}-${m}`} type="number" min={0} max={100} value={meters[m]} onChange={(e) => setMeters({ ...meters, [m]: Math.max(0, Math.min(100, Math.trunc(Number(e.currentTarget.value) || 0))) })} />
              </div>
            ))}
          </div>
          <button type="submit" className="primary">{t('studio.playtest.start')}</button>
          {problems.length > 0 && (
            <div role="alert" className="error">
              <p>{t('studio.playtest.cannot')}</p>
              <ul>{problems.slice(0, 10).map((p, i) => <li key={i}>{p}</li>)}</ul>
            </div>
          )}
        </form>
      )}
      {run && <Run key={run.nonce} scenario={run.scenario} onStop={() => setRun(undefined)} onStep={props.onStep} />}
    </section>
  );
}
