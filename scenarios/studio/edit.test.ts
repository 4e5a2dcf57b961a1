import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IdSchema, ScenarioSchema } from '../format/schema';
import { choice, ending, scenarioInput, step, t } from '../../tests/support/scenarios';
import { scenarioShaped } from '../../tests/bench/generators';
import {
  addChoice, addStep, addTransition, deleteChoice, deleteStep, getAt, MAX_CHOICES, moveChoice, moveTransition, newChoiceId, newStepId,
  PLACEHOLDERS, setAt, setEnding, setPositions, setTimer, stepIndex, transitionsOf, type Draft,
} from './edit';

/** Frozen all the way down: any in-place change by the code under test throws. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const small = (): Draft =>
  deepFreeze(
    scenarioInput([
      step('a', 'seduction', [choice('a1', 'b'), choice('a2', 'b'), choice('a3', 'end')]),
      step('b', 'influence', [choice('b1', 'end')]),
      ending('end', 'prescriber'),
    ], { editor: { positions: { a: { x: 0, y: 0 }, b: { x: 300, y: 0 } } } }),
  );

const choiceIds = (doc: Draft, stepId: string) => (doc.steps[stepIndex(doc, stepId)]?.choices ?? []).map((c) => c.id);

describe('getAt and setAt', () => {
  it('reads nested values and gives undefined where the path leads nowhere or to inherited properties', () => {
    const doc = small();
    expect(getAt(doc, ['steps', 0, 'choices', 1, 'id'])).toBe('a2');
    expect(getAt(doc, ['steps', 9, 'id'])).toBeUndefined();
    expect(getAt(doc, ['title', 'fr', 'x'])).toBeUndefined();
    expect(getAt(doc, ['constructor'])).toBeUndefined();
    expect(getAt(doc, ['steps', 'length'])).toBeUndefined();
    expect(getAt(doc, [])).toBe(doc);
  });

  it('copies only the containers on the path and leaves the original untouched', () => {
    const doc = small();
    const next = setAt(doc, ['steps', 1, 'customer', 'line', 'fr'], 'Bonjour');
    expect(getAt(next, ['steps', 1, 'customer', 'line', 'fr'])).toBe('Bonjour');
    expect(getAt(doc, ['steps', 1, 'customer', 'line', 'fr'])).toBe('Réplique b');
    expect(next.steps[0]).toBe(doc.steps[0]);
    expect(next.steps[2]).toBe(doc.steps[2]);
    expect(next.briefing).toBe(doc.briefing);
    expect(next.steps[1]!.choices).toBe(doc.steps[1]!.choices);
  });

  it('returns the same document when the value is already there or the key to remove is absent', () => {
    const doc = small();
    expect(setAt(doc, ['steps', 0, 'phase'], 'seduction')).toBe(doc);
    expect(setAt(doc, ['summary'], undefined)).toBe(doc);
    expect(setAt(doc, ['editor', 'nothing', 'deeper'], undefined)).toBe(doc);
  });

  it('removes an object key or an array element with undefined', () => {
    const doc = small();
    const noTitle = setAt(doc, ['title'], undefined);
    expect('title' in noTitle).toBe(false);
    const fewer = setAt(doc, ['steps', 0, 'choices', 0], undefined);
    expect(choiceIds(fewer, 'a')).toEqual(['a2', 'a3']);
  });

  it('creates missing containers: arrays before a numeric key, objects otherwise', () => {
    const made = setAt<Record<string, unknown>>({}, ['a', 0, 'b'], 1);
    expect(made).toEqual({ a: [{ b: 1 }] });
    expect(setAt(small(), ['steps', 3], { id: 'appended' }).steps).toHaveLength(4);
  });

  it('refuses prototype keys, string keys into lists, indexes past the end and paths through text', () => {
    const doc = small();
    expect(() => setAt(doc, ['__proto__', 'polluted'], true)).toThrow(/__proto__/);
    expect(() => setAt(doc, ['steps', 0, 'constructor'], 1)).toThrow(/constructor/);
    expect(() => setAt(doc, ['editor', 'prototype'], 1)).toThrow(/prototype/);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(() => setAt(doc, ['steps', 'first'], 1)).toThrow(/not an index/);
    expect(() => setAt(doc, ['steps', 7], 1)).toThrow(/past the end/);
    expect(() => setAt(doc, ['title', 'fr', 'x'], 1)).toThrow(/inside a string/);
    expect(() => setAt(doc, [], undefined)).toThrow(/cannot remove/);
  });

  const key = fc.string({ minLength: 1, maxLength: 4 }).filter((k) => !['__proto__', 'constructor', 'prototype'].includes(k));
  const json = fc.object({ key, maxDepth: 3, values: [fc.integer(), fc.string(), fc.boolean(), fc.constant(null)] });

  /** A path that exists in `doc`, picked by `picks`. */
  function existingPath(doc: unknown, picks: number[]): (string | number)[] {
    const path: (string | number)[] = [];
    let node = doc;
    for (const pick of picks) {
      if (Array.isArray(node) && node.length > 0) {
        const i = pick % node.length;
        path.push(i);
        node = node[i];
      } else if (typeof node === 'object' && node !== null && Object.keys(node).length > 0) {
        const k = Object.keys(node)[pick % Object.keys(node).length]!;
        path.push(k);
        node = (node as Record<string, unknown>)[k];
      } else break;
    }
    return path;
  }

  it('round-trips: what setAt puts at a path, getAt reads back, and the rest of the document is equal', () => {
    fc.assert(
      fc.property(json, fc.array(fc.nat(), { maxLength: 5 }), fc.jsonValue(), (raw, picks, value) => {
        const doc = deepFreeze(structuredClone(raw));
        const path = existingPath(doc, picks);
        if (path.length === 0) return;
        const next = setAt(doc, path, value);
        expect(getAt(next, path)).toEqual(value);
        // Putting the old value back gives a document equal to the original.
        expect(setAt(next, path, getAt(doc, path))).toEqual(doc);
        // Writing what is already there changes nothing, not even identities.
        expect(setAt(doc, path, getAt(doc, path))).toBe(doc);
      }),
    );
  });
});

