import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { score, type Report } from './score';
import { compile } from './compile';
import { analyseGraph, roundScore } from './graph';
import { currentStep, decide, initialState, optionsAt, type DecisionLogEntry } from './rules';
import { runScenario, type RunInput } from './runner';
import { loadScenario } from '../format/parse';
import { analyseSource } from './analysis';
import { arbitraryScenario } from '../../tests/support/scenarios';
import { enumeratePaths, proveScores, reportObjectives } from '../../tests/support/walk';
import { SERVICE_CHARACTERISTICS } from '../format/schema';

const within = (v: number, r: { min: number; max: number }) => v >= r.min - 1e-9 && v <= r.max + 1e-9;

describe('scoring properties on random valid scenarios', () => {
  it('every random walk scores totally, deterministically, in 0–100 and within the analysed bounds; the machine agrees', () => {
    fc.assert(
      fc.property(
        arbitraryScenario({ stateful: true }),
        fc.array(fc.record({ pick: fc.nat(), hesitation: fc.nat({ max: 40_000 }) }), { minLength: 1, maxLength: 60 }),
        fc.constantFrom('normal', 'relaxed', 'off' as const),
        (scenario, picks, timerMode) => {
          const compiled = compile(scenario);
          let state = initialState(compiled);
          const decisions: DecisionLogEntry[] = [];
          const inputs: RunInput[] = [];
          for (const { pick, hesitation } of picks) {
            if (state.end) break;
            const step = currentStep(compiled, state);
            const options = optionsAt(step, state).filter((o) => !o.timeout || timerMode !== 'off');
            const o = options[pick % options.length]!;
            const r = decide(compiled, state, o.timeout ? { kind: 'timeout', hesitationMs: 0 } : { kind: 'choice', choiceId: o.id, hesitationMs: hesitation }, timerMode);
            decisions.push({ stepId: step.id, choiceId: o.id, timedOut: o.timeout, phase: step.phase, behaviour: o.behaviour, hesitationMs: r.outcome.hesitationMs, at: 0 });
            inputs.push(o.timeout ? { timeout: true } : { choice: o.id, hesitationMs: hesitation });
            state = r.state;
          }
          const log = { timerMode, decisions };
          const report = score(scenario, log);
          expect(report).toEqual(score(scenario, log));
          expect(report.status).not.toBe('invalid-log');
          for (const v of Object.values(report.scores)) expect(v >= 0 && v <= 100).toBe(true);
          if (report.status === 'complete') {
            expect(within(report.raw.empathy, report.bounds.empathy)).toBe(true);
            expect(within(report.raw.proactivity, report.bounds.proactivity)).toBe(true);
          }
          const machine = runScenario(scenario, inputs, { timerMode });
          // The machine stamps decisions with its clock; everything else must be identical.
          const withoutTimes = (r: typeof report) => ({ ...r, decisions: r.decisions.map((d) => ({ ...d, at: 0 })) });
          expect(withoutTimes(machine.report)).toEqual(withoutTimes(report));
          expect(machine.state).toEqual(state);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('the bounds are exact, for every score, and the optimal path reaches the analysed maximum (no conditions, no walk-outs)', () => {
    let checked = 0;
    fc.assert(
      fc.property(arbitraryScenario({ stateful: false, maxSteps: 7 }), (scenario) => {
        const fast = enumeratePaths(scenario, { cap: 5_000 });
        const slow = enumeratePaths(scenario, { cap: 5_000, slow: true });
        fc.pre(!fast.capped && !slow.capped && fast.logs.length > 0);
        checked++;
        const figures = analyseGraph(compile(scenario));
        const fastReports = fast.logs.map((l) => score(scenario, l));
        const slowReports = slow.logs.map((l) => score(scenario, l));
        expect(Math.max(...fastReports.map((r) => r.raw.empathy))).toBe(figures.empathy.max);
        expect(Math.max(...fastReports.map((r) => r.raw.proactivity))).toBeCloseTo(figures.proactivity.max, 6);
        expect(Math.min(...slowReports.map((r) => r.raw.empathy))).toBe(figures.empathy.min);
        expect(Math.min(...slowReports.map((r) => r.raw.proactivity))).toBeCloseTo(figures.proactivity.min, 6);
        // Where no loop changes the commitments, the other ranges are exact too.
        if (figures.exact) {
          const all = [...fastReports, ...slowReports];
          expect(Math.max(...fastReports.map((r) => r.scores.overall))).toBeCloseTo(figures.overall.max, 6);
          expect(Math.min(...slowReports.map((r) => r.scores.overall))).toBeCloseTo(figures.overall.min, 6);
          expect(Math.max(...all.map((r) => r.scores.reliability))).toBe(figures.reliability.max);
          expect(Math.min(...all.map((r) => r.scores.reliability))).toBe(figures.reliability.min);
          for (const c of SERVICE_CHARACTERISTICS) {
            const range = figures.service[c];
            if (!range) continue;
            expect(Math.max(...all.map((r) => r.raw.service[c]))).toBe(range.max);
            expect(Math.min(...all.map((r) => r.raw.service[c]))).toBe(range.min);
          }
        }
        const eSpan = figures.empathy.max - figures.empathy.min || 1;
        const pSpan = figures.proactivity.max - figures.proactivity.min || 1;
        const combined = (r: { raw: { empathy: number; proactivity: number } }) => r.raw.empathy / eSpan + r.raw.proactivity / pSpan;
        const best = Math.max(...fastReports.map(combined));
        const optimal = runScenario(scenario, figures.optimalPath.map((p) => (p.timeout ? { timeout: true } : p.optionId)));
        expect(optimal.ended).toBe(true);
        expect(combined(optimal.report)).toBeCloseTo(best, 9);
      }),
      { numRuns: 120 },
    );
    expect(checked).toBeGreaterThan(60);
  });
});

describe('the proof over every walk (tests/support/walk.ts), on random valid scenarios', () => {
  it('bounds every enumerated walk, reaches each bound with a real walk, and lies within the analysed range, for every score', () => {
    let checked = 0;
    fc.assert(
      fc.property(arbitraryScenario({ stateful: true, maxSteps: 8 }), fc.constantFrom('normal', 'relaxed', 'off' as const), (scenario, timerMode) => {
        const figures = analyseGraph(compile(scenario), timerMode);
        const proof = proveScores(scenario, timerMode, reportObjectives(figures), { maxStates: 20_000 });
        fc.pre(proof !== undefined && proof.stuck.length === 0);
        checked++;
        // Raw points as they are; the reliability and overall scores as the report rounds them.
        const scores: { name: string; analysed: { min: number; max: number }; reported: (r: Report) => number; rounded: boolean }[] = [
          { name: 'empathy', analysed: figures.empathy, reported: (r) => r.raw.empathy, rounded: false },
          { name: 'proactivity', analysed: figures.proactivity, reported: (r) => r.raw.proactivity, rounded: false },
          ...SERVICE_CHARACTERISTICS.map((c) => ({ name: `service.${c}`, analysed: figures.service[c] ?? { min: 0, max: 0 }, reported: (r: Report) => r.raw.service[c], rounded: false })),
          { name: 'reliability', analysed: figures.reliability, reported: (r) => r.scores.reliability, rounded: true },
          { name: 'overall', analysed: figures.overall, reported: (r) => r.scores.overall, rounded: true },
        ];
        const logs = [false, true].flatMap((slow) => enumeratePaths(scenario, { cap: 2_000, maxVisits: 2, slow, timerMode }).logs);
        const reports = logs.map((log) => score(scenario, log));
        for (const { name, analysed, reported, rounded } of scores) {
          const proven = proof.ranges[name]!;
          const low = rounded ? roundScore(proven.min) : proven.min;
          const high = rounded ? roundScore(proven.max) : proven.max;
          expect(within(low, analysed) && within(high, analysed), name).toBe(true);
          for (const bound of ['min', 'max'] as const) {
            const report = score(scenario, proof.witnesses[`${name}.${bound}`]!);
            expect(report.status).toBe('complete');
            expect(Math.abs(reported(report) - proven[bound]), `${name}.${bound}`).toBeLessThanOrEqual(rounded ? 0.05 + 1e-9 : 1e-9);
          }
          for (const report of reports) expect(within(reported(report), { min: low, max: high }), name).toBe(true);
        }
      }),
      { numRuns: 120 },
    );
    expect(checked).toBeGreaterThan(40);
  });
});

describe('the loader never crashes', () => {
  it('on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2_000 }), (bytes) => {
        const result = analyseSource(bytes, 'en');
        expect(result.scenario === undefined || result.diagnostics.every((d) => d.line !== undefined)).toBe(true);
        if (!result.scenario) expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('on random JSON, with every error located', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 6 }), (text) => {
        const result = loadScenario(text, 'fr');
        expect(result.scenario).toBeUndefined();
        for (const d of result.diagnostics) {
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.column).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('on random scenario-shaped JSON (mutations of a valid file)', () => {
    fc.assert(
      fc.property(arbitraryScenario({ stateful: true, maxSteps: 5 }), fc.array(fc.tuple(fc.nat(), fc.jsonValue()), { maxLength: 4 }), (scenario, mutations) => {
        const doc = JSON.parse(JSON.stringify(scenario)) as { steps: Record<string, unknown>[] };
        for (const [where, value] of mutations) {
          const target = doc.steps[where % doc.steps.length]!;
          const keys = Object.keys(target);
          target[keys[where % keys.length]!] = value;
        }
        expect(() => analyseSource(JSON.stringify(doc), 'fr')).not.toThrow();
      }),
      { numRuns: 200 },
    );
  });
});
