import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { BundleError, BUNDLE_VERSION } from './bundle';
import { beats, NotFoundError, StoreRequestError, type Store } from './store';
import type { Attempt, AttemptSummary } from './schema';
import { entry, HASH, manualClock, play, RESULT, snapshot, storeOpener, tempDir } from './testSupport';

const stores = storeOpener();
afterEach(() => stores.closeAll());

const SCENARIO_TEXT = '{"id":"guichet","version":1}';
const SCENARIO_HASH = createHash('sha256').update(SCENARIO_TEXT).digest('hex');

const summaries = async (s: Store) => {
  const out: AttemptSummary[] = [];
  for await (const x of s.iterateSummaries()) out.push(x);
  return out;
};
const attempts = async (s: Store) => {
  const out: Attempt[] = [];
  for await (const x of s.iterateAttempts()) out.push(x);
  return out;
};
const linesOf = (path: string) => readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
const writeLines = (path: string, lines: unknown[]) => writeFileSync(path, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));

/** A workstation with two trainees, attempts over two months in each state, and the scenario version they used. */
async function workstationA(dir = tempDir()) {
  const clock = manualClock('2026-01-12T09:00:00.000Z');
  const s = await stores.open(dir, clock.now);
  await s.renameWorkstation('Poste accueil 1');
  await s.saveScenarioVersion(SCENARIO_HASH, SCENARIO_TEXT);
  const awa = await s.createProfile({ displayName: 'Awa Diallo', employeeId: 'E-12', site: 'Lyon' });
  const noe = await s.createProfile({ displayName: 'Noé Martin' });
  const scenario = { scenarioId: 'guichet', scenarioVersion: 1, contentHash: SCENARIO_HASH, timerMode: 'normal' as const, kind: 'assessed' as const };
  let a1 = await s.startAttempt({ profileId: awa.id, ...scenario });
  a1 = await s.appendDecision(a1.id, entry(1));
  a1 = await s.appendDecision(a1.id, entry(2), { status: 'finished', result: RESULT });
  clock.set('2026-02-02T09:00:00.000Z');
  let a2 = await s.startAttempt({ profileId: noe.id, ...scenario });
  a2 = await s.appendDecision(a2.id, entry(1));
  a2 = await s.abandonAttempt(a2.id);
  clock.set('2026-02-09T09:00:00.000Z');
  let a3 = await s.startAttempt({ profileId: awa.id, ...scenario });
  a3 = await s.appendDecision(a3.id, entry(1));
  return { dir, clock, store: s, awa, noe, attempts: [a1, a2, a3] };
}

describe('bundle export', () => {
  it('writes JSON Lines: a header naming the workstation and the format version, the profiles, the attempts with logs, the scenario versions, an end with counts', async () => {
    const a = await workstationA();
    const path = join(tempDir(), 'poste-1.comptoir-bundle.jsonl');
    const report = await a.store.exportBundle(path);
    const workstation = await a.store.getWorkstation();
    expect(report).toEqual({ path, workstation, counts: { profiles: 2, scenarios: 1, attempts: 3 }, skippedOrphans: 0 });
    const lines = linesOf(path);
    expect(lines[0]).toEqual({ type: 'header', format: 'comptoir-bundle', bundleVersion: BUNDLE_VERSION, workstation: { id: workstation.id, name: 'Poste accueil 1' }, exportedAt: '2026-02-09T09:00:00.000Z' });
    expect(lines[1]).toEqual({ type: 'profiles', schemaVersion: 1, data: { profiles: [a.awa, a.noe] } });
    expect(lines.slice(2, 5).map((l) => (l.data as { attempt: Attempt }).attempt)).toEqual([a.attempts[0], a.attempts[1], (await a.store.getAttempt(a.attempts[2]!.id))]);
    expect(lines[5]).toEqual({ type: 'scenario', contentHash: SCENARIO_HASH, text: SCENARIO_TEXT });
    expect(lines[6]).toEqual({ type: 'end', counts: { profiles: 2, scenarios: 1, attempts: 3 } });
    expect(lines).toHaveLength(7);
  });

  it('keeps the same workstation id across restarts, and exports only the months asked for', async () => {
    const a = await workstationA();
    const id = (await a.store.getWorkstation()).id;
    await a.store.close();
    const again = await stores.open(a.dir, a.clock.now);
    expect((await again.getWorkstation()).id).toBe(id);
    const path = join(tempDir(), 'feb.jsonl');
    const report = await again.exportBundle(path, { from: '2026-02' });
    expect(report.counts).toEqual({ profiles: 2, scenarios: 1, attempts: 2 });
    expect(linesOf(path)[0]).toMatchObject({ range: { from: '2026-02' } });
  });
});

