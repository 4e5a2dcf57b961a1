// The store: one writer for everything a workstation keeps. Each attempt is its own small file
// (a decision rewrites only that file, whatever the history), with summary indexes by month
// touched only when an attempt starts or ends; profiles and settings are small documents.
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Low } from 'lowdb';
import type { z } from 'zod';
import {
  JsonDocument, quarantinedIn, removeDocuments, scrubBackups,
  type DocumentSpec, type Migration, type StoreNotice,
} from './document';
import { lockDataDir, type DataDirLock } from './lock';
import { createAtomicWriter, readFileIfExists, writeFileAtomic } from './atomicFile';
import { BUNDLE_FORMAT, BUNDLE_VERSION, BundleError, encodeRecord, envelopeRecord, readBundle, type BundleCounts, type BundleHeader } from './bundle';
import {
  AttemptDocSchema, IndexDocSchema, LedgerDocSchema, ProfilesDocSchema, SettingsSchema, WorkstationSchema,
  type Attempt, type AttemptSummary, type IndexDoc, type LedgerDoc, type Profile, type Settings, type Workstation,
} from './schema';
import type { DecisionLogEntry } from '../../scenarios/engine/rules';

/**
 * A document's spec; its version is 1 + the number of migrations, so a version cannot be raised
 * without the function that upgrades the previous one. migrations[i] turns version i + 1 into i + 2.
 */
export const spec = <T>(name: string, schema: z.ZodType<T>, backups: number, migrations: readonly Migration[] = []): DocumentSpec<T> => ({
  name, schemaVersion: 1 + migrations.length, schema, backups, migrations,
});

/** Every document the store keeps, with its migrations: add a migration here when a schema changes. */
export const DOCUMENTS = {
  profiles: spec('profiles', ProfilesDocSchema, 5),
  settings: spec('settings', SettingsSchema, 3),
  index: spec('index', IndexDocSchema, 3),
  attempt: spec('attempt', AttemptDocSchema, 1),
  workstation: spec('workstation', WorkstationSchema, 3),
  ledger: spec('ledger', LedgerDocSchema, 3),
};
const { profiles: PROFILES, settings: SETTINGS, index: INDEX, attempt: ATTEMPT, workstation: WORKSTATION, ledger: LEDGER } = DOCUMENTS;

export const summarise = (a: Attempt): AttemptSummary => {
  const { log, ...rest } = a;
  return { ...rest, decisions: log.decisions.length };
};

const monthOf = (iso: string) => iso.slice(0, 7);
const isUuidLike = (id: string) => /^[0-9a-f-]{36}$/.test(id);
/** Employee ids typed on several workstations: "e-12 " and "E-12" are the same person. */
const employeeKey = (id: string) => id.normalize('NFKC').trim().toLowerCase();

export interface StoreOptions {
  readonly dataDir: string;
  readonly now?: () => Date;
}

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** A request the store cannot honour as asked (e.g. merging a profile into itself). */
export class StoreRequestError extends Error {
  override readonly name = 'StoreRequestError';
  constructor(readonly code: 'same-profile' | 'invalid-range', message: string) {
    super(message);
  }
}

/** Inclusive bounds on the month an attempt started in ("YYYY-MM"); absent: unbounded. */
export interface MonthRange {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

/** Profiles that share an employee id: likely one trainee created on several workstations. */
export interface MergeProposal {
  readonly employeeId: string;
  /** Oldest first; merging the others into the first is the suggestion. */
  readonly profiles: readonly { readonly profile: Profile; readonly attempts: number }[];
}

export interface BundleExportReport {
  readonly path: string;
  readonly workstation: Workstation;
  readonly counts: BundleCounts;
  /** Attempts left out because their profile no longer exists (an interrupted erasure). */
  readonly skippedOrphans: number;
}

export interface BundleImportReport {
  readonly bundle: Pick<BundleHeader, 'bundleVersion' | 'workstation' | 'exportedAt'>;
  readonly profiles: { added: number; unchanged: number; alreadyMerged: number; erased: number };
  readonly attempts: { added: number; replaced: number; unchanged: number; erased: number };
  readonly scenarios: { added: number; unchanged: number };
  /** Profiles of this bundle sharing an employee id with another: merge only after HR confirms. */
  readonly mergeProposals: readonly MergeProposal[];
}

export interface MergeReport {
  readonly kept: Profile;
  readonly mergedProfileId: string;
  readonly attemptIds: readonly string[];
}

export interface ErasureReport {
  readonly profileId: string;
  /** Absent when the profile was already gone (an erasure run again to finish an interrupted one). */
  readonly profile?: Profile;
  /** Every attempt erased: the caller drops their queued xAPI statements too. */
  readonly attemptIds: readonly string[];
  /** Files deleted: attempts with their backups, quarantined and temp copies, emptied indexes. */
  readonly filesDeleted: number;
  /** Backups of shared documents (profiles, indexes) rewritten without the trainee. */
  readonly backupsScrubbed: number;
}

export interface PurgeReport {
  readonly retentionMonths: number | null;
  /** Attempts that ended before this instant were purged. */
  readonly cutoff: string | null;
  readonly finished: number;
  readonly abandoned: number;
  /** In-progress attempts older than the cutoff, kept: only an erasure removes them. */
  readonly keptInProgress: number;
  readonly attemptIds: readonly string[];
}

export interface PersonalDataExport {
  readonly path: string;
  readonly profile: Profile;
  readonly attempts: number;
}

const without = <V>(record: Record<string, V>, ids: ReadonlySet<string>): Record<string, V> => Object.fromEntries(Object.entries(record).filter(([id]) => !ids.has(id)));

async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
}

