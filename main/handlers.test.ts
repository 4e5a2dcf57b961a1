// Main's handlers bound without Electron (registerHandlers with a plain map): main is the
// authority on every decision and every score, and a failing disk loses nothing acknowledged.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { createHandlers, registerHandlers, dispatch, type Handlers } from './handlers';
import { Store } from './store/store';
import { defaultLibraryDir, loadLibrary } from './library';
import { faults } from './store/atomicFile';
import { CHANNELS, type Envelope } from './contract';
import { score } from '../scenarios/engine/score';

let store: Store;
let handlers: Handlers;
let clock = 1_800_000_000_000;

beforeEach(async () => {
  store = await Store.open({ dataDir: mkdtempSync(join(tmpdir(), 'comptoir-handlers-')), now: () => new Date(clock) });
  handlers = createHandlers({ store, library: await loadLibrary(defaultLibraryDir()), mode: 'browser', version: 'test', now: () => clock });
});
afterEach(async () => {
  faults.beforeWrite = undefined;
  await store.close();
});

async function begin() {
  const profile = await handlers['profiles:create']({ displayName: 'Test' });
  const attempt = await handlers['attempts:start']({ profileId: profile.id, scenarioId: 'exemple-guichet-banque', timerMode: 'normal', kind: 'assessed' });
  return { profile, attempt };
}
const decide = (attemptId: string, expectedIndex: number, stepId: string, choiceId: string, hesitationMs = 1_000, timedOut = false) =>
  handlers['attempts:decide']({ attemptId, expectedIndex, stepId, choiceId, timedOut, hesitationMs });

describe('main’s handlers', () => {
  it('register every declared channel through one handle()', () => {
    const bound: string[] = [];
    registerHandlers((channel) => { bound.push(channel); }, handlers);
    expect(bound).toEqual([...CHANNELS]);
  });

  it('store a decision with main’s own phase, behaviour and time, and recompute the result at the end', async () => {
    const { attempt } = await begin();
    clock += 5_000;
    const first = await decide(attempt.id, 0, 'accueil', 'accueil-chaleureux', 4_000);
    expect(first.entry).toMatchObject({ phase: 'seduction', behaviour: 'proactive', hesitationMs: 4_000, at: clock });
    let index = 1;
    for (const [step, choice] of [['besoin', 'besoin-question'], ['offre', 'offre-adaptee'], ['promesse', 'promesse-precise'], ['explication', 'explication-complete'], ['appli', 'appli-ensemble'], ['fidelisation', 'fidelisation-porte-ouverte']] as const) {
      clock += 3_000;
      const reply = await decide(attempt.id, index++, step, choice, 2_000);
      if (step === 'fidelisation') {
        expect(reply.ended).toBe(true);
        expect(reply.result).toMatchObject({ outcome: 'prescriber', overall: 100, passed: true });
      }
    }
    const stored = await handlers['attempts:get']({ attemptId: attempt.id });
    expect(stored.status).toBe('finished');
    const report = await handlers['attempts:report']({ attemptId: attempt.id });
    const scenario = await handlers['scenarios:get']({ contentHash: attempt.contentHash });
    expect(report).toEqual(score(scenario, stored.log));
  });

  it('clamps a hesitation longer than main’s own clock allows', async () => {
    const { attempt } = await begin();
    clock += 2_000;
    const reply = await decide(attempt.id, 0, 'accueil', 'accueil-chaleureux', 3_600_000);
    expect(reply.entry.hesitationMs).toBeLessThanOrEqual(2_000 + 1_000);
  });

  it('refuses a choice that is not offered, or a timeout where time cannot run out, and writes nothing', async () => {
    const { attempt } = await begin();
    await expect(decide(attempt.id, 0, 'accueil', 'offre-adaptee')).rejects.toThrow(/not offered/);
    await expect(decide(attempt.id, 0, 'besoin', 'besoin-question')).rejects.toThrow(/encounter is at "accueil"/);
    await decide(attempt.id, 0, 'accueil', 'accueil-chaleureux');
    await expect(decide(attempt.id, 1, 'besoin', 'besoin-timeout', 0, true)).rejects.toThrow(/no time limit/);
    expect((await handlers['attempts:get']({ attemptId: attempt.id })).log.decisions).toHaveLength(1);
  });

  it('acknowledges a retried decision again instead of storing it twice, and refuses a stale one', async () => {
    const { attempt } = await begin();
    const first = await decide(attempt.id, 0, 'accueil', 'accueil-chaleureux');
    const again = await decide(attempt.id, 0, 'accueil', 'accueil-chaleureux');
    expect(again.entry).toEqual(first.entry);
    expect((await handlers['attempts:get']({ attemptId: attempt.id })).log.decisions).toHaveLength(1);
    await expect(decide(attempt.id, 0, 'accueil', 'accueil-sec')).rejects.toThrow(/has 1 decisions/);
  });

  it('on a full disk answers a retryable storage error, keeps what was acknowledged, and goes on when the disk does', async () => {
    const { attempt } = await begin();
    await decide(attempt.id, 0, 'accueil', 'accueil-chaleureux');
    faults.beforeWrite = () => { throw Object.assign(new Error('disk full'), { code: 'ENOSPC' }); };
    const refused = await dispatch(handlers, 'attempts:decide', { attemptId: attempt.id, expectedIndex: 1, stepId: 'besoin', choiceId: 'besoin-question', timedOut: false, hesitationMs: 10 });
    expect(refused).toEqual({ ok: false, error: { code: 'storage-unavailable', message: 'the data folder cannot be written (ENOSPC)', retryable: true } });
    expect((await handlers['attempts:get']({ attemptId: attempt.id })).log.decisions).toHaveLength(1);
    faults.beforeWrite = undefined;
    const accepted = await dispatch(handlers, 'attempts:decide', { attemptId: attempt.id, expectedIndex: 1, stepId: 'besoin', choiceId: 'besoin-question', timedOut: false, hesitationMs: 10 });
    expect(accepted.ok).toBe(true);
  });

  it('replays from a step as practice, carrying the decisions before it', async () => {
    const { profile, attempt } = await begin();
    await decide(attempt.id, 0, 'accueil', 'accueil-chaleureux');
    await decide(attempt.id, 1, 'besoin', 'besoin-question');
    const replay = await handlers['attempts:start']({ profileId: profile.id, scenarioId: 'exemple-guichet-banque', timerMode: 'off', kind: 'assessed', replay: { attemptId: attempt.id, fromIndex: 1 } });
    expect(replay).toMatchObject({ kind: 'practice', timerMode: 'normal' });
    expect(replay.log.decisions.map((d) => d.choiceId)).toEqual(['accueil-chaleureux']);
    expect((await handlers['attempts:history']({ profileId: profile.id })).map((a) => a.kind)).toEqual(['assessed', 'practice']);
  });

  it('answers any payload on any channel with a typed envelope, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...CHANNELS, 'nope', '__proto__'), fc.anything(), async (channel, payload) => {
        const reply: Envelope<unknown> = await dispatch(handlers, channel, payload);
        expect(typeof reply.ok).toBe('boolean');
        if (!reply.ok) expect(reply.error.message).not.toMatch(/\n\s+at /);
      }),
      { numRuns: 300 },
    );
  });
});
