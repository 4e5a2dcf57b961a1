import { describe, expect, it } from 'vitest';
import { compile } from './compile';
import { analyseGraph } from './graph';
import { choice, ending, scenario, step } from '../../tests/support/scenarios';

/**
 * A loop of `n` steps, each with two options to the next one (the last back to the first) worth
 * one point of empathy each, and a way out worth none. Searching it from its one entry visits
 * 2^d option paths at depth d, each looking at two inside options: 2 × (2^n − 1) in all.
 */
function ring(n: number) {
  const id = (i: number) => `r${i % n}`;
  const steps = Array.from({ length: n }, (_, i) =>
    step(id(i), 'seduction', [
      choice(`${id(i)}-a`, id(i + 1), { empathy: 1, effects: { mood: 1 } }),
      choice(`${id(i)}-b`, id(i + 1), { empathy: 1, effects: { trust: 1 } }),
      choice(`${id(i)}-out`, 'end', { empathy: 0, effects: { mood: 2 } }),
    ]),
  );
  return scenario([...steps, ending('end', 'prescriber')]);
}

describe('the loop search', () => {
  it('counts every option path against its budget, even where two options lead to the same step', () => {
    // 2 × (2^16 − 1) = 131,070 looks: within the budget of 200,000, so the bounds are exact.
    const within = analyseGraph(compile(ring(16)));
    expect(within.exact).toBe(true);
    expect(within.empathy).toEqual({ min: 0, max: 15 });
    // 2 × (2^17 − 1) = 262,142: over it, so each step of the loop counts its best option once, and the loop is flagged.
    const over = analyseGraph(compile(ring(17)));
    expect(over.exact).toBe(false);
    expect(over.approximateAround).toContain('r0');
    expect(over.empathy).toEqual({ min: 0, max: 17 });
  });
});
