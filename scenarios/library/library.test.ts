// Model-based tests over every built-in scenario: lint clean, every choice, timeout branch and
// ending exercised by real play, every walk within the analysed bounds, the machine in agreement.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseSource } from '../engine/analysis';
import { score } from '../engine/score';
import { runScenario } from '../engine/runner';
import { compile } from '../engine/compile';
import { enumeratePaths, exploreStates } from '../../tests/support/walk';

const dir = new URL('.', import.meta.url).pathname;
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const PATH_CAP = 3_000;

describe('the built-in library', () => {
  it('has at least two scenarios', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  describe.each(files)('%s', (file) => {
    const source = readFileSync(join(dir, file));
    const analysis = analyseSource(source, 'fr');
    const scenario = analysis.scenario!;

    it('lints clean: no error, no warning, and its id is its file name', () => {
      expect(analysis.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([]);
      expect(`${scenario.id}.json`).toBe(file);
    });

    it('exercises every choice, every timeout branch and every ending by real play', () => {
      const coverage = exploreStates(scenario);
      expect(coverage.capped).toBe(false);
      const compiled = compile(scenario);
      const allOptions = [...compiled.choices.keys(), ...scenario.steps.flatMap((s) => (s.timer ? [s.timer.timeout.id] : []))];
      expect(allOptions.filter((id) => !coverage.options.has(id))).toEqual([]);
      const allEndings = scenario.steps.filter((s) => s.ending).map((s) => s.id);
      expect(allEndings.filter((id) => !coverage.endings.has(id))).toEqual([]);
    });

    it('scores every walk (fast and slow) within the analysed bounds, and the machine agrees', () => {
      const figures = analysis.figures!;
      for (const slow of [false, true]) {
        const { logs, capped } = enumeratePaths(scenario, { cap: PATH_CAP, maxVisits: 2, slow });
        expect(logs.length).toBeGreaterThan(0);
        if (!capped) expect(logs.length).toBeLessThanOrEqual(PATH_CAP);
        for (const log of logs) {
          const report = score(scenario, log);
          expect(report.status).toBe('complete');
          expect(report.raw.empathy).toBeGreaterThanOrEqual(figures.empathy.min);
          expect(report.raw.empathy).toBeLessThanOrEqual(figures.empathy.max);
          expect(report.raw.proactivity).toBeGreaterThanOrEqual(figures.proactivity.min - 1e-9);
          expect(report.raw.proactivity).toBeLessThanOrEqual(figures.proactivity.max + 1e-9);
        }
        // The XState machine, driven by the same decisions, produces the same report.
        for (const log of logs.filter((_, i) => i % Math.ceil(logs.length / 25) === 0)) {
          const run = runScenario(scenario, log.decisions.map((d) => (d.timedOut ? { timeout: true } : { choice: d.choiceId, hesitationMs: d.hesitationMs })));
          expect(run.ended).toBe(true);
          expect(run.report.scores).toEqual(score(scenario, log).scores);
        }
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
      const reachable = exploreStates(scenario).endings;
      const outcomes = new Set(scenario.steps.filter((s) => s.ending && reachable.has(s.id)).map((s) => s.ending?.outcome));
      expect([...outcomes].sort()).toEqual(['lost', 'passive', 'prescriber']);
    });
  });
});
