// The studio's storage over real temp folders: drafts stored canonically one file each, revisions
// that stop two windows overwriting each other, read-only built-ins, refused texts, copies, the
// trash, and publishing (lint first, a version bump only when the content changed).
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DraftError, ReadOnlyError, Studio, StudioConflictError, type StudioOptions } from './studio';
import { defaultLibraryDir, loadLibrary, type LibraryEntry } from './library';
import type { StoreNotice } from './store/document';
import { Store } from './store/store';
import { canonicalText } from '../scenarios/studio/canonical';
import { MAX_SCENARIO_BYTES } from '../scenarios/format/parse';

const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});
const tempDir = () => mkdtempSync(join(tmpdir(), 'comptoir-studio-'));

let library: Promise<Map<string, LibraryEntry>> | undefined;
const BUILTIN = 'exemple-guichet-banque';

async function open(extra: Partial<StudioOptions> = {}) {
  const dataDir = extra.dataDir ?? tempDir();
  const store = await Store.open({ dataDir });
  stores.push(store);
  let clock = Date.parse('2026-12-04T09:00:00Z');
  const options: StudioOptions = { dataDir, library: await (library ??= loadLibrary(defaultLibraryDir())), store, now: () => (clock += 1000), ...extra };
  return { studio: await Studio.open(options), dataDir, store, options };
}

const draft = (id: string, extra: Record<string, unknown> = {}) => JSON.stringify({ id, formatVersion: 1, version: 1, title: { fr: `Brouillon ${id}` }, steps: [], ...extra });
const draftFile = (dataDir: string, id: string, where = 'drafts') => join(dataDir, 'studio', where, `${id}.json`);

/** The built-in example as a plain document under another id (a playable, lint-clean draft). */
async function exampleAs(id: string): Promise<Record<string, unknown>> {
  const entry = (await (library ??= loadLibrary(defaultLibraryDir()))).get(BUILTIN)!;
  return { ...(JSON.parse(entry.text) as Record<string, unknown>), id, version: 1 };
}

