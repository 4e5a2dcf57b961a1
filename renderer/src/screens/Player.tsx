// The player: the encounter machine mirrors the decisions main has acknowledged (write-ahead:
// a choice is sent, stored on disk by main, and only then does the customer react on screen).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useActorRef, useSelector } from '@xstate/react';
import { SimulatedClock } from 'xstate';
import { call, type ApiError } from '../api';
import { localText } from '../text';
import { encounterMachine } from '../../../scenarios/engine/machine';
import { currentStep, offeredChoices, timeLimitMs } from '../../../scenarios/engine/rules';
import { compile } from '../../../scenarios/engine/compile';
import { METERS, type Scenario } from '../../../scenarios/format/schema';
import type { Attempt } from '../../../main/store/schema';
import type { ReplyOf } from '../../../main/contract';

const RETRY_MS = 5_000;

export function Player(props: { attemptId: string; onLeave: () => void }) {
  const { t } = useTranslation();
  const [loaded, setLoaded] = useState<{ attempt: Attempt; scenario: Scenario } | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    (async () => {
      const attempt = await call('attempts:get', { attemptId: props.attemptId });
      const scenario = await call('scenarios:get', { contentHash: attempt.contentHash });
      setLoaded({ attempt, scenario });
    })().catch((e: Error) => setError(e.message));
  }, [props.attemptId]);
  if (error) return <main className="page"><p role="alert">{t('errors.generic', { message: error })}</p><button type="button" onClick={props.onLeave}>{t('player.back')}</button></main>;
  if (!loaded) return <main className="page"><p aria-busy="true">{t('app.loading')}</p></main>;
  return <Encounter attempt={loaded.attempt} scenario={loaded.scenario} onLeave={props.onLeave} />;
}

