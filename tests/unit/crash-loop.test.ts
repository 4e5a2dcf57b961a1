// kill -9 during writes, 50 times: the real browser-mode launcher on one data folder, a trainee
// driven through its HTTP API (profiles, attempts, decisions sent one at a time as the player does),
// SIGKILL at a random moment, restart. Each start must load valid data, hold every decision whose
// reply came back, and let the attempt resume where it stopped.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { compile, type CompiledScenario } from '../../scenarios/engine/compile';
import { currentStep, decide, initialState, optionsAt, type DecisionLogEntry, type EncounterState } from '../../scenarios/engine/rules';
import type { Scenario } from '../../scenarios/format/schema';
import type { Attempt, AttemptSummary, Profile } from '../../main/store/schema';
import type { ScenarioCard } from '../../main/contract';
import { ApiError, bundleLauncher, call, killHard, startLauncher, stopGently, type Launcher, type RunningServer } from '../support/launcher';

const ITERATIONS = 50;
/** The kill lands anywhere in the first this-many milliseconds of a burst of calls. */
const MAX_BURST_MS = 300;

let launcher: Launcher;
/** Every launcher started, so that a failing run leaves no process behind. */
const started: RunningServer[] = [];
beforeAll(async () => {
  launcher = await bundleLauncher();
}, 300_000);
afterAll(async () => {
  for (const server of started) await killHard(server);
  launcher?.dispose();
});

/** A small seeded generator, so that a failure names the seed that drew its choices and kill times. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Tracked {
  readonly attemptId: string;
  readonly profileId: string;
  readonly compiled: CompiledScenario;
  /** Every decision whose reply came back (and any the store shows it kept before a kill). */
  readonly acknowledged: DecisionLogEntry[];
  finished: boolean;
}

