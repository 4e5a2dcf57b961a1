// A lowdb adapter for one JSON document: versioned envelope, migrations, validation on load,
// quarantine of a bad file with restore from the newest valid backup, refusal of newer files.
import { readdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Adapter } from 'lowdb';
import type { z } from 'zod';
import { backupPath, readFileIfExists, writeFileAtomic } from './atomicFile';

/** A pure function from a document's data at version n to its data at version n + 1. */
export type Migration = (data: unknown) => unknown;

export interface DocumentSpec<T> {
  /** Short name used in notices (e.g. "profiles"). */
  readonly name: string;
  readonly schemaVersion: number;
  readonly schema: z.ZodType<T>;
  /** migrations[i] upgrades the data of version i + 1 to version i + 2; the list ends at schemaVersion. */
  readonly migrations?: readonly Migration[];
  readonly backups: number;
}

export type StoreNotice =
  | { readonly code: 'restored-from-backup'; readonly document: string; readonly quarantined: string; readonly backup: number }
  | { readonly code: 'started-empty'; readonly document: string; readonly quarantined: string };

export class NewerDataError extends Error {
  override readonly name = 'NewerDataError';
  constructor(readonly path: string, readonly found: number, readonly supported: number) {
    super(`${path} was written by a newer Comptoir (data version ${found}, this version reads up to ${supported})`);
  }
}

type Decoded<T> = { ok: true; data: T } | { ok: false; newer?: number; issue?: string };

/**
 * Decodes a parsed envelope `{ schemaVersion, data }`: runs the migrations from its version up to
 * the spec's, then validates. A migration that throws means the old data was not what its version
 * promised, so the document is treated as invalid (quarantined by the caller), never half-upgraded.
 */
export function decodeEnvelope<T>(envelope: unknown, spec: DocumentSpec<T>): Decoded<T> {
  if (typeof envelope !== 'object' || envelope === null) return { ok: false, issue: 'not an object' };
  const { schemaVersion, data } = envelope as { schemaVersion?: unknown; data?: unknown };
  if (typeof schemaVersion !== 'number' || !Number.isInteger(schemaVersion) || schemaVersion < 1) return { ok: false, issue: 'no valid schemaVersion' };
  if (schemaVersion > spec.schemaVersion) return { ok: false, newer: schemaVersion };
  let current = data;
  for (let v = schemaVersion; v < spec.schemaVersion; v++) {
    const up = spec.migrations?.[v - 1];
    if (!up) return { ok: false, issue: `no migration from version ${v}` };
    try {
      current = up(current);
    } catch (error) {
      return { ok: false, issue: `migration from version ${v} failed: ${(error as Error).message}` };
    }
  }
  const parsed = spec.schema.safeParse(current);
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, issue: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') };
}

export function decodeDocument<T>(raw: Buffer, spec: DocumentSpec<T>): Decoded<T> {
  let envelope: unknown;
  try {
    envelope = JSON.parse(raw.toString('utf8'));
  } catch {
    return { ok: false, issue: 'not JSON' };
  }
  return decodeEnvelope(envelope, spec);
}

export const encodeDocument = <T>(data: T, spec: DocumentSpec<T>) => `${JSON.stringify({ schemaVersion: spec.schemaVersion, data })}\n`;

/** Repairs under way in this process, by path. */
const repairs = new Map<string, Promise<unknown>>();

const ignoreMissing = (error: unknown) => {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
};

