// Scoring: score(scenario, decisionLog) → Report, pure, total and deterministic. The same
// per-decision accumulation (Tally) gives the player's live score, one decision at a time.
// Scored decisions form the loop-erased path: when the conversation comes back to a step, how
// the trainee left it the last time counts, so no walk can score outside the graph's bounds.
import type { Behaviour, Meters, Outcome, Phase, Scenario, ServiceCharacteristic, TimerMode } from '../format/schema';
import { PHASES, SERVICE_CHARACTERISTICS, BEHAVIOURS } from '../format/schema';
import type { TheoryId } from '../format/glossary';
import type { LocalizedText } from '../format/text';
import { compile, type CompiledScenario } from './compile';
import {
  decide, initialState, InvalidDecisionError, type CommitmentChange, type CommitmentRecord, type DecisionLog,
  type DecisionOutcome, type EncounterState,
} from './rules';
import { analyseGraph, MIN_HESITATION_FACTOR, OUTCOME_SCORES, PROACTIVITY_POINTS, roundScore, WEIGHTS, type Range } from './graph';

export { OUTCOME_SCORES, WEIGHTS } from './graph';
/** Hesitation under this share of the time limit costs nothing. */
export const FREE_HESITATION_SHARE = 0.5;

// A block of sums per scope (whole attempt, then each phase).
const F = { e: 0, eBest: 1, eWorst: 2, p: 3, pBest: 4, pWorst: 5, n: 6, proactive: 7, reactive: 8, passive: 9, missed: 10, slow: 11, cold: 12 } as const;
const BLOCK = 13;
const SCOPES = 1 + PHASES.length;
const SERVICE_BASE = BLOCK * SCOPES;
const SERVICE_FIELDS = 4; // earned, best, worst, offered
const SERVICE_BLOCK = SERVICE_FIELDS * SERVICE_CHARACTERISTICS.length;
const WIDTH = SERVICE_BASE + SERVICE_BLOCK * SCOPES;
/** Where a characteristic's fields start, for the whole attempt (scope 0) or a phase (1 + its index). */
const serviceAt = (scope: number, i: number) => SERVICE_BASE + scope * SERVICE_BLOCK + i * SERVICE_FIELDS;

interface Cell {
  readonly stepId: string;
  readonly sums: Float64Array; // cumulative up to and including this decision
  readonly prev: Cell | undefined;
  readonly depth: number;
}

export interface DecisionScore {
  /** Empathy shown (the choice's value, less the cold-influence cost). */
  readonly empathy: number;
  readonly proactivity: number;
  /** Share of proactivity points kept after hesitation (1 when hesitation does not count). */
  readonly hesitationFactor: number;
  readonly hesitationCounted: boolean;
  readonly missedProactive: boolean;
}

/**
 * Running totals over the loop-erased path. A linear accumulator: `add` returns the next tally
 * and the previous one must not be used again (its index map is shared and updated).
 */
export interface Tally {
  readonly head: Cell | undefined;
  readonly index: Map<string, Cell>;
}

export const emptyTally = (): Tally => ({ head: undefined, index: new Map() });

export function scoreDecision(outcome: DecisionOutcome, timerMode: TimerMode): DecisionScore {
  const timedStep = outcome.timeLimitMs !== undefined;
  const hesitationCounted = timedStep && timerMode === 'normal' && !outcome.timedOut;
  let hesitationFactor = 1;
  if (hesitationCounted && outcome.timeLimitMs) {
    const share = Math.max(0, outcome.hesitationMs) / outcome.timeLimitMs;
    hesitationFactor = share <= FREE_HESITATION_SHARE ? 1 : Math.max(MIN_HESITATION_FACTOR, 1 - (share - FREE_HESITATION_SHARE));
  }
  const missedProactive = outcome.behaviour !== 'proactive' && outcome.offered.some((o) => o.behaviour === 'proactive');
  return {
    empathy: outcome.empathy,
    proactivity: PROACTIVITY_POINTS[outcome.behaviour] * hesitationFactor,
    hesitationFactor,
    hesitationCounted,
    missedProactive,
  };
}

