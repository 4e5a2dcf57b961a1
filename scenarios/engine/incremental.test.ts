import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseSource } from './analysis';
import { IncrementalLint, sameApartFromTexts } from './incremental';
import { DraftDiffer } from '../studio/draftText';
import { setAt, getAt, type Draft } from '../studio/edit';
import type { JsonPath } from '../format/messages';
import type { Lang } from '../format/text';
import { scenarioShaped } from '../../tests/bench/generators';

const library = new URL('../library/', import.meta.url);
const libraryDrafts = readdirSync(library).filter((f) => f.endsWith('.json')).slice(0, 4).map((f) => ({ name: f, doc: JSON.parse(readFileSync(new URL(f, library), 'utf8')) as Draft }));

/** A small deterministic generator (mulberry32). */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const steps = (doc: Draft) => doc.steps as unknown as Record<string, Json>[];

/** Texts a trainer types, typography mistakes included (the French checks react to them). */
const TYPED = ['Bonjour', 'Bonjour !', 'Bonjour!', 'Il dit "non"', 'Prix : 12 €', 'Prix: 12 €', '', '« Oui »', 'Hello'];

/** One random edit as the studio makes them: through setAt, so unchanged steps keep their identity. */
function edit(doc: Draft, random: () => number, original: Draft): { doc: Draft; what: string } {
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  if (!Array.isArray(doc.steps)) return { doc: setAt(doc, ['steps'], original.steps), what: 'steps back' };
  const list = steps(doc);
  const i = Math.floor(random() * list.length);
  const step = list[i]!;
  const choices = Array.isArray(step['choices']) ? (step['choices'] as Record<string, Json>[]) : [];
  const j = Math.floor(random() * Math.max(1, choices.length));
  const ids = list.map((s) => String(s['id']));
  const at = (path: JsonPath, value: unknown, what: string) => {
    try {
      return { doc: setAt(doc, path, value), what: `${what} at ${path.join('.')}` };
    } catch {
      // A path through a value an earlier edit made a number: the editor would not offer it.
      return { doc, what: `nothing (${what} at ${path.join('.')})` };
    }
  };
  const roll = random();
  if (roll < 0.35) return at(['steps', i, 'customer', 'line', pick(['fr', 'en'] as const)], pick(TYPED), 'line text');
  if (roll < 0.45 && choices.length > 0) return at(['steps', i, 'choices', j, 'text', 'fr'], pick(TYPED), 'choice text');
  if (roll < 0.5) return at(['steps', i, 'customer', 'line', 'en'], undefined, 'translation removed');
  if (roll < 0.55) return at(['steps', i, 'narration'], random() < 0.5 ? { fr: pick(TYPED) } : undefined, 'narration');
  if (roll < 0.6 && choices.length > 0) return at(['steps', i, 'choices', j, 'next'], random() < 0.8 ? pick(ids) : 'nowhere', 'next');
  if (roll < 0.64 && choices.length > 0) return at(['steps', i, 'choices', j, 'empathy'], pick([-3, 0, 2, 3, 9]), 'empathy');
  if (roll < 0.67) return at(['steps', i, 'id'], random() < 0.5 ? pick(ids) : `${String(step['id'])}-x`, 'step id');
  if (roll < 0.7) return at(['steps', i, 'phase'], pick(['seduction', 'influence', 'prestation', 'ancrage', 'lunch']), 'phase');
  if (roll < 0.73) return at(['steps', i, 'customer', 'line'], random() < 0.5 ? 42 : {}, 'line not a text');
  if (roll < 0.75) {
    // Nesting past the format's limit inside one step.
    let deep: Json = 'x';
    for (let k = 0; k < 70; k++) deep = { fr: deep };
    return at(['steps', i, 'customer', 'line'], deep, 'deep nesting');
  }
  if (roll < 0.78) return at(['steps', i, 'choices', j, 'setFlags'], { fr: true }, 'a flag named like a language');
  if (roll < 0.82) return at(['steps', list.length], { ...list[i]!, id: `${String(step['id'])}-copy${Math.floor(random() * 1000)}` }, 'step added');
  if (roll < 0.85 && list.length > 2) return at(['steps', i], undefined, 'step deleted');
  if (roll < 0.88) return at(['title', 'fr'], pick(TYPED), 'title');
  if (roll < 0.9) return at(['steps', i, 'customer', 'line'], getAt(doc, ['steps', i, 'customer', 'line']), 'nothing');
  if (roll < 0.92) return at(['formatVersion'], random() < 0.5 ? 0 : 1, 'format version');
  if (roll < 0.94) return at(['steps'], random() < 0.5 ? 'none' : list, 'steps not an array, and back');
  if (roll < 0.97) return at(['steps', i, 'customer', 'line', 'fr'], `${'x'.repeat(20)}\u0000`, 'a NUL in a text');
  return at(['steps', i, 'customer', 'emotion'], pick(['neutral', 'angry', 'sleepy']), 'emotion');
}

