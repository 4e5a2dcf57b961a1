// 4. Export of 100,000 attempts: CSV "Excel (France)", CSV RFC 4180 and XLSX (attempts and
// per-phase sheets) from a store written in the on-disk format, each export in a child process
// of its own (so its peak RSS is its own), the decisions CSV alongside; and the dashboard's filters.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Store } from '../../main/store/store';
import type { Attempt, AttemptResult, AttemptSummary, Profile } from '../../main/store/schema';
import { entryOf } from '../../main/library';
import { storeSource, scenarioMetaOf, type ScenarioMeta } from '../../main/reporting/rows';
import { exportCsv, exportXlsx } from '../../main/reporting/export';
import { prepareDashboard, queryDashboard } from '../../main/reporting/dashboard';
import type { ReportFilter } from '../../main/reporting/filter';
import { PHASES, ScenarioSchema, type Scenario } from '../../scenarios/format/schema';
import { choice, scenarioInput, step, ending } from '../support/scenarios';
import { attemptsShaped, seeded, writeStoreFixture, type AttemptsShaped } from './generators';
import { collectGarbage, formatBytes, formatCount, formatMs, summarise, timeMs, type Summary } from './stats';
import { judge, type Bench, type BenchResult, type Measurement, type Target, type Verdict } from './types';

const FULL = 100_000;
const QUICK = 10_000;
const MB = 1024 * 1024;

// --- The store: attemptsShaped() made whole for reporting --------------------------------------

/**
 * A scenario version for each scenario id attemptsShaped() uses, with the steps and choices its
 * logs name (etape-N, etape-N-a/b/c), so decision rows find their texts as in real use.
 */
function versionFor(id: string): Scenario {
  const steps = Array.from({ length: 14 }, (_, i) => {
    const n = i + 1;
    const next = n < 14 ? `etape-${n + 1}` : 'fin';
    return step(`etape-${n}`, PHASES[Math.min(3, Math.floor((i * 4) / 14))]!, ['a', 'b', 'c'].map((c) => choice(`etape-${n}-${c}`, next, { text: { fr: `Réponse ${c.toUpperCase()} à l’étape ${n} ; « client »`, en: `Answer ${c.toUpperCase()} at step ${n}; "customer"` } })));
  });
  return ScenarioSchema.parse(scenarioInput([...steps, ending('fin', 'passive')], { id, title: { fr: `Scénario ${id}`, en: `Scenario ${id}` } }));
}

export interface Fixture {
  readonly profiles: Profile[];
  readonly summaries: AttemptSummary[];
  readonly scenarios: ScenarioMeta[];
  readonly shaped: AttemptsShaped;
}

/** attemptsShaped() with sites, per-phase figures in every result and real scenario versions. */
function reportingShaped(count: number, now: Date): { shaped: AttemptsShaped; versions: Map<string, string> } {
  const base = attemptsShaped(count, { now });
  const random = seeded(23);
  const versions = new Map<string, string>();
  const hashOf = new Map<string, string>();
  for (const id of new Set(base.attempts.map((a) => a.scenarioId))) {
    const entry = entryOf(versionFor(id));
    versions.set(entry.contentHash, entry.text);
    hashOf.set(id, entry.contentHash);
  }
  const profiles = base.profiles.map((p, i) => ({ ...p, site: `Site ${['Lyon', 'Paris', 'Nantes', 'Lille'][i % 4]}` }));
  const phases = (): NonNullable<AttemptResult['phases']> => Object.fromEntries(PHASES.map((phase) => {
    const decisions = 1 + Math.floor(random() * 4);
    const e = Math.round(random() * 40) / 10;
    const p = Math.round(random() * 30) / 10;
    return [phase, { decisions, empathy: Math.round(random() * 1000) / 10, proactivity: Math.round(random() * 1000) / 10, empathyLost: e, proactivityLost: p }];
  })) as NonNullable<AttemptResult['phases']>;
  const attempts: Attempt[] = base.attempts.map((a) => ({ ...a, contentHash: hashOf.get(a.scenarioId)!, ...(a.result ? { result: { ...a.result, phases: phases() } } : {}) }));
  return { shaped: { ...base, profiles, attempts }, versions };
}