describe('the studio’s drafts', () => {
  it('stores a new draft in canonical form in its own file at revision 1; a save naming revision 1 makes revision 2 and keeps a backup', async () => {
    const { studio, dataDir } = await open();
    const text = draft('mon-scenario', { mainLanguage: 'fr' });
    const created = await studio.save('mon-scenario', text);
    expect(created.revision).toBe(1);
    expect(created.entry).toMatchObject({ id: 'mon-scenario', source: 'custom', revision: 1, version: 1, steps: 0, title: { fr: 'Brouillon mon-scenario' }, assigned: false, changedSincePublish: true });
    expect(created.entry.published).toBeUndefined();
    const file = readFileSync(draftFile(dataDir, 'mon-scenario'), 'utf8');
    expect(file).toBe(canonicalText(JSON.parse(text)));
    expect(file.startsWith('{\n  "formatVersion": 1,\n  "id": "mon-scenario",')).toBe(true);

    const saved = await studio.save('mon-scenario', draft('mon-scenario', { title: { fr: 'Deuxième' } }), 1);
    expect(saved.revision).toBe(2);
    expect(saved.entry.title).toEqual({ fr: 'Deuxième' });
    expect(readFileSync(`${draftFile(dataDir, 'mon-scenario')}.bak-1`, 'utf8')).toBe(file);
    expect((await studio.get('mon-scenario')).text).toContain('"Deuxième"');
  });

  it('refuses to create an id that exists (up to case), and a save naming a stale revision, changing nothing', async () => {
    const { studio, dataDir } = await open();
    await studio.save('partage', draft('partage'));
    await studio.save('partage', draft('partage', { title: { fr: 'Fenêtre A' } }), 1);
    const before = readFileSync(draftFile(dataDir, 'partage'), 'utf8');
    await expect(studio.save('partage', draft('partage'))).rejects.toMatchObject({ name: 'StudioConflictError', reason: 'exists' });
    // One file on Windows and macOS: an id differing only by case is taken too, a built-in's as well.
    await expect(studio.save('Partage', draft('Partage'))).rejects.toMatchObject({ reason: 'exists' });
    await expect(studio.save(BUILTIN.toUpperCase(), draft(BUILTIN.toUpperCase()))).rejects.toMatchObject({ reason: 'exists' });
    const stale = studio.save('partage', draft('partage', { title: { fr: 'Fenêtre B' } }), 1);
    await expect(stale).rejects.toBeInstanceOf(StudioConflictError);
    await expect(stale).rejects.toMatchObject({ reason: 'stale-revision' });
    await expect(studio.save('inconnu', draft('inconnu'), 3)).rejects.toMatchObject({ name: 'NotFoundError' });
    expect(readFileSync(draftFile(dataDir, 'partage'), 'utf8')).toBe(before);
    expect(studio.entryOf('partage').revision).toBe(2);
  });

  it('keeps built-ins read-only (save, delete, publish say to duplicate), while they can still be read', async () => {
    const { studio, dataDir } = await open();
    for (const attempt of [studio.save(BUILTIN, draft(BUILTIN)), studio.delete(BUILTIN), studio.publish(BUILTIN)]) {
      await expect(attempt).rejects.toBeInstanceOf(ReadOnlyError);
      await expect(attempt).rejects.toThrow(/duplicate it to edit/);
    }
    expect(existsSync(join(dataDir, 'studio'))).toBe(false);
    const { entry, text } = await studio.get(BUILTIN);
    expect(entry).toMatchObject({ id: BUILTIN, source: 'builtin', version: 3, changedSincePublish: false, assigned: false });
    expect(entry.revision).toBeUndefined();
    expect(JSON.parse(text)).toMatchObject({ id: BUILTIN, version: 3 });
    expect(text).toBe(canonicalText(JSON.parse(text)));
  });

  it('refuses oversize, too deep, non-JSON and non-object texts, and a text whose id is not the one saved, with their reason', async () => {
    const { studio, dataDir } = await open();
    const refused = async (id: string, text: string, code: string) => {
      const saving = studio.save(id, text);
      await expect(saving).rejects.toBeInstanceOf(DraftError);
      await expect(saving).rejects.toMatchObject({ code });
    };
    await refused('grand', `{"id":"grand","x":"${'a'.repeat(MAX_SCENARIO_BYTES)}"}`, 'too-large');
    // Fewer UTF-16 units than the limit, more UTF-8 bytes: the bytes are what count.
    await refused('accents', `{"id":"accents","x":"${'é'.repeat(MAX_SCENARIO_BYTES / 2 + 10)}"}`, 'too-large');
    await refused('profond', `{"id":"profond","x":${'['.repeat(65)}${']'.repeat(65)}}`, 'too-deep');
    await refused('abime', `{"id":"abime","x":${'['.repeat(100_000)}`, 'too-deep');
    await refused('casse', '{"id":"casse",', 'not-json');
    await refused('liste', '["liste"]', 'not-object');
    await refused('nom', draft('autre-nom'), 'id-mismatch');
    expect(existsSync(join(dataDir, 'studio'))).toBe(false);
  });

  it('stores a draft that is not yet a valid scenario (a draft in progress)', async () => {
    const { studio } = await open();
    const saved = await studio.save('ebauche', JSON.stringify({ id: 'ebauche', steps: [{ id: 'x' }], title: 42 }));
    expect(saved.entry).toMatchObject({ steps: 1, version: 1, title: { fr: 'ebauche', en: 'ebauche' } });
  });

  it('never turns an id into a path', async () => {
    const { studio, dataDir } = await open();
    await expect(studio.save('../x', JSON.stringify({ id: '../x' }))).rejects.toThrow();
    expect(existsSync(join(dataDir, 'x.json'))).toBe(false);
    expect(existsSync(join(dataDir, 'studio', 'x.json'))).toBe(false);
  });

  it('rewrites only the saved draft’s file (and the index), never the other drafts', async () => {
    const { studio, dataDir } = await open();
    await studio.save('a', draft('a'));
    await studio.save('b', draft('b'));
    const b = statSync(draftFile(dataDir, 'b'));
    await studio.save('a', draft('a', { title: { fr: 'Changé' } }), 1);
    const after = statSync(draftFile(dataDir, 'b'));
    expect([after.ino, after.mtimeMs]).toEqual([b.ino, b.mtimeMs]);
    expect(readdirSync(join(dataDir, 'studio', 'drafts')).sort()).toEqual(['a.json', 'a.json.bak-1', 'b.json']);
  });

  it('names copies <id>-copie, then -copie-2… (the trash’s ids taken too), « Copie de » / "Copy of", version 1, unpublished, unassigned', async () => {
    const { studio } = await open();
    await studio.assign(BUILTIN, true);
    const first = await studio.duplicate(BUILTIN);
    expect(first.entry).toMatchObject({ id: `${BUILTIN}-copie`, source: 'custom', version: 1, revision: 1, assigned: false, changedSincePublish: true });
    const title = (await library!).get(BUILTIN)!.scenario.title;
    expect(first.entry.title).toEqual({ fr: `Copie de ${title.fr!}`, en: `Copy of ${title.en!}` });
    expect(JSON.parse(first.text)).toMatchObject({ id: `${BUILTIN}-copie`, version: 1, mainLanguage: 'fr' });
    const second = await studio.duplicate(BUILTIN);
    expect(second.entry.id).toBe(`${BUILTIN}-copie-2`);
    await studio.delete(`${BUILTIN}-copie-2`);
    expect((await studio.duplicate(BUILTIN)).entry.id).toBe(`${BUILTIN}-copie-3`);
    const ofCopy = await studio.duplicate(`${BUILTIN}-copie`);
    expect(ofCopy.entry).toMatchObject({ id: `${BUILTIN}-copie-copie`, title: { fr: `Copie de Copie de ${title.fr!}` } });
    // Ids stay within IdSchema's 80 characters.
    const long = 'l'.repeat(80);
    await studio.save(long, draft(long));
    expect((await studio.duplicate(long)).entry.id).toBe(`${'l'.repeat(74)}-copie`);
  });

  it('moves a deleted draft with its backups to the trash, lists it no more, and restores it whole', async () => {
    const { studio, dataDir } = await open();
    await studio.save('jetable', draft('jetable'));
    await studio.save('jetable', draft('jetable', { title: { fr: 'Version 2' } }), 1);
    const text = readFileSync(draftFile(dataDir, 'jetable'), 'utf8');
    await studio.delete('jetable');
    expect(existsSync(draftFile(dataDir, 'jetable'))).toBe(false);
    expect(readdirSync(join(dataDir, 'studio', 'trash')).sort()).toEqual(['jetable.json', 'jetable.json.bak-1']);
    expect(studio.list().map((e) => e.id)).not.toContain('jetable');
    await expect(studio.get('jetable')).rejects.toMatchObject({ name: 'NotFoundError' });
    await expect(studio.delete('jetable')).rejects.toMatchObject({ name: 'NotFoundError' });
    await expect(studio.save('jetable', draft('jetable'))).rejects.toMatchObject({ reason: 'in-trash' });

    const restored = await studio.restore('jetable');
    expect(restored).toMatchObject({ id: 'jetable', revision: 2, title: { fr: 'Version 2' } });
    expect(readFileSync(draftFile(dataDir, 'jetable'), 'utf8')).toBe(text);
    expect(existsSync(`${draftFile(dataDir, 'jetable')}.bak-1`)).toBe(true);
    await expect(studio.restore('jetable')).rejects.toMatchObject({ name: 'NotFoundError' });
    await expect(studio.restore('jamais-vu')).rejects.toMatchObject({ name: 'NotFoundError' });
  });

  it('refuses to publish a draft with lint errors, listing each with its code and path, and publishes nothing', async () => {
    const { studio, dataDir } = await open();
    const doc = await exampleAs('impasse');
    const steps = doc['steps'] as { choices?: { next: string }[] }[];
    steps[6]!.choices![0]!.next = 'nulle-part';
    steps[7]!.choices = [];
    await studio.save('impasse', JSON.stringify(doc));
    const result = await studio.publish('impasse');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { code: 'ref.unknown-step', message: 'Étape inconnue : « nulle-part ».', path: ['steps', 6, 'choices', 0, 'next'] },
      expect.objectContaining({ code: 'step.dead-end', path: ['steps', 7, 'id'] }),
    ]);
    expect(studio.entryOf('impasse').published).toBeUndefined();
    expect(existsSync(join(dataDir, 'scenarios'))).toBe(false);
  });

  it('publishes the draft’s own version first, bumps it only when the content changed (not for layout), and writes it back into the draft', async () => {
    const { studio, store, dataDir } = await open();
    const doc = await exampleAs('publiable');
    await studio.save('publiable', JSON.stringify({ ...doc, version: 4 }));
    const first = await studio.publish('publiable');
    if (!first.ok) throw new Error(JSON.stringify(first.errors));
    expect(first).toMatchObject({ version: 4, entry: { version: 4, revision: 1, changedSincePublish: false, published: { version: 4, contentHash: first.contentHash } } });
    const stored = JSON.parse((await store.loadScenarioVersion(first.contentHash))!) as Record<string, unknown>;
    expect(stored).toMatchObject({ id: 'publiable', version: 4 });
    expect(stored['editor']).toBeUndefined();

    // Only the layout moves: nothing to publish again.
    await studio.save('publiable', JSON.stringify({ ...doc, version: 4, editor: { positions: { accueil: { x: 10, y: 20 } } } }), 1);
    expect(studio.entryOf('publiable').changedSincePublish).toBe(false);
    const layout = await studio.publish('publiable');
    expect(layout).toMatchObject({ ok: true, version: 4, contentHash: first.contentHash });

    // A text changes: the next version, written back into the draft (a new revision).
    const changed = { ...doc, version: 4, title: { fr: 'Nouveau titre', en: 'New title' } };
    await studio.save('publiable', JSON.stringify(changed), 2);
    expect(studio.entryOf('publiable').changedSincePublish).toBe(true);
    const second = await studio.publish('publiable');
    if (!second.ok) throw new Error(JSON.stringify(second.errors));
    expect(second.version).toBe(5);
    expect(second.contentHash).not.toBe(first.contentHash);
    expect(second.entry).toMatchObject({ version: 5, revision: 4, changedSincePublish: false, title: { fr: 'Nouveau titre' } });
    expect(JSON.parse(readFileSync(draftFile(dataDir, 'publiable'), 'utf8'))).toMatchObject({ version: 5 });
    // A draft version set above the last published one is kept.
    await studio.save('publiable', JSON.stringify({ ...changed, version: 9, title: { fr: 'Encore' } }), 4);
    expect(await studio.publish('publiable')).toMatchObject({ ok: true, version: 9 });
    expect((await studio.published()).map((e) => [e.scenario.id, e.scenario.version])).toEqual([['publiable', 9]]);
  });

  it('keeps assignments and publishes across a restart, and restores a damaged index from its backup, saying so', async () => {
    const dataDir = tempDir();
    const first = await open({ dataDir });
    await first.studio.save('gardee', JSON.stringify(await exampleAs('gardee')));
    await first.studio.assign('gardee', true);
    await first.studio.assign(BUILTIN, true);
    await first.studio.publish('gardee');
    await stores.pop()!.close();

    writeFileSync(join(dataDir, 'studio', 'index.json'), '{"schemaVersion":1,"data":');
    const notices: StoreNotice[] = [];
    const again = await open({ dataDir, notify: (n) => notices.push(n) });
    expect(notices).toEqual([expect.objectContaining({ code: 'restored-from-backup', document: 'studio', backup: 1 })]);
    // The newest backup is the index before the publish: assignments are there, the publish is not.
    expect(again.studio.isAssigned('gardee')).toBe(true);
    expect(again.studio.isAssigned(BUILTIN)).toBe(true);
    expect(again.studio.entryOf('gardee').published).toBeUndefined();
  });
});
