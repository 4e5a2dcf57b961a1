// Lint and analysis of a scenario: structure (via ../format/parse), then the graph — references,
// duplicates, dead ends, unreachable steps, loops without an exit, phase order, translations,
// commitments — and the figures a trainer needs: score ranges, optimal and worst paths, path count.
import type { Scenario, Condition, CommitmentEffect, Phase, ServiceCharacteristic, Step } from '../format/schema';
import { PHASES, OUTCOMES } from '../format/schema';
import { diagnostic, type Diagnostic, type JsonPath } from '../format/messages';
import { loadScenario, SourceLocator } from '../format/parse';
import type { Lang } from '../format/text';
import { LANGUAGES } from '../format/text';
import { frenchTypographyProblem } from '../format/typography';
import { compile, phaseRank } from './compile';
import { analyseGraph, pathLog, PROACTIVITY_POINTS, type PathStep, type Range } from './graph';
import { isMeterDecrease } from './rules';
import { score, type Report } from './score';

export interface PathSummary {
  readonly choices: readonly string[];
  readonly steps: readonly string[];
  readonly outcome: Report['outcome'];
  readonly scores: Report['scores'];
}

export interface Figures {
  /** Raw points (the scores are normalised against these ranges). */
  readonly empathy: Range;
  readonly proactivity: Range;
  /** Raw points of each service characteristic; null where no option is tagged with it. */
  readonly service: Readonly<Record<ServiceCharacteristic, Range | null>>;
  /** The reliability and overall scores (0–100) themselves. */
  readonly reliability: Range;
  readonly overall: Range;
  readonly exact: boolean;
  readonly optimal: PathSummary;
  readonly worst: PathSummary;
  readonly pathCount: number;
  readonly pathCountCapped: boolean;
  readonly steps: number;
  readonly choices: number;
}

export interface Analysis {
  readonly scenario: Scenario | undefined;
  readonly diagnostics: Diagnostic[];
  readonly figures: Figures | undefined;
}

const choicesPath = (i: number, j: number): JsonPath => ['steps', i, 'choices', j];
const isEffect = (v: number | undefined) => v !== undefined && v !== 0;

function conditionRefs(condition: Condition, flags: string[], commitments: string[]): void {
  if ('flag' in condition) flags.push(condition.flag);
  else if ('commitment' in condition) commitments.push(condition.commitment);
  else if ('all' in condition) condition.all.forEach((c) => conditionRefs(c, flags, commitments));
  else if ('any' in condition) condition.any.forEach((c) => conditionRefs(c, flags, commitments));
  else if ('not' in condition) conditionRefs(condition.not, flags, commitments);
}

/**
 * Calls `onText` for every localised text in the document (objects whose keys are only fr/en);
 * its path is built only when asked for (most texts have nothing to report).
 */
function forEachText(root: unknown, onText: (value: Record<string, unknown>, path: () => JsonPath) => void): void {
  const path: (string | number)[] = [];
  const here = () => [...path];
  const isNode = (value: unknown): value is object => typeof value === 'object' && value !== null;
  // Only objects and arrays are visited: a number or a string holds no text.
  const visit = (node: object): void => {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const child: unknown = node[i];
        if (isNode(child)) { path.push(i); visit(child); path.pop(); }
      }
      return;
    }
    const record = node as Record<string, unknown>;
    let textLike = false;
    for (const key in record) { textLike = key === 'fr' || key === 'en'; if (!textLike) break; }
    if (textLike) { onText(record, here); return; }
    for (const key in record) {
      if (key === 'editor') continue;
      const child = record[key];
      if (isNode(child)) { path.push(key); visit(child); path.pop(); }
    }
  };
  if (isNode(root)) visit(root);
}

type Add = (severity: Diagnostic['severity'], code: Diagnostic['code'], path: JsonPath, params?: Record<string, string | number>) => void;

/** A list of diagnostics and the function that adds to it. */
function collector(lang: Lang): { out: Diagnostic[]; add: Add } {
  const out: Diagnostic[] = [];
  return { out, add: (severity, code, path, params = {}) => out.push(diagnostic(severity, code, path, lang, params)) };
}

/** The scenario's analysis in the order analyseScenario reports it: references, texts, graph. */
export interface AnalysisParts {
  /** Identifiers, references, commitments, flags, walk-out, phases. */
  readonly references: Diagnostic[];
  /** Localised texts: main language, translations, French typography (see textDiagnostics). */
  readonly texts: Diagnostic[];
  /** Reachability, loops, outcomes, bounds (empty where the references are broken). */
  readonly graph: Diagnostic[];
  readonly figures: Figures | undefined;
}

