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

  it('opens a staff area from the start screen without a trainee profile, and lets the trainee’s go', () => {
    const actor = createActor(flowMachine).start();
    actor.send({ type: 'PROFILE', profileId: 'p' });
    actor.send({ type: 'STAFF', role: 'hr' });
    expect(actor.getSnapshot().value).toBe('staff');
    expect(actor.getSnapshot().context).toMatchObject({ staffRole: 'hr', profileId: undefined });
    actor.send({ type: 'BRIEF', scenarioId: 'x' });
    expect(actor.getSnapshot().value).toBe('staff');
    actor.send({ type: 'HOME' });
    expect(actor.getSnapshot().value).toBe('start');
    expect(actor.getSnapshot().context.staffRole).toBeUndefined();
  });
});
