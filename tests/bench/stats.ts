// Sample statistics and timing helpers for the benches: medians and p95s from many samples,
// a log-log growth exponent, and a garbage collection between batches (not inside them).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface Summary {
  /** Number of samples. */
  readonly n: number;
  readonly median: number;
  readonly p95: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
}

/** The p-th percentile (0–100) of sorted values, interpolated between the nearest ranks. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export function summarise(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('no samples to summarise');
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    mean: sorted.reduce((t, v) => t + v, 0) / sorted.length,
  };
}

/** Least-squares slope of log(y) against log(x): 1 is linear growth, 2 quadratic. */
export function logLogSlope(points: readonly { x: number; y: number }[]): number {
  if (points.length < 2) return NaN;
  const xs = points.map((p) => Math.log(p.x));
  const ys = points.map((p) => Math.log(p.y));
  const mx = xs.reduce((t, v) => t + v, 0) / xs.length;
  const my = ys.reduce((t, v) => t + v, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return num / den;
}

/** Milliseconds from a monotonic high-resolution clock. */
export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Times one call, in milliseconds. */
export async function timeMs(work: () => unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

let gcFunction: (() => void) | undefined | null = null;

/**
 * A full garbage collection, between batches of samples, so that one batch's garbage is not
 * collected during the next one. The bench runs as `node --import tsx tests/bench/run.ts`, without
 * --expose-gc, so the flag is set at run time and `gc` taken from a fresh context.
 */
export function collectGarbage(): void {
  if (gcFunction === null) {
    try {
      setFlagsFromString('--expose-gc');
      gcFunction = runInNewContext('gc') as () => void;
    } catch {
      gcFunction = undefined;
    }
  }
  gcFunction?.();
}

/** Formats a duration given in milliseconds with a unit that suits its size. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1) return `${(ms * 1000).toPrecision(3)} µs`;
  if (ms < 1000) return `${ms.toPrecision(3)} ms`;
  return `${(ms / 1000).toPrecision(3)} s`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} KB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

export const formatCount = (n: number): string => n.toLocaleString('en-US');
