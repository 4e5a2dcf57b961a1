// HR's dashboard: the attempt summaries indexed once into columns, then each selection answered
// by one pass over them: trainee × scenario (first, last and best assessed scores, practice
// apart), score distributions, where points are lost, filter menus.
import { z } from 'zod';
import { PHASES, type Phase } from '../../scenarios/format/schema';
import { LocalizedTextSchema } from '../../scenarios/format/text';
import type { AttemptSummary, Profile } from '../store/schema';
import { parseFilter, type ReportFilter } from './filter';
import type { ScenarioMeta } from './meta';

export interface DashboardInput {
  readonly profiles: readonly Profile[];
  readonly attempts: readonly AttemptSummary[];
  /** The library's scenarios (current versions): titles and pass marks. */
  readonly scenarios: readonly ScenarioMeta[];
}

export interface DashboardOptions {
  /** Width of the distribution's buckets, in points of the 0–100 overall score (default 10). */
  readonly bucketSize?: number;
}

const Score = z.number().nullable();
const Text = LocalizedTextSchema.nullable();

export const PhaseLossSchema = z.strictObject({
  phase: z.enum(PHASES),
  decisions: z.number().int(),
  empathyLost: z.number(),
  proactivityLost: z.number(),
  /** empathyLost + proactivityLost: points lost against the best options offered in this phase. */
  pointsLost: z.number(),
});
export type PhaseLoss = z.infer<typeof PhaseLossSchema>;

const LossesSchema = z.strictObject({
  phases: z.array(PhaseLossSchema),
  /** The phase with the most points lost; null when no attempt has per-phase figures or none lost any. */
  worstPhase: z.enum(PHASES).nullable(),
  /** Finished assessed attempts stored without per-phase figures (older ones), left out of `phases`. */
  withoutPhases: z.number().int(),
});

export const DashboardRowSchema = z.strictObject({
  traineeId: z.string(),
  displayName: z.string().nullable(),
  employeeId: z.string().nullable(),
  cohort: z.string().nullable(),
  site: z.string().nullable(),
  scenarioId: z.string(),
  scenarioTitle: Text,
  passMark: Score,
  /** Every attempt of the trainee at this scenario in the selection, of either kind and any status. */
  attempts: z.number().int(),
  /** Wall time of those attempts, in seconds. */
  timeSpentSeconds: z.number(),
  assessed: z.strictObject({
    attempts: z.number().int(),
    /** Finished assessed attempts: the only ones with a score. */
    scored: z.number().int(),
    first: Score,
    last: Score,
    best: Score,
    firstAt: z.string().nullable(),
    lastAt: z.string().nullable(),
    /** best − first. */
    progression: Score,
  }),
  practice: z.strictObject({ attempts: z.number().int(), scored: z.number().int(), best: Score, last: Score }),
  /** passed: an assessed attempt passed (its pass mark reached, the customer not lost); failed: scored, none passed. */
  status: z.enum(['passed', 'failed', 'not-assessed']),
});
export type DashboardRow = z.infer<typeof DashboardRowSchema>;

export const BucketSchema = z.strictObject({ from: z.number(), to: z.number(), count: z.number().int() });

export const ScenarioStatsSchema = z.strictObject({
  scenarioId: z.string(),
  title: Text,
  passMark: Score,
  trainees: z.number().int(),
  attempts: z.number().int(),
  assessedScored: z.number().int(),
  practiceAttempts: z.number().int(),
  /** Trainees with status passed / failed. */
  passed: z.number().int(),
  failed: z.number().int(),
  /** Means over the trainees with an assessed score: where they started, the best they reached. */
  meanFirst: Score,
  meanBest: Score,
  /** Overall scores of the finished assessed attempts; the last bucket includes 100. */
  distribution: z.array(BucketSchema),
}).extend(LossesSchema.shape);
export type ScenarioStats = z.infer<typeof ScenarioStatsSchema>;

const Option = z.strictObject({ id: z.string(), title: Text });

