import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { z } from 'zod';
import { ScenarioSchema, scenarioSchemaForLoading } from './schema';
import { loadScenario } from './parse';
import { arbitraryScenario } from '../../tests/support/scenarios';

const library = new URL('../library/', import.meta.url);
const documents = readdirSync(library).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(new URL(f, library), 'utf8')) as unknown);
const loading = scenarioSchemaForLoading();
const errors = { fr: z.locales.fr().localeError, en: z.locales.en().localeError };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a value inside a JSON document. */
function pathsOf(value: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...prefix, i], out));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
  return out;
}

/** A copy of `doc` with the value at `path` replaced, removed (undefined) or given an extra key. */
function mutated(doc: Json, path: readonly (string | number)[], change: { kind: 'replace' | 'remove' | 'extra'; value: Json }): Json {
  const copy = structuredClone(doc);
  if (path.length === 0) return change.kind === 'replace' ? change.value : copy;
  let parent = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  const last = path[path.length - 1]!;
  if (change.kind === 'replace') parent[last] = change.value;
  else if (change.kind === 'remove') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else Reflect.deleteProperty(parent, last);
  } else if (typeof parent[last] === 'object' && parent[last] !== null && !Array.isArray(parent[last])) (parent[last] as Record<string, Json>)['unknownKey'] = change.value;
  return copy;
}

/** Both schemas' verdicts on one document, in each language: the same acceptance, the same value with keys in the same order, or the same issues. */
function expectSameVerdict(doc: unknown) {
  let accepted = false;
  for (const error of [errors.fr, errors.en]) {
    const fast = loading.safeParse(doc, { error });
    const real = ScenarioSchema.safeParse(doc, { error });
    expect(fast.success).toBe(real.success);
    if (fast.success && real.success) {
      expect(JSON.stringify(fast.data)).toBe(JSON.stringify(real.data));
      expect(fast.data).toEqual(real.data);
    } else {
      expect(fast.error?.issues).toEqual(real.error?.issues);
    }
    accepted = real.success;
  }
  return accepted;
}

const nested = (depth: number, leaf: unknown): unknown => (depth === 0 ? leaf : depth % 2 ? { not: nested(depth - 1, leaf) } : { all: [{ flag: 'f' }, nested(depth - 1, leaf)] });

describe('the schema the loader uses (zod’s compiled texts, ids, effects and empathy)', () => {
  it('is not ScenarioSchema itself here, where zod may compile', () => {
    expect(loading).not.toBe(ScenarioSchema);
  });

  it('gives ScenarioSchema’s verdicts on any document: the same acceptance, value (keys in order) or issues, in French and English', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(...documents), arbitraryScenario({ stateful: true })),
        fc.nat(),
        fc.constantFrom('replace', 'remove', 'extra', 'none'),
        fc.jsonValue({ maxDepth: 2 }),
        (base, pick, kind, value) => {
          const doc = base as Json;
          const paths = pathsOf(doc);
          const path = paths[pick % paths.length]!;
          const candidate = kind === 'none' ? doc : mutated(doc, path, { kind, value: value as Json });
          if (expectSameVerdict(candidate)) accepted++;
          else refused++;
        },
      ),
      { numRuns: 300 },
    );
    // Both outcomes were exercised, not only one.
    expect(accepted).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(20);
  });

  it('agrees on conditions however deep they nest', () => {
    const withCondition = (condition: unknown) => {
      const doc = structuredClone(documents[0]) as { steps: { choices?: { condition?: unknown }[] }[] };
      const target = doc.steps.find((s) => (s.choices?.length ?? 0) > 1)!;
      target.choices![1]!.condition = condition;
      return doc;
    };
    expect(expectSameVerdict(withCondition(nested(40, { meter: 'mood', op: 'gte', value: 10 })))).toBe(true);
    expect(expectSameVerdict(withCondition(nested(40, { meter: 'mood', op: 'gte', value: 101 })))).toBe(false);
    expect(expectSameVerdict(withCondition(nested(3, { flag: 'f', extra: true })))).toBe(false);
  });

  it('makes loadScenario report ScenarioSchema’s own issues, in the reader’s language', () => {
    // A broken text, id, meter effect and empathy (each one of the compiled schemas), and a broken condition.
    const doc = structuredClone(documents[0]) as { steps: { id: string; customer: { line: unknown }; choices?: Record<string, unknown>[] }[] };
    const step = doc.steps.find((s) => (s.choices?.length ?? 0) > 1)!;
    step.customer.line = { fr: '   ' };
    step.id = 'not an id!';
    step.choices![0]!['effects'] = { mood: 500 };
    step.choices![0]!['empathy'] = 1.5;
    step.choices![1]!['condition'] = nested(2, { meter: 'mood', op: 'gte', value: 101 });
    for (const lang of ['fr', 'en'] as const) {
      const expected = ScenarioSchema.safeParse(doc, { error: (lang === 'fr' ? z.locales.fr() : z.locales.en()).localeError });
      const messages = loadScenario(JSON.stringify(doc), lang).diagnostics.map((d) => d.message);
      expect(expected.success).toBe(false);
      expect(expected.error!.issues.length).toBeGreaterThanOrEqual(5);
      expect(messages).toHaveLength(expected.error!.issues.length);
      expected.error!.issues.forEach((issue, i) => expect(messages[i]).toContain(issue.message));
    }
  });
});
