// One scenario in the studio: the graph, the side form of the selected step (or of the scenario),
// the live lint and score ranges, find & replace, playtest, and the cohort overlay. Every edit is
// undoable (Ctrl+Z / Ctrl+Y) and saved automatically (Ctrl+S at once); main keeps backups.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, ApiError } from '../api';
import { localText } from '../text';
import { Problem } from '../staff/common';
import type { ReplyOf } from '../../../main/contract';
import type { JsonPath } from '../../../scenarios/format/messages';
import { PHASES, type Phase, type Outcome } from '../../../scenarios/format/schema';
import { canonicalText } from '../../../scenarios/studio/canonical';
import { fixFrenchTypography } from '../../../scenarios/format/typography';
import { addChoice, addStep, deleteChoice, deleteStep, getAt, moveChoice, setAt, setEnding, setPositions, setTimer, stepIndex, type Draft } from '../../../scenarios/studio/edit';
import { History } from '../../../scenarios/studio/history';
import { layoutLanes, NODE } from '../../../scenarios/studio/layout';
import { stepOfPath } from '../../../scenarios/studio/paths';
import type { StudioProps } from './StudioArea';
import { EditContext, type EditApi } from './Fields';
import { Graph, positionsOf, stepsOf, BEHAVIOUR_MARK, type StepMarks } from './Graph';
import { StepForm, type StepActions } from './StepForm';
import { ScenarioForm } from './ScenarioForm';
import { LintPanel, RangesPanel } from './Checks';
import { FindPanel } from './Find';
import { Playtest } from './Playtest';
import { DiagnosticList } from './Library';
import { useLint } from './useLint';

type Entry = ReplyOf<'studio:list'>[number];
type Cohort = ReplyOf<'studio:cohort'>;
type Side = 'form' | 'find' | 'playtest';
type SaveState = 'saved' | 'dirty' | 'saving' | 'failed';

const AUTOSAVE_MS = 1_000;

