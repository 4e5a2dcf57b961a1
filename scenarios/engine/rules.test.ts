import { describe, expect, it } from 'vitest';
import { compile } from './compile';
import {
  beginDecision, customerWalksOut, decide, evaluateCondition, initialState, InvalidDecisionError, isColdInfluence,
  leavesPrestationWithOpenCommitments, offeredChoices, timeLimitMs,
} from './rules';
import { choice, ending, scenario, step, t } from '../../tests/support/scenarios';

const base = () =>
  scenario(
    [
      step('hello', 'seduction', [
        choice('warm', 'needs', { behaviour: 'proactive', empathy: 2, effects: { trust: 30, mood: 10 } }),
        choice('pitch', 'offer', { behaviour: 'proactive', empathy: 0 }),
        choice('rude', 'offer', { effects: { patience: -60 } }),
      ]),
      step('needs', 'seduction', [choice('ask', 'offer', { behaviour: 'proactive', setFlags: { asked: true } })]),
      step('offer', 'influence', [
        choice('tailored', 'deliver', { condition: { flag: 'asked' }, commitment: { action: 'make', id: 'callback', label: t('Rappeler') } }),
        choice('generic', 'deliver'),
      ]),
      step('deliver', 'prestation', [
        choice('keep', 'thanks', { commitment: { action: 'keep', id: 'callback' } }),
        choice('forget', 'thanks'),
      ], { timer: { seconds: 10, timeout: { id: 'deliver-late', feedback: t('Trop tard'), theory: 'commercial-passivity', next: 'thanks' } } }),
      step('thanks', 'ancrage', [choice('bye', 'happy', { behaviour: 'proactive' })]),
      ending('happy', 'prescriber'),
      ending('gone', 'lost', 'seduction', true),
    ],
    { meters: { mood: 50, trust: 40, patience: 50 }, rules: { walkOut: { step: 'gone' } }, implicitCommitments: [{ id: 'smile', label: t('Sourire') }] },
  );

