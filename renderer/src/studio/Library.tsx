// The studio's library: every scenario a trainer can work on. Built-ins are read-only (duplicate
// to edit); custom scenarios are drafts until published, and only published ones reach trainees.
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api';
import { localText, formatNumber } from '../text';
import { Problem, receive } from '../staff/common';
import type { ReplyOf } from '../../../main/contract';
import { MAX_SCENARIO_BYTES } from '../../../scenarios/format/parse';
import { analyseSource } from '../../../scenarios/engine/analysis';
import type { Diagnostic } from '../../../scenarios/format/messages';
import { canonicalText } from '../../../scenarios/studio/canonical';
import { templateScenario, freshId } from '../../../scenarios/studio/template';
import { importTwee, type TweeNote } from '../../../scenarios/studio/twee';
import type { StudioProps } from './StudioArea';

type Entry = ReplyOf<'studio:list'>[number];

interface Preview {
  readonly fileName: string;
  readonly kind: 'json' | 'twee';
  readonly doc: Record<string, unknown> | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly notes: readonly TweeNote[];
}

const uiLang = (language: string): 'fr' | 'en' => (language === 'en' ? 'en' : 'fr');

/** What an imported file would become, linted as the CLI does, before the trainer accepts it. */
export function previewImport(fileName: string, text: string, lang: 'fr' | 'en'): Preview {
  if (/\.(twee|tw)$/i.test(fileName)) {
    const imported = importTwee(text, { lang });
    const doc = imported.scenario as Record<string, unknown> | undefined;
    const diagnostics = doc ? analyseSource(canonicalText(doc), lang).diagnostics : [];
    return { fileName, kind: 'twee', doc, diagnostics, notes: imported.notes };
  }
  const analysis = analyseSource(text, lang);
  let doc: Record<string, unknown> | undefined;
  if (analysis.scenario) {
    try {
      doc = JSON.parse(text) as Record<string, unknown>;
    } catch {
      doc = undefined;
    }
  }
  return { fileName, kind: 'json', doc, diagnostics: analysis.diagnostics, notes: [] };
}

export function DiagnosticList(props: { items: readonly { severity: string; message: string; where?: string | undefined }[]; limit?: number; label?: string }) {
  const { t } = useTranslation();
  const limit = props.limit ?? 50;
  if (props.items.length === 0) return null;
  return (
    <>
      {/* A long list scrolls: focusable, so that it can be scrolled from the keyboard. */}
      <ul className="diagnostics" tabIndex={0} aria-label={props.label ?? t('studio.lint.heading')}>
        {props.items.slice(0, limit).map((d, i) => (
          <li key={i} className={`sev-${d.severity}`}>
            <span className="sev">{t(`studio.severity.${d.severity}`)}</span> {d.message}{d.where ? <span className="where"> — {d.where}</span> : null}
          </li>
        ))}
      </ul>
      {props.items.length > limit && <p>{t('studio.lint.more', { count: props.items.length - limit })}</p>}
    </>
  );
}

