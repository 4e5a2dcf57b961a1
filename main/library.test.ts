// The built-in library's start-up shortcut: files validated at build time are read back from their
// canonical text, as the very entries a full parse gives, and only while their bytes are unchanged.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultLibraryDir, entryOf, loadLibrary, validateLibrary } from './library';
import type { Scenario } from '../scenarios/format/schema';

const SMALL = ['exemple-boulangerie-commande.json', 'exemple-guichet-banque.json'];

function copyOfSmallLibrary(): string {
  const dir = mkdtempSync(join(tmpdir(), 'comptoir-library-'));
  for (const file of SMALL) copyFileSync(join(defaultLibraryDir(), file), join(dir, file));
  return dir;
}

describe('loadLibrary with a validated library', () => {
  it('gives the same entries, text and content hashes as a full parse of every built-in file', async () => {
    const dir = defaultLibraryDir();
    const parsed = await loadLibrary(dir, {});
    const shortcut = await loadLibrary(dir, await validateLibrary(dir));
    expect(parsed.size).toBeGreaterThan(0);
    expect([...shortcut.keys()]).toEqual([...parsed.keys()]);
    for (const [id, entry] of parsed) expect(shortcut.get(id)).toStrictEqual(entry);
  });

  it('reads a file whose bytes match a validated digest from that text, not from the file', async () => {
    const dir = copyOfSmallLibrary();
    const validated = await validateLibrary(dir);
    const [digest, text] = Object.entries(validated).find(([, t]) => (JSON.parse(t) as Scenario).id === 'exemple-guichet-banque')!;
    const retitled = entryOf({ ...(JSON.parse(text) as Scenario), title: { fr: 'Titre de la build', en: 'Build title' } });
    const entry = (await loadLibrary(dir, { ...validated, [digest]: retitled.text })).get('exemple-guichet-banque');
    expect(entry).toStrictEqual(retitled);
  });

  it('parses a file edited after validation from its new bytes instead of serving the stale text', async () => {
    const dir = copyOfSmallLibrary();
    const validated = await validateLibrary(dir);
    const path = join(dir, 'exemple-guichet-banque.json');
    const source = JSON.parse(readFileSync(path, 'utf8')) as { title: Record<string, string> };
    writeFileSync(path, JSON.stringify({ ...source, title: { ...source.title, en: 'Edited since the build' } }, null, 2));
    const library = await loadLibrary(dir, validated);
    expect(library.get('exemple-guichet-banque')?.scenario.title.en).toBe('Edited since the build');
    expect(library.get('exemple-guichet-banque')).toStrictEqual((await loadLibrary(dir, {})).get('exemple-guichet-banque'));
  });

  it('still refuses a file that does not load, naming it, whatever was validated before', async () => {
    const dir = copyOfSmallLibrary();
    const validated = await validateLibrary(dir);
    writeFileSync(join(dir, 'exemple-guichet-banque.json'), '{ "formatVersion": 1, "id": ');
    await expect(loadLibrary(dir, validated)).rejects.toThrow(/exemple-guichet-banque\.json does not load/);
  });
});

describe('validateLibrary', () => {
  it('keys each file by the SHA-256 of its bytes and refuses a file that does not load', async () => {
    const dir = copyOfSmallLibrary();
    const digests = SMALL.map((file) => createHash('sha256').update(readFileSync(join(dir, file))).digest('hex'));
    expect(Object.keys(await validateLibrary(dir)).sort()).toEqual(digests.sort());
    writeFileSync(join(dir, 'broken.json'), '[]');
    await expect(validateLibrary(dir)).rejects.toThrow(/broken\.json does not load/);
  });
});