/** Writes the bench's store (attempts, profiles, scenario versions) into `dataDir` and returns what the dashboard reads. */
export async function writeExportFixture(dataDir: string, count: number, now: Date): Promise<Fixture> {
  const { shaped, versions } = reportingShaped(count, now);
  await writeStoreFixture(dataDir, shaped);
  mkdirSync(join(dataDir, 'scenarios'), { recursive: true });
  // As Store.saveScenarioVersion keeps them: the canonical text, named by its hash.
  for (const [hash, text] of versions) writeFileSync(join(dataDir, 'scenarios', `${hash}.json`), text);
  const summaries = shaped.attempts.map(({ log, ...rest }) => ({ ...rest, decisions: log.decisions.length }));
  const scenarios = [...versions.values()].map((text) => scenarioMetaOf(ScenarioSchema.parse(JSON.parse(text))));
  return { profiles: shaped.profiles, summaries, scenarios, shaped };
}

// --- One export in a child process -------------------------------------------------------------

const FORMATS = ['csv-fr', 'csv-rfc', 'xlsx', 'csv-decisions'] as const;
type Format = (typeof FORMATS)[number];

interface ChildResult {
  readonly format: Format;
  readonly openMs: number;
  /** The first export after Store.open: it reads and validates every month's index. */
  readonly coldMs: number;
  /** The same export again: the indexes already read, as after the dashboard has loaded them. */
  readonly warmMs: number | null;
  readonly rows: number;
  readonly bytes: number;
  /** Peak resident set size of the child, bytes. */
  readonly maxRss: number;
}

async function exportOnce(source: ReturnType<typeof storeSource>, format: Format, out: string, from: string | undefined): Promise<{ rows: number; bytes: number }> {
  const filter = from ? { from } : {};
  if (format === 'xlsx') {
    const r = await exportXlsx(source, { lang: 'fr', filter }, out);
    return { rows: r.sheets.reduce((t, s) => t + s.rows, 0), bytes: r.bytes };
  }
  const r = await exportCsv(source, { table: format === 'csv-decisions' ? 'decisions' : 'attempts', dialect: format === 'csv-rfc' ? 'rfc4180' : 'excel-fr', lang: 'fr', filter }, out);
  if (Object.keys(r.issues).length > 0) throw new Error(`the export reported issues: ${JSON.stringify(r.issues).slice(0, 300)}`);
  return { rows: r.rows, bytes: r.bytes };
}

/** The child's side: open the store, export to `out` cold then warm, print the figures as one JSON line. */
async function child(format: Format, dataDir: string, out: string, warm: boolean, from: string | undefined): Promise<void> {
  let store: Store | undefined;
  const openMs = await timeMs(async () => { store = await Store.open({ dataDir }); });
  const source = storeSource(store!);
  let counts = { rows: 0, bytes: 0 };
  const coldMs = await timeMs(async () => { counts = await exportOnce(source, format, out, from); });
  // The file left is the last export's: its counts are the ones reported (an XLSX's dates may change a byte).
  const warmMs = warm ? await timeMs(async () => { counts = await exportOnce(source, format, out, from); }) : null;
  await store!.close();
  const result: ChildResult = { format, openMs, coldMs, warmMs, ...counts, maxRss: process.resourceUsage().maxRSS * 1024 };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

const thisFile = fileURLToPath(import.meta.url);

function runChild(root: string, args: readonly string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', thisFile, '--export-child', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    proc.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    proc.on('error', reject);
    proc.on('close', (code) => (code === 0 ? resolvePromise(stdout) : reject(new Error(`export child ${args.join(' ')} exited with ${code}: ${stderr.slice(-2000)}`))));
  });
}

