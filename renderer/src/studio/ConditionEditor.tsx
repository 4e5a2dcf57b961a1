// The condition of a choice or of an automatic transition, as a form: a test on a customer meter,
// a flag or a commitment, or a combination of such tests (all of them, any of them, the opposite
// of one), nested as deep as the scenario needs. Switching a test to a combination keeps it as the
// combination's first test; switching between « all » and « any » keeps the list.
import { useTranslation } from 'react-i18next';
import { COMMITMENT_STATUSES, METERS } from '../../../scenarios/format/schema';
import type { JsonPath } from '../../../scenarios/format/messages';
import { getAt, isRecord } from '../../../scenarios/studio/edit';
import { NumberField, SelectField, TextField, CheckField, useEdit } from './Fields';

/** The schema's limit on the tests of one « all » or « any ». */
const MAX_TESTS = 32;

type Kind = 'none' | 'meter' | 'flag' | 'commitment' | 'all' | 'any' | 'not' | 'unknown';

export function conditionKind(condition: unknown): Kind {
  if (condition === undefined) return 'none';
  if (!isRecord(condition)) return 'unknown';
  for (const kind of ['meter', 'flag', 'commitment', 'all', 'any', 'not'] as const) if (kind in condition) return kind;
  return 'unknown';
}

const listOf = (condition: unknown): unknown[] | undefined => {
  if (!isRecord(condition)) return undefined;
  const list = condition['all'] ?? condition['any'];
  return Array.isArray(list) ? list : undefined;
};

/**
 * The condition `next` kind becomes, from the one there: a fresh test, or a combination that
 * keeps what was there (a test becomes its first test, a list stays a list).
 */
export function switchedCondition(current: unknown, next: Kind, commitments: readonly string[]): unknown {
  const meter = { meter: 'patience', op: 'gte', value: 50 };
  const kind = conditionKind(current);
  const simple = kind === 'meter' || kind === 'flag' || kind === 'commitment' || kind === 'not' ? current : undefined;
  switch (next) {
    case 'meter': return meter;
    case 'flag': return { flag: 'drapeau', is: true };
    case 'commitment': return { commitment: commitments[0] ?? 'engagement', status: 'kept' };
    case 'all':
    case 'any': return { [next]: listOf(current) ?? [simple ?? meter] };
    case 'not': return { not: kind === 'none' || kind === 'unknown' ? meter : current };
    default: return undefined;
  }
}

export function ConditionEditor(props: {
  path: JsonPath;
  commitments: readonly string[];
  /** The legend, and the name of the edit in the undo history (default: a choice's « Proposé seulement si »). */
  label?: string;
  /** Whether « none » is offered (a choice's condition is optional; a transition's is not). */
  optional?: boolean;
  /** A test inside a combination: the button that takes it out. */
  remove?: { label: string; onRemove: () => void } | undefined;
}) {
  const { t } = useTranslation();
  const { doc, edit, readOnly } = useEdit();
  const condition = getAt(doc, props.path);
  const kind = conditionKind(condition);
  const label = props.label ?? t('studio.form.condition');
  const optional = props.optional ?? true;
  const id = props.path.join('-');
  const list = listOf(condition);
  const kinds: Kind[] = [...(optional ? ['none' as const] : []), 'meter', 'flag', 'commitment', 'all', 'any', 'not'];
  return (
    <fieldset className="condition">
      <legend>{label}</legend>
      <div className="field">
        <label htmlFor={`${id}-kind`}>{t('studio.form.conditionKind')}</label>
        <select id={`${id}-kind`} value={kind} disabled={readOnly} onChange={(e) => edit(props.path, switchedCondition(condition, e.currentTarget.value as Kind, props.commitments), label)}>
          {kinds.map((k) => <option key={k} value={k}>{t(`studio.condition.${k}`)}</option>)}
          {(kind === 'unknown' || (kind === 'none' && !optional)) && <option value={kind}>{t(`studio.condition.${kind}`)}</option>}
        </select>
      </div>
      {kind === 'meter' && (
        <div className="row">
          <SelectField path={[...props.path, 'meter']} label={t('studio.form.meter')} options={METERS.map((m) => ({ value: m, label: t(`studio.meter.${m}`) }))} />
          <SelectField path={[...props.path, 'op']} label={t('studio.form.op')} options={['lt', 'lte', 'gt', 'gte', 'eq'].map((o) => ({ value: o, label: t(`studio.op.${o}`) }))} />
          <NumberField path={[...props.path, 'value']} label={t('studio.form.value')} min={0} max={100} />
        </div>
      )}
      {kind === 'flag' && (
        <div className="row">
          <TextField path={[...props.path, 'flag']} label={t('studio.form.flag')} required maxLength={80} />
          <CheckField checked={(condition as { is?: boolean }).is !== false} label={t('studio.form.flagSet')} onChange={(on) => edit([...props.path, 'is'], on, label)} />
        </div>
      )}
      {kind === 'commitment' && (
        <div className="row">
          <SelectField path={[...props.path, 'commitment']} label={t('studio.form.commitmentId')} options={props.commitments.map((c) => ({ value: c, label: c }))} />
          <SelectField path={[...props.path, 'status']} label={t('studio.form.status')} options={COMMITMENT_STATUSES.map((s) => ({ value: s, label: t(`studio.commitmentStatus.${s}`) }))} />
        </div>
      )}
      {(kind === 'all' || kind === 'any') && list && (
        <div className="condition-list">
          {list.map((_, i) => (
            <ConditionEditor
              key={i} path={[...props.path, kind, i]} commitments={props.commitments} label={t('studio.condition.test', { n: i + 1 })} optional={false}
              remove={list.length > 1 ? { label: t('studio.condition.remove', { n: i + 1 }), onRemove: () => edit([...props.path, kind], list.filter((__, k) => k !== i), label) } : undefined}
            />
          ))}
          {!readOnly && list.length < MAX_TESTS && (
            <button type="button" onClick={() => edit([...props.path, kind], [...list, switchedCondition(undefined, 'meter', props.commitments)], label)}>{t('studio.condition.add')}</button>
          )}
        </div>
      )}
      {kind === 'not' && <ConditionEditor path={[...props.path, 'not']} commitments={props.commitments} label={t('studio.condition.negated')} optional={false} />}
      {kind === 'unknown' && <p className="hint">{t('studio.condition.unknownHint')}</p>}
      {props.remove && !readOnly && <div className="actions"><button type="button" className="danger" onClick={props.remove.onRemove}>{props.remove.label}</button></div>}
    </fieldset>
  );
}
