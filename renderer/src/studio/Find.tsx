// Find and replace across every text of the scenario, in French, English or both; a match
// selects its step. Replacing is one undoable edit.
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { findAll, replaceAll, replaceOne, type Match } from '../../../scenarios/studio/find';
import { describePath } from '../../../scenarios/studio/paths';
import type { Draft } from '../../../scenarios/studio/edit';

export function FindPanel(props: { doc: Draft; readOnly: boolean; onFocus: (stepId: string | undefined) => void; onReplace: (doc: Draft, label: string) => void; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const uiLang = i18n.language === 'en' ? 'en' : 'fr';
  const [query, setQuery] = useState('');
  const [replacement, setReplacement] = useState('');
  const [lang, setLang] = useState<'fr' | 'en' | 'both'>('both');
  const [caseSensitive, setCaseSensitive] = useState(false);
  const [done, setDone] = useState<string | undefined>();
  const options = useMemo(() => ({ lang, caseSensitive }), [lang, caseSensitive]);
  const matches: Match[] = useMemo(() => (query ? findAll(props.doc, query, options) : []), [props.doc, query, options]);
  const replaceEvery = () => {
    const { doc, count } = replaceAll(props.doc, query, replacement, options);
    if (count > 0) props.onReplace(doc, t('studio.find.replaceAllLabel', { query }));
    setDone(t('studio.find.replaced', { count }));
  };
  return (
    <section className="find-panel" aria-labelledby={`${id}-h`}>
      <div className="section-head">
        <h2 id={`${id}-h`}>{t('studio.find.heading')}</h2>
        <button type="button" onClick={props.onClose}>{t('studio.close')}</button>
      </div>
      <div className="row">
        <div className="field">
          <label htmlFor={`${id}-q`}>{t('studio.find.query')}</label>
          <input id={`${id}-q`} type="search" value={query} autoFocus onChange={(e) => { setQuery(e.currentTarget.value); setDone(undefined); }} />
        </div>
        {!props.readOnly && (
          <div className="field">
            <label htmlFor={`${id}-r`}>{t('studio.find.replacement')}</label>
            <input id={`${id}-r`} value={replacement} onChange={(e) => setReplacement(e.currentTarget.value)} />
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-lang`}>{t('studio.find.lang')}</label>
          <select id={`${id}-lang`} value={lang} onChange={(e) => setLang(e.currentTarget.value as 'fr' | 'en' | 'both')}>
            <option value="both">{t('studio.find.both')}</option>
            <option value="fr">Français</option>
            <option value="en">English</option>
          </select>
        </div>
        <div className="field check">
          <input id={`${id}-case`} type="checkbox" className="inline" checked={caseSensitive} onChange={(e) => setCaseSensitive(e.currentTarget.checked)} />
          <label htmlFor={`${id}-case`}>{t('studio.find.caseSensitive')}</label>
        </div>
      </div>
      <p role="status">{done ?? (query ? t('studio.find.count', { count: matches.length }) : '')}</p>
      {!props.readOnly && query && matches.length > 0 && <button type="button" onClick={replaceEvery}>{t('studio.find.replaceAll', { count: matches.length })}</button>}
      <ul className="matches">
        {matches.slice(0, 100).map((m, i) => (
          <li key={`${m.path.join('.')}-${m.index}-${i}`}>
            <button type="button" className="link" onClick={() => props.onFocus(m.stepId)}>
              <span className="where">{describePath(props.doc, m.path, uiLang)}</span> — {m.text.slice(Math.max(0, m.index - 30), m.index)}<mark>{m.text.slice(m.index, m.index + query.length)}</mark>{m.text.slice(m.index + query.length, m.index + query.length + 30)}
            </button>
            {!props.readOnly && <button type="button" onClick={() => props.onReplace(replaceOne(props.doc, m, replacement), t('studio.find.replaceOneLabel', { query }))} aria-label={t('studio.find.replaceOneAria', { where: describePath(props.doc, m.path, uiLang) })}>{t('studio.find.replaceOne')}</button>}
          </li>
        ))}
      </ul>
      {matches.length > 100 && <p>{t('studio.lint.more', { count: matches.length - 100 })}</p>}
    </section>
  );
}
