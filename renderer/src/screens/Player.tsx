// The player: the encounter machine mirrors the decisions main has acknowledged (write-ahead:
// a choice is sent, stored on disk by main, and only then does the customer react on screen).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useActorRef, useSelector } from '@xstate/react';
import { SimulatedClock } from 'xstate';
import { ApiError, call } from '../api';
import { localText } from '../text';
import { encounterMachine } from '../../../scenarios/engine/machine';
import { currentStep, offeredChoices, timeLimitMs } from '../../../scenarios/engine/rules';
import { compile } from '../../../scenarios/engine/compile';
import { METERS, PHASES, type Scenario } from '../../../scenarios/format/schema';
import type { CommitmentRecord, EncounterState } from '../../../scenarios/engine/rules';
import { Face } from '../components/Face';
import { variantOf } from './Briefing';
import type { Attempt } from '../../../main/store/schema';
import { errorMessage } from '../errors';

const RETRY_MS = 5_000;

export function Player(props: { attemptId: string; onLeave: () => void; onDebrief: (attemptId: string) => void }) {
  const { t } = useTranslation();
  const [loaded, setLoaded] = useState<{ attempt: Attempt; scenario: Scenario } | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    (async () => {
      const attempt = await call('attempts:get', { attemptId: props.attemptId });
      const scenario = await call('scenarios:get', { contentHash: attempt.contentHash });
      setLoaded({ attempt, scenario });
    })().catch((e: unknown) => setError(errorMessage(e)));
  }, [props.attemptId]);
  if (error) return <main className="page"><p role="alert">{t('errors.generic', { message: error })}</p><button type="button" onClick={props.onLeave}>{t('player.back')}</button></main>;
  if (!loaded) return <main className="page"><p aria-busy="true">{t('app.loading')}</p></main>;
  return <Encounter attempt={loaded.attempt} scenario={loaded.scenario} onLeave={props.onLeave} onDebrief={() => props.onDebrief(props.attemptId)} />;
}

function Encounter({ attempt, scenario, onLeave, onDebrief }: { attempt: Attempt; scenario: Scenario; onLeave: () => void; onDebrief: () => void }) {
  const { t } = useTranslation();
  // The machine's own timers never fire (simulated clock): main's acknowledgements drive it.
  const actor = useActorRef(encounterMachine, { clock: new SimulatedClock(), input: { scenario, timerMode: attempt.timerMode, now: () => performance.now() } });
  const [acknowledged, setAcknowledged] = useState(0);
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
  const [timedOutNote, setTimedOutNote] = useState(false);
  const reducedMotion = useMemo(() => window.matchMedia('(prefers-reduced-motion: reduce)').matches, []);
  const [failure, setFailure] = useState<string | undefined>();
  // Counts refusals, so that a second refusal with the same message arms the next automatic retry.
  const [refusals, setRefusals] = useState(0);
  const shownAt = useRef(performance.now());
  const pending = useRef<{ choiceId: string; timedOut: boolean; hesitationMs: number } | undefined>(undefined);
  const headingRef = useRef<HTMLHeadingElement>(null);

  // Hesitation is measured from the moment the choices are painted.
  useEffect(() => {
    const frame = requestAnimationFrame(() => { shownAt.current = performance.now(); });
    // Focus follows the customer's new line (at the end, it goes to the debrief button instead).
    if (!done) headingRef.current?.focus();
    return () => cancelAnimationFrame(frame);
  }, [encounter.stepId, done]);

  const send = useCallback(async () => {
    const decision = pending.current;
    if (!decision) return;
    setSaving(true);
    try {
      const reply = await call('attempts:decide', { attemptId: attempt.id, expectedIndex: acknowledged, stepId: encounter.stepId, ...decision });
      pending.current = undefined;
      setFailure(undefined);
      setAcknowledged(reply.index + 1);
      setTimedOutNote(reply.entry.timedOut);
      actor.send({ type: 'REPLAY', entry: reply.entry });
    } catch (e) {
      const retryable = e instanceof ApiError && e.retryable;
      const reason = errorMessage(e);
      setFailure(retryable ? t('player.storageError', { reason }) : t('errors.generic', { message: reason }));
      setRefusals((n) => n + 1);
      if (!retryable) pending.current = undefined;
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
  }, [failure, refusals, send]);

  // When the countdown (its own component, so its ticks re-render only itself) reaches zero.
  const timeoutId = step.timer?.timeout.id;
  const expire = useCallback(() => { if (timeoutId) decide(timeoutId, true); }, [decide, timeoutId]);

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
  const lang = scenario.mainLanguage;
  const emotionWord = t(`player.emotion.${step.customer.emotion}`);
  return (
    <main className="page player" id="main" aria-labelledby="step-heading">
      <ol className="phases" aria-label={t('player.phases')}>
        {PHASES.map((p, i) => (
          <li key={p} aria-current={p === step.phase ? 'step' : undefined} className={PHASES.indexOf(step.phase) > i ? 'phase-done' : undefined}>{t(`player.phase.${p}`)}</li>
        ))}
      </ol>
      <div className="stage">
        <div className="customer">
          <Face emotion={step.customer.emotion} label={t('player.faceLabel', { name, emotion: emotionWord })} size={170} variant={variantOf(scenario.briefing.customer.name)} reducedMotion={reducedMotion} />
          <Meters meters={encounter.meters} />
        </div>
        <div className="dialogue">
          {timedOutNote && <p className="timeout-note" role="status">{t('player.timedOutNote')}</p>}
          {step.narration && <p className="narration">{localText(step.narration, lang)}</p>}
          <div className={`bubble emotion-${step.customer.emotion}`} key={encounter.stepId}>
            <h1 id="step-heading" tabIndex={-1} className="line" ref={headingRef}>
              <span className="speaker">{t('player.customerSays', { name })}</span> {localText(step.customer.line, lang)}
            </h1>
          </div>
          {limit !== undefined && !done && <Countdown key={`${encounter.stepId}-${acknowledged}`} limitMs={limit} onExpire={expire} />}
          {failure && (
            <div role="alert" className="error-box">
              <p>{failure}</p>
              {pending.current && <button type="button" onClick={() => void send()}>{t('player.retry')}</button>}
            </div>
          )}
          {done ? (
            <section aria-labelledby="end-heading" className="ended">
              <h2 id="end-heading">{t('player.ended')}</h2>
              {encounter.end && <p className="outcome">{t(`player.outcome.${encounter.end.outcome}`)}</p>}
              {localText(step.ending?.epilogue, lang) && <p>{localText(step.ending?.epilogue, lang)}</p>}
              <button type="button" className="primary" onClick={onDebrief} ref={(el) => el?.focus()}>{t('player.toDebrief')}</button>
            </section>
          ) : (
            <section aria-labelledby="choices-heading">
              <h2 id="choices-heading" className="visually-hidden">{t('player.choices', { count: choices.length })}</h2>
              <ol className="choices" aria-busy={saving}>
                {choices.map((c, i) => (
                  <li key={c.id}>
                    <button type="button" data-choice={c.id} disabled={saving || Boolean(failure && pending.current)} onClick={() => decide(c.id)}>
                      <kbd aria-hidden="true">{i + 1}</kbd> {localText(c.text, lang)}
                    </button>
                  </li>
                ))}
              </ol>
              <p aria-live="polite" className="status-line">{saving ? t('player.saving') : ''}</p>
              <button type="button" className="link" onClick={onLeave}>{t('player.quit')}</button>
            </section>
          )}
        </div>
        <Commitments commitments={Object.values(encounter.commitments)} lang={lang} />
      </div>
    </main>
  );
}

function Meters({ meters }: { meters: EncounterState['meters'] }) {
  const { t } = useTranslation();
  const previous = useRef(meters);
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => {
    const changes = METERS.filter((m) => meters[m] !== previous.current[m]).map((m) => {
      const delta = meters[m] - previous.current[m];
      return t('player.meterChange', { meter: t(`player.meters.${m}`), value: meters[m], delta: delta > 0 ? `+${delta}` : `${delta}` });
    });
    previous.current = meters;
    if (changes.length > 0) setAnnouncement(changes.join(' ; '));
  }, [meters, t]);
  return (
    <div className="meters">
      {METERS.map((m) => (
        <div key={m} className="meter">
          <span className="meter-name" id={`meter-${m}`}>{t(`player.meters.${m}`)}</span>
          <meter min={0} max={100} low={30} high={70} optimum={100} value={meters[m]} aria-labelledby={`meter-${m}`} />
          <span className="meter-value">{meters[m]}</span>
        </div>
      ))}
      <p className="visually-hidden" aria-live="polite">{announcement}</p>
    </div>
  );
}