export function Library(props: StudioProps & { onOpen: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const lang = uiLang(i18n.language);
  const { session, guard } = props;
  const [entries, setEntries] = useState<Entry[] | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const [deleted, setDeleted] = useState<Entry | undefined>();
  const [title, setTitle] = useState('');
  const [newLang, setNewLang] = useState<'fr' | 'en'>(lang);
  const [titleProblem, setTitleProblem] = useState(false);
  const [preview, setPreview] = useState<Preview | undefined>();
  const [importProblem, setImportProblem] = useState<string | undefined>();
  const [publishErrors, setPublishErrors] = useState<{ id: string; errors: { message: string }[] } | undefined>();
  const fileInput = useRef<HTMLInputElement>(null);

  const refresh = useCallback(async () => setEntries(await call('studio:list', { session })), [session]);
  useEffect(() => { void guard(refresh); }, [guard, refresh]);

  const taken = () => new Set((entries ?? []).map((e) => e.id));
  const create = (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim()) { setTitleProblem(true); return; }
    setTitleProblem(false);
    void guard(async () => {
      const scenarioId = freshId(title, taken());
      await call('studio:save', { session, id: scenarioId, text: canonicalText(templateScenario({ id: scenarioId, lang: newLang, title: title.trim() })) });
      props.onOpen(scenarioId);
    });
  };

  const pick = async (file: File | undefined) => {
    setPreview(undefined);
    setImportProblem(undefined);
    if (!file) return;
    if (file.size > MAX_SCENARIO_BYTES) {
      setImportProblem(t('studio.import.tooLarge', { size: formatNumber(file.size / 1048576), max: formatNumber(MAX_SCENARIO_BYTES / 1048576) }));
      return;
    }
    if (!/\.(json|twee|tw)$/i.test(file.name)) {
      setImportProblem(t('studio.import.wrongType'));
      return;
    }
    setPreview(previewImport(file.name, await file.text(), lang));
  };

  const accept = () => {
    const doc = preview?.doc;
    if (!doc) return;
    void guard(async () => {
      const wanted = typeof doc['id'] === 'string' ? doc['id'] : preview.fileName.replace(/\.[^.]+$/, '');
      const ids = taken();
      const scenarioId = ids.has(wanted) ? freshId(wanted, ids) : freshId(wanted, new Set());
      await call('studio:save', { session, id: scenarioId, text: canonicalText({ ...doc, id: scenarioId }) });
      setPreview(undefined);
      if (fileInput.current) fileInput.current.value = '';
      props.onOpen(scenarioId);
    });
  };

  const duplicate = (entry: Entry) => guard(async () => {
    const reply = await call('studio:duplicate', { session, id: entry.id });
    setDone(t('studio.library.duplicated', { title: localText(reply.entry.title) }));
    await refresh();
  });
  const remove = (entry: Entry) => guard(async () => {
    await call('studio:delete', { session, id: entry.id });
    setDeleted(entry);
    setDone(undefined);
    await refresh();
  });
  const undoDelete = () => guard(async () => {
    if (!deleted) return;
    await call('studio:restore', { session, id: deleted.id });
    setDone(t('studio.library.restored', { title: localText(deleted.title) }));
    setDeleted(undefined);
    await refresh();
  });
  const publish = (entry: Entry) => guard(async () => {
    setPublishErrors(undefined);
    const reply = await call('studio:publish', { session, id: entry.id });
    if (!reply.ok) {
      setPublishErrors({ id: entry.id, errors: reply.errors });
      return;
    }
    setDone(t('studio.library.published', { title: localText(entry.title), version: reply.version, hash: reply.contentHash.slice(0, 12) }));
    await refresh();
  });
  const assign = (entry: Entry, assigned: boolean) => guard(async () => {
    // The box shows the new state at once; the list read back from main then confirms it (or not).
    setEntries((list) => list?.map((e) => (e.id === entry.id ? { ...e, assigned } : e)));
    await call('studio:assign', { session, id: entry.id, assigned }).catch(async (error: unknown) => { await refresh(); throw error; });
    setDone(t(assigned ? 'studio.library.assignedOn' : 'studio.library.assignedOff', { title: localText(entry.title) }));
    await refresh();
  });
  const exportFile = (entry: Entry) => guard(async () => {
    const reply = await call('studio:export', { session, id: entry.id, lang });
    if (reply.cancelled) return;
    setDone(t('studio.library.exported', { file: await receive(reply.file) }));
  });

  return (
    <>
      <Problem error={props.error} />
      <p role="status" className="done">
        {done}
        {deleted && <>{t('studio.library.deleted', { title: localText(deleted.title) })} <button type="button" onClick={() => void undoDelete()}>{t('studio.undo')}</button></>}
      </p>
      <div className="studio-start">
        <form className="panel" onSubmit={create} aria-labelledby={`${id}-new`} noValidate>
          <h2 id={`${id}-new`}>{t('studio.library.newHeading')}</h2>
          <p>{t('studio.library.newExplain')}</p>
          <label htmlFor={`${id}-title`}>{t('studio.library.title')}</label>
          <input id={`${id}-title`} value={title} onChange={(e) => setTitle(e.currentTarget.value)} maxLength={200} aria-invalid={titleProblem} aria-describedby={titleProblem ? `${id}-title-problem` : undefined} />
          {titleProblem && <p id={`${id}-title-problem`} className="error">{t('studio.library.titleRequired')}</p>}
          <label htmlFor={`${id}-lang`}>{t('studio.library.mainLanguage')}</label>
          <select id={`${id}-lang`} value={newLang} onChange={(e) => setNewLang(e.currentTarget.value as 'fr' | 'en')}>
            <option value="fr" lang="fr">Français</option>
            <option value="en" lang="en">English</option>
          </select>
          <button type="submit" className="primary">{t('studio.library.create')}</button>
        </form>
        <section className="panel" aria-labelledby={`${id}-import`}>
          <h2 id={`${id}-import`}>{t('studio.import.heading')}</h2>
          <p>{t('studio.import.explain')}</p>
          <label htmlFor={`${id}-file`}>{t('studio.import.file')}</label>
          <input id={`${id}-file`} ref={fileInput} type="file" accept=".json,.twee,.tw,application/json" onChange={(e) => void pick(e.currentTarget.files?.[0])} />
          {importProblem && <p role="alert" className="error">{importProblem}</p>}
          {preview && (
            <div className="import-preview" role="region" aria-label={t('studio.import.previewLabel', { file: preview.fileName })}>
              <h3>{preview.fileName}</h3>
              {preview.doc ? (
                <p>{t('studio.import.summary', {
                  errors: [...preview.diagnostics, ...preview.notes].filter((d) => d.severity === 'error').length,
                  warnings: [...preview.diagnostics, ...preview.notes].filter((d) => d.severity === 'warning').length,
                  infos: [...preview.diagnostics, ...preview.notes].filter((d) => d.severity === 'info').length,
                })}</p>
              ) : <p role="alert" className="error">{t('studio.import.refused')}</p>}
              {preview.notes.length > 0 && (
                <>
                  <h4>{t('studio.import.tweeReport')}</h4>
                  <DiagnosticList label={t('studio.import.tweeReport')} items={preview.notes.map((n) => ({ severity: n.severity, message: n.message, where: n.passage }))} />
                </>
              )}
              <h4>{t('studio.import.lint')}</h4>
              <DiagnosticList items={preview.diagnostics.map((d) => ({ severity: d.severity, message: d.message, where: d.line ? t('studio.lint.line', { line: d.line, column: d.column ?? 1 }) : undefined }))} />
              <div className="actions">
                {preview.doc && <button type="button" className="primary" onClick={accept}>{t('studio.import.accept')}</button>}
                <button type="button" onClick={() => { setPreview(undefined); if (fileInput.current) fileInput.current.value = ''; }}>{t('studio.cancel')}</button>
              </div>
            </div>
          )}
        </section>
      </div>
      <h2>{t('studio.library.heading')}</h2>
      {!entries ? <p aria-busy="true">{t('app.loading')}</p> : (
        <table className="studio-library">
          <caption className="visually-hidden">{t('studio.library.heading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('studio.library.title')}</th>
              <th scope="col">{t('studio.library.source')}</th>
              <th scope="col">{t('studio.library.version')}</th>
              <th scope="col">{t('studio.library.steps')}</th>
              <th scope="col">{t('studio.library.publication')}</th>
              <th scope="col">{t('studio.library.assigned')}</th>
              <th scope="col">{t('studio.library.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => {
              const name = localText(entry.title);
              return (
                <tr key={entry.id}>
                  <th scope="row">{name}<br /><code>{entry.id}</code></th>
                  <td>{t(`studio.library.sources.${entry.source}`)}</td>
                  <td>{entry.version}</td>
                  <td>{formatNumber(entry.steps)}</td>
                  <td>
                    {entry.source === 'builtin' ? t('studio.library.builtinPublished')
                      : entry.published ? t(entry.changedSincePublish ? 'studio.library.publishedChanged' : 'studio.library.publishedAt', { version: entry.published.version })
                        : t('studio.library.draft')}
                  </td>
                  <td>
                    <input type="checkbox" className="inline" checked={entry.assigned} aria-label={t('studio.library.assignLabel', { title: name })}
                      disabled={entry.source === 'custom' && !entry.published} onChange={(e) => void assign(entry, e.currentTarget.checked)} />
                  </td>
                  <td><div className="actions">
                    <button type="button" onClick={() => props.onOpen(entry.id)} aria-label={t(entry.source === 'builtin' ? 'studio.library.viewLabel' : 'studio.library.editLabel', { title: name })}>
                      {t(entry.source === 'builtin' ? 'studio.library.view' : 'studio.library.edit')}
                    </button>
                    <button type="button" onClick={() => void duplicate(entry)} aria-label={t('studio.library.duplicateLabel', { title: name })}>{t('studio.library.duplicate')}</button>
                    {entry.source === 'custom' && <button type="button" onClick={() => void publish(entry)} aria-label={t('studio.library.publishLabel', { title: name })}>{t('studio.library.publish')}</button>}
                    <button type="button" onClick={() => void exportFile(entry)} aria-label={t('studio.library.exportLabel', { title: name })}>{t('studio.library.export')}</button>
                    {entry.source === 'custom' && <button type="button" className="danger" onClick={() => void remove(entry)} aria-label={t('studio.library.deleteLabel', { title: name })}>{t('studio.library.delete')}</button>}
                  </div></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {publishErrors && (
        <section className="panel" role="alert" aria-labelledby={`${id}-pub`}>
          <h2 id={`${id}-pub`}>{t('studio.library.publishRefused')}</h2>
          <DiagnosticList items={publishErrors.errors.map((e) => ({ severity: 'error', message: e.message }))} />
          <button type="button" onClick={() => props.onOpen(publishErrors.id)}>{t('studio.library.fixIt')}</button>
        </section>
      )}
    </>
  );
}
