// 3. Store: appending one decision (Store.appendDecision) and opening the store (Store.open)
// with 100, 10,000 and 100,000 stored attempts, the stores written straight in the on-disk
// format into os.tmpdir(); and the naive single-file lowdb store the issue compares with (every
// attempt in one JSON file, rewritten on each save by lowdb's own JSONFile adapter).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The naive store is the baseline the issue cites, so this bench (and only it) uses lowdb
// directly; Comptoir's own store is used through main/store, as everywhere else.
// eslint-disable-next-line no-restricted-imports
import { Low } from 'lowdb';
// eslint-disable-next-line no-restricted-imports
import { JSONFile } from 'lowdb/node';
import { Store } from '../../main/store/store';
import type { Attempt } from '../../main/store/schema';
import type { DecisionLogEntry } from '../../scenarios/engine/rules';
import { attemptsShaped, storeFixtureIn, type AttemptsShaped } from './generators';
import { collectGarbage, formatCount, formatMs, summarise, timeMs, type Summary } from './stats';
import { judge, type Bench, type BenchResult, type Measurement } from './types';

interface SizeResult {
  readonly size: number;
  readonly generateMs: number;
  readonly open: Summary;
  readonly append: Summary;
  readonly appendFinal: Summary;
  readonly firstFinal: number;
  readonly allMonths: number;
}

const entry = (n: number, at: number): DecisionLogEntry => ({
  stepId: `etape-${n}`, choiceId: `etape-${n}-a`, timedOut: false, phase: 'influence', behaviour: 'proactive', hesitationMs: 1200 + (n % 7) * 100, at,
});

const RESULT = { outcome: 'prescriber', walkOut: false, customerValue: 500, overall: 72.5, empathy: 70, proactivity: 75, reliability: 100, passed: true } as const;

/** One generated store on disk, opened, with the attempts in progress it appends to. */
class Subject {
  readonly opens: number[] = [];
  readonly appends: number[] = [];
  readonly finals: number[] = [];
  firstFinal = NaN;
  private store: Store | undefined;
  private readonly lengths = new Map<string, number>();
  private turn = 0;

  constructor(readonly size: number, readonly dataDir: string, readonly shaped: AttemptsShaped, readonly generateMs: number) {}

  private readonly now = () => this.shaped.now;

  /** Start-up: open (lock, profiles, settings, the in-progress index), then close (not timed). */
  async timeOpen(): Promise<number> {
    let store: Store | undefined;
    const ms = await timeMs(async () => { store = await Store.open({ dataDir: this.dataDir, now: this.now }); });
    await store!.close();
    return ms;
  }

  /** Opens the store for the appends, checks that it reads back as written, warms each attempt in progress up. */
  async open(): Promise<void> {
    const store = await Store.open({ dataDir: this.dataDir, now: this.now });
    this.store = store;
    // Otherwise the store would have quarantined a document, and we would time nothing real.
    if (store.notices.length > 0) throw new Error(`the generated store was not read cleanly: ${JSON.stringify(store.notices[0])}`);
    const live = this.shaped.inProgress;
    if (store.listInProgress().length !== live.length) throw new Error(`the generated store lists ${store.listInProgress().length} attempts in progress, not ${live.length}`);
    if (!(await store.getAttempt(this.shaped.attempts[Math.floor(this.size / 2)]!.id))) throw new Error('an attempt of the generated store does not read back');
    for (const id of live) this.lengths.set(id, (await store.getAttempt(id))!.log.decisions.length);
    for (const id of live) await this.append(id);
  }

  private async append(id: string): Promise<void> {
    const n = this.lengths.get(id)! + 1;
    this.lengths.set(id, n);
    await this.store!.appendDecision(id, entry(n, this.shaped.now.getTime() + n));
  }

  /** One decision in the middle of an attempt, round-robin over the attempts in progress. */
  async timeAppend(): Promise<void> {
    const live = this.shaped.inProgress;
    const id = live[this.turn++ % live.length]!;
    this.appends.push(await timeMs(() => this.append(id)));
  }

  /**
   * The final decision of each attempt in progress: it also rewrites the in-progress index and
   * the month's index (the first one reads that month's index first).
   */
  async timeFinals(): Promise<void> {
    for (const [i, id] of this.shaped.inProgress.entries()) {
      const n = this.lengths.get(id)! + 1;
      const ms = await timeMs(() => this.store!.appendDecision(id, entry(n, this.shaped.now.getTime() + n), { status: 'finished', result: RESULT }));
      if (i === 0) this.firstFinal = ms;
      else this.finals.push(ms);
    }
  }

