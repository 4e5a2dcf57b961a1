// The headless runner: plays a whole attempt through the real encounter machine without a UI,
// on a simulated clock, so tests, the CLI and the benches drive time without sleeping.
import { createActor, SimulatedClock } from 'xstate';
import type { Scenario, TimerMode } from '../format/schema';
import { encounterMachine } from './machine';
import { compile } from './compile';
import { currentStep, offeredChoices, timeLimitMs, type DecisionLog, type EncounterState } from './rules';
import { score, type Report } from './score';

/** A choice by id or by its 1-based position among the offered choices; or letting time run out. */
export type RunInput = string | number | { readonly choice: string | number; readonly hesitationMs?: number; readonly waitMs?: number } | { readonly timeout: true };

export interface RunOptions {
  readonly clock?: SimulatedClock;
  readonly timerMode?: TimerMode;
  /** Steps at which the trainee lets the time run out on arrival (before taking the next input). */
  readonly timeoutAt?: ReadonlySet<string>;
}

export interface RunResult {
  readonly log: DecisionLog;
  readonly report: Report;
  /** Ended, or still waiting at this step when the inputs ran out. */
  readonly ended: boolean;
  readonly stepId: string;
  /** The machine's own encounter state and live score at the end (tests compare them with score()). */
  readonly state: EncounterState;
  readonly live: { readonly empathy: number; readonly proactivity: number; readonly reliability: number };
}

export class RunInputError extends Error {
  override readonly name = 'RunInputError';
}

export function runScenario(scenario: Scenario, inputs: readonly RunInput[], options: RunOptions = {}): RunResult {
  const clock = options.clock ?? new SimulatedClock();
  const timerMode = options.timerMode ?? 'normal';
  const compiled = compile(scenario);
  const actor = createActor(encounterMachine, { clock, input: { scenario, timerMode, now: () => clock.now() } });
  let failure: unknown;
  actor.subscribe({ error: (e) => { failure = e; } });
  actor.start();
  const timeoutAt = options.timeoutAt ?? new Set<string>();
  let budget = compiled.steps.size * 4;
  const letTimeRunOut = () => {
    for (let snapshot = actor.getSnapshot(); snapshot.status === 'active' && timeoutAt.has(snapshot.context.state.stepId); snapshot = actor.getSnapshot()) {
      const limit = timeLimitMs(currentStep(compiled, snapshot.context.state), timerMode);
      if (limit === undefined) throw new RunInputError(`step "${snapshot.context.state.stepId}" has no time limit in timer mode "${timerMode}"`);
      if (--budget < 0) throw new RunInputError('timeouts keep coming back to the same steps');
      clock.increment(limit);
    }
  };
  try {
    for (const [i, input] of inputs.entries()) {
      letTimeRunOut();
      const snapshot = actor.getSnapshot();
      if (snapshot.status !== 'active') throw new RunInputError(`input ${i + 1}: the encounter has already ended`);
      const { state } = snapshot.context;
      const step = currentStep(compiled, state);
      if (typeof input === 'object' && 'timeout' in input) {
        const limit = timeLimitMs(step, timerMode);
        if (limit === undefined) throw new RunInputError(`input ${i + 1}: step "${step.id}" has no time limit in timer mode "${timerMode}"`);
        clock.increment(limit);
        continue;
      }
      const wanted = typeof input === 'object' ? input.choice : input;
      const offered = offeredChoices(step, state);
      const choice = typeof wanted === 'number' ? offered[wanted - 1] : offered.find((c) => c.id === wanted);
      if (!choice) {
        const ids = offered.map((c, n) => `${n + 1}=${c.id}`).join(', ');
        throw new RunInputError(`input ${i + 1}: "${String(wanted)}" is not offered at step "${step.id}" (offered: ${ids})`);
      }
      if (typeof input === 'object' && input.waitMs !== undefined) clock.increment(input.waitMs);
      actor.send(typeof input === 'object' && input.hesitationMs !== undefined ? { type: 'CHOOSE', choiceId: choice.id, hesitationMs: input.hesitationMs } : { type: 'CHOOSE', choiceId: choice.id });
      if (failure) throw failure;
    }
    letTimeRunOut();
    const snapshot = actor.getSnapshot();
    const log: DecisionLog = { timerMode, decisions: snapshot.context.log };
    return { log, report: score(scenario, log), ended: snapshot.status === 'done', stepId: snapshot.context.state.stepId, state: snapshot.context.state, live: snapshot.context.live };
  } finally {
    actor.stop();
  }
}