function Loaded(props: StudioProps & { entry: Entry; initial: Draft; onClose: () => void; onOpen: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  const { session, guard, entry } = props;
  const readOnly = entry.source === 'builtin';
  const history = useRef(new History<Draft>(props.initial));
  const [doc, setDoc] = useState<Draft>(props.initial);
  const [, setTick] = useState(0);
  const [selected, setSelected] = useState<string | undefined>();
  const [focus, setFocus] = useState<{ stepId: string; nonce: number } | undefined>();
  const [side, setSide] = useState<Side>('form');
  const [playFrom, setPlayFrom] = useState<string | undefined>();
  const [highlight, setHighlight] = useState(false);
  const [cohort, setCohort] = useState<Cohort | undefined>();
  const [saveState, setSaveState] = useState<SaveState>('saved');
  const [announce, setAnnounce] = useState<string | undefined>();
  const [publishErrors, setPublishErrors] = useState<{ message: string }[] | undefined>();
  const [newPhase, setNewPhase] = useState<Phase>('seduction');
  const revision = useRef<number | undefined>(entry.revision);
  const saving = useRef<Promise<void> | undefined>(undefined);
  const lint = useLint(doc, (doc.mainLanguage === 'en' ? 'en' : 'fr'));

  const commit = useCallback((next: Draft, label: string, key?: string) => {
    if (readOnly || next === history.current.present) return;
    history.current.commit(next, label, key);
    setDoc(next);
    setSaveState('dirty');
  }, [readOnly]);

  const save = useCallback(async (): Promise<void> => {
    if (readOnly) return;
    if (saving.current) await saving.current;
    const present = history.current.present;
    if (!history.current.dirty) { setSaveState('saved'); return; }
    setSaveState('saving');
    const work = (async () => {
      const reply = await guard(() => call('studio:save', { session, id: entry.id, text: canonicalText(present), ...(revision.current === undefined ? {} : { revision: revision.current }) }));
      if (reply) {
        revision.current = reply.revision;
        history.current.savedMarker(present);
      }
      setSaveState(history.current.dirty ? (reply ? 'dirty' : 'failed') : 'saved');
    })();
    saving.current = work;
    try {
      await work;
    } finally {
      saving.current = undefined;
    }
  }, [entry.id, guard, readOnly, session]);

  // Autosave a second after the last edit; a failed save is retried with the next edit or Ctrl+S.
  useEffect(() => {
    if (saveState !== 'dirty') return undefined;
    const timer = setTimeout(() => void save(), AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [doc, save, saveState]);
  // Leaving the editor saves what is not saved yet.
  const saveRef = useRef(save);
  saveRef.current = save;
  useEffect(() => () => { if (history.current.dirty) void saveRef.current(); }, []);

  const edit = useCallback<EditApi['edit']>((path: JsonPath, value: unknown, label: string) => {
    commit(setAt(history.current.present, path, value), t('studio.history.edit', { what: label }), path.join('.'));
  }, [commit, t]);

  // The lint's French typography warnings come with a fix: the right non-breaking spaces and quotes.
  const fixTypography = useCallback((path: JsonPath) => {
    const text = getAt(history.current.present, path);
    if (typeof text === 'string') commit(setAt(history.current.present, path, fixFrenchTypography(text)), t('studio.history.typography'));
  }, [commit, t]);

  // Undo and redo: one move through the history, then the same updates and announcement.
  const travel = useCallback((direction: 'undo' | 'redo') => {
    const h = history.current;
    const label = direction === 'undo' ? h.undoLabel : h.redoLabel;
    const state = direction === 'undo' ? h.undo() : h.redo();
    if (state === undefined) return;
    setDoc(state);
    setSaveState(h.dirty ? 'dirty' : 'saved');
    setAnnounce(t(direction === 'undo' ? 'studio.history.undone' : 'studio.history.redone', { what: label ?? '' }));
  }, [t]);
  const undo = useCallback(() => travel('undo'), [travel]);
  const redo = useCallback(() => travel('redo'), [travel]);

  const focusStep = useCallback((stepId: string | undefined) => {
    setSide('form');
    setSelected(stepId);
    if (stepId) setFocus({ stepId, nonce: Date.now() });
    setTick((n) => n + 1);
  }, []);

  const followPlaytest = useCallback((stepId: string) => {
    setSelected(stepId);
    setFocus({ stepId, nonce: Date.now() });
  }, []);

  const actions: StepActions = useMemo(() => ({
    addChoice: (stepId) => {
      const r = addChoice(history.current.present, stepId, { lang });
      if (r.choiceId) commit(r.doc, t('studio.history.addChoice'));
    },
    deleteChoice: (stepId, choiceId) => commit(deleteChoice(history.current.present, stepId, choiceId), t('studio.history.deleteChoice')),
    moveChoice: (stepId, choiceId, delta) => commit(moveChoice(history.current.present, stepId, choiceId, delta), t('studio.history.moveChoice')),
    deleteStep: (stepId) => {
      commit(deleteStep(history.current.present, stepId), t('studio.history.deleteStep', { id: stepId }));
      setSelected(undefined);
      setAnnounce(t('studio.history.stepDeleted', { id: stepId }));
    },
    setTimer: (stepId, seconds) => commit(setTimer(history.current.present, stepId, seconds, lang), t('studio.history.timer')),
    setEnding: (stepId, outcome) => commit(setEnding(history.current.present, stepId, outcome as Outcome | undefined), t('studio.history.ending')),
    playFrom: (stepId) => { setPlayFrom(stepId); setSide('playtest'); },
  }), [commit, lang, t]);

  const newStep = useCallback((phase: Phase, from?: string, position?: { x: number; y: number }) => {
    const present = history.current.present;
    const at = position ?? (() => {
      // Keyboard: place it to the right of the step it comes from, else in its lane.
      const positions = positionsOf(present).positions;
      const origin = from ? positions[from] : undefined;
      if (origin) return { x: origin.x + NODE.width + 80, y: origin.y + NODE.height + 20 };
      const lane = layoutLanes(present).lanes.find((l: { phase: Phase }) => l.phase === phase);
      return { x: (lane?.x ?? 0) + 20, y: Math.max(0, ...Object.values(positions).map((p) => p.y)) + NODE.height + 40 };
    })();
    // Every step keeps where it is drawn: the new one is placed, none of the others move.
    const placed = setPositions(present, positionsOf(present).positions);
    const r = addStep(placed, { phase, lang, ...(from ? { from: { stepId: from } } : {}), position: { x: Math.round(at.x), y: Math.round(at.y) } });
    commit(r.doc, t('studio.history.addStep', { id: r.stepId }));
    focusStep(r.stepId);
    setAnnounce(t('studio.history.stepAdded', { id: r.stepId }));
  }, [commit, focusStep, lang, t]);

  const onConnectNew = useCallback((fromStepId: string, position: { x: number; y: number }) => {
    const from = stepsOf(history.current.present)[stepIndex(history.current.present, fromStepId)];
    newStep(from?.phase ?? 'seduction', fromStepId, { x: position.x, y: position.y - NODE.height / 2 });
  }, [newStep]);
  const onConnect = useCallback((fromStepId: string, toStepId: string) => {
    const r = addChoice(history.current.present, fromStepId, { lang, next: toStepId });
    if (r.choiceId) {
      commit(r.doc, t('studio.history.addChoice'));
      focusStep(fromStepId);
    } else setAnnounce(t('studio.form.tooManyChoices'));
  }, [commit, focusStep, lang, t]);
  // The first move saves where every step is drawn, so that moving one never reflows the others.
  const onMove = useCallback((positions: Record<string, { x: number; y: number }>) => {
    const present = history.current.present;
    commit(setPositions(present, { ...positionsOf(present).positions, ...positions }), t('studio.history.move'));
  }, [commit, t]);
  const relayout = () => {
    commit(setPositions(history.current.present, layoutLanes(history.current.present).positions), t('studio.history.relayout'));
    setAnnounce(t('studio.history.relaidOut'));
  };

  const toggleCohort = () => {
    if (cohort) { setCohort(undefined); return; }
    void guard(async () => {
      const reply = await call('studio:cohort', { session, id: entry.id });
      setCohort(reply);
      setAnnounce(t('studio.cohort.loaded', { count: reply.attempts }));
    });
  };

  const publish = () => guard(async () => {
    setPublishErrors(undefined);
    await save();
    const reply = await call('studio:publish', { session, id: entry.id });
    if (!reply.ok) { setPublishErrors(reply.errors); return; }
    // Publishing may bump the version in the draft: reload it so the editor shows what main stored.
    const fresh = await call('studio:get', { session, id: entry.id });
    revision.current = fresh.entry.revision;
    const next = setAt(history.current.present, ['version'], (JSON.parse(fresh.text) as { version?: number }).version);
    history.current.commit(next, t('studio.history.publish'));
    history.current.savedMarker(next);
    setDoc(next);
    setSaveState('saved');
    setAnnounce(t('studio.library.published', { title: localText(entry.title), version: reply.version, hash: reply.contentHash.slice(0, 12) }));
  });

  const duplicate = () => guard(async () => {
    const reply = await call('studio:duplicate', { session, id: entry.id });
    props.onOpen(reply.entry.id);
  });

  // Shortcuts work wherever the focus is while the editor is open (the page itself included).
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const key = e.key.toLowerCase();
      if (key === 'z' && !e.shiftKey) { e.preventDefault(); undo(); }
      else if (key === 'y' || (key === 'z' && e.shiftKey)) { e.preventDefault(); redo(); }
      else if (key === 's') { e.preventDefault(); void save(); }
      else if (key === 'f') { e.preventDefault(); setSide('find'); }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [undo, redo, save]);

  const marks = useMemo(() => {
    const map = new Map<string, { errors: number; warnings: number; visits?: number }>();
    for (const d of lint.diagnostics ?? []) {
      if (d.severity === 'info') continue;
      const stepId = stepOfPath(doc, d.path);
      if (!stepId) continue;
      const m = map.get(stepId) ?? { errors: 0, warnings: 0 };
      if (d.severity === 'error') m.errors++;
      else m.warnings++;
      map.set(stepId, m);
    }
    if (cohort) {
      // Endings take no decision: their visits are the choices (and timeouts) that led there.
      const arrivals = new Map<string, number>();
      for (const step of stepsOf(doc)) {
        for (const c of step.choices ?? []) if (c.next) arrivals.set(c.next, (arrivals.get(c.next) ?? 0) + (cohort.choices[`${step.id}/${c.id}`] ?? 0));
        const out = step.timer?.timeout;
        if (out?.next) arrivals.set(out.next, (arrivals.get(out.next) ?? 0) + (cohort.choices[`${step.id}/${out.id ?? ''}`] ?? 0));
      }
      for (const step of stepsOf(doc)) {
        const visits = cohort.steps[step.id] ?? (step.ending ? arrivals.get(step.id) : undefined);
        if (visits !== undefined) map.set(step.id, { ...(map.get(step.id) ?? { errors: 0, warnings: 0 }), visits });
      }
    }
    return map as ReadonlyMap<string, StepMarks>;
    // The marks follow the lint result (the doc it was computed on is the present one or close to it).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lint.diagnostics, cohort]);

  const highlighted = useMemo(() => {
    const optimal = highlight ? lint.figures?.optimal : undefined;
    return new Set(optimal ? optimal.choices.map((c, i) => `${optimal.steps[i] ?? ''}/${c}`) : []);
  }, [highlight, lint.figures]);

  const editApi = useMemo<EditApi>(() => ({ doc, readOnly, edit }), [doc, readOnly, edit]);
  const steps = stepsOf(doc);
  const stepKey = steps.map((s) => s.id).join('|');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const gotoOptions = useMemo(() => steps.map((s) => <option key={s.id} value={s.id}>{s.id}</option>), [stepKey]);
  const h = history.current;
  return (
    <EditContext.Provider value={editApi}>
      <main className="studio-editor" id="main" aria-labelledby="editor-h">
        <div className="editor-head">
          <button type="button" onClick={() => { void save(); props.onClose(); }}>← {t('studio.editor.back')}</button>
          <h1 id="editor-h">{localText(doc.title as { fr?: string; en?: string } | undefined) || entry.id}</h1>
          <span className={`save-state ${saveState}`} role="status">
            {readOnly ? t('studio.editor.readOnly') : t(`studio.editor.save.${saveState}`)}
          </span>
          {saveState === 'failed' && <button type="button" onClick={() => void save()}>{t('studio.editor.retry')}</button>}
        </div>
        <div className="toolbar" role="toolbar" aria-label={t('studio.editor.toolbar')}>
          {readOnly ? <button type="button" className="primary" onClick={() => void duplicate()}>{t('studio.editor.duplicateToEdit')}</button> : (
            <>
              <button type="button" onClick={undo} disabled={!h.canUndo} aria-keyshortcuts="Control+Z" title={h.undoLabel}>{t('studio.editor.undo')}</button>
              <button type="button" onClick={redo} disabled={!h.canRedo} aria-keyshortcuts="Control+Y" title={h.redoLabel}>{t('studio.editor.redo')}</button>
              <button type="button" onClick={() => void save()} aria-keyshortcuts="Control+S">{t('studio.editor.saveNow')}</button>
              <button type="button" className="primary" onClick={() => void publish()}>{t('studio.library.publish')}</button>
              <span className="group">
                <label htmlFor="new-phase" className="inline-label">{t('studio.editor.newStepPhase')}</label>
                <select id="new-phase" value={newPhase} onChange={(e) => setNewPhase(e.currentTarget.value as Phase)}>
                  {PHASES.map((p) => <option key={p} value={p}>{t(`studio.phase.${p}`)}</option>)}
                </select>
                <button type="button" onClick={() => newStep(newPhase, selected)}>{selected ? t('studio.editor.newStepFrom', { id: selected }) : t('studio.editor.newStep')}</button>
              </span>
              <button type="button" onClick={relayout}>{t('studio.editor.relayout')}</button>
            </>
          )}
          <button type="button" onClick={() => setSide('find')} aria-keyshortcuts="Control+F">{t('studio.editor.find')}</button>
          <button type="button" onClick={() => { setPlayFrom(selected); setSide('playtest'); }}>{t('studio.playtest.heading')}</button>
          <button type="button" aria-pressed={cohort !== undefined} onClick={toggleCohort}>{t('studio.cohort.toggle')}</button>
          <button type="button" onClick={() => focusStep(undefined)}>{t('studio.editor.settings')}</button>
          <span className="group">
            <label htmlFor="goto-step" className="inline-label">{t('studio.editor.goto')}</label>
            <select id="goto-step" value={selected ?? ''} onChange={(e) => focusStep(e.currentTarget.value || undefined)}>
              <option value="">—</option>
              {gotoOptions}
            </select>
          </span>
        </div>
        <p className="visually-hidden" role="status" aria-live="polite">{announce}</p>
        <Problem error={props.error} />
        {publishErrors && (
          <section className="panel" role="alert" aria-labelledby="pub-h">
            <h2 id="pub-h">{t('studio.library.publishRefused')}</h2>
            <DiagnosticList items={publishErrors.map((e) => ({ severity: 'error', message: e.message }))} limit={10} />
          </section>
        )}
        <div className="editor-body">
          <div className="graph-col">
            <Graph
              doc={doc} lang={lang} readOnly={readOnly} selected={selected} marks={marks} highlight={highlighted} cohort={cohort} focus={focus}
              onSelect={(stepId) => { setSelected(stepId); if (stepId) setSide('form'); }} onMove={onMove} onConnectNew={onConnectNew} onConnect={onConnect}
            />
            <p className="legend">
              {t('studio.graph.legend', { proactive: BEHAVIOUR_MARK['proactive'], reactive: BEHAVIOUR_MARK['reactive'], passive: BEHAVIOUR_MARK['passive'] })}
              {cohort && <> · {t('studio.cohort.legend', { count: cohort.attempts })}</>}
            </p>
            <div className="checks">
              <LintPanel doc={doc} diagnostics={lint.diagnostics} pending={lint.pending} onFocus={focusStep} onFixTypography={readOnly ? undefined : fixTypography} />
              <RangesPanel figures={lint.figures} highlight={highlight} onHighlight={setHighlight} />
            </div>
          </div>
          <aside className="side" aria-label={t('studio.editor.side')}>
            {side === 'find' && <FindPanel doc={doc} readOnly={readOnly} onFocus={focusStep} onReplace={(next, label) => commit(next, label)} onClose={() => setSide('form')} />}
            {side === 'playtest' && <Playtest key={playFrom ?? ''} doc={doc} from={playFrom} onClose={() => setSide('form')} onStep={followPlaytest} />}
            {side === 'form' && (selected && stepIndex(doc, selected) >= 0 ? <StepForm stepId={selected} actions={actions} /> : <ScenarioForm />)}
          </aside>
        </div>
        <p className="lint-latency" hidden data-latency={lint.latencyMs ?? ''} data-pending={lint.pending ? '1' : '0'} />
      </main>
    </EditContext.Provider>
  );
}

export function Editor(props: StudioProps & { id: string; onClose: () => void; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const [loaded, setLoaded] = useState<{ entry: Entry; doc: Draft } | undefined>();
  const [failed, setFailed] = useState<string | undefined>();
  const { guard, session, id } = props;
  useEffect(() => {
    void guard(async () => {
      const reply = await call('studio:get', { session, id });
      try {
        setLoaded({ entry: reply.entry, doc: JSON.parse(reply.text) as Draft });
      } catch {
        setFailed(t('studio.editor.unreadable'));
      }
    }).catch((e: unknown) => setFailed(e instanceof ApiError ? e.message : String(e)));
  }, [guard, session, id, t]);
  if (failed) return <main className="page" id="main"><p role="alert" className="error">{failed}</p><button type="button" onClick={props.onClose}>{t('studio.editor.back')}</button></main>;
  if (!loaded) {
    return (
      <main className="page" id="main">
        <Problem error={props.error} />
        <p aria-busy="true">{t('app.loading')}</p>
        <button type="button" onClick={props.onClose}>{t('studio.editor.back')}</button>
      </main>
    );
  }
  return <Loaded {...props} entry={loaded.entry} initial={loaded.doc} />;
}
