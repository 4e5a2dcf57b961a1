// The encounter as an XState v5 machine: the four phases are its top-level states, each step
// re-enters its phase's `step` sub-state (so a timer starts afresh), and the three outcomes are
// final states. Guards and actions are named and delegate to the pure rules in ./rules.
import { assertEvent, assign, setup } from 'xstate';
import type { Outcome, Phase, Scenario, TimerMode } from '../format/schema';
import { compile, type CompiledScenario } from './compile';
import {
  beginDecision, breakOpenCommitments, currentStep, customerWalksOut, finishDecision, initialState, isColdInfluence,
  leavesPrestationWithOpenCommitments, offeredChoices, penaliseColdInfluence, timeLimitMs, walkOut,
  type DecisionLogEntry, type DecisionOutcome, type EncounterState, type PendingDecision,
} from './rules';
import { addDecision, emptyTally, liveScores, type Tally } from './score';

export interface EncounterInput {
  readonly scenario: Scenario;
  readonly timerMode: TimerMode;
  /** The clock, in ms: the runner passes its SimulatedClock, the player performance.now/Date.now. */
  readonly now: () => number;
}

export interface EncounterContext {
  readonly compiled: CompiledScenario;
  readonly timerMode: TimerMode;
  readonly now: () => number;
  readonly state: EncounterState;
  /** When the current step's choices appeared (hesitation is measured from here). */
  readonly shownAt: number;
  readonly pending: PendingDecision | undefined;
  readonly log: readonly DecisionLogEntry[];
  readonly lastOutcome: DecisionOutcome | undefined;
  readonly tally: Tally;
  readonly live: { empathy: number; proactivity: number; reliability: number };
}

export type EncounterEvent =
  /** hesitationMs: measured by the UI from the paint of the choices; else taken from the clock. */
  | { type: 'CHOOSE'; choiceId: string; hesitationMs?: number }
  /** Replays a stored decision (resume): its own hesitation and time, timeouts included. */
  | { type: 'REPLAY'; entry: DecisionLogEntry };

export interface EncounterOutput {
  readonly outcome: Outcome;
  readonly endingStepId: string;
  readonly walkOut: boolean;
  readonly log: readonly DecisionLogEntry[];
}

const phaseState = (phase: Phase) => ({
  initial: 'step' as const,
  states: {
    step: {
      entry: 'showStep' as const,
      always: { guard: 'isTimedStep' as const, target: 'timed' },
    },
    timed: {
      after: { stepTimeLimit: { target: '#encounter.deciding', actions: 'takeTimeout' as const } },
    },
  },
  meta: { phase },
});

const ending = (outcome: Outcome) => ({ type: 'final' as const, meta: { outcome } });

