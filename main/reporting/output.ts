// Where an export goes: a file path, written atomically (a temp file beside it, fsync, rename,
// so a failed export never leaves half a file), or a caller's Writable; bytes are counted.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { PassThrough, type Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';

const CHUNK = 1024 * 1024;

/** A file path (replaced atomically) or a Writable (ended when the export ends, destroyed if it fails). */
export type ExportOutput = string | Writable;

/**
 * Runs `write` against a stream that leads to `output` and resolves once every byte is there
 * (for a path: on disk, renamed into place). On failure a path is left untouched.
 */
export async function withOutput<T>(output: ExportOutput, write: (stream: Writable) => Promise<T>): Promise<T & { bytes: number }> {
  // Large buffers: a file write is a round trip to the thread pool, and a busy machine makes each one slow.
  const counter = new PassThrough({ highWaterMark: CHUNK });
  let bytes = 0;
  counter.on('data', (chunk: Buffer) => { bytes += chunk.length; });
  if (typeof output !== 'string') {
    const piped = pipeline(counter, output);
    // Awaited below; meanwhile a failure of the output must not count as an unhandled rejection.
    piped.catch(() => undefined);
    try {
      const result = await write(counter);
      await finished(counter);
      await piped;
      return { ...result, bytes };
    } catch (error) {
      counter.destroy(error as Error);
      await piped.catch(() => undefined);
      throw error;
    }
  }
  const dir = dirname(output);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(output)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  // Personal data: readable by the user only, like the store's own files.
  const handle = await open(temp, 'wx', 0o600);
  try {
    // flush: fsync before the stream closes the file, so the rename never exposes unwritten data.
    const file = handle.createWriteStream({ flush: true, highWaterMark: CHUNK });
    const piped = pipeline(counter, file);
    piped.catch(() => undefined);
    try {
      const result = await write(counter);
      await finished(counter);
      await piped;
      await rename(temp, output);
      return { ...result, bytes };
    } catch (error) {
      counter.destroy(error as Error);
      await piped.catch(() => undefined);
      throw error;
    }
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
