// The store: one writer for everything a workstation keeps. Each attempt is its own small file
// (a decision rewrites only that file, whatever the history), with summary indexes by month
// touched only when an attempt starts or ends; profiles and settings are small documents.
import { randomUUID } from 'node:crypto';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import type { z } from 'zod';
import { JsonDocument, type DocumentSpec, type StoreNotice } from './document';
import { lockDataDir, type DataDirLock } from './lock';
import { readFileIfExists, writeFileAtomic } from './atomicFile';
import {
  AttemptDocSchema, IndexDocSchema, ProfilesDocSchema, SettingsSchema, STORE_VERSION,
  type Attempt, type AttemptSummary, type IndexDoc, type Profile, type Settings,
} from './schema';
import type { DecisionLogEntry } from '../../scenarios/engine/rules';

const spec = <T>(name: string, schema: z.ZodType<T>, backups: number): DocumentSpec<T> => ({ name, schemaVersion: STORE_VERSION, schema, backups });

const PROFILES = spec('profiles', ProfilesDocSchema, 5);
const SETTINGS = spec('settings', SettingsSchema, 3);
const INDEX = spec('index', IndexDocSchema, 3);
const ATTEMPT = spec('attempt', AttemptDocSchema, 1);

export const summarise = (a: Attempt): AttemptSummary => {
  const { log, ...rest } = a;
  return { ...rest, decisions: log.decisions.length };
};

const monthOf = (iso: string) => iso.slice(0, 7);

export interface StoreOptions {
  readonly dataDir: string;
  readonly now?: () => Date;
}

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

export class Store {
  readonly notices: StoreNotice[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private readonly attempts = new Map<string, Low<{ attempt: Attempt }>>();
  private readonly monthDocs = new Map<string, Low<IndexDoc>>();

  private constructor(
    readonly dataDir: string,
    private readonly lock: DataDirLock,
    private readonly now: () => Date,
    private readonly profiles: Low<{ profiles: Profile[] }>,
    private readonly settings: Low<Settings>,
    private readonly inProgress: Low<IndexDoc>,
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
      await Promise.all([profiles.read(), settings.read(), inProgress.read()]);
      const store = new Store(options.dataDir, lock, now, profiles, settings, inProgress);
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

  private attemptDoc(id: string): Low<{ attempt: Attempt }> {
    let low = this.attempts.get(id);
    if (!low) {
      const path = join(this.dataDir, 'attempts', id.slice(0, 2), `${id}.json`);
      low = new Low(new JsonDocument(path, ATTEMPT, (n) => this.notices.push(n), this.now), { attempt: undefined as unknown as Attempt });
      this.attempts.set(id, low);
    }
    return low;
  }

  private async month(month: string): Promise<Low<IndexDoc>> {
    let low = this.monthDocs.get(month);
    if (!low) {
      low = new Low(new JsonDocument(join(this.dataDir, 'index', `${month}.json`), INDEX, (n) => this.notices.push(n), this.now), { attempts: {} });
      await low.read();
      this.monthDocs.set(month, low);
    }
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
      const next = { profiles: [...this.profiles.data.profiles, profile] };
      await this.profiles.adapter.write(next);
      this.profiles.data = next;
      return profile;
    });
  }

  getSettings(): Settings {
    return this.settings.data;
  }

  updateSettings(patch: { [K in keyof Settings]?: Settings[K] | undefined }): Promise<Settings> {
    return this.enqueue(async () => {
      const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      const next = SettingsSchema.parse({ ...this.settings.data, ...defined });
      await this.settings.adapter.write(next);
      this.settings.data = next;
      return next;
    });
  }

  // --- Scenario versions, kept by content hash so an old attempt can always be re-scored ---

  saveScenarioVersion(contentHash: string, text: string): Promise<void> {
    return this.enqueue(async () => {
      const path = join(this.dataDir, 'scenarios', `${contentHash}.json`);
      if ((await readFileIfExists(path)) === undefined) await writeFileAtomic(path, text);
    });
  }

  async loadScenarioVersion(contentHash: string): Promise<string | undefined> {
    if (!/^[0-9a-f]{64}$/.test(contentHash)) return undefined;
    return (await readFileIfExists(join(this.dataDir, 'scenarios', `${contentHash}.json`)))?.toString('utf8');
  }

  // --- Attempts ---

  async getAttempt(id: string): Promise<Attempt | undefined> {
    if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
    const low = this.attemptDoc(id);
    if (!low.data.attempt) {
      await low.read();
      if (!low.data.attempt) {
        this.attempts.delete(id);
        return undefined;
      }
    }
    return low.data.attempt;
  }

  listInProgress(profileId?: string): AttemptSummary[] {
    return Object.values(this.inProgress.data.attempts).filter((a) => profileId === undefined || a.profileId === profileId);
  }

  /** One profile's attempts, from its own small index (history and the start screen read only this). */
  async listProfileAttempts(profileId: string): Promise<AttemptSummary[]> {
    if (!/^[0-9a-f-]{36}$/.test(profileId)) return [];
    const doc = await this.profileIndex(profileId);
    return Object.values(doc.data.attempts).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }

  private async profileIndex(profileId: string): Promise<Low<IndexDoc>> {
    const low = new Low(new JsonDocument(join(this.dataDir, 'index', 'profiles', `${profileId}.json`), INDEX, (n) => this.notices.push(n), this.now), { attempts: {} });
    await low.read();
    return low;
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

  /** Waits for every queued write, then releases the data directory. */
  async close(): Promise<void> {
    await this.queue;
    await this.lock.release();
  }
}
