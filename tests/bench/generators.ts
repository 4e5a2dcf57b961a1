// Generators of large scenario-shaped inputs for the benches and the tests that need them:
// deterministic (seeded), phases in order, three choices a step, timers, a few loops back.
import { PHASES, type ScenarioInput } from '../../scenarios/format/schema';

/** A small deterministic pseudo-random sequence (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const text = (s: string) => ({ fr: `${s} en français`, en: `${s} in English` });

/** A scenario of `steps` decision steps (plus four endings) shaped like an authored one. */
export function scenarioShaped(steps: number, seed = 1): ScenarioInput {
  const random = seeded(seed);
  const id = (i: number) => (i < steps ? `s${i}` : i === steps ? 'end-prescriber' : 'end-passive');
  const list: ScenarioInput['steps'] = [];
  for (let i = 0; i < steps; i++) {
    const phase = PHASES[Math.min(3, Math.floor((i * 4) / steps))]!;
    const back = i > 10 && random() < 0.02 ? id(i - 1 - Math.floor(random() * 5)) : undefined;
    const choices = [
      { id: `s${i}-a`, text: text(`Choix A ${i}`), behaviour: 'proactive' as const, empathy: 2, effects: { mood: 3, trust: 2 }, feedback: text('Bien'), theory: 'seduction-first' as const, next: id(i + 1) },
      { id: `s${i}-b`, text: text(`Choix B ${i}`), behaviour: 'reactive' as const, empathy: 0, effects: { patience: -2 }, feedback: text('Moyen'), theory: 'commercial-passivity' as const, next: id(Math.min(steps + 1, i + 2)) },
      { id: `s${i}-c`, text: text(`Choix C ${i}`), behaviour: 'passive' as const, empathy: -2, effects: { mood: -4 }, feedback: text('Mal'), theory: 'empathic-image' as const, next: back ?? id(i + 1) },
    ];
    const timer = random() < 0.1 ? { seconds: 20, timeout: { id: `s${i}-t`, feedback: text('Trop tard'), theory: 'commercial-passivity' as const, next: id(i + 1) } } : undefined;
    list.push({ id: `s${i}`, phase, customer: { line: text(`Réplique ${i}`), emotion: 'neutral' }, choices, ...(timer ? { timer } : {}) });
  }
  list.push(
    { id: 'end-prescriber', phase: 'ancrage', customer: { line: text('Merci'), emotion: 'delighted' }, ending: { outcome: 'prescriber' } },
    { id: 'end-passive', phase: 'ancrage', customer: { line: text('Au revoir'), emotion: 'neutral' }, ending: { outcome: 'passive' } },
    { id: 'end-lost', phase: 'ancrage', customer: { line: text('Adieu'), emotion: 'annoyed' }, ending: { outcome: 'lost' } },
    { id: 'end-walkout', phase: 'prestation', customer: { line: text('Je pars'), emotion: 'angry' }, ending: { outcome: 'lost', walkOut: true } },
  );
  // end-lost is reached from the first step's extra choice, so every ending is used.
  list[0]!.choices!.push({ id: 's0-d', text: text('Choix D'), behaviour: 'passive', empathy: -3, feedback: text('Très mal'), theory: 'empathic-image', next: 'end-lost' });
  return {
    formatVersion: 1,
    id: `generated-${steps}`,
    version: 1,
    mainLanguage: 'fr',
    title: text('Scénario généré'),
    briefing: {
      setting: text('Cadre'),
      customer: { name: 'Client', loyalty: { pattern: 'mixed', basis: 'functional' } },
      objectives: [text('Objectif')],
      difficulty: 'advanced',
      estimatedMinutes: 60,
    },
    meters: { mood: 60, trust: 60, patience: 80 },
    rules: { walkOut: { step: 'end-walkout' } },
    steps: list,
  };
}
