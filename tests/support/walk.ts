// Exhaustive walks over real play (the pure rules, conditions and walk-outs included), for the
// model-based tests of the library and the property tests.
import { compile } from '../../scenarios/engine/compile';
import { currentStep, decide, initialState, optionsAt, timeLimitMs, type DecisionLog, type DecisionLogEntry, type EncounterState } from '../../scenarios/engine/rules';
import type { Scenario, TimerMode } from '../../scenarios/format/schema';

const key = (s: EncounterState) => `${s.stepId}|${s.meters.mood},${s.meters.trust},${s.meters.patience}|${Object.entries(s.flags).filter(([, v]) => v).map(([k]) => k).sort().join(',')}|${Object.values(s.commitments).map((c) => `${c.id}:${c.status}`).sort().join(',')}`;

export interface Coverage {
  readonly options: Set<string>;
  readonly endings: Set<string>;
  readonly states: number;
  readonly capped: boolean;
}

/** Explores every reachable encounter state once (breadth first), recording options taken and endings reached. */
export function exploreStates(scenario: Scenario, maxStates = 100_000): Coverage {
  const compiled = compile(scenario);
  const options = new Set<string>();
  const endings = new Set<string>();
  const seen = new Set<string>();
  const queue: EncounterState[] = [initialState(compiled)];
  let capped = false;
  while (queue.length > 0) {
    const state = queue.shift()!;
    const k = key(state);
    if (seen.has(k)) continue;
    if (seen.size >= maxStates) { capped = true; break; }
    seen.add(k);
    if (state.end) { endings.add(state.end.stepId); continue; }
    for (const o of optionsAt(currentStep(compiled, state), state)) {
      options.add(o.id);
      const r = decide(compiled, state, o.timeout ? { kind: 'timeout', hesitationMs: 0 } : { kind: 'choice', choiceId: o.id, hesitationMs: 0 }, 'normal');
      queue.push(r.state);
    }
  }
  return { options, endings, states: seen.size, capped };
}

export interface PathEnumeration {
  readonly logs: DecisionLog[];
  readonly capped: boolean;
}

/**
 * Every decision sequence from the start to an ending, each step visited at most `maxVisits`
 * times on a path; stops at `cap` paths. `slow` answers every timed step at its time limit.
 */
export function enumeratePaths(scenario: Scenario, options: { cap: number; maxVisits?: number; slow?: boolean; timerMode?: TimerMode }): PathEnumeration {
  const compiled = compile(scenario);
  const timerMode = options.timerMode ?? 'normal';
  const logs: DecisionLog[] = [];
  let capped = false;
  const visits = new Map<string, number>();
  const trail: DecisionLogEntry[] = [];
  const walk = (state: EncounterState): void => {
    if (capped) return;
    if (state.end) {
      if (logs.length >= options.cap) { capped = true; return; }
      logs.push({ timerMode, decisions: [...trail] });
      return;
    }
    const step = currentStep(compiled, state);
    const n = visits.get(step.id) ?? 0;
    if (n >= (options.maxVisits ?? 1)) return;
    visits.set(step.id, n + 1);
    for (const o of optionsAt(step, state)) {
      const hesitationMs = options.slow && !o.timeout ? (timeLimitMs(step, timerMode) ?? 0) : 0;
      const r = decide(compiled, state, o.timeout ? { kind: 'timeout', hesitationMs } : { kind: 'choice', choiceId: o.id, hesitationMs }, timerMode);
      trail.push({ stepId: step.id, choiceId: o.id, timedOut: o.timeout, phase: step.phase, behaviour: o.behaviour, hesitationMs: r.outcome.hesitationMs, at: 0 });
      walk(r.state);
      trail.pop();
      if (capped) break;
    }
    visits.set(step.id, n);
  };
  walk(initialState(compiled));
  return { logs, capped };
}
