// The live checks beside the graph: the lint (the same analysis as the CLI), where clicking an
// issue selects its step and centres the graph on it; and the range of every score, with the
// optimal path that can be highlighted on the graph.
import { useTranslation } from 'react-i18next';
import type { Diagnostic } from '../../../scenarios/format/messages';
import type { Figures } from '../../../scenarios/engine/analysis';
import { stepOfPath, describePath } from '../../../scenarios/studio/paths';
import type { Draft } from '../../../scenarios/studio/edit';
import { SERVICE_CHARACTERISTICS } from '../../../scenarios/format/schema';
import { formatNumber } from '../text';

export function LintPanel(props: { doc: Draft; diagnostics: readonly Diagnostic[] | undefined; pending: boolean; onFocus: (stepId: string | undefined) => void; onFixTypography?: ((path: Diagnostic['path']) => void) | undefined }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  const list = props.diagnostics ?? [];
  const count = (s: string) => list.filter((d) => d.severity === s).length;
  return (
    <section className="lint-panel" aria-labelledby="lint-h" aria-busy={props.pending}>
      <h2 id="lint-h">{t('studio.lint.heading')}</h2>
      <p role="status" className="lint-summary">
        {props.diagnostics === undefined ? t('studio.lint.running')
          : list.length === 0 ? t('studio.lint.clean')
            : t('studio.lint.summary', { errors: count('error'), warnings: count('warning'), infos: count('info') })}
      </p>
      {list.length > 0 && (
        <ul className="diagnostics">
          {list.slice(0, 200).map((d, i) => {
            const stepId = stepOfPath(props.doc, d.path);
            return (
              <li key={`${d.code}-${i}`} className={`sev-${d.severity}`}>
                <button type="button" className="link diagnostic" onClick={() => props.onFocus(stepId)}>
                  <span className="sev">{t(`studio.severity.${d.severity}`)}</span> {d.message}
                  <span className="where"> — {describePath(props.doc, d.path, lang)}</span>
                </button>
                {d.code === 'text.typography' && props.onFixTypography && (
                  <button type="button" className="fix" onClick={() => props.onFixTypography?.(d.path)} aria-label={t('studio.lint.fixTypographyLabel', { where: describePath(props.doc, d.path, lang) })}>{t('studio.lint.fixTypography')}</button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {list.length > 200 && <p>{t('studio.lint.more', { count: list.length - 200 })}</p>}
    </section>
  );
}

// A true minus sign (U+2212) for negative bounds, as typography wants in both languages.
const signed = (n: number) => formatNumber(n).replace(/^-/, '\u2212');
const span = (r: { min: number; max: number } | null | undefined) => (r ? `${signed(r.min)} – ${signed(r.max)}` : '—');

export function RangesPanel(props: { figures: Figures | undefined; highlight: boolean; onHighlight: (on: boolean) => void }) {
  const { t } = useTranslation();
  const f = props.figures;
  return (
    <section className="ranges-panel" aria-labelledby="ranges-h">
      <h2 id="ranges-h">{t('studio.ranges.heading')}</h2>
      {!f ? <p>{t('studio.ranges.unavailable')}</p> : (
        <>
          <table>
            <caption className="visually-hidden">{t('studio.ranges.heading')}</caption>
            <thead><tr><th scope="col">{t('studio.ranges.score')}</th><th scope="col">{t('studio.ranges.range')}</th></tr></thead>
            <tbody>
              <tr><th scope="row">{t('studio.ranges.empathy')}</th><td>{span(f.empathy)}</td></tr>
              <tr><th scope="row">{t('studio.ranges.proactivity')}</th><td>{span(f.proactivity)}</td></tr>
              <tr><th scope="row">{t('studio.ranges.reliability')}</th><td>{span(f.reliability)}</td></tr>
              <tr><th scope="row">{t('studio.ranges.overall')}</th><td>{span(f.overall)}</td></tr>
              <tr><th scope="rowgroup" colSpan={2} className="group-head">{t('studio.ranges.serviceGroup')}</th></tr>
              {SERVICE_CHARACTERISTICS.map((c) => <tr key={c}><th scope="row" className="indent">{t(`studio.service.${c}`)}</th><td>{span(f.service[c])}</td></tr>)}
            </tbody>
          </table>
          <p className="hint">{t('studio.ranges.rawNote')}</p>
          <p>{t(f.pathCountCapped ? 'studio.ranges.pathsCapped' : 'studio.ranges.paths', { count: f.pathCount, formatted: formatNumber(f.pathCount) })}</p>
          <p>{t('studio.ranges.optimal', { outcome: t(`studio.outcome.${f.optimal.outcome?.outcome ?? 'lost'}`), overall: formatNumber(f.optimal.scores.overall), steps: f.optimal.steps.length })}</p>
          <div className="field check">
            <input id="highlight-optimal" type="checkbox" className="inline" checked={props.highlight} onChange={(e) => props.onHighlight(e.currentTarget.checked)} />
            <label htmlFor="highlight-optimal">{t('studio.ranges.highlight')}</label>
          </div>
        </>
      )}
    </section>
  );
}
