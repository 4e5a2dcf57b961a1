// The encounter's rules as pure functions of (scenario, state, decision): meters, commitments,
// flags, automatic transitions, "influence à froid", walk-outs and the end of prestation. The
// XState machine, the headless runner and the scoring all call these, so they cannot disagree.
import type { Behaviour, Choice, Condition, CommitmentEffect, Meters, MeterEffects, Outcome, Phase, Step, TimerMode } from '../format/schema';
import type { TheoryId } from '../format/glossary';
import type { LocalizedText } from '../format/text';
import { type CompiledScenario, stepOrThrow } from './compile';

export type CommitmentKind = 'explicit' | 'implicit';
export type CommitmentState = 'open' | 'kept' | 'broken';

export interface CommitmentRecord {
  readonly id: string;
  readonly kind: CommitmentKind;
  readonly status: CommitmentState;
  readonly label: LocalizedText;
  /** Step where it was made (undefined for implicit ones, open from the first step). */
  readonly madeAt?: string;
  readonly settledAt?: string;
  /** 'choice', or 'end-of-prestation' when the engine closed it as broken. */
  readonly settledBy?: 'choice' | 'end-of-prestation';
}

export interface EncounterEnd {
  readonly outcome: Outcome;
  readonly stepId: string;
  readonly walkOut: boolean;
}

export interface EncounterState {
  readonly stepId: string;
  readonly meters: Meters;
  readonly commitments: Readonly<Record<string, CommitmentRecord>>;
  readonly flags: Readonly<Record<string, boolean>>;
  readonly end: EncounterEnd | undefined;
}

/** What the trainee did at a step: a choice, or letting the time run out. */
export type DecisionInput =
  | { readonly kind: 'choice'; readonly choiceId: string; readonly hesitationMs: number }
  | { readonly kind: 'timeout'; readonly hesitationMs: number };

/** One line of the decision log, as stored: enough to replay and re-score the attempt. */
export interface DecisionLogEntry {
  readonly stepId: string;
  /** The choice id, or the timeout branch id when the time ran out. */
  readonly choiceId: string;
  readonly timedOut: boolean;
  readonly phase: Phase;
  readonly behaviour: Behaviour;
  readonly hesitationMs: number;
  /** Epoch milliseconds when the decision was taken. */
  readonly at: number;
}

export interface DecisionLog {
  readonly timerMode: TimerMode;
  readonly decisions: readonly DecisionLogEntry[];
}

export interface CommitmentChange {
  readonly id: string;
  readonly kind: CommitmentKind;
  readonly status: CommitmentState | 'made';
  readonly by: 'choice' | 'end-of-prestation';
}

/** Everything one decision did, for the scoring and the debrief. */
export interface DecisionOutcome {
  readonly stepId: string;
  readonly choiceId: string;
  readonly timedOut: boolean;
  readonly phase: Phase;
  readonly behaviour: Behaviour;
  readonly empathy: number;
  readonly hesitationMs: number;
  readonly timeLimitMs: number | undefined;
  /** Meters before the decision and after all its consequences. */
  readonly metersBefore: Meters;
  readonly metersAfter: Meters;
  readonly coldInfluence: boolean;
  readonly walkOut: boolean;
  readonly commitmentChanges: readonly CommitmentChange[];
  readonly feedback: LocalizedText;
  readonly theory: TheoryId;
  /** The options the trainee had (conditions evaluated), the timeout branch included. */
  readonly offered: readonly Option[];
  readonly nextStepId: string;
}

/** A choice or a timeout branch, seen as an option with its scoring-relevant fields. */
export interface Option {
  readonly id: string;
  readonly timeout: boolean;
  readonly behaviour: Behaviour;
  readonly empathy: number;
  readonly service: Partial<Record<string, number>>;
}

export const TIMER_FACTORS: Record<TimerMode, number | undefined> = { off: undefined, relaxed: 2, normal: 1 };

