import { describe, expect, it } from 'vitest';
import { analyseScenario, analyseSource } from './analysis';
import { choice, ending, scenario, step, t } from '../../tests/support/scenarios';
import type { Scenario } from '../format/schema';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';

const codes = (s: Scenario) => analyseScenario(s, 'en').diagnostics.map((d) => `${d.severity}:${d.code}`);

const warm = { mood: 5 };
const fourPhases = () => [
  step('a', 'seduction', [choice('a1', 'b', { behaviour: 'proactive', effects: warm })]),
  step('b', 'influence', [choice('b1', 'c', { behaviour: 'proactive', effects: warm })]),
  step('c', 'prestation', [choice('c1', 'd', { behaviour: 'proactive', effects: warm })]),
  step('d', 'ancrage', [choice('d1', 'win', { behaviour: 'proactive', effects: warm }), choice('d2', 'meh', { effects: { trust: 5 } }), choice('d3', 'lose', { behaviour: 'passive', effects: { trust: -5 } })]),
  ending('win', 'prescriber'),
  ending('meh', 'passive'),
  ending('lose', 'lost'),
];

describe('scenario analysis (lint)', () => {
  it('finds nothing to say about a sound four-phase scenario', () => {
    expect(codes(scenario(fourPhases()))).toEqual([]);
  });

  it('gives an info for a choice that changes no meter, located at the choice', () => {
    const steps = fourPhases();
    steps[1] = step('b', 'influence', [choice('b1', 'c', { behaviour: 'proactive', effects: { mood: 0 } })]);
    const found = analyseSource(JSON.stringify(scenario(steps), null, 2), 'fr').diagnostics.filter((d) => d.code === 'choice.no-effects');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'info', path: ['steps', 1, 'choices', 0, 'id'] });
    expect(found[0]?.message).toContain('« b1 »');
    expect(found[0]?.line).toBeGreaterThan(1);
  });

  it('reports a dead end', () => {
    const steps = fourPhases();
    steps[2] = step('c', 'prestation', []);
    expect(codes(scenario(steps))).toContain('error:step.dead-end');
  });

  it('reports an unreachable step', () => {
    expect(codes(scenario([...fourPhases(), step('island', 'influence', [choice('i1', 'win')])]))).toContain('warning:step.unreachable');
  });

  it('reports broken references, from choices, timeouts, transitions, start and walk-out', () => {
    const steps = fourPhases();
    steps[0] = step('a', 'seduction', [choice('a1', 'nowhere', { behaviour: 'proactive' })], {
      timer: { seconds: 10, timeout: { id: 'a-late', feedback: t('x'), theory: 'commercial-passivity', next: 'void' } },
    });
    const found = analyseScenario(scenario(steps, { start: 'ghost', transitions: [{ id: 'r', when: { flag: 'x' }, to: 'limbo' }], rules: { walkOut: { step: 'exit' } } }), 'en').diagnostics;
    expect(found.filter((d) => d.code === 'ref.unknown-step').map((d) => d.message)).toEqual(
      ['Unknown step: "nowhere".', 'Unknown step: "void".', 'Unknown step: "limbo".', 'Unknown step: "ghost".', 'Unknown step: "exit".'],
    );
  });

  it('reports duplicate step and choice ids', () => {
    const steps = fourPhases();
    steps.push(step('a', 'ancrage', [choice('b1', 'win')]));
    const c = codes(scenario(steps));
    expect(c).toContain('error:id.duplicate-step');
    expect(c).toContain('error:id.duplicate-choice');
  });

  it('reports a transition id used twice, at the second one, and not a transition named like a step', () => {
    const when = { meter: 'patience', op: 'lte', value: 10 } as const;
    const found = analyseScenario(scenario(fourPhases(), { transitions: [{ id: 'a', when, to: 'win' }, { id: 'r', when, to: 'win' }, { id: 'r', when, to: 'win' }] }), 'fr').diagnostics;
    expect(found.filter((d) => d.code === 'id.duplicate-transition').map((d) => [d.path, d.message])).toEqual([[['transitions', 2, 'id'], 'L’identifiant de transition « r » est déjà utilisé.']]);
  });

  it('reports a self-loop', () => {
    const steps = fourPhases();
    steps[1] = step('b', 'influence', [choice('b1', 'c', { behaviour: 'proactive' }), choice('again', 'b')]);
    expect(codes(scenario(steps))).toContain('error:step.self-loop');
  });

  it('reports a loop without an exit', () => {
    const steps = fourPhases();
    steps[1] = step('b', 'influence', [choice('b1', 'x', { behaviour: 'proactive' })]);
    steps.push(step('x', 'influence', [choice('x1', 'y')]), step('y', 'influence', [choice('y1', 'x')]));
    const c = codes(scenario(steps));
    expect(c.filter((x) => x === 'error:loop.no-exit')).toHaveLength(4); // a and b lead only into the loop x ↔ y
  });

  it('warns about a missing phase and phases out of order, and notes a phase without proactive options', () => {
    const steps = fourPhases().filter((s) => s.id !== 'c');
    steps[1] = step('b', 'influence', [choice('b1', 'd', { behaviour: 'proactive' })]);
    expect(codes(scenario(steps))).toContain('warning:phase.missing');
    const backwards = fourPhases();
    backwards[3] = step('d', 'ancrage', [choice('d1', 'win', { behaviour: 'proactive' }), choice('redo', 'b'), choice('d3', 'lose')]);
    expect(codes(scenario(backwards))).toContain('warning:phase.order');
    const reactive = fourPhases();
    reactive[2] = step('c', 'prestation', [choice('c1', 'd')]);
    expect(codes(scenario(reactive))).toContain('info:phase.no-proactive');
  });

  it('warns about missing translations and errs on a missing main-language text', () => {
    const steps = fourPhases();
    steps[0] = step('a', 'seduction', [choice('a1', 'b', { behaviour: 'proactive', text: { fr: 'Bonjour' } }), choice('a2', 'b', { text: { en: 'Hello' } })]);
    const c = codes(scenario(steps));
    expect(c).toContain('warning:text.missing-translation');
    expect(c).toContain('error:text.missing-main');
  });

  it('errs on commitments kept or tested without being made, and warns on flags never set', () => {
    const steps = fourPhases();
    steps[2] = step('c', 'prestation', [choice('c1', 'd', { behaviour: 'proactive', commitment: { action: 'keep', id: 'ghost' }, condition: { flag: 'never' } }), choice('c2', 'd', { condition: { commitment: 'phantom', status: 'kept' } })]);
    const c = codes(scenario(steps));
    expect(c.filter((x) => x === 'error:commitment.unknown')).toHaveLength(2);
    expect(c).toContain('warning:flag.never-set');
  });

  it('asks for a walk-out ending when meters can fall, and checks it is a lost walk-out', () => {
    const steps = fourPhases();
    steps[0] = step('a', 'seduction', [choice('a1', 'b', { behaviour: 'proactive', effects: { patience: -30 } })]);
    expect(codes(scenario(steps))).toContain('warning:walkout.missing-step');
    expect(codes(scenario(steps, { rules: { walkOut: { step: 'win' } } }))).toContain('error:walkout.not-lost');
  });

  it('errs on endings with choices or timers, and on a scenario without any ending', () => {
    const steps = fourPhases();
    steps[4] = { ...ending('win', 'prescriber'), choices: [choice('z', 'meh')] };
    expect(codes(scenario(steps))).toContain('error:step.ending-with-choices');
    expect(codes(scenario([step('a', 'seduction', [choice('a1', 'b')]), step('b', 'influence', [choice('b1', 'a')])]))).toContain('error:ending.none');
  });

  it('tells the author when a longer path collects more points than the best one', () => {
    const detour = scenario([
      step('a', 'seduction', [choice('direct', 'd', { behaviour: 'proactive', empathy: 2 }), choice('around', 'b', { behaviour: 'proactive', empathy: 1 })]),
      step('b', 'influence', [choice('b1', 'c', { behaviour: 'proactive', empathy: 1 })]),
      step('c', 'prestation', [choice('c1', 'd', { behaviour: 'proactive', empathy: 1 })]),
      step('d', 'ancrage', [choice('d1', 'win', { behaviour: 'proactive' }), choice('d2', 'lose', { behaviour: 'passive' })]),
      ending('win', 'prescriber'),
      ending('lose', 'lost'),
    ]);
    const found = analyseScenario(detour, 'en').diagnostics.find((d) => d.code === 'bounds.detour');
    expect(found?.severity).toBe('info');
    expect(found?.message).toBe('At step "a", the best path prefers "around" to "direct", which is better here: the detour collects more points. Rebalance so a detour never pays more than the direct route.');
    expect(codes(scenario(fourPhases()))).not.toContain('info:bounds.detour');
  });

  it('gives the figures: ranges, optimal and worst paths, path count', () => {
    const { figures } = analyseScenario(scenario(fourPhases()), 'en');
    expect(figures?.proactivity).toEqual({ min: 3 * 2 + 0, max: 8 });
    expect(figures?.optimal.choices).toEqual(['a1', 'b1', 'c1', 'd1']);
    expect(figures?.optimal.outcome?.outcome).toBe('prescriber');
    expect(figures?.worst.choices).toEqual(['a1', 'b1', 'c1', 'd3']);
    expect(figures?.pathCount).toBe(3);
  });

  it('locates graph diagnostics at file:line:col in the source', () => {
    const steps = fourPhases();
    steps[1] = step('b', 'influence', [choice('b1', 'nowhere', { behaviour: 'proactive' })]);
    const text = JSON.stringify(scenario(steps), null, 2);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('"next": "nowhere"')) + 1;
    const column = (lines[line - 1] ?? '').indexOf('"next"') + 1;
    const d = analyseSource(text, 'fr').diagnostics.find((x) => x.code === 'ref.unknown-step');
    expect(d).toMatchObject({ line, column, message: 'Étape inconnue : « nowhere ».' });
  });

  it('locates each diagnostic at the key jsonc-parser finds for its path, even when keys are escaped', () => {
    const steps = fourPhases();
    steps[1] = step('b', 'influence', [choice('b1', 'c', { behaviour: 'proactive' })]);
    steps[2] = step('c', 'prestation', [choice('c1', 'd', { behaviour: 'proactive' })]);
    // "id" written with an escape in one choice; the first of two "id" keys in the other.
    const text = JSON.stringify(scenario(steps), null, 2).replace('"id": "b1"', '"\\u0069d": "b1"').replace('"id": "c1"', '"id": "c1", "id": "c1"');
    const tree = parseTree(text)!;
    const keyOffset = (path: (string | number)[]) => findNodeAtLocation(tree, path)!.parent!.children![0]!.offset;
    const lineColumn = (offset: number) => {
      const before = text.slice(0, offset).split('\n');
      return { line: before.length, column: before[before.length - 1]!.length + 1 };
    };
    const found = analyseSource(text, 'en').diagnostics.filter((d) => d.code === 'choice.no-effects');
    expect(found.map((d) => ({ line: d.line, column: d.column }))).toEqual([
      lineColumn(keyOffset(['steps', 1, 'choices', 0, 'id'])),
      lineColumn(keyOffset(['steps', 2, 'choices', 0, 'id'])),
    ]);
    expect(text.indexOf('"\\u0069d"')).toBe(keyOffset(['steps', 1, 'choices', 0, 'id']));
  });

  it('analyses a 2,000-step scenario and gives exact bounds', () => {
    const steps = [];
    for (let i = 0; i < 2_000; i++) {
      const phase = (['seduction', 'influence', 'prestation', 'ancrage'] as const)[Math.floor((i * 4) / 2_000)]!;
      steps.push(step(`s${i}`, phase, [choice(`s${i}-a`, i + 1 < 2_000 ? `s${i + 1}` : 'win', { behaviour: 'proactive', empathy: 1 }), choice(`s${i}-b`, i + 2 < 2_000 ? `s${i + 2}` : 'meh', { empathy: -1 })]));
    }
    const { diagnostics, figures } = analyseScenario(scenario([...steps, ending('win', 'prescriber'), ending('meh', 'passive')]), 'en');
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(figures?.empathy.max).toBe(2_000);
    expect(figures?.exact).toBe(true);
  });
});
