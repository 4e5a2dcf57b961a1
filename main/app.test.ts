// openApp's start-up purge (retention) runs while the first screen loads: the profile picker's
// calls do not wait for it, every other call does, so none ever sees an attempt it removes.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { afterPurge, FIRST_SCREEN, openApp } from './app';
import { CHANNELS, type Channel } from './contract';
import type { Handlers } from './handlers';
import { STORE_VERSION } from './store/schema';
import { attemptsShaped, writeStoreFixture } from '../tests/bench/generators';

/** Handlers that answer with their own channel name, counting the calls that reached them. */
function echoHandlers(reached: Set<Channel>): Handlers {
  return Object.fromEntries(CHANNELS.map((channel) => [channel, async () => {
    reached.add(channel);
    return channel;
  }])) as unknown as Handlers;
}

const call = (handlers: Handlers, channel: Channel) => (handlers[channel] as (request: unknown) => Promise<unknown>)({});
const turns = async (n: number) => { for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve)); };

describe('afterPurge', () => {
  it('answers the first screen at once and holds every other call until the purge ends', async () => {
    let endPurge!: () => void;
    const purged = new Promise<void>((resolve) => { endPurge = resolve; });
    const reached = new Set<Channel>();
    const handlers = afterPurge(purged, echoHandlers(reached));
    expect(await Promise.all([...FIRST_SCREEN].map((c) => call(handlers, c)))).toEqual([...FIRST_SCREEN]);
    const others = CHANNELS.filter((c) => !FIRST_SCREEN.has(c));
    const answers = Promise.all(others.map((c) => call(handlers, c)));
    await turns(5);
    expect([...reached].sort()).toEqual([...FIRST_SCREEN].sort());
    endPurge();
    expect(await answers).toEqual(others);
    expect(reached.size).toBe(CHANNELS.length);
  });
});

describe('openApp with a retention period', () => {
  it('never shows an attempt past the retention period, even to a call made the moment it opens', async () => {
    const now = new Date();
    const dataDir = mkdtempSync(join(tmpdir(), 'comptoir-app-'));
    const shaped = attemptsShaped(2_000, { now });
    await writeStoreFixture(dataDir, shaped);
    writeFileSync(join(dataDir, 'settings.json'), `${JSON.stringify({ schemaVersion: STORE_VERSION, data: { retentionMonths: 12 } })}\n`);
    const cutoff = new Date(now);
    cutoff.setUTCMonth(cutoff.getUTCMonth() - 12);
    const expired = (a: { status: string; finishedAt?: string | undefined; updatedAt: string }) => a.status !== 'in-progress' && Date.parse(a.finishedAt ?? a.updatedAt) < cutoff.getTime();
    expect(shaped.attempts.filter(expired).length).toBeGreaterThan(500);

    // The purge goes from the oldest month on: the newest expired attempts are the last removed.
    const newestExpired = shaped.attempts.filter(expired).sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, 20);
    const kept = shaped.attempts.filter((a) => !expired(a)).slice(0, 20);
    const app = await openApp({ dataDir, mode: 'browser', log: (error) => { throw error; } });
    try {
      const get = (a: { id: string }) => app.handlers['attempts:get']({ attemptId: a.id }).then((found) => found.id, (error: unknown) => (error as Error).name);
      expect(await Promise.all(newestExpired.map(get))).toEqual(newestExpired.map(() => 'NotFoundError'));
      expect(await Promise.all(kept.map(get))).toEqual(kept.map((a) => a.id));
    } finally {
      await app.close();
    }
  });
});