  async close(): Promise<void> {
    await this.store?.close();
    this.store = undefined;
  }
}

/**
 * Every size's store is generated first; then the sizes take turns, sample by sample, so that
 * the machine's noise (other work, the disk's moods) falls on all of them alike.
 */
async function measureStores(subjects: readonly Subject[], quick: boolean): Promise<Omit<SizeResult, 'allMonths'>[]> {
  const opens = quick ? 8 : 25;
  for (let i = 0; i < opens + 2; i++) {
    for (const s of subjects) {
      const ms = await s.timeOpen();
      if (i >= 2) s.opens.push(ms);
    }
  }
  try {
    for (const s of subjects) await s.open();
    const count = quick ? 60 : 200;
    for (let i = 0; i < count; i++) {
      if (i % 20 === 0) collectGarbage();
      for (const s of subjects) await s.timeAppend();
    }
    for (const s of subjects) await s.timeFinals();
  } finally {
    for (const s of subjects) await s.close();
  }
  return subjects.map((s) => ({ size: s.size, generateMs: s.generateMs, open: summarise(s.opens), append: summarise(s.appends), appendFinal: summarise(s.finals), firstFinal: s.firstFinal }));
}

/** Opens the store afresh and reads every month's summary index (cold in the store, warm in the OS cache). */
async function readAllMonths(dataDir: string, now: () => Date): Promise<number> {
  const store = await Store.open({ dataDir, now });
  try {
    return await timeMs(async () => {
      let total = 0;
      for (const month of await store.months()) total += (await store.listMonth(month)).length;
      if (total === 0) throw new Error('no attempt in the month indexes');
    });
  } finally {
    await store.close();
  }
}

interface NaiveResult { readonly size: number; readonly save: Summary; readonly load: Summary | undefined; readonly fileBytes: number }

/** The naive store: one lowdb JSONFile holding every attempt, rewritten whole on each decision. */
async function measureNaive(attempts: readonly Attempt[], dir: string, counts: { saves: number; loads: number; warmUp: boolean }): Promise<NaiveResult> {
  const file = join(dir, `naive-${attempts.length}.json`);
  const db = new Low<{ attempts: Attempt[] }>(new JSONFile(file), { attempts: [] });
  // Its own copies of the attempts in progress, so the shared fixtures stay as generated.
  db.data = { attempts: attempts.map((a) => (a.status === 'in-progress' ? { ...a, log: { ...a.log, decisions: [...a.log.decisions] } } : a)) };
  const live = db.data.attempts.filter((a) => a.status === 'in-progress');
  if (counts.warmUp) await db.write(); // the first write creates the file
  const samples: number[] = [];
  for (let i = 0; i < counts.saves; i++) {
    collectGarbage();
    const attempt = live[i % live.length]!;
    samples.push(await timeMs(async () => {
      attempt.log.decisions.push(entry(attempt.log.decisions.length + 1, Date.now()));
      await db.write();
    }));
  }
  const { size } = statSync(file);
  const loadSamples: number[] = [];
  for (let i = 0; i < counts.loads; i++) {
    collectGarbage();
    const reader = new Low<{ attempts: Attempt[] }>(new JSONFile(file), { attempts: [] });
    loadSamples.push(await timeMs(() => reader.read()));
  }
  db.data = { attempts: [] };
  rmSync(file, { force: true });
  return { size: attempts.length, save: summarise(samples), load: loadSamples.length > 0 ? summarise(loadSamples) : undefined, fileBytes: size };
}

