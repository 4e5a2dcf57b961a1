// What a benchmark returns: measurements (median and p95 of many samples, or one figure),
// targets judged PASS or FAIL within the run, and notes on how it was measured.
import type { Summary } from './stats';

export type Verdict = 'PASS' | 'FAIL' | 'not built yet' | 'not measured' | 'error';

export interface Measurement {
  readonly measure: string;
  /** Samples in milliseconds, summarised. */
  readonly summary?: Summary;
  /** A single figure, already formatted (sizes, exponents, ratios). */
  readonly value?: string;
  readonly note?: string;
}

export interface Target {
  readonly name: string;
  readonly goal: string;
  readonly measured: string;
  readonly verdict: Verdict;
}

export interface BenchResult {
  readonly measurements: Measurement[];
  readonly targets: Target[];
  readonly notes: string[];
  /** Anything the report's header should know (e.g. the Chromium version the player ran in). */
  readonly meta?: Readonly<Record<string, string>>;
}

export interface BenchContext {
  readonly quick: boolean;
  readonly root: string;
  log(message: string): void;
}

export interface Bench {
  readonly id: string;
  readonly title: string;
  run(ctx: BenchContext): Promise<BenchResult>;
}

/** The result of one benchmark in a run, crashed or not. */
export interface Outcome extends BenchResult {
  readonly id: string;
  readonly title: string;
  readonly seconds: number;
  readonly error?: string;
}

export const judge = (ok: boolean): Verdict => (ok ? 'PASS' : 'FAIL');