export const DashboardSchema = z.strictObject({
  rows: z.array(DashboardRowSchema),
  scenarios: z.array(ScenarioStatsSchema),
  totals: z.strictObject({
    trainees: z.number().int(),
    attempts: z.number().int(),
    assessed: z.number().int(),
    assessedScored: z.number().int(),
    practice: z.number().int(),
    timeSpentSeconds: z.number(),
  }).extend(LossesSchema.shape),
  /** Everything there is to filter on, whatever the current selection. */
  options: z.strictObject({
    cohorts: z.array(z.string()),
    sites: z.array(z.string()),
    scenarios: z.array(Option),
    trainees: z.array(z.strictObject({ id: z.string(), displayName: z.string(), employeeId: z.string().nullable(), cohort: z.string().nullable(), site: z.string().nullable() })),
  }),
});
export type Dashboard = z.infer<typeof DashboardSchema>;

// --- The index: one column per figure, one slot per attempt ------------------------------------

const NONE = -1;

// One collator: localeCompare with a locale builds a new one per call, a hundred times slower.
const collator = new Intl.Collator('fr', { sensitivity: 'base' });
const byText = (a: string, b: string) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);

/** The summaries as columns (typed arrays), so that a selection reads a few numbers per attempt. */
export interface PreparedDashboard {
  readonly size: number;
  readonly profiles: readonly Profile[];
  readonly scenarios: ReadonlyMap<string, ScenarioMeta>;
  /** Trainee keys: every profile, then profile ids met only in attempts (a profile since erased). */
  readonly traineeIds: readonly string[];
  readonly traineeProfile: readonly (Profile | undefined)[];
  readonly scenarioIds: readonly string[];
  readonly cohorts: readonly string[];
  readonly sites: readonly string[];
  /** Per trainee: index in cohorts / sites, or NONE. */
  readonly traineeCohort: Int32Array;
  readonly traineeSite: Int32Array;
  /** Sort positions (by name, by id), computed once: a query sorts by numbers, not by collation. */
  readonly traineeRank: Int32Array;
  readonly scenarioRank: Int32Array;
  /** The filter menus, which no selection changes. */
  readonly options: Dashboard['options'];
  // Per attempt:
  readonly trainee: Int32Array;
  readonly scenario: Int32Array;
  readonly start: Float64Array;
  readonly seconds: Float64Array;
  readonly practice: Uint8Array;
  /** The overall score of a finished attempt with a result, else NaN. */
  readonly overall: Float64Array;
  readonly passed: Uint8Array;
  readonly hasPhases: Uint8Array;
  /** Per attempt and phase (PHASES order): decisions, empathy lost, proactivity lost. */
  readonly phaseFigures: Float64Array;
}

const PHASE_FIELDS = 3;
const ROW = PHASES.length * PHASE_FIELDS;

function indexer(): { index: (key: string) => number; keys: string[] } {
  const map = new Map<string, number>();
  const keys: string[] = [];
  return {
    keys,
    index: (key) => {
      let i = map.get(key);
      if (i === undefined) {
        i = keys.length;
        map.set(key, i);
        keys.push(key);
      }
      return i;
    },
  };
}

