// The scenario's own settings, shown when no step is selected: title and summary, briefing
// (setting, customer persona and loyalty, objectives, needs), starting meters, pass mark, first
// step, the implicit commitments the industry norm makes without a word (seed 001) and the
// automatic transitions (a condition tested after every decision that sends the encounter elsewhere).
import { useTranslation } from 'react-i18next';
import { DIFFICULTIES, LOYALTY_BASES, LOYALTY_PATTERNS, METERS, PHASES, type Phase } from '../../../scenarios/format/schema';
import type { JsonPath } from '../../../scenarios/format/messages';
import { addTransition, getAt, isRecord, moveTransition, transitionsOf, type Draft } from '../../../scenarios/studio/edit';
import { CheckField, LocalizedField, NumberField, Section, SelectField, TextField, useEdit } from './Fields';
import { stepsOf } from './Graph';
import { ConditionEditor } from './ConditionEditor';
import { commitmentIds, useStepOptions } from './StepForm';

function TextList(props: { path: JsonPath; title: string; itemLabel: string; min?: number }) {
  const { t } = useTranslation();
  const { doc, edit, readOnly } = useEdit();
  const items = getAt(doc, props.path);
  const list = Array.isArray(items) ? items : [];
  return (
    <Section
      title={props.title}
      actions={readOnly ? undefined : <button type="button" onClick={() => edit(props.path, [...list, { fr: '…', en: '…' }], props.title)}>{t('studio.form.addItem')}</button>}
    >
      {list.map((_, i) => (
        <div key={i} className="list-item">
          <LocalizedField path={[...props.path, i]} label={`${props.itemLabel} ${i + 1}`} />
          {!readOnly && list.length > (props.min ?? 0) && (
            <button type="button" className="danger" onClick={() => edit(props.path, list.filter((__, k) => k !== i), props.title)} aria-label={t('studio.form.removeItem', { item: `${props.itemLabel} ${i + 1}` })}>{t('studio.form.remove')}</button>
          )}
        </div>
      ))}
    </Section>
  );
}

/** Which phases a transition is tested after: all four when it names none; at least one stays. */
function PhasesEditor(props: { index: number; label: string }) {
  const { t } = useTranslation();
  const { doc, edit } = useEdit();
  const path: JsonPath = ['transitions', props.index, 'phases'];
  const raw = getAt(doc, path);
  const chosen = Array.isArray(raw) ? PHASES.filter((p) => raw.includes(p)) : [...PHASES];
  const toggle = (phase: Phase, on: boolean) => {
    const next = PHASES.filter((p) => (p === phase ? on : chosen.includes(p)));
    if (next.length === 0) return;
    edit(path, next.length === PHASES.length ? undefined : next, props.label);
  };
  return (
    <fieldset className="phases">
      <legend>{t('studio.form.transitionPhases')}</legend>
      <div className="row">
        {PHASES.map((p) => <CheckField key={p} checked={chosen.includes(p)} label={t(`studio.phase.${p}`)} disabled={chosen.length === 1 && chosen[0] === p} onChange={(on) => toggle(p, on)} />)}
      </div>
      <p className="hint">{t('studio.form.transitionPhasesHint')}</p>
    </fieldset>
  );
}

function TransitionsSection() {
  const { t } = useTranslation();
  const { doc, edit, readOnly } = useEdit();
  const draft = doc as Draft;
  const transitions = transitionsOf(draft);
  const stepOptions = useStepOptions(stepsOf(draft));
  const commitments = commitmentIds(draft);
  const heading = t('studio.form.transitionsHeading');
  const replace = (next: Draft) => edit(['transitions'], next.transitions, heading);
  return (
    <Section title={heading} actions={readOnly ? undefined : <button type="button" onClick={() => replace(addTransition(draft))}>{t('studio.form.addTransition')}</button>}>
      <p className="hint">{t('studio.form.transitionsHint')}</p>
      {transitions.map((transition, i) => {
        const legend = t('studio.form.transitionLegend', { n: i + 1, id: isRecord(transition) && typeof transition['id'] === 'string' ? transition['id'] : '?' });
        return (
          <fieldset key={i} className="transition">
            <legend>{legend}</legend>
            <div className="row">
              <TextField path={['transitions', i, 'id']} label={t('studio.form.transitionId')} required maxLength={80} />
              <SelectField path={['transitions', i, 'to']} label={t('studio.form.transitionTo')} options={stepOptions} />
            </div>
            <ConditionEditor path={['transitions', i, 'when']} commitments={commitments} label={t('studio.form.transitionWhen')} optional={false} />
            <PhasesEditor index={i} label={heading} />
            {!readOnly && (
              <div className="actions">
                <button type="button" disabled={i === 0} onClick={() => replace(moveTransition(draft, i, -1))}>{t('studio.form.moveUp')}</button>
                <button type="button" disabled={i === transitions.length - 1} onClick={() => replace(moveTransition(draft, i, 1))}>{t('studio.form.moveDown')}</button>
                <button type="button" className="danger" onClick={() => edit(['transitions'], transitions.filter((_, k) => k !== i), heading)} aria-label={t('studio.form.removeItem', { item: legend })}>{t('studio.form.remove')}</button>
              </div>
            )}
          </fieldset>
        );
      })}
    </Section>
  );
}

