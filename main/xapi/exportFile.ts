// A statements JSON file (one array, what an LRS or a spreadsheet tool imports), written statement
// by statement to a temp file beside the target, synced, then renamed: whole or not at all.
import { randomUUID } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Writes `statements` as a JSON array to `path`; streams, so a large outbox never sits whole in memory. */
export async function writeStatementsFile(path: string, statements: Iterable<unknown> | AsyncIterable<unknown>): Promise<{ readonly statements: number }> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomUUID()}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  let count = 0;
  try {
    await handle.write('[');
    for await (const statement of statements) {
      await handle.write(`${count === 0 ? '\n' : ',\n'}${JSON.stringify(statement)}`);
      count++;
    }
    await handle.write(count === 0 ? ']\n' : '\n]\n');
    await handle.sync();
    await handle.close();
    await rename(temp, path);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  return { statements: count };
}
