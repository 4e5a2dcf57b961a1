// 4. Export and 6. Studio: their features do not exist yet, so their rows say so. Each checks
// whether its feature has appeared since (an export channel, a studio screen), so that the
// report asks for the benchmark to be written instead of claiming the feature is missing.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CHANNEL_NAMES } from '../../main/channels';
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

export const exportBench: Bench = {
  id: 'export',
  title: '4. Export of 100,000 attempts',
  async run(): Promise<BenchResult> {
    const channel = CHANNEL_NAMES.find((c) => /export/i.test(c));
    return pending('Export of 100,000 attempts', channel && `channel ${channel}`, [
      'CSV France (semicolons, decimal commas, UTF-8 with BOM), 100,000 attempts',
      'CSV RFC 4180, 100,000 attempts',
      'XLSX, 100,000 attempts',
    ]);
  },
};

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