export function ScenarioForm() {
  const { t } = useTranslation();
  const { doc, edit, readOnly } = useEdit();
  const draft = doc as Draft;
  const implicit = Array.isArray(draft.implicitCommitments) ? draft.implicitCommitments : [];
  return (
    <div className="scenario-form">
      <h2>{t('studio.form.scenarioHeading')}</h2>
      <p className="hint">{t('studio.form.scenarioHint', { id: String(draft.id ?? ''), version: String(draft.version ?? '') })}</p>
      <LocalizedField path={['title']} label={t('studio.form.title')} />
      <LocalizedField path={['summary']} label={t('studio.form.summary')} multiline />
      <div className="row">
        <SelectField path={['mainLanguage']} label={t('studio.form.mainLanguage')} options={[{ value: 'fr', label: 'Français' }, { value: 'en', label: 'English' }]} />
        <SelectField path={['start']} label={t('studio.form.start')} options={stepsOf(draft).map((s) => ({ value: s.id, label: s.id }))} empty={t('studio.form.startDefault')} />
        <NumberField path={['rules', 'passMark']} label={t('studio.form.passMark')} min={0} max={100} optional />
      </div>
      <Section title={t('studio.form.metersHeading')}>
        <div className="row">{METERS.map((m) => <NumberField key={m} path={['meters', m]} label={t(`studio.meter.${m}`)} min={0} max={100} />)}</div>
      </Section>
      <Section title={t('studio.form.rulesHeading')}>
        <p className="hint">{t('studio.form.rulesHint')}</p>
        <div className="row">
          <NumberField path={['rules', 'coldInfluence', 'trustBelow']} label={t('studio.form.coldTrustBelow')} min={0} max={100} optional />
          <NumberField path={['rules', 'coldInfluence', 'trustCost']} label={t('studio.form.coldTrustCost')} min={0} max={100} optional />
          <NumberField path={['rules', 'coldInfluence', 'empathyCost']} label={t('studio.form.coldEmpathyCost')} min={0} max={3} optional />
        </div>
        <div className="row">
          <NumberField path={['rules', 'walkOut', 'patienceAtOrBelow']} label={t('studio.form.walkOutPatience')} min={0} max={100} optional />
          <NumberField path={['rules', 'walkOut', 'moodAtOrBelow']} label={t('studio.form.walkOutMood')} min={0} max={100} optional />
          <SelectField path={['rules', 'walkOut', 'step']} label={t('studio.form.walkOutStep')} options={stepsOf(draft).filter((s) => s.ending?.outcome === 'lost').map((s) => ({ value: s.id, label: s.id }))} empty={t('studio.form.none')} />
        </div>
        <div className="row">
          <NumberField path={['rules', 'openCommitmentMoodCost']} label={t('studio.form.openCommitmentCost')} min={0} max={100} optional />
          <NumberField path={['rules', 'outcomeValues', 'prescriber']} label={t('studio.form.valuePrescriber')} min={0} max={1000000} optional />
          <NumberField path={['rules', 'outcomeValues', 'passive']} label={t('studio.form.valuePassive')} min={0} max={1000000} optional />
          <NumberField path={['rules', 'outcomeValues', 'lost']} label={t('studio.form.valueLost')} min={0} max={1000000} optional />
        </div>
      </Section>
      <Section title={t('studio.form.briefingHeading')}>
        <LocalizedField path={['briefing', 'setting']} label={t('studio.form.setting')} multiline />
        <TextField path={['briefing', 'customer', 'name']} label={t('studio.form.customerName')} required maxLength={120} />
        <LocalizedField path={['briefing', 'customer', 'portrait']} label={t('studio.form.portrait')} multiline />
        <div className="row">
          <SelectField path={['briefing', 'customer', 'loyalty', 'pattern']} label={t('studio.form.loyaltyPattern')} options={LOYALTY_PATTERNS.map((p) => ({ value: p, label: t(`studio.loyalty.${p}`) }))} />
          <SelectField path={['briefing', 'customer', 'loyalty', 'basis']} label={t('studio.form.loyaltyBasis')} options={LOYALTY_BASES.map((b) => ({ value: b, label: t(`studio.loyalty.${b}`) }))} />
          <SelectField path={['briefing', 'difficulty']} label={t('studio.form.difficulty')} options={DIFFICULTIES.map((d) => ({ value: d, label: t(`studio.difficulty.${d}`) }))} />
          <NumberField path={['briefing', 'estimatedMinutes']} label={t('studio.form.minutes')} min={1} max={120} />
        </div>
      </Section>
      <TextList path={['briefing', 'objectives']} title={t('studio.form.objectives')} itemLabel={t('studio.form.objective')} min={1} />
      <TextList path={['briefing', 'customer', 'explicitNeeds']} title={t('studio.form.explicitNeeds')} itemLabel={t('studio.form.need')} />
      <TextList path={['briefing', 'customer', 'implicitNeeds']} title={t('studio.form.implicitNeeds')} itemLabel={t('studio.form.need')} />
      <Section
        title={t('studio.form.implicitHeading')}
        actions={readOnly ? undefined : <button type="button" onClick={() => edit(['implicitCommitments'], [...implicit, { id: `implicite-${implicit.length + 1}`, label: { fr: 'Ce que la norme promet', en: 'What the norm promises' } }], t('studio.form.implicitHeading'))}>{t('studio.form.addItem')}</button>}
      >
        <p className="hint">{t('studio.form.implicitHint')}</p>
        {implicit.map((_, i) => (
          <div key={i} className="list-item">
            <TextField path={['implicitCommitments', i, 'id']} label={t('studio.form.commitmentId')} required maxLength={80} />
            <LocalizedField path={['implicitCommitments', i, 'label']} label={t('studio.form.commitmentLabel')} />
            {!readOnly && <button type="button" className="danger" onClick={() => edit(['implicitCommitments'], implicit.filter((__, k) => k !== i), t('studio.form.implicitHeading'))}>{t('studio.form.remove')}</button>}
          </div>
        ))}
      </Section>
      <TransitionsSection />
    </div>
  );
}