/** Indexes the summaries once (when they change); each selection is then a fast query. */
export function prepareDashboard(input: DashboardInput): PreparedDashboard {
  const n = input.attempts.length;
  const trainees = indexer();
  const scenarios = indexer();
  const cohorts = indexer();
  const sites = indexer();
  const traineeProfile: (Profile | undefined)[] = [];
  for (const p of input.profiles) traineeProfile[trainees.index(p.id)] = p;
  for (const s of input.scenarios) scenarios.index(s.id);
  const trainee = new Int32Array(n);
  const scenario = new Int32Array(n);
  const start = new Float64Array(n);
  const seconds = new Float64Array(n);
  const practice = new Uint8Array(n);
  const overall = new Float64Array(n);
  const passed = new Uint8Array(n);
  const hasPhases = new Uint8Array(n);
  const phaseFigures = new Float64Array(n * ROW);
  input.attempts.forEach((a, i) => {
    trainee[i] = trainees.index(a.profileId);
    scenario[i] = scenarios.index(a.scenarioId);
    const begin = Date.parse(a.startedAt);
    start[i] = begin;
    // As rows.durationSeconds: to the end, or to the last saved change of an attempt not finished.
    seconds[i] = Math.max(0, Math.round((Date.parse(a.finishedAt ?? a.updatedAt) - begin) / 1000));
    practice[i] = a.kind === 'practice' ? 1 : 0;
    // Only finished attempts carry a score; an abandoned or unfinished one counts as an attempt, not a score.
    const r = a.status === 'finished' ? a.result : undefined;
    overall[i] = r ? r.overall : NaN;
    passed[i] = r?.passed ? 1 : 0;
    if (r?.phases) {
      hasPhases[i] = 1;
      PHASES.forEach((phase, k) => {
        const f = r.phases![phase];
        if (!f) return;
        const at = i * ROW + k * PHASE_FIELDS;
        phaseFigures[at] = f.decisions;
        phaseFigures[at + 1] = f.empathyLost;
        phaseFigures[at + 2] = f.proactivityLost;
      });
    }
  });
  const traineeCohort = new Int32Array(trainees.keys.length).fill(NONE);
  const traineeSite = new Int32Array(trainees.keys.length).fill(NONE);
  trainees.keys.forEach((_, t) => {
    const p = traineeProfile[t];
    if (p?.cohort !== undefined) traineeCohort[t] = cohorts.index(p.cohort);
    if (p?.site !== undefined) traineeSite[t] = sites.index(p.site);
  });
  const rank = (keys: readonly string[], compare: (a: number, b: number) => number) => {
    const order = keys.map((_, i) => i).sort(compare);
    const ranks = new Int32Array(keys.length);
    order.forEach((k, position) => { ranks[k] = position; });
    return ranks;
  };
  const traineeRank = rank(trainees.keys, (a, b) => byText(traineeProfile[a]?.displayName ?? '', traineeProfile[b]?.displayName ?? '') || byText(trainees.keys[a]!, trainees.keys[b]!));
  const scenarioRank = rank(scenarios.keys, (a, b) => byText(scenarios.keys[a]!, scenarios.keys[b]!));
  const metas = new Map(input.scenarios.map((s) => [s.id, s]));
  return {
    size: n,
    profiles: input.profiles,
    scenarios: metas,
    traineeIds: trainees.keys,
    traineeProfile,
    scenarioIds: scenarios.keys,
    cohorts: cohorts.keys,
    sites: sites.keys,
    traineeCohort,
    traineeSite,
    traineeRank,
    scenarioRank,
    options: {
      cohorts: [...cohorts.keys].sort(byText),
      sites: [...sites.keys].sort(byText),
      scenarios: [...scenarios.keys].sort(byText).map((id) => ({ id, title: metas.get(id)?.title ?? null })),
      trainees: [...input.profiles]
        .sort((a, b) => byText(a.displayName, b.displayName) || byText(a.id, b.id))
        .map((p) => ({ id: p.id, displayName: p.displayName, employeeId: p.employeeId ?? null, cohort: p.cohort ?? null, site: p.site ?? null })),
    },
    trainee,
    scenario,
    start,
    seconds,
    practice,
    overall,
    passed,
    hasPhases,
    phaseFigures,
  };
}

// --- A selection -----------------------------------------------------------------------------------

interface Cell {
  readonly trainee: number;
  readonly scenario: number;
  attempts: number;
  seconds: number;
  assessed: number;
  scored: number;
  firstAt: number;
  first: number;
  lastAt: number;
  last: number;
  best: number;
  passed: boolean;
  practice: number;
  practiceScored: number;
  practiceBest: number;
  practiceLastAt: number;
  practiceLast: number;
}

/** Points lost per phase, summed over attempts. */
class Losses {
  readonly sums = new Float64Array(ROW);
  without = 0;
  add(d: PreparedDashboard, i: number): void {
    if (!d.hasPhases[i]) {
      this.without++;
      return;
    }
    const at = i * ROW;
    for (let k = 0; k < ROW; k++) this.sums[k]! += d.phaseFigures[at + k]!;
  }
  result(): z.infer<typeof LossesSchema> {
    const phases = PHASES.map((phase, k): PhaseLoss => {
      const at = k * PHASE_FIELDS;
      const e = this.sums[at + 1]!;
      const p = this.sums[at + 2]!;
      return { phase, decisions: this.sums[at]!, empathyLost: round1(e), proactivityLost: round1(p), pointsLost: round1(e + p) };
    });
    let worst: Phase | null = null;
    let most = 0;
    for (const p of phases) {
      if (p.pointsLost > most) {
        most = p.pointsLost;
        worst = p.phase;
      }
    }
    return { phases, worstPhase: worst, withoutPhases: this.without };
  }
}

