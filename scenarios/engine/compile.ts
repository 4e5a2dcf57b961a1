// An index over a validated scenario (steps and choices by id), built once per scenario object
// and shared by the engine, the scoring, the bounds and the analysis.
import type { Choice, Phase, Scenario, Step } from '../format/schema';
import { PHASES } from '../format/schema';

export interface CompiledScenario {
  readonly scenario: Scenario;
  readonly steps: ReadonlyMap<string, Step>;
  /** Index of each step in scenario.steps (for JSON paths). */
  readonly stepIndex: ReadonlyMap<string, number>;
  readonly choices: ReadonlyMap<string, { step: Step; choice: Choice; index: number }>;
  readonly start: Step;
  readonly walkOutStep: Step | undefined;
}

const cache = new WeakMap<Scenario, CompiledScenario>();

export class ScenarioStructureError extends Error {
  override readonly name = 'ScenarioStructureError';
}

export function compile(scenario: Scenario): CompiledScenario {
  const cached = cache.get(scenario);
  if (cached) return cached;
  const steps = new Map<string, Step>();
  const stepIndex = new Map<string, number>();
  const choices = new Map<string, { step: Step; choice: Choice; index: number }>();
  scenario.steps.forEach((step, i) => {
    if (!steps.has(step.id)) {
      steps.set(step.id, step);
      stepIndex.set(step.id, i);
    }
    step.choices.forEach((choice, index) => {
      if (!choices.has(choice.id)) choices.set(choice.id, { step, choice, index });
    });
  });
  const start = scenario.start !== undefined ? steps.get(scenario.start) : scenario.steps[0];
  if (!start) throw new ScenarioStructureError(`start step "${scenario.start ?? ''}" does not exist`);
  const walkOutId = scenario.rules.walkOut.step;
  const compiled: CompiledScenario = {
    scenario,
    steps,
    stepIndex,
    choices,
    start,
    walkOutStep: walkOutId !== undefined ? steps.get(walkOutId) : undefined,
  };
  cache.set(scenario, compiled);
  return compiled;
}

export const phaseRank = (phase: Phase): number => PHASES.indexOf(phase);

export function stepOrThrow(compiled: CompiledScenario, id: string): Step {
  const step = compiled.steps.get(id);
  if (!step) throw new ScenarioStructureError(`unknown step "${id}"`);
  return step;
}
