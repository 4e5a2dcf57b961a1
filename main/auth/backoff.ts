// The wait imposed after failed tries, as pure functions of the persisted count and time of the
// last failure: a few free tries, then a wait that doubles with each further failure, up to a cap.
export interface BackoffPolicy {
  /** Wrong tries allowed before the first wait. */
  readonly freeTries: number;
  readonly firstWaitMs: number;
  readonly maxWaitMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { freeTries: 3, firstWaitMs: 30_000, maxWaitMs: 15 * 60_000 };

export interface FailureRecord {
  readonly failures: number;
  /** Epoch milliseconds of the last failure, null when none. */
  readonly lastFailureAt: number | null;
}

/** The wait that follows the given number of consecutive failures. */
export function waitAfter(failures: number, policy: BackoffPolicy): number {
  if (failures < policy.freeTries) return 0;
  const doublings = failures - policy.freeTries;
  // 2 ** doublings overflows to Infinity long after it passes the cap; Math.min settles it.
  return Math.min(policy.firstWaitMs * 2 ** doublings, policy.maxWaitMs);
}

/** How long before the next try is allowed (never more than the policy's wait for this count). */
export function remainingWait(record: FailureRecord, nowMs: number, policy: BackoffPolicy): number {
  if (record.lastFailureAt === null) return 0;
  const wait = waitAfter(record.failures, policy);
  return Math.min(Math.max(record.lastFailureAt + wait - nowMs, 0), wait);
}

/**
 * A last failure "in the future" means the clock was set back (or the file edited): count it from
 * now, so the wait still ends one policy wait later instead of after the clock catches up.
 */
export const settleClock = <R extends FailureRecord>(record: R, nowMs: number): R =>
  record.lastFailureAt !== null && record.lastFailureAt > nowMs ? { ...record, lastFailureAt: nowMs } : record;

/** Wrong tries still allowed before a wait starts (after a wait, one try at a time). */
export function triesLeft(record: FailureRecord, nowMs: number, policy: BackoffPolicy): number {
  if (remainingWait(record, nowMs, policy) > 0) return 0;
  return record.failures < policy.freeTries ? policy.freeTries - record.failures : 1;
}
