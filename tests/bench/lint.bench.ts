// 2. Lint + analysis: analyseSource() (load, schema, lint, graph figures, located diagnostics)
// on the pretty-printed JSON text of generated scenarios of 100, 2,000 and 10,000 steps, and
// the growth exponent of its time (the slope of log time against log size).
import { analyseSource } from '../../scenarios/engine/analysis';
import { scenarioShaped } from './generators';
import { collectGarbage, formatMs, logLogSlope, summarise, timeMs, type Summary } from './stats';
import { judge, type Bench, type BenchResult, type Measurement } from './types';

const SIZES = [100, 2000, 10_000] as const;

export const lintBench: Bench = {
  id: 'lint',
  title: '2. Lint + analysis (analyseSource on the JSON text)',
  async run(ctx): Promise<BenchResult> {
    const repeats: Record<(typeof SIZES)[number], number> = ctx.quick ? { 100: 15, 2000: 5, 10_000: 2 } : { 100: 60, 2000: 20, 10_000: 7 };
    const results = new Map<number, Summary>();
    const measurements: Measurement[] = [];
    for (const steps of SIZES) {
      const text = JSON.stringify(scenarioShaped(steps), null, 2);
      // The warm-up run, untimed, checks that the generated scenario lints without errors and gets its figures.
      const first = analyseSource(text, 'en');
      const errors = first.diagnostics.filter((d) => d.severity === 'error');
      if (!first.figures || errors.length > 0) throw new Error(`the generated ${steps}-step scenario does not analyse cleanly: ${errors.slice(0, 3).map((d) => d.message).join('; ')}`);
      const samples: number[] = [];
      for (let i = 0; i < repeats[steps]; i++) {
        collectGarbage();
        samples.push(await timeMs(() => analyseSource(text, 'en')));
      }
      const summary = summarise(samples);
      results.set(steps, summary);
      measurements.push({ measure: `${steps.toLocaleString('en-US')} steps (${(text.length / 1e6).toFixed(2)} MB of JSON, ${first.diagnostics.length} diagnostics)`, summary });
      ctx.log(`${steps} steps: ${formatMs(summary.median)}`);
    }
    const points = SIZES.map((x) => ({ x, y: results.get(x)!.median }));
    const exponent = logLogSlope(points);
    const upper = logLogSlope(points.slice(1));
    measurements.push(
      { measure: 'growth exponent, fit over 100, 2,000 and 10,000 steps', value: exponent.toFixed(2) },
      { measure: 'growth exponent, 2,000 → 10,000 steps only', value: upper.toFixed(2) },
    );
    const at2000 = results.get(2000)!.median;
    return {
      measurements,
      targets: [
        { name: 'Lint + analysis at 2,000 steps', goal: '< 200 ms (median)', measured: formatMs(at2000), verdict: judge(at2000 < 200) },
        { name: 'Lint + analysis growth', goal: 'exponent ≤ 1.3 (least-squares log-log slope over the three sizes)', measured: `${exponent.toFixed(2)} (2,000 → 10,000: ${upper.toFixed(2)})`, verdict: judge(exponent <= 1.3) },
      ],
      notes: [
        `scenarioShaped(n) pretty-printed with two-space indentation, analysed from the text with analyseSource(text, 'en'); one untimed warm-up run per size (which also checks there is no error), then ${repeats[100]}, ${repeats[2000]} and ${repeats[10_000]} timed runs, a garbage collection before each.`,
        'The fit over all three sizes includes the fixed costs that dominate at 100 steps; the 2,000 → 10,000 slope shows the growth at the large end alone.',
      ],
    };
  },
};