interface ScenarioAcc {
  attempts: number;
  scored: number;
  practice: number;
  readonly buckets: number[];
  readonly losses: Losses;
}

const round1 = (v: number) => Math.round(v * 10) / 10;
const orNull = (v: number) => (Number.isNaN(v) ? null : v);
const mean = (values: readonly number[]) => (values.length === 0 ? null : round1(values.reduce((t, v) => t + v, 0) / values.length));

/** The attempts a selection keeps, as a test on the index (NONE: a name no one has, nothing kept). */
function selection(d: PreparedDashboard, filter: ReportFilter): (i: number) => boolean {
  const { filter: f, from, to } = parseFilter(filter);
  const find = (list: readonly string[], v: string | undefined) => (v === undefined ? undefined : list.indexOf(v));
  const cohort = find(d.cohorts, f.cohort);
  const site = find(d.sites, f.site);
  const scenario = find(d.scenarioIds, f.scenarioId);
  const trainee = find(d.traineeIds, f.traineeId);
  return (i) => {
    const t = d.trainee[i]!;
    if (trainee !== undefined && t !== trainee) return false;
    if (scenario !== undefined && d.scenario[i] !== scenario) return false;
    if (cohort !== undefined && (cohort === NONE || d.traineeCohort[t] !== cohort)) return false;
    if (site !== undefined && (site === NONE || d.traineeSite[t] !== site)) return false;
    const at = d.start[i]!;
    return at >= from && at < to;
  };
}

