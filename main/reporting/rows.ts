// The rows of the HR exports, built from what the store keeps: one per attempt, per attempt ×
// phase, per attempt × decision; as re-iterable async streams, so 100,000 attempts never sit in memory.
import type { Store } from '../store/store';
import type { Attempt, AttemptResult, AttemptSummary, Profile } from '../store/schema';
import type { LibraryEntry } from '../library';
import { loadScenario } from '../../scenarios/format/parse';
import { PHASES, type Behaviour, type Outcome, type Phase, type Scenario, type TimerMode } from '../../scenarios/format/schema';
import { resolveText, type Lang } from '../../scenarios/format/text';
import { score } from '../../scenarios/engine/score';
import { resultOf } from '../attemptResult';
import { compileFilter, type ExportFilter } from './filter';
import { batchesOf, rowStream, type RowStream } from './batches';

export { scenarioMetaOf, type ScenarioMeta } from './meta';

export interface AttemptRow {
  readonly attemptId: string;
  readonly traineeId: string;
  readonly traineeName: string | null;
  readonly employeeId: string | null;
  readonly cohort: string | null;
  readonly site: string | null;
  readonly scenarioId: string;
  readonly scenarioTitle: string | null;
  readonly scenarioVersion: number;
  readonly kind: AttemptSummary['kind'];
  readonly status: AttemptSummary['status'];
  readonly timerMode: TimerMode;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
  readonly durationSeconds: number;
  readonly decisions: number;
  readonly overall: number | null;
  readonly empathy: number | null;
  readonly proactivity: number | null;
  readonly reliability: number | null;
  readonly outcome: Outcome | null;
  readonly walkOut: boolean | null;
  readonly customerValue: number | null;
  readonly passed: boolean | null;
}

export interface PhaseRow {
  readonly attemptId: string;
  readonly traineeName: string | null;
  readonly scenarioId: string;
  readonly phase: Phase;
  readonly decisions: number;
  readonly empathy: number | null;
  readonly proactivity: number | null;
  readonly empathyLost: number;
  readonly proactivityLost: number;
  readonly pointsLost: number;
}

export interface DecisionRow {
  readonly attemptId: string;
  readonly traineeName: string | null;
  readonly employeeId: string | null;
  readonly scenarioId: string;
  readonly scenarioVersion: number;
  /** 1-based position in the attempt's decision log. */
  readonly index: number;
  readonly stepId: string;
  readonly choiceId: string;
  /** The choice's text in the export language; for a timeout, a note that time ran out; null if the scenario version is missing. */
  readonly choiceText: string | null;
  readonly phase: Phase;
  readonly behaviour: Behaviour;
  readonly timedOut: boolean;
  readonly hesitationMs: number;
  readonly at: Date;
}

/** Where the rows come from: the store in the app, anything alike in tests and benches. */
export interface ReportingSource {
  profiles(): Promise<readonly Profile[]>;
  /**
   * Every attempt's summary in time order, month by month; months that `monthMayMatch` rules out
   * are skipped. A RowStream (as storeSource's) also hands them over a month at a time.
   */
  summaries(monthMayMatch?: (month: string) => boolean): AsyncIterable<AttemptSummary>;
  attempt(id: string): Promise<Attempt | undefined>;
  /** The scenario version an attempt was played on, by content hash. */
  scenarioVersion(contentHash: string): Promise<Scenario | undefined>;
  /** The library's current version of a scenario: its title stands in when a played version is missing. */
  currentScenario(id: string): Scenario | undefined;
}

/** The store as a reporting source; parsed scenario versions are kept (they are few). */
export function storeSource(store: Store, library: ReadonlyMap<string, LibraryEntry> = new Map()): ReportingSource {
  const versions = new Map<string, Scenario | undefined>();
  for (const entry of library.values()) versions.set(entry.contentHash, entry.scenario);
  return {
    profiles: async () => store.listProfiles(),
    summaries: (monthMayMatch = () => true) => rowStream(async function* () {
      for (const month of await store.months()) {
        if (!monthMayMatch(month)) continue;
        const list = await store.listMonth(month);
        // The index keeps insertion order; the export keeps time order, whatever the history.
        list.sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : a.id < b.id ? -1 : 1));
        yield list;
      }
    }),
    attempt: (id) => store.getAttempt(id),
    async scenarioVersion(contentHash) {
      if (!versions.has(contentHash)) {
        const text = await store.loadScenarioVersion(contentHash);
        versions.set(contentHash, text === undefined ? undefined : loadScenario(text, 'en').scenario);
      }
      return versions.get(contentHash);
    },
    currentScenario: (id) => library.get(id)?.scenario,
  };
}

