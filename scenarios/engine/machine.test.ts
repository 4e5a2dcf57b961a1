import { describe, expect, it } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import { encounterMachine } from './machine';
import { runScenario } from './runner';
import { score } from './score';
import { choice, ending, scenario, step, t } from '../../tests/support/scenarios';
import type { TimerMode } from '../format/schema';

const timed = scenario(
  [
    step('greet', 'seduction', [choice('hi', 'ask', { behaviour: 'proactive', empathy: 2, effects: { trust: 20 } })], {
      timer: { seconds: 10, timeout: { id: 'greet-late', empathy: -1, effects: { mood: -10 }, feedback: t('Lent'), theory: 'commercial-passivity', next: 'ask' } },
    }),
    step('ask', 'influence', [choice('offer', 'do', { behaviour: 'proactive' }), choice('wait', 'do', { behaviour: 'passive' })], {
      timer: { seconds: 20, timeout: { id: 'ask-late', feedback: t('Lent'), theory: 'commercial-passivity', next: 'do' } },
    }),
    step('do', 'prestation', [choice('deliver', 'loyal', { behaviour: 'reactive' })]),
    step('loyal', 'ancrage', [choice('thanks', 'end', { behaviour: 'proactive' })]),
    ending('end', 'prescriber'),
  ],
  { meters: { mood: 50, trust: 40, patience: 50 } },
);

function start(mode: TimerMode) {
  const clock = new SimulatedClock();
  const actor = createActor(encounterMachine, { clock, input: { scenario: timed, timerMode: mode, now: () => clock.now() } });
  actor.start();
  return { clock, actor };
}

describe('the encounter machine', () => {
  it('has the four phases as top-level states and the three outcomes as final states', () => {
    const states = Object.keys(encounterMachine.root.states);
    expect(states).toEqual(expect.arrayContaining(['seduction', 'influence', 'prestation', 'ancrage', 'prescriber', 'passive', 'lost']));
    for (const outcome of ['prescriber', 'passive', 'lost']) expect(encounterMachine.root.states[outcome]?.type).toBe('final');
  });

  it('starts in the first step’s phase, waiting on its timer', () => {
    const { actor } = start('normal');
    expect(actor.getSnapshot().matches({ seduction: 'timed' })).toBe(true);
  });

  it('takes the timeout branch when the time limit runs out, as a passive decision', () => {
    const { actor, clock } = start('normal');
    clock.increment(9_999);
    expect(actor.getSnapshot().context.state.stepId).toBe('greet');
    clock.increment(1);
    const ctx = actor.getSnapshot().context;
    expect(ctx.state.stepId).toBe('ask');
    expect(ctx.log).toHaveLength(1);
    expect(ctx.log[0]).toMatchObject({ choiceId: 'greet-late', timedOut: true, behaviour: 'passive', hesitationMs: 10_000 });
    expect(actor.getSnapshot().matches({ influence: 'timed' })).toBe(true);
  });

  it('restarts the timer afresh on every step', () => {
    const { actor, clock } = start('normal');
    clock.increment(8_000);
    actor.send({ type: 'CHOOSE', choiceId: 'hi' });
    // The next step allows 20 s from now, not from the start of the encounter.
    clock.increment(19_999);
    expect(actor.getSnapshot().context.state.stepId).toBe('ask');
    clock.increment(1);
    expect(actor.getSnapshot().context.state.stepId).toBe('do');
  });

  it('doubles the limits in relaxed mode and never times out when timing is off', () => {
    const relaxed = start('relaxed');
    relaxed.clock.increment(19_999);
    expect(relaxed.actor.getSnapshot().context.state.stepId).toBe('greet');
    relaxed.clock.increment(1);
    expect(relaxed.actor.getSnapshot().context.state.stepId).toBe('ask');
    const off = start('off');
    off.clock.increment(10 * 60_000);
    expect(off.actor.getSnapshot().context.state.stepId).toBe('greet');
    expect(off.actor.getSnapshot().matches({ seduction: 'step' })).toBe(true);
  });

  it('measures hesitation from the moment the choices appear', () => {
    const { actor, clock } = start('normal');
    clock.increment(3_000);
    actor.send({ type: 'CHOOSE', choiceId: 'hi' });
    clock.increment(12_500);
    actor.send({ type: 'CHOOSE', choiceId: 'offer' });
    expect(actor.getSnapshot().context.log.map((d) => d.hesitationMs)).toEqual([3_000, 12_500]);
  });

  it('ignores a choice that is not offered at the current step', () => {
    const { actor } = start('normal');
    actor.send({ type: 'CHOOSE', choiceId: 'deliver' });
    expect(actor.getSnapshot().context.log).toHaveLength(0);
    expect(actor.getSnapshot().context.state.stepId).toBe('greet');
  });

  it('reaches a final state whose output names the outcome and carries the log', () => {
    const { actor } = start('off');
    for (const id of ['hi', 'offer', 'deliver', 'thanks']) actor.send({ type: 'CHOOSE', choiceId: id });
    const snap = actor.getSnapshot();
    expect(snap.status).toBe('done');
    expect(snap.output).toMatchObject({ outcome: 'prescriber', endingStepId: 'end', walkOut: false });
    expect(snap.output?.log).toHaveLength(4);
  });

  it('resumes an attempt by replaying its log, at the same step, with the full time limit again', () => {
    const first = start('normal');
    first.clock.increment(4_000);
    first.actor.send({ type: 'CHOOSE', choiceId: 'hi' });
    first.clock.increment(15_000); // 5 s left on "ask" when the workstation crashes
    const stored = first.actor.getSnapshot().context.log;

    const again = start('normal');
    for (const entry of stored) again.actor.send({ type: 'REPLAY', entry });
    const ctx = again.actor.getSnapshot().context;
    expect(ctx.state.stepId).toBe('ask');
    expect(ctx.log).toEqual(stored);
    again.clock.increment(19_999);
    expect(again.actor.getSnapshot().context.state.stepId).toBe('ask');
    again.clock.increment(1);
    expect(again.actor.getSnapshot().context.state.stepId).toBe('do');
  });

  it('refuses a replayed decision that does not belong to the current step', () => {
    const { actor } = start('normal');
    actor.send({ type: 'REPLAY', entry: { stepId: 'ask', choiceId: 'offer', timedOut: false, phase: 'influence', behaviour: 'proactive', hesitationMs: 10, at: 0 } });
    expect(actor.getSnapshot().context.log).toHaveLength(0);
  });

  it('keeps a live score that matches the scoring of the same log', () => {
    const run = runScenario(timed, ['hi', { timeout: true }, 'deliver'], { timerMode: 'normal' });
    const report = score(timed, run.log);
    expect(run.state.meters).toEqual(report.finalMeters);
    expect(run.live.reliability).toBe(report.scores.reliability);
    expect(run.report).toEqual(report);
  });
});
