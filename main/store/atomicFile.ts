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

export async function readFileIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