/** By id, the last step that has it, with its index. */
function stepsById(steps: readonly Step[]): Map<string, { readonly step: Step; readonly i: number }> {
  const byId = new Map<string, { readonly step: Step; readonly i: number }>();
  for (let i = 0; i < steps.length; i++) byId.set(steps[i]!.id, { step: steps[i]!, i });
  return byId;
}

function checkReferences(scenario: Scenario, add: Add): void {
  // Identifiers and references.
  const stepIds = new Set<string>();
  const choiceIds = new Set<string>();
  const madeCommitments = new Set<string>();
  const implicit = new Set<string>();
  const setFlags = new Set<string>();
  const testedFlags: { id: string; path: JsonPath }[] = [];
  const testedCommitments: { id: string; path: JsonPath }[] = [];
  const usedCommitments: { effect: CommitmentEffect; path: JsonPath }[] = [];
  scenario.implicitCommitments.forEach((c, i) => {
    if (implicit.has(c.id)) add('error', 'commitment.duplicate', ['implicitCommitments', i, 'id'], { id: c.id });
    implicit.add(c.id);
  });
  const { steps } = scenario;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    if (stepIds.has(step.id)) add('error', 'id.duplicate-step', ['steps', i, 'id'], { id: step.id });
    stepIds.add(step.id);
  }
  // Paths are built only for what is reported or kept for later (most options have nothing to say).
  const checkRef = (id: string, path: () => JsonPath) => { if (!stepIds.has(id)) add('error', 'ref.unknown-step', path(), { id }); };
  const noteCondition = (condition: Condition, path: JsonPath) => {
    const flags: string[] = [];
    const commitments: string[] = [];
    conditionRefs(condition, flags, commitments);
    flags.forEach((id) => testedFlags.push({ id, path }));
    commitments.forEach((id) => testedCommitments.push({ id, path }));
  };
  const noteFlags = (flags: Record<string, boolean>) => { for (const [k, v] of Object.entries(flags)) if (v) setFlags.add(k); };
  const noteCommitment = (effect: CommitmentEffect, path: JsonPath) => {
    if (effect.action === 'make') madeCommitments.add(effect.id);
    else usedCommitments.push({ effect, path });
  };

  let endings = 0;
  let walkOutPossible = false;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    if (step.ending) {
      endings++;
      if (step.choices.length > 0) add('error', 'step.ending-with-choices', ['steps', i, 'choices'], { id: step.id });
      if (step.timer) add('error', 'step.ending-with-timer', ['steps', i, 'timer'], { id: step.id });
    } else if (step.choices.length === 0) {
      add('error', 'step.dead-end', ['steps', i, 'id'], { id: step.id });
    }
    for (let j = 0; j < step.choices.length; j++) {
      const choice = step.choices[j]!;
      if (choiceIds.has(choice.id)) add('error', 'id.duplicate-choice', [...choicesPath(i, j), 'id'], { id: choice.id });
      choiceIds.add(choice.id);
      if (!stepIds.has(choice.next)) add('error', 'ref.unknown-step', [...choicesPath(i, j), 'next'], { id: choice.next });
      if (choice.next === step.id) add('error', 'step.self-loop', [...choicesPath(i, j), 'next'], { id: step.id, choice: choice.id });
      if (choice.condition) noteCondition(choice.condition, [...choicesPath(i, j), 'condition']);
      if (choice.setFlags) noteFlags(choice.setFlags);
      if (choice.commitment) noteCommitment(choice.commitment, [...choicesPath(i, j), 'commitment']);
      if (isMeterDecrease(choice.effects)) walkOutPossible = true;
      // The customer reacts to every choice (seed 003: people never forget how they felt).
      if (choice.effects === undefined || !Object.values(choice.effects).some(isEffect)) add('info', 'choice.no-effects', [...choicesPath(i, j), 'id'], { id: choice.id });
    }
    if (step.timer) {
      const t = step.timer.timeout;
      const path: JsonPath = ['steps', i, 'timer', 'timeout'];
      if (choiceIds.has(t.id)) add('error', 'id.duplicate-choice', [...path, 'id'], { id: t.id });
      choiceIds.add(t.id);
      checkRef(t.next, () => [...path, 'next']);
      if (t.next === step.id) add('error', 'step.self-loop', [...path, 'next'], { id: step.id, choice: t.id });
      if (t.setFlags) noteFlags(t.setFlags);
      if (t.commitment) noteCommitment(t.commitment, [...path, 'commitment']);
      if (isMeterDecrease(t.effects)) walkOutPossible = true;
    }
  }
  const transitionIds = new Set<string>();
  scenario.transitions.forEach((t, i) => {
    if (transitionIds.has(t.id)) add('error', 'id.duplicate-transition', ['transitions', i, 'id'], { id: t.id });
    transitionIds.add(t.id);
    checkRef(t.to, () => ['transitions', i, 'to']);
    noteCondition(t.when, ['transitions', i, 'when']);
  });
  if (scenario.start !== undefined) checkRef(scenario.start, () => ['start']);
  if (endings === 0) add('error', 'ending.none', ['steps']);

  for (const { effect, path } of usedCommitments) {
    if (!madeCommitments.has(effect.id) && !implicit.has(effect.id)) add('error', 'commitment.unknown', [...path, 'id'], { id: effect.id });
  }
  for (const { id, path } of testedCommitments) {
    if (!madeCommitments.has(id) && !implicit.has(id)) add('error', 'commitment.unknown', path, { id });
  }
  for (const { id, path } of testedFlags) if (!setFlags.has(id)) add('warning', 'flag.never-set', path, { id });

  const walkOutId = scenario.rules.walkOut.step;
  if (walkOutId !== undefined) {
    checkRef(walkOutId, () => ['rules', 'walkOut', 'step']);
    const target = scenario.steps.find((s) => s.id === walkOutId);
    if (target && (target.ending?.outcome !== 'lost' || target.ending.walkOut !== true)) add('error', 'walkout.not-lost', ['rules', 'walkOut', 'step'], { id: walkOutId });
  } else if (walkOutPossible || (scenario.rules.openCommitmentMoodCost > 0 && scenario.steps.some((st) => st.phase === 'prestation') && (scenario.implicitCommitments.length > 0 || madeCommitments.size > 0))) {
    // Mood can also fall when prestation ends with promises still open.
    add('warning', 'walkout.missing-step', ['rules', 'walkOut']);
  }

  // Phases and texts.
  const phasesPresent = new Set(scenario.steps.map((s) => s.phase));
  for (const phase of PHASES) if (!phasesPresent.has(phase)) add('warning', 'phase.missing', ['steps'], { phase });
  const byId = stepsById(steps);
  /** The step `next` names, if it is an earlier phase's (endings excepted). */
  const backwards = (next: string, from: Phase) => {
    const target = byId.get(next)?.step;
    return target !== undefined && !target.ending && phaseRank(target.phase) < phaseRank(from) ? target : undefined;
  };
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    for (let j = 0; j < step.choices.length; j++) {
      const target = backwards(step.choices[j]!.next, step.phase);
      if (target) add('warning', 'phase.order', [...choicesPath(i, j), 'next'], { from: step.phase, to: target.phase, id: step.id });
    }
    const target = step.timer ? backwards(step.timer.timeout.next, step.phase) : undefined;
    if (target) add('warning', 'phase.order', ['steps', i, 'timer', 'timeout', 'next'], { from: step.phase, to: target.phase, id: step.id });
  }
  const proactivePhases = new Set<Phase>();
  for (const step of scenario.steps) if (step.choices.some((c) => c.behaviour === 'proactive')) proactivePhases.add(step.phase);
  for (const phase of PHASES) {
    if (phasesPresent.has(phase) && !proactivePhases.has(phase) && scenario.steps.some((s) => s.phase === phase && !s.ending)) add('info', 'phase.no-proactive', ['steps'], { phase });
  }
}

