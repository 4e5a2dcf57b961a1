import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { arbitraryScenario, choice, ending, scenarioInput, step, t } from '../../tests/support/scenarios';
import { scenarioShaped } from '../../tests/bench/generators';
import { getAt, type Draft } from './edit';
import { findAll, MAX_MATCHES, replaceAll, replaceOne, StaleMatchError } from './find';

/** A scenario with « zeta » in every kind of text, and in places that are not texts (ids, note, name, editor). */
function everywhere(): Draft {
  const z = (where: string) => t(`zeta ${where}`, `zeta ${where} en`);
  return scenarioInput(
    [
      step('zeta', 'seduction', [
        choice('zeta-1', 'end', { text: z('choice'), feedback: z('feedback'), commitment: { action: 'make', id: 'zeta-promise', label: z('promise') } }),
      ], {
        narration: z('narration'),
        customer: { line: z('line'), emotion: 'neutral' },
        note: 'zeta note',
        timer: { seconds: 10, timeout: { id: 'zeta-late', feedback: z('timeout'), theory: 'commercial-passivity', next: 'end', commitment: { action: 'make', id: 'zeta-2', label: z('timeout promise') } } },
      }),
      { ...ending('end', 'prescriber'), ending: { outcome: 'prescriber', epilogue: z('epilogue') } },
    ],
    {
      id: 'zeta',
      title: z('title'),
      summary: z('summary'),
      briefing: {
        setting: z('setting'),
        customer: { name: 'zeta', portrait: z('portrait'), loyalty: { pattern: 'mono', basis: 'functional' }, explicitNeeds: [z('explicit')], implicitNeeds: [z('implicit')] },
        objectives: [z('objective')],
        difficulty: 'beginner',
        estimatedMinutes: 5,
      },
      implicitCommitments: [{ id: 'zeta-implicit', label: z('implicit commitment') }],
      start: 'zeta',
      editor: { positions: { zeta: { x: 0, y: 0 } } },
    },
  );
}

describe('findAll', () => {
  it('searches every localised text in reading order, and neither ids, notes, names nor editor metadata', () => {
    const found = findAll(everywhere(), 'zeta', { lang: 'fr' });
    expect(found.map((m) => m.path.join('.'))).toEqual([
      'title.fr', 'summary.fr', 'briefing.setting.fr', 'briefing.customer.portrait.fr', 'briefing.customer.explicitNeeds.0.fr',
      'briefing.customer.implicitNeeds.0.fr', 'briefing.objectives.0.fr', 'implicitCommitments.0.label.fr',
      'steps.0.narration.fr', 'steps.0.customer.line.fr', 'steps.0.choices.0.text.fr', 'steps.0.choices.0.feedback.fr',
      'steps.0.choices.0.commitment.label.fr', 'steps.0.timer.timeout.feedback.fr', 'steps.0.timer.timeout.commitment.label.fr',
      'steps.1.ending.epilogue.fr',
    ]);
    expect(found.filter((m) => m.stepId !== undefined).map((m) => m.stepId)).toEqual([...Array(7).fill('zeta'), 'end']);
    expect(found[0]).toEqual({ path: ['title', 'fr'], lang: 'fr', text: 'zeta', index: 0 });
  });

  it('searches one language or both, French first in each text', () => {
    const doc = everywhere();
    expect(findAll(doc, 'zeta').slice(0, 2).map((m) => m.path.join('.'))).toEqual(['title.fr', 'title.en']);
    expect(findAll(doc, 'zeta', { lang: 'en' }).every((m) => m.lang === 'en')).toBe(true);
    expect(findAll(doc, 'zeta')).toHaveLength(32);
  });

  const one = (text: string) => scenarioInput([step('a', 'seduction', [choice('a1', 'end')], { customer: { line: { fr: text }, emotion: 'neutral' } }), ending('end', 'prescriber')]);
  const hits = (text: string, query: string, options = {}) => findAll(one(text), query, { lang: 'fr', ...options }).filter((m) => m.path[1] === 0 && m.path[2] === 'customer').map((m) => [m.index, m.text]);

  it('ignores case unless asked, and gives the text as it stands in the document', () => {
    expect(hits('Bonjour, bonjour', 'BONJOUR')).toEqual([[0, 'Bonjour'], [9, 'bonjour']]);
    expect(hits('Bonjour, bonjour', 'bonjour', { caseSensitive: true })).toEqual([[9, 'bonjour']]);
  });

  it('treats accents as different letters unless ignoreAccents, whichever way é is encoded', () => {
    const decomposed = 'e\u0301lan';
    expect(hits('Une écoute active', 'ecoute')).toEqual([]);
    expect(hits('Une écoute active', 'ecoute', { ignoreAccents: true })).toEqual([[4, 'écoute']]);
    expect(hits(decomposed, 'élan')).toEqual([[0, decomposed]]);
    expect(hits(decomposed, 'e')).toEqual([]);
    expect(hits(decomposed, 'e', { ignoreAccents: true })).toEqual([[0, 'e\u0301']]);
    expect(hits('À bientôt', 'à')).toEqual([[0, 'À']]);
  });

  it('finds whole words only when asked', () => {
    expect(hits('Un client, la clientèle, les clients et l’client', 'client', { wholeWord: true })).toEqual([[3, 'client'], [42, 'client']]);
    expect(hits('Un client, la clientèle', 'client')).toHaveLength(2);
    expect(hits('Merci !', 'merci !', { wholeWord: true })).toEqual([[0, 'Merci !']]);
  });

  it('gives non-overlapping matches and nothing for an empty query', () => {
    expect(hits('aaaa', 'aa')).toEqual([[0, 'aa'], [2, 'aa']]);
    expect(hits('abc', '')).toEqual([]);
  });

  it('stops at 10,000 matches', () => {
    const big = scenarioShaped(2000);
    expect(findAll(big, 'en')).toHaveLength(MAX_MATCHES);
  });

  it('refuses a query that is not text and an unknown language', () => {
    expect(() => findAll(everywhere(), 3 as never)).toThrow(/query/);
    expect(() => findAll(everywhere(), 'x', { lang: 'de' as never })).toThrow(/language/);
  });
});

