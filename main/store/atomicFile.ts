// Crash-safe file writes: a unique temp file, fsync, rolling backups by hard link, rename over
// the target, fsync of the directory. The target always exists whole, old or new, never half.
import { randomBytes } from 'node:crypto';
import { open, rename, link, unlink, readFile, mkdir } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';

/** Write errors can be injected here in tests (a failing disk). */
export interface FileSystemFaults {
  beforeWrite?: ((path: string) => void) | undefined;
}
export const faults: FileSystemFaults = {};

export const backupPath = (path: string, n: number) => `${path}.bak-${n}`;

async function fsyncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    // Some file systems (and Windows) refuse to fsync a directory; the rename is still atomic there.
    if (!['EISDIR', 'EPERM', 'EINVAL', 'EBADF'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await handle?.close();
  }
}

const ignoreMissing = (error: unknown) => {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
};

/** Atomically replaces `path` with `data`, keeping the last `backups` versions as path.bak-1…N. */
export async function writeFileAtomic(path: string, data: string | Uint8Array, backups = 0): Promise<void> {
  faults.beforeWrite?.(path);
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(ignoreMissing);
    throw error;
  }
  await handle.close();
  try {
    if (backups > 0) {
      await unlink(backupPath(path, backups)).catch(ignoreMissing);
      for (let n = backups - 1; n >= 1; n--) await rename(backupPath(path, n), backupPath(path, n + 1)).catch(ignoreMissing);
      // A hard link keeps the current version as backup 1 while `path` still exists.
      await link(path, backupPath(path, 1)).catch(ignoreMissing);
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(ignoreMissing);
    throw error;
  }
  await fsyncDirectory(dir);
}

/**
 * A large file written in chunks (a bundle, a personal-data export) with the same guarantees as
 * writeFileAtomic: it appears at `path` whole once committed, or not at all. Text is buffered and
 * flushed by the megabyte, so memory stays flat whatever the file's size.
 */
export interface AtomicWriter {
  write(text: string): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export async function createAtomicWriter(path: string, flushBytes = 1 << 20): Promise<AtomicWriter> {
  faults.beforeWrite?.(path);
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  let pending: string[] = [];
  let size = 0;
  let closed = false;
  const flush = async () => {
    if (pending.length === 0) return;
    const chunk = pending.join('');
    pending = [];
    size = 0;
    await handle.write(chunk);
  };
  const abort = async () => {
    if (closed) return;
    closed = true;
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(ignoreMissing);
  };
  return {
    async write(text) {
      pending.push(text);
      size += text.length;
      if (size >= flushBytes) {
        try {
          await flush();
        } catch (error) {
          await abort();
          throw error;
        }
      }
    },
    async commit() {
      try {
        await flush();
        await handle.sync();
        closed = true;
        await handle.close();
        await rename(temp, path);
      } catch (error) {
        await abort();
        await unlink(temp).catch(ignoreMissing);
        throw error;
      }
      await fsyncDirectory(dir);
    },
    abort,
  };
}

export async function readFileIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
