// Scenario builders for tests and benches: a terse way to write small scenarios, a generator of
// random valid ones (fast-check) and of large scenario-shaped ones.
import fc from 'fast-check';
import { ScenarioSchema, PHASES, type Scenario, type ScenarioInput, type Phase, BEHAVIOURS } from '../../scenarios/format/schema';
import { THEORY_IDS } from '../../scenarios/format/glossary';

export const t = (fr: string, en = fr) => ({ fr, en });

type ChoiceInput = NonNullable<ScenarioInput['steps'][number]['choices']>[number];
type StepInput = ScenarioInput['steps'][number];

export function choice(id: string, next: string, extra: Partial<ChoiceInput> = {}): ChoiceInput {
  return { id, text: t(`Choix ${id}`, `Choice ${id}`), behaviour: 'reactive', empathy: 0, feedback: t(`Retour ${id}`, `Feedback ${id}`), theory: 'seduction-first', next, ...extra };
}

export function step(id: string, phase: Phase, choices: ChoiceInput[], extra: Partial<StepInput> = {}): StepInput {
  return { id, phase, customer: { line: t(`Réplique ${id}`, `Line ${id}`), emotion: 'neutral' }, choices, ...extra };
}

export function ending(id: string, outcome: 'prescriber' | 'passive' | 'lost', phase: Phase = 'ancrage', walkOut?: boolean): StepInput {
  return { id, phase, customer: { line: t(`Fin ${id}`, `End ${id}`), emotion: 'neutral' }, ending: walkOut ? { outcome, walkOut } : { outcome } };
}

/** A scenario file's content, with a minimal briefing and neutral meters unless `extra` says otherwise. */
export function scenarioInput(steps: StepInput[], extra: Partial<ScenarioInput> = {}): ScenarioInput {
  return {
    formatVersion: 1,
    id: 'test',
    version: 1,
    mainLanguage: 'fr',
    title: t('Test'),
    briefing: {
      setting: t('Cadre'),
      customer: { name: 'Client', loyalty: { pattern: 'mono', basis: 'functional' } },
      objectives: [t('Objectif')],
      difficulty: 'beginner',
      estimatedMinutes: 5,
    },
    meters: { mood: 50, trust: 50, patience: 50 },
    steps,
    ...extra,
  };
}

/** The same, parsed and validated (defaults filled in). */
export function scenario(steps: StepInput[], extra: Partial<ScenarioInput> = {}): Scenario {
  return ScenarioSchema.parse(scenarioInput(steps, extra));
}

export interface RandomScenarioOptions {
  /** Allow conditions, transitions, walk-outs and a cold-influence threshold (state-dependent play). */
  readonly stateful: boolean;
  readonly maxSteps?: number;
}

/** Random valid scenarios: phases in order, choices pointing anywhere (loops included), endings last. */
export function arbitraryScenario(options: RandomScenarioOptions): fc.Arbitrary<Scenario> {
  const maxSteps = options.maxSteps ?? 14;
  return fc
    .record({
      decisionSteps: fc.integer({ min: 2, max: maxSteps }),
      seed: fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 400, maxLength: 400 }),
    })
    .map(({ decisionSteps, seed }) => {
      let cursor = 0;
      const next = (n: number) => (seed[cursor++ % seed.length] ?? 0) % n;
      const endings = [ending('end-prescriber', 'prescriber'), ending('end-passive', 'passive'), ending('end-lost', 'lost'), ending('end-walkout', 'lost', 'prestation', true)];
      const ids = Array.from({ length: decisionSteps }, (_, i) => `s${i}`);
      const targets = [...ids, ...endings.slice(0, 3).map((e) => e.id)];
      const steps: StepInput[] = ids.map((id, i) => {
        const phase = PHASES[Math.min(PHASES.length - 1, Math.floor((i * PHASES.length) / decisionSteps))]!;
        const count = 1 + next(4);
        const choices: ChoiceInput[] = Array.from({ length: count }, (_, j) => {
          // Mostly forward, sometimes back (loops), sometimes to an ending.
          const forward = i + 1 + next(3);
          const target = next(10) === 0 ? targets[next(i + 1)]! : next(6) === 0 ? endings[next(3)]!.id : targets[Math.min(forward, targets.length - 1)]!;
          const extra: Partial<ChoiceInput> = {
            behaviour: BEHAVIOURS[next(3)]!,
            empathy: next(7) - 3,
            effects: { mood: next(41) - 20, trust: next(41) - 20, patience: next(31) - 20 },
            theory: THEORY_IDS[next(THEORY_IDS.length)]!,
          };
          if (next(5) === 0) extra.service = { empathy: next(5) - 2, reliability: next(5) - 2 };
          if (next(6) === 0) extra.commitment = next(2) === 0 ? { action: 'make', id: `c${next(3)}`, label: t('Promesse') } : { action: next(2) === 0 ? 'keep' : 'break', id: next(2) === 0 ? 'implicit' : `c${next(3)}` };
          if (next(6) === 0) extra.setFlags = { f: next(2) === 0 };
          if (options.stateful && j > 0 && next(4) === 0) extra.condition = next(2) === 0 ? { meter: 'mood', op: 'gte', value: next(100) } : { flag: 'f' };
          return choice(`${id}-c${j}`, target === id ? endings[0]!.id : target, extra);
        });
        const extra: Partial<StepInput> = {};
        if (next(4) === 0) {
          const target = targets[Math.min(i + 1, targets.length - 1)]!;
          extra.timer = { seconds: 5 + next(20), timeout: { id: `${id}-timeout`, empathy: -next(2), effects: { patience: -next(30) }, feedback: t('Trop tard'), theory: 'commercial-passivity', next: target } };
        }
        return step(id, phase, choices, extra);
      });
      return scenario([...steps, ...endings], {
        meters: { mood: 30 + next(50), trust: 20 + next(60), patience: 20 + next(60) },
        implicitCommitments: [{ id: 'implicit', label: t('Implicite') }],
        rules: options.stateful
          ? { walkOut: { step: 'end-walkout', patienceAtOrBelow: next(10), moodAtOrBelow: next(10) }, coldInfluence: { trustBelow: next(80) } }
          : { coldInfluence: { trustBelow: 0 } },
        transitions: options.stateful && next(3) === 0 ? [{ id: 'rule', when: { meter: 'mood', op: 'gte', value: 90 }, to: 'end-prescriber' }] : [],
      });
    });
}