describe('stepIndex', () => {
  it('finds every step of a 2,000-step scenario, -1 for an unknown id, and stays right after edits', () => {
    const doc = deepFreeze(scenarioShaped(2000));
    doc.steps.forEach((s, i) => expect(stepIndex(doc, s.id)).toBe(i));
    expect(stepIndex(doc, 'nope')).toBe(-1);
    const edited = setTimer(doc, 's10', 30, 'fr');
    expect(stepIndex(edited, 's11')).toBe(11);
    const shorter = deleteStep(edited, 's10');
    expect(stepIndex(shorter, 's10')).toBe(-1);
    expect(stepIndex(shorter, 's11')).toBe(10);
  });

  it('ignores entries of a draft that are not steps', () => {
    const draft = { ...small(), steps: [null, 3, { id: 7 }, { id: 'real' }] } as unknown as Draft;
    expect(stepIndex(draft, 'real')).toBe(3);
    expect(stepIndex({} as Draft, 'real')).toBe(-1);
  });
});

describe('fresh ids', () => {
  it('gives valid step ids that no step uses and nothing points to', () => {
    const doc = small();
    expect(newStepId(doc)).toBe('etape-1');
    const dangling = setAt(doc, ['steps', 1, 'choices', 0, 'next'], 'etape-1');
    expect(newStepId(dangling)).toBe('etape-2');
    expect(newStepId(setAt(doc, ['mainLanguage'], 'en'))).toBe('step-1');
    expect(newStepId(doc, 'Accueil à la caisse !')).toBe('accueil-a-la-caisse');
    expect(newStepId(doc, 'b')).toBe('b-2');
    expect(newStepId(doc, '***')).toBe('etape-1');
    const long = newStepId(doc, 'x'.repeat(200));
    expect(IdSchema.safeParse(long).success).toBe(true);
  });

  it('gives choice ids unique among the choices and timeouts of the whole scenario', () => {
    const doc = setAt(small(), ['steps', 1, 'timer'], { seconds: 10, timeout: { id: 'a-c1', feedback: t('x'), theory: 'commercial-passivity', next: 'end' } });
    const id = newChoiceId(doc, 'a');
    expect(id).toBe('a-c2');
    expect(IdSchema.safeParse(id).success).toBe(true);
  });
});