/** Effective time limit of a step in a timer mode, in ms (undefined: untimed). */
export function timeLimitMs(step: Step, mode: TimerMode): number | undefined {
  const factor = TIMER_FACTORS[mode];
  if (step.timer === undefined || factor === undefined) return undefined;
  return step.timer.seconds * 1000 * factor;
}

const clampMeter = (v: number) => Math.max(0, Math.min(100, Math.round(v)));

export function applyMeterEffects(meters: Meters, effects: MeterEffects | undefined): Meters {
  if (!effects) return meters;
  return {
    mood: clampMeter(meters.mood + (effects.mood ?? 0)),
    trust: clampMeter(meters.trust + (effects.trust ?? 0)),
    patience: clampMeter(meters.patience + (effects.patience ?? 0)),
  };
}

export function evaluateCondition(condition: Condition, state: EncounterState): boolean {
  if ('meter' in condition) {
    const v = state.meters[condition.meter];
    switch (condition.op) {
      case 'lt': return v < condition.value;
      case 'lte': return v <= condition.value;
      case 'gt': return v > condition.value;
      case 'gte': return v >= condition.value;
      case 'eq': return v === condition.value;
    }
  }
  if ('flag' in condition) return (state.flags[condition.flag] ?? false) === (condition.is ?? true);
  if ('commitment' in condition) {
    const c = state.commitments[condition.commitment];
    if (condition.status === 'made') return c !== undefined;
    return c !== undefined && c.status === condition.status;
  }
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, state));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, state));
  return !evaluateCondition(condition.not, state);
}

export function initialState(compiled: CompiledScenario): EncounterState {
  const { scenario } = compiled;
  const commitments: Record<string, CommitmentRecord> = {};
  for (const c of scenario.implicitCommitments) commitments[c.id] = { id: c.id, kind: 'implicit', status: 'open', label: c.label };
  return { stepId: compiled.start.id, meters: { ...scenario.meters }, commitments, flags: {}, end: endOf(compiled.start) };
}

function endOf(step: Step): EncounterEnd | undefined {
  return step.ending ? { outcome: step.ending.outcome, stepId: step.id, walkOut: step.ending.walkOut ?? false } : undefined;
}

export function currentStep(compiled: CompiledScenario, state: EncounterState): Step {
  return stepOrThrow(compiled, state.stepId);
}

/** The choices the trainee sees now: those whose condition holds. */
export function offeredChoices(step: Step, state: EncounterState): Choice[] {
  return step.choices.filter((c) => c.condition === undefined || evaluateCondition(c.condition, state));
}

export function optionsAt(step: Step, state: EncounterState): Option[] {
  const options: Option[] = offeredChoices(step, state).map((c) => ({ id: c.id, timeout: false, behaviour: c.behaviour, empathy: c.empathy, service: c.service ?? {} }));
  if (step.timer) options.push({ id: step.timer.timeout.id, timeout: true, behaviour: 'passive', empathy: step.timer.timeout.empathy, service: {} });
  return options;
}

function applyCommitment(
  commitments: Record<string, CommitmentRecord>,
  effect: CommitmentEffect | undefined,
  stepId: string,
  changes: CommitmentChange[],
): void {
  if (!effect) return;
  const existing = commitments[effect.id];
  if (effect.action === 'make') {
    if (existing && existing.status === 'open') return;
    commitments[effect.id] = { id: effect.id, kind: 'explicit', status: 'open', label: effect.label, madeAt: stepId };
    changes.push({ id: effect.id, kind: 'explicit', status: 'made', by: 'choice' });
    return;
  }
  // Keeping or breaking something never promised changes nothing (lint flags unknown ids).
  if (!existing || existing.status !== 'open') return;
  const status: CommitmentState = effect.action === 'keep' ? 'kept' : 'broken';
  commitments[effect.id] = { ...existing, status, settledAt: stepId, settledBy: 'choice' };
  changes.push({ id: effect.id, kind: existing.kind, status, by: 'choice' });
}

