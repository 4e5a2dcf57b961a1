// The side form of the selected step: phase, emotion, the customer's line (FR/EN), the time limit
// and its timeout branch, the ending, and every choice with its behaviour, empathy, effects on the
// customer, commitment, service characteristics, feedback, theory, next step and condition.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { BEHAVIOURS, EMOTIONS, METERS, OUTCOMES, PHASES, SERVICE_CHARACTERISTICS } from '../../../scenarios/format/schema';
import { GLOSSARY, THEORY_IDS } from '../../../scenarios/format/glossary';
import type { JsonPath } from '../../../scenarios/format/messages';
import { getAt, stepIndex, type Draft } from '../../../scenarios/studio/edit';
import { CheckField, LocalizedField, NumberField, Section, SelectField, TextField, useEdit } from './Fields';
import { stepsOf, type DraftStep } from './Graph';
import { ConditionEditor } from './ConditionEditor';

export interface StepActions {
  readonly addChoice: (stepId: string) => void;
  readonly deleteChoice: (stepId: string, choiceId: string) => void;
  readonly moveChoice: (stepId: string, choiceId: string, delta: -1 | 1) => void;
  readonly deleteStep: (stepId: string) => void;
  readonly setTimer: (stepId: string, seconds: number | undefined) => void;
  readonly setEnding: (stepId: string, outcome: string | undefined) => void;
  readonly playFrom: (stepId: string) => void;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

function useOptions() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  return {
    phases: PHASES.map((p) => ({ value: p, label: t(`studio.phase.${p}`) })),
    emotions: EMOTIONS.map((e) => ({ value: e, label: t(`studio.emotion.${e}`) })),
    behaviours: BEHAVIOURS.map((b) => ({ value: b, label: t(`studio.behaviour.${b}`) })),
    theory: THEORY_IDS.map((id) => ({ value: id, label: `${GLOSSARY[id].label[lang]} (${id})` })),
    empathy: range(-3, 3).map((n) => ({ value: String(n), label: signed(n) })),
    outcomes: OUTCOMES.map((o) => ({ value: o, label: t(`studio.outcome.${o}`) })),
  };
}

/** The steps as options of a « next step » select, kept while no step is added, removed or moved to another phase. */
export function useStepOptions(steps: readonly DraftStep[]) {
  const { t } = useTranslation();
  const key = steps.map((s) => `${s.id}:${s.phase ?? ''}`).join('|');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => steps.map((s) => ({ value: s.id, label: `${s.id} (${t(`studio.phaseShort.${s.phase ?? 'seduction'}`)})` })), [key, t]);
}

/** Ids of every commitment a choice may keep or break: the scenario's implicit ones and those made by a choice. */
export function commitmentIds(doc: Draft): string[] {
  const ids = new Set<string>();
  for (const c of (Array.isArray(doc.implicitCommitments) ? doc.implicitCommitments : []) as { id?: string }[]) if (c.id) ids.add(c.id);
  for (const step of stepsOf(doc)) {
    for (const choice of (step.choices ?? []) as unknown as { commitment?: { action?: string; id?: string } }[]) {
      if (choice.commitment?.action === 'make' && choice.commitment.id) ids.add(choice.commitment.id);
    }
  }
  return [...ids].sort();
}