describe('steps', () => {
  it('adds a step with a placeholder line in the chosen language, neutral, without choices', () => {
    const doc = small();
    const { doc: next, stepId, choiceId } = addStep(doc, { phase: 'prestation', lang: 'en' });
    expect(choiceId).toBeUndefined();
    expect(next.steps.at(-1)).toEqual({ id: stepId, phase: 'prestation', customer: { line: { en: PLACEHOLDERS.line.en }, emotion: 'neutral' }, choices: [] });
    next.steps.slice(0, -1).forEach((s, i) => expect(s).toBe(doc.steps[i]));
  });

  it('adds a step from another one: a choice there leads to it, the position is saved and the file stays schema-valid', () => {
    const doc = small();
    const { doc: next, stepId, choiceId } = addStep(doc, { phase: 'influence', lang: 'fr', from: { stepId: 'b' }, position: { x: 10, y: 20 } });
    const added = next.steps[stepIndex(next, 'b')]!.choices!.at(-1)!;
    expect(added).toMatchObject({ id: choiceId, next: stepId, behaviour: 'reactive', empathy: 0, theory: 'real-problem', text: { fr: PLACEHOLDERS.choice.fr }, feedback: { fr: PLACEHOLDERS.feedback.fr } });
    expect(next.editor?.positions?.[stepId]).toEqual({ x: 10, y: 20 });
    expect(next.steps[0]).toBe(doc.steps[0]);
    expect(ScenarioSchema.safeParse(next).success).toBe(true);
  });

  it('still adds the step, without a choice, from a step that already has the most choices', () => {
    let doc = small();
    while (choiceIds(doc, 'a').length < MAX_CHOICES) doc = addChoice(doc, 'a', { lang: 'fr', next: 'b' }).doc;
    const result = addStep(doc, { phase: 'influence', lang: 'fr', from: { stepId: 'a' } });
    expect(result.choiceId).toBeUndefined();
    expect(stepIndex(result.doc, result.stepId)).toBe(3);
    expect(choiceIds(result.doc, 'a')).toHaveLength(MAX_CHOICES);
  });

  it('refuses an unknown phase, language or origin step and a position that is not finite', () => {
    const doc = small();
    expect(() => addStep(doc, { phase: 'closing' as never, lang: 'fr' })).toThrow(/phase/);
    expect(() => addStep(doc, { phase: 'ancrage', lang: 'de' as never })).toThrow(/language/);
    expect(() => addStep(doc, { phase: 'ancrage', lang: 'fr', from: { stepId: 'ghost' } })).toThrow(/Unknown step "ghost"/);
    expect(() => addStep(doc, { phase: 'ancrage', lang: 'fr', position: { x: Number.NaN, y: 0 } })).toThrow(/finite/);
  });

  it('deletes a step and its position but leaves the references to it for the lint', () => {
    const doc = small();
    const next = deleteStep(doc, 'b');
    expect(next.steps.map((s) => s.id)).toEqual(['a', 'end']);
    expect(next.editor?.positions).toEqual({ a: { x: 0, y: 0 } });
    expect(next.steps[0]).toBe(doc.steps[0]);
    expect(next.steps[0]!.choices![0]!.next).toBe('b');
    expect(deleteStep(doc, 'ghost')).toBe(doc);
  });

  it('positions and deletes steps whose ids are Object.prototype names (valid ids)', () => {
    const doc = deepFreeze(scenarioInput([step('constructor', 'seduction', [choice('c1', 'prototype')]), ending('prototype', 'prescriber')]));
    const placed = setPositions(doc, { constructor: { x: 1, y: 1 }, prototype: { x: 2, y: 2 } });
    expect(Object.keys(placed.editor!.positions!)).toEqual(['constructor', 'prototype']);
    const gone = deleteStep(placed, 'constructor');
    expect(gone.steps.map((s) => s.id)).toEqual(['prototype']);
    expect(gone.editor?.positions).toEqual({ prototype: { x: 2, y: 2 } });
  });
});

