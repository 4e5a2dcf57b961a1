// HR's dashboard as one pure pass over the attempt summaries: trainee × scenario (first, last and
// best assessed scores, practice apart), score distributions, where points are lost, filter menus.
import { z } from 'zod';
import { PHASES, type Phase } from '../../scenarios/format/schema';
import { LocalizedTextSchema } from '../../scenarios/format/text';
import type { AttemptResult, AttemptSummary, Profile } from '../store/schema';
import { compileFilter, type ReportFilter } from './filter';
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

// --- Accumulators ------------------------------------------------------------------------------

interface Cell {
  readonly profileId: string;
  readonly scenarioId: string;
  attempts: number;
  seconds: number;
  assessed: number;
  scored: number;
  firstAt: number;
  first: number | null;
  lastAt: number;
  last: number | null;
  best: number | null;
  passed: boolean;
  practice: number;
  practiceScored: number;
  practiceBest: number | null;
  practiceLastAt: number;
  practiceLast: number | null;
}

class Losses {
  readonly sums = PHASES.map(() => ({ decisions: 0, empathyLost: 0, proactivityLost: 0 }));
  without = 0;
  add(phases: AttemptResult['phases']): void {
    if (!phases) {
      this.without++;
      return;
    }
    PHASES.forEach((phase, i) => {
      const f = phases[phase];
      if (!f) return;
      const s = this.sums[i]!;
      s.decisions += f.decisions;
      s.empathyLost += f.empathyLost;
      s.proactivityLost += f.proactivityLost;
    });
  }
  result(): z.infer<typeof LossesSchema> {
    const phases = PHASES.map((phase, i): PhaseLoss => {
      const s = this.sums[i]!;
      return { phase, decisions: s.decisions, empathyLost: round1(s.empathyLost), proactivityLost: round1(s.proactivityLost), pointsLost: round1(s.empathyLost + s.proactivityLost) };
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
  buckets: number[];
  losses: Losses;
}

const round1 = (v: number) => Math.round(v * 10) / 10;
const mean = (values: readonly number[]) => (values.length === 0 ? null : round1(values.reduce((t, v) => t + v, 0) / values.length));
const byText = (a: string, b: string) => a.localeCompare(b, 'fr', { sensitivity: 'base' }) || (a < b ? -1 : a > b ? 1 : 0);

/** Builds the dashboard for one selection. Pure: same input, same answer. */
export function buildDashboard(input: DashboardInput, filter: ReportFilter = {}, options: DashboardOptions = {}): Dashboard {
  const bucketSize = options.bucketSize ?? 10;
  if (!(bucketSize > 0 && bucketSize <= 100)) throw new RangeError(`bucketSize must be in (0, 100], got ${bucketSize}`);
  const bucketCount = Math.ceil(100 / bucketSize);
  const matcher = compileFilter(filter);
  const profiles = new Map(input.profiles.map((p) => [p.id, p]));
  const metas = new Map(input.scenarios.map((s) => [s.id, s]));
  const cells = new Map<string, Cell>();
  const scenarios = new Map<string, ScenarioAcc>();
  const allScenarioIds = new Set(metas.keys());
  const totals = { attempts: 0, assessed: 0, assessedScored: 0, practice: 0, timeSpentSeconds: 0 };
  const losses = new Losses();

  for (const a of input.attempts) {
    allScenarioIds.add(a.scenarioId);
    const profile = profiles.get(a.profileId);
    if (!matcher.matches(a, profile)) continue;
    const key = `${a.profileId}\u0000${a.scenarioId}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = {
        profileId: a.profileId, scenarioId: a.scenarioId, attempts: 0, seconds: 0, assessed: 0, scored: 0, firstAt: Infinity, first: null, lastAt: -Infinity, last: null, best: null, passed: false,
        practice: 0, practiceScored: 0, practiceBest: null, practiceLastAt: -Infinity, practiceLast: null,
      };
      cells.set(key, cell);
    }
    let sc = scenarios.get(a.scenarioId);
    if (!sc) scenarios.set(a.scenarioId, (sc = { attempts: 0, scored: 0, practice: 0, buckets: new Array<number>(bucketCount).fill(0), losses: new Losses() }));
    const start = Date.parse(a.startedAt);
    const seconds = Math.max(0, Math.round((Date.parse(a.finishedAt ?? a.updatedAt) - start) / 1000));
    cell.attempts++;
    cell.seconds += seconds;
    sc.attempts++;
    totals.attempts++;
    totals.timeSpentSeconds += seconds;
    // Only finished attempts carry a result; an abandoned or unfinished one counts as an attempt, not a score.
    const overall = a.status === 'finished' && a.result ? a.result.overall : undefined;
    if (a.kind === 'practice') {
      cell.practice++;
      sc.practice++;
      totals.practice++;
      if (overall === undefined) continue;
      cell.practiceScored++;
      if (cell.practiceBest === null || overall > cell.practiceBest) cell.practiceBest = overall;
      if (start >= cell.practiceLastAt) {
        cell.practiceLastAt = start;
        cell.practiceLast = overall;
      }
      continue;
    }
    cell.assessed++;
    totals.assessed++;
    if (overall === undefined) continue;
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
    if (cell.best === null || overall > cell.best) cell.best = overall;
    if (a.result!.passed) cell.passed = true;
    sc.buckets[Math.min(bucketCount - 1, Math.max(0, Math.floor(overall / bucketSize)))]!++;
    sc.losses.add(a.result!.phases);
    losses.add(a.result!.phases);
  }

  const rows: DashboardRow[] = [];
  const perScenario = new Map<string, { trainees: number; passed: number; failed: number; firsts: number[]; bests: number[] }>();
  for (const c of cells.values()) {
    const p = profiles.get(c.profileId);
    const meta = metas.get(c.scenarioId);
    const status = c.scored === 0 ? 'not-assessed' : c.passed ? 'passed' : 'failed';
    rows.push({
      traineeId: c.profileId,
      displayName: p?.displayName ?? null,
      employeeId: p?.employeeId ?? null,
      cohort: p?.cohort ?? null,
      site: p?.site ?? null,
      scenarioId: c.scenarioId,
      scenarioTitle: meta?.title ?? null,
      passMark: meta?.passMark ?? null,
      attempts: c.attempts,
      timeSpentSeconds: c.seconds,
      assessed: {
        attempts: c.assessed,
        scored: c.scored,
        first: c.first,
        last: c.last,
        best: c.best,
        firstAt: c.scored > 0 ? new Date(c.firstAt).toISOString() : null,
        lastAt: c.scored > 0 ? new Date(c.lastAt).toISOString() : null,
        progression: c.best !== null && c.first !== null ? round1(c.best - c.first) : null,
      },
      practice: { attempts: c.practice, scored: c.practiceScored, best: c.practiceBest, last: c.practiceLast },
      status,
    });
    let s = perScenario.get(c.scenarioId);
    if (!s) perScenario.set(c.scenarioId, (s = { trainees: 0, passed: 0, failed: 0, firsts: [], bests: [] }));
    s.trainees++;
    if (status === 'passed') s.passed++;
    if (status === 'failed') s.failed++;
    if (c.first !== null) s.firsts.push(c.first);
    if (c.best !== null) s.bests.push(c.best);
  }
  rows.sort((a, b) => byText(a.displayName ?? '', b.displayName ?? '') || byText(a.traineeId, b.traineeId) || byText(a.scenarioId, b.scenarioId));

  const scenarioStats: ScenarioStats[] = [...scenarios.entries()]
    .sort(([a], [b]) => byText(a, b))
    .map(([id, acc]) => {
      const meta = metas.get(id);
      const s = perScenario.get(id)!;
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

  const distinct = (values: Iterable<string | undefined>) => [...new Set([...values].filter((v): v is string => v !== undefined))].sort(byText);
  return {
    rows,
    scenarios: scenarioStats,
    totals: { trainees: new Set([...cells.values()].map((c) => c.profileId)).size, ...totals, ...losses.result() },
    options: {
      cohorts: distinct(input.profiles.map((p) => p.cohort)),
      sites: distinct(input.profiles.map((p) => p.site)),
      scenarios: [...allScenarioIds].sort(byText).map((id) => ({ id, title: metas.get(id)?.title ?? null })),
      trainees: [...input.profiles]
        .sort((a, b) => byText(a.displayName, b.displayName) || byText(a.id, b.id))
        .map((p) => ({ id: p.id, displayName: p.displayName, employeeId: p.employeeId ?? null, cohort: p.cohort ?? null, site: p.site ?? null })),
    },
  };
}