/** Something the rows could not show whole, reported rather than hidden. */
export interface RowIssue {
  readonly attemptId: string;
  readonly code: 'scenario-version-missing' | 'attempt-missing' | 'log-invalid';
}

export interface RowOptions {
  readonly lang: Lang;
  readonly filter?: ExportFilter;
  readonly onIssue?: (issue: RowIssue) => void;
}


interface Selected {
  readonly summary: AttemptSummary;
  readonly profile: Profile | undefined;
}

/** The selected attempts, a batch per month (one await per month, not per attempt: it shows at 100,000). */
async function* selected(source: ReportingSource, filter: ExportFilter | undefined): AsyncGenerator<Selected[]> {
  const compiled = compileFilter(filter);
  const profiles = new Map((await source.profiles()).map((p) => [p.id, p]));
  for await (const batch of batchesOf(source.summaries((m) => compiled.monthMayMatch(m)))) {
    const kept: Selected[] = [];
    for (const summary of batch) {
      const profile = profiles.get(summary.profileId);
      if (compiled.matches(summary, profile)) kept.push({ summary, profile });
    }
    if (kept.length > 0) yield kept;
  }
}

/** Scenario titles by content hash, falling back to the library's current version, then to none. */
function titles(source: ReportingSource, lang: Lang) {
  const cache = new Map<string, string | null>();
  return {
    /** Loads the titles of a batch's versions not seen yet (a few per export). */
    async load(batch: readonly Selected[]): Promise<void> {
      for (const { summary: s } of batch) {
        if (cache.has(s.contentHash)) continue;
        const scenario = (await source.scenarioVersion(s.contentHash)) ?? source.currentScenario(s.scenarioId);
        cache.set(s.contentHash, scenario ? resolveText(scenario.title, lang, scenario.mainLanguage) : null);
      }
    },
    of: (s: AttemptSummary): string | null => cache.get(s.contentHash) ?? null,
  };
}

const seconds = (from: string, to: string) => Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));

/** Wall time of an attempt: to its end, or to its last saved decision when it has not ended. */
export const durationSeconds = (s: Pick<AttemptSummary, 'startedAt' | 'finishedAt' | 'updatedAt'>): number => seconds(s.startedAt, s.finishedAt ?? s.updatedAt);