describe('choices', () => {
  it('adds choices up to the schema’s limit, then returns the document unchanged', () => {
    let doc = small();
    for (let n = 3; n < MAX_CHOICES; n++) doc = addChoice(doc, 'a', { lang: 'en' }).doc;
    expect(choiceIds(doc, 'a')).toHaveLength(MAX_CHOICES);
    expect(new Set(choiceIds(doc, 'a')).size).toBe(MAX_CHOICES);
    const full = addChoice(doc, 'a', { lang: 'en' });
    expect(full).toEqual({ doc, choiceId: undefined });
    expect(full.doc).toBe(doc);
    // The limit is the schema's: one more choice does not parse.
    const tooMany = setAt(doc, ['steps', 0, 'choices', MAX_CHOICES], choice('extra', 'b'));
    expect(ScenarioSchema.safeParse(tooMany).success).toBe(false);
  });

  it('leaves a new choice’s next step empty until the author picks one', () => {
    const { doc, choiceId } = addChoice(small(), 'b', { lang: 'fr' });
    expect(doc.steps[1]!.choices!.find((c) => c.id === choiceId)?.next).toBe('');
  });

  it('deletes a choice, and ignores an unknown step or choice', () => {
    const doc = small();
    expect(choiceIds(deleteChoice(doc, 'a', 'a2'), 'a')).toEqual(['a1', 'a3']);
    expect(deleteChoice(doc, 'a', 'zz')).toBe(doc);
    expect(deleteChoice(doc, 'ghost', 'a1')).toBe(doc);
  });

  it('moves a choice up or down, not past either end', () => {
    const doc = small();
    expect(choiceIds(moveChoice(doc, 'a', 'a2', -1), 'a')).toEqual(['a2', 'a1', 'a3']);
    expect(choiceIds(moveChoice(doc, 'a', 'a2', 1), 'a')).toEqual(['a1', 'a3', 'a2']);
    expect(moveChoice(doc, 'a', 'a1', -1)).toBe(doc);
    expect(moveChoice(doc, 'a', 'a3', 1)).toBe(doc);
    expect(() => moveChoice(doc, 'a', 'zz', 1)).toThrow(/Unknown choice/);
    expect(() => moveChoice(doc, 'a', 'a1', 2 as never)).toThrow(/delta/);
  });
});

describe('timer and ending', () => {
  it('adds a timer whose timeout leads where the first choice leads, and keeps it when the seconds change', () => {
    const doc = small();
    const timed = setTimer(doc, 'a', 15, 'fr');
    const timer = timed.steps[0]!.timer!;
    expect(timer).toMatchObject({ seconds: 15, timeout: { id: 'a-timeout', next: 'b', theory: 'commercial-passivity', feedback: { fr: PLACEHOLDERS.timeout.fr } } });
    expect(ScenarioSchema.safeParse(timed).success).toBe(true);
    const longer = setTimer(timed, 'a', 40, 'en');
    expect(longer.steps[0]!.timer).toEqual({ ...timer, seconds: 40 });
    expect(setTimer(longer, 'a', 40, 'en')).toBe(longer);
    expect(setTimer(longer, 'a', undefined, 'fr').steps[0]).toEqual(doc.steps[0]);
    expect(setTimer(doc, 'a', undefined, 'fr')).toBe(doc);
  });

  it('points a new timeout back to its own step when the step has no choice, with an id no choice uses', () => {
    const doc = setAt(small(), ['steps', 1, 'choices'], [choice('b-timeout', 'end')]);
    const bare = setAt(doc, ['steps', 1, 'choices'], []);
    expect(setTimer(bare, 'b', 10, 'fr').steps[1]!.timer!.timeout.next).toBe('b');
    expect(setTimer(doc, 'b', 10, 'fr').steps[1]!.timer!.timeout.id).toBe('b-timeout-2');
  });

  it('refuses seconds that are not a finite number, and an unknown step', () => {
    expect(() => setTimer(small(), 'a', Number.NaN, 'fr')).toThrow(/finite/);
    expect(() => setTimer(small(), 'ghost', 10, 'fr')).toThrow(/Unknown step/);
  });

  it('makes a step an ending, changes its outcome keeping the epilogue, and drops walkOut unless lost', () => {
    const doc = setAt(small(), ['steps', 2, 'ending'], { outcome: 'lost', walkOut: true, epilogue: t('Il part') });
    expect(setEnding(doc, 'end', 'passive').steps[2]!.ending).toEqual({ outcome: 'passive', epilogue: t('Il part') });
    expect(setEnding(doc, 'end', 'lost')).toBe(doc);
    expect(setEnding(doc, 'b', 'prescriber').steps[1]!.ending).toEqual({ outcome: 'prescriber' });
    expect(setEnding(doc, 'end', undefined).steps[2]!.ending).toBeUndefined();
    expect(() => setEnding(doc, 'end', 'won' as never)).toThrow(/outcome/);
  });
});

