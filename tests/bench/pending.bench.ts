// 6. Studio: the feature does not exist yet, so its rows say so. It checks whether a studio
// screen has appeared since, so that the report asks for the benchmark to be written instead of
// claiming the feature is missing.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Bench, BenchResult, Verdict } from './types';

function pending(feature: string, found: string | undefined, measures: readonly string[]): BenchResult {
  const verdict: Verdict = found === undefined ? 'not built yet' : 'not measured';
  const value = found === undefined ? 'not built yet' : 'no benchmark yet';
  return {
    measurements: measures.map((measure) => ({ measure, value })),
    targets: [{ name: feature, goal: '—', measured: value, verdict }],
    notes: [found === undefined ? `${feature}: the feature does not exist yet; its benchmark comes with it.` : `${feature}: the feature seems to exist now (${found}) but this benchmark has not been written yet.`],
  };
}

export const studioBench: Bench = {
  id: 'studio',
  title: '6. Trainer studio',
  async run(ctx): Promise<BenchResult> {
    const screens = join(ctx.root, 'renderer/src/screens');
    const file = existsSync(screens) ? readdirSync(screens).find((f) => /studio|editor/i.test(f)) : undefined;
    return pending('Trainer studio', file && `renderer/src/screens/${file}`, [
      'open a 2,000-step scenario',
      'pan and zoom: frame time',
      'lint latency after an edit',
    ]);
  },
};