export const storeBench: Bench = {
  id: 'store',
  title: '3. Store: append a decision and open the store, by number of stored attempts',
  async run(ctx): Promise<BenchResult> {
    const sizes = ctx.quick ? [100, 100_000] : [100, 10_000, 100_000];
    const root = mkdtempSync(join(tmpdir(), 'comptoir-bench-store-'));
    const results: SizeResult[] = [];
    const naive: NaiveResult[] = [];
    const now = new Date();
    try {
      // The naive store at 100 attempts first, while the disk is quiet (before 100,000 files are written).
      ctx.log('naive single-file lowdb store with 100 attempts…');
      naive.push(await measureNaive(attemptsShaped(100, { now }).attempts, root, { saves: ctx.quick ? 10 : 30, loads: ctx.quick ? 5 : 10, warmUp: true }));
      const subjects: Subject[] = [];
      for (const size of sizes) {
        collectGarbage();
        const dataDir = join(root, `store-${size}`);
        const { shaped, generateMs } = await storeFixtureIn(dataDir, size, now);
        ctx.log(`${formatCount(size)} attempts written in ${formatMs(generateMs)}`);
        subjects.push(new Subject(size, dataDir, shaped, generateMs));
      }
      ctx.log('measuring start-up and appends, the sizes in turn…');
      const measured = await measureStores(subjects, ctx.quick);
      for (const [i, s] of subjects.entries()) {
        // What a history or an export over everything starts with: reading every month's index.
        results.push({ ...measured[i]!, allMonths: await readAllMonths(s.dataDir, () => s.shaped.now) });
        rmSync(s.dataDir, { recursive: true, force: true });
      }
      const largest = subjects.find((s) => s.size === 100_000)!;
      subjects.length = 0;
      ctx.log('naive single-file lowdb store with 100,000 attempts…');
      naive.push(await measureNaive(largest.shaped.attempts, root, ctx.quick ? { saves: 1, loads: 0, warmUp: false } : { saves: 5, loads: 3, warmUp: true }));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }

    const measurements: Measurement[] = [];
    for (const r of results) {
      const n = formatCount(r.size);
      measurements.push(
        { measure: `append one decision, ${n} attempts stored`, summary: r.append },
        { measure: `append the final decision (rewrites the in-progress and month indexes), ${n} attempts`, summary: r.appendFinal, note: `first one, which also reads the month’s index: ${formatMs(r.firstFinal)}` },
        { measure: `Store.open (start-up), ${n} attempts`, summary: r.open },
        { measure: `read every month’s index after start-up (as a history over everything would), ${n} attempts`, value: formatMs(r.allMonths) },
      );
    }
    for (const r of naive) {
      measurements.push({ measure: `naive lowdb: save one decision (rewrite the whole file), ${formatCount(r.size)} attempts, ${(r.fileBytes / 1e6).toFixed(1)} MB file`, summary: r.save });
      if (r.load) measurements.push({ measure: `naive lowdb: load the whole file, ${formatCount(r.size)} attempts`, summary: r.load });
    }
    const small = results.find((r) => r.size === 100)!;
    const large = results.find((r) => r.size === 100_000)!;
    const ratio = large.append.median / small.append.median;
    const naiveSmall = naive.find((r) => r.size === 100);
    const naiveLarge = naive.find((r) => r.size === 100_000);
    if (naiveSmall && naiveLarge) {
      measurements.push({ measure: 'naive lowdb save ratio, 100,000 / 100 attempts (medians)', value: `${(naiveLarge.save.median / naiveSmall.save.median).toFixed(0)}×` });
    }
    measurements.push({ measure: 'Comptoir append ratio, 100,000 / 100 attempts (medians; p95s)', value: `${ratio.toFixed(2)}×; ${(large.append.p95 / small.append.p95).toFixed(2)}×` });
    return {
      measurements,
      targets: [
        { name: 'Store append at 100,000 attempts', goal: 'within 2× of the append at 100 attempts (medians)', measured: `${ratio.toFixed(2)}× (${formatMs(large.append.median)} vs ${formatMs(small.append.median)})`, verdict: judge(ratio <= 2) },
      ],
      notes: [
        `Stores generated by attemptsShaped() and writeStoreFixture() straight in the on-disk format (envelope { schemaVersion: 1, data }, attempts/<2 chars>/<uuid>.json, index/<yyyy-mm>.json, index/in-progress.json, profiles.json), spread over 24 months, 6–14 decisions per attempt, 20 in progress, in ${tmpdir()}, once per run (the start-up bench gets hard-linked copies of them: main/store only ever renames a new file over an old one), and removed afterwards. Generation took ${results.map((r) => `${formatMs(r.generateMs)} (${formatCount(r.size)})`).join(', ')}.`,
        `Every store is generated first, then the sizes take turns sample by sample. Appends: ${small.append.n} per size, round-robin over the 20 attempts in progress, after one warm-up append to each (which reads its file); each resolves only once on disk (temp file, fsync, backup link, rename, directory fsync). Final decisions: the 19 after the first. Start-up: Store.open then close, ${small.open.n} times per size after 2 warm-ups (warm OS cache).`,
        'The naive lowdb store uses lowdb’s JSONFile (JSON.stringify with two-space indentation, then steno’s temp-file-and-rename, without fsync), so it does less per save than Comptoir’s store. It is measured at 100 attempts before the big stores are written (a quiet disk), at 100,000 after them; its first write (which creates the file) is not timed in a full run.',
        ...(ctx.quick ? ['Quick run: 100 and 100,000 attempts only (no 10,000), fewer samples; the naive store at 100,000 attempts is timed on a single save (its first write) and not reloaded.'] : []),
      ],
    };
  },
};