describe('automatic transitions', () => {
  it('adds transitions that validate, each with an id no other has, towards the walk-out step, else the first lost ending, else the first step', () => {
    const doc = small();
    const once = addTransition(doc);
    expect(transitionsOf(once)).toEqual([{ id: 'transition-1', when: { meter: 'patience', op: 'lte', value: 10 }, to: 'a' }]);
    expect(ScenarioSchema.safeParse(once).success).toBe(true);
    const lost = setEnding(doc, 'end', 'lost');
    expect(transitionsOf(addTransition(lost))[0]).toMatchObject({ to: 'end' });
    const walkOut = setAt(lost, ['rules'], { walkOut: { step: 'b' } });
    expect(transitionsOf(addTransition(walkOut))[0]).toMatchObject({ to: 'b' });
    // A taken id is skipped, even one an author typed out of order.
    const renamed = setAt(addTransition(once), ['transitions', 0, 'id'], 'transition-2');
    expect(transitionsOf(addTransition(renamed)).map((t) => (t as { id: string }).id)).toEqual(['transition-2', 'transition-2', 'transition-1']);
    expect(transitionsOf(addTransition(addTransition(once))).map((t) => (t as { id: string }).id)).toEqual(['transition-1', 'transition-2', 'transition-3']);
  });

  it('moves a transition up or down the list (the first that holds wins), and leaves the draft as it is past either end', () => {
    const three = addTransition(addTransition(addTransition(small())));
    const ids = (doc: Draft) => transitionsOf(doc).map((t) => (t as { id: string }).id);
    expect(ids(moveTransition(three, 0, 1))).toEqual(['transition-2', 'transition-1', 'transition-3']);
    expect(ids(moveTransition(three, 2, -1))).toEqual(['transition-1', 'transition-3', 'transition-2']);
    expect(moveTransition(three, 0, -1)).toBe(three);
    expect(moveTransition(three, 2, 1)).toBe(three);
    expect(moveTransition(three, 7, -1)).toBe(three);
    expect(ids(three)).toEqual(['transition-1', 'transition-2', 'transition-3']);
  });
});

describe('positions', () => {
  it('merges positions, keeps the document when nothing moves, and refuses bad ones', () => {
    const doc = small();
    const moved = setPositions(doc, { b: { x: 1, y: 2 }, end: { x: 5, y: 5 } });
    expect(moved.editor?.positions).toEqual({ a: { x: 0, y: 0 }, b: { x: 1, y: 2 }, end: { x: 5, y: 5 } });
    expect(moved.steps).toBe(doc.steps);
    expect(setPositions(moved, { a: { x: 0, y: 0 } })).toBe(moved);
    expect(setPositions({ ...doc, editor: undefined } as unknown as Draft, { a: { x: 3, y: 4 } }).editor).toEqual({ positions: { a: { x: 3, y: 4 } } });
    expect(() => setPositions(doc, { a: { x: Infinity, y: 0 } })).toThrow(/finite/);
    expect(() => setPositions(doc, JSON.parse('{"__proto__": {"x": 1, "y": 1}}') as Record<string, { x: number; y: number }>)).toThrow(/not a step id/);
  });
});
