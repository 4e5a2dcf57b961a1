// The studio's edits of a draft scenario: pure, immutable updates with structural sharing (an
// untouched step keeps its identity, so React skips it), safe on drafts that are not valid yet.
import { OUTCOMES, PHASES, type Outcome, type Phase, type ScenarioInput } from '../format/schema';
import type { TheoryId } from '../format/glossary';
import type { JsonPath } from '../format/messages';
import { LANGUAGES, type Lang } from '../format/text';

/**
 * What the studio edits: shaped like a scenario file, but possibly lint-invalid for a while (a
 * choice pointing nowhere, an empty text). Nothing here assumes it is schema-valid at runtime.
 */
export type Draft = ScenarioInput;
export type DraftStep = Draft['steps'][number];
export type DraftChoice = NonNullable<DraftStep['choices']>[number];
export interface Position { readonly x: number; readonly y: number }

/** StepSchema allows at most this many choices per step. */
export const MAX_CHOICES = 9;

/** The texts a new step, choice or timeout starts with, for the author to overwrite. */
export const PLACEHOLDERS = {
  line: { fr: 'Réplique du client', en: 'Customer line' },
  choice: { fr: 'Réponse du conseiller', en: 'Employee answer' },
  feedback: { fr: 'Retour pour le stagiaire', en: 'Feedback for the trainee' },
  timeout: { fr: 'Le temps est écoulé et le client attend toujours', en: 'Time ran out and the customer is still waiting' },
} as const satisfies Record<string, Record<Lang, string>>;

/** The theory a new choice cites until the author picks one: the idea its phase is about. */
export const DEFAULT_THEORY = {
  seduction: 'seduction-first',
  influence: 'real-problem',
  prestation: 'explicit-commitments',
  ancrage: 'anchoring',
} as const satisfies Record<Phase, TheoryId>;
/** A timeout is the trainee letting the customer wait: commercial passivity (seed 000). */
export const TIMEOUT_THEORY: TheoryId = 'commercial-passivity';

// --- Reading and writing at a JSON path ---------------------------------------------------------

const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const pathText = (path: JsonPath) => (path.length === 0 ? '(root)' : path.map(String).join('.'));

const has = (node: unknown, key: string | number): boolean =>
  Array.isArray(node) ? typeof key === 'number' && Number.isInteger(key) && key >= 0 && key < node.length : isRecord(node) && Object.hasOwn(node, String(key));

function child(node: unknown, key: string | number): unknown {
  if (Array.isArray(node)) return typeof key === 'number' && Number.isInteger(key) && key >= 0 ? (node as unknown[])[key] : undefined;
  if (isRecord(node)) {
    const k = String(key);
    return Object.hasOwn(node, k) ? node[k] : undefined;
  }
  return undefined;
}

/** The value at `path` in `doc`, or undefined where the path leads nowhere. */
export function getAt(doc: unknown, path: JsonPath): unknown {
  let node = doc;
  for (const key of path) {
    node = child(node, key);
    if (node === undefined) return undefined;
  }
  return node;
}

/**
 * `doc` with `value` at `path`, copying only the containers on the path. `undefined` removes the
 * object key or the array element (later elements move up); missing containers are created (an
 * array where the next key is a number, an object otherwise). Returns `doc` itself when nothing
 * changes. Throws on `__proto__` / `constructor` / `prototype` keys, on a string key into an
 * array, on an index past the end of an array, and on a path through a string or number.
 */
export function setAt<T>(doc: T, path: JsonPath, value: unknown): T {
  for (const key of path) {
    if (typeof key === 'string' && FORBIDDEN_KEYS.has(key)) throw new Error(`setAt: the key "${key}" is not allowed (path ${pathText(path)})`);
  }
  if (path.length === 0) {
    if (value === undefined) throw new Error('setAt: cannot remove the document itself');
    return value as T;
  }
  return setIn(doc, path, 0, value) as T;
}

function setIn(node: unknown, path: JsonPath, depth: number, value: unknown): unknown {
  const key = path[depth]!;
  if (node === undefined || node === null) {
    if (value === undefined) return node; // nothing to remove
    node = typeof key === 'number' ? [] : {};
  }
  const current = child(node, key);
  const next = depth === path.length - 1 ? value : setIn(current, path, depth + 1, value);
  const present = has(node, key);
  if (next === undefined ? !present : present && Object.is(next, current)) return node;
  if (Array.isArray(node)) {
    if (typeof key !== 'number' || !Number.isInteger(key) || key < 0) throw new TypeError(`setAt: "${String(key)}" is not an index of the list at ${pathText(path.slice(0, depth))}`);
    if (key > node.length) throw new RangeError(`setAt: index ${key} is past the end of the list at ${pathText(path.slice(0, depth))} (length ${node.length})`);
    const copy = node.slice();
    if (next === undefined) copy.splice(key, 1);
    else copy[key] = next;
    return copy;
  }
  if (!isRecord(node)) throw new TypeError(`setAt: cannot set "${String(key)}" inside a ${typeof node} at ${pathText(path.slice(0, depth))}`);
  const k = String(key);
  if (next === undefined) {
    const { [k]: _removed, ...rest } = node;
    return rest;
  }
  return { ...node, [k]: next };
}

