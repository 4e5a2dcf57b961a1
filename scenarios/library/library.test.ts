// Model-based tests over every built-in scenario: lint clean; a proof, by a search over every
// reachable encounter state, that every walk ends and that each of its scores stays within the
// analysed range; every choice, timeout branch and ending played through the real XState machine.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseSource } from '../engine/analysis';
import { score, type Report } from '../engine/score';
import { runScenario, type RunInput } from '../engine/runner';
import { compile } from '../engine/compile';
import { analyseGraph, roundScore, type GraphFigures, type Range } from '../engine/graph';
import type { DecisionLog } from '../engine/rules';
import { SERVICE_CHARACTERISTICS, TIMER_MODES, type Scenario, type TimerMode } from '../format/schema';
import { THEORY_IDS } from '../format/glossary';
import { proveScores, reportObjectives, type ScoreProof } from '../../tests/support/walk';

const dir = new URL('.', import.meta.url).pathname;
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

/** Lint infos a file keeps on purpose (docs/SCENARIOS.md says which and why). */
const DELIBERATE_INFOS: Readonly<Record<string, readonly string[]>> = {
  // The detour that pays, kept as the worked case of docs/SCORING.md's note for authors.
  'exemple-boulangerie-commande.json': ['bounds.detour'],
};

/** The same decisions through the XState machine, on its simulated clock. */
function playOnMachine(scenario: Scenario, log: DecisionLog) {
  const inputs: RunInput[] = log.decisions.map((d) => (d.timedOut ? { timeout: true } : { choice: d.choiceId, hesitationMs: d.hesitationMs }));
  return runScenario(scenario, inputs, { timerMode: log.timerMode });
}
/** Each score of the report: its analysed range, and how a report shows it. */
function scoresOf(figures: GraphFigures): { name: string; analysed: Range; assessed: boolean; reported: (r: Report) => number; rounded: boolean }[] {
  return [
    { name: 'empathy', analysed: figures.empathy, assessed: true, reported: (r) => r.raw.empathy, rounded: false },
    { name: 'proactivity', analysed: figures.proactivity, assessed: true, reported: (r) => r.raw.proactivity, rounded: false },
    ...SERVICE_CHARACTERISTICS.map((c) => ({ name: `service.${c}`, analysed: figures.service[c] ?? { min: 0, max: 0 }, assessed: figures.service[c] !== null, reported: (r: Report) => r.raw.service[c], rounded: false })),
    { name: 'reliability', analysed: figures.reliability, assessed: true, reported: (r) => r.scores.reliability, rounded: true },
    { name: 'overall', analysed: figures.overall, assessed: true, reported: (r) => r.scores.overall, rounded: true },
  ];
}

// The machine stamps decisions with its clock; everything else must be identical.
const withoutTimes = (r: Report) => ({ ...r, decisions: r.decisions.map((d) => ({ ...d, at: 0 })) });