async function exportInChild(root: string, format: Format, dataDir: string, out: string, options: { warm: boolean; from?: string | undefined }): Promise<ChildResult> {
  const line = (await runChild(root, [format, dataDir, out, options.warm ? 'warm' : 'cold', ...(options.from ? [options.from] : [])])).trim().split('\n').at(-1)!;
  const result = JSON.parse(line) as ChildResult;
  if (statSync(out).size !== result.bytes) throw new Error(`${format}: the file has ${statSync(out).size} bytes, the export counted ${result.bytes}`);
  rmSync(out, { force: true });
  return result;
}

// --- The dashboard's filters -------------------------------------------------------------------

function filtersOf(f: Fixture): { name: string; filter: ReportFilter }[] {
  const months = f.shaped.months;
  const from = `${months.at(-3)!}-01T00:00:00.000Z`;
  const trainee = f.profiles[Math.floor(f.profiles.length / 2)]!;
  return [
    { name: 'no filter', filter: {} },
    { name: 'a cohort', filter: { cohort: f.profiles[0]!.cohort! } },
    { name: 'a site', filter: { site: f.profiles[0]!.site! } },
    { name: 'a scenario', filter: { scenarioId: f.summaries[0]!.scenarioId } },
    { name: 'a trainee', filter: { traineeId: trainee.id } },
    { name: 'the last three months', filter: { from } },
    { name: 'cohort + scenario + period', filter: { cohort: f.profiles[0]!.cohort!, scenarioId: f.summaries[0]!.scenarioId, from } },
  ];
}

/**
 * Indexing the summaries (once per change of the data), the first query after it (code not yet
 * optimised), then each filter answered from the index: a garbage collection before each filter's
 * batch, never inside one (a forced collection makes the next query several times slower).
 */