export function addDecision(tally: Tally, outcome: DecisionOutcome, timerMode: TimerMode, cost: { coldEmpathyCost: number }): Tally {
  const s = scoreDecision(outcome, timerMode);
  // Loop erasure: coming back to a step that is on the path drops it and what followed.
  let base = tally.head;
  const previous = tally.index.get(outcome.stepId);
  if (previous) {
    for (let c = tally.head; c && c.depth >= previous.depth; c = c.prev) tally.index.delete(c.stepId);
    base = previous.prev;
  }
  const sums = base ? base.sums.slice() : new Float64Array(WIDTH);
  const timed = outcome.timeLimitMs !== undefined && timerMode === 'normal';
  const empathies = outcome.offered.map((o) => o.empathy);
  const points = outcome.offered.map((o) => PROACTIVITY_POINTS[o.behaviour] * (timed && !o.timeout ? MIN_HESITATION_FACTOR : 1));
  const bestP = Math.max(...outcome.offered.map((o) => PROACTIVITY_POINTS[o.behaviour]));
  const phaseBase = BLOCK * (1 + PHASES.indexOf(outcome.phase));
  for (const at of [0, phaseBase]) {
    sums[at + F.e]! += s.empathy;
    sums[at + F.eBest]! += Math.max(...empathies);
    sums[at + F.eWorst]! += Math.min(...empathies) - (outcome.coldInfluence ? cost.coldEmpathyCost : 0);
    sums[at + F.p]! += s.proactivity;
    sums[at + F.pBest]! += bestP;
    sums[at + F.pWorst]! += Math.min(...points);
    sums[at + F.n]! += 1;
    sums[at + F[outcome.behaviour]]! += 1;
    if (s.missedProactive) sums[at + F.missed]! += 1;
    if (s.hesitationFactor < 1) sums[at + F.slow]! += 1;
    if (outcome.coldInfluence) sums[at + F.cold]! += 1;
  }
  const chosen = outcome.offered.find((o) => o.id === outcome.choiceId);
  const phaseScope = 1 + PHASES.indexOf(outcome.phase);
  SERVICE_CHARACTERISTICS.forEach((c, i) => {
    if (!outcome.offered.some((o) => o.service[c] !== undefined)) return;
    const values = outcome.offered.map((o) => o.service[c] ?? 0);
    for (const at of [serviceAt(0, i), serviceAt(phaseScope, i)]) {
      sums[at]! += chosen?.service[c] ?? 0;
      sums[at + 1]! += Math.max(...values);
      sums[at + 2]! += Math.min(...values);
      sums[at + 3]! += 1;
    }
  });
  const cell: Cell = { stepId: outcome.stepId, sums, prev: base, depth: (base?.depth ?? 0) + 1 };
  tally.index.set(outcome.stepId, cell);
  return { head: cell, index: tally.index };
}

const round1 = (v: number) => Math.round(v * 10) / 10;
/** (value − min) / (max − min) on 0–100, unrounded; 100 when the range is empty (nothing to choose). */
function share(value: number, min: number, max: number): number {
  if (max - min <= 1e-9) return 100;
  return Math.min(100, Math.max(0, ((value - min) / (max - min)) * 100));
}
/** (value − min) / (max − min) on 0–100, to one decimal; 100 when the range is empty (nothing to choose). */
export function normalise(value: number, min: number, max: number): number {
  return round1(share(value, min, max));
}

export interface PhaseReport {
  readonly decisions: number;
  /** 0–100 against the best and worst options actually offered in this phase; null without decisions. */
  readonly empathy: number | null;
  readonly proactivity: number | null;
  readonly empathyLost: number;
  readonly proactivityLost: number;
  readonly behaviours: Record<Behaviour, number>;
  readonly missedProactive: number;
  readonly slowDecisions: number;
  readonly coldInfluence: number;
  /**
   * Commitments settled at steps of this phase, as they stand at the end (kept, or broken by a
   * choice or by the end of prestation), and explicit ones made here; score: kept of those
   * settled, 0–100, null when none was settled here. Open ones count only in the attempt's total.
   */
  readonly reliability: { readonly made: number; readonly kept: number; readonly broken: number; readonly score: number | null };
  /** Each service characteristic against the best and worst tags offered in this phase; null where none was offered. */
  readonly service: Record<ServiceCharacteristic, number | null>;
}