// --- Steps and their index ----------------------------------------------------------------------

const idOf = (value: unknown): string | undefined => (isRecord(value) && typeof value['id'] === 'string' ? value['id'] : undefined);

/** Step id → index of its first step, per steps array (arrays are never mutated, so it stays true). */
const indexCache = new WeakMap<readonly unknown[], ReadonlyMap<string, number>>();

function indexOfSteps(steps: readonly unknown[]): ReadonlyMap<string, number> {
  let index = indexCache.get(steps);
  if (!index) {
    const built = new Map<string, number>();
    steps.forEach((s, i) => {
      const id = idOf(s);
      if (id !== undefined && !built.has(id)) built.set(id, i);
    });
    indexCache.set(steps, built);
    index = built;
  }
  return index;
}

const stepsOf = (doc: Draft): readonly unknown[] | undefined => (isRecord(doc) && Array.isArray(doc.steps) ? doc.steps : undefined);

/** Index of the first step with this id, or -1. O(1) amortised: the index is built once per steps array. */
export function stepIndex(doc: Draft, stepId: string): number {
  const steps = stepsOf(doc);
  if (!steps) return -1;
  const i = indexOfSteps(steps).get(stepId);
  if (i === undefined) return -1;
  if (idOf(steps[i]) === stepId) return i;
  // The array was changed in place after all: index it again.
  indexCache.delete(steps);
  return indexOfSteps(steps).get(stepId) ?? -1;
}

function requireStep(doc: Draft, stepId: string): number {
  const i = stepIndex(doc, stepId);
  if (i < 0) throw new Error(`Unknown step "${stepId}"`);
  return i;
}

/** `doc` with steps[i] replaced; the id index carries over when the id does not change. */
function withStepAt(doc: Draft, i: number, step: DraftStep): Draft {
  const before = doc.steps;
  const steps = before.slice();
  steps[i] = step;
  const index = indexCache.get(before);
  if (index && idOf(before[i]) === idOf(step)) indexCache.set(steps, index);
  return { ...doc, steps };
}

function updateStep(doc: Draft, stepId: string, update: (step: DraftStep) => DraftStep): Draft {
  const i = requireStep(doc, stepId);
  const before = doc.steps[i]!;
  const after = update(before);
  return after === before ? doc : withStepAt(doc, i, after);
}

const choicesOf = (step: DraftStep, stepId: string): readonly unknown[] => {
  const choices: unknown = step.choices;
  if (choices === undefined) return [];
  if (!Array.isArray(choices)) throw new Error(`The choices of step "${stepId}" are not a list`);
  return choices;
};

// --- Fresh ids -----------------------------------------------------------------------------------

/** An id-safe stem: accents dropped, other characters to '-', lower case, room left for a suffix. */
function slug(base: string): string {
  return base
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 70)
    .replace(/-+$/, '');
}

function firstFree(stem: string, taken: ReadonlySet<string>, from: number, separator = '-'): string {
  for (let n = from; ; n++) {
    const id = `${stem}${separator}${n}`;
    if (!taken.has(id)) return id;
  }
}

/** Every id a step could be known by: steps, and anything that points to a step (even a deleted one). */
function stepIdsInUse(doc: Draft): Set<string> {
  const taken = new Set<string>();
  const add = (v: unknown) => { if (typeof v === 'string') taken.add(v); };
  for (const step of stepsOf(doc) ?? []) {
    if (!isRecord(step)) continue;
    add(step['id']);
    if (Array.isArray(step['choices'])) for (const c of step['choices']) if (isRecord(c)) add(c['next']);
    add(getAt(step, ['timer', 'timeout', 'next']));
  }
  if (isRecord(doc)) {
    add(doc.start);
    add(getAt(doc, ['rules', 'walkOut', 'step']));
    if (Array.isArray(doc.transitions)) for (const t of doc.transitions) add(getAt(t, ['to']));
    const positions = getAt(doc, ['editor', 'positions']);
    if (isRecord(positions)) Object.keys(positions).forEach(add);
  }
  return taken;
}

