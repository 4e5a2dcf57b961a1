// `npm run bench [-- --quick] [--out <dir>] [--only engine,store]`: runs the benchmarks in the
// issue's order, prints a table and writes BENCHMARKS.md (docs/ unless --out). It reports and
// never judges a build: the exit code is 0 whatever the timings, 1 only if a benchmark crashed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { engineBench } from './engine.bench';
import { lintBench } from './lint.bench';
import { storeBench } from './store.bench';
import { startupBench } from './startup.bench';
import { studioBench } from './studio.bench';
import { exportBench } from './export.bench';
import { playerBench } from './player.bench';
import { bundleBench } from './bundle.bench';
import { describeMachine } from './machine';
import { renderConsole, renderMarkdown } from './report';
import type { Bench, Outcome } from './types';

const BENCHES: readonly Bench[] = [engineBench, lintBench, storeBench, startupBench, exportBench, playerBench, studioBench, bundleBench];
const root = new URL('../../', import.meta.url).pathname;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      only: { type: 'string' },
    },
  });
  const quick = values.quick ?? false;
  const only = values.only?.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = only?.filter((id) => !BENCHES.some((b) => b.id === id)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown benchmark(s): ${unknown.join(', ')} (known: ${BENCHES.map((b) => b.id).join(', ')})`);
  const selected = BENCHES.filter((b) => !only || only.includes(b.id));
  const outDir = resolve(values.out ?? join(root, 'docs'));

  const started = new Date();
  const t0 = performance.now();
  process.stdout.write(`Comptoir benchmarks (${quick ? 'quick' : 'full'} run): ${selected.map((b) => b.id).join(', ')}\n`);
  const outcomes: Outcome[] = [];
  for (const bench of selected) {
    const log = (message: string) => process.stdout.write(`[${bench.id}] ${message}\n`);
    log(bench.title);
    const start = performance.now();
    try {
      const result = await bench.run({ quick, root, log });
      outcomes.push({ ...result, id: bench.id, title: bench.title, seconds: (performance.now() - start) / 1000 });
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      log(`crashed: ${message}`);
      outcomes.push({ id: bench.id, title: bench.title, seconds: (performance.now() - start) / 1000, measurements: [], targets: [], notes: [], error: message.split('\n').slice(0, 8).join('\n') });
    }
    log(`done in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  }

  const chromium = outcomes.map((o) => o.meta?.['chromium']).find((v) => v !== undefined);
  const machine = await describeMachine(root, chromium);
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(renderConsole(outcomes));
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, 'BENCHMARKS.md');
  writeFileSync(file, renderMarkdown(outcomes, machine, { quick, started, seconds }));
  process.stdout.write(`\nWritten ${file} (${seconds.toFixed(0)} s in all).\n`);
  return outcomes.some((o) => o.error !== undefined) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