type AttemptRef = Pick<AttemptSummary, 'id' | 'startedAt' | 'profileId'>;

/** Which of two copies of one attempt to keep: finished beats unfinished, then the longer log,
 *  then abandoned over in progress (the later event), then the later update. */
const rank = (a: Pick<AttemptSummary, 'status' | 'decisions' | 'updatedAt'>) => [a.status === 'finished' ? 1 : 0, a.decisions, a.status === 'abandoned' ? 1 : 0, Date.parse(a.updatedAt)];
export function beats(a: Pick<AttemptSummary, 'status' | 'decisions' | 'updatedAt'>, b: Pick<AttemptSummary, 'status' | 'decisions' | 'updatedAt'>): boolean {
  const ra = rank(a);
  const rb = rank(b);
  for (let i = 0; i < ra.length; i++) if (ra[i]! !== rb[i]!) return ra[i]! > rb[i]!;
  return false;
}

/** Attempts imported per write job, and the bytes of records at most: bounded memory, and trainees'
 *  decisions still get their turn between two jobs. */
const IMPORT_BATCH = 5000;
const IMPORT_BATCH_BYTES = 32 * 1024 * 1024;
const PURGE_BATCH = 2000;
/** Attempt files iterateAttempts reads ahead of its caller. */
const READ_AHEAD = 16;