/** Choice and timeout ids: they share one namespace across the scenario. */
function choiceIdsInUse(doc: Draft): Set<string> {
  const taken = new Set<string>();
  for (const step of stepsOf(doc) ?? []) {
    if (!isRecord(step)) continue;
    if (Array.isArray(step['choices'])) for (const c of step['choices']) { const id = idOf(c); if (id !== undefined) taken.add(id); }
    const timeoutId = getAt(step, ['timer', 'timeout', 'id']);
    if (typeof timeoutId === 'string') taken.add(timeoutId);
  }
  return taken;
}

/**
 * A valid step id used nowhere in the document (nor pointed to by a dangling reference): `base`
 * made id-safe when it is free, else `base-2`, `base-3`…; without `base`, `etape-1`, `etape-2`…
 * (`step-n` in an English-first scenario).
 */
export function newStepId(doc: Draft, base?: string): string {
  const taken = stepIdsInUse(doc);
  const custom = base === undefined ? '' : slug(base);
  if (custom !== '' && !taken.has(custom)) return custom;
  const stem = custom || (isRecord(doc) && doc.mainLanguage === 'en' ? 'step' : 'etape');
  return firstFree(stem, taken, custom ? 2 : 1);
}

/** A valid choice id unique in the scenario (choices and timeouts): `<step>-c1`, `<step>-c2`… */
export function newChoiceId(doc: Draft, stepId: string): string {
  return firstFree(slug(stepId) || 'choix', choiceIdsInUse(doc), 1, '-c');
}

function newTimeoutId(doc: Draft, stepId: string): string {
  const taken = choiceIdsInUse(doc);
  const stem = `${slug(stepId) || 'etape'}-timeout`;
  return taken.has(stem) ? firstFree(stem, taken, 2) : stem;
}

// --- Checks on the caller's input ----------------------------------------------------------------

function checkLang(lang: unknown): asserts lang is Lang {
  if (!(LANGUAGES as readonly unknown[]).includes(lang)) throw new Error(`Unknown language "${String(lang)}" (expected fr or en)`);
}

function checkPosition(position: unknown, what: string): asserts position is Position {
  if (!isRecord(position) || typeof position['x'] !== 'number' || typeof position['y'] !== 'number' || !Number.isFinite(position['x']) || !Number.isFinite(position['y'])) {
    throw new Error(`${what}: a position needs finite numbers x and y`);
  }
}

const textIn = (lang: Lang, text: string): { fr?: string; en?: string } => (lang === 'fr' ? { fr: text } : { en: text });

const phaseOf = (step: DraftStep): Phase => ((PHASES as readonly unknown[]).includes(step.phase) ? step.phase : 'seduction');

// --- Steps ---------------------------------------------------------------------------------------

export interface AddStepOptions {
  readonly phase: Phase;
  readonly lang: Lang;
  /** Also give this step a new choice leading to the new one (dragging from its handle). */
  readonly from?: { readonly stepId: string };
  readonly position?: Position;
}

/**
 * A new step at the end of the list: a placeholder line in `lang`, emotion neutral, no choices.
 * With `from`, that step also gets a choice leading to it (`choiceId`), unless it already has
 * MAX_CHOICES. Throws on an unknown phase, language or `from` step, or a non-finite position.
 */
export function addStep(doc: Draft, options: AddStepOptions): { doc: Draft; stepId: string; choiceId?: string } {
  if (!(PHASES as readonly unknown[]).includes(options.phase)) throw new Error(`Unknown phase "${String(options.phase)}"`);
  checkLang(options.lang);
  if (options.position !== undefined) checkPosition(options.position, 'addStep');
  if (options.from !== undefined) requireStep(doc, options.from.stepId);
  const steps = stepsOf(doc);
  if (!steps && doc.steps !== undefined) throw new Error('The document’s steps are not a list');
  const stepId = newStepId(doc);
  const step: DraftStep = { id: stepId, phase: options.phase, customer: { line: textIn(options.lang, PLACEHOLDERS.line[options.lang]), emotion: 'neutral' }, choices: [] };
  let next: Draft = { ...doc, steps: [...((steps ?? []) as DraftStep[]), step] };
  let choiceId: string | undefined;
  if (options.from !== undefined) ({ doc: next, choiceId } = addChoice(next, options.from.stepId, { lang: options.lang, next: stepId }));
  if (options.position !== undefined) next = setPositions(next, { [stepId]: options.position });
  return choiceId === undefined ? { doc: next, stepId } : { doc: next, stepId, choiceId };
}