describe('the encounter rules', () => {
  it('starts at the first step with the scenario meters and implicit commitments open', () => {
    const s = initialState(compile(base()));
    expect(s.stepId).toBe('hello');
    expect(s.meters).toEqual({ mood: 50, trust: 40, patience: 50 });
    expect(s.commitments['smile']?.status).toBe('open');
  });

  it('isColdInfluence: entering influence with trust under the threshold is cold, after rapport it is not', () => {
    const c = compile(base());
    const cold = beginDecision(c, initialState(c), { kind: 'choice', choiceId: 'pitch', hesitationMs: 0 }, 'normal');
    expect(isColdInfluence(c, cold)).toBe(true);
    const warm = decide(c, initialState(c), { kind: 'choice', choiceId: 'warm', hesitationMs: 0 }, 'normal').state;
    const ask = beginDecision(c, warm, { kind: 'choice', choiceId: 'ask', hesitationMs: 0 }, 'normal');
    expect(ask.meters.trust).toBe(70);
    expect(isColdInfluence(c, ask)).toBe(false);
  });

  it('influencing cold costs the configured trust and empathy', () => {
    const c = compile(base());
    const { outcome, state } = decide(c, initialState(c), { kind: 'choice', choiceId: 'pitch', hesitationMs: 0 }, 'normal');
    expect(outcome.coldInfluence).toBe(true);
    expect(outcome.empathy).toBe(-2);
    expect(state.meters.trust).toBe(30);
  });

  it('customerWalksOut: patience at its floor sends the customer to the walk-out ending', () => {
    const c = compile(base());
    const pending = beginDecision(c, initialState(c), { kind: 'choice', choiceId: 'rude', hesitationMs: 0 }, 'normal');
    expect(pending.meters.patience).toBe(0);
    expect(customerWalksOut(c, pending)).toBe(true);
    const { state, outcome } = decide(c, initialState(c), { kind: 'choice', choiceId: 'rude', hesitationMs: 0 }, 'normal');
    expect(outcome.walkOut).toBe(true);
    expect(state.end).toEqual({ outcome: 'lost', stepId: 'gone', walkOut: true });
  });

  it('without a walk-out ending the customer stays, whatever the meters', () => {
    const s = base();
    const c = compile({ ...s, rules: { ...s.rules, walkOut: { ...s.rules.walkOut, step: undefined } } } as typeof s);
    const pending = beginDecision(c, initialState(c), { kind: 'choice', choiceId: 'rude', hesitationMs: 0 }, 'normal');
    expect(customerWalksOut(c, pending)).toBe(false);
  });

  it('conditions hide choices until their flag is set', () => {
    const c = compile(base());
    let s = decide(c, initialState(c), { kind: 'choice', choiceId: 'pitch', hesitationMs: 0 }, 'normal').state;
    expect(offeredChoices(c.steps.get('offer')!, s).map((x) => x.id)).toEqual(['generic']);
    expect(() => decide(c, s, { kind: 'choice', choiceId: 'tailored', hesitationMs: 0 }, 'normal')).toThrow(InvalidDecisionError);
    s = decide(c, initialState(c), { kind: 'choice', choiceId: 'warm', hesitationMs: 0 }, 'normal').state;
    s = decide(c, s, { kind: 'choice', choiceId: 'ask', hesitationMs: 0 }, 'normal').state;
    expect(offeredChoices(c.steps.get('offer')!, s).map((x) => x.id)).toEqual(['tailored', 'generic']);
  });

  it('commitments are made, kept, and the open ones broken at the end of prestation with a mood drop', () => {
    const c = compile(base());
    const play = (ids: string[]) => {
      let s = initialState(c);
      const outcomes = [];
      for (const id of ids) {
        const r = decide(c, s, { kind: 'choice', choiceId: id, hesitationMs: 0 }, 'normal');
        s = r.state;
        outcomes.push(r.outcome);
      }
      return { s, outcomes };
    };
    const kept = play(['warm', 'ask', 'tailored']);
    expect(kept.s.commitments['callback']).toMatchObject({ kind: 'explicit', status: 'open', madeAt: 'offer' });
    const pending = beginDecision(c, kept.s, { kind: 'choice', choiceId: 'keep', hesitationMs: 0 }, 'normal');
    // smile (implicit) is still open: leaving prestation must break it.
    expect(leavesPrestationWithOpenCommitments(pending)).toBe(true);
    const r = decide(c, kept.s, { kind: 'choice', choiceId: 'keep', hesitationMs: 0 }, 'normal');
    expect(r.state.commitments['callback']?.status).toBe('kept');
    expect(r.state.commitments['smile']).toMatchObject({ status: 'broken', settledBy: 'end-of-prestation' });
    expect(r.state.meters.mood).toBe(kept.s.meters.mood - 10);
  });

  it('meters are clamped to 0–100', () => {
    const c = compile(base());
    const s = decide(c, initialState(c), { kind: 'choice', choiceId: 'warm', hesitationMs: 0 }, 'normal').state;
    const more = decide(c, { ...s, meters: { mood: 95, trust: 99, patience: 3 } }, { kind: 'choice', choiceId: 'ask', hesitationMs: 0 }, 'normal');
    expect(more.state.meters.trust).toBeLessThanOrEqual(100);
  });

  it('time limits follow the timer mode: normal ×1, relaxed ×2, off none', () => {
    const deliver = compile(base()).steps.get('deliver')!;
    expect(timeLimitMs(deliver, 'normal')).toBe(10_000);
    expect(timeLimitMs(deliver, 'relaxed')).toBe(20_000);
    expect(timeLimitMs(deliver, 'off')).toBeUndefined();
  });

  it('a timeout is a passive decision, refused where there is no timer or timing is off', () => {
    const c = compile(base());
    const at = { ...initialState(c), stepId: 'deliver' };
    const r = decide(c, at, { kind: 'timeout', hesitationMs: 0 }, 'normal');
    expect(r.outcome).toMatchObject({ choiceId: 'deliver-late', behaviour: 'passive', timedOut: true, hesitationMs: 10_000 });
    expect(() => decide(c, at, { kind: 'timeout', hesitationMs: 0 }, 'off')).toThrow(InvalidDecisionError);
    expect(() => decide(c, initialState(c), { kind: 'timeout', hesitationMs: 0 }, 'normal')).toThrow(InvalidDecisionError);
  });

  it('evaluates nested conditions on meters, flags and commitments', () => {
    const c = compile(base());
    const s = initialState(c);
    expect(evaluateCondition({ all: [{ meter: 'trust', op: 'lt', value: 50 }, { not: { flag: 'x' } }] }, s)).toBe(true);
    expect(evaluateCondition({ any: [{ meter: 'mood', op: 'gt', value: 50 }, { commitment: 'smile', status: 'kept' }] }, s)).toBe(false);
    expect(evaluateCondition({ commitment: 'smile', status: 'made' }, s)).toBe(true);
    expect(evaluateCondition({ meter: 'patience', op: 'eq', value: 50 }, s)).toBe(true);
  });

  it('automatic transitions take over from the choice’s next step when their condition holds', () => {
    const s = scenario(
      [
        step('a', 'seduction', [choice('up', 'b', { effects: { mood: 50 } }), choice('flat', 'b')]),
        step('b', 'influence', [choice('go', 'end')]),
        ending('end', 'passive'),
        ending('joy', 'prescriber'),
      ],
      { transitions: [{ id: 'delight', when: { meter: 'mood', op: 'gte', value: 90 }, to: 'joy' }], rules: { coldInfluence: { trustBelow: 0 } } },
    );
    const c = compile(s);
    expect(decide(c, initialState(c), { kind: 'choice', choiceId: 'up', hesitationMs: 0 }, 'normal').state.end?.outcome).toBe('prescriber');
    expect(decide(c, initialState(c), { kind: 'choice', choiceId: 'flat', hesitationMs: 0 }, 'normal').state.stepId).toBe('b');
  });
});
