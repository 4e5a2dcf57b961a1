// The scenario's own settings, shown when no step is selected: title and summary, briefing
// (setting, customer persona and loyalty, objectives, needs), starting meters, pass mark, first
// step and the implicit commitments the industry norm makes without a word (seed 001).
import { useTranslation } from 'react-i18next';
import { DIFFICULTIES, LOYALTY_BASES, LOYALTY_PATTERNS, METERS } from '../../../scenarios/format/schema';
import type { JsonPath } from '../../../scenarios/format/messages';
import { getAt, type Draft } from '../../../scenarios/studio/edit';
import { LocalizedField, NumberField, Section, SelectField, TextField, useEdit } from './Fields';
import { stepsOf } from './Graph';

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
    </div>
  );
}
