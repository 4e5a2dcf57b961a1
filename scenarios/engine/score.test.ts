import { describe, expect, it } from 'vitest';
import { score, normalise } from './score';
import { runScenario } from './runner';
import { choice, ending, scenario, step, t } from '../../tests/support/scenarios';
import type { DecisionLog } from './rules';

// The worked example of docs/SCORING.md.
export const worked = scenario(
  [
    step('s1', 'seduction', [choice('A', 's2', { behaviour: 'proactive', empathy: 2 }), choice('B', 's2', { behaviour: 'reactive', empathy: 0 })]),
    step('s2', 'influence', [choice('C', 's3', { behaviour: 'proactive', empathy: 1 }), choice('D', 's3', { behaviour: 'passive', empathy: -2 })], {
      timer: { seconds: 10, timeout: { id: 's2-timeout', empathy: -1, feedback: t('Trop tard'), theory: 'commercial-passivity', next: 's3' } },
    }),
    step('s3', 'ancrage', [choice('E', 'won', { behaviour: 'proactive', empathy: 2 }), choice('F', 'kept', { behaviour: 'reactive', empathy: 0 })]),
    ending('won', 'prescriber'),
    ending('kept', 'passive'),
  ],
  { meters: { mood: 50, trust: 60, patience: 50 } },
);

const entry = (stepId: string, choiceId: string, hesitationMs: number, extra: Partial<DecisionLog['decisions'][number]> = {}) =>
  ({ stepId, choiceId, timedOut: false, phase: 'seduction' as const, behaviour: 'reactive' as const, hesitationMs, at: 0, ...extra });