export const encounterMachine = setup({
  types: {
    context: {} as EncounterContext,
    input: {} as EncounterInput,
    events: {} as EncounterEvent,
    output: {} as EncounterOutput,
  },
  guards: {
    isOfferedChoice: ({ context, event }) => {
      assertEvent(event, 'CHOOSE');
      return offeredChoices(currentStep(context.compiled, context.state), context.state).some((c) => c.id === event.choiceId);
    },
    isReplayOfCurrentStep: ({ context, event }) => {
      assertEvent(event, 'REPLAY');
      if (event.entry.stepId !== context.state.stepId) return false;
      const step = currentStep(context.compiled, context.state);
      if (event.entry.timedOut) return step.timer?.timeout.id === event.entry.choiceId && timeLimitMs(step, context.timerMode) !== undefined;
      return offeredChoices(step, context.state).some((c) => c.id === event.entry.choiceId);
    },
    isTimedStep: ({ context }) => timeLimitMs(currentStep(context.compiled, context.state), context.timerMode) !== undefined,
    isColdInfluence: ({ context }) => context.pending !== undefined && isColdInfluence(context.compiled, context.pending),
    leavesPrestationWithOpenCommitments: ({ context }) => context.pending !== undefined && leavesPrestationWithOpenCommitments(context.pending),
    customerWalksOut: ({ context }) => context.pending !== undefined && customerWalksOut(context.compiled, context.pending),
    endingReached: ({ context }, params: { outcome: Outcome }) => context.state.end?.outcome === params.outcome,
    stepInPhase: ({ context }, params: { phase: Phase }) => currentStep(context.compiled, context.state).phase === params.phase,
  },
  actions: {
    showStep: assign({ shownAt: ({ context }) => context.now() }),
    takeChoice: assign({
      pending: ({ context, event }) => {
        assertEvent(event, 'CHOOSE');
        const measured = context.now() - context.shownAt;
        const hesitationMs = event.hesitationMs !== undefined && Number.isFinite(event.hesitationMs) ? event.hesitationMs : measured;
        return beginDecision(context.compiled, context.state, { kind: 'choice', choiceId: event.choiceId, hesitationMs }, context.timerMode);
      },
    }),
    takeTimeout: assign({
      pending: ({ context }) => beginDecision(context.compiled, context.state, { kind: 'timeout', hesitationMs: context.now() - context.shownAt }, context.timerMode),
    }),
    takeReplay: assign({
      pending: ({ context, event }) => {
        assertEvent(event, 'REPLAY');
        const { entry } = event;
        return beginDecision(context.compiled, context.state, entry.timedOut ? { kind: 'timeout', hesitationMs: entry.hesitationMs } : { kind: 'choice', choiceId: entry.choiceId, hesitationMs: entry.hesitationMs }, context.timerMode);
      },
    }),
    penaliseColdInfluence: assign({ pending: ({ context }) => context.pending && penaliseColdInfluence(context.compiled, context.pending) }),
    breakOpenCommitments: assign({ pending: ({ context }) => context.pending && breakOpenCommitments(context.compiled, context.pending) }),
    walkOut: assign({ pending: ({ context }) => context.pending && walkOut(context.compiled, context.pending) }),
    commitDecision: assign(({ context, event }) => {
      if (!context.pending) return {};
      const { state, outcome } = finishDecision(context.pending);
      const replayed = event.type === 'REPLAY' ? event.entry : undefined;
      const entry: DecisionLogEntry = {
        stepId: outcome.stepId,
        choiceId: outcome.choiceId,
        timedOut: outcome.timedOut,
        phase: outcome.phase,
        behaviour: outcome.behaviour,
        hesitationMs: Math.round(outcome.hesitationMs),
        at: replayed?.at ?? context.now(),
      };
      const tally = addDecision(context.tally, outcome, context.timerMode, { coldEmpathyCost: context.compiled.scenario.rules.coldInfluence.empathyCost });
      return { state, pending: undefined, log: [...context.log, entry], lastOutcome: outcome, tally, live: liveScores(tally, state) };
    }),
  },
  delays: {
    stepTimeLimit: ({ context }) => timeLimitMs(currentStep(context.compiled, context.state), context.timerMode) ?? 0,
  },
}).createMachine({
  id: 'encounter',
  context: ({ input }) => {
    const compiled = compile(input.scenario);
    const state = initialState(compiled);
    const tally = emptyTally();
    return {
      compiled, timerMode: input.timerMode, now: input.now, state, shownAt: input.now(), pending: undefined, log: [],
      lastOutcome: undefined, tally, live: liveScores(tally, state),
    };
  },
  initial: 'deciding',
  on: {
    CHOOSE: { guard: 'isOfferedChoice', target: '.deciding', actions: 'takeChoice' },
    REPLAY: { guard: 'isReplayOfCurrentStep', target: '.deciding', actions: 'takeReplay' },
  },
  states: {
    // Transient states settle a decision's consequences in order, each behind a named guard,
    // then route to the next step's phase or to an ending.
    deciding: {
      always: [
        { guard: 'isColdInfluence', actions: 'penaliseColdInfluence', target: 'closingPrestation' },
        { target: 'closingPrestation' },
      ],
    },
    closingPrestation: {
      always: [
        { guard: 'leavesPrestationWithOpenCommitments', actions: 'breakOpenCommitments', target: 'checkingWalkOut' },
        { target: 'checkingWalkOut' },
      ],
    },
    checkingWalkOut: {
      always: [
        { guard: 'customerWalksOut', actions: 'walkOut', target: 'routing' },
        { target: 'routing' },
      ],
    },
    routing: {
      entry: 'commitDecision',
      always: [
        { guard: { type: 'endingReached', params: { outcome: 'prescriber' } }, target: 'prescriber' },
        { guard: { type: 'endingReached', params: { outcome: 'passive' } }, target: 'passive' },
        { guard: { type: 'endingReached', params: { outcome: 'lost' } }, target: 'lost' },
        { guard: { type: 'stepInPhase', params: { phase: 'seduction' } }, target: 'seduction' },
        { guard: { type: 'stepInPhase', params: { phase: 'influence' } }, target: 'influence' },
        { guard: { type: 'stepInPhase', params: { phase: 'prestation' } }, target: 'prestation' },
        { target: 'ancrage' },
      ],
    },
    seduction: phaseState('seduction'),
    influence: phaseState('influence'),
    prestation: phaseState('prestation'),
    ancrage: phaseState('ancrage'),
    prescriber: ending('prescriber'),
    passive: ending('passive'),
    lost: ending('lost'),
  },
  output: ({ context }) => ({
    outcome: context.state.end?.outcome ?? 'lost',
    endingStepId: context.state.end?.stepId ?? context.state.stepId,
    walkOut: context.state.end?.walkOut ?? false,
    log: context.log,
  }),
});
