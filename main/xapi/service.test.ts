// The service as main's handlers use it, with a hand-driven clock and timers (no test waits for
// real time) and a scripted fetch standing for the network edge (the real LRS is in lrs.test.ts).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { XapiService, type Timers } from './service';
import { fileSecretBox } from './secretBox';
import { attemptStatements } from './statements';
import { loadScenario, playedAttempt, profile } from '../../tests/lrs/attempt';

const scenario = loadScenario();
const attempt = playedAttempt(scenario);
const input = { profile: profile(), attempt, scenario };
const SECRET = 'a-very-secret-secret';

function manualTimers() {
  const pending: { run: () => void; ms: number; handle: number }[] = [];
  let next = 1;
  const timers: Timers = {
    setTimeout: (run, ms) => { pending.push({ run, ms, handle: next }); return next++; },
    clearTimeout: (handle) => { const i = pending.findIndex((p) => p.handle === handle); if (i >= 0) pending.splice(i, 1); },
  };
  return {
    timers,
    pending,
    /** Runs the one pending timer, then waits for the push it starts to finish. */
    async fire(service: XapiService) {
      expect(pending).toHaveLength(1);
      pending.shift()!.run();
      await service.idle();
    },
  };
}

function scriptedFetch(...statuses: number[]) {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init });
    const status = statuses.length > 1 ? statuses.shift()! : statuses[0] ?? 200;
    return new Response(status === 204 ? null : JSON.stringify(status === 200 ? [] : { message: `answer ${status}` }), { status });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

let dataDir: string;
let t: number;
const now = () => new Date(t);
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'comptoir-xapi-service-'));
  t = Date.parse('2025-03-03T10:00:00.000Z');
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function open(fetch: typeof globalThis.fetch, timers?: Timers) {
  return XapiService.open({ dataDir, secretBox: fileSecretBox(dataDir), now, fetch, ...(timers ? { timers } : {}) });
}

describe('XapiService', () => {
  it('does not push before an LRS is configured: the statements stay queued and the reason is given', async () => {
    const net = scriptedFetch(200);
    const service = await open(net.fetch);
    await service.queueAttempt(input);
    expect(await service.pushNow()).toEqual({ ran: false, reason: 'not-configured', message: { fr: expect.stringMatching(/Aucun LRS/), en: expect.stringMatching(/No LRS/) } });
    expect(service.status().outbox.counts.queued.statements).toBe(attemptStatements(input).length);
    expect(net.calls).toHaveLength(0);
    await service.close();
  });

  it('pushes now to the configured endpoint and never shows the secret in its status', async () => {
    const net = scriptedFetch(200);
    const service = await open(net.fetch);
    await service.configure({ endpoint: 'https://lrs.example.com/xAPI', key: 'comptoir', secret: SECRET });
    await service.queueAttempt(input);
    const result = await service.pushNow();
    expect(result).toMatchObject({ ran: true, report: { sent: 1, remaining: 0 } });
    expect(net.calls[0]?.url).toBe('https://lrs.example.com/xAPI/statements');
    const status = service.status();
    expect(status.outbox.counts.sent.statements).toBe(attemptStatements(input).length);
    expect(JSON.stringify(status)).not.toContain(SECRET);
    expect(JSON.stringify(service.getConfig())).not.toContain(SECRET);
    await service.close();
  });

  it('with auto-push on, sends what is queued at once, then retries on the back-off schedule until it goes', async () => {
    const net = scriptedFetch(503, 503, 200);
    const clock = manualTimers();
    const service = await open(net.fetch, clock.timers);
    await service.configure({ endpoint: 'https://lrs.example.com/xAPI', key: 'comptoir', secret: SECRET });
    service.startAutoPush();
    expect(clock.pending).toHaveLength(0); // nothing queued, nothing scheduled
    await service.queueAttempt(input);
    expect(clock.pending.map((p) => p.ms)).toEqual([0]);
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      await clock.fire(service);
      delays.push(...clock.pending.map((p) => p.ms));
      t += clock.pending[0]?.ms ?? 0;
    }
    expect(delays).toEqual([30_000, 60_000]);
    expect(net.calls).toHaveLength(3);
    expect(service.status().outbox.counts.sent.batches).toBe(1);
    expect(clock.pending).toHaveLength(0);
    service.stopAutoPush();
    await service.close();
  });

  it('queues again the batches refused for credentials when HR saves new settings, not those the LRS found invalid', async () => {
    const net = scriptedFetch(401, 400, 200);
    const service = await XapiService.open({ dataDir, secretBox: fileSecretBox(dataDir), now, fetch: net.fetch, batchSize: 6 });
    await service.configure({ endpoint: 'https://lrs.example.com/xAPI', key: 'comptoir', secret: 'wrong' });
    await service.queueAttempt(input);
    expect(await service.pushNow()).toMatchObject({ report: { failed: 2 } });
    expect(service.status().outbox.batches.map((b) => b.lastError?.code).sort()).toEqual(['rejected', 'unauthorized']);
    await service.configure({ endpoint: 'https://lrs.example.com/xAPI', key: 'comptoir', secret: SECRET });
    expect(service.status().outbox.counts).toMatchObject({ queued: { batches: 1 }, failed: { batches: 1 } });
    expect(await service.pushNow()).toMatchObject({ report: { sent: 1 } });
    await service.close();
  });

  it('exports the statements of any attempts to a JSON file without queuing them', async () => {
    const service = await open(scriptedFetch(200).fetch);
    const path = join(dataDir, 'statements.json');
    const other = playedAttempt(scenario, { id: '5e4d3c2b-1a09-4f8e-8d7c-6b5a4f3e2d1c', path: 3 });
    expect(await service.exportAttempts(path, [input, { ...input, attempt: other }])).toEqual({ statements: attemptStatements(input).length + attemptStatements({ ...input, attempt: other }).length });
    const written = JSON.parse(await readFile(path, 'utf8')) as { context: { registration: string } }[];
    expect(new Set(written.map((s) => s.context.registration))).toEqual(new Set([attempt.id, other.id]));
    expect(service.status().outbox.counts.queued.batches).toBe(0);
    await service.close();
  });

  it('erases a trainee\'s statements from the outbox', async () => {
    const service = await open(scriptedFetch(200).fetch);
    await service.queueAttempt(input);
    expect(await service.eraseProfile(profile().id)).toMatchObject({ batches: 1, statements: attemptStatements(input).length });
    expect(service.status().outbox.batches).toEqual([]);
    await service.close();
  });
});