/**
 * Without the step (the first with this id) and its saved position; what pointed to it (choices,
 * timeouts, transitions, start) is left for the lint to report and undo to restore. An unknown id
 * leaves the document unchanged.
 */
export function deleteStep(doc: Draft, stepId: string): Draft {
  const i = stepIndex(doc, stepId);
  if (i < 0) return doc;
  const steps = doc.steps.slice();
  steps.splice(i, 1);
  const positions = getAt(doc, ['editor', 'positions']);
  if (!isRecord(positions) || !Object.hasOwn(positions, stepId)) return { ...doc, steps };
  // Not through setAt: "constructor" is a valid step id, harmless as an own key.
  const { [stepId]: _removed, ...kept } = positions;
  return { ...doc, steps, editor: { ...doc.editor, positions: kept as Record<string, Position> } };
}

// --- Choices -------------------------------------------------------------------------------------

/**
 * The step with one more choice: placeholder text and feedback in `lang`, reactive, empathy 0,
 * its phase's default theory, leading to `next` (empty until the author picks a step). A step
 * that already has MAX_CHOICES is left as it is: the same doc and `choiceId: undefined`.
 */
export function addChoice(doc: Draft, stepId: string, options: { readonly lang: Lang; readonly next?: string }): { doc: Draft; choiceId: string | undefined } {
  checkLang(options.lang);
  if (options.next !== undefined && typeof options.next !== 'string') throw new Error('addChoice: next must be a step id');
  const i = requireStep(doc, stepId);
  const step = doc.steps[i]!;
  const choices = choicesOf(step, stepId);
  if (choices.length >= MAX_CHOICES) return { doc, choiceId: undefined };
  const choiceId = newChoiceId(doc, stepId);
  const choice: DraftChoice = {
    id: choiceId,
    text: textIn(options.lang, PLACEHOLDERS.choice[options.lang]),
    behaviour: 'reactive',
    empathy: 0,
    feedback: textIn(options.lang, PLACEHOLDERS.feedback[options.lang]),
    theory: DEFAULT_THEORY[phaseOf(step)],
    next: options.next ?? '',
  };
  return { doc: withStepAt(doc, i, { ...step, choices: [...(choices as DraftChoice[]), choice] }), choiceId };
}

/** Without that choice; an unknown step or choice leaves the document unchanged. */
export function deleteChoice(doc: Draft, stepId: string, choiceId: string): Draft {
  if (stepIndex(doc, stepId) < 0) return doc;
  return updateStep(doc, stepId, (step) => {
    const choices = choicesOf(step, stepId);
    const j = choices.findIndex((c) => idOf(c) === choiceId);
    return j < 0 ? step : { ...step, choices: (choices as DraftChoice[]).filter((_, k) => k !== j) };
  });
}

/** The choice one place up (-1) or down (+1); unchanged at either end. Throws on an unknown step or choice. */
export function moveChoice(doc: Draft, stepId: string, choiceId: string, delta: -1 | 1): Draft {
  if (delta !== -1 && delta !== 1) throw new Error(`moveChoice: delta must be -1 or 1 (got ${String(delta)})`);
  return updateStep(doc, stepId, (step) => {
    const choices = choicesOf(step, stepId);
    const j = choices.findIndex((c) => idOf(c) === choiceId);
    if (j < 0) throw new Error(`Unknown choice "${choiceId}" in step "${stepId}"`);
    const k = j + delta;
    if (k < 0 || k >= choices.length) return step;
    const moved = (choices as DraftChoice[]).slice();
    [moved[j], moved[k]] = [moved[k]!, moved[j]!];
    return { ...step, choices: moved };
  });
}

// --- Timer and ending ----------------------------------------------------------------------------

/**
 * A time limit of `seconds` (the lint checks its range), keeping an existing timeout branch; a
 * new one gets a placeholder feedback in `lang` and leads where the first choice leads, else back
 * to the step itself (the lint flags that loop until the author fixes it). `undefined` removes it.
 */
export function setTimer(doc: Draft, stepId: string, seconds: number | undefined, lang: Lang): Draft {
  checkLang(lang);
  if (seconds !== undefined && (typeof seconds !== 'number' || !Number.isFinite(seconds))) throw new Error(`setTimer: seconds must be a finite number (got ${String(seconds)})`);
  return updateStep(doc, stepId, (step) => {
    if (seconds === undefined) {
      if (step.timer === undefined) return step;
      const { timer: _removed, ...rest } = step;
      return rest;
    }
    if (isRecord(step.timer)) return step.timer.seconds === seconds ? step : { ...step, timer: { ...step.timer, seconds } };
    const first = choicesOf(step, stepId)[0];
    const firstNext = isRecord(first) && typeof first['next'] === 'string' && first['next'] !== '' ? first['next'] : stepId;
    const timeout = { id: newTimeoutId(doc, stepId), empathy: 0, feedback: textIn(lang, PLACEHOLDERS.timeout[lang]), theory: TIMEOUT_THEORY, next: firstNext };
    return { ...step, timer: { seconds, timeout } };
  });
}