function stateOf(t: Tracked): EncounterState {
  let state = initialState(t.compiled);
  for (const d of t.acknowledged) state = decide(t.compiled, state, d.timedOut ? { kind: 'timeout', hesitationMs: d.hesitationMs } : { kind: 'choice', choiceId: d.choiceId, hesitationMs: d.hesitationMs }, 'off').state;
  return state;
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

it(`keeps every acknowledged decision and resumes the attempt after ${ITERATIONS} kill -9 during writes`, async () => {
  const seed = Date.now() % 1_000_000;
  const rand = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const dataDir = mkdtempSync(join(tmpdir(), 'comptoir-crash-'));
  const context = `seed ${seed}, data folder ${dataDir}`;
  const profiles: string[] = [];
  const attempts: Tracked[] = [];
  const scenarios = new Map<string, CompiledScenario>();
  let current: Tracked | undefined;
  const stats = { killedDuringWrite: 0, acknowledged: 0, keptUnacknowledged: 0, finished: 0 };
  /** Whether a call that writes (create, start, decide) is on its way: the kills are meant to land there. */
  let writing = false;
  const write = async <T>(server: RunningServer, channel: string, request: unknown): Promise<T> => {
    writing = true;
    const value = await call<T>(server, channel, request);
    writing = false;
    return value;
  };

  /** What the restarted app must show: valid data, everything acknowledged, the attempt open again. */
  async function verify(server: RunningServer): Promise<void> {
    const listed = new Set((await call<Profile[]>(server, 'profiles:list', {})).map((p) => p.id));
    expect(profiles.filter((id) => !listed.has(id)), `${context}: acknowledged profiles`).toEqual([]);
    for (const t of attempts) {
      const stored = await call<Attempt>(server, 'attempts:get', { attemptId: t.attemptId });
      const decisions = stored.log.decisions;
      expect(decisions.slice(0, t.acknowledged.length), `${context}: acknowledged decisions of ${t.attemptId}`).toEqual(t.acknowledged);
      // At most the one decision in flight when the kill came can be there without its reply.
      expect(decisions.length - t.acknowledged.length, context).toBeLessThanOrEqual(t.finished ? 0 : 1);
      if (decisions.length > t.acknowledged.length) {
        stats.keptUnacknowledged++;
        t.acknowledged.push(decisions.at(-1)!);
      }
      if (t.finished || stored.status === 'finished') {
        expect(stored.status, context).toBe('finished');
        expect(stored.result, context).toBeDefined();
        t.finished = true;
      }
    }
    if (current?.finished) current = undefined;
    if (current) {
      // The trainee's attempt is offered again, at the step after the last stored decision.
      const open = await call<AttemptSummary[]>(server, 'attempts:in-progress', { profileId: current.profileId });
      expect(open.map((a) => a.id), `${context}: the attempt resumes`).toContain(current.attemptId);
    }
    // Asked last: documents are read when first needed, and a damaged one would be told here.
    const status = await call<{ notices: unknown[] }>(server, 'app:status', {});
    expect(status.notices, `${context}: no document restored or started empty`).toEqual([]);
    expect(files(dataDir).filter((f) => f.includes('.corrupt-')), context).toEqual([]);
    // And every document on disk, the ones nobody asked for included, is whole JSON (temp files aside).
    const broken = files(dataDir).filter((f) => /\.json(\.bak-\d+)?$/.test(f) && !basename(f).startsWith('.')).filter((f) => {
      try {
        JSON.parse(readFileSync(f, 'utf8'));
        return false;
      } catch {
        return true;
      }
    });
    expect(broken, context).toEqual([]);
  }

  /** One call of the trainee's: a decision on the open attempt, or a new attempt (and now and then a new trainee). */
  async function step(server: RunningServer, cards: readonly ScenarioCard[]): Promise<void> {
    if (!current) {
      if (profiles.length === 0 || rand() < 0.2) profiles.push((await write<Profile>(server, 'profiles:create', { displayName: `Stagiaire ${profiles.length + 1}` })).id);
      const profileId = pick(profiles);
      const attempt = await write<Attempt>(server, 'attempts:start', { profileId, scenarioId: pick(cards).id, timerMode: 'off', kind: rand() < 0.5 ? 'assessed' : 'practice' });
      let compiled = scenarios.get(attempt.contentHash);
      if (!compiled) {
        compiled = compile(await call<Scenario>(server, 'scenarios:get', { contentHash: attempt.contentHash }));
        scenarios.set(attempt.contentHash, compiled);
      }
      current = { attemptId: attempt.id, profileId, compiled, acknowledged: [], finished: false };
      attempts.push(current);
      return;
    }
    const t = current;
    const state = stateOf(t);
    const at = currentStep(t.compiled, state);
    const choice = pick(optionsAt(at, state).filter((o) => !o.timeout));
    const reply = await write<{ index: number; entry: DecisionLogEntry; ended: boolean }>(server, 'attempts:decide', {
      attemptId: t.attemptId, expectedIndex: t.acknowledged.length, stepId: at.id, choiceId: choice.id, timedOut: false, hesitationMs: Math.round(rand() * 4_000),
    });
    expect(reply.index, context).toBe(t.acknowledged.length);
    t.acknowledged.push(reply.entry);
    stats.acknowledged++;
    if (reply.ended) {
      t.finished = true;
      stats.finished++;
      current = undefined;
    }
  }

  for (let i = 0; i < ITERATIONS; i++) {
    const server = await startLauncher(launcher, dataDir);
    started.push(server);
    await verify(server);
    const cards = await call<ScenarioCard[]>(server, 'scenarios:list', {});
    let killing = false;
    const killed = new Promise<void>((resolve) => setTimeout(() => {
      killing = true;
      void killHard(server).then(resolve);
    }, rand() * MAX_BURST_MS));
    writing = false;
    try {
      for (;;) await step(server, cards);
    } catch (error) {
      // Only the kill may end a burst: a typed refusal or a failed expectation is a finding.
      if (!killing || error instanceof ApiError || !(error instanceof TypeError)) throw new Error(`${context}, iteration ${i}: ${String(error)}\n${server.stderr()}`, { cause: error });
      if (writing) stats.killedDuringWrite++;
    }
    await killed;
  }

  const last = await startLauncher(launcher, dataDir);
  started.push(last);
  await verify(last);
  expect(await stopGently(last)).toBe(0);
  // The kills did land during writing calls, and the loop did real work (not 50 idle restarts).
  expect(stats.killedDuringWrite, JSON.stringify(stats)).toBeGreaterThanOrEqual(ITERATIONS * 0.8);
  expect(stats.acknowledged, JSON.stringify(stats)).toBeGreaterThanOrEqual(ITERATIONS);
  expect(stats.finished, JSON.stringify(stats)).toBeGreaterThan(0);
  rmSync(dataDir, { recursive: true, force: true }); // kept when something failed, for a look
}, 240_000);
