import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { NotFoundError } from './store';
import type { Attempt } from './schema';
import { entry, filesContaining, manualClock, play, storeOpener, tempDir } from './testSupport';

const stores = storeOpener();
afterEach(() => stores.closeAll());

const NAME = 'Zéphyrine Quarantotto';

/** Two trainees with attempts in every state over two months; Zéphyrine also sits in old backups. */
async function twoTrainees() {
  const dir = tempDir();
  const clock = manualClock('2026-01-10T09:00:00.000Z');
  const s = await stores.open(dir, clock.now);
  const zephyrine = await s.createProfile({ displayName: NAME, employeeId: 'Z-77', cohort: 'Janvier' });
  const other = await s.createProfile({ displayName: 'Noé Martin' });
  const hers = [await play(s, zephyrine, 2, 'finished')];
  clock.set('2026-01-11T09:00:00.000Z');
  hers.push(await play(s, zephyrine, 1, 'abandoned'));
  const his = [await play(s, other, 2, 'finished')];
  clock.set('2026-02-10T09:00:00.000Z');
  hers.push(await play(s, zephyrine, 1, 'in-progress'));
  his.push(await play(s, other, 1, 'finished'));
  return { dir, clock, store: s, zephyrine, other, hers, his };
}

describe('personal data export', () => {
  it('writes everything held on one trainee as one JSON file: the profile and every attempt with its log, nothing on others', async () => {
    const t = await twoTrainees();
    const path = join(tempDir(), 'zephyrine.json');
    const report = await t.store.exportPersonalData(t.zephyrine.id, path);
    expect(report).toEqual({ path, profile: t.zephyrine, attempts: 3 });
    const file = JSON.parse(readFileSync(path, 'utf8')) as { format: string; version: number; profile: unknown; mergedProfileIds: unknown; attempts: Attempt[]; workstation: { id: string } };
    expect(file).toMatchObject({ format: 'comptoir-personal-data', version: 1, profile: t.zephyrine, mergedProfileIds: [], workstation: { id: (await t.store.getWorkstation()).id } });
    const expected = await Promise.all(t.hers.map((a) => t.store.getAttempt(a.id)));
    expect(file.attempts).toEqual(expected);
    expect(file.attempts.map((a) => a.log.decisions.length)).toEqual([2, 1, 1]);
    expect(readFileSync(path, 'utf8')).not.toContain('Noé');
    for (const a of t.his) expect(readFileSync(path, 'utf8')).not.toContain(a.id);
  });

  it('writes a valid file for a trainee with no attempt, and refuses an unknown one', async () => {
    const dir = tempDir();
    const s = await stores.open(dir);
    const p = await s.createProfile({ displayName: 'Awa' });
    const path = join(tempDir(), 'awa.json');
    await s.exportPersonalData(p.id, path);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ profile: p, attempts: [] });
    await expect(s.exportPersonalData('00000000-0000-4000-8000-000000000000', path)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('erasing a trainee', () => {
  it('removes the profile, every attempt, index entry, backup and quarantined copy: only her random id stays, in the ledger', async () => {
    const t = await twoTrainees();
    const bundle = join(tempDir(), 'before.jsonl');
    await t.store.exportBundle(bundle);
    // A damaged profiles file set aside at a restart (its quarantined copy names her too),
    // restored from the backup taken before Lina was added.
    await t.store.createProfile({ displayName: 'Lina' });
    await t.store.close();
    const profiles = readFileSync(join(t.dir, 'profiles.json'), 'utf8');
    writeFileSync(join(t.dir, 'profiles.json'), profiles.slice(0, profiles.indexOf(NAME) + NAME.length + 5));
    const s = await stores.open(t.dir, t.clock.now);
    expect(readdirSync(t.dir).some((f) => f.startsWith('profiles.json.corrupt-'))).toBe(true);
    expect(filesContaining(t.dir, NAME).length).toBeGreaterThan(2);

    const report = await s.eraseProfile(t.zephyrine.id);
    expect(report.profile).toEqual(t.zephyrine);
    expect([...report.attemptIds].sort()).toEqual(t.hers.map((a) => a.id).sort());
    expect(report.filesDeleted).toBeGreaterThanOrEqual(t.hers.length);
    expect(report.backupsScrubbed).toBeGreaterThan(0);

    expect(filesContaining(t.dir, NAME)).toEqual([]);
    expect(filesContaining(t.dir, 'Z-77')).toEqual([]);
    expect(filesContaining(t.dir, t.zephyrine.id)).toEqual(['ledger.json']);
    for (const a of t.hers) expect(filesContaining(t.dir, a.id)).toEqual([]);
    expect(s.listProfiles()).toEqual([t.other]);
    for (const a of t.hers) expect(await s.getAttempt(a.id)).toBeUndefined();
    expect(s.listInProgress()).toEqual([]);
    const left = [];
    for await (const x of s.iterateSummaries()) left.push(x.id);
    expect(left.sort()).toEqual(t.his.map((a) => a.id).sort());
    expect((await s.listProfileAttempts(t.other.id)).map((a) => a.id)).toEqual(t.his.map((a) => a.id));

    // A bundle exported before the erasure does not bring her back.
    const again = await s.importBundle(bundle);
    expect(again).toMatchObject({ profiles: { added: 0, erased: 1 }, attempts: { added: 0, erased: 3 } });
    expect(filesContaining(t.dir, NAME)).toEqual([]);
    await s.close();
    const reopened = await stores.open(t.dir, t.clock.now);
    expect(reopened.listProfiles()).toEqual([t.other]);
    expect(reopened.notices).toEqual([]);
  });

  it('stops an attempt she is playing right now: its next decision is refused, not written back', async () => {
    const t = await twoTrainees();
    const live = t.hers[2]!;
    await t.store.appendDecision(live.id, entry(2));
    await t.store.eraseProfile(t.zephyrine.id);
    await expect(t.store.appendDecision(live.id, entry(3))).rejects.toBeInstanceOf(NotFoundError);
    expect(filesContaining(t.dir, live.id)).toEqual([]);
  });

  it('finds an attempt file no index lists (a crash between the file and its indexes)', async () => {
    const t = await twoTrainees();
    const orphan = { ...t.hers[0]!, id: '0f0f0f0f-0000-4000-8000-000000000000' };
    const path = join(t.dir, 'attempts', '0f', `${orphan.id}.json`);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(t.dir, 'attempts', '0f'), { recursive: true });
    writeFileSync(path, `${JSON.stringify({ schemaVersion: 1, data: { attempt: orphan } })}\n`);
    const report = await t.store.eraseProfile(t.zephyrine.id);
    expect(report.attemptIds).toContain(orphan.id);
    expect(filesContaining(t.dir, orphan.id)).toEqual([]);
  });

  it('refuses an unknown trainee', async () => {
    const t = await twoTrainees();
    await expect(t.store.eraseProfile('00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('retention', () => {
  it('is a setting in months, kept across restarts, removable with null', async () => {
    const dir = tempDir();
    const s = await stores.open(dir);
    expect(s.getSettings().retentionMonths).toBeUndefined();
    expect((await s.updateSettings({ retentionMonths: 24 })).retentionMonths).toBe(24);
    await s.close();
    const again = await stores.open(dir);
    expect(again.getSettings()).toMatchObject({ retentionMonths: 24, locale: 'fr' });
    expect((await again.updateSettings({ locale: 'en' })).retentionMonths).toBe(24);
    expect((await again.updateSettings({ retentionMonths: null })).retentionMonths).toBeNull();
    await expect(again.updateSettings({ retentionMonths: 0 })).rejects.toThrow();
  });

  it('purges attempts that ended longer ago than the period, finished or abandoned, never one in progress', async () => {
    const dir = tempDir();
    const clock = manualClock('2024-10-05T09:00:00.000Z');
    const s = await stores.open(dir, clock.now);
    const p = await s.createProfile({ displayName: 'Awa' });
    const stale = await play(s, p, 1, 'in-progress');
    clock.set('2025-01-20T09:00:00.000Z');
    const oldFinished = await play(s, p, 2, 'finished');
    clock.set('2025-02-01T09:00:00.000Z');
    const oldAbandoned = await play(s, p, 1, 'abandoned');
    // Started before the cutoff, ended after it: its age runs from its end, so it stays.
    clock.set('2025-03-08T09:00:00.000Z');
    let straddling = await play(s, p, 1, 'in-progress');
    clock.set('2025-03-12T09:00:00.000Z');
    straddling = await s.appendDecision(straddling.id, entry(2), { status: 'finished', result: { ...oldFinished.result! } });
    clock.set('2025-09-01T09:00:00.000Z');
    const recent = await play(s, p, 1, 'finished');
    clock.set('2026-03-10T09:00:00.000Z');

    expect(await s.purgeExpired()).toEqual({ retentionMonths: null, cutoff: null, finished: 0, abandoned: 0, keptInProgress: 0, attemptIds: [] });
    await s.updateSettings({ retentionMonths: 12 });
    const report = await s.purgeExpired();
    expect(report).toEqual({ retentionMonths: 12, cutoff: '2025-03-10T09:00:00.000Z', finished: 1, abandoned: 1, keptInProgress: 1, attemptIds: [oldFinished.id, oldAbandoned.id] });
    for (const a of [oldFinished, oldAbandoned]) {
      expect(await s.getAttempt(a.id)).toBeUndefined();
      expect(filesContaining(dir, a.id)).toEqual([]);
    }
    expect((await s.listProfileAttempts(p.id)).map((a) => a.id)).toEqual([stale.id, straddling.id, recent.id]);
    expect(s.listInProgress().map((a) => a.id)).toEqual([stale.id]);
    expect(await s.months()).toEqual(['2024-10', '2025-03', '2025-09']);
    expect((await s.purgeExpired()).attemptIds).toEqual([]);
  });
});