export class Store {
  /** Restores and empty starts, at open and later (an attempt or month file restored when read).
   *  Cleared by acknowledgeNotices once the user has been told. */
  readonly notices: StoreNotice[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private readonly attempts = new Map<string, Low<{ attempt: Attempt }>>();
  private readonly monthDocs = new Map<string, Low<IndexDoc>>();
  private workstation: Workstation | undefined;

  private constructor(
    readonly dataDir: string,
    private readonly lock: DataDirLock,
    private readonly now: () => Date,
    private readonly profiles: Low<{ profiles: Profile[] }>,
    private readonly settings: Low<Settings>,
    private readonly inProgress: Low<IndexDoc>,
    private readonly ledger: Low<LedgerDoc>,
  ) {}

  static async open(options: StoreOptions): Promise<Store> {
    const now = options.now ?? (() => new Date());
    const lock = await lockDataDir(options.dataDir);
    try {
      const notices: StoreNotice[] = [];
      const doc = <T>(relative: string, s: DocumentSpec<T>, defaults: T) => new Low<T>(new JsonDocument(join(options.dataDir, relative), s, (n) => notices.push(n), now), defaults);
      const profiles = doc('profiles.json', PROFILES, { profiles: [] });
      const settings = doc('settings.json', SETTINGS, SettingsSchema.parse({}));
      const inProgress = doc(join('index', 'in-progress.json'), INDEX, { attempts: {} });
      const ledger = doc('ledger.json', LEDGER, { merged: {}, erased: {} });
      await Promise.all([profiles.read(), settings.read(), inProgress.read(), ledger.read()]);
      const store = new Store(options.dataDir, lock, now, profiles, settings, inProgress, ledger);
      store.notices.push(...notices);
      return store;
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  /** Runs writes one at a time, in order (one writer). */
  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private readonly notify = (n: StoreNotice) => {
    this.notices.push(n);
  };

  /**
   * Clears the notices the user has been shown: the first `count` (all by default), so that a
   * notice raised after the caller read the list stays until it too has been shown.
   */
  acknowledgeNotices(count: number = this.notices.length): void {
    this.notices.splice(0, Math.max(0, Math.min(count, this.notices.length)));
  }

  private attemptPath(id: string) {
    return join(this.dataDir, 'attempts', id.slice(0, 2), `${id}.json`);
  }

  private monthPath(month: string) {
    return join(this.dataDir, 'index', `${month}.json`);
  }

  private profileIndexPath(profileId: string) {
    return join(this.dataDir, 'index', 'profiles', `${profileId}.json`);
  }

  private attemptDoc(id: string): Low<{ attempt: Attempt }> {
    let low = this.attempts.get(id);
    if (!low) {
      low = new Low(new JsonDocument(this.attemptPath(id), ATTEMPT, this.notify, this.now), { attempt: undefined as unknown as Attempt });
      this.attempts.set(id, low);
    }
    return low;
  }

  private async month(month: string): Promise<Low<IndexDoc>> {
    let low = this.monthDocs.get(month);
    if (!low) {
      low = new Low(new JsonDocument(this.monthPath(month), INDEX, this.notify, this.now), { attempts: {} });
      await low.read();
      this.monthDocs.set(month, low);
    }
    return low;
  }

  /** A month's index as the store holds it, without keeping it in memory afterwards if it was not. */
  private async monthIndex(month: string): Promise<Low<IndexDoc>> {
    return this.monthDocs.get(month) ?? this.readIndex(this.monthPath(month));
  }

  private async readIndex(path: string): Promise<Low<IndexDoc>> {
    const low = new Low(new JsonDocument(path, INDEX, this.notify, this.now), { attempts: {} });
    await low.read();
    return low;
  }

  // --- Profiles and settings ---

  listProfiles(): readonly Profile[] {
    return this.profiles.data.profiles;
  }

  createProfile(input: { displayName: string; employeeId?: string | undefined; cohort?: string | undefined; site?: string | undefined }): Promise<Profile> {
    return this.enqueue(async () => {
      const profile: Profile = {
        id: randomUUID(),
        displayName: input.displayName.trim(),
        ...(input.employeeId ? { employeeId: input.employeeId.trim() } : {}),
        ...(input.cohort ? { cohort: input.cohort.trim() } : {}),
        ...(input.site ? { site: input.site.trim() } : {}),
        createdAt: this.now().toISOString(),
      };
      await this.saveProfiles([...this.profiles.data.profiles, profile]);
      return profile;
    });
  }

  private async saveProfiles(profiles: Profile[]): Promise<void> {
    const next = { profiles };
    await this.profiles.adapter.write(next);
    this.profiles.data = next;
  }

  getSettings(): Settings {
    return this.settings.data;
  }

  /** Undefined leaves a setting as it is; `retentionMonths: null` removes the retention period. */
  updateSettings(patch: { [K in keyof Settings]?: Settings[K] | undefined }): Promise<Settings> {
    return this.enqueue(async () => {
      const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      const next = SettingsSchema.parse({ ...this.settings.data, ...defined });
      await this.settings.adapter.write(next);
      this.settings.data = next;
      return next;
    });
  }

  /** This workstation's id and name (created on first use, the name from the host's). */
  getWorkstation(): Promise<Workstation> {
    return this.enqueue(() => this.loadWorkstation());
  }

  renameWorkstation(name: string): Promise<Workstation> {
    return this.enqueue(async () => {
      const next = WorkstationSchema.parse({ ...(await this.loadWorkstation()), name });
      await new JsonDocument(join(this.dataDir, 'workstation.json'), WORKSTATION, this.notify, this.now).write(next);
      this.workstation = next;
      return next;
    });
  }

  private async loadWorkstation(): Promise<Workstation> {
    if (this.workstation) return this.workstation;
    const doc = new JsonDocument(join(this.dataDir, 'workstation.json'), WORKSTATION, this.notify, this.now);
    let workstation = await doc.read();
    if (!workstation) {
      workstation = { id: randomUUID(), name: hostname().trim().slice(0, 80).trim() || 'Comptoir', createdAt: this.now().toISOString() };
      await doc.write(workstation);
    }
    this.workstation = workstation;
    return workstation;
  }

  // --- Scenario versions, kept by content hash so an old attempt can always be re-scored ---

  saveScenarioVersion(contentHash: string, text: string): Promise<void> {
    return this.enqueue(async () => {
      await this.keepScenarioVersion(contentHash, text);
    });
  }

  /** True when the version was not kept yet. */
  private async keepScenarioVersion(contentHash: string, text: string): Promise<boolean> {
    const path = join(this.dataDir, 'scenarios', `${contentHash}.json`);
    if ((await readFileIfExists(path)) !== undefined) return false;
    await writeFileAtomic(path, text);
    return true;
  }

  async loadScenarioVersion(contentHash: string): Promise<string | undefined> {
    if (!/^[0-9a-f]{64}$/.test(contentHash)) return undefined;
    return (await readFileIfExists(join(this.dataDir, 'scenarios', `${contentHash}.json`)))?.toString('utf8');
  }

  // --- Attempts ---

  /**
   * One attempt's full record. Only attempts in progress stay in memory: HR can read 100,000
   * ended ones in turn (iterateAttempts) without the store growing.
   */
  async getAttempt(id: string): Promise<Attempt | undefined> {
    if (!isUuidLike(id)) return undefined;
    const low = this.attemptDoc(id);
    if (!low.data.attempt) {
      await low.read();
      if (!low.data.attempt) {
        this.attempts.delete(id);
        return undefined;
      }
    }
    const attempt = low.data.attempt;
    if (attempt.status !== 'in-progress') this.attempts.delete(id);
    return attempt;
  }

  listInProgress(profileId?: string): AttemptSummary[] {
    return Object.values(this.inProgress.data.attempts).filter((a) => profileId === undefined || a.profileId === profileId);
  }

  /** One profile's attempts, from its own small index (history and the start screen read only this). */
  async listProfileAttempts(profileId: string): Promise<AttemptSummary[]> {
    if (!isUuidLike(profileId)) return [];
    const doc = await this.profileIndex(profileId);
    return Object.values(doc.data.attempts).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }

  private profileIndex(profileId: string): Promise<Low<IndexDoc>> {
    return this.readIndex(this.profileIndexPath(profileId));
  }

  async listMonth(month: string): Promise<AttemptSummary[]> {
    return Object.values((await this.month(month)).data.attempts);
  }

  async months(): Promise<string[]> {
    try {
      return (await readdir(join(this.dataDir, 'index'))).filter((f) => /^\d{4}-\d{2}\.json$/.test(f)).map((f) => f.slice(0, 7)).sort();
    } catch {
      return [];
    }
  }

  /**
   * Every attempt's summary (all profiles, in progress included), month by month in order of
   * start, reading one month index at a time: memory holds one month, whatever the history.
   */
  async *iterateSummaries(range: MonthRange = {}): AsyncGenerator<AttemptSummary> {
    for (const bound of [range.from, range.to]) {
      if (bound !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(bound)) throw new StoreRequestError('invalid-range', `${JSON.stringify(bound)} is not a month (YYYY-MM)`);
    }
    for (const month of await this.months()) {
      if ((range.from !== undefined && month < range.from) || (range.to !== undefined && month > range.to)) continue;
      // Read in the queue: a damaged index is repaired by one reader at a time, between writes.
      const summaries = await this.enqueue(async () => Object.values((await this.monthIndex(month)).data.attempts));
      summaries.sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id));
      yield* summaries;
    }
  }

  /**
   * Every attempt's full record, in iterateSummaries' order. A few files are read ahead (the disk
   * works while the caller does), so memory holds a handful of attempts, never the history.
   */
  async *iterateAttempts(range: MonthRange = {}): AsyncGenerator<Attempt> {
    const ahead: Promise<Attempt | undefined>[] = [];
    for await (const summary of this.iterateSummaries(range)) {
      const read = this.getAttempt(summary.id);
      // Handled now so that a caller who stops early leaves no unhandled rejection; awaited below.
      read.catch(() => undefined);
      ahead.push(read);
      if (ahead.length < READ_AHEAD) continue;
      const attempt = await ahead.shift()!;
      if (attempt) yield attempt;
    }
    for (const next of ahead) {
      const attempt = await next;
      if (attempt) yield attempt;
    }
  }

  /** Starts an attempt; `carried` decisions (a replay from a step) are already checked by the caller. */
  startAttempt(input: Pick<Attempt, 'profileId' | 'scenarioId' | 'scenarioVersion' | 'contentHash' | 'timerMode' | 'kind'>, carried: readonly DecisionLogEntry[] = []): Promise<Attempt> {
    return this.enqueue(async () => {
      if (!this.profiles.data.profiles.some((p) => p.id === input.profileId)) throw new NotFoundError(`profile ${input.profileId}`);
      const at = this.now().toISOString();
      const attempt: Attempt = { ...input, id: randomUUID(), status: 'in-progress', startedAt: at, updatedAt: at, log: { timerMode: input.timerMode, decisions: [...carried] } };
      await mkdir(join(this.dataDir, 'attempts', attempt.id.slice(0, 2)), { recursive: true });
      const low = this.attemptDoc(attempt.id);
      await low.adapter.write({ attempt });
      low.data = { attempt };
      await this.writeIndexes(attempt);
      return attempt;
    });
  }

  /**
   * Appends one decision (already checked by the engine) and, when it ends the attempt, its
   * result. Resolves once the attempt file is on disk: only then is the decision acknowledged.
   */
  appendDecision(id: string, entry: DecisionLogEntry, end?: Pick<Attempt, 'result'> & { status: 'finished' }): Promise<Attempt> {
    return this.enqueue(async () => {
      const current = await this.getAttempt(id);
      if (!current) throw new NotFoundError(`attempt ${id}`);
      const at = this.now().toISOString();
      const next: Attempt = {
        ...current,
        updatedAt: at,
        log: { ...current.log, decisions: [...current.log.decisions, entry] },
        ...(end ? { status: end.status, finishedAt: at, ...(end.result ? { result: end.result } : {}) } : {}),
      };
      const low = this.attemptDoc(id);
      await low.adapter.write({ attempt: next });
      low.data = { attempt: next };
      if (end) await this.writeIndexes(next);
      return next;
    });
  }

  abandonAttempt(id: string): Promise<Attempt> {
    return this.enqueue(async () => {
      const current = await this.getAttempt(id);
      if (!current) throw new NotFoundError(`attempt ${id}`);
      if (current.status !== 'in-progress') return current;
      const next: Attempt = { ...current, status: 'abandoned', updatedAt: this.now().toISOString() };
      const low = this.attemptDoc(id);
      await low.adapter.write({ attempt: next });
      low.data = { attempt: next };
      await this.writeIndexes(next);
      return next;
    });
  }

  /** The summary indexes: in progress, the attempt's month (for HR) and its profile (for history). */
  private async writeIndexes(attempt: Attempt): Promise<void> {
    const summary = summarise(attempt);
    const { [attempt.id]: _previous, ...others } = this.inProgress.data.attempts;
    const inProgress = attempt.status === 'in-progress' ? { ...others, [attempt.id]: summary } : others;
    await this.inProgress.adapter.write({ attempts: inProgress });
    this.inProgress.data = { attempts: inProgress };
    const month = await this.month(monthOf(attempt.startedAt));
    const attempts = { ...month.data.attempts, [attempt.id]: summary };
    await month.adapter.write({ attempts });
    month.data = { attempts };
    const profile = await this.profileIndex(attempt.profileId);
    await profile.adapter.write({ attempts: { ...profile.data.attempts, [attempt.id]: summary } });
    if (attempt.status !== 'in-progress') this.attempts.delete(attempt.id);
  }

  // --- Internals shared by import, merge, erasure and purge (all run inside the queue) ---

  /** Reads an attempt's file without keeping it in memory (the live copy when it is in progress here). */
  private async readAttemptFile(id: string): Promise<Attempt | undefined> {
    const live = this.attempts.get(id)?.data.attempt;
    if (live) return live;
    const data = await new JsonDocument(this.attemptPath(id), ATTEMPT, this.notify, this.now).read();
    return data?.attempt;
  }

  private async writeAttempt(attempt: Attempt): Promise<void> {
    const live = this.attempts.get(attempt.id);
    if (live) {
      await live.adapter.write({ attempt });
      live.data = { attempt };
      if (attempt.status !== 'in-progress') this.attempts.delete(attempt.id);
    } else {
      await new JsonDocument(this.attemptPath(attempt.id), ATTEMPT, this.notify, this.now).write({ attempt });
    }
  }

  /** Deletes attempts' files with every copy of them; returns the files deleted. */
  private async deleteAttemptFiles(ids: Iterable<string>): Promise<number> {
    const byDir = new Map<string, Set<string>>();
    for (const id of ids) {
      this.attempts.delete(id);
      const dir = join(this.dataDir, 'attempts', id.slice(0, 2));
      let names = byDir.get(dir);
      if (!names) byDir.set(dir, (names = new Set()));
      names.add(`${id}.json`);
    }
    let deleted = 0;
    for (const [dir, names] of byDir) deleted += await removeDocuments(dir, names);
    return deleted;
  }

  /**
   * Applies many summary changes with one write per index file touched. With `erase`, the
   * indexes' backups are rewritten without the removed attempts, and an index left empty is
   * deleted with its backups, so erased data does not linger in rolling copies.
   */
  private async applyIndexChanges(removed: readonly AttemptRef[], put: readonly AttemptSummary[], erase = false): Promise<{ filesDeleted: number; backupsScrubbed: number }> {
    type Group = { readonly path: string; readonly month?: string; readonly removed: Set<string>; readonly put: AttemptSummary[] };
    const groups = new Map<string, Group>();
    const group = (path: string, month?: string) => {
      let g = groups.get(path);
      if (!g) groups.set(path, (g = { path, ...(month === undefined ? {} : { month }), removed: new Set(), put: [] }));
      return g;
    };
    const inProgressPath = join(this.dataDir, 'index', 'in-progress.json');
    const live = group(inProgressPath);
    for (const r of removed) {
      group(this.monthPath(monthOf(r.startedAt)), monthOf(r.startedAt)).removed.add(r.id);
      group(this.profileIndexPath(r.profileId)).removed.add(r.id);
      live.removed.add(r.id);
    }
    for (const s of put) {
      group(this.monthPath(monthOf(s.startedAt)), monthOf(s.startedAt)).put.push(s);
      group(this.profileIndexPath(s.profileId)).put.push(s);
      if (s.status === 'in-progress') live.put.push(s);
      else live.removed.add(s.id);
    }
    let filesDeleted = 0;
    let backupsScrubbed = 0;
    // Each group is its own file: several are written at once, as each waits on its fsync.
    await inParallel([...groups.values()], 8, async (g) => {
      const low = g.path === inProgressPath ? this.inProgress : g.month !== undefined ? await this.monthIndex(g.month) : await this.readIndex(g.path);
      const hadRemoved = [...g.removed].some((id) => id in low.data.attempts);
      if (!hadRemoved && g.put.length === 0) return;
      const attempts = without(low.data.attempts, g.removed);
      for (const s of g.put) attempts[s.id] = s;
      if (erase && g.path !== inProgressPath && Object.keys(attempts).length === 0) {
        if (g.month !== undefined) this.monthDocs.delete(g.month);
        filesDeleted += await removeDocuments(dirname(g.path), new Set([basename(g.path)]));
        return;
      }
      await low.adapter.write({ attempts });
      low.data = { attempts };
      if (erase && hadRemoved) {
        const gone = [...g.removed];
        backupsScrubbed += await scrubBackups(g.path, INDEX, (doc) => (gone.some((id) => id in doc.attempts) ? { attempts: without(doc.attempts, g.removed) } : undefined), gone);
      }
    });
    return { filesDeleted, backupsScrubbed };
  }

  /** Follows merges recorded in the ledger to the profile an id now stands for. */
  private resolveProfile(id: string): { id: string; erased: boolean } {
    const { merged, erased } = this.ledger.data;
    let current = id;
    const seen = new Set<string>();
    while (merged[current] !== undefined && !seen.has(current)) {
      seen.add(current);
      current = merged[current]!;
    }
    return { id: current, erased: erased[id] !== undefined || erased[current] !== undefined };
  }

  private async saveLedger(next: LedgerDoc): Promise<void> {
    await this.ledger.adapter.write(next);
    this.ledger.data = next;
  }

  /**
   * Every attempt of a profile, found by every route: its month summaries, the in-progress index,
   * its own index, and attempt files no index lists (a crash between a file and its indexes).
   * Thorough rather than fast: it serves merges and erasures, which must not leave one behind.
   */
  private async attemptsOfProfile(profileId: string): Promise<Map<string, AttemptSummary>> {
    const found = new Map<string, AttemptSummary>();
    const indexed = new Set<string>();
    const take = (attempts: Record<string, AttemptSummary>, all: boolean) => {
      for (const s of Object.values(attempts)) {
        indexed.add(s.id);
        if (all || s.profileId === profileId) found.set(s.id, s);
      }
    };
    for (const month of await this.months()) take((await this.monthIndex(month)).data.attempts, false);
    take(this.inProgress.data.attempts, false);
    take((await this.profileIndex(profileId)).data.attempts, true);
    const root = join(this.dataDir, 'attempts');
    let dirs: string[] = [];
    try {
      dirs = await readdir(root);
    } catch {
      // No attempt stored yet.
    }
    for (const dir of dirs) {
      let files: string[] = [];
      try {
        files = await readdir(join(root, dir));
      } catch {
        continue;
      }
      for (const file of files) {
        const id = /^([0-9a-f-]{36})\.json$/.exec(file)?.[1];
        if (id === undefined || indexed.has(id)) continue;
        const attempt = await this.readAttemptFile(id);
        if (attempt?.profileId === profileId) found.set(id, summarise(attempt));
      }
    }
    for (const [id, s] of found) {
      // A summary can lag its file (in progress, or a merge cut short): the file has the last word.
      if (s.status === 'in-progress' || s.profileId !== profileId) {
        const attempt = await this.readAttemptFile(id);
        if (attempt) found.set(id, summarise(attempt));
      }
    }
    return found;
  }

  // --- Merging profiles (HR confirms first) ---

  /** Profiles sharing an employee id, across the whole store (import reports the ones it concerns). */
  listMergeProposals(): Promise<MergeProposal[]> {
    return this.enqueue(() => this.mergeProposals());
  }

  private async mergeProposals(concerning?: ReadonlySet<string>): Promise<MergeProposal[]> {
    const groups = new Map<string, Profile[]>();
    for (const p of this.profiles.data.profiles) {
      if (p.employeeId === undefined) continue;
      const key = employeeKey(p.employeeId);
      groups.set(key, [...(groups.get(key) ?? []), p]);
    }
    const proposals: MergeProposal[] = [];
    for (const members of groups.values()) {
      if (members.length < 2 || (concerning && !members.some((p) => concerning.has(p.id)))) continue;
      members.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
      const profiles = await Promise.all(members.map(async (profile) => ({ profile, attempts: Object.keys((await this.profileIndex(profile.id)).data.attempts).length })));
      proposals.push({ employeeId: members[0]!.employeeId!, profiles });
    }
    return proposals.sort((a, b) => a.employeeId.localeCompare(b.employeeId));
  }

  /**
   * Merges `mergeId` into `keepId` once HR has confirmed they are one trainee: every attempt is
   * re-pointed to the kept profile, indexes updated, the merged profile removed and recorded in
   * the ledger (so a later import of an old bundle maps it to the kept one). The kept profile's
   * fields win; the ones it lacks (employee id, cohort, site) are taken from the merged one.
   * Interrupted by a crash, running it again finishes it.
   */
  mergeProfiles(keepId: string, mergeId: string): Promise<MergeReport> {
    return this.enqueue(async () => {
      if (keepId === mergeId) throw new StoreRequestError('same-profile', `cannot merge profile ${keepId} into itself`);
      const keep = this.profiles.data.profiles.find((p) => p.id === keepId);
      const merged = this.profiles.data.profiles.find((p) => p.id === mergeId);
      if (!keep) throw new NotFoundError(`profile ${keepId}`);
      if (!merged) throw new NotFoundError(`profile ${mergeId}`);
      const found = await this.attemptsOfProfile(mergeId);
      const removed: AttemptRef[] = [];
      const put: AttemptSummary[] = [];
      for (const id of found.keys()) {
        const attempt = await this.readAttemptFile(id);
        if (!attempt) continue;
        const next = attempt.profileId === keepId ? attempt : { ...attempt, profileId: keepId };
        if (next !== attempt) await this.writeAttempt(next);
        removed.push({ id, startedAt: attempt.startedAt, profileId: mergeId });
        put.push(summarise(next));
      }
      await this.applyIndexChanges(removed, put);
      await this.saveLedger({ ...this.ledger.data, merged: { ...this.ledger.data.merged, [mergeId]: keepId } });
      const kept: Profile = {
        ...(merged.employeeId === undefined ? {} : { employeeId: merged.employeeId }),
        ...(merged.cohort === undefined ? {} : { cohort: merged.cohort }),
        ...(merged.site === undefined ? {} : { site: merged.site }),
        ...keep,
      };
      await this.saveProfiles(this.profiles.data.profiles.filter((p) => p.id !== mergeId).map((p) => (p.id === keepId ? kept : p)));
      await removeDocuments(join(this.dataDir, 'index', 'profiles'), new Set([`${mergeId}.json`]));
      return { kept, mergedProfileId: mergeId, attemptIds: [...found.keys()] };
    });
  }

  // --- Bundles: gathering results from many workstations ---

  /**
   * Writes a bundle (bundle.ts, docs/PRIVACY.md) of every profile, the attempts started in `range` with their
   * logs, and the scenario versions they were played on, streamed: memory holds one attempt at a
   * time. The file appears at `path` whole, or not at all.
   */
  async exportBundle(path: string, range: MonthRange = {}): Promise<BundleExportReport> {
    const workstation = await this.getWorkstation();
    const profiles = [...this.listProfiles()];
    const ids = new Set(profiles.map((p) => p.id));
    const writer = await createAtomicWriter(path);
    try {
      const header: BundleHeader = {
        type: 'header', format: BUNDLE_FORMAT, bundleVersion: BUNDLE_VERSION,
        workstation: { id: workstation.id, name: workstation.name }, exportedAt: this.now().toISOString(),
        ...(range.from !== undefined || range.to !== undefined ? { range: { ...(range.from === undefined ? {} : { from: range.from }), ...(range.to === undefined ? {} : { to: range.to }) } } : {}),
      };
      await writer.write(encodeRecord(header));
      await writer.write(envelopeRecord('profiles', { profiles }, PROFILES));
      const hashes = new Set<string>();
      let attempts = 0;
      let skippedOrphans = 0;
      for await (const attempt of this.iterateAttempts(range)) {
        if (!ids.has(attempt.profileId)) {
          skippedOrphans++;
          continue;
        }
        await writer.write(envelopeRecord('attempt', { attempt }, ATTEMPT));
        hashes.add(attempt.contentHash);
        attempts++;
      }
      let scenarios = 0;
      for (const contentHash of [...hashes].sort()) {
        const text = await this.loadScenarioVersion(contentHash);
        if (text === undefined) continue;
        await writer.write(encodeRecord({ type: 'scenario', contentHash, text }));
        scenarios++;
      }
      const counts = { profiles: profiles.length, scenarios, attempts };
      await writer.write(encodeRecord({ type: 'end', counts }));
      await writer.commit();
      return { path, workstation, counts, skippedOrphans };
    } catch (error) {
      await writer.abort();
      throw error;
    }
  }

  /**
   * Imports a bundle, merged by UUID. The whole file is checked first (structure, versions,
   * schemas, hashes, counts): a newer or malformed bundle throws BundleError with nothing written.
   * Then profiles new here are added (one with an employee id already present is added too and
   * returned in mergeProposals, never merged silently), scenario versions kept, and each attempt
   * added or, when one copy is already here, the better copy kept (see `beats`). Importing the
   * same bundle again changes nothing. Profiles merged or erased here stay merged or erased.
   */
  async importBundle(path: string): Promise<BundleImportReport> {
    const knownProfile = (id: string) => {
      const resolved = this.resolveProfile(id);
      return resolved.erased || this.profiles.data.profiles.some((p) => p.id === resolved.id);
    };
    let checked: string | undefined;
    let header: BundleHeader | undefined;
    for await (const record of readBundle(path, { profilesSpec: PROFILES, attemptSpec: ATTEMPT, knownProfile, onDigest: (hex) => { checked = hex; } })) {
      if (record.type === 'header') header = record.header;
    }
    const report = {
      bundle: { bundleVersion: header!.bundleVersion, workstation: header!.workstation, exportedAt: header!.exportedAt },
      profiles: { added: 0, unchanged: 0, alreadyMerged: 0, erased: 0 },
      attempts: { added: 0, replaced: 0, unchanged: 0, erased: 0 },
      scenarios: { added: 0, unchanged: 0 },
      mergeProposals: [] as MergeProposal[],
    };
    const concerning = new Set<string>();
    let batch: Attempt[] = [];
    let bytes = 0;
    const flush = async () => {
      const work = batch;
      batch = [];
      bytes = 0;
      if (work.length > 0) await this.enqueue(() => this.importAttempts(work, report.attempts));
    };
    let read: string | undefined;
    for await (const record of readBundle(path, { profilesSpec: PROFILES, attemptSpec: ATTEMPT, knownProfile, onDigest: (hex) => { read = hex; } })) {
      switch (record.type) {
        case 'profiles':
          await this.enqueue(() => this.importProfiles(record.profiles, report.profiles, concerning));
          break;
        case 'scenario':
          if (await this.enqueue(() => this.keepScenarioVersion(record.contentHash, record.text))) report.scenarios.added++;
          else report.scenarios.unchanged++;
          break;
        case 'attempt':
          batch.push(record.attempt);
          bytes += record.bytes;
          if (batch.length >= IMPORT_BATCH || bytes >= IMPORT_BATCH_BYTES) await flush();
          break;
        case 'end':
          await flush();
          break;
        case 'header':
          break;
      }
    }
    if (read !== checked) throw new BundleError('changed-during-import', 'the bundle file changed while it was imported: import it again');
    report.mergeProposals = await this.enqueue(() => this.mergeProposals(concerning));
    return report;
  }

  private async importProfiles(incoming: readonly Profile[], counts: BundleImportReport['profiles'], concerning: Set<string>): Promise<void> {
    const here = new Set(this.profiles.data.profiles.map((p) => p.id));
    const added: Profile[] = [];
    for (const profile of incoming) {
      const resolved = this.resolveProfile(profile.id);
      if (resolved.erased) counts.erased++;
      else if (resolved.id !== profile.id) counts.alreadyMerged++;
      else if (here.has(profile.id)) counts.unchanged++;
      else {
        added.push(profile);
        counts.added++;
      }
      if (!resolved.erased) concerning.add(resolved.id);
    }
    if (added.length > 0) await this.saveProfiles([...this.profiles.data.profiles, ...added]);
  }

  private async importAttempts(batch: readonly Attempt[], counts: BundleImportReport['attempts']): Promise<void> {
    const months = new Map<string, Record<string, AttemptSummary>>();
    const removed: AttemptRef[] = [];
    const writes: Attempt[] = [];
    for (const incoming of batch) {
      const resolved = this.resolveProfile(incoming.profileId);
      if (resolved.erased) {
        counts.erased++;
        continue;
      }
      const attempt = resolved.id === incoming.profileId ? incoming : { ...incoming, profileId: resolved.id };
      const month = monthOf(attempt.startedAt);
      let summaries = months.get(month);
      if (!summaries) months.set(month, (summaries = (await this.monthIndex(month)).data.attempts));
      let local = summaries[attempt.id];
      // An in-progress summary's count is from its start; an unindexed file may exist: ask the file.
      if (!local || local.status === 'in-progress') {
        const file = await this.readAttemptFile(attempt.id);
        local = file ? summarise(file) : local;
      }
      if (local && !beats(summarise(attempt), local)) {
        counts.unchanged++;
        continue;
      }
      if (local) counts.replaced++;
      else counts.added++;
      if (local && (monthOf(local.startedAt) !== month || local.profileId !== attempt.profileId)) removed.push(local);
      writes.push(attempt);
    }
    // Files first, indexes after: a crash between leaves files no index lists, which importing
    // the bundle again indexes (and erasure finds). Several at once, as each waits on its fsync.
    await inParallel(writes, 32, (attempt) => this.writeAttempt(attempt));
    await this.applyIndexChanges(removed, writes.map(summarise));
  }

  // --- Personal data (GDPR): export, erasure, retention ---

  /**
   * Writes everything held on one trainee to `path` as one JSON document: the profile, the ids
   * merged into it, and every attempt with its decision log and result (docs/PRIVACY.md).
   */
  async exportPersonalData(profileId: string, path: string): Promise<PersonalDataExport> {
    const profile = this.profiles.data.profiles.find((p) => p.id === profileId);
    if (!profile) throw new NotFoundError(`profile ${profileId}`);
    const workstation = await this.getWorkstation();
    const ids = [...(await this.enqueue(() => this.attemptsOfProfile(profileId))).values()]
      .sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id)).map((s) => s.id);
    const mergedProfileIds = Object.entries(this.ledger.data.merged).filter(([from]) => this.resolveProfile(from).id === profileId).map(([from]) => from).sort();
    const writer = await createAtomicWriter(path);
    try {
      const head = {
        format: 'comptoir-personal-data', version: 1, exportedAt: this.now().toISOString(),
        workstation: { id: workstation.id, name: workstation.name }, profile, mergedProfileIds,
      };
      await writer.write(`${JSON.stringify(head, null, 2).replace(/\n}$/, '')},\n  "attempts": [`);
      let attempts = 0;
      for (const id of ids) {
        const attempt = await this.getAttempt(id);
        if (!attempt) continue;
        await writer.write(`${attempts === 0 ? '' : ','}\n    ${JSON.stringify(attempt, null, 2).replace(/\n/g, '\n    ')}`);
        attempts++;
      }
      await writer.write(`${attempts === 0 ? '' : '\n  '}]\n}\n`);
      await writer.commit();
      return { path, profile, attempts };
    } catch (error) {
      await writer.abort();
      throw error;
    }
  }

  /**
   * Erases a trainee, irreversibly: every attempt (files, backups, quarantined and temp copies),
   * their index entries (and the indexes' backups), the profile's own index, the profile (and its
   * copies in profiles.json's backups), and quarantined copies of shared documents that mention
   * it. Only the profile's random id stays, in the ledger, so that no bundle brings it back.
   * Interrupted, running it again finishes it (the profile is removed last).
   */
  eraseProfile(profileId: string): Promise<ErasureReport> {
    return this.enqueue(async () => {
      const profile = this.profiles.data.profiles.find((p) => p.id === profileId);
      if (!profile && this.ledger.data.erased[profileId] === undefined) throw new NotFoundError(`profile ${profileId}`);
      const found = await this.attemptsOfProfile(profileId);
      let filesDeleted = await this.deleteAttemptFiles(found.keys());
      const changes = await this.applyIndexChanges([...found.values()], [], true);
      filesDeleted += changes.filesDeleted;
      let backupsScrubbed = changes.backupsScrubbed;
      const index = `${profileId}.json`;
      filesDeleted += await removeDocuments(join(this.dataDir, 'index', 'profiles'), new Set([index]));
      if (this.ledger.data.erased[profileId] === undefined) {
        await this.saveLedger({ ...this.ledger.data, erased: { ...this.ledger.data.erased, [profileId]: this.now().toISOString() } });
      }
      // As they appear in a JSON file: the id, the name, and the ids of the erased attempts.
      const needles = [profileId, ...(profile ? [JSON.stringify(profile.displayName).slice(1, -1)] : []), ...found.keys()];
      if (profile) await this.saveProfiles(this.profiles.data.profiles.filter((p) => p.id !== profileId));
      const profilesPath = join(this.dataDir, 'profiles.json');
      backupsScrubbed += await scrubBackups(profilesPath, PROFILES, (doc) => (doc.profiles.some((p) => p.id === profileId) ? { profiles: doc.profiles.filter((p) => p.id !== profileId) } : undefined), needles.slice(0, 2));
      for (const dir of [this.dataDir, join(this.dataDir, 'index'), join(this.dataDir, 'index', 'profiles')]) {
        for (const copy of await quarantinedIn(dir)) {
          const text = (await readFileIfExists(copy))?.toString('utf8') ?? '';
          if (needles.some((n) => text.includes(n))) {
            await unlink(copy).catch(() => undefined);
            filesDeleted++;
          }
        }
      }
      return { profileId, ...(profile ? { profile } : {}), attemptIds: [...found.keys()], filesDeleted, backupsScrubbed };
    });
  }

  /**
   * Purges attempts that ended (finished or abandoned) longer ago than the retention period in
   * Settings, with their files, backups and index entries; never an attempt in progress. With no
   * retention set, purges nothing. An attempt's age runs from its end (finishedAt, else updatedAt).
   */
  purgeExpired(): Promise<PurgeReport> {
    return this.enqueue(async () => {
      const months = this.settings.data.retentionMonths ?? null;
      if (months === null) return { retentionMonths: null, cutoff: null, finished: 0, abandoned: 0, keptInProgress: 0, attemptIds: [] };
      const at = this.now();
      const cutoffDate = new Date(at.getTime());
      cutoffDate.setUTCMonth(cutoffDate.getUTCMonth() - months);
      const cutoff = cutoffDate.toISOString();
      const report = { retentionMonths: months, cutoff, finished: 0, abandoned: 0, keptInProgress: 0, attemptIds: [] as string[] };
      let batch: AttemptSummary[] = [];
      const flush = async () => {
        await this.deleteAttemptFiles(batch.map((s) => s.id));
        await this.applyIndexChanges(batch, [], true);
        batch = [];
      };
      // An attempt ends after it starts: only months up to the cutoff's can hold expired ones.
      for (const month of await this.months()) {
        if (month > monthOf(cutoff)) break;
        for (const s of Object.values((await this.monthIndex(month)).data.attempts)) {
          if (Date.parse(s.finishedAt ?? s.updatedAt) >= cutoffDate.getTime()) continue;
          if (s.status === 'in-progress') {
            report.keptInProgress++;
            continue;
          }
          report[s.status]++;
          report.attemptIds.push(s.id);
          batch.push(s);
          if (batch.length >= PURGE_BATCH) await flush();
        }
      }
      if (batch.length > 0) await flush();
      return report;
    });
  }

  /** Waits for every queued write, then releases the data directory. */
  async close(): Promise<void> {
    await this.queue;
    await this.lock.release();
  }
}

