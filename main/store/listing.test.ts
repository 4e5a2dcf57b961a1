import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StoreRequestError } from './store';
import { manualClock, play, storeOpener, tempDir, entry } from './testSupport';

const stores = storeOpener();
afterEach(() => stores.closeAll());

describe('listing for HR', () => {
  it('iterates every attempt summary of every month in order of start, in progress included, and bounds by month', async () => {
    const dir = tempDir();
    const clock = manualClock('2026-01-15T10:00:00.000Z');
    const s = await stores.open(dir, clock.now);
    const awa = await s.createProfile({ displayName: 'Awa' });
    const noe = await s.createProfile({ displayName: 'Noé' });
    const jan = await play(s, awa, 2, 'finished');
    clock.set('2026-02-03T10:00:00.000Z');
    const feb1 = await play(s, noe, 1, 'abandoned');
    clock.set('2026-02-20T10:00:00.000Z');
    const feb2 = await play(s, awa, 1, 'in-progress');
    clock.set('2026-04-01T10:00:00.000Z');
    const apr = await play(s, noe, 3, 'finished', 'practice');
    await s.close();
    const again = await stores.open(dir, clock.now);
    const all = [];
    for await (const summary of again.iterateSummaries()) all.push(summary);
    expect(all.map((a) => [a.id, a.status, a.decisions])).toEqual([[jan.id, 'finished', 2], [feb1.id, 'abandoned', 1], [feb2.id, 'in-progress', 0], [apr.id, 'finished', 3]]);
    const february = [];
    for await (const summary of again.iterateSummaries({ from: '2026-02', to: '2026-03' })) february.push(summary.id);
    expect(february).toEqual([feb1.id, feb2.id]);
    const fromFeb = [];
    for await (const summary of again.iterateSummaries({ from: '2026-02' })) fromFeb.push(summary.id);
    expect(fromFeb).toEqual([feb1.id, feb2.id, apr.id]);
    await expect(again.iterateSummaries({ from: '2026-2' }).next()).rejects.toBeInstanceOf(StoreRequestError);
  });

  it('reads each attempt’s full record with its log, one after the other', async () => {
    const dir = tempDir();
    const s = await stores.open(dir);
    const p = await s.createProfile({ displayName: 'Awa' });
    const a = await play(s, p, 3, 'finished');
    const b = await play(s, p, 1, 'in-progress');
    const read = [];
    for await (const attempt of s.iterateAttempts()) read.push(attempt);
    expect(read.map((x) => x.id).sort()).toEqual([a.id, b.id].sort());
    expect(read.find((x) => x.id === a.id)).toEqual(a);
    expect((await s.getAttempt(a.id))?.log.decisions).toEqual([entry(1), entry(2), entry(3)]);
    // The attempt in progress is still the live one: a decision appended is seen at once.
    await s.appendDecision(b.id, entry(2));
    expect((await s.getAttempt(b.id))?.log.decisions).toHaveLength(2);
  });
});

describe('notices', () => {
  it('are cleared once acknowledged, and one raised later (an attempt restored when read) shows in the same list', async () => {
    const dir = tempDir();
    const s = await stores.open(dir);
    const p = await s.createProfile({ displayName: 'Awa' });
    await s.createProfile({ displayName: 'Noé' });
    const a = await play(s, p, 2, 'finished');
    await s.close();
    writeFileSync(join(dir, 'profiles.json'), '{"schemaVersion":1,"data":{"prof');
    const again = await stores.open(dir);
    expect(again.notices).toEqual([expect.objectContaining({ code: 'restored-from-backup', document: 'profiles' })]);
    again.acknowledgeNotices();
    expect(again.notices).toEqual([]);
    writeFileSync(join(dir, 'attempts', a.id.slice(0, 2), `${a.id}.json`), '');
    expect((await again.getAttempt(a.id))?.log.decisions).toHaveLength(1);
    expect(again.notices).toEqual([expect.objectContaining({ code: 'restored-from-backup', document: 'attempt', backup: 1 })]);
  });

  it('acknowledging the notices the user saw keeps one raised since', async () => {
    const dir = tempDir();
    const s = await stores.open(dir);
    const p = await s.createProfile({ displayName: 'Awa' });
    const a = await play(s, p, 2, 'finished');
    const b = await play(s, p, 2, 'finished');
    for (const x of [a, b]) writeFileSync(join(dir, 'attempts', x.id.slice(0, 2), `${x.id}.json`), '{');
    await s.getAttempt(a.id);
    const shown = s.notices.length;
    await s.getAttempt(b.id);
    s.acknowledgeNotices(shown);
    expect(s.notices).toEqual([expect.objectContaining({ code: 'restored-from-backup', document: 'attempt', quarantined: expect.stringContaining(b.id) })]);
  });
});

describe('a damaged attempt read twice at once', () => {
  it('is repaired once: both reads get the restored attempt, one quarantined copy, one notice', async () => {
    const dir = tempDir();
    const s = await stores.open(dir);
    const p = await s.createProfile({ displayName: 'Awa' });
    const a = await play(s, p, 2, 'finished');
    const folder = join(dir, 'attempts', a.id.slice(0, 2));
    writeFileSync(join(folder, `${a.id}.json`), '{"schemaVersion":1,"data":{"att');
    const [first, second, third] = await Promise.all([s.getAttempt(a.id), s.getAttempt(a.id), s.iterateAttempts().next()]);
    expect(first?.log.decisions).toHaveLength(1);
    expect(second).toEqual(first);
    expect(third.value).toEqual(first);
    expect(readdirSync(folder).filter((f) => f.includes('.corrupt-'))).toHaveLength(1);
    expect(s.notices).toHaveLength(1);
  });
});