/** The countdown of a timed step: restarts in full on every step (its key) and on resume. */
function Countdown({ limitMs, onExpire }: { limitMs: number; onExpire: () => void }) {
  const { t } = useTranslation();
  const [remaining, setRemaining] = useState(limitMs);
  const expire = useRef(onExpire);
  expire.current = onExpire;
  useEffect(() => {
    const started = performance.now();
    const timer = setInterval(() => {
      const left = Math.max(0, limitMs - (performance.now() - started));
      setRemaining(left);
      if (left === 0) {
        clearInterval(timer);
        expire.current();
      }
    }, 250);
    return () => clearInterval(timer);
  }, [limitMs]);
  const seconds = Math.ceil(remaining / 1000);
  const limitSeconds = Math.ceil(limitMs / 1000);
  // Announced at a few thresholds only, so a screen reader is not flooded every second.
  const threshold = seconds === 10 || seconds === 5 || (seconds === Math.ceil(limitSeconds / 2) && limitSeconds > 12);
  return (
    <div className="countdown">
      <p role="timer" aria-live="off">{t('player.remaining', { seconds })}</p>
      <div className="countdown-bar" aria-hidden="true"><span style={{ width: `${(remaining / limitMs) * 100}%` }} /></div>
      <p className="visually-hidden" aria-live="assertive">{threshold ? t('player.hurry', { seconds }) : ''}</p>
    </div>
  );
}

function Commitments({ commitments, lang }: { commitments: readonly CommitmentRecord[]; lang: 'fr' | 'en' }) {
  const { t } = useTranslation();
  return (
    <aside className="commitments" aria-labelledby="commitments-heading">
      <h2 id="commitments-heading">{t('player.commitments')}</h2>
      {commitments.length === 0 ? <p>{t('player.noCommitments')}</p> : (
        <ul>
          {commitments.map((c) => (
            <li key={c.id} className={`commitment commitment-${c.status}`}>
              <span className="commitment-mark" aria-hidden="true">{c.status === 'kept' ? '✔' : c.status === 'broken' ? '✘' : '…'}</span>
              <span>{localText(c.label, lang)}{c.kind === 'implicit' ? ` (${t('player.implicit')})` : ''}</span>
              <span className="commitment-status">{t(`player.commitment.${c.status}`)}</span>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
