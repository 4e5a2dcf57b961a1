import { describe, expect, it } from 'vitest';
import { ConditionSchema } from '../../../scenarios/format/schema';
import { conditionKind, switchedCondition } from './ConditionEditor';

const low = { meter: 'patience', op: 'lte', value: 10 };

describe('the condition form', () => {
  it('names the kind of every condition shape, and of what it does not know', () => {
    expect([undefined, low, { flag: 'f' }, { commitment: 'c', status: 'kept' }, { all: [low] }, { any: [low] }, { not: low }, { other: 1 }, 'text'].map(conditionKind))
      .toEqual(['none', 'meter', 'flag', 'commitment', 'all', 'any', 'not', 'unknown', 'unknown']);
  });

  it('makes a test the first of a combination, keeps the list from « all » to « any », and negates what was there', () => {
    expect(switchedCondition(low, 'all', [])).toEqual({ all: [low] });
    expect(switchedCondition({ all: [low, { flag: 'f' }] }, 'any', [])).toEqual({ any: [low, { flag: 'f' }] });
    expect(switchedCondition({ any: [low] }, 'not', [])).toEqual({ not: { any: [low] } });
    expect(switchedCondition({ not: low }, 'all', [])).toEqual({ all: [{ not: low }] });
    expect(switchedCondition(undefined, 'any', [])).toEqual({ any: [{ meter: 'patience', op: 'gte', value: 50 }] });
    expect(switchedCondition({ other: 1 }, 'not', [])).toEqual({ not: { meter: 'patience', op: 'gte', value: 50 } });
  });

  it('starts a fresh test of each kind that validates, a commitment test on the first commitment there is, and removes with « none »', () => {
    for (const kind of ['meter', 'flag', 'commitment', 'all', 'any', 'not'] as const) {
      expect(ConditionSchema.safeParse(switchedCondition(low, kind, ['dossier-pret'])).success, kind).toBe(true);
    }
    expect(switchedCondition(low, 'commitment', ['dossier-pret', 'rappel'])).toEqual({ commitment: 'dossier-pret', status: 'kept' });
    expect(switchedCondition(low, 'none', [])).toBeUndefined();
  });
});
