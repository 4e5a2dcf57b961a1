// The briefing: the setting, the customer card, the objectives, and the timer mode (WCAG 2.2.1).
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api';
import { localText } from '../text';
import { Face } from '../components/Face';
import type { Scenario, TimerMode } from '../../../scenarios/format/schema';
import type { ReplyOf } from '../../../main/contract';
import { errorMessage } from '../errors';

type Profile = ReplyOf<'profiles:list'>[number];

export function Briefing({ profile, scenarioId, onStart, onBack }: { profile: Profile; scenarioId: string; onStart: (attemptId: string) => void; onBack: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [scenario, setScenario] = useState<Scenario | undefined>();
  const [mode, setMode] = useState<TimerMode>('normal');
  const [error, setError] = useState<string | undefined>();
  const [starting, setStarting] = useState(false);
  useEffect(() => { call('scenarios:get', { id: scenarioId }).then(setScenario, (e: unknown) => setError(errorMessage(e))); }, [scenarioId]);
  if (error) return <main className="page" id="main"><p role="alert" className="error">{t('errors.generic', { message: error })}</p></main>;
  if (!scenario) return <main className="page" id="main"><p aria-busy="true">{t('app.loading')}</p></main>;

  const lang = scenario.mainLanguage;
  const timed = scenario.steps.some((s) => s.timer);
  const { customer } = scenario.briefing;
  const begin = async () => {
    setStarting(true);
    try {
      const attempt = await call('attempts:start', { profileId: profile.id, scenarioId, timerMode: timed ? mode : 'off', kind: 'assessed' });
      onStart(attempt.id);
    } catch (e) {
      setError(errorMessage(e));
      setStarting(false);
    }
  };

  return (
    <main className="page briefing" id="main" tabIndex={-1} aria-labelledby={`${id}-title`}>
      <p className="eyebrow">{t('briefing.heading')}</p>
      <h1 id={`${id}-title`}>{localText(scenario.title, lang)}</h1>
      <div className="briefing-grid">
        <section aria-labelledby={`${id}-setting`}>
          <h2 id={`${id}-setting`}>{t('briefing.setting')}</h2>
          <p>{localText(scenario.briefing.setting, lang)}</p>
          <h2 id={`${id}-objectives`}>{t('briefing.objectives')}</h2>
          <ul>{scenario.briefing.objectives.map((o, i) => <li key={i}>{localText(o, lang)}</li>)}</ul>
          <p className="meta">{t(`start.difficulty.${scenario.briefing.difficulty}`)} · {t('briefing.duration', { count: scenario.briefing.estimatedMinutes })}</p>
          {timed && (
            <fieldset className="timer-mode">
              <legend>{t('briefing.timerMode')}</legend>
              <p className="help">{t('briefing.timerHelp')}</p>
              {(['normal', 'relaxed', 'off'] as const).map((m) => (
                <label key={m} className="radio">
                  <input type="radio" name={`${id}-mode`} value={m} checked={mode === m} onChange={() => setMode(m)} />
                  {t(`briefing.timer.${m}`)}
                </label>
              ))}
            </fieldset>
          )}
          <div className="actions">
            <button type="button" className="primary" disabled={starting} onClick={() => void begin()}>{t('briefing.begin')}</button>
            <button type="button" onClick={onBack}>{t('briefing.back')}</button>
          </div>
        </section>
        <section aria-labelledby={`${id}-customer`} className="customer-card">
          <h2 id={`${id}-customer`}>{t('briefing.customer')}</h2>
          <div className="customer-head">
            <Face emotion="neutral" label={customer.name} size={96} variant={variantOf(customer.name)} />
            <div>
              <p className="customer-name">{customer.name}</p>
              {customer.portrait && <p>{localText(customer.portrait, lang)}</p>}
            </div>
          </div>
          {customer.explicitNeeds.length > 0 && (
            <>
              <h3>{t('briefing.comesFor')}</h3>
              <ul>{customer.explicitNeeds.map((n, i) => <li key={i}>{localText(n, lang)}</li>)}</ul>
            </>
          )}
          <h3>{t('briefing.loyalty')}</h3>
          <p>{t(`briefing.pattern.${customer.loyalty.pattern}`)} {t(`briefing.basis.${customer.loyalty.basis}`)}</p>
        </section>
      </div>
    </main>
  );
}

/** A stable look per scenario, so customers do not all look alike. */
export function variantOf(scenarioId: string): number {
  let h = 0;
  for (let i = 0; i < scenarioId.length; i++) h = (h * 31 + scenarioId.charCodeAt(i)) >>> 0;
  return h % 6;
}