/** A decision under way: its direct effects applied, its consequences not yet settled. */
export interface PendingDecision {
  readonly step: Step;
  readonly timedOut: boolean;
  readonly branch: {
    readonly id: string;
    readonly behaviour: Behaviour;
    readonly empathy: number;
    readonly feedback: LocalizedText;
    readonly theory: TheoryId;
  };
  readonly offered: readonly Option[];
  readonly metersBefore: Meters;
  readonly meters: Meters;
  readonly commitments: Readonly<Record<string, CommitmentRecord>>;
  readonly flags: Readonly<Record<string, boolean>>;
  readonly next: Step;
  readonly empathy: number;
  readonly coldInfluence: boolean;
  readonly walkOut: boolean;
  readonly changes: readonly CommitmentChange[];
  readonly hesitationMs: number;
  readonly timeLimitMs: number | undefined;
}

export class InvalidDecisionError extends Error {
  override readonly name = 'InvalidDecisionError';
}

/**
 * Applies a decision's direct effects (meters, commitment, flags) and finds its next step
 * (automatic transitions first). Throws InvalidDecisionError when the choice is not offered at
 * the current step, when there is no timer for a timeout, or when the encounter has ended.
 */
export function beginDecision(compiled: CompiledScenario, state: EncounterState, input: DecisionInput, timerMode: TimerMode): PendingDecision {
  if (state.end) throw new InvalidDecisionError('the encounter has ended');
  const step = currentStep(compiled, state);
  const offered = optionsAt(step, state);
  const limit = timeLimitMs(step, timerMode);
  let branch: { id: string; behaviour: Behaviour; empathy: number; effects?: MeterEffects | undefined; commitment?: CommitmentEffect | undefined; setFlags?: Record<string, boolean> | undefined; next: string; feedback: LocalizedText; theory: TheoryId };
  if (input.kind === 'timeout') {
    const timeout = step.timer?.timeout;
    if (!timeout || limit === undefined) throw new InvalidDecisionError(`step "${step.id}" has no time limit in timer mode "${timerMode}"`);
    branch = { ...timeout, behaviour: 'passive' };
  } else {
    const choice = step.choices.find((c) => c.id === input.choiceId);
    if (!choice || !offered.some((o) => o.id === choice.id && !o.timeout)) {
      throw new InvalidDecisionError(`choice "${input.choiceId}" is not offered at step "${step.id}"`);
    }
    branch = choice;
  }
  const meters = applyMeterEffects(state.meters, branch.effects);
  const commitments: Record<string, CommitmentRecord> = { ...state.commitments };
  const changes: CommitmentChange[] = [];
  applyCommitment(commitments, branch.commitment, step.id, changes);
  const flags = branch.setFlags ? { ...state.flags, ...branch.setFlags } : state.flags;
  // Automatic transitions are tested on the state the decision produced.
  const after: EncounterState = { ...state, meters, commitments, flags };
  let nextId = branch.next;
  for (const t of compiled.scenario.transitions) {
    if ((t.phases === undefined || t.phases.includes(step.phase)) && evaluateCondition(t.when, after)) {
      nextId = t.to;
      break;
    }
  }
  return {
    step,
    timedOut: input.kind === 'timeout',
    branch: { id: branch.id, behaviour: branch.behaviour, empathy: branch.empathy, feedback: branch.feedback, theory: branch.theory },
    offered,
    metersBefore: state.meters,
    meters,
    commitments,
    flags,
    next: stepOrThrow(compiled, nextId),
    empathy: branch.empathy,
    coldInfluence: false,
    walkOut: false,
    changes,
    hesitationMs: input.kind === 'timeout' ? (limit ?? 0) : Math.max(0, input.hesitationMs),
    timeLimitMs: limit,
  };
}

// --- Named guards and actions on a pending decision (the machine registers them by name). ---

/** Entering influence while rapport (trust) is still below the scenario's threshold (seed 000). */
export function isColdInfluence(compiled: CompiledScenario, p: PendingDecision): boolean {
  return p.step.phase !== 'influence' && p.next.phase === 'influence' && p.meters.trust < compiled.scenario.rules.coldInfluence.trustBelow;
}

