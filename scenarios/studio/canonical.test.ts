import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { canonicalText, compareCodePoints } from './canonical';
import { loadScenario } from '../format/parse';
import { ChoiceSchema, ScenarioSchema, StepSchema, TimeoutBranchSchema } from '../format/schema';

const libraryDir = fileURLToPath(new URL('../library/', import.meta.url));
const library = readdirSync(libraryDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ name: f, text: readFileSync(libraryDir + f, 'utf8') }));

/** The keys of every object in a value, in the order the text lists them. */
const keysOf = (text: string, at: (doc: Record<string, unknown>) => unknown): string[] => Object.keys(at(JSON.parse(text) as Record<string, unknown>) as object);

/** A copy of a JSON value with the keys of every object in a random order. */
function shuffled(value: unknown, random: () => number): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffled(v, random));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  for (let i = entries.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [entries[i], entries[j]] = [entries[j]!, entries[i]!];
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, shuffled(v, random)]));
}

describe('canonicalText', () => {
  it('round-trips every library scenario to the same parsed Scenario', () => {
    expect(library.length).toBeGreaterThan(0);
    for (const { name, text } of library) {
      const before = loadScenario(text, 'en');
      const after = loadScenario(canonicalText(JSON.parse(text)), 'en');
      expect(before.scenario, name).toBeDefined();
      expect(after.scenario, name).toEqual(before.scenario);
    }
  });

  it('is idempotent on every library scenario', () => {
    for (const { name, text } of library) {
      const once = canonicalText(JSON.parse(text));
      expect(canonicalText(JSON.parse(once)), name).toBe(once);
    }
  });

  it('gives the same text whatever the key order of the input', () => {
    const doc = JSON.parse(library[0]!.text) as unknown;
    const reference = canonicalText(doc);
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        let s = seed >>> 0;
        const random = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
        expect(canonicalText(shuffled(doc, random))).toBe(reference);
      }),
      { numRuns: 25 },
    );
  });

  it('writes 2-space indentation, \\n line ends and one final newline, laid out as JSON.stringify', () => {
    const doc = { formatVersion: 1, steps: [{ id: 'a', choices: [] }, 3, 'x', null, true], editor: {} };
    const text = canonicalText(doc);
    expect(text).toBe(`${JSON.stringify(doc, null, 2)}\n`);
    expect(text).not.toContain('\r');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
  });

  it('orders the top-level keys as ScenarioSchema declares them, whatever the input order', () => {
    const shape = Object.keys(ScenarioSchema.shape);
    const doc = Object.fromEntries([...shape].reverse().map((k) => [k, k === 'steps' ? [] : 1]));
    expect(keysOf(canonicalText(doc), (d) => d)).toEqual(shape);
    expect(shape.slice(0, 5)).toEqual(['$schema', 'formatVersion', 'id', 'version', 'mainLanguage']);
  });

  it('orders step, choice and timeout keys by their schemas, and localized texts fr then en', () => {
    const reversed = (keys: string[]) => Object.fromEntries([...keys].reverse().map((k) => [k, k === 'text' || k === 'feedback' ? { en: 'E', fr: 'F' } : 1]));
    const choiceKeys = Object.keys(ChoiceSchema.shape);
    const timeoutKeys = Object.keys(TimeoutBranchSchema.shape);
    const step = { ...reversed(Object.keys(StepSchema.shape)), choices: [reversed(choiceKeys)], timer: { timeout: reversed(timeoutKeys), seconds: 10 } };
    const text = canonicalText({ steps: [step] });
    type Doc = { steps: { choices: { text: object }[]; timer: { timeout: object } }[] };
    expect(keysOf(text, (d) => (d as Doc).steps[0])).toEqual(Object.keys(StepSchema.shape));
    expect(keysOf(text, (d) => (d as Doc).steps[0]!.choices[0])).toEqual(choiceKeys);
    expect(keysOf(text, (d) => (d as Doc).steps[0]!.choices[0]!.text)).toEqual(['fr', 'en']);
    expect(keysOf(text, (d) => (d as Doc).steps[0]!.timer)).toEqual(['seconds', 'timeout']);
    expect(keysOf(text, (d) => (d as Doc).steps[0]!.timer.timeout)).toEqual(timeoutKeys);
  });

  it('orders the keys of unions (conditions, nested ones too, and commitment effects) by their options', () => {
    const choice = {
      condition: { all: [{ value: 3, op: 'lt', meter: 'mood' }, { not: { is: true, flag: 'f' } }, { status: 'open', commitment: 'c' }] },
      commitment: { label: { en: 'E', fr: 'F' }, id: 'c', action: 'make' },
    };
    const text = canonicalText({ steps: [{ choices: [choice] }] });
    const c = (JSON.parse(text) as { steps: [{ choices: [typeof choice] }] }).steps[0].choices[0];
    expect(Object.keys(c)).toEqual(['commitment', 'condition']);
    expect(Object.keys(c.commitment)).toEqual(['action', 'id', 'label']);
    expect(Object.keys(c.commitment.label)).toEqual(['fr', 'en']);
    expect(Object.keys(c.condition.all[0]!)).toEqual(['meter', 'op', 'value']);
    expect(Object.keys((c.condition.all[1] as { not: object }).not)).toEqual(['flag', 'is']);
    expect(Object.keys(c.condition.all[2]!)).toEqual(['commitment', 'status']);
  });

  it('puts unknown keys after the known ones, in code-point order, inside records too', () => {
    const doc = {
      zeta: 1, Alpha: 2, id: 'x', formatVersion: 1,
      editor: { positions: { b: { y: 2, x: 1 }, '10': { x: 0, y: 0 }, '2': { x: 0, y: 0 }, B: { x: 0, y: 0 }, 'é': { x: 0, y: 0 } }, extra: true },
      steps: [{ choices: [{ setFlags: { zz: true, aa: false }, service: { tangibles: 1, reliability: 2, custom: 0 } }] }],
    };
    const text = canonicalText(doc);
    const parsed = JSON.parse(text) as typeof doc;
    expect(Object.keys(parsed)).toEqual(['formatVersion', 'id', 'steps', 'editor', 'Alpha', 'zeta']);
    expect(Object.keys(parsed.editor)).toEqual(['positions', 'extra']);
    // JSON objects put integer-like keys first, so read the order from the text itself.
    const positionKeys = [...text.slice(text.indexOf('"positions"')).matchAll(/^ {6}"([^"]+)"/gm)].map((m) => m[1]);
    expect(positionKeys).toEqual(['10', '2', 'B', 'b', 'é']);
    expect(Object.keys(parsed.editor.positions.b)).toEqual(['x', 'y']);
    expect(Object.keys(parsed.steps[0]!.choices[0]!.setFlags)).toEqual(['aa', 'zz']);
    expect(Object.keys(parsed.steps[0]!.choices[0]!.service)).toEqual(['reliability', 'tangibles', 'custom']);
  });

  it('compares by code point, not by UTF-16 code unit', () => {
    expect(compareCodePoints('\uffff', '😀')).toBeLessThan(0);
    expect(compareCodePoints('😀', '\uffff')).toBeGreaterThan(0);
    expect(compareCodePoints('a', 'ab')).toBeLessThan(0);
    expect(compareCodePoints('é', 'é')).toBe(0);
    expect(canonicalText({ '😀': 1, '\uffff': 2 })).toBe('{\n  "\uffff": 2,\n  "😀": 1\n}\n');
  });

  it('never throws on drafts that fail the schema, and keeps their content', () => {
    const drafts: unknown[] = [null, 0, 'texte', [], {}, [1, [2, [3]]], { steps: 'none', title: ['fr'], briefing: null, meters: { mood: 'high' } }, { steps: [{ choices: { a: 1 } }] }];
    for (const draft of drafts) {
      const text = canonicalText(draft);
      expect(JSON.parse(text)).toEqual(draft);
    }
    expect(canonicalText(undefined)).toBe('null\n');
  });

  it('writes a draft nested 4,000 deep (its indentation alone is 16 million spaces) and reads it back', () => {
    const depth = 4_000;
    const deep = JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown;
    const text = canonicalText(deep);
    expect(text.split('\n')).toHaveLength(2 * depth); // one line per bracket but the innermost [] + the final newline
    expect(canonicalText(JSON.parse(text))).toBe(text);
  });

  it('refuses a cyclic value with a clear error', () => {
    const a: Record<string, unknown> = { id: 'a' };
    a['self'] = a;
    expect(() => canonicalText(a)).toThrow(/cycle/);
  });

  it('holds for any JSON value: same data as JSON.stringify, idempotent', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalText(value);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value) ?? 'null'));
        expect(canonicalText(JSON.parse(text))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('writes integer-like keys and __proto__ in canonical order, laid out as for any other key', () => {
    // A JS object would list "2" before "10"; the text must not.
    expect(canonicalText({ b: 1, '10': 2, '2': 3, __proto__x: 4 })).toBe('{\n  "10": 2,\n  "2": 3,\n  "__proto__x": 4,\n  "b": 1\n}\n');
    const withProto = JSON.parse('{"z": 1, "__proto__": {"y": 2, "x": 1}}') as unknown;
    expect(canonicalText(withProto)).toBe('{\n  "__proto__": {\n    "x": 1,\n    "y": 2\n  },\n  "z": 1\n}\n');
    // Whatever the value under it, an integer-like key is written exactly as a plain key would be.
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalText({ '0': value })).toBe(canonicalText({ a: value }).replace('"a"', '"0"'));
      }),
      { numRuns: 200 },
    );
  });
});
