// The browser-mode launcher (main/start.ts, bundled as `npm start` runs it) stopped by a signal the
// moment it prints its URL, as a script or a bench does: it still closes and frees the data folder.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bundleLauncher, startLauncher, stopGently, type Launcher } from '../tests/support/launcher';

/** Before the fix about one stop in three killed the process outright: eight starts catch it. */
const STARTS = 8;

let launcher: Launcher;
beforeAll(async () => {
  launcher = await bundleLauncher();
}, 120_000);
afterAll(() => launcher?.dispose());

it('exits with 0 and releases the data folder when SIGTERM comes as soon as the URL is printed', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'comptoir-start-'));
  for (let i = 0; i < STARTS; i++) {
    const server = await startLauncher(launcher, dataDir);
    expect(await stopGently(server), `start ${i + 1}: ${server.stderr()}`).toBe(0);
    expect(existsSync(join(dataDir, 'comptoir.lock'))).toBe(false);
  }
}, 120_000);