/**
 * The step as an ending with this outcome (its epilogue kept; walkOut kept only for "lost"), or
 * no longer an ending with `undefined`. Its choices and timer stay (the lint reports them).
 */
export function setEnding(doc: Draft, stepId: string, outcome: Outcome | undefined): Draft {
  if (outcome !== undefined && !(OUTCOMES as readonly unknown[]).includes(outcome)) throw new Error(`Unknown outcome "${String(outcome)}"`);
  return updateStep(doc, stepId, (step) => {
    if (outcome === undefined) {
      if (step.ending === undefined) return step;
      const { ending: _removed, ...rest } = step;
      return rest;
    }
    if (!isRecord(step.ending)) return { ...step, ending: { outcome } };
    if (step.ending.outcome === outcome) return step;
    const { walkOut, ...ending } = step.ending;
    return { ...step, ending: outcome === 'lost' && walkOut !== undefined ? { ...ending, outcome, walkOut } : { ...ending, outcome } };
  });
}

// --- Automatic transitions -----------------------------------------------------------------------

/** The transitions of a draft, as they are (an absent or malformed list reads as none). */
export const transitionsOf = (doc: Draft): unknown[] => (isRecord(doc) && Array.isArray(doc.transitions) ? doc.transitions : []);

/**
 * The draft with a new automatic transition at the end of the list, for the author to adjust: an
 * id no other transition has (`transition-1`, `transition-2`…), taken when the customer's patience
 * falls to 10 or below, to the walk-out's step, else the first « lost » ending, else the first step.
 */
export function addTransition(doc: Draft): Draft {
  const list = transitionsOf(doc);
  const taken = new Set(list.map((t) => (isRecord(t) && typeof t['id'] === 'string' ? t['id'] : '')));
  const steps = (stepsOf(doc) ?? []).filter(isRecord);
  const walkOut = getAt(doc, ['rules', 'walkOut', 'step']);
  const idOf = (step: Record<string, unknown> | undefined) => (typeof step?.['id'] === 'string' ? step['id'] : undefined);
  const lost = steps.find((s) => isRecord(s['ending']) && s['ending']['outcome'] === 'lost');
  const to = typeof walkOut === 'string' ? walkOut : (idOf(lost) ?? idOf(steps[0]) ?? 'fin');
  const transition = { id: firstFree('transition', taken, 1), when: { meter: 'patience' as const, op: 'lte' as const, value: 10 }, to };
  return { ...doc, transitions: [...list, transition] as Draft['transitions'] };
}

/** The draft with the transition at `index` moved one place up (-1) or down (+1); the same doc at either end. */
export function moveTransition(doc: Draft, index: number, delta: -1 | 1): Draft {
  const list = transitionsOf(doc);
  const to = index + delta;
  if (!Number.isInteger(index) || index < 0 || index >= list.length || to < 0 || to >= list.length) return doc;
  const next = [...list];
  [next[index], next[to]] = [next[to], next[index]];
  return { ...doc, transitions: next as Draft['transitions'] };
}

// --- Positions -----------------------------------------------------------------------------------

/** Saved positions merged into `editor.positions`; the same doc when none changes. */
export function setPositions(doc: Draft, positions: Readonly<Record<string, Position>>): Draft {
  if (!isRecord(positions)) throw new Error('setPositions: positions must be an object of step id → { x, y }');
  const existing = getAt(doc, ['editor', 'positions']);
  const saved = isRecord(existing) ? existing : {};
  let changes: Record<string, Position> | undefined;
  for (const [id, p] of Object.entries(positions)) {
    // The one key an assignment would not store ("constructor" and "prototype" are valid step ids).
    if (id === '__proto__') throw new Error(`setPositions: "${id}" is not a step id`);
    checkPosition(p, `setPositions (${id})`);
    const old = Object.hasOwn(saved, id) ? saved[id] : undefined;
    if (isRecord(old) && old['x'] === p.x && old['y'] === p.y) continue;
    (changes ??= {})[id] = { x: p.x, y: p.y };
  }
  if (!changes) return doc;
  const editor = isRecord(doc.editor) ? doc.editor : {};
  return { ...doc, editor: { ...editor, positions: { ...(saved as Record<string, Position>), ...changes } } };
}