describe('replaceAll and replaceOne', () => {
  it('replaces every match, counts them, and leaves untouched parts of the document as they were', () => {
    const doc = scenarioInput([
      step('a', 'seduction', [choice('a1', 'b', { text: t('Bonjour madame', 'Hello madam') })]),
      step('b', 'influence', [choice('b1', 'end')]),
      ending('end', 'prescriber'),
    ]);
    const { doc: next, count } = replaceAll(doc, 'madame', 'monsieur', { lang: 'fr' });
    expect(count).toBe(1);
    expect(getAt(next, ['steps', 0, 'choices', 0, 'text'])).toEqual(t('Bonjour monsieur', 'Hello madam'));
    expect(next.steps[1]).toBe(doc.steps[1]);
    expect(next.briefing).toBe(doc.briefing);
    expect(replaceAll(doc, 'absent', 'x')).toEqual({ doc, count: 0 });
    expect(replaceAll(doc, 'absent', 'x').doc).toBe(doc);
  });

  it('takes the replacement literally and replaces past the 10,000 that findAll lists', () => {
    const big = scenarioShaped(2000);
    const { doc, count } = replaceAll(big, 'Réplique', '$&$1', { caseSensitive: true });
    expect(count).toBe(4000); // each decision step's line, in French and in English
    expect(getAt(doc, ['steps', 0, 'customer', 'line', 'fr'])).toBe('$&$1 0 en français');
    expect(replaceAll(big, 'en', 'EN').count).toBeGreaterThan(MAX_MATCHES);
  });

  it('replaces one match, and refuses a match that is out of date or does not point at a text', () => {
    const doc = everywhere();
    const [first, second] = findAll(doc, 'zeta', { lang: 'en' });
    const next = replaceOne(doc, second!, 'ZETA');
    expect(getAt(next, ['summary', 'en'])).toBe('ZETA summary en');
    expect(getAt(next, ['title', 'en'])).toBe('zeta title en');
    expect(() => replaceOne(next, second!, 'again')).toThrow(StaleMatchError);
    expect(() => replaceOne(doc, { ...first!, path: ['steps', 0, 'id'], lang: 'en' }, 'x')).toThrow(StaleMatchError);
    expect(() => replaceOne(doc, { ...first!, path: ['editor', 'positions', 'zeta', 'x'] }, 'x')).toThrow(StaleMatchError);
  });

  const marker = fc.string({ maxLength: 6 }).filter((s) => !/[⟦⟧]/u.test(s)).map((s) => `⟦${s}⟧`);
  const options = fc.record({ wholeWord: fc.boolean(), lang: fc.constantFrom('fr' as const, 'en' as const, 'both' as const) });

  it('property: replacing q by r, then r by q, restores the document when r does not occur in it', () => {
    fc.assert(
      fc.property(arbitraryScenario({ stateful: false, maxSteps: 8 }), fc.nat(), fc.nat({ max: 12 }), marker, options, (scenario, pick, length, r, opts) => {
        // q: a piece of one of the document's own texts (or, when it is empty, a letter).
        const texts = findAll(scenario, ' ', { caseSensitive: true });
        const source = texts.length > 0 ? (getAt(scenario, texts[pick % texts.length]!.path) as string) : 'e';
        const from = pick % source.length;
        const q = source.slice(from, from + 1 + length) || 'e';
        const forth = replaceAll(scenario, q, r, { ...opts, caseSensitive: true });
        const back = replaceAll(forth.doc, r, q, { ...opts, caseSensitive: true });
        expect(back.count).toBe(forth.count);
        expect(back.doc).toEqual(scenario);
      }),
      { numRuns: 200 },
    );
  });

  it('property: replaceAll replaces exactly what findAll finds', () => {
    fc.assert(
      fc.property(arbitraryScenario({ stateful: false, maxSteps: 8 }), fc.constantFrom('e', 'é', 'Choix', 'retour', 's1', 'c0', ' '), options, fc.boolean(), fc.boolean(), (scenario, q, opts, caseSensitive, ignoreAccents) => {
        const all = { ...opts, caseSensitive, ignoreAccents };
        expect(replaceAll(scenario, q, '#', all).count).toBe(findAll(scenario, q, all).length);
      }),
    );
  });
});