export interface DecisionReport {
  readonly index: number;
  readonly stepId: string;
  readonly choiceId: string;
  readonly timedOut: boolean;
  readonly phase: Phase;
  readonly behaviour: Behaviour;
  /** False when a later loop came back before this step: shown, not scored. */
  readonly scored: boolean;
  readonly empathy: number;
  readonly proactivity: number;
  readonly hesitationMs: number;
  readonly hesitationCounted: boolean;
  readonly hesitationFactor: number;
  readonly missedProactive: boolean;
  readonly coldInfluence: boolean;
  readonly walkOut: boolean;
  readonly metersBefore: Meters;
  readonly metersAfter: Meters;
  readonly deltas: Meters;
  readonly commitmentChanges: readonly CommitmentChange[];
  readonly feedback: LocalizedText;
  readonly theory: TheoryId;
  readonly at: number;
}

export interface Report {
  readonly scenarioId: string;
  readonly scenarioVersion: number;
  readonly timerMode: TimerMode;
  /** complete: an ending was reached; in-progress: not yet; invalid-log: see `invalid`. */
  readonly status: 'complete' | 'in-progress' | 'invalid-log';
  readonly invalid?: { readonly index: number; readonly reason: string };
  readonly outcome: {
    readonly outcome: Outcome;
    readonly endingStepId: string;
    readonly walkOut: boolean;
    readonly customerValue: number;
    readonly wordOfMouth: 'positive' | 'neutral' | 'negative';
  } | null;
  readonly scores: { readonly overall: number; readonly empathy: number; readonly proactivity: number; readonly reliability: number };
  /** Complete, overall at or above the pass mark, and the customer not lost. */
  readonly passed: boolean;
  readonly passMark: number;
  readonly weights: typeof WEIGHTS;
  /** Raw points on the scored path: empathy, proactivity, and each service characteristic's tags. */
  readonly raw: { readonly empathy: number; readonly proactivity: number; readonly service: Record<ServiceCharacteristic, number> };
  /**
   * The scenario's ranges in this timer mode: raw points for empathy, proactivity and each service
   * characteristic (null where none is tagged), the reliability and overall scores themselves.
   */
  readonly bounds: {
    readonly empathy: Range;
    readonly proactivity: Range;
    readonly exact: boolean;
    readonly service: Record<ServiceCharacteristic, Range | null>;
    readonly reliability: Range;
    readonly overall: Range;
  };
  readonly proactivity: {
    readonly behaviours: Record<Behaviour, number>;
    readonly missedProactive: number;
    readonly slowDecisions: number;
    readonly hesitationCounted: boolean;
    readonly totalHesitationMs: number;
  };
  readonly reliability: {
    readonly kept: number;
    readonly broken: number;
    readonly open: number;
    readonly commitments: readonly CommitmentRecord[];
  };
  readonly service: Record<ServiceCharacteristic, number | null>;
  readonly phases: Record<Phase, PhaseReport>;
  readonly coldInfluence: number;
  readonly finalMeters: Meters;
  readonly decisions: readonly DecisionReport[];
}

function behaviourCounts(sums: Float64Array, at: number): Record<Behaviour, number> {
  return Object.fromEntries(BEHAVIOURS.map((b) => [b, sums[at + F[b]] ?? 0])) as Record<Behaviour, number>;
}

function phaseReport(sums: Float64Array, phase: Phase, commitments: readonly CommitmentRecord[], phaseOf: (stepId: string | undefined) => Phase | undefined): PhaseReport {
  const scope = 1 + PHASES.indexOf(phase);
  const at = BLOCK * scope;
  const v = (f: number) => sums[at + f] ?? 0;
  const n = v(F.n);
  const settled = commitments.filter((c) => c.status !== 'open' && phaseOf(c.settledAt) === phase);
  const kept = settled.filter((c) => c.status === 'kept').length;
  return {
    decisions: n,
    empathy: n === 0 ? null : normalise(v(F.e), v(F.eWorst), v(F.eBest)),
    proactivity: n === 0 ? null : normalise(v(F.p), v(F.pWorst), v(F.pBest)),
    empathyLost: round1(v(F.eBest) - v(F.e)),
    proactivityLost: round1(v(F.pBest) - v(F.p)),
    behaviours: behaviourCounts(sums, at),
    missedProactive: v(F.missed),
    slowDecisions: v(F.slow),
    coldInfluence: v(F.cold),
    reliability: {
      made: commitments.filter((c) => c.kind === 'explicit' && phaseOf(c.madeAt) === phase).length,
      kept,
      broken: settled.length - kept,
      score: settled.length === 0 ? null : round1((kept / settled.length) * 100),
    },
    service: serviceScores(sums, scope, () => undefined),
  };
}

