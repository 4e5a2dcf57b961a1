// The built-in scenario library as main serves it: every file parsed once, with its content
// hash (the identity under which an attempt's scenario version is stored).
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

export const contentHashOf = (text: string) => createHash('sha256').update(text).digest('hex');

export function entryOf(scenario: Scenario): LibraryEntry {
  const text = JSON.stringify(scenario);
  return { scenario, text, contentHash: contentHashOf(text) };
}

export async function loadLibrary(dir: string): Promise<Map<string, LibraryEntry>> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const entries = new Map<string, LibraryEntry>();
  for (const file of files) {
    const { scenario, diagnostics } = loadScenario(await readFile(join(dir, file)), 'en');
    if (!scenario) throw new Error(`built-in scenario ${file} does not load: ${diagnostics.map((d) => d.message).join('; ')}`);
    entries.set(scenario.id, entryOf(scenario));
  }
  return entries;
}

/** Where the built-in scenarios are (see ./paths). */
export const defaultLibraryDir = (): string => libraryDir;
