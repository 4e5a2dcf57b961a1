// Model-based tests over every built-in scenario: lint clean; a proof, by a search over every
// reachable encounter state, that every walk ends and scores within the analysed bounds; every
// choice, timeout branch and ending played through the real XState machine.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseSource } from '../engine/analysis';
import { score, type Report } from '../engine/score';
import { runScenario, type RunInput } from '../engine/runner';
import { compile } from '../engine/compile';
import { analyseGraph } from '../engine/graph';
import type { DecisionLog } from '../engine/rules';
import { TIMER_MODES, type Scenario, type TimerMode } from '../format/schema';
import { proveScores, type ScoreProof } from '../../tests/support/walk';

const dir = new URL('.', import.meta.url).pathname;
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

/** The same decisions through the XState machine, on its simulated clock. */
function playOnMachine(scenario: Scenario, log: DecisionLog) {
  const inputs: RunInput[] = log.decisions.map((d) => (d.timedOut ? { timeout: true } : { choice: d.choiceId, hesitationMs: d.hesitationMs }));
  return runScenario(scenario, inputs, { timerMode: log.timerMode });
}
// The machine stamps decisions with its clock; everything else must be identical.
const withoutTimes = (r: Report) => ({ ...r, decisions: r.decisions.map((d) => ({ ...d, at: 0 })) });

describe('the built-in library', () => {
  it('has at least two scenarios', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  describe.each(files)('%s', (file) => {
    const source = readFileSync(join(dir, file));
    const analysis = analyseSource(source, 'fr');
    const scenario = analysis.scenario!;
    const proofs = new Map<TimerMode, ScoreProof | undefined>();
    const proof = (mode: TimerMode) => {
      if (!proofs.has(mode)) proofs.set(mode, proveScores(scenario, mode));
      return proofs.get(mode);
    };

    it('lints clean: no error, no warning, and its id is its file name', () => {
      expect(analysis.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([]);
      expect(`${scenario.id}.json`).toBe(file);
    });

    it.each(TIMER_MODES)('proves, over every walk with timing %s, that each one ends and scores within the analysed bounds, the bounds reached by walks the machine replays alike', (mode) => {
      const p = proof(mode);
      expect(p, 'the search stays within its limits').toBeDefined();
      if (!p) return;
      // No state without an option or without a way to an ending, and no state that comes back:
      // every walk is finite and ends.
      expect(p.stuck).toEqual([]);
      expect(p.endless).toBe(false);
      const figures = analyseGraph(compile(scenario), mode);
      for (const name of ['empathy', 'proactivity'] as const) {
        const proven = p.ranges[name]!;
        expect(proven.min, `${name} min`).toBeGreaterThanOrEqual(figures[name].min - 1e-9);
        expect(proven.max, `${name} max`).toBeLessThanOrEqual(figures[name].max + 1e-9);
        for (const bound of ['min', 'max'] as const) {
          const log = p.witnesses[`${name}.${bound}`]!;
          const report = score(scenario, log);
          expect(report.status).toBe('complete');
          expect(report.raw[name], `${name}.${bound} witness`).toBeCloseTo(proven[bound], 9);
          const run = playOnMachine(scenario, log);
          expect(run.ended).toBe(true);
          expect(withoutTimes(run.report)).toEqual(withoutTimes(report));
        }
      }
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

    it('has a score range for empathy and proactivity, an optimal path ending with a prescriber, a worst path losing the customer', () => {
      const figures = analysis.figures!;
      expect(figures.empathy.min).toBeLessThan(figures.empathy.max);
      expect(figures.proactivity.min).toBeLessThan(figures.proactivity.max);
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
