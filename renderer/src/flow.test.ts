import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { flowMachine } from './flow';

describe('the screen flow', () => {
  it('goes start → briefing → player → debrief → player (replay) → start, and needs a profile first', () => {
    const actor = createActor(flowMachine).start();
    actor.send({ type: 'BRIEF', scenarioId: 'x' });
    expect(actor.getSnapshot().value).toBe('start');
    actor.send({ type: 'PROFILE', profileId: 'p' });
    actor.send({ type: 'BRIEF', scenarioId: 'x' });
    expect(actor.getSnapshot().value).toBe('briefing');
    actor.send({ type: 'PLAY', attemptId: 'a1' });
    actor.send({ type: 'DEBRIEF', attemptId: 'a1' });
    expect(actor.getSnapshot().matches('debrief')).toBe(true);
    actor.send({ type: 'PLAY', attemptId: 'a2' });
    expect(actor.getSnapshot().context.attemptId).toBe('a2');
    actor.send({ type: 'HOME' });
    expect(actor.getSnapshot().value).toBe('start');
    expect(actor.getSnapshot().context).toMatchObject({ profileId: 'p', attemptId: undefined });
  });
});
