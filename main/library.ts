// The built-in scenario library as main serves it: every file parsed once, with its content
// hash (the identity under which an attempt's scenario version is stored).
import { deepStrictEqual } from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadScenario } from '../scenarios/format/parse';
import type { Scenario } from '../scenarios/format/schema';
import { libraryDir } from './paths';

export interface LibraryEntry {
  readonly scenario: Scenario;
  /** Canonical JSON of the parsed scenario: what is stored and hashed. */
  readonly text: string;
  readonly contentHash: string;
}

/** Canonical texts of files already validated, by the SHA-256 (hex) of each file's bytes. */
export type ValidatedLibrary = Readonly<Record<string, string>>;

/**
 * A ValidatedLibrary as JSON, defined in the bundles by main/build-main.ts (validateLibrary at
 * build time): zod over the library was most of start-up's own work. Absent from the sources (tsx, tests).
 */
declare const COMPTOIR_VALIDATED_LIBRARY: string | undefined;
const built = (): ValidatedLibrary => (typeof COMPTOIR_VALIDATED_LIBRARY === 'undefined' ? {} : (JSON.parse(COMPTOIR_VALIDATED_LIBRARY) as ValidatedLibrary));

export const contentHashOf = (text: string) => createHash('sha256').update(text).digest('hex');

export function entryOf(scenario: Scenario): LibraryEntry {
  const text = JSON.stringify(scenario);
  return { scenario, text, contentHash: contentHashOf(text) };
}

interface LibraryFile { readonly name: string; readonly bytes: Buffer; readonly digest: string }

async function readLibraryFiles(dir: string): Promise<LibraryFile[]> {
  const names = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(names.map(async (name) => {
    const bytes = await readFile(join(dir, name));
    return { name, bytes, digest: createHash('sha256').update(bytes).digest('hex') };
  }));
}

function parseFile(file: LibraryFile): LibraryEntry {
  const { scenario, diagnostics } = loadScenario(file.bytes, 'en');
  if (!scenario) throw new Error(`built-in scenario ${file.name} does not load: ${diagnostics.map((d) => d.message).join('; ')}`);
  return entryOf(scenario);
}

/**
 * Every `.json` file of `dir`, by scenario id. A file whose bytes match an entry of `validated`
 * is read back from that entry's text; any other file (edited since the build, or not built
 * in) goes through the full parse, so what is served is always what the folder holds.
 */
export async function loadLibrary(dir: string, validated: ValidatedLibrary = built()): Promise<Map<string, LibraryEntry>> {
  const entries = new Map<string, LibraryEntry>();
  for (const file of await readLibraryFiles(dir)) {
    const text = Object.hasOwn(validated, file.digest) ? validated[file.digest] : undefined;
    const entry = text === undefined ? parseFile(file) : { scenario: JSON.parse(text) as Scenario, text, contentHash: contentHashOf(text) };
    entries.set(entry.scenario.id, entry);
  }
  return entries;
}

/**
 * Parses every file of `dir` in full (what main/build-main.ts embeds in the bundles) and checks
 * that each canonical text reads back as exactly the Scenario zod returned: the shortcut in
 * loadLibrary is then the same library, not an approximation of it.
 */
export async function validateLibrary(dir: string): Promise<ValidatedLibrary> {
  const validated: Record<string, string> = {};
  for (const file of await readLibraryFiles(dir)) {
    const entry = parseFile(file);
    deepStrictEqual(JSON.parse(entry.text), entry.scenario, `built-in scenario ${file.name} does not read back from its canonical JSON`);
    validated[file.digest] = entry.text;
  }
  return validated;
}

/** Where the built-in scenarios are (see ./paths). */
export const defaultLibraryDir = (): string => libraryDir;
