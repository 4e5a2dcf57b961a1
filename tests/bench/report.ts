// The run's report: a table of targets (PASS / FAIL), a table of measurements (median and p95),
// each benchmark's notes, as Markdown for docs/BENCHMARKS.md and as plain text for the terminal.
import type { Machine } from './machine';
import { formatMs } from './stats';
import type { Measurement, Outcome } from './types';

export interface RunInfo {
  readonly quick: boolean;
  readonly started: Date;
  readonly seconds: number;
}

const n = (m: Measurement) => (m.summary ? m.summary.n.toLocaleString('en-US') : '');
const median = (m: Measurement) => (m.summary ? formatMs(m.summary.median) : (m.value ?? ''));
const p95 = (m: Measurement) => (m.summary ? formatMs(m.summary.p95) : '');
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const duration = (seconds: number) => (seconds < 90 ? `${seconds.toFixed(0)} s` : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`);

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

/** Rows of the targets table: every target of every benchmark, and crashed benchmarks as errors. */
function targetRows(outcomes: readonly Outcome[]): string[][] {
  return outcomes.flatMap((o) =>
    o.error !== undefined
      ? [[o.title.split('.')[0]!, o.title.replace(/^\d+\.\s*/, ''), '—', `crashed: ${o.error.split('\n')[0]}`, 'error']]
      : o.targets.map((t) => [o.title.split('.')[0]!, t.name, t.goal, t.measured, t.verdict]),
  );
}

export function renderMarkdown(outcomes: readonly Outcome[], machine: Machine, run: RunInfo): string {
  const when = run.started.toISOString().replace('T', ' ').slice(0, 16);
  const out: string[] = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench${run.quick ? ' -- --quick' : ''}\` on ${when} UTC (${run.quick ? 'quick' : 'full'} run, ${duration(run.seconds)}). Do not edit by hand: run \`npm run bench\` again.`,
    '',
    'These are one run’s figures on one machine, which other work shares: compare them as ratios within the run rather than across runs. Benchmarks report; they never fail a build on a timing (`npm run bench` exits non-zero only when a benchmark crashes).',
    '',
    ...table(['Machine', ''], [
      ['CPU', `${machine.cpu} (${machine.cores} cores)`],
      ['Memory', `${machine.memoryGiB.toFixed(1)} GiB`],
      ['System', machine.os],
      ['Node', machine.node],
      ['Chromium', machine.chromium],
      ['Commit', machine.commit],
    ]),
    '',
    '## Targets',
    '',
    ...table(['#', 'Target', 'Goal', 'Measured', 'Result'], targetRows(outcomes).map((r) => [r[0]!, r[1]!, r[2]!, r[3]!, r[4] === 'PASS' || r[4] === 'FAIL' ? `**${r[4]}**` : r[4]!])),
    '',
    '## Measurements',
    '',
    'Times are the median and the 95th percentile of n samples; single figures stand in the median column.',
    '',
  ];
  for (const o of outcomes) {
    out.push(`### ${o.title}`, '');
    if (o.error !== undefined) {
      out.push('This benchmark crashed:', '', '```', o.error, '```', '');
      continue;
    }
    out.push(...table(['Measure', 'n', 'Median', 'p95'], o.measurements.map((m) => [m.note ? `${m.measure} (${m.note})` : m.measure, n(m), median(m), p95(m)])), '');
    for (const note of o.notes) out.push(`- ${note}`);
    out.push(`- Took ${duration(o.seconds)}.`, '');
  }
  out.push(
    '## Running them',
    '',
    '- `npm run bench`: every benchmark, full size; rewrites docs/BENCHMARKS.md.',
    '- `npm run bench -- --quick`: a reduced run (fewer samples; the store at 100 and 100,000 attempts only, written once and shared with the start-up bench; the exports on 10,000 attempts; 40 player choices) in under two minutes.',
    '- `--out <dir>` writes BENCHMARKS.md into that folder instead of docs/ (CI: `npm run bench -- --quick --out "$(mktemp -d)"`); `--only engine,store` runs some of them (engine, lint, store, export, player, studio, bundle).',
    '- The sources are in tests/bench/: run.ts (entry), one *.bench.ts per benchmark, generators.ts (scenarios, the ink translation, stores), stats.ts, report.ts.',
    '',
  );
  return out.join('\n');
}

function pad(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  return rows.map((r) => r.map((c, i) => c + ' '.repeat(widths[i]! - [...c].length)).join('  ').trimEnd());
}

export function renderConsole(outcomes: readonly Outcome[]): string {
  const measurements: string[][] = [['Benchmark', 'Measure', 'n', 'Median', 'p95']];
  for (const o of outcomes) {
    const id = o.title.split('.')[0]!;
    if (o.error !== undefined) measurements.push([id, `crashed: ${o.error.split('\n')[0]}`, '', '', '']);
    for (const m of o.measurements) measurements.push([id, m.measure.length > 90 ? `${m.measure.slice(0, 89)}…` : m.measure, n(m), median(m), p95(m)]);
  }
  const targets = [['#', 'Target', 'Measured', 'Result'], ...targetRows(outcomes).map((r) => [r[0]!, r[1]!, r[3]!, r[4]!])];
  return ['', ...pad(measurements), '', ...pad(targets), ''].join('\n');
}