export function attemptRows(source: ReportingSource, options: RowOptions): RowStream<AttemptRow> {
  return rowStream(async function* () {
    const title = titles(source, options.lang);
    for await (const batch of selected(source, options.filter)) {
      await title.load(batch);
      yield batch.map(({ summary: s, profile: p }): AttemptRow => {
        const r = s.result;
        return {
          attemptId: s.id,
          traineeId: s.profileId,
          traineeName: p?.displayName ?? null,
          employeeId: p?.employeeId ?? null,
          cohort: p?.cohort ?? null,
          site: p?.site ?? null,
          scenarioId: s.scenarioId,
          scenarioTitle: title.of(s),
          scenarioVersion: s.scenarioVersion,
          kind: s.kind,
          status: s.status,
          timerMode: s.timerMode,
          startedAt: new Date(s.startedAt),
          finishedAt: s.finishedAt === undefined ? null : new Date(s.finishedAt),
          durationSeconds: durationSeconds(s),
          decisions: s.decisions,
          overall: r?.overall ?? null,
          empathy: r?.empathy ?? null,
          proactivity: r?.proactivity ?? null,
          reliability: r?.reliability ?? null,
          outcome: r?.outcome ?? null,
          walkOut: r ? r.walkOut : null,
          customerValue: r?.customerValue ?? null,
          passed: r ? r.passed : null,
        };
      });
    }
  });
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/** Per-phase figures of an older result stored without them, recomputed from the log (as main scores). */
async function recomputePhases(source: ReportingSource, s: AttemptSummary, onIssue: RowOptions['onIssue']): Promise<AttemptResult['phases']> {
  const attempt = await source.attempt(s.id);
  if (!attempt) {
    onIssue?.({ attemptId: s.id, code: 'attempt-missing' });
    return undefined;
  }
  const scenario = await source.scenarioVersion(s.contentHash);
  if (!scenario) {
    onIssue?.({ attemptId: s.id, code: 'scenario-version-missing' });
    return undefined;
  }
  const report = score(scenario, attempt.log);
  if (report.status === 'invalid-log') {
    onIssue?.({ attemptId: s.id, code: 'log-invalid' });
    return undefined;
  }
  return resultOf(report).phases;
}

/** One row per phase that saw at least one decision, for attempts with a result (finished ones). */
export function phaseRows(source: ReportingSource, options: RowOptions): RowStream<PhaseRow> {
  return rowStream(async function* () {
    for await (const batch of selected(source, options.filter)) {
      const out: PhaseRow[] = [];
      for (const { summary: s, profile: p } of batch) {
        if (!s.result) continue;
        const phases = s.result.phases ?? (await recomputePhases(source, s, options.onIssue));
        if (!phases) continue;
        for (const phase of PHASES) {
          const f = phases[phase];
          if (!f || f.decisions === 0) continue;
          out.push({
            attemptId: s.id,
            traineeName: p?.displayName ?? null,
            scenarioId: s.scenarioId,
            phase,
            decisions: f.decisions,
            empathy: f.empathy,
            proactivity: f.proactivity,
            empathyLost: f.empathyLost,
            proactivityLost: f.proactivityLost,
            pointsLost: round1(f.empathyLost + f.proactivityLost),
          });
        }
      }
      if (out.length > 0) yield out;
    }
  });
}

const TIMED_OUT: Readonly<Record<Lang, string>> = { fr: '(temps écoulé, pas de réponse)', en: '(time ran out, no answer)' };

/** Choice texts of one scenario version in one language, by step and choice id. */
function choiceTexts(scenario: Scenario, lang: Lang): Map<string, string> {
  const texts = new Map<string, string>();
  for (const step of scenario.steps) {
    for (const c of step.choices) texts.set(`${step.id}\u0000${c.id}`, resolveText(c.text, lang, scenario.mainLanguage));
    if (step.timer) texts.set(`${step.id}\u0000${step.timer.timeout.id}`, TIMED_OUT[lang]);
  }
  return texts;
}

/** One row per decision of each selected attempt (reads every attempt's log: the slow export). */
export function decisionRows(source: ReportingSource, options: RowOptions): RowStream<DecisionRow> {
  return rowStream(async function* () {
    const texts = new Map<string, Map<string, string> | undefined>();
    for await (const batch of selected(source, options.filter)) for (const { summary: s, profile: p } of batch) {
      const attempt = await source.attempt(s.id);
      if (!attempt) {
        options.onIssue?.({ attemptId: s.id, code: 'attempt-missing' });
        continue;
      }
      if (!texts.has(s.contentHash)) {
        const scenario = await source.scenarioVersion(s.contentHash);
        texts.set(s.contentHash, scenario && choiceTexts(scenario, options.lang));
      }
      const known = texts.get(s.contentHash);
      if (!known && attempt.log.decisions.length > 0) options.onIssue?.({ attemptId: s.id, code: 'scenario-version-missing' });
      if (attempt.log.decisions.length === 0) continue;
      yield attempt.log.decisions.map((d, i): DecisionRow => ({
        attemptId: s.id,
        traineeName: p?.displayName ?? null,
        employeeId: p?.employeeId ?? null,
        scenarioId: s.scenarioId,
        scenarioVersion: s.scenarioVersion,
        index: i + 1,
        stepId: d.stepId,
        choiceId: d.choiceId,
        choiceText: known?.get(`${d.stepId}\u0000${d.choiceId}`) ?? (d.timedOut ? TIMED_OUT[options.lang] : null),
        phase: d.phase,
        behaviour: d.behaviour,
        timedOut: d.timedOut,
        hesitationMs: Math.round(d.hesitationMs),
        at: new Date(d.at),
      }));
    }
  });
}

/** How many rows each table would have for a selection, from the summaries alone (no log is read). */
export async function countRows(source: ReportingSource, filter?: ExportFilter): Promise<{ attempts: number; decisions: number }> {
  let attempts = 0;
  let decisions = 0;
  for await (const batch of selected(source, filter)) {
    for (const { summary } of batch) {
      attempts++;
      decisions += summary.decisions;
    }
  }
  return { attempts, decisions };
}
