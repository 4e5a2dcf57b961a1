import { afterEach, describe, expect, it } from 'vitest';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { JsonDocument, NewerDataError, type DocumentSpec, type Migration, type StoreNotice } from './document';
import { DOCUMENTS, spec } from './store';
import { storeOpener, tempDir } from './testSupport';

// A fake document that changed shape once: v1 kept bare names, v2 keeps people with a start date.
const V1 = z.strictObject({ names: z.array(z.string()) });
const V2 = z.strictObject({ people: z.array(z.strictObject({ name: z.string(), since: z.string() })) });
const V3 = z.strictObject({ people: z.array(z.strictObject({ name: z.string(), since: z.string(), active: z.boolean() })) });
const toV2: Migration = (data) => ({ people: (data as { names: string[] }).names.map((name) => ({ name, since: 'unknown' })) });
const toV3: Migration = (data) => ({ people: (data as z.infer<typeof V2>).people.map((p) => ({ ...p, active: true })) });
const v1 = spec('people', V1, 2);
const v2 = spec('people', V2, 2, [toV2]);
const v3 = spec('people', V3, 2, [toV2, toV3]);

const stores = storeOpener();
afterEach(() => stores.closeAll());

const docAt = <T>(path: string, s: DocumentSpec<T>, notices: StoreNotice[] = []) =>
  new JsonDocument<T>(path, s, (n) => notices.push(n), () => new Date('2026-03-10T09:00:00Z'));
const envelopeOf = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as { schemaVersion: number; data: unknown };

describe('document migrations', () => {
  it('a document spec is at version 1 + the number of its migrations', () => {
    expect([v1.schemaVersion, v2.schemaVersion, v3.schemaVersion]).toEqual([1, 2, 3]);
    // The store's own documents have no migration yet: all at version 1.
    expect(Object.values(DOCUMENTS).map((d) => d.schemaVersion)).toEqual(Object.values(DOCUMENTS).map(() => 1));
  });

  it('upgrades an old file on load, leaves it as it was on disk, and writes the new version only when next saved', async () => {
    const path = join(tempDir(), 'people.json');
    await docAt(path, v1).write({ names: ['Awa', 'Noé'] });
    const before = readFileSync(path, 'utf8');
    const doc = docAt(path, v2);
    const loaded = await doc.read();
    expect(loaded).toEqual({ people: [{ name: 'Awa', since: 'unknown' }, { name: 'Noé', since: 'unknown' }] });
    expect(readFileSync(path, 'utf8')).toBe(before);
    await doc.write({ people: [...loaded!.people, { name: 'Lina', since: '2026-03' }] });
    expect(envelopeOf(path)).toEqual({ schemaVersion: 2, data: { people: [{ name: 'Awa', since: 'unknown' }, { name: 'Noé', since: 'unknown' }, { name: 'Lina', since: '2026-03' }] } });
    // The version-1 file is now the first backup, still in its own version.
    expect(readFileSync(`${path}.bak-1`, 'utf8')).toBe(before);
  });

  it('runs the migrations in order across several versions', async () => {
    const path = join(tempDir(), 'people.json');
    await docAt(path, v1).write({ names: ['Awa'] });
    expect(await docAt(path, v3).read()).toEqual({ people: [{ name: 'Awa', since: 'unknown', active: true }] });
  });

  it('restores a damaged file from an older-version backup through the same migrations', async () => {
    const path = join(tempDir(), 'people.json');
    await docAt(path, v1).write({ names: ['Awa'] });
    await docAt(path, v1).write({ names: ['Awa', 'Noé'] });
    writeFileSync(path, '{"schemaVersion":2,"data":{"peop');
    const notices: StoreNotice[] = [];
    expect(await docAt(path, v2, notices).read()).toEqual({ people: [{ name: 'Awa', since: 'unknown' }] });
    expect(notices).toEqual([expect.objectContaining({ code: 'restored-from-backup', document: 'people', backup: 1 })]);
    expect(envelopeOf(path).schemaVersion).toBe(2);
  });

  it('still refuses a file from a newer version, and leaves it untouched', async () => {
    const path = join(tempDir(), 'people.json');
    await docAt(path, v2).write({ people: [{ name: 'Awa', since: 'unknown' }] });
    const before = readFileSync(path, 'utf8');
    await expect(docAt(path, v1).read()).rejects.toBeInstanceOf(NewerDataError);
    await expect(docAt(path, v1).read()).rejects.toThrow(/data version 2, this version reads up to 1/);
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('treats old data its migration cannot read as damaged: set aside, never half-upgraded', async () => {
    const path = join(tempDir(), 'people.json');
    writeFileSync(path, '{"schemaVersion":1,"data":{"nom":["Awa"]}}\n');
    const notices: StoreNotice[] = [];
    expect(await docAt(path, v2, notices).read()).toBeNull();
    expect(notices).toEqual([expect.objectContaining({ code: 'started-empty', document: 'people' })]);
    expect(readFileSync(notices[0]!.quarantined, 'utf8')).toBe('{"schemaVersion":1,"data":{"nom":["Awa"]}}\n');
  });

  it('the store refuses a newer data folder at open, as before', async () => {
    const dir = tempDir();
    copyFileSync(new URL('../../tests/fixtures/store/newer.json', import.meta.url).pathname, join(dir, 'profiles.json'));
    await expect(stores.open(dir)).rejects.toBeInstanceOf(NewerDataError);
  });
});
