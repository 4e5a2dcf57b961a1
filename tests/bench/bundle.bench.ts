// 7. Trainee bundle size: the renderer built by `vite build` (npm run build:renderer's command,
// with the project's vite.config.ts) and the sum of its assets/*.js gzipped at level 9. The
// build goes to a temporary folder so that dist/renderer, which the player bench and the
// end-to-end tests serve, is not replaced under them; the two are compared.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { formatBytes, formatMs, timeMs } from './stats';
import { judge, type Bench, type BenchResult } from './types';

const LIMIT_BYTES = 300_000;

interface Sizes { readonly files: string[]; readonly raw: number; readonly gzipped: number }

/** The scripts index.html loads (what a trainee downloads) and, apart, the chunks loaded on demand (the staff areas). */
function entryScripts(root: string): Set<string> {
  const html = readFileSync(join(root, 'index.html'), 'utf8');
  return new Set([...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="(?:\.?\/)?assets\/([^"]+\.js)"/g)].map((m) => m[1]!));
}

function jsSizes(assets: string, which: (file: string) => boolean = () => true): Sizes {
  const files = readdirSync(assets).filter((f) => f.endsWith('.js') && which(f)).sort();
  let raw = 0;
  let gzipped = 0;
  for (const f of files) {
    const data = readFileSync(join(assets, f));
    raw += data.length;
    gzipped += gzipSync(data, { level: 9 }).length;
  }
  return { files, raw, gzipped };
}

export const bundleBench: Bench = {
  id: 'bundle',
  title: '7. Trainee bundle size (gzipped)',
  async run(ctx): Promise<BenchResult> {
    const out = mkdtempSync(join(tmpdir(), 'comptoir-bench-renderer-'));
    try {
      let failed: string | undefined;
      const buildMs = await timeMs(() => {
        const vite = join(ctx.root, 'node_modules/vite/bin/vite.js');
        const build = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn', '--outDir', out, '--emptyOutDir'], { cwd: ctx.root, encoding: 'utf8' });
        if (build.status !== 0) failed = `${build.stdout}\n${build.stderr}`.trim();
      });
      if (failed !== undefined) throw new Error(`vite build failed:\n${failed}`);
      const entries = entryScripts(out);
      const fresh = jsSizes(join(out, 'assets'), (f) => entries.has(f));
      const onDemand = jsSizes(join(out, 'assets'), (f) => !entries.has(f));
      if (fresh.files.length === 0) throw new Error('the built index.html loads no script from assets/: the trainee bundle cannot be measured');
      const distAssets = join(ctx.root, 'dist/renderer/assets');
      const dist = existsSync(distAssets) ? jsSizes(distAssets, (f) => entries.has(f)) : undefined;
      const same = dist !== undefined && dist.files.join() === fresh.files.join();
      return {
        measurements: [
          { measure: `trainee JavaScript (loaded by index.html), gzipped level 9 (${fresh.files.length} file${fresh.files.length === 1 ? '' : 's'})`, value: `${formatBytes(fresh.gzipped)} (${fresh.gzipped.toLocaleString('en-US')} bytes)` },
          { measure: 'trainee JavaScript, raw', value: formatBytes(fresh.raw) },
          { measure: `staff areas' JavaScript, loaded on demand, gzipped (${onDemand.files.length} file${onDemand.files.length === 1 ? '' : 's'})`, value: formatBytes(onDemand.gzipped) },
          { measure: 'vite build of the renderer', value: formatMs(buildMs) },
        ],
        targets: [{ name: 'Trainee bundle size', goal: '≤ 300 KB gzipped (KB = 1,000 bytes)', measured: formatBytes(fresh.gzipped), verdict: judge(fresh.gzipped <= LIMIT_BYTES) }],
        notes: [
          `Built fresh from the current sources with \`vite build\` and the project's vite.config.ts (what npm run build:renderer runs) into a temporary folder; the sum of the scripts index.html loads (${fresh.files.join(', ')}) each gzipped with zlib at level 9; the chunks loaded only when a staff area opens (${onDemand.files.join(', ') || 'none'}) are reported apart. CSS and index.html are not counted.`,
          dist === undefined
            ? 'There is no dist/renderer: the player bench built one.'
            : same
              ? 'dist/renderer, which the player bench served, holds the same build (same content-hashed file names).'
              : `dist/renderer, which the player bench served, is a different build (${dist.files.join(', ')}: ${formatBytes(dist.gzipped)} gzipped): it was built from other sources than the current ones.`,
        ],
      };
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  },
};