/** Influencing "à froid" costs trust and empathy. */
export function penaliseColdInfluence(compiled: CompiledScenario, p: PendingDecision): PendingDecision {
  const { trustCost, empathyCost } = compiled.scenario.rules.coldInfluence;
  return { ...p, meters: applyMeterEffects(p.meters, { trust: -trustCost }), empathy: p.empathy - empathyCost, coldInfluence: true };
}

/** Leaving prestation (to ancrage or an ending) with commitments still open (seed 001). */
export function leavesPrestationWithOpenCommitments(p: PendingDecision): boolean {
  return p.step.phase === 'prestation' && p.next.phase !== 'prestation' && Object.values(p.commitments).some((c) => c.status === 'open');
}

/** Open commitments at the end of prestation are broken: reliability suffers and mood drops. */
export function breakOpenCommitments(compiled: CompiledScenario, p: PendingDecision): PendingDecision {
  const commitments: Record<string, CommitmentRecord> = { ...p.commitments };
  const changes = [...p.changes];
  let open = 0;
  for (const c of Object.values(commitments)) {
    if (c.status !== 'open') continue;
    open += 1;
    commitments[c.id] = { ...c, status: 'broken', settledAt: p.step.id, settledBy: 'end-of-prestation' };
    changes.push({ id: c.id, kind: c.kind, status: 'broken', by: 'end-of-prestation' });
  }
  return { ...p, commitments, changes, meters: applyMeterEffects(p.meters, { mood: -open * compiled.scenario.rules.openCommitmentMoodCost }) };
}

/** Patience or mood has reached its floor (and the scenario has a walk-out ending to go to). */
export function customerWalksOut(compiled: CompiledScenario, p: PendingDecision): boolean {
  const { walkOut } = compiled.scenario.rules;
  return compiled.walkOutStep !== undefined && p.next.ending === undefined && (p.meters.patience <= walkOut.patienceAtOrBelow || p.meters.mood <= walkOut.moodAtOrBelow);
}

export function walkOut(compiled: CompiledScenario, p: PendingDecision): PendingDecision {
  return compiled.walkOutStep ? { ...p, next: compiled.walkOutStep, walkOut: true } : p;
}

/** Settles a pending decision into the new state and what the decision did. */
export function finishDecision(p: PendingDecision): { state: EncounterState; outcome: DecisionOutcome } {
  const outcome: DecisionOutcome = {
    stepId: p.step.id,
    choiceId: p.branch.id,
    timedOut: p.timedOut,
    phase: p.step.phase,
    behaviour: p.branch.behaviour,
    empathy: p.empathy,
    hesitationMs: p.hesitationMs,
    timeLimitMs: p.timeLimitMs,
    metersBefore: p.metersBefore,
    metersAfter: p.meters,
    coldInfluence: p.coldInfluence,
    walkOut: p.walkOut,
    commitmentChanges: p.changes,
    feedback: p.branch.feedback,
    theory: p.branch.theory,
    offered: p.offered,
    nextStepId: p.next.id,
  };
  return { state: { stepId: p.next.id, meters: p.meters, commitments: p.commitments, flags: p.flags, end: endOf(p.next) }, outcome };
}

/** Settles the consequences of a pending decision, in the machine's order. */
export function settleDecision(compiled: CompiledScenario, pending: PendingDecision): PendingDecision {
  let p = pending;
  if (isColdInfluence(compiled, p)) p = penaliseColdInfluence(compiled, p);
  if (leavesPrestationWithOpenCommitments(p)) p = breakOpenCommitments(compiled, p);
  if (customerWalksOut(compiled, p)) p = walkOut(compiled, p);
  return p;
}

/** One whole decision, for the scoring and the headless walks. */
export function decide(
  compiled: CompiledScenario,
  state: EncounterState,
  input: DecisionInput,
  timerMode: TimerMode,
): { state: EncounterState; outcome: DecisionOutcome } {
  return finishDecision(settleDecision(compiled, beginDecision(compiled, state, input, timerMode)));
}

export function isMeterDecrease(effects: MeterEffects | undefined): boolean {
  return effects !== undefined && ((effects.mood ?? 0) < 0 || (effects.patience ?? 0) < 0);
}
