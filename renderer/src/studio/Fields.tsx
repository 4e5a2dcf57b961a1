// Form fields bound to a path in the draft: each change is one undoable edit (typing in the same
// field within a second is one step of undo), and a built-in scenario shows them read-only.
import { createContext, memo, useContext, useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { JsonPath } from '../../../scenarios/format/messages';
import { getAt } from '../../../scenarios/studio/edit';

export interface EditApi {
  readonly doc: unknown;
  readonly readOnly: boolean;
  /** Sets (or, with undefined, removes) the value at `path`. */
  readonly edit: (path: JsonPath, value: unknown, label: string) => void;
}
export const EditContext = createContext<EditApi>({ doc: {}, readOnly: true, edit: () => undefined });
export const useEdit = () => useContext(EditContext);

const keyOf = (path: JsonPath) => path.join('.');

export function TextField(props: { path: JsonPath; label: string; multiline?: boolean; required?: boolean; maxLength?: number }) {
  const { doc, readOnly, edit } = useEdit();
  const id = useId();
  const value = getAt(doc, props.path);
  const text = typeof value === 'string' ? value : '';
  const onChange = (next: string) => edit(props.path, next === '' && !props.required ? undefined : next, props.label);
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.multiline
        ? <textarea id={id} value={text} rows={3} readOnly={readOnly} maxLength={props.maxLength ?? 4000} onChange={(e) => onChange(e.currentTarget.value)} data-path={keyOf(props.path)} />
        : <input id={id} value={text} readOnly={readOnly} maxLength={props.maxLength ?? 4000} onChange={(e) => onChange(e.currentTarget.value)} data-path={keyOf(props.path)} />}
    </div>
  );
}

/** A text in both languages: French and English side by side; an empty language falls back to the main one. */
export function LocalizedField(props: { path: JsonPath; label: string; multiline?: boolean }) {
  const { doc, readOnly, edit } = useEdit();
  const id = useId();
  const value = getAt(doc, props.path) as { fr?: string; en?: string } | undefined;
  const set = (lang: 'fr' | 'en', next: string) => {
    const other = lang === 'fr' ? 'en' : 'fr';
    const merged: { fr?: string; en?: string } = {};
    const fr = lang === 'fr' ? next : value?.fr;
    const en = lang === 'en' ? next : value?.en;
    if (fr) merged.fr = fr;
    if (en) merged.en = en;
    edit(props.path, merged[lang] !== undefined || merged[other] !== undefined ? merged : undefined, props.label);
  };
  return (
    <fieldset className="localized">
      <legend>{props.label}</legend>
      {(['fr', 'en'] as const).map((lang) => {
        const fieldId = `${id}-${lang}`;
        const text = value?.[lang] ?? '';
        const common = { id: fieldId, value: text, readOnly, lang, maxLength: 4000, 'data-path': keyOf([...props.path, lang]) };
        return (
          <div key={lang} className="field">
            <label htmlFor={fieldId}>{lang === 'fr' ? 'FR' : 'EN'}<span className="visually-hidden"> — {props.label}</span></label>
            {props.multiline
              ? <textarea {...common} rows={3} onChange={(e) => set(lang, e.currentTarget.value)} />
              : <input {...common} onChange={(e) => set(lang, e.currentTarget.value)} />}
          </div>
        );
      })}
    </fieldset>
  );
}

export function SelectField(props: { path: JsonPath; label: string; options: readonly { value: string; label: string }[]; empty?: string; numeric?: boolean; describedBy?: string }) {
  const { doc, readOnly, edit } = useEdit();
  const { t } = useTranslation();
  const id = useId();
  const value = getAt(doc, props.path);
  const current = value === undefined ? '' : String(value);
  const known = current === '' || props.options.some((o) => o.value === current);
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id} value={current} disabled={readOnly} aria-describedby={props.describedBy}
        onChange={(e) => {
          const raw = e.currentTarget.value;
          edit(props.path, raw === '' ? undefined : props.numeric ? Number(raw) : raw, props.label);
        }}
      >
        {props.empty !== undefined && <option value="">{props.empty}</option>}
        {!known && <option value={current}>{t('studio.form.missing', { id: current })}</option>}
        <Options options={props.options} />
      </select>
    </div>
  );
}

/** The <option>s of a list, rendered again only when the list itself changes (2,000 steps in a « next step » select). */
const Options = memo(function Options(props: { options: readonly { value: string; label: string }[] }) {
  return <>{props.options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}</>;
});

export function NumberField(props: { path: JsonPath; label: string; min: number; max: number; optional?: boolean; hint?: string }) {
  const { doc, readOnly, edit } = useEdit();
  const { t } = useTranslation();
  const id = useId();
  const value = getAt(doc, props.path);
  const text = typeof value === 'number' ? String(value) : '';
  const invalid = typeof value === 'number' && (value < props.min || value > props.max || !Number.isInteger(value));
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id} type="number" inputMode="numeric" min={props.min} max={props.max} step={1} value={text} readOnly={readOnly}
        aria-invalid={invalid} aria-describedby={invalid || props.hint ? `${id}-hint` : undefined}
        onChange={(e) => {
          const raw = e.currentTarget.value;
          if (raw === '') { if (props.optional) edit(props.path, undefined, props.label); return; }
          const n = Number(raw);
          if (Number.isFinite(n)) edit(props.path, Math.trunc(n), props.label);
        }}
      />
      {(invalid || props.hint) && <p id={`${id}-hint`} className={invalid ? 'error' : 'hint'}>{invalid ? t('studio.form.range', { min: props.min, max: props.max }) : props.hint}</p>}
    </div>
  );
}

export function CheckField(props: { checked: boolean; label: string; onChange: (checked: boolean) => void; disabled?: boolean }) {
  const { readOnly } = useEdit();
  const id = useId();
  return (
    <div className="field check">
      <input id={id} type="checkbox" className="inline" checked={props.checked} disabled={readOnly || props.disabled} onChange={(e) => props.onChange(e.currentTarget.checked)} />
      <label htmlFor={id}>{props.label}</label>
    </div>
  );
}

export function Section(props: { title: string; children: ReactNode; actions?: ReactNode }) {
  const id = useId();
  return (
    <section className="form-section" aria-labelledby={id}>
      <div className="section-head"><h3 id={id}>{props.title}</h3>{props.actions}</div>
      {props.children}
    </section>
  );
}