describe('the built-in library', () => {
  it('has at least two scenarios', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  it('cites every idea of the theory glossary in the feedback of some choice', () => {
    const cited = new Set<string>();
    for (const file of files) {
      const { scenario } = analyseSource(readFileSync(join(dir, file)), 'fr');
      for (const step of scenario?.steps ?? []) for (const choice of step.choices) cited.add(choice.theory);
    }
    expect(THEORY_IDS.filter((id) => !cited.has(id))).toEqual([]);
  });

  describe.each(files)('%s', (file) => {
    const source = readFileSync(join(dir, file));
    const analysis = analyseSource(source, 'fr');
    const scenario = analysis.scenario!;
    const proofs = new Map<TimerMode, ScoreProof | undefined>();
    const figuresIn = (mode: TimerMode) => analyseGraph(compile(scenario), mode);
    const proof = (mode: TimerMode) => {
      if (!proofs.has(mode)) proofs.set(mode, proveScores(scenario, mode, reportObjectives(figuresIn(mode))));
      return proofs.get(mode);
    };

    it('lints clean: no error, no warning, no info but a deliberate one, and its id is its file name', () => {
      expect(analysis.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([]);
      expect(analysis.diagnostics.filter((d) => d.severity === 'info').map((d) => d.code)).toEqual(DELIBERATE_INFOS[file] ?? []);
      expect(`${scenario.id}.json`).toBe(file);
    });

    it.each(TIMER_MODES)('proves, over every walk with timing %s, that each one ends and that every score stays within its analysed range, each bound reached by a walk the machine replays alike', (mode) => {
      const p = proof(mode);
      expect(p, 'the search stays within its limits').toBeDefined();
      if (!p) return;
      // No state without an option or without a way to an ending, and no state that comes back:
      // every walk is finite and ends.
      expect(p.stuck).toEqual([]);
      expect(p.endless).toBe(false);
      const figures = figuresIn(mode);
      for (const score_ of scoresOf(figures)) {
        const proven = p.ranges[score_.name]!;
        // Raw points are compared as they are; scores as the report rounds them (to 0.1).
        const shown = (v: number) => (score_.rounded ? roundScore(v) : v);
        expect(shown(proven.min), `${score_.name} min`).toBeGreaterThanOrEqual(score_.analysed.min - 1e-9);
        expect(shown(proven.max), `${score_.name} max`).toBeLessThanOrEqual(score_.analysed.max + 1e-9);
        for (const bound of ['min', 'max'] as const) {
          const log = p.witnesses[`${score_.name}.${bound}`]!;
          const report = score(scenario, log);
          expect(report.status).toBe('complete');
          expect(Math.abs(score_.reported(report) - proven[bound]), `${score_.name}.${bound} witness`).toBeLessThanOrEqual(score_.rounded ? 0.05 + 1e-9 : 1e-9);
          const run = playOnMachine(scenario, log);
          expect(run.ended).toBe(true);
          expect(withoutTimes(run.report)).toEqual(withoutTimes(report));
        }
      }
    });

    it('writes its English texts with English typography: no space before % : ; ! ?, no « guillemets »', () => {
      const english: string[] = [];
      const visit = (node: unknown): void => {
        if (Array.isArray(node)) node.forEach(visit);
        else if (typeof node === 'object' && node !== null) {
          const text = (node as { en?: unknown }).en;
          if (typeof text === 'string') english.push(text);
          Object.values(node).forEach(visit);
        }
      };
      visit(scenario);
      expect(english.length).toBeGreaterThan(0);
      expect(english.filter((text) => /\d[\s\u00a0\u202f]%|\s[:;!?]|[«»]/u.test(text))).toEqual([]);
    });

    it('plays every choice, every timeout branch and every ending through the XState machine', () => {
      const p = proof('normal');
      if (!p) throw new Error('the search exceeded its limits');
      const compiled = compile(scenario);
      const allOptions = [...compiled.choices.keys(), ...scenario.steps.flatMap((s) => (s.timer ? [s.timer.timeout.id] : []))];
      const allEndings = scenario.steps.filter((s) => s.ending).map((s) => s.id);
      expect(allOptions.filter((id) => !p.coverage.has(id))).toEqual([]);
      expect(allEndings.filter((id) => !p.coverage.has(id))).toEqual([]);
      for (const id of [...allOptions, ...allEndings]) {
        const log = p.coverage.get(id)!;
        const run = playOnMachine(scenario, log);
        expect(run.ended, id).toBe(true);
        expect(run.log.decisions.some((d) => d.choiceId === id) || run.report.outcome?.endingStepId === id, id).toBe(true);
        expect(withoutTimes(run.report)).toEqual(withoutTimes(score(scenario, log)));
      }
    });

    it('has a range for every score it assesses, in its analysis and in real play, an optimal path ending with a prescriber, a worst path losing the customer', () => {
      const figures = analysis.figures!;
      const p = proof('normal');
      for (const score_ of scoresOf(figuresIn('normal'))) {
        if (!score_.assessed) continue; // a service characteristic no choice is tagged with
        expect(score_.analysed.min, score_.name).toBeLessThan(score_.analysed.max);
        expect(p?.ranges[score_.name]?.min, score_.name).toBeLessThan(p?.ranges[score_.name]?.max ?? -Infinity);
      }
      expect(figures.overall.max).toBe(100);
      expect(figures.optimal.outcome?.outcome).toBe('prescriber');
      expect(figures.optimal.scores.overall).toBe(100);
      expect(figures.worst.outcome?.outcome).toBe('lost');
    });

    it('offers the three outcomes: prescriber, passive and lost', () => {
      const reached = proof('normal')?.coverage ?? new Map<string, unknown>();
      const outcomes = new Set(scenario.steps.filter((s) => s.ending && reached.has(s.id)).map((s) => s.ending?.outcome));
      expect([...outcomes].sort()).toEqual(['lost', 'passive', 'prescriber']);
    });
  });
});
