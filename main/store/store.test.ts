import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, copyFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Store } from './store';
import { DataDirLockedError } from './lock';
import { NewerDataError } from './document';
import { faults, writeFileAtomic } from './atomicFile';

const fixture = (name: string) => new URL(`../../tests/fixtures/store/${name}`, import.meta.url).pathname;
let dir: string;
let open: Store[] = [];
const openStore = async () => {
  const s = await Store.open({ dataDir: dir });
  open.push(s);
  return s;
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'comptoir-store-'));
});
afterEach(async () => {
  faults.beforeWrite = undefined;
  for (const s of open) await s.close();
  open = [];
});

const HASH = 'a'.repeat(64);
const entry = (n: number) => ({ stepId: `s${n}`, choiceId: `c${n}`, timedOut: false, phase: 'seduction' as const, behaviour: 'proactive' as const, hesitationMs: 100, at: 1_700_000_000_000 + n });

describe('atomic writes', () => {
  it('replace the file whole, leave no temp file, and keep the last N versions as backups', async () => {
    const path = join(dir, 'doc.json');
    for (let v = 1; v <= 5; v++) await writeFileAtomic(path, `v${v}`, 3);
    expect(readFileSync(path, 'utf8')).toBe('v5');
    expect(readFileSync(`${path}.bak-1`, 'utf8')).toBe('v4');
    expect(readFileSync(`${path}.bak-3`, 'utf8')).toBe('v2');
    expect(existsSync(`${path}.bak-4`)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('the store', () => {
  it('keeps profiles across a restart', async () => {
    const s = await openStore();
    const p = await s.createProfile({ displayName: '  Awa Diallo ', employeeId: 'E-12' });
    await s.close();
    open = [];
    const again = await openStore();
    expect(again.listProfiles()).toEqual([{ ...p, displayName: 'Awa Diallo' }]);
    expect(again.notices).toEqual([]);
  });

  it('refuses a second live process on the same data folder, with a clear message', async () => {
    await openStore();
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', `import('${new URL('./store.ts', import.meta.url).pathname}').then(m => m.Store.open({ dataDir: ${JSON.stringify(dir)} })).then(() => process.exit(0), e => { console.log(e.name + ': ' + e.message); process.exit(3); })`], { encoding: 'utf8' });
    expect(child.status).toBe(3);
    expect(child.stdout).toMatch(/DataDirLockedError: Comptoir is already running on .* \(process \d+\)/);
  });

  it('takes over a stale lock left by a killed process', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(join(dir, 'comptoir.lock'), JSON.stringify({ pid: Number(dead), since: '2026-01-01T00:00:00Z' }));
    const s = await openStore();
    expect(s.listProfiles()).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, 'comptoir.lock'), 'utf8')).pid).toBe(process.pid);
  });

  it('says a live lock belongs to another process', () => {
    expect(new DataDirLockedError('/d', 42).message).toContain('process 42');
  });

  describe.each(['empty.json', 'truncated.json', 'wrong-schema.json'])('a corrupt profiles file (%s)', (name) => {
    it('is set aside as *.corrupt-<time>, the newest valid backup restored, and the user told once', async () => {
      const s = await openStore();
      await s.createProfile({ displayName: 'Première' });
      await s.createProfile({ displayName: 'Seconde' });
      await s.close();
      open = [];
      copyFileSync(fixture(name), join(dir, 'profiles.json'));
      const again = await openStore();
      expect(again.listProfiles().map((p) => p.displayName)).toEqual(['Première']);
      expect(again.notices).toEqual([expect.objectContaining({ code: 'restored-from-backup', document: 'profiles', backup: 1 })]);
      expect(readdirSync(dir).some((f) => /^profiles\.json\.corrupt-\d{4}-/.test(f))).toBe(true);
      await again.close();
      open = [];
      expect((await openStore()).notices).toEqual([]);
    });
  });

  it('starts empty but says so when no backup is valid', async () => {
    copyFileSync(fixture('truncated.json'), join(dir, 'profiles.json'));
    const s = await openStore();
    expect(s.notices).toEqual([expect.objectContaining({ code: 'started-empty', document: 'profiles' })]);
  });

  it('refuses a file from a newer Comptoir and leaves it untouched', async () => {
    copyFileSync(fixture('newer.json'), join(dir, 'profiles.json'));
    await expect(Store.open({ dataDir: dir })).rejects.toBeInstanceOf(NewerDataError);
    expect(readFileSync(join(dir, 'profiles.json'), 'utf8')).toBe(readFileSync(fixture('newer.json'), 'utf8'));
    // The lock was released: a fixed folder opens again.
    copyFileSync(fixture('wrong-schema.json'), join(dir, 'profiles.json'));
    await expect(openStore()).resolves.toBeDefined();
  });

  it('writes a decision to the attempt’s own file only; indexes change when an attempt starts or ends', async () => {
    const s = await openStore();
    const p = await s.createProfile({ displayName: 'A' });
    const a = await s.startAttempt({ profileId: p.id, scenarioId: 'x', scenarioVersion: 1, contentHash: HASH, timerMode: 'normal', kind: 'assessed' });
    const index = join(dir, 'index', `${a.startedAt.slice(0, 7)}.json`);
    const inProgress = join(dir, 'index', 'in-progress.json');
    const before = [statSync(index).mtimeMs, statSync(inProgress).mtimeMs, statSync(join(dir, 'profiles.json')).mtimeMs];
    await new Promise((r) => setTimeout(r, 20));
    await s.appendDecision(a.id, entry(1));
    expect([statSync(index).mtimeMs, statSync(inProgress).mtimeMs, statSync(join(dir, 'profiles.json')).mtimeMs]).toEqual(before);
    expect(s.listInProgress(p.id).map((x) => x.id)).toEqual([a.id]);
    const done = await s.appendDecision(a.id, entry(2), { status: 'finished', result: { outcome: 'passive', walkOut: false, customerValue: 300, overall: 50, empathy: 50, proactivity: 50, reliability: 50, passed: false } });
    expect(done.status).toBe('finished');
    expect(s.listInProgress()).toEqual([]);
    expect((await s.listMonth(a.startedAt.slice(0, 7)))[0]).toMatchObject({ id: a.id, status: 'finished', decisions: 2 });
    expect((await s.listProfileAttempts(p.id)).map((x) => [x.id, x.status])).toEqual([[a.id, 'finished']]);
    await s.close();
    open = [];
    const again = await openStore();
    expect((await again.getAttempt(a.id))?.log.decisions).toEqual([entry(1), entry(2)]);
  });

  it('on a failing disk, refuses the decision, keeps what was acknowledged, and resumes when the disk does', async () => {
    const s = await openStore();
    const p = await s.createProfile({ displayName: 'A' });
    const a = await s.startAttempt({ profileId: p.id, scenarioId: 'x', scenarioVersion: 1, contentHash: HASH, timerMode: 'normal', kind: 'assessed' });
    await s.appendDecision(a.id, entry(1));
    faults.beforeWrite = () => { throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }); };
    await expect(s.appendDecision(a.id, entry(2))).rejects.toMatchObject({ code: 'ENOSPC' });
    expect((await s.getAttempt(a.id))?.log.decisions).toHaveLength(1);
    faults.beforeWrite = undefined;
    await s.appendDecision(a.id, entry(2));
    expect((await s.getAttempt(a.id))?.log.decisions).toHaveLength(2);
  });

  it('keeps each scenario version an attempt was played on, by content hash', async () => {
    const s = await openStore();
    await s.saveScenarioVersion(HASH, '{"id":"x"}');
    expect(await s.loadScenarioVersion(HASH)).toBe('{"id":"x"}');
    expect(await s.loadScenarioVersion('../../etc/passwd')).toBeUndefined();
  });
});