/**
 * The localised texts' diagnostics. They depend on the texts, the main language and `lang` only,
 * and nothing else in the analysis depends on the texts: the studio's live lint reruns only this
 * after an edit of texts (incremental.ts).
 */
export function textDiagnostics(scenario: Scenario, lang: Lang): Diagnostic[] {
  const { out, add } = collector(lang);
  const other = LANGUAGES.filter((l) => l !== scenario.mainLanguage);
  forEachText(scenario, (value, path) => {
    if (value[scenario.mainLanguage] === undefined) add('error', 'text.missing-main', path(), { lang: scenario.mainLanguage });
    for (const l of other) if (value[l] === undefined) add('warning', 'text.missing-translation', path(), { lang: l });
    const fr = value['fr'];
    const problem = typeof fr === 'string' ? frenchTypographyProblem(fr, lang) : undefined;
    if (problem) add('warning', 'text.typography', [...path(), 'fr'], problem);
  });
  return out;
}

/** The graph: reachability, loops without an exit, figures. */
function checkGraph(scenario: Scenario, add: Add): Figures | undefined {
  const byId = stepsById(scenario.steps);
  const compiled = compile(scenario);
  const graph = analyseGraph(compiled);
  scenario.steps.forEach((step, i) => {
    if (!graph.reachable.has(step.id)) add('warning', 'step.unreachable', ['steps', i, 'id'], { id: step.id });
    else if (graph.stuck.has(step.id) && step.choices.length > 0) add('error', 'loop.no-exit', ['steps', i, 'id'], { id: step.id });
  });
  for (const outcome of OUTCOMES) if (!scenario.steps.some((s) => s.ending?.outcome === outcome)) add('info', 'ending.outcome-missing', ['steps'], { outcome });
  for (const id of graph.approximateAround.slice(0, 1)) add('info', 'bounds.approximate', ['steps', byId.get(id)?.i ?? 0, 'id'], { id });
  if (graph.stuck.has(compiled.start.id)) return undefined;

  const summarise = (path: readonly PathStep[]): PathSummary => {
    const report = score(scenario, pathLog(compiled, path));
    return { choices: path.map((p) => p.optionId), steps: path.map((p) => p.stepId), outcome: report.outcome, scores: report.scores };
  };
  const optimal = summarise(graph.optimalPath);
  // A detour that pays: the best path leaves a step by an option worth less there than another.
  const eSpan = graph.empathy.max - graph.empathy.min || 1;
  const pSpan = graph.proactivity.max - graph.proactivity.min || 1;
  const worth = (c: { empathy: number; behaviour: keyof typeof PROACTIVITY_POINTS }) => c.empathy / eSpan + PROACTIVITY_POINTS[c.behaviour] / pSpan;
  for (const p of graph.optimalPath) {
    const i = byId.get(p.stepId)?.i;
    const step = i === undefined ? undefined : scenario.steps[i];
    if (!step || i === undefined) continue;
    let j = 0;
    while (j < step.choices.length && step.choices[j]!.id !== p.optionId) j++;
    const taken = step.choices[j];
    if (!taken) continue;
    // The unconditional option worth the most there, the first of equals, if it beats the one taken.
    const bar = worth(taken) + 1e-9;
    let better: (typeof step.choices)[number] | undefined;
    let betterWorth = 0;
    for (const c of step.choices) {
      if (c.condition !== undefined) continue;
      const w = worth(c);
      if (w > bar && (better === undefined || w > betterWorth)) { better = c; betterWorth = w; }
    }
    if (better) add('info', 'bounds.detour', ['steps', i, 'choices', j, 'id'], { id: step.id, taken: taken.id, better: better.id });
  }
  return {
    empathy: graph.empathy,
    proactivity: graph.proactivity,
    service: graph.service,
    reliability: graph.reliability,
    overall: graph.overall,
    exact: graph.exact,
    optimal,
    worst: summarise(graph.worstPath),
    pathCount: graph.pathCount,
    pathCountCapped: graph.pathCountCapped,
    steps: scenario.steps.length,
    choices: compiled.choices.size,
  };
}