function Encounter({ attempt, scenario, onLeave }: { attempt: Attempt; scenario: Scenario; onLeave: () => void }) {
  const { t } = useTranslation();
  // The machine's own timers never fire (simulated clock): main's acknowledgements drive it.
  const actor = useActorRef(encounterMachine, { clock: new SimulatedClock(), input: { scenario, timerMode: attempt.timerMode, now: () => performance.now() } });
  const [acknowledged, setAcknowledged] = useState(0);
  const [result, setResult] = useState<ReplyOf<'attempts:decide'>['result']>(attempt.result);
  const replayed = useRef(false);
  if (!replayed.current) {
    replayed.current = true;
    for (const entry of attempt.log.decisions) actor.send({ type: 'REPLAY', entry });
  }
  useEffect(() => setAcknowledged(attempt.log.decisions.length), [attempt]);

  const encounter = useSelector(actor, (s) => s.context.state);
  const done = useSelector(actor, (s) => s.status === 'done');
  const compiled = compile(scenario);
  const step = currentStep(compiled, encounter);
  const choices = useMemo(() => (done ? [] : offeredChoices(step, encounter)), [done, step, encounter]);
  const limit = done ? undefined : timeLimitMs(step, attempt.timerMode);

  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | undefined>();
  const shownAt = useRef(performance.now());
  const pending = useRef<{ choiceId: string; timedOut: boolean; hesitationMs: number } | undefined>(undefined);
  const headingRef = useRef<HTMLHeadingElement>(null);

  // Hesitation is measured from the moment the choices are painted.
  useEffect(() => {
    const frame = requestAnimationFrame(() => { shownAt.current = performance.now(); });
    headingRef.current?.focus();
    return () => cancelAnimationFrame(frame);
  }, [encounter.stepId]);

  const send = useCallback(async () => {
    const decision = pending.current;
    if (!decision) return;
    setSaving(true);
    try {
      const reply = await call('attempts:decide', { attemptId: attempt.id, expectedIndex: acknowledged, stepId: encounter.stepId, ...decision });
      pending.current = undefined;
      setFailure(undefined);
      setAcknowledged(reply.index + 1);
      if (reply.result) setResult(reply.result);
      actor.send({ type: 'REPLAY', entry: reply.entry });
    } catch (e) {
      const err = e as ApiError;
      setFailure(err.retryable ? t('player.storageError', { reason: err.message }) : t('errors.generic', { message: err.message }));
      if (!err.retryable) pending.current = undefined;
    } finally {
      setSaving(false);
    }
  }, [acknowledged, actor, attempt.id, encounter.stepId, t]);

  const decide = useCallback((choiceId: string, timedOut = false) => {
    if (saving || pending.current || done) return;
    pending.current = { choiceId, timedOut, hesitationMs: Math.max(0, Math.round(performance.now() - shownAt.current)) };
    void send();
  }, [done, saving, send]);

  // Automatic retry while the disk refuses the decision.
  useEffect(() => {
    if (!failure || !pending.current) return;
    const timer = setTimeout(() => void send(), RETRY_MS);
    return () => clearTimeout(timer);
  }, [failure, send]);

  // The countdown of a timed step (restarts in full on every step, and on resume).
  const [remaining, setRemaining] = useState<number | undefined>(limit);
  useEffect(() => {
    setRemaining(limit);
    if (limit === undefined) return;
    const started = performance.now();
    const timer = setInterval(() => {
      const left = Math.max(0, limit - (performance.now() - started));
      setRemaining(left);
      if (left === 0) {
        clearInterval(timer);
        const timeout = step.timer?.timeout.id;
        if (timeout) decide(timeout, true);
      }
    }, 250);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [encounter.stepId, limit]);

  // Keys 1–9 choose.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const n = Number(e.key);
      const choice = Number.isInteger(n) && n >= 1 ? choices[n - 1] : undefined;
      if (choice) {
        e.preventDefault();
        decide(choice.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [choices, decide]);

  const name = scenario.briefing.customer.name;
  return (
    <main className="page player" aria-labelledby="step-heading">
      <ol className="phases" aria-label="Phases">
        {(['seduction', 'influence', 'prestation', 'ancrage'] as const).map((p) => (
          <li key={p} aria-current={p === step.phase ? 'step' : undefined}>{t(`player.phase.${p}`)}</li>
        ))}
      </ol>
      <div className="meters" aria-live="polite">
        {METERS.map((m) => (
          <div key={m} className="meter">
            <span>{t(`player.meters.${m}`)}</span>
            <meter min={0} max={100} value={encounter.meters[m]} aria-label={t(`player.meters.${m}`)} />
            <span>{encounter.meters[m]}</span>
          </div>
        ))}
      </div>
      {step.narration && <p className="narration">{localText(step.narration, scenario.mainLanguage)}</p>}
      <h1 id="step-heading" tabIndex={-1} className="line" data-emotion={step.customer.emotion}>
        <span className="speaker">{t('player.customerSays', { name })}</span> {localText(step.customer.line, scenario.mainLanguage)}
      </h1>
      {limit !== undefined && remaining !== undefined && !done && (
        <p className="countdown" role="timer" aria-live="off">{t('player.remaining', { seconds: Math.ceil(remaining / 1000) })}</p>
      )}
      {failure && (
        <div role="alert" className="error">
          <p>{failure}</p>
          {pending.current && <button type="button" onClick={() => void send()}>{t('player.retry')}</button>}
        </div>
      )}
      {done ? (
        <section aria-labelledby="end-heading" className="ended">
          <h2 id="end-heading">{t('player.ended')}</h2>
          {encounter.end && <p>{t(`player.outcome.${encounter.end.outcome}`)}</p>}
          {localText(step.ending?.epilogue, scenario.mainLanguage) && <p>{localText(step.ending?.epilogue, scenario.mainLanguage)}</p>}
          {result && <p>{t('player.score', { overall: result.overall, empathy: result.empathy, proactivity: result.proactivity, reliability: result.reliability })}</p>}
          <button type="button" className="primary" onClick={onLeave}>{t('player.back')}</button>
        </section>
      ) : (
        <section aria-labelledby="choices-heading">
          <h2 id="choices-heading" className="visually-hidden">{t('player.choices', { count: choices.length })}</h2>
          <ol className="choices" aria-busy={saving}>
            {choices.map((c, i) => (
              <li key={c.id}>
                <button type="button" data-choice={c.id} disabled={saving || Boolean(failure && pending.current)} onClick={() => decide(c.id)}>
                  <kbd>{i + 1}</kbd> {localText(c.text, scenario.mainLanguage)}
                </button>
              </li>
            ))}
          </ol>
          {saving && <p aria-live="polite">{t('player.saving')}</p>}
          <button type="button" className="link" onClick={onLeave}>{t('player.quit')}</button>
        </section>
      )}
    </main>
  );
}
