// Test support for the store's own tests: a controllable clock, stores opened on fresh temp
// dirs, attempts played to a given end, and a snapshot of every file a data dir holds.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Store } from './store';
import type { Attempt, AttemptResult, Profile } from './schema';
import type { DecisionLogEntry } from '../../scenarios/engine/rules';

export const HASH = 'a'.repeat(64);
export const RESULT: AttemptResult = { outcome: 'passive', walkOut: false, customerValue: 300, overall: 50, empathy: 50, proactivity: 50, reliability: 50, passed: false };

export const entry = (n: number): DecisionLogEntry => ({ stepId: `s${n}`, choiceId: `c${n}`, timedOut: false, phase: 'seduction', behaviour: 'proactive', hesitationMs: 100, at: 1_700_000_000_000 + n });

const made: string[] = [];
/** A fresh folder in the system's temp dir, deleted by closeAll() at the end of the test. */
export function tempDir(name = 'comptoir-store-'): string {
  const dir = mkdtempSync(join(tmpdir(), name));
  made.push(dir);
  return dir;
}

/** A clock the test moves by hand: `clock.set('2026-01-05T10:00:00Z')`. */
export function manualClock(start = '2026-03-10T09:00:00.000Z') {
  let at = new Date(start);
  return {
    now: () => new Date(at.getTime()),
    set(iso: string) {
      at = new Date(iso);
    },
  };
}

/** Opens stores and closes every one of them at the end of a test. */
export function storeOpener() {
  const open: Store[] = [];
  return {
    async open(dataDir: string, now?: () => Date): Promise<Store> {
      const store = await Store.open({ dataDir, ...(now ? { now } : {}) });
      open.push(store);
      return store;
    },
    /** Closes every store opened, then deletes the temp folders made. */
    async closeAll() {
      for (const s of open.splice(0)) await s.close();
      for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Ending = 'finished' | 'abandoned' | 'in-progress';

/** Starts an attempt, appends `decisions` decisions and ends it as asked. */
export async function play(store: Store, profile: Profile, decisions: number, ending: Ending, kind: Attempt['kind'] = 'assessed'): Promise<Attempt> {
  let attempt = await store.startAttempt({ profileId: profile.id, scenarioId: 'guichet', scenarioVersion: 1, contentHash: HASH, timerMode: 'normal', kind });
  for (let n = 1; n <= decisions; n++) {
    const last = n === decisions && ending === 'finished';
    attempt = await store.appendDecision(attempt.id, entry(n), last ? { status: 'finished', result: RESULT } : undefined);
  }
  if (ending === 'abandoned') attempt = await store.abandonAttempt(attempt.id);
  return attempt;
}

/** Every file under `dir` (but the lock) with a hash of its bytes: equal snapshots, same data. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name !== 'comptoir.lock') out[relative(dir, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/** The files under `dir` whose bytes contain `needle`. */
export function filesContaining(dir: string, needle: string): string[] {
  const found: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (readFileSync(path).includes(needle)) found.push(relative(dir, path));
    }
  };
  walk(dir);
  return found.sort();
}
