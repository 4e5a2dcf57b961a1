import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isPinShaped, pinProblem } from './pin';
import { authText, formatWait, type AuthReason } from './messages';
import { frenchTypographyProblem } from '../../scenarios/format/typography';

describe('PIN rules', () => {
  it('accept 4 to 12 digits that follow no guessable pattern', () => {
    for (const pin of ['4827', '0391', '73920', '582047', '918273645012']) expect(pinProblem(pin)).toBeUndefined();
  });

  it('refuse the wrong shape with a reason naming the rule', () => {
    expect(pinProblem('')).toBe('pin-not-digits');
    expect(pinProblem('12a4')).toBe('pin-not-digits');
    expect(pinProblem(' 4827')).toBe('pin-not-digits');
    expect(pinProblem('４８２７')).toBe('pin-not-digits'); // full-width digits are not digits here
    expect(pinProblem('482')).toBe('pin-too-short');
    expect(pinProblem('4827394710593')).toBe('pin-too-long');
  });

  it('refuse weak PINs: one digit repeated, a run up or down, a repeated block, a most-used PIN', () => {
    expect(pinProblem('0000')).toBe('pin-weak-repeated');
    expect(pinProblem('999999999999')).toBe('pin-weak-repeated');
    for (const pin of ['1234', '0123', '4321', '7890', '9876543210', '123456']) expect(pinProblem(pin)).toBe('pin-weak-sequence');
    for (const pin of ['1212', '6969', '123123', '12341234', '1010']) expect(pinProblem(pin)).toBe('pin-weak-pattern');
    for (const pin of ['2580', '1004', '1122', '2001']) expect(pinProblem(pin)).toBe('pin-weak-common');
  });

  it('refuse every PIN made of a single digit repeated, at every allowed length', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 4, max: 12 }), (d, n) => pinProblem(String(d).repeat(n)) === 'pin-weak-repeated'));
  });

  it('never accept a PIN that could not be typed as one', () => {
    fc.assert(fc.property(fc.string(), (s) => pinProblem(s) !== undefined || isPinShaped(s)));
  });
});

describe('refusal texts', () => {
  const reasons: AuthReason[] = [
    'pin-not-digits', 'pin-too-short', 'pin-too-long', 'pin-weak-repeated', 'pin-weak-sequence', 'pin-weak-pattern', 'pin-weak-common',
    'already-set', 'not-signed-in', 'auth-file-corrupt', 'auth-file-newer', 'wrong-pin', 'wrong-code', 'wait', 'not-set',
  ];

  it('exist in French and English for every reason, and the French ones follow French typography', () => {
    for (const reason of reasons) {
      const fr = authText(reason, 'fr', 30_000);
      const en = authText(reason, 'en', 30_000);
      expect(fr.length).toBeGreaterThan(5);
      expect(en.length).toBeGreaterThan(5);
      expect(fr).not.toBe(en);
      expect(frenchTypographyProblem(fr, 'fr'), `${reason}: ${fr}`).toBeUndefined();
    }
  });

  it('say how long to wait', () => {
    expect(authText('wait', 'en', 30_000)).toBe('Too many tries: wait 30 s before trying again.');
    expect(authText('wait', 'fr', 90_000)).toContain('1\u00a0min 30\u00a0s');
    expect(formatWait(900_000, 'en')).toBe('15 min');
    expect(formatWait(1, 'en')).toBe('1 s');
  });
});