/** Answers one selection over the index. Pure: the same index and selection, the same answer. */
export function queryDashboard(d: PreparedDashboard, filter: ReportFilter = {}, options: DashboardOptions = {}): Dashboard {
  const bucketSize = options.bucketSize ?? 10;
  if (!(bucketSize > 0 && bucketSize <= 100)) throw new RangeError(`bucketSize must be in (0, 100], got ${bucketSize}`);
  const bucketCount = Math.ceil(100 / bucketSize);
  const keep = selection(d, filter);
  const cells = new Map<number, Cell>();
  const scenarios = new Map<number, ScenarioAcc>();
  const totals = { attempts: 0, assessed: 0, assessedScored: 0, practice: 0, timeSpentSeconds: 0 };
  const losses = new Losses();
  const width = d.scenarioIds.length;

  for (let i = 0; i < d.size; i++) {
    if (!keep(i)) continue;
    const t = d.trainee[i]!;
    const s = d.scenario[i]!;
    const key = t * width + s;
    let cell = cells.get(key);
    if (!cell) {
      cell = {
        trainee: t, scenario: s, attempts: 0, seconds: 0, assessed: 0, scored: 0, firstAt: Infinity, first: NaN, lastAt: -Infinity, last: NaN, best: NaN, passed: false,
        practice: 0, practiceScored: 0, practiceBest: NaN, practiceLastAt: -Infinity, practiceLast: NaN,
      };
      cells.set(key, cell);
    }
    let sc = scenarios.get(s);
    if (!sc) scenarios.set(s, (sc = { attempts: 0, scored: 0, practice: 0, buckets: new Array<number>(bucketCount).fill(0), losses: new Losses() }));
    const seconds = d.seconds[i]!;
    const start = d.start[i]!;
    const overall = d.overall[i]!;
    const scored = !Number.isNaN(overall);
    cell.attempts++;
    cell.seconds += seconds;
    sc.attempts++;
    totals.attempts++;
    totals.timeSpentSeconds += seconds;
    if (d.practice[i]) {
      cell.practice++;
      sc.practice++;
      totals.practice++;
      if (!scored) continue;
      cell.practiceScored++;
      if (!(overall <= cell.practiceBest)) cell.practiceBest = overall;
      if (start >= cell.practiceLastAt) {
        cell.practiceLastAt = start;
        cell.practiceLast = overall;
      }
      continue;
    }
    cell.assessed++;
    totals.assessed++;
    if (!scored) continue;
    cell.scored++;
    sc.scored++;
    totals.assessedScored++;
    if (start < cell.firstAt) {
      cell.firstAt = start;
      cell.first = overall;
    }
    if (start >= cell.lastAt) {
      cell.lastAt = start;
      cell.last = overall;
    }
    if (!(overall <= cell.best)) cell.best = overall;
    if (d.passed[i]) cell.passed = true;
    sc.buckets[Math.min(bucketCount - 1, Math.max(0, Math.floor(overall / bucketSize)))]!++;
    sc.losses.add(d, i);
    losses.add(d, i);
  }

  const rows: DashboardRow[] = [];
  const perScenario = new Map<number, { trainees: number; passed: number; failed: number; firsts: number[]; bests: number[] }>();
  const trainees = new Set<number>();
  const ordered = [...cells.values()].sort((a, b) => d.traineeRank[a.trainee]! - d.traineeRank[b.trainee]! || d.scenarioRank[a.scenario]! - d.scenarioRank[b.scenario]!);
  for (const c of ordered) {
    trainees.add(c.trainee);
    const p = d.traineeProfile[c.trainee];
    const scenarioId = d.scenarioIds[c.scenario]!;
    const meta = d.scenarios.get(scenarioId);
    const status = c.scored === 0 ? 'not-assessed' : c.passed ? 'passed' : 'failed';
    rows.push({
      traineeId: d.traineeIds[c.trainee]!,
      displayName: p?.displayName ?? null,
      employeeId: p?.employeeId ?? null,
      cohort: p?.cohort ?? null,
      site: p?.site ?? null,
      scenarioId,
      scenarioTitle: meta?.title ?? null,
      passMark: meta?.passMark ?? null,
      attempts: c.attempts,
      timeSpentSeconds: c.seconds,
      assessed: {
        attempts: c.assessed,
        scored: c.scored,
        first: orNull(c.first),
        last: orNull(c.last),
        best: orNull(c.best),
        firstAt: c.scored > 0 ? new Date(c.firstAt).toISOString() : null,
        lastAt: c.scored > 0 ? new Date(c.lastAt).toISOString() : null,
        progression: c.scored > 0 ? round1(c.best - c.first) : null,
      },
      practice: { attempts: c.practice, scored: c.practiceScored, best: orNull(c.practiceBest), last: orNull(c.practiceLast) },
      status,
    });
    let s = perScenario.get(c.scenario);
    if (!s) perScenario.set(c.scenario, (s = { trainees: 0, passed: 0, failed: 0, firsts: [], bests: [] }));
    s.trainees++;
    if (status === 'passed') s.passed++;
    if (status === 'failed') s.failed++;
    if (c.scored > 0) {
      s.firsts.push(c.first);
      s.bests.push(c.best);
    }
  }

  const scenarioStats: ScenarioStats[] = [...scenarios.entries()]
    .map(([index, acc]) => ({ id: d.scenarioIds[index]!, index, acc }))
    .sort((a, b) => d.scenarioRank[a.index]! - d.scenarioRank[b.index]!)
    .map(({ id, index, acc }) => {
      const meta = d.scenarios.get(id);
      const s = perScenario.get(index)!;
      return {
        scenarioId: id,
        title: meta?.title ?? null,
        passMark: meta?.passMark ?? null,
        trainees: s.trainees,
        attempts: acc.attempts,
        assessedScored: acc.scored,
        practiceAttempts: acc.practice,
        passed: s.passed,
        failed: s.failed,
        meanFirst: mean(s.firsts),
        meanBest: mean(s.bests),
        distribution: acc.buckets.map((count, i) => ({ from: i * bucketSize, to: Math.min(100, (i + 1) * bucketSize), count })),
        ...acc.losses.result(),
      };
    });

  return {
    rows,
    scenarios: scenarioStats,
    totals: { trainees: trainees.size, ...totals, ...losses.result() },
    // Shared with the index, which never changes: a copy per query would only cost time.
    options: d.options,
  };
}

/** The dashboard for one selection, indexing the input first (prepare once and query when the data has not changed). */
export function buildDashboard(input: DashboardInput, filter: ReportFilter = {}, options: DashboardOptions = {}): Dashboard {
  return queryDashboard(prepareDashboard(input), filter, options);
}
