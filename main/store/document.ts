// A lowdb adapter for one JSON document: versioned envelope, migrations, validation on load,
// quarantine of a bad file with restore from the newest valid backup, refusal of newer files.
import { rename } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import type { z } from 'zod';
import { backupPath, readFileIfExists, writeFileAtomic } from './atomicFile';

export interface DocumentSpec<T> {
  /** Short name used in notices (e.g. "profiles"). */
  readonly name: string;
  readonly schemaVersion: number;
  readonly schema: z.ZodType<T>;
  /** migrations[n] upgrades the data of version n to version n + 1. */
  readonly migrations?: Readonly<Record<number, (data: unknown) => unknown>>;
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

type Decoded<T> = { ok: true; data: T } | { ok: false; newer?: number };

export function decodeDocument<T>(raw: Buffer, spec: DocumentSpec<T>): Decoded<T> {
  let envelope: unknown;
  try {
    envelope = JSON.parse(raw.toString('utf8'));
  } catch {
    return { ok: false };
  }
  if (typeof envelope !== 'object' || envelope === null) return { ok: false };
  const { schemaVersion, data } = envelope as { schemaVersion?: unknown; data?: unknown };
  if (typeof schemaVersion !== 'number' || !Number.isInteger(schemaVersion) || schemaVersion < 1) return { ok: false };
  if (schemaVersion > spec.schemaVersion) return { ok: false, newer: schemaVersion };
  let current = data;
  for (let v = schemaVersion; v < spec.schemaVersion; v++) {
    const up = spec.migrations?.[v];
    if (!up) return { ok: false };
    current = up(current);
  }
  const parsed = spec.schema.safeParse(current);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false };
}

export const encodeDocument = <T>(data: T, spec: DocumentSpec<T>) => `${JSON.stringify({ schemaVersion: spec.schemaVersion, data })}\n`;

export class JsonDocument<T> implements Adapter<T> {
  constructor(
    readonly path: string,
    private readonly spec: DocumentSpec<T>,
    private readonly notify: (notice: StoreNotice) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async read(): Promise<T | null> {
    const raw = await readFileIfExists(this.path);
    if (raw === undefined) return null;
    const decoded = decodeDocument(raw, this.spec);
    if (decoded.ok) return decoded.data;
    if (decoded.newer !== undefined) throw new NewerDataError(this.path, decoded.newer, this.spec.schemaVersion);
    // Empty, truncated, invalid or of the wrong shape: set it aside, never silently start empty.
    const quarantined = `${this.path}.corrupt-${this.now().toISOString().replace(/[:.]/g, '-')}`;
    await rename(this.path, quarantined);
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