describe('score', () => {
  it('computes the worked example of docs/SCORING.md', () => {
    const report = score(worked, { timerMode: 'normal', decisions: [entry('s1', 'A', 0), entry('s2', 'C', 8_000), entry('s3', 'F', 0)] });
    const untagged = { reliability: null, responsiveness: null, assurance: null, empathy: null, tangibles: null };
    expect(report.bounds).toEqual({
      empathy: { min: -2, max: 5 }, proactivity: { min: 2, max: 6 }, exact: true,
      service: untagged, reliability: { min: 100, max: 100 }, overall: { min: 22.5, max: 100 },
    });
    expect(report.raw).toEqual({ empathy: 3, proactivity: 4.4, service: { reliability: 0, responsiveness: 0, assurance: 0, empathy: 0, tangibles: 0 } });
    expect(report.scores).toEqual({ empathy: 71.4, proactivity: 60, reliability: 100, overall: 68.5 });
    expect(report.decisions[1]).toMatchObject({ hesitationCounted: true, hesitationFactor: 0.7, proactivity: 1.4 });
    expect(report.proactivity).toMatchObject({ behaviours: { proactive: 2, reactive: 1, passive: 0 }, missedProactive: 1, slowDecisions: 1 });
    expect(report.outcome).toEqual({ outcome: 'passive', endingStepId: 'kept', walkOut: false, customerValue: 300, wordOfMouth: 'neutral' });
    expect(report.passed).toBe(true);
    expect(report.phases.ancrage).toMatchObject({ decisions: 1, empathy: 0, proactivity: 0, empathyLost: 2, proactivityLost: 1, missedProactive: 1 });
    expect(report.phases.prestation.empathy).toBeNull();
  });

  it('never passes a lost customer, whatever the other scores', () => {
    const lostWell = scenario(
      [step('a', 'seduction', [choice('best', 'gone', { behaviour: 'proactive', empathy: 3 }), choice('meh', 'kept')]), ending('gone', 'lost'), ending('kept', 'passive')],
      { rules: { passMark: 50 } },
    );
    const report = runScenario(lostWell, ['best']).report;
    expect(report.scores.overall).toBeGreaterThanOrEqual(50);
    expect(report.passed).toBe(false);
    expect(runScenario(lostWell, ['meh']).report.passed).toBe(false);
  });

  it('does not count hesitation against proactivity when timing is relaxed or off', () => {
    for (const timerMode of ['relaxed', 'off'] as const) {
      const report = score(worked, { timerMode, decisions: [entry('s1', 'A', 0), entry('s2', 'C', 9_900), entry('s3', 'E', 0)] });
      expect(report.decisions[1]?.hesitationCounted).toBe(false);
      expect(report.scores.proactivity).toBe(100);
      expect(report.proactivity.hesitationCounted).toBe(false);
    }
  });

  it('measures each timer mode against its own range: no slowness to lose when timing is off', () => {
    const allGood = scenario(
      [step('a', 'seduction', [choice('x', 'end', { behaviour: 'proactive' }), choice('y', 'end', { behaviour: 'proactive' })], { timer: { seconds: 10, timeout: { id: 'a-late', feedback: t('Tard'), theory: 'commercial-passivity', next: 'end' } } }), ending('end', 'passive')],
    );
    const normal = score(allGood, { timerMode: 'normal', decisions: [entry('a', 'x', 9_000)] });
    expect(normal.bounds.proactivity).toEqual({ min: 0, max: 2 });
    expect(normal.scores.proactivity).toBe(60); // 9 s of 10: factor 1 − (0.9 − 0.5) = 0.6, so 1.2 of 2 points
    const off = score(allGood, { timerMode: 'off', decisions: [entry('a', 'x', 9_000)] });
    expect(off.bounds.proactivity).toEqual({ min: 2, max: 2 });
    expect(off.scores.proactivity).toBe(100);
  });

  it('gives 100 to the best path and 0 to the worst', () => {
    expect(score(worked, { timerMode: 'normal', decisions: [entry('s1', 'A', 0), entry('s2', 'C', 0), entry('s3', 'E', 0)] }).scores).toMatchObject({ empathy: 100, proactivity: 100, overall: 100 });
    const worst = score(worked, { timerMode: 'normal', decisions: [entry('s1', 'B', 0), entry('s2', 'D', 0), entry('s3', 'F', 0)] });
    expect(worst.scores.empathy).toBe(0);
    expect(worst.scores.proactivity).toBe(0);
  });

  it('is deterministic and leaves its inputs untouched', () => {
    const log: DecisionLog = { timerMode: 'normal', decisions: [entry('s1', 'B', 100), entry('s2', 'D', 2_000)] };
    const before = JSON.stringify(log);
    expect(score(worked, log)).toEqual(score(worked, log));
    expect(JSON.stringify(log)).toBe(before);
  });

  it('reports an unfinished attempt as in progress, without an outcome, never passed', () => {
    const report = score(worked, { timerMode: 'normal', decisions: [entry('s1', 'A', 0)] });
    expect(report.status).toBe('in-progress');
    expect(report.outcome).toBeNull();
    expect(report.passed).toBe(false);
  });

  it('stops at the first decision that does not fit the scenario and says why', () => {
    const wrongStep = score(worked, { timerMode: 'normal', decisions: [entry('s1', 'A', 0), entry('s3', 'E', 0)] });
    expect(wrongStep.status).toBe('invalid-log');
    expect(wrongStep.invalid?.index).toBe(1);
    expect(wrongStep.decisions).toHaveLength(1);
    const unknownChoice = score(worked, { timerMode: 'normal', decisions: [entry('s1', 'Z', 0)] });
    expect(unknownChoice.invalid?.reason).toContain('"Z"');
    const timeoutWhenOff = score(worked, { timerMode: 'off', decisions: [entry('s1', 'A', 0), entry('s2', 's2-timeout', 10_000, { timedOut: true })] });
    expect(timeoutWhenOff.status).toBe('invalid-log');
  });

  it('treats negative or absurd hesitations in a stored log as zero', () => {
    const report = score(worked, { timerMode: 'normal', decisions: [entry('s1', 'A', 0), entry('s2', 'C', Number.NaN), entry('s3', 'E', -5)] });
    expect(report.scores.proactivity).toBe(100);
  });

  it('counts only the last pass through a loop (the loop-erased path)', () => {
    const loop = scenario(
      [
        step('a', 'seduction', [choice('good', 'b', { behaviour: 'proactive', empathy: 2 }), choice('bad', 'b', { behaviour: 'passive', empathy: -3 })]),
        step('b', 'influence', [choice('back', 'a', { empathy: 1 }), choice('on', 'end', { empathy: 1 })]),
        ending('end', 'passive'),
      ],
      { meters: { mood: 50, trust: 80, patience: 50 } },
    );
    const run = runScenario(loop, ['bad', 'back', 'good', 'on']);
    expect(run.report.decisions.map((d) => [d.choiceId, d.scored])).toEqual([['bad', false], ['back', false], ['good', true], ['on', true]]);
    expect(run.report.raw.empathy).toBe(3);
    expect(run.report.raw.empathy).toBeLessThanOrEqual(run.report.bounds.empathy.max);
  });

  it('normalises on the scenario’s own range, with 100 when there is nothing to choose', () => {
    expect(normalise(5, 5, 5)).toBe(100);
    expect(normalise(0, -10, 10)).toBe(50);
  });

  it('scores the five service characteristics only where a choice was tagged', () => {
    const tagged = scenario(
      [
        step('a', 'seduction', [choice('x', 'end', { service: { tangibles: 2 } }), choice('y', 'end', { service: { tangibles: -1 } })]),
        ending('end', 'passive'),
      ],
    );
    const report = runScenario(tagged, ['y']).report;
    expect(report.service.tangibles).toBe(0);
    expect(report.service.reliability).toBeNull();
    expect(runScenario(tagged, ['x']).report.service.tangibles).toBe(100);
  });

  it('measures each service characteristic against the scenario’s own range of its raw points, not only the options on the path', () => {
    const tagged = scenario([
      step('a', 'seduction', [choice('x', 'b', { service: { tangibles: 2 } }), choice('q', 'end', { service: { tangibles: 2 } })]),
      step('b', 'influence', [choice('z', 'end', { service: { tangibles: 2 } }), choice('w', 'end', { service: { tangibles: 0 } })]),
      ending('end', 'passive'),
    ]);
    const short = runScenario(tagged, ['q']).report;
    expect(short.bounds.service.tangibles).toEqual({ min: 2, max: 4 });
    expect(short.raw.service.tangibles).toBe(2);
    // The best option at the only tagged step met, yet the least this scenario allows.
    expect(short.service.tangibles).toBe(0);
    expect(runScenario(tagged, ['x', 'z']).report.service.tangibles).toBe(100);
    expect(runScenario(tagged, ['x', 'w']).report.service.tangibles).toBe(0);
    expect(short.bounds.service.reliability).toBeNull();
  });

  it('weighs the overall score from the unrounded parts', () => {
    // Empathy 5/7 = 71.43 and proactivity 75: 0.35 × 71.43 + 0.35 × 75 + 15 + 7.5 = 73.75 → 73.8
    // (from the rounded 71.4 it would be 73.74 → 73.7).
    const report = score(worked, { timerMode: 'relaxed', decisions: [entry('s1', 'A', 0), entry('s2', 'C', 8_000), entry('s3', 'F', 0)] });
    expect(report.scores).toMatchObject({ empathy: 71.4, proactivity: 75, overall: 73.8 });
  });

  it('reliability is kept over all commitments, implicit ones included', () => {
    const promised = scenario(
      [
        step('a', 'prestation', [choice('promise', 'b', { commitment: { action: 'make', id: 'p', label: t('Promesse') } })]),
        step('b', 'prestation', [choice('keep', 'c', { commitment: { action: 'keep', id: 'p' } }), choice('skip', 'c')]),
        step('c', 'ancrage', [choice('bye', 'end')]),
        ending('end', 'passive'),
      ],
      { implicitCommitments: [{ id: 'norm', label: t('Norme') }] },
    );
    const kept = runScenario(promised, ['promise', 'keep', 'bye']).report;
    expect(kept.reliability).toMatchObject({ kept: 1, broken: 1, open: 0 });
    expect(kept.scores.reliability).toBe(50);
    // The norm is never kept here: 50 is the best this scenario allows, and reliability says so as it is.
    expect(kept.bounds.reliability).toEqual({ min: 0, max: 50 });
    const forgotten = runScenario(promised, ['promise', 'skip', 'bye']).report;
    expect(forgotten.scores.reliability).toBe(0);
    expect(forgotten.decisions[1]?.commitmentChanges.map((c) => [c.id, c.status, c.by]).sort()).toEqual([['norm', 'broken', 'end-of-prestation'], ['p', 'broken', 'end-of-prestation']]);
  });

  it('gives reliability per phase: commitments settled at its steps, explicit ones made there', () => {
    const promised = scenario(
      [
        step('a', 'influence', [choice('promise', 'b', { commitment: { action: 'make', id: 'p', label: t('Promesse') } }), choice('none', 'b')]),
        step('b', 'prestation', [choice('keep', 'c', { commitment: { action: 'keep', id: 'p' } }), choice('skip', 'c')]),
        step('c', 'ancrage', [choice('bye', 'end', { commitment: { action: 'keep', id: 'norm' } })]),
        ending('end', 'passive'),
      ],
      { implicitCommitments: [{ id: 'norm', label: t('Norme') }] },
    );
    const kept = runScenario(promised, ['promise', 'keep', 'bye']).report;
    expect(kept.phases.influence.reliability).toEqual({ made: 1, kept: 0, broken: 0, score: null });
    // The norm, still open when prestation ends, is broken there; the promise was kept there.
    expect(kept.phases.prestation.reliability).toEqual({ made: 0, kept: 1, broken: 1, score: 50 });
    expect(kept.phases.ancrage.reliability).toEqual({ made: 0, kept: 0, broken: 0, score: null });
    expect(runScenario(promised, ['promise', 'skip', 'bye']).report.phases.prestation.reliability).toEqual({ made: 0, kept: 0, broken: 2, score: 0 });
    expect(runScenario(promised, ['none', 'skip', 'bye']).report.phases.prestation.reliability).toEqual({ made: 0, kept: 0, broken: 1, score: 0 });
  });

  it('gives each service characteristic per phase, against the tags offered in that phase', () => {
    const tagged = scenario([
      step('a', 'seduction', [choice('x', 'b', { service: { tangibles: 2 } }), choice('y', 'b', { service: { tangibles: -1 } })]),
      step('b', 'influence', [choice('z', 'end', { service: { responsiveness: 1 } }), choice('w', 'end', { service: { responsiveness: -1, tangibles: 1 } })]),
      ending('end', 'passive'),
    ]);
    const report = runScenario(tagged, ['y', 'z']).report;
    expect(report.phases.seduction.service).toMatchObject({ tangibles: 0, responsiveness: null });
    // In influence, z is the best responsiveness offered and the worst tangibles (untagged: 0 against w's 1).
    expect(report.phases.influence.service).toMatchObject({ responsiveness: 100, tangibles: 0, assurance: null });
    expect(report.phases.prestation.service.tangibles).toBeNull();
  });
});
