// Files that cross between the user and main (exports out, bundles in). Electron: the system's save
// and open dialogs, main writes and reads there. Browser mode: one-time download slots and uploads in
// the data folder, fetched and sent by the page with the run's token (see server.ts).
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { NotFoundError } from './store/store';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';

/** What the renderer is told once a file is written: where it was saved, or the slot to download. */
export type Delivered = { readonly fileName: string; readonly savedTo: string } | { readonly fileName: string; readonly downloadId: string };

export interface FileGate {
  /** Where to write `fileName`; undefined when the user cancelled the save dialog. */
  prepare(fileName: string): Promise<{ readonly path: string; done(): Delivered } | undefined>;
  /** A file to read: the upload `uploadId` (browser mode), or one picked in the open dialog (Electron). */
  incoming(uploadId: string | undefined, extensions: readonly string[]): Promise<string | undefined>;
}

/** A compact timestamp for file names (UTC, minutes): 202612031724. */
export const fileStamp = (now: number): string => new Date(now).toISOString().slice(0, 16).replace(/[-:T]/g, '');

/** File names main suggests: letters, digits, dot, dash and underscore only, nothing that climbs out of a folder. */
export function safeFileName(name: string): string {
  const cleaned = basename(name).normalize('NFKD').replace(/[^\w.-]+/g, '-').replace(/^[.-]+/, '').slice(0, 120);
  return cleaned || 'comptoir';
}

export class UploadTooLargeError extends Error {
  override readonly name = 'UploadTooLargeError';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A slot or upload not taken within this time is deleted at the next start. */
const MAX_AGE_MS = 24 * 60 * 60 * 1000;

export interface BrowserFiles extends FileGate {
  /** The file of a download slot, once; undefined for an unknown or already taken slot. */
  take(downloadId: string): { readonly path: string; readonly fileName: string; release(): Promise<void> } | undefined;
  /** Streams an upload into the data folder (at most `maxBytes`) and returns its id. */
  receive(body: Readable, maxBytes: number): Promise<string>;
}

export async function browserFiles(dataDir: string, now: () => number = Date.now): Promise<BrowserFiles> {
  const outgoing = join(dataDir, 'transfers', 'outgoing');
  const incoming = join(dataDir, 'transfers', 'incoming');
  await mkdir(outgoing, { recursive: true });
  await mkdir(incoming, { recursive: true });
  // Personal data must not linger: anything left from an earlier run and older than a day goes.
  for (const dir of [outgoing, incoming]) {
    for (const entry of await readdir(dir)) {
      const path = join(dir, entry);
      if (now() - (await stat(path)).mtimeMs > MAX_AGE_MS) await rm(path, { recursive: true, force: true });
    }
  }
  const slots = new Map<string, { path: string; fileName: string }>();
  return {
    async prepare(fileName) {
      const id = randomUUID();
      const name = safeFileName(fileName);
      await mkdir(join(outgoing, id));
      const path = join(outgoing, id, name);
      return {
        path,
        done: () => {
          slots.set(id, { path, fileName: name });
          return { fileName: name, downloadId: id };
        },
      };
    },
    async incoming(uploadId) {
      if (!uploadId || !UUID.test(uploadId)) return undefined;
      const path = join(incoming, uploadId);
      // An id that was never uploaded (or already cleaned up) is not found, not an internal error.
      if (!(await stat(path).catch(() => undefined))) throw new NotFoundError(`upload ${uploadId}`);
      return path;
    },
    take(downloadId) {
      const slot = UUID.test(downloadId) ? slots.get(downloadId) : undefined;
      if (!slot) return undefined;
      slots.delete(downloadId);
      return { ...slot, release: () => rm(join(outgoing, downloadId), { recursive: true, force: true }) };
    },
    async receive(body, maxBytes) {
      const id = randomUUID();
      const path = join(incoming, id);
      let seen = 0;
      const limit = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          seen += chunk.length;
          callback(seen > maxBytes ? new UploadTooLargeError(`the file is larger than ${Math.round(maxBytes / 1e6)} MB`) : null, chunk);
        },
      });
      try {
        await pipeline(body, limit, createWriteStream(path, { mode: 0o600 }));
      } catch (error) {
        await rm(path, { force: true });
        throw error;
      }
      return id;
    },
  };
}

/** Electron's dialogs, as much of them as main uses. */
export interface DialogLike {
  showSaveDialog(options: { defaultPath: string }): Promise<{ canceled: boolean; filePath?: string }>;
  showOpenDialog(options: { properties: string[]; filters: { name: string; extensions: string[] }[] }): Promise<{ canceled: boolean; filePaths: string[] }>;
}

export function electronFiles(dialog: DialogLike): FileGate {
  return {
    async prepare(fileName) {
      const chosen = await dialog.showSaveDialog({ defaultPath: safeFileName(fileName) });
      if (chosen.canceled || !chosen.filePath) return undefined;
      const path = chosen.filePath;
      return { path, done: () => ({ fileName: basename(path), savedTo: path }) };
    },
    async incoming(_uploadId, extensions) {
      const chosen = await dialog.showOpenDialog({ properties: ['openFile'], filters: [{ name: 'Comptoir', extensions: [...extensions] }] });
      return chosen.canceled ? undefined : chosen.filePaths[0];
    },
  };
}