function replay(start: Draft, seed: number, edits: number) {
  const random = seeded(seed);
  const lint = new IncrementalLint();
  const differ = new DraftDiffer();
  let doc = start;
  let lastValid = start;
  let lang: Lang = 'fr';
  for (let n = 0; n < edits; n++) {
    // After an edit that broke the file, an undo back to the last valid draft, often.
    const broken = n > 0 && doc !== lastValid && random() < 0.6;
    const step = n === 0 ? { doc, what: 'first lint' } : broken ? { doc: lastValid, what: 'undo' } : edit(doc, random, start);
    doc = step.doc;
    if (random() < 0.03) lang = lang === 'fr' ? 'en' : 'fr';
    const got = lint.update(differ.next(doc), lang);
    const expected = analyseSource(JSON.stringify(doc), lang);
    if (expected.scenario) lastValid = doc;
    const label = `edit ${n} (${step.what}, ${lang})`;
    expect({ label, diagnostics: got.diagnostics, figures: got.figures, valid: got.scenario !== undefined })
      .toEqual({ label, diagnostics: expected.diagnostics, figures: expected.figures, valid: expected.scenario !== undefined });
  }
  return lint.stats;
}

describe('the studio’s incremental lint', () => {
  it.each(libraryDrafts)('gives analyseSource’s result on the whole text after every random edit of $name', ({ doc }) => {
    const stats = replay(doc, doc.id.length, 150);
    // The quick paths did run (else this would only compare analyseSource with itself).
    expect(stats.textsOnly).toBeGreaterThan(10);
    expect(stats.steps).toBeGreaterThan(3);
    expect(stats.whole).toBeGreaterThan(3);
  });

  it('gives analyseSource’s result on a 300-step scenario-shaped draft, edit after edit', () => {
    const stats = replay(scenarioShaped(300) as Draft, 7, 80);
    expect(stats.textsOnly).toBeGreaterThan(10);
  });

  it('lints from scratch when many steps change at once, or the draft comes whole', () => {
    const lint = new IncrementalLint();
    const differ = new DraftDiffer();
    let doc = scenarioShaped(40) as Draft;
    lint.update(differ.next(doc), 'fr');
    for (let i = 0; i < 30; i++) doc = setAt(doc, ['steps', i, 'customer', 'line', 'fr'], `Ligne ${i}`);
    expect(lint.update(differ.next(doc), 'fr').diagnostics).toEqual(analyseSource(JSON.stringify(doc), 'fr').diagnostics);
    expect(lint.stats).toMatchObject({ whole: 2, textsOnly: 0, steps: 0 });
    expect(lint.update({ kind: 'text', text: '{' }, 'fr').scenario).toBeUndefined();
    expect(lint.stats.whole).toBe(3);
  });

  it('refuses a step that arrives before the ones it follows', () => {
    const lint = new IncrementalLint();
    expect(() => lint.update({ kind: 'steps', prefix: '{"steps":', suffix: '}', count: 2, changed: [[1, '{}']] }, 'fr')).toThrow(RangeError);
  });
});

describe('the draft differ', () => {
  it('sends the text around the steps and only the steps whose text changed', () => {
    const differ = new DraftDiffer();
    const doc = scenarioShaped(10) as Draft;
    const first = differ.next(doc);
    if (first.kind !== 'steps') throw new Error('expected steps');
    expect(first.changed.map(([i]) => i)).toEqual([...Array(14).keys()]);
    expect(`${first.prefix}[${first.changed.map(([, t]) => t).join(',')}]${first.suffix}`).toBe(JSON.stringify(doc));
    const edited = setAt(doc, ['steps', 3, 'customer', 'line', 'fr'], 'Autre');
    const second = differ.next(edited);
    expect(second).toEqual({ kind: 'steps', prefix: first.prefix, suffix: first.suffix, count: 14, changed: [[3, JSON.stringify(steps(edited)[3])]] });
    differ.reset();
    const third = differ.next(edited);
    expect(third.kind === 'steps' && third.changed.length).toBe(14);
  });

  it('sends the whole text where the steps are not an array or a text holds the mark', () => {
    const differ = new DraftDiffer();
    expect(differ.next({ steps: 'none' })).toEqual({ kind: 'text', text: '{"steps":"none"}' });
    const marked = { title: { fr: '\u0000steps\u0000' }, steps: [] };
    expect(differ.next(marked)).toEqual({ kind: 'text', text: JSON.stringify(marked) });
  });
});

describe('sameApartFromTexts', () => {
  it('ignores localised texts and nothing else', () => {
    expect(sameApartFromTexts({ a: { fr: 'x' }, b: 1 }, { a: { fr: 'y', en: 'z' }, b: 1 })).toBe(true);
    expect(sameApartFromTexts({ a: { fr: 'x' }, b: 1 }, { a: { fr: 'x' }, b: 2 })).toBe(false);
    expect(sameApartFromTexts({ a: { fr: true } }, { a: { fr: false } })).toBe(false);
    expect(sameApartFromTexts({ a: { fr: 'x' } }, { a: {} })).toBe(false);
    expect(sameApartFromTexts([{ fr: 'x' }], [{ fr: 'y' }, { fr: 'z' }])).toBe(false);
  });
});