function measureDashboard(f: Fixture, quick: boolean): { prepare: Summary; first: number; filters: { name: string; summary: Summary; rows: number }[] } {
  const input = { profiles: f.profiles, attempts: f.summaries, scenarios: f.scenarios };
  const samples = quick ? 8 : 20;
  collectGarbage();
  let start = process.hrtime.bigint();
  let prepared = prepareDashboard(input);
  const prepares = [Number(process.hrtime.bigint() - start) / 1e6];
  start = process.hrtime.bigint();
  queryDashboard(prepared, {});
  const first = Number(process.hrtime.bigint() - start) / 1e6;
  for (let i = 0; i < (quick ? 2 : 6); i++) {
    collectGarbage();
    start = process.hrtime.bigint();
    prepared = prepareDashboard(input);
    prepares.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const filters = filtersOf(f).map(({ name, filter }) => {
    collectGarbage();
    let rows = 0;
    for (let i = 0; i < 3; i++) rows = queryDashboard(prepared, filter).rows.length; // warm-up, untimed
    const times: number[] = [];
    for (let i = 0; i < samples; i++) {
      const at = process.hrtime.bigint();
      rows = queryDashboard(prepared, filter).rows.length;
      times.push(Number(process.hrtime.bigint() - at) / 1e6);
    }
    return { name, summary: summarise(times), rows };
  });
  return { prepare: summarise(prepares), first, filters };
}

// --- The bench -----------------------------------------------------------------------------------

const LABEL: Record<Format, string> = {
  'csv-fr': 'CSV Excel (France), attempts',
  'csv-rfc': 'CSV RFC 4180, attempts',
  xlsx: 'XLSX, attempts + per-phase sheets',
  'csv-decisions': 'CSV Excel (France), decisions',
};

export const exportBench: Bench = {
  id: 'export',
  title: '4. Export of 100,000 attempts',
  async run(ctx): Promise<BenchResult> {
    const count = ctx.quick ? QUICK : FULL;
    const n = formatCount(count);
    const dir = mkdtempSync(join(tmpdir(), 'comptoir-bench-export-'));
    try {
      const dataDir = join(dir, 'store');
      ctx.log(`writing a store of ${n} attempts…`);
      let fixture!: Fixture;
      const generateMs = await timeMs(async () => { fixture = await writeExportFixture(dataDir, count, new Date()); });
      ctx.log(`written in ${formatMs(generateMs)}; the dashboard’s filters…`);
      const dashboard = measureDashboard(fixture, ctx.quick);
      const runs = ctx.quick ? 1 : 3;
      // The decisions export reads every attempt's file: measured on the last months, about 20,000 attempts.
      const decisionsFrom = ctx.quick ? undefined : `${fixture.shaped.months.at(-5)!}-01T00:00:00.000Z`;
      const results = new Map<Format, ChildResult[]>(FORMATS.map((f) => [f, []]));
      // The formats take turns, run by run, so the machine's moods fall on all of them alike.
      for (let r = 0; r < runs; r++) {
        for (const format of FORMATS) {
          // One decisions export is enough: it is reported, not judged.
          if (format === 'csv-decisions' && r > 0) continue;
          ctx.log(`${LABEL[format]}, run ${r + 1} of ${format === 'csv-decisions' ? 1 : runs}…`);
          const out = join(dir, `out-${format}.${format === 'xlsx' ? 'xlsx' : 'csv'}`);
          results.get(format)!.push(await exportInChild(ctx.root, format, dataDir, out, format === 'csv-decisions' ? { warm: false, from: decisionsFrom } : { warm: true }));
        }
      }
      const idle = JSON.parse((await runChild(ctx.root, ['idle'])).trim()) as { maxRss: number };

      const measurements: Measurement[] = [];
      const cold = (f: Format) => summarise(results.get(f)!.map((r) => r.coldMs));
      const warm = (f: Format) => summarise(results.get(f)!.map((r) => r.warmMs ?? NaN));
      const peak = (f: Format) => Math.max(...results.get(f)!.map((r) => r.maxRss));
      for (const format of FORMATS) {
        const first = results.get(format)![0]!;
        const size = format === 'csv-decisions' ? `${formatCount(first.rows)} decisions` : `${n} attempts`;
        measurements.push({ measure: `${LABEL[format]}, ${size}: first export after start-up (reads and validates every month’s index)`, summary: cold(format), note: `${formatCount(first.rows)} rows, ${formatBytes(first.bytes)}; Store.open before it: ${formatMs(first.openMs)}` });
        if (first.warmMs !== null) measurements.push({ measure: `${LABEL[format]}, ${size}: export with the indexes already read (as after the dashboard)`, summary: warm(format) });
        measurements.push({ measure: `${LABEL[format]}, ${size}: peak RSS of the export’s process`, value: formatBytes(peak(format)) });
      }
      measurements.push({ measure: 'peak RSS of an idle child process (node + tsx, nothing exported)', value: formatBytes(idle.maxRss) });
      measurements.push(
        { measure: `dashboard: index ${n} summaries (prepareDashboard, once per change of the data)`, summary: dashboard.prepare },
        { measure: `dashboard: the first query after indexing, no filter (its code not yet optimised)`, value: formatMs(dashboard.first) },
      );
      for (const d of dashboard.filters) measurements.push({ measure: `dashboard filter over ${n} attempts: ${d.name}`, summary: d.summary, note: `${formatCount(d.rows)} trainee × scenario rows` });

      const size: Verdict | undefined = ctx.quick ? 'not measured' : undefined;
      const verdict = (ok: boolean): Verdict => size ?? judge(ok);
      const csvWorst = Math.max(warm('csv-fr').median, warm('csv-rfc').median);
      const peakAll = Math.max(peak('csv-fr'), peak('csv-rfc'), peak('xlsx'));
      const worstFilter = dashboard.filters.reduce((w, d) => (d.summary.p95 > w.summary.p95 ? d : w));
      const both = (f: Format) => `${formatMs(warm(f).median)} (first after start-up: ${formatMs(cold(f).median)})`;
      const targets: Target[] = [
        { name: `CSV export of ${n} attempts`, goal: 'under 3 s (100,000 attempts; median, both dialects, indexes already read)', measured: `France ${both('csv-fr')}, RFC 4180 ${both('csv-rfc')}`, verdict: verdict(csvWorst < 3000) },
        { name: `XLSX export of ${n} attempts`, goal: 'under 15 s (100,000 attempts; median, indexes already read)', measured: both('xlsx'), verdict: verdict(warm('xlsx').median < 15_000) },
        { name: `Peak memory of a CSV or XLSX export, ${n} attempts`, goal: 'under 500 MB (peak RSS of the export’s process)', measured: `${formatBytes(peakAll)} (CSV France ${formatBytes(peak('csv-fr'))}, RFC ${formatBytes(peak('csv-rfc'))}, XLSX ${formatBytes(peak('xlsx'))})`, verdict: verdict(peakAll < 500 * MB) },
        { name: `Dashboard filters over ${n} attempts`, goal: 'under 200 ms (p95 of the slowest filter)', measured: `${formatMs(worstFilter.summary.p95)} (${worstFilter.name})`, verdict: verdict(worstFilter.summary.p95 < 200) },
      ];
      return {
        measurements,
        targets,
        notes: [
          `The store (${n} attempts from attemptsShaped(), with sites, per-phase figures in every result and a scenario version per scenario id whose steps and choices the logs name) is written by writeStoreFixture() straight in the on-disk format in ${formatMs(generateMs)}, in ${tmpdir()}, and removed afterwards.`,
          `Each export runs in a child process of its own (node --import tsx), ${runs === 1 ? 'once' : `${runs} times, the formats in turn`}: it opens the store (the OS cache is warm), exports through main/reporting's exportCsv / exportXlsx to a file (temp file, fsync, rename), then exports again, and reports both times and its peak RSS (process.resourceUsage().maxRSS, which includes node and tsx: an idle child takes ${formatBytes(idle.maxRss)}). The first export also reads and validates every month's index (Store.listMonth, about half of a CSV export's time); the second finds them read, as an export from the HR screen does, the dashboard having loaded them: the time targets are judged on it, the first figure shown beside.`,
          `The decisions CSV reads every selected attempt's file (Store.getAttempt): it is run once, ${decisionsFrom ? `on the attempts started since ${decisionsFrom.slice(0, 10)}` : 'on every attempt'}, and not judged.`,
          'XLSX: exceljs’s streaming WorkbookWriter without shared strings or styles, deflate level 1, the writer waiting for the zip whenever more than 8 MB of sheet XML is pending.',
          `Dashboard: prepareDashboard() indexes the ${n} summaries already in memory (as main holds them) into columns once; each filter is then queryDashboard() on that index, ${dashboard.filters[0]!.summary.n} timed calls per filter after 3 untimed ones, a garbage collection before each filter’s calls (not between them: a forced collection makes the next query several times slower, which no user's click meets); the target is judged on the slowest filter’s p95, the very first query after indexing (${formatMs(dashboard.first)}) shown apart.`,
          ...(ctx.quick ? [`Quick run: ${n} attempts instead of ${formatCount(FULL)}, one run each; the targets, set for 100,000 attempts, are not judged.`] : []),
        ],
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

// The child process: `node --import tsx tests/bench/export.bench.ts --export-child <format> <dataDir> <out> <warm|cold> [from]`.
if (resolve(process.argv[1] ?? '') === thisFile && process.argv[2] === '--export-child') {
  const [format, dataDir, out, mode, from] = process.argv.slice(3);
  const work = format === 'idle'
    ? Promise.resolve().then(() => { process.stdout.write(`${JSON.stringify({ maxRss: process.resourceUsage().maxRSS * 1024 })}\n`); })
    : FORMATS.includes(format as Format) && dataDir && out && (mode === 'warm' || mode === 'cold')
      ? child(format as Format, dataDir, out, mode === 'warm', from)
      : Promise.reject(new Error(`usage: --export-child <${FORMATS.join('|')}|idle> <dataDir> <out> <warm|cold> [from]`));
  work.then(() => process.exit(0), (error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