/** Each characteristic met in a scope: against `range(c)` when given, else the options offered there. */
function serviceScores(sums: Float64Array, scope: number, range: (c: ServiceCharacteristic) => Range | null | undefined): Record<ServiceCharacteristic, number | null> {
  return Object.fromEntries(
    SERVICE_CHARACTERISTICS.map((c, i) => {
      const at = serviceAt(scope, i);
      const r = range(c) ?? { min: sums[at + 2]!, max: sums[at + 1]! };
      return [c, sums[at + 3]! > 0 ? normalise(sums[at]!, r.min, r.max) : null];
    }),
  ) as Record<ServiceCharacteristic, number | null>;
}

export function reliabilityOf(commitments: Readonly<Record<string, CommitmentRecord>>): { score: number; kept: number; broken: number; open: number } {
  let kept = 0, broken = 0, open = 0;
  for (const c of Object.values(commitments)) {
    if (c.status === 'kept') kept++;
    else if (c.status === 'broken') broken++;
    else open++;
  }
  const total = kept + broken + open;
  return { score: round1(keptShare(kept, total)), kept, broken, open };
}

const keptShare = (kept: number, total: number) => (total === 0 ? 100 : (kept / total) * 100);

/** The live score shown while playing: each score against the options actually offered so far. */
export function liveScores(tally: Tally, state: EncounterState): { empathy: number; proactivity: number; reliability: number } {
  const sums = tally.head?.sums ?? new Float64Array(WIDTH);
  return {
    empathy: normalise(sums[F.e]!, sums[F.eWorst]!, sums[F.eBest]!),
    proactivity: normalise(sums[F.p]!, sums[F.pWorst]!, sums[F.pBest]!),
    reliability: reliabilityOf(state.commitments).score,
  };
}

const WORD_OF_MOUTH: Record<Outcome, 'positive' | 'neutral' | 'negative'> = { prescriber: 'positive', passive: 'neutral', lost: 'negative' };

/** Replays a decision log against a scenario and scores it. Pure, total, deterministic. */
export function score(scenario: Scenario, log: DecisionLog): Report {
  const compiled = compile(scenario);
  let state = initialState(compiled);
  let tally = emptyTally();
  const outcomes: { outcome: DecisionOutcome; at: number; scored: DecisionScore }[] = [];
  let invalid: { index: number; reason: string } | undefined;
  const cost = { coldEmpathyCost: scenario.rules.coldInfluence.empathyCost };
  for (const [index, entry] of log.decisions.entries()) {
    if (entry.stepId !== state.stepId) {
      invalid = { index, reason: `decision ${index + 1} is at step "${entry.stepId}" but the encounter is at "${state.stepId}"` };
      break;
    }
    try {
      const hesitationMs = Number.isFinite(entry.hesitationMs) ? Math.max(0, entry.hesitationMs) : 0;
      const result = decide(compiled, state, entry.timedOut ? { kind: 'timeout', hesitationMs } : { kind: 'choice', choiceId: entry.choiceId, hesitationMs }, log.timerMode);
      if (entry.timedOut && result.outcome.choiceId !== entry.choiceId) {
        invalid = { index, reason: `decision ${index + 1} names timeout "${entry.choiceId}" but the step's timeout is "${result.outcome.choiceId}"` };
        break;
      }
      state = result.state;
      tally = addDecision(tally, result.outcome, log.timerMode, cost);
      outcomes.push({ outcome: result.outcome, at: entry.at, scored: scoreDecision(result.outcome, log.timerMode) });
    } catch (error) {
      if (!(error instanceof InvalidDecisionError)) throw error;
      invalid = { index, reason: error.message };
      break;
    }
  }
  return buildReport(compiled, log.timerMode, state, tally, outcomes, invalid);
}