describe('bundle import', () => {
  it('brings profiles, attempts with logs, indexes and scenario versions to another workstation', async () => {
    const a = await workstationA();
    const path = join(tempDir(), 'a.jsonl');
    await a.store.exportBundle(path);
    const b = await stores.open(tempDir());
    const report = await b.importBundle(path);
    expect(report).toMatchObject({
      bundle: { bundleVersion: 1, workstation: { name: 'Poste accueil 1' } },
      profiles: { added: 2, unchanged: 0, alreadyMerged: 0, erased: 0 },
      attempts: { added: 3, replaced: 0, unchanged: 0, erased: 0 },
      scenarios: { added: 1, unchanged: 0 },
      mergeProposals: [],
    });
    expect(b.listProfiles()).toEqual(a.store.listProfiles());
    expect(await attempts(b)).toEqual(await attempts(a.store));
    expect((await summaries(b)).map((x) => [x.id, x.status, x.decisions])).toEqual((await attempts(a.store)).map((x) => [x.id, x.status, x.log.decisions.length]));
    expect((await b.listProfileAttempts(a.awa.id)).map((x) => x.id)).toEqual([a.attempts[0]!.id, a.attempts[2]!.id]);
    expect(b.listInProgress().map((x) => x.id)).toEqual([a.attempts[2]!.id]);
    expect(await b.loadScenarioVersion(SCENARIO_HASH)).toBe(SCENARIO_TEXT);
  });

  it('importing the same bundle twice changes nothing', async () => {
    const a = await workstationA();
    const path = join(tempDir(), 'a.jsonl');
    await a.store.exportBundle(path);
    const dir = tempDir();
    const b = await stores.open(dir);
    await b.importBundle(path);
    const before = snapshot(dir);
    const report = await b.importBundle(path);
    expect(report).toMatchObject({ profiles: { added: 0, unchanged: 2 }, attempts: { added: 0, replaced: 0, unchanged: 3 }, scenarios: { added: 0, unchanged: 1 } });
    expect(snapshot(dir)).toEqual(before);
  });

  it('of two copies of one attempt keeps the finished one, then the longer log, whichever order they come in', async () => {
    const a = await workstationA();
    const live = a.attempts[2]!;
    const early = join(tempDir(), 'early.jsonl');
    await a.store.exportBundle(early);
    await a.store.appendDecision(live.id, entry(2));
    await a.store.appendDecision(live.id, entry(3));
    const longer = join(tempDir(), 'longer.jsonl');
    await a.store.exportBundle(longer);
    await a.store.appendDecision(live.id, entry(4), { status: 'finished', result: RESULT });
    const finished = join(tempDir(), 'finished.jsonl');
    await a.store.exportBundle(finished);

    const b = await stores.open(tempDir());
    await b.importBundle(early);
    expect((await b.importBundle(longer)).attempts).toMatchObject({ replaced: 1, unchanged: 2 });
    expect((await b.getAttempt(live.id))?.log.decisions).toHaveLength(3);
    expect((await b.importBundle(early)).attempts).toMatchObject({ replaced: 0, unchanged: 3 });
    expect((await b.importBundle(finished)).attempts).toMatchObject({ replaced: 1 });
    expect(await b.getAttempt(live.id)).toMatchObject({ status: 'finished', result: RESULT });
    expect(b.listInProgress()).toEqual([]);
    expect((await summaries(b)).find((x) => x.id === live.id)).toMatchObject({ status: 'finished', decisions: 4 });

    const c = await stores.open(tempDir());
    await c.importBundle(finished);
    expect((await c.importBundle(longer)).attempts).toMatchObject({ replaced: 0, unchanged: 3 });
    expect((await c.getAttempt(live.id))?.status).toBe('finished');
  });

  it('a finished copy beats a longer unfinished one', async () => {
    const a = await workstationA();
    const path = join(tempDir(), 'a.jsonl');
    await a.store.exportBundle(path);
    const b = await stores.open(tempDir());
    await b.importBundle(path);
    // The same first attempt, unfinished with a longer log on another workstation.
    const lines = linesOf(path);
    const record = lines[2] as { data: { attempt: Attempt } };
    const { finishedAt: _f, result: _r, ...unfinished } = record.data.attempt;
    record.data.attempt = { ...unfinished, status: 'abandoned', log: { ...unfinished.log, decisions: [entry(1), entry(2), entry(3), entry(4)] } };
    const other = join(tempDir(), 'other.jsonl');
    writeLines(other, lines);
    expect((await b.importBundle(other)).attempts).toMatchObject({ replaced: 0, unchanged: 3 });
    expect((await b.getAttempt(a.attempts[0]!.id))?.status).toBe('finished');
  });

  it('ranks copies: finished, then longer log, then abandoned over in progress, then the later update', () => {
    const at = (status: AttemptSummary['status'], decisions: number, updatedAt = '2026-01-01T10:00:00.000Z') => ({ status, decisions, updatedAt });
    expect(beats(at('finished', 1), at('in-progress', 9))).toBe(true);
    expect(beats(at('abandoned', 9), at('finished', 1))).toBe(false);
    expect(beats(at('in-progress', 5), at('abandoned', 4))).toBe(true);
    expect(beats(at('abandoned', 4), at('in-progress', 4))).toBe(true);
    expect(beats(at('finished', 4, '2026-01-02T10:00:00.000Z'), at('finished', 4))).toBe(true);
    expect(beats(at('finished', 4), at('finished', 4))).toBe(false);
  });

  it('proposes, never makes, a merge of profiles with one employee id from two workstations; merging after confirmation re-points the attempts', async () => {
    const a = await workstationA();
    const fromA = join(tempDir(), 'a.jsonl');
    await a.store.exportBundle(fromA);
    const clock = manualClock('2026-03-01T09:00:00.000Z');
    const cDir = tempDir();
    const c = await stores.open(cDir, clock.now);
    const awaAgain = await c.createProfile({ displayName: 'Awa D.', employeeId: ' e-12', cohort: 'Mars' });
    const onC = await play(c, awaAgain, 2, 'finished');
    const fromC = join(tempDir(), 'c.jsonl');
    await c.exportBundle(fromC);

    const hrDir = tempDir();
    const hr = await stores.open(hrDir, clock.now);
    expect((await hr.importBundle(fromA)).mergeProposals).toEqual([]);
    const report = await hr.importBundle(fromC);
    expect(report.profiles.added).toBe(1);
    expect(report.mergeProposals).toEqual([{ employeeId: 'E-12', profiles: [{ profile: a.awa, attempts: 2 }, { profile: awaAgain, attempts: 1 }] }]);
    expect(hr.listProfiles().map((p) => p.id)).toEqual([a.awa.id, a.noe.id, awaAgain.id]);
    expect(await hr.listMergeProposals()).toEqual(report.mergeProposals);

    const merged = await hr.mergeProfiles(a.awa.id, awaAgain.id);
    expect(merged).toEqual({ kept: { ...a.awa, cohort: 'Mars' }, mergedProfileId: awaAgain.id, attemptIds: [onC.id] });
    expect(hr.listProfiles().map((p) => p.id)).toEqual([a.awa.id, a.noe.id]);
    expect((await hr.listProfileAttempts(a.awa.id)).map((x) => x.id).sort()).toEqual([a.attempts[0]!.id, a.attempts[2]!.id, onC.id].sort());
    expect(await hr.listProfileAttempts(awaAgain.id)).toEqual([]);
    expect(existsSync(join(hrDir, 'index', 'profiles', `${awaAgain.id}.json`))).toBe(false);
    expect((await hr.getAttempt(onC.id))?.profileId).toBe(a.awa.id);
    expect((await summaries(hr)).find((x) => x.id === onC.id)?.profileId).toBe(a.awa.id);
    expect(hr.listInProgress().map((x) => [x.id, x.profileId])).toEqual([[a.attempts[2]!.id, a.awa.id]]);
    expect(await hr.listMergeProposals()).toEqual([]);

    // The old bundle does not bring the merged profile back: its attempts go to the kept one.
    const before = snapshot(hrDir);
    expect(await hr.importBundle(fromC)).toMatchObject({ profiles: { added: 0, alreadyMerged: 1 }, attempts: { added: 0, unchanged: 1 }, mergeProposals: [] });
    expect(snapshot(hrDir)).toEqual(before);
    await hr.close();
    const again = await stores.open(hrDir, clock.now);
    expect(again.listProfiles().map((p) => p.id)).toEqual([a.awa.id, a.noe.id]);
  });

  it('refuses to merge a profile into itself or with an unknown one', async () => {
    const a = await workstationA();
    await expect(a.store.mergeProfiles(a.awa.id, a.awa.id)).rejects.toBeInstanceOf(StoreRequestError);
    await expect(a.store.mergeProfiles(a.awa.id, '00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(NotFoundError);
  });

  describe('refuses, with nothing written,', () => {
    type Edit = (lines: Record<string, unknown>[]) => unknown[] | string;
    const attemptOf = (l: Record<string, unknown>) => (l.data as { attempt: Attempt }).attempt;
    const cases: [string, Edit, BundleError['code'], number | undefined][] = [
      ['a bundle from a newer Comptoir', (l) => [{ ...l[0], bundleVersion: BUNDLE_VERSION + 1 }, ...l.slice(1)], 'newer-bundle', 1],
      ['an attempt record of a newer data version', (l) => l.map((x, i) => (i === 3 ? { ...x, schemaVersion: 99 } : x)), 'newer-data', 4],
      ['a bundle cut short (no end record)', (l) => l.slice(0, -1), 'truncated', undefined],
      ['a bundle whose end counts differ', (l) => [...l.slice(0, 3), ...l.slice(4)], 'truncated', 6],
      ['an invalid attempt', (l) => l.map((x, i) => (i === 2 ? { ...x, data: { attempt: { ...attemptOf(x), id: 'not-a-uuid' } } } : x)), 'malformed', 3],
      ['an attempt of an unknown profile', (l) => l.map((x, i) => (i === 2 ? { ...x, data: { attempt: { ...attemptOf(x), profileId: '00000000-0000-4000-8000-000000000000' } } } : x)), 'malformed', 3],
      ['one attempt twice', (l) => [...l.slice(0, 3), l[2], ...l.slice(3, -1), { type: 'end', counts: { profiles: 2, scenarios: 1, attempts: 4 } }], 'malformed', 4],
      ['a scenario text that does not match its hash', (l) => l.map((x) => (x.type === 'scenario' ? { ...x, text: `${SCENARIO_TEXT} ` } : x)), 'malformed', 6],
      ['a line that is not JSON', (l) => `${l.slice(0, 4).map((x) => JSON.stringify(x)).join('\n')}\n{"type":"attempt",\n`, 'malformed', 5],
      ['a store file instead of a bundle', () => '{"schemaVersion":1,"data":{"profiles":[]}}\n', 'not-a-bundle', 1],
      ['an empty file', () => '', 'not-a-bundle', undefined],
    ];
    it.each(cases)('%s', async (_name, edit, code, line) => {
      const a = await workstationA();
      const good = join(tempDir(), 'a.jsonl');
      await a.store.exportBundle(good);
      const edited = edit(linesOf(good));
      const bad = join(tempDir(), 'bad.jsonl');
      if (typeof edited === 'string') writeFileSync(bad, edited);
      else writeLines(bad, edited);
      const dir = tempDir();
      const b = await stores.open(dir);
      await b.createProfile({ displayName: 'Déjà là' });
      const before = snapshot(dir);
      const error = await b.importBundle(bad).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(BundleError);
      expect(error).toMatchObject({ code, line });
      expect(snapshot(dir)).toEqual(before);
      expect(b.listProfiles()).toHaveLength(1);
    });
  });

  it('reads a bundle with CRLF line ends and a byte-order mark (edited on Windows)', async () => {
    const a = await workstationA();
    const path = join(tempDir(), 'a.jsonl');
    await a.store.exportBundle(path);
    const windows = join(tempDir(), 'w.jsonl');
    writeFileSync(windows, `\uFEFF${readFileSync(path, 'utf8').replace(/\n/g, '\r\n')}`);
    const b = await stores.open(tempDir());
    expect((await b.importBundle(windows)).attempts.added).toBe(3);
  });

  it('keeps the month indexes right when a copy of an attempt names another start month', async () => {
    const a = await workstationA();
    const path = join(tempDir(), 'a.jsonl');
    await a.store.exportBundle(path);
    const b = await stores.open(tempDir());
    await b.importBundle(path);
    const lines = linesOf(path);
    const record = lines[4] as { data: { attempt: Attempt } };
    record.data.attempt = { ...record.data.attempt, startedAt: '2026-03-05T09:00:00.000Z', status: 'finished', finishedAt: '2026-03-05T09:10:00.000Z', result: RESULT };
    const moved = join(tempDir(), 'moved.jsonl');
    writeLines(moved, lines);
    await b.importBundle(moved);
    expect((await b.listMonth('2026-02')).map((x) => x.id)).toEqual([a.attempts[1]!.id]);
    expect((await b.listMonth('2026-03')).map((x) => x.id)).toEqual([a.attempts[2]!.id]);
    expect(b.listInProgress()).toEqual([]);
  });

  it('imports a large bundle in several batches with every index right (1,100 attempts)', async () => {
    const profiles = ['A', 'B', 'C'].map((n, i) => ({ id: `0000000${i}-0000-4000-8000-000000000000`, displayName: n, createdAt: '2025-10-01T08:00:00.000Z' }));
    const made: Attempt[] = Array.from({ length: 1100 }, (_, i) => {
      const startedAt = new Date(Date.parse('2025-11-01T08:00:00.000Z') + i * 7_200_000).toISOString();
      const live = i % 10 === 0;
      return {
        id: `${String(i).padStart(8, '0')}-0000-4000-8000-000000000001`, profileId: profiles[i % 3]!.id, scenarioId: 'guichet', scenarioVersion: 1, contentHash: SCENARIO_HASH,
        timerMode: 'normal', kind: 'assessed', status: live ? 'in-progress' : 'finished', startedAt, updatedAt: startedAt,
        ...(live ? {} : { finishedAt: startedAt, result: RESULT }), log: { timerMode: 'normal', decisions: [entry(1)] },
      };
    });
    const path = join(tempDir(), 'big.jsonl');
    writeLines(path, [
      { type: 'header', format: 'comptoir-bundle', bundleVersion: 1, workstation: { id: '00000000-0000-4000-8000-00000000000a', name: 'Poste 9' }, exportedAt: '2026-03-01T08:00:00.000Z' },
      { type: 'profiles', schemaVersion: 1, data: { profiles } },
      ...made.map((attempt) => ({ type: 'attempt', schemaVersion: 1, data: { attempt } })),
      { type: 'end', counts: { profiles: 3, scenarios: 0, attempts: 1100 } },
    ]);
    const b = await stores.open(tempDir());
    expect((await b.importBundle(path)).attempts.added).toBe(1100);
    expect((await summaries(b)).map((x) => x.id)).toEqual(made.map((x) => x.id));
    for (const p of profiles) expect((await b.listProfileAttempts(p.id)).map((x) => x.id)).toEqual(made.filter((x) => x.profileId === p.id).map((x) => x.id));
    expect(b.listInProgress().map((x) => x.id).sort()).toEqual(made.filter((x) => x.status === 'in-progress').map((x) => x.id).sort());
    expect(await b.months()).toEqual(['2025-11', '2025-12', '2026-01']);
    expect(await b.getAttempt(made[777]!.id)).toEqual(made[777]);
  });
});

it('the fixtures hash is not a real scenario (sanity of the test data)', () => {
  expect(SCENARIO_HASH).not.toBe(HASH);
});