/** analyseScenario's three parts, kept apart so that one can be redone without the others. */
export function analyseParts(scenario: Scenario, lang: Lang): AnalysisParts {
  const references = collector(lang);
  checkReferences(scenario, references.add);
  const texts = textDiagnostics(scenario, lang);
  // The graph needs sound references: no figures for a scenario whose ids or references are broken.
  const structural = references.out.some((d) => d.severity === 'error' && (d.code.startsWith('ref.') || d.code.startsWith('id.') || d.code === 'ending.none'));
  const graph = collector(lang);
  const figures = structural ? undefined : checkGraph(scenario, graph.add);
  return { references: references.out, texts, graph: graph.out, figures };
}

export function analyseScenario(scenario: Scenario, lang: Lang): { diagnostics: Diagnostic[]; figures: Figures | undefined } {
  const parts = analyseParts(scenario, lang);
  return { diagnostics: [...parts.references, ...parts.texts, ...parts.graph], figures: parts.figures };
}

/**
 * Copies of `diagnostics` located in `text` (1-based line and column), after `before` (located
 * already), in the text's order. Copies: a diagnostic kept for later is never written into.
 */
export function locateIn(text: string, before: readonly Diagnostic[], diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const all = [...before, ...new SourceLocator(text).locate(diagnostics.map((d) => ({ ...d })))];
  all.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return all;
}

/** analyseSource, and the parts it was made of, not located (the studio's incremental lint starts from them). */
export function analyseSourceParts(source: string | Uint8Array, lang: Lang = 'fr'): Analysis & { readonly parts?: AnalysisParts; readonly migratedFrom?: number } {
  const loaded = loadScenario(source, lang);
  if (!loaded.scenario) return { scenario: undefined, diagnostics: loaded.diagnostics, figures: undefined };
  const parts = analyseParts(loaded.scenario, lang);
  const diagnostics = locateIn(loaded.text, loaded.diagnostics, [...parts.references, ...parts.texts, ...parts.graph]);
  return { scenario: loaded.scenario, diagnostics, figures: parts.figures, parts, ...(loaded.migratedFrom === undefined ? {} : { migratedFrom: loaded.migratedFrom }) };
}

/** Lints a scenario file's content: structure, then graph; every diagnostic located. */
export function analyseSource(source: string | Uint8Array, lang: Lang = 'fr'): Analysis {
  const { scenario, diagnostics, figures } = analyseSourceParts(source, lang);
  return { scenario, diagnostics, figures };
}