function buildReport(
  compiled: CompiledScenario,
  timerMode: TimerMode,
  state: EncounterState,
  tally: Tally,
  outcomes: readonly { outcome: DecisionOutcome; at: number; scored: DecisionScore }[],
  invalid: { index: number; reason: string } | undefined,
): Report {
  const { scenario } = compiled;
  const figures = analyseGraph(compiled, timerMode);
  const sums = tally.head?.sums ?? new Float64Array(WIDTH);
  const onPath = new Set<DecisionOutcome>();
  // The loop-erased path: walk back from the head, each step's last decision.
  const kept = new Set<string>();
  for (let c = tally.head; c; c = c.prev) kept.add(c.stepId);
  for (let i = outcomes.length - 1; i >= 0; i--) {
    const o = outcomes[i]!.outcome;
    if (kept.has(o.stepId)) { onPath.add(o); kept.delete(o.stepId); }
  }
  const empathyShare = share(sums[F.e]!, figures.empathy.min, figures.empathy.max);
  const proactivityShare = share(sums[F.p]!, figures.proactivity.min, figures.proactivity.max);
  const reliability = reliabilityOf(state.commitments);
  const end = invalid ? undefined : state.end;
  // Until the encounter ends, the outcome part counts as "passive" (neither won nor lost yet).
  const outcomeScore = OUTCOME_SCORES[end?.outcome ?? 'passive'];
  // Weighted before rounding, so the analysed overall range bounds every attempt exactly.
  const overall = roundScore(
    WEIGHTS.empathy * empathyShare + WEIGHTS.proactivity * proactivityShare
    + WEIGHTS.reliability * keptShare(reliability.kept, reliability.kept + reliability.broken + reliability.open) + WEIGHTS.outcome * outcomeScore,
  );
  // Each characteristic met on the path, against the scenario's own range of its raw points.
  const service = serviceScores(sums, 0, (c) => figures.service[c]);
  const rawService = Object.fromEntries(SERVICE_CHARACTERISTICS.map((c, i) => [c, sums[serviceAt(0, i)]!])) as Record<ServiceCharacteristic, number>;
  const commitments = Object.values(state.commitments);
  const phaseOf = (stepId: string | undefined) => (stepId === undefined ? undefined : compiled.steps.get(stepId)?.phase);
  return {
    scenarioId: scenario.id,
    scenarioVersion: scenario.version,
    timerMode,
    status: invalid ? 'invalid-log' : end ? 'complete' : 'in-progress',
    ...(invalid ? { invalid } : {}),
    outcome: end
      ? { outcome: end.outcome, endingStepId: end.stepId, walkOut: end.walkOut, customerValue: scenario.rules.outcomeValues[end.outcome], wordOfMouth: WORD_OF_MOUTH[end.outcome] }
      : null,
    scores: { overall, empathy: round1(empathyShare), proactivity: round1(proactivityShare), reliability: reliability.score },
    // A lost customer is never a pass, whatever the other scores.
    passed: end !== undefined && end.outcome !== 'lost' && overall >= scenario.rules.passMark,
    passMark: scenario.rules.passMark,
    weights: WEIGHTS,
    raw: { empathy: sums[F.e]!, proactivity: round1(sums[F.p]!), service: rawService },
    bounds: { empathy: figures.empathy, proactivity: figures.proactivity, exact: figures.exact, service: figures.service, reliability: figures.reliability, overall: figures.overall },
    proactivity: {
      behaviours: behaviourCounts(sums, 0),
      missedProactive: sums[F.missed]!,
      slowDecisions: sums[F.slow]!,
      hesitationCounted: timerMode === 'normal',
      totalHesitationMs: outcomes.reduce((t, o) => t + o.outcome.hesitationMs, 0),
    },
    reliability: { kept: reliability.kept, broken: reliability.broken, open: reliability.open, commitments },
    service,
    phases: Object.fromEntries(PHASES.map((p) => [p, phaseReport(sums, p, commitments, phaseOf)])) as Record<Phase, PhaseReport>,
    coldInfluence: sums[F.cold]!,
    finalMeters: state.meters,
    decisions: outcomes.map(({ outcome: o, at, scored }, index) => ({
      index,
      stepId: o.stepId,
      choiceId: o.choiceId,
      timedOut: o.timedOut,
      phase: o.phase,
      behaviour: o.behaviour,
      scored: onPath.has(o),
      empathy: scored.empathy,
      proactivity: round1(scored.proactivity),
      hesitationMs: o.hesitationMs,
      hesitationCounted: scored.hesitationCounted,
      hesitationFactor: round1(scored.hesitationFactor * 100) / 100,
      missedProactive: scored.missedProactive,
      coldInfluence: o.coldInfluence,
      walkOut: o.walkOut,
      metersBefore: o.metersBefore,
      metersAfter: o.metersAfter,
      deltas: { mood: o.metersAfter.mood - o.metersBefore.mood, trust: o.metersAfter.trust - o.metersBefore.trust, patience: o.metersAfter.patience - o.metersBefore.patience },
      commitmentChanges: o.commitmentChanges,
      feedback: o.feedback,
      theory: o.theory,
      at,
    })),
  };
}