/** Flags a choice raises or lowers (conditions elsewhere test them), as comma-separated ids. */
function FlagsEditor(props: { path: JsonPath }) {
  const { t } = useTranslation();
  const { doc, edit, readOnly } = useEdit();
  const flags = (getAt(doc, props.path) ?? {}) as Record<string, boolean>;
  const label = t('studio.form.flags');
  const listOf = (on: boolean) => Object.keys(flags).filter((k) => flags[k] === on).join(', ');
  const set = (on: boolean, text: string) => {
    const next: Record<string, boolean> = {};
    for (const [k, v] of Object.entries(flags)) if (v !== on) next[k] = v;
    for (const id of text.split(',').map((x) => x.trim()).filter(Boolean)) next[id] = on;
    edit(props.path, Object.keys(next).length ? next : undefined, label);
  };
  const id = props.path.join('-');
  return (
    <fieldset className="flags">
      <legend>{label}</legend>
      <div className="row">
        <div className="field">
          <label htmlFor={`${id}-on`}>{t('studio.form.flagsRaised')}</label>
          <input id={`${id}-on`} defaultValue={listOf(true)} readOnly={readOnly} onBlur={(e) => set(true, e.currentTarget.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-off`}>{t('studio.form.flagsLowered')}</label>
          <input id={`${id}-off`} defaultValue={listOf(false)} readOnly={readOnly} onBlur={(e) => set(false, e.currentTarget.value)} />
        </div>
      </div>
      <p className="hint">{t('studio.form.flagsHint')}</p>
    </fieldset>
  );
}

function CommitmentEditor(props: { path: JsonPath; commitments: readonly string[] }) {
  const { t } = useTranslation();
  const { doc, edit, readOnly } = useEdit();
  const commitment = getAt(doc, props.path) as { action?: string; id?: string } | undefined;
  const label = t('studio.form.commitment');
  const setAction = (action: string) => {
    if (action === '') return edit(props.path, undefined, label);
    if (action === 'make') return edit(props.path, { action, id: commitment?.id ?? 'promesse', label: { fr: 'Ce qui est promis', en: 'What is promised' } }, label);
    return edit(props.path, { action, id: commitment?.id && props.commitments.includes(commitment.id) ? commitment.id : (props.commitments[0] ?? 'engagement') }, label);
  };
  return (
    <fieldset className="commitment">
      <legend>{label}</legend>
      <div className="field">
        <label htmlFor={`${props.path.join('-')}-action`}>{t('studio.form.commitmentAction')}</label>
        <select id={`${props.path.join('-')}-action`} value={commitment?.action ?? ''} disabled={readOnly} onChange={(e) => setAction(e.currentTarget.value)}>
          <option value="">{t('studio.form.none')}</option>
          {['make', 'keep', 'break'].map((a) => <option key={a} value={a}>{t(`studio.commitmentAction.${a}`)}</option>)}
        </select>
      </div>
      {commitment?.action === 'make' && (
        <>
          <TextField path={[...props.path, 'id']} label={t('studio.form.commitmentId')} required maxLength={80} />
          <LocalizedField path={[...props.path, 'label']} label={t('studio.form.commitmentLabel')} />
        </>
      )}
      {(commitment?.action === 'keep' || commitment?.action === 'break') && (
        <SelectField path={[...props.path, 'id']} label={t('studio.form.commitmentId')} options={props.commitments.map((c) => ({ value: c, label: c }))} />
      )}
    </fieldset>
  );
}

export function StepForm(props: { stepId: string; actions: StepActions }) {
  const { t } = useTranslation();
  const { doc, readOnly } = useEdit();
  const draft = doc as Draft;
  const options = useOptions();
  const index = stepIndex(draft, props.stepId);
  const steps = stepsOf(draft);
  const step = steps[index] as DraftStep | undefined;
  const stepOptions = useStepOptions(steps);
  if (!step || index < 0) return <p>{t('studio.form.noStep')}</p>;
  const base: JsonPath = ['steps', index];
  const commitments = commitmentIds(draft);
  const choices = step.choices ?? [];
  const { actions } = props;
  return (
    <div className="step-form">
      <div className="section-head">
        <h2>{t('studio.form.stepHeading', { id: step.id })}</h2>
        <div className="actions">
          <button type="button" onClick={() => actions.playFrom(step.id)}>{t('studio.playtest.fromHere')}</button>
          {!readOnly && <button type="button" className="danger" onClick={() => actions.deleteStep(step.id)}>{t('studio.form.deleteStep')}</button>}
        </div>
      </div>
      <div className="row">
        <SelectField path={[...base, 'phase']} label={t('studio.form.phase')} options={options.phases} />
        <SelectField path={[...base, 'customer', 'emotion']} label={t('studio.form.emotion')} options={options.emotions} />
      </div>
      <LocalizedField path={[...base, 'customer', 'line']} label={t('studio.form.line')} multiline />
      <LocalizedField path={[...base, 'narration']} label={t('studio.form.narration')} multiline />
      <Section title={t('studio.form.timerHeading')}>
        <CheckField checked={step.timer !== undefined} label={t('studio.form.timed')} onChange={(on) => actions.setTimer(step.id, on ? 20 : undefined)} />
        {step.timer && (
          <>
            <NumberField path={[...base, 'timer', 'seconds']} label={t('studio.form.seconds')} min={3} max={600} />
            <SelectField path={[...base, 'timer', 'timeout', 'next']} label={t('studio.form.timeoutNext')} options={stepOptions} />
            <SelectField path={[...base, 'timer', 'timeout', 'empathy']} label={t('studio.form.empathy')} options={options.empathy.filter((o) => Number(o.value) <= 0)} numeric />
            <LocalizedField path={[...base, 'timer', 'timeout', 'feedback']} label={t('studio.form.feedback')} multiline />
            <SelectField path={[...base, 'timer', 'timeout', 'theory']} label={t('studio.form.theory')} options={options.theory} />
          </>
        )}
      </Section>
      <Section title={t('studio.form.endingHeading')}>
        <div className="field">
          <label htmlFor={`ending-${step.id}`}>{t('studio.form.outcome')}</label>
          <select id={`ending-${step.id}`} value={step.ending?.outcome ?? ''} disabled={readOnly} onChange={(e) => actions.setEnding(step.id, e.currentTarget.value || undefined)}>
            <option value="">{t('studio.form.notEnding')}</option>
            {options.outcomes.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
          </select>
        </div>
        {step.ending && <LocalizedField path={[...base, 'ending', 'epilogue']} label={t('studio.form.epilogue')} multiline />}
      </Section>
      <Section
        title={t('studio.form.choicesHeading', { count: choices.length })}
        actions={!readOnly && choices.length < 9 ? <button type="button" onClick={() => actions.addChoice(step.id)}>{t('studio.form.addChoice')}</button> : undefined}
      >
        {choices.map((choice, j) => {
          const path: JsonPath = [...base, 'choices', j];
          return (
            <fieldset key={choice.id} className={`choice behaviour-${choice.behaviour ?? 'reactive'}`}>
              <legend>{t('studio.form.choiceLegend', { n: j + 1, id: choice.id })}</legend>
              <LocalizedField path={[...path, 'text']} label={t('studio.form.choiceText')} />
              <div className="row">
                <SelectField path={[...path, 'behaviour']} label={t('studio.form.behaviour')} options={options.behaviours} />
                <SelectField path={[...path, 'empathy']} label={t('studio.form.empathy')} options={options.empathy} numeric />
                <SelectField path={[...path, 'next']} label={t('studio.form.next')} options={stepOptions} empty={t('studio.form.chooseStep')} />
              </div>
              <fieldset className="effects">
                <legend>{t('studio.form.effects')}</legend>
                <div className="row">
                  {METERS.map((m) => <NumberField key={m} path={[...path, 'effects', m]} label={t(`studio.meter.${m}`)} min={-100} max={100} optional />)}
                </div>
              </fieldset>
              <fieldset className="service">
                <legend>{t('studio.form.service')}</legend>
                <div className="row">
                  {SERVICE_CHARACTERISTICS.map((c) => (
                    <SelectField key={c} path={[...path, 'service', c]} label={t(`studio.service.${c}`)} options={range(-2, 2).map((n) => ({ value: String(n), label: signed(n) }))} empty="—" numeric />
                  ))}
                </div>
              </fieldset>
              <CommitmentEditor path={[...path, 'commitment']} commitments={commitments} />
              <FlagsEditor key={JSON.stringify(choice.setFlags ?? {})} path={[...path, 'setFlags']} />
              <LocalizedField path={[...path, 'feedback']} label={t('studio.form.feedback')} multiline />
              <SelectField path={[...path, 'theory']} label={t('studio.form.theory')} options={options.theory} />
              <ConditionEditor path={[...path, 'condition']} commitments={commitments} />
              {!readOnly && (
                <div className="actions">
                  <button type="button" disabled={j === 0} onClick={() => actions.moveChoice(step.id, choice.id, -1)}>{t('studio.form.moveUp')}</button>
                  <button type="button" disabled={j === choices.length - 1} onClick={() => actions.moveChoice(step.id, choice.id, 1)}>{t('studio.form.moveDown')}</button>
                  <button type="button" className="danger" onClick={() => actions.deleteChoice(step.id, choice.id)}>{t('studio.form.deleteChoice')}</button>
                </div>
              )}
            </fieldset>
          );
        })}
      </Section>
      <TextField path={[...base, 'note']} label={t('studio.form.note')} multiline />
    </div>
  );
}
