// 3b. Browser-mode start-up: from spawning `npm start`'s bundled launcher (dist/main/start.mjs) on a
// data folder holding 100 or 100,000 attempts to the first frame painted with the profile list.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import { launchBrowser } from '../e2e/harness';
import { storeFixtureIn } from './generators';
import { collectGarbage, formatCount, formatMs, nowMs, summarise } from './stats';
import { judge, type Bench, type BenchResult, type Measurement } from './types';

interface Sample { readonly ready: number; readonly painted: number }

function ensureBuilt(root: string, marker: string, script: string, log: (m: string) => void): void {
  if (existsSync(join(root, marker))) return;
  log(`${marker} is missing: npm run ${script}…`);
  const build = spawnSync('npm', ['run', '-s', script], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`npm run ${script} failed`);
}

/** Resolves with the app's URL once the launcher prints it. */
function started(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no URL within 60 s:\n${out}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /running at (http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64})/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the launcher exited with ${code}:\n${out}`));
    });
  });
}

// In-page script as a string: the tests' TypeScript configuration has no DOM library.
const PAINTED = `new Promise((resolve) => requestAnimationFrame(() => resolve(true)))`;

async function sample(root: string, dataDir: string, browser: Browser): Promise<Sample> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  const t0 = nowMs();
  const child = spawn(process.execPath, [join(root, 'dist/main/start.mjs'), '--browser', '--no-open', '--data-dir', dataDir], { cwd: root, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await started(child);
    const ready = nowMs() - t0;
    await page.goto(url);
    await page.locator('.profile-list li').first().waitFor();
    await page.evaluate(PAINTED);
    return { ready, painted: nowMs() - t0 };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    await context.close();
  }
}

export const startupBench: Bench = {
  id: 'startup',
  title: '3b. Browser-mode start to the profile list painted, by number of stored attempts',
  async run(ctx): Promise<BenchResult> {
    ensureBuilt(ctx.root, 'dist/renderer/index.html', 'build:renderer', ctx.log);
    ensureBuilt(ctx.root, 'dist/main/start.mjs', 'build:main', ctx.log);
    const sizes = [100, 100_000];
    const rounds = ctx.quick ? 2 : 8;
    const root = mkdtempSync(join(tmpdir(), 'comptoir-bench-startup-'));
    const browser = await launchBrowser();
    const results = new Map<number, Sample[]>(sizes.map((s) => [s, []]));
    try {
      const now = new Date();
      const dirs: { size: number; dir: string }[] = [];
      for (const size of sizes) {
        collectGarbage();
        const dir = join(root, `store-${size}`);
        const { linked } = await storeFixtureIn(dir, size, now);
        ctx.log(`${formatCount(size)} attempts ${linked ? 'linked from the store bench’s' : 'written'}`);
        dirs.push({ size, dir });
      }
      // One warm-up each (OS cache, Chromium's first page), then the sizes take turns.
      for (const { dir } of dirs) await sample(ctx.root, dir, browser);
      for (let round = 0; round < rounds; round++) {
        for (const { size, dir } of dirs) results.get(size)!.push(await sample(ctx.root, dir, browser));
      }
    } finally {
      await browser.close();
      rmSync(root, { recursive: true, force: true });
    }
    const measurements: Measurement[] = [];
    for (const size of sizes) {
      const samples = results.get(size)!;
      measurements.push(
        { measure: `launcher started and listening, ${formatCount(size)} attempts stored`, summary: summarise(samples.map((s) => s.ready)) },
        { measure: `start to the profile list painted, ${formatCount(size)} attempts stored`, summary: summarise(samples.map((s) => s.painted)) },
      );
    }
    const large = summarise(results.get(100_000)!.map((s) => s.painted));
    const small = summarise(results.get(100)!.map((s) => s.painted));
    return {
      measurements,
      targets: [{ name: 'Browser-mode start to first paint of the profile list, 100,000 attempts stored', goal: 'under 1 s (p95)', measured: `${formatMs(large.p95)} p95 (${formatMs(large.median)} median; ${formatMs(small.median)} with 100)`, verdict: judge(large.p95 < 1000) }],
      notes: [
        `Each sample spawns \`node dist/main/start.mjs --browser --no-open --data-dir <store>\` (what \`npm start\` runs, already built), waits for the URL it prints, opens it in a fresh Chromium context and waits for the first profile button and the next animation frame; then SIGTERM. ${rounds} samples per size after one warm-up each, the sizes in turn; stores generated by attemptsShaped() and writeStoreFixture() (the store bench's, hard-linked, when it ran first) and removed afterwards.`,
      ],
    };
  },
};
