import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { analyseScenario } from '../engine/analysis';
import { ScenarioSchema } from '../format/schema';
import { choice, ending, scenarioInput, step, t } from '../../tests/support/scenarios';
import { setAt, type Draft } from './edit';
import { describePath, stepOfPath } from './paths';

const doc: Draft = scenarioInput(
  [
    step('accueil', 'seduction', [choice('a1', 'besoin'), choice('a2', 'besoin', { condition: { all: [{ meter: 'mood', op: 'gte', value: 40 }] } })], {
      timer: { seconds: 10, timeout: { id: 'a-late', feedback: t('Trop tard'), theory: 'commercial-passivity', next: 'besoin' } },
    }),
    step('besoin', 'influence', [choice('b1', 'fin')]),
    ending('fin', 'prescriber'),
  ],
  {
    start: 'accueil',
    transitions: [{ id: 'ravi', when: { meter: 'mood', op: 'gte', value: 90 }, to: 'fin' }, { id: 'perdu', when: { flag: 'x' }, to: 'nulle-part' }],
    rules: { walkOut: { step: 'fin' } },
    editor: { positions: { besoin: { x: 1, y: 2 } } },
  },
);

describe('stepOfPath', () => {
  it('gives the step a path into the steps points to', () => {
    expect(stepOfPath(doc, ['steps', 1, 'choices', 0, 'next'])).toBe('besoin');
    expect(stepOfPath(doc, ['steps', 0])).toBe('accueil');
    expect(stepOfPath(doc, ['steps', 7, 'id'])).toBeUndefined();
    expect(stepOfPath(doc, ['steps'])).toBeUndefined();
  });

  it('gives the step that start, a transition, the walk-out rule or a saved position names, when it exists', () => {
    expect(stepOfPath(doc, ['start'])).toBe('accueil');
    expect(stepOfPath(doc, ['transitions', 0, 'to'])).toBe('fin');
    expect(stepOfPath(doc, ['transitions', 1, 'to'])).toBeUndefined();
    expect(stepOfPath(doc, ['rules', 'walkOut', 'step'])).toBe('fin');
    expect(stepOfPath(doc, ['editor', 'positions', 'besoin', 'x'])).toBe('besoin');
    expect(stepOfPath(setAt(doc, ['start'], 'fantome'), ['start'])).toBeUndefined();
    expect(stepOfPath(doc, ['briefing', 'objectives', 0])).toBeUndefined();
    expect(stepOfPath(doc, [])).toBeUndefined();
  });
});

describe('describePath', () => {
  it('names a choice’s text by its step id, its rank and its language', () => {
    expect(describePath(doc, ['steps', 0, 'choices', 1, 'text', 'en'], 'fr')).toBe('Étape accueil › choix 2 › texte (EN)');
    expect(describePath(doc, ['steps', 0, 'choices', 1, 'text', 'en'], 'en')).toBe('Step accueil › choice 2 › text (EN)');
  });

  it('reads a step’s customer line, timer and timeout, and a condition inside a choice', () => {
    expect(describePath(doc, ['steps', 1, 'customer', 'line', 'fr'], 'fr')).toBe('Étape besoin › réplique du client (FR)');
    expect(describePath(doc, ['steps', 0, 'timer', 'timeout', 'next'], 'en')).toBe('Step accueil › timeout › next step');
    expect(describePath(doc, ['steps', 0, 'timer', 'seconds'], 'fr')).toBe('Étape accueil › durée du minuteur');
    expect(describePath(doc, ['steps', 0, 'choices', 1, 'condition', 'all', 0, 'value'], 'fr')).toBe('Étape accueil › choix 2 › condition › toutes › n° 1 › valeur');
  });

  it('names the scenario’s own parts', () => {
    expect(describePath(doc, [], 'fr')).toBe('Scénario');
    expect(describePath(doc, ['title', 'fr'], 'en')).toBe('Title (FR)');
    expect(describePath(doc, ['briefing', 'objectives', 0, 'en'], 'fr')).toBe('Briefing › objectif 1 (EN)');
    expect(describePath(doc, ['transitions', 1, 'to'], 'fr')).toBe('Transition perdu › destination');
    expect(describePath(doc, ['rules', 'walkOut', 'step'], 'en')).toBe('Rules › walk-out › step');
    expect(describePath(doc, ['start'], 'fr')).toBe('Étape de départ');
    expect(describePath(doc, ['editor', 'positions', 'step', 'x'], 'fr')).toBe('Éditeur › positions › step › x'); // a step id, not « étape »
  });

  it('copes with steps without an id, unknown keys and a bad language', () => {
    const draft = setAt(doc, ['steps', 1, 'id'], undefined);
    expect(describePath(draft, ['steps', 1, 'phase'], 'fr')).toBe('Étape n° 2 › phase');
    expect(describePath(draft, ['steps', 1, 'phase'], 'en')).toBe('Step #2 › phase');
    expect(describePath(doc, ['steps', 0, 'mystery', 3], 'en')).toBe('Step accueil › mystery › #4');
    expect(describePath(doc, ['constructor'], 'en')).toBe('Constructor');
    expect(() => describePath(doc, [], 'de' as never)).toThrow(/language/);
  });

  it('gives every diagnostic of a broken library scenario a label and, inside a step, its step', () => {
    const file = JSON.parse(readFileSync(new URL('../library/exemple-guichet-banque.json', import.meta.url), 'utf8')) as Draft;
    let broken = setAt(file, ['steps', 1, 'choices', 0, 'next'], 'nowhere');
    broken = setAt(broken, ['steps', 2, 'customer', 'line', 'en'], undefined);
    broken = setAt(broken, ['start'], 'ghost');
    const { diagnostics } = analyseScenario(ScenarioSchema.parse(broken), 'fr');
    expect(diagnostics.length).toBeGreaterThanOrEqual(3);
    for (const d of diagnostics) {
      const label = describePath(broken, d.path, 'fr');
      expect(label).not.toMatch(/undefined|\[object/);
      if (d.path[0] === 'steps') expect(stepOfPath(broken, d.path)).toBe(broken.steps[d.path[1] as number]!.id);
    }
    const unknown = diagnostics.find((d) => d.code === 'ref.unknown-step' && d.path[0] === 'steps')!;
    expect(describePath(broken, unknown.path, 'fr')).toBe(`Étape ${broken.steps[1]!.id} › choix 1 › étape suivante`);
  });
});
