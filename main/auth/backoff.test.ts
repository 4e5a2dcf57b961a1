import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, remainingWait, settleClock, triesLeft, waitAfter } from './backoff';

describe('back-off', () => {
  it('allows three free tries, then waits 30 s, doubling with each failure up to 15 min', () => {
    const waits = Array.from({ length: 12 }, (_, i) => waitAfter(i, DEFAULT_BACKOFF));
    expect(waits).toEqual([0, 0, 0, 30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000, 900_000, 900_000]);
    expect(waitAfter(10_000, DEFAULT_BACKOFF)).toBe(900_000);
  });

  it('counts the wait from the last failure and reports tries left', () => {
    const record = { failures: 3, lastFailureAt: 1_000_000 };
    expect(remainingWait(record, 1_000_000, DEFAULT_BACKOFF)).toBe(30_000);
    expect(remainingWait(record, 1_020_000, DEFAULT_BACKOFF)).toBe(10_000);
    expect(remainingWait(record, 1_030_000, DEFAULT_BACKOFF)).toBe(0);
    expect(triesLeft(record, 1_020_000, DEFAULT_BACKOFF)).toBe(0);
    expect(triesLeft(record, 1_030_000, DEFAULT_BACKOFF)).toBe(1);
    expect(triesLeft({ failures: 1, lastFailureAt: 5 }, 6, DEFAULT_BACKOFF)).toBe(2);
  });

  it('never makes a clock set back wait longer than one policy wait', () => {
    const future = { failures: 4, lastFailureAt: 10_000_000_000 };
    expect(remainingWait(future, 1_000, DEFAULT_BACKOFF)).toBe(60_000);
    const settled = settleClock(future, 1_000);
    expect(settled.lastFailureAt).toBe(1_000);
    expect(remainingWait(settled, 61_000, DEFAULT_BACKOFF)).toBe(0);
    const past = { failures: 4, lastFailureAt: 500 };
    expect(settleClock(past, 1_000)).toBe(past);
  });
});
