// One live Comptoir per data directory: a lock file naming the owner's pid. A lock left by a
// killed process (its pid gone) is taken over, so a crash never locks a trainee out.
import { open, readFile, unlink, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
  constructor(readonly dataDir: string, readonly pid: number) {
    super(`Comptoir is already running on ${dataDir} (process ${pid}). Close it first, or use another --data-dir.`);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface DataDirLock { release(): Promise<void> }

export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, 'comptoir.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(JSON.stringify({ pid: process.pid, since: new Date().toISOString() }));
      await handle.sync();
      await handle.close();
      return { release: () => unlink(path).catch(() => undefined) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let owner = NaN;
    try {
      owner = Number((JSON.parse(await readFile(path, 'utf8')) as { pid?: unknown }).pid);
    } catch {
      // An unreadable lock (a crash while writing it) is stale.
    }
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) throw new DataDirLockedError(dataDir, owner);
    await unlink(path).catch(() => undefined);
  }
  throw new Error(`could not take the lock ${path}`);
}
