import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { freshId, slugId, templateScenario } from './template';
import { canonicalText } from './canonical';
import { analyseSource } from '../engine/analysis';
import { loadScenario } from '../format/parse';
import { GLOSSARY } from '../format/glossary';
import { BEHAVIOURS, IdSchema, PHASES, type Scenario } from '../format/schema';
import { LANGUAGES } from '../format/text';

const loaded = (lang: 'fr' | 'en', title?: string): Scenario => {
  const result = loadScenario(canonicalText(templateScenario({ id: 'mon-scenario', lang, ...(title === undefined ? {} : { title }) })), lang);
  expect(result.diagnostics).toEqual([]);
  return result.scenario!;
};

/** Every localized text object of a value (objects whose keys are only fr / en). */
function texts(node: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(node)) node.forEach((n) => texts(n, out));
  else if (typeof node === 'object' && node !== null) {
    const keys = Object.keys(node);
    if (keys.length > 0 && keys.every((k) => k === 'fr' || k === 'en')) out.push(node as Record<string, unknown>);
    else Object.values(node).forEach((n) => texts(n, out));
  }
  return out;
}

describe('templateScenario', () => {
  for (const lang of LANGUAGES) {
    it(`lints with no error and no warning in ${lang}, its optimal path a prescriber at 100`, () => {
      const analysis = analyseSource(canonicalText(templateScenario({ id: 'mon-scenario', lang })), lang);
      expect(analysis.scenario).toBeDefined();
      expect(analysis.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
      expect(analysis.figures?.optimal.outcome?.outcome).toBe('prescriber');
      expect(analysis.figures?.overall.max).toBe(100);
      expect(analysis.figures?.overall.min).toBeLessThan(analysis.figures!.overall.max);
    });
  }

  it('is accepted by loadScenario with the requested id and main language', () => {
    for (const lang of LANGUAGES) {
      const s = loaded(lang);
      expect(s.id).toBe('mon-scenario');
      expect(s.mainLanguage).toBe(lang);
      expect(s.version).toBe(1);
    }
  });

  it('goes through the four phases in order, with readable, stable step ids', () => {
    const s = loaded('fr');
    expect(s.steps.map((st) => st.id)).toEqual([
      'accueil', 'contact', 'besoin', 'proposition', 'engagement', 'verification', 'remise', 'satisfaction', 'fidelisation',
      'fin-prescripteur', 'fin-passif', 'fin-perdu',
    ]);
    const playing = s.steps.filter((st) => !st.ending);
    const ranks = playing.map((st) => PHASES.indexOf(st.phase));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    for (const phase of PHASES) expect(playing.filter((st) => st.phase === phase).length, phase).toBeGreaterThanOrEqual(2);
  });

  it('offers 2–3 contrasted choices per step, and proactive, reactive and passive ones in every phase', () => {
    const s = loaded('en');
    for (const step of s.steps.filter((st) => !st.ending)) {
      expect(step.choices.length, step.id).toBeGreaterThanOrEqual(2);
      expect(step.choices.length, step.id).toBeLessThanOrEqual(3);
      expect(step.choices.some((c) => c.behaviour === 'proactive'), step.id).toBe(true);
      expect(new Set(step.choices.map((c) => c.behaviour)).size, step.id).toBeGreaterThanOrEqual(2);
    }
    for (const phase of PHASES) {
      const behaviours = new Set(s.steps.filter((st) => st.phase === phase).flatMap((st) => st.choices.map((c) => c.behaviour)));
      expect([...behaviours].sort(), phase).toEqual([...BEHAVIOURS].sort());
    }
  });

  it('has an implicit commitment a choice keeps, an explicit one, and the three endings of seed 003', () => {
    const s = loaded('fr');
    const implicit = s.implicitCommitments.map((c) => c.id);
    expect(implicit.length).toBeGreaterThan(0);
    const choices = s.steps.flatMap((st) => st.choices);
    expect(choices.some((c) => c.commitment?.action === 'keep' && implicit.includes(c.commitment.id))).toBe(true);
    expect(choices.some((c) => c.commitment?.action === 'make')).toBe(true);
    expect(s.steps.flatMap((st) => (st.ending ? [st.ending.outcome] : [])).sort()).toEqual(['lost', 'passive', 'prescriber']);
    const walkOut = s.steps.find((st) => st.id === s.rules.walkOut.step);
    expect(walkOut?.ending).toMatchObject({ outcome: 'lost', walkOut: true });
  });

  it('cites a glossary idea in every choice and timeout, and fills every text in French and English', () => {
    const s = loaded('en');
    const branches = s.steps.flatMap((st) => [...st.choices, ...(st.timer ? [st.timer.timeout] : [])]);
    expect(branches.length).toBeGreaterThan(20);
    for (const b of branches) expect(GLOSSARY[b.theory], b.id).toBeDefined();
    const all = texts(s);
    expect(all.length).toBeGreaterThan(60);
    for (const text of all) {
      expect(typeof text['fr']).toBe('string');
      expect(typeof text['en']).toBe('string');
    }
    // Trainer notes follow the requested language.
    expect(s.steps[0]!.note).toMatch(/^Seduction/);
    expect(loaded('fr').steps[0]!.note).toMatch(/^Séduction/);
  });

  it('takes the title from the options (in both languages, French typography fixed), else a default per language', () => {
    expect(loaded('fr').title).toEqual({ fr: 'Nouveau scénario en quatre phases', en: 'New four-phase scenario' });
    expect(loaded('en', 'Welcome desk').title).toEqual({ fr: 'Welcome desk', en: 'Welcome desk' });
    expect(loaded('fr', '  Prêt pour l\'accueil?  ').title).toEqual({ fr: 'Prêt pour l’accueil\u202f?', en: 'Prêt pour l\'accueil?' });
    expect(loaded('fr', '   ').title.fr).toBe('Nouveau scénario en quatre phases');
  });

  it('refuses an invalid id or an over-long title with a clear error', () => {
    expect(() => templateScenario({ id: 'mon scénario', lang: 'fr' })).toThrow(/invalid id "mon scénario"/);
    expect(() => templateScenario({ id: '', lang: 'en' })).toThrow(/identifiant invalide/);
    expect(() => templateScenario({ id: 'ok', lang: 'en', title: 'x'.repeat(4001) })).toThrow(/4001 characters, at most 4000/);
  });
});

describe('freshId', () => {
  it('slugs the base: lower case, no accents or ligatures, one dash for other characters', () => {
    expect(freshId('Accueil client', new Set())).toBe('accueil-client');
    expect(freshId('Éléphant & Œuvre — été', new Set())).toBe('elephant-oeuvre-ete');
    expect(freshId('  --Début !!', new Set())).toBe('debut');
    expect(freshId('s2.b_c', new Set())).toBe('s2.b_c');
    expect(slugId('日本語')).toBe('');
  });

  it('falls back to "id" when nothing of the base is left', () => {
    expect(freshId('!!!', new Set())).toBe('id');
    expect(freshId('', new Set(['id']))).toBe('id-2');
  });

  it('makes the id unique with -2, -3, …', () => {
    expect(freshId('Accueil', new Set(['accueil']))).toBe('accueil-2');
    expect(freshId('Accueil', new Set(['accueil', 'accueil-2']))).toBe('accueil-3');
    expect(freshId('accueil-2', new Set(['accueil-2']))).toBe('accueil-2-2');
  });

  it('stays within 80 characters, suffix included', () => {
    const long = 'a'.repeat(200);
    expect(freshId(long, new Set())).toBe('a'.repeat(80));
    const taken = new Set(['a'.repeat(80)]);
    expect(freshId(long, taken)).toBe(`${'a'.repeat(78)}-2`);
    // A dash left at the cut does not double up with the suffix.
    expect(freshId(`${'b'.repeat(77)} c`, new Set([`${'b'.repeat(77)}-c`]))).toBe(`${'b'.repeat(77)}-2`);
  });

  it('always gives a valid id that is not taken, for any base and any taken set', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 120 }), fc.array(fc.string({ maxLength: 12 }), { maxLength: 20 }), (base, others) => {
        const slug = slugId(base) || 'id';
        const taken = new Set([...others, slug, `${slug}-2`]);
        const id = freshId(base, taken);
        expect(IdSchema.safeParse(id).success).toBe(true);
        expect(taken.has(id)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