export class JsonDocument<T> implements Adapter<T> {
  constructor(
    readonly path: string,
    private readonly spec: DocumentSpec<T>,
    private readonly notify: (notice: StoreNotice) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * An older file is migrated in memory only: it is written at the new version when it is next
   * saved. Reading never rewrites (a 100,000-attempt store is not rewritten at start), and until a
   * document changes, the previous Comptoir can still read it.
   */
  async read(): Promise<T | null> {
    const raw = await readFileIfExists(this.path);
    if (raw === undefined) return (repairs.get(this.path) as Promise<T | null> | undefined) ?? null;
    const decoded = decodeDocument(raw, this.spec);
    if (decoded.ok) return decoded.data;
    if (decoded.newer !== undefined) throw new NewerDataError(this.path, decoded.newer, this.spec.schemaVersion);
    // Readers of one damaged file (two reads of an attempt at once) share one repair.
    const pending = repairs.get(this.path) as Promise<T | null> | undefined;
    if (pending) return pending;
    const repair = this.repair();
    repairs.set(this.path, repair);
    try {
      return await repair;
    } finally {
      repairs.delete(this.path);
    }
  }

  /** Empty, truncated, invalid or of the wrong shape: set it aside, never silently start empty. */
  private async repair(): Promise<T | null> {
    // Read again: another reader may have repaired it between our read and now.
    const current = await readFileIfExists(this.path);
    if (current === undefined) return null;
    const again = decodeDocument(current, this.spec);
    if (again.ok) return again.data;
    if (again.newer !== undefined) throw new NewerDataError(this.path, again.newer, this.spec.schemaVersion);
    const quarantined = `${this.path}.corrupt-${this.now().toISOString().replace(/[:.]/g, '-')}`;
    try {
      await rename(this.path, quarantined);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    for (let n = 1; n <= this.spec.backups; n++) {
      const backup = await readFileIfExists(backupPath(this.path, n));
      if (backup === undefined) continue;
      const restored = decodeDocument(backup, this.spec);
      if (!restored.ok) continue;
      await writeFileAtomic(this.path, encodeDocument(restored.data, this.spec), 0);
      this.notify({ code: 'restored-from-backup', document: this.spec.name, quarantined, backup: n });
      return restored.data;
    }
    this.notify({ code: 'started-empty', document: this.spec.name, quarantined });
    return null;
  }

  async write(data: T): Promise<void> {
    await writeFileAtomic(this.path, encodeDocument(data, this.spec), this.spec.backups);
  }
}

/**
 * Rewrites the rolling backups of a document with `clean` (which answers undefined when a backup
 * holds nothing to remove); a backup that no longer decodes but mentions one of `needles` is
 * deleted, as it cannot be cleaned and can no longer be restored. Returns the backups changed.
 */
export async function scrubBackups<T>(path: string, spec: DocumentSpec<T>, clean: (data: T) => T | undefined, needles: readonly string[]): Promise<number> {
  let changed = 0;
  for (let n = 1; n <= spec.backups; n++) {
    const at = backupPath(path, n);
    const raw = await readFileIfExists(at);
    if (raw === undefined) continue;
    const decoded = decodeDocument(raw, spec);
    if (decoded.ok) {
      const cleaned = clean(decoded.data);
      if (cleaned === undefined) continue;
      await writeFileAtomic(at, encodeDocument(cleaned, spec), 0);
      changed++;
    } else {
      const text = raw.toString('utf8');
      if (needles.some((needle) => text.includes(needle))) {
        await unlink(at).catch(ignoreMissing);
        changed++;
      }
    }
  }
  return changed;
}

/** The file a stored name belongs to: `x.json`, its `x.json.bak-N`, `x.json.corrupt-…` and `.x.json.….tmp`. */
export const documentOf = (entry: string) => /^\.?(.*?\.json)(?:$|\.bak-\d+$|\.corrupt-|\..*\.tmp$)/.exec(entry)?.[1];

/**
 * Deletes documents with every copy the store makes of them (backups, quarantined copies, temp
 * files left by a crash). `names` are base names (`<id>.json`) in `dir`; returns the files deleted.
 */
export async function removeDocuments(dir: string, names: ReadonlySet<string>): Promise<number> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    ignoreMissing(error);
    return 0;
  }
  let removed = 0;
  for (const entry of entries) {
    const of = documentOf(entry);
    if (of === undefined || !names.has(of)) continue;
    await unlink(join(dir, entry)).catch(ignoreMissing);
    removed++;
  }
  return removed;
}

/** Quarantined copies (`*.corrupt-<time>`) of the documents in `dir`, as paths. */
export async function quarantinedIn(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => f.includes('.json.corrupt-')).map((f) => join(dir, f));
  } catch (error) {
    ignoreMissing(error);
    return [];
  }
}
