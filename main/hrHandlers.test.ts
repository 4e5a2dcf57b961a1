// HR's people channels over real stores and browser mode's file slots: nothing without an HR
// session, a bundle carried from one workstation to another (twice: no change), merging a trainee's
// profiles after HR confirms, and erasure only with the trainee's name repeated.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAuth } from './auth';
import { browserFiles, type BrowserFiles } from './files';
import { createHandlers, dispatch, type Handlers } from './handlers';
import { defaultLibraryDir, loadLibrary } from './library';
import { Store } from './store/store';
import { XapiService } from './xapi/service';
import { fileSecretBox } from './xapi/secretBox';
import { compile } from '../scenarios/engine/compile';
import { currentStep, decide, initialState, offeredChoices } from '../scenarios/engine/rules';

const open: Store[] = [];
const services: XapiService[] = [];
afterEach(async () => {
  for (const x of services.splice(0)) await x.close();
  for (const s of open.splice(0)) await s.close();
});

interface Station { handlers: Handlers; files: BrowserFiles; session: string; store: Store }

async function station(): Promise<Station> {
  const dataDir = mkdtempSync(join(tmpdir(), 'comptoir-hr-'));
  const store = await Store.open({ dataDir });
  open.push(store);
  const auth = await createAuth({ dataDir, scryptCost: { N: 1024, r: 1, p: 1 } });
  const files = await browserFiles(dataDir);
  const xapi = await XapiService.open({ dataDir, secretBox: fileSecretBox(dataDir) });
  services.push(xapi);
  const handlers = createHandlers({ store, library: await loadLibrary(defaultLibraryDir()), mode: 'browser', version: 'test', auth, files, xapi });
  const setUp = await handlers['roles:setup']({ role: 'hr', pin: '480752' });
  return { handlers, files, store, session: setUp.ok ? setUp.session! : '' };
}

/** A finished attempt on the first example, the first answer offered each time (main checks each). */
async function play(h: Handlers, displayName: string, employeeId?: string) {
  const profile = await h['profiles:create']({ displayName, ...(employeeId ? { employeeId } : {}) });
  const attempt = await h['attempts:start']({ profileId: profile.id, scenarioId: 'exemple-guichet-banque', timerMode: 'off', kind: 'assessed' });
  const compiled = compile(await h['scenarios:get']({ id: 'exemple-guichet-banque' }));
  let state = initialState(compiled);
  for (let index = 0; !state.end; index++) {
    const step = currentStep(compiled, state);
    const choiceId = offeredChoices(step, state)[0]!.id;
    await h['attempts:decide']({ attemptId: attempt.id, expectedIndex: index, stepId: step.id, choiceId, timedOut: false, hesitationMs: 500 });
    state = decide(compiled, state, { kind: 'choice', choiceId, hesitationMs: 500 }, 'off').state;
  }
  return profile;
}

describe('HR’s people channels', () => {
  it('answer auth-required without a live HR session, whatever the channel', async () => {
    const { handlers } = await station();
    for (const [channel, request] of [['hr:trainees', {}], ['hr:purge', {}], ['hr:trainee-erase', { profileId: '00000000-0000-4000-8000-000000000000', confirmName: 'x' }]] as const) {
      const envelope = await dispatch(handlers, channel, { session: 'A'.repeat(43), ...request });
      expect(envelope, channel).toMatchObject({ ok: false, error: { code: 'auth-required' } });
    }
  });

  it('carry a bundle to another workstation; importing it twice changes nothing', async () => {
    const a = await station();
    await play(a.handlers, 'Inès Moreau', 'E-1');
    const exported = await a.handlers['hr:bundle-export']({ session: a.session });
    if (exported.cancelled || !('downloadId' in exported.file)) throw new Error('no download slot');
    expect(exported.counts).toMatchObject({ profiles: 1, attempts: 1 });
    const slot = a.files.take(exported.file.downloadId)!;
    expect(a.files.take(exported.file.downloadId)).toBeUndefined();

    const b = await station();
    const { createReadStream } = await import('node:fs');
    const uploadId = await b.files.receive(createReadStream(slot.path), 1e9);
    const first = await b.handlers['hr:bundle-import']({ session: b.session, uploadId });
    expect(first).toMatchObject({ cancelled: false, report: { profiles: { added: 1 }, attempts: { added: 1 } } });
    const again = await b.handlers['hr:bundle-import']({ session: b.session, uploadId: await b.files.receive(createReadStream(slot.path), 1e9) });
    expect(again).toMatchObject({ cancelled: false, report: { profiles: { added: 0 }, attempts: { added: 0, replaced: 0 } } });
    expect(await b.handlers['hr:trainees']({ session: b.session })).toEqual([expect.objectContaining({ attempts: 1 })]);
  });

  it('refuse a file that is not a bundle with a typed reason', async () => {
    const a = await station();
    const { Readable } = await import('node:stream');
    const uploadId = await a.files.receive(Readable.from(['{"hello":"world"}\n']), 1e6);
    const envelope = await dispatch(a.handlers, 'hr:bundle-import', { session: a.session, uploadId });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'invalid-file', reason: expect.any(String) } });
  });

  it('erase a trainee only when the name is repeated, and with them their attempts', async () => {
    const a = await station();
    const profile = await play(a.handlers, 'Léo Martin');
    const wrong = await dispatch(a.handlers, 'hr:trainee-erase', { session: a.session, profileId: profile.id, confirmName: 'Leo' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await a.handlers['hr:trainee-erase']({ session: a.session, profileId: profile.id, confirmName: 'Léo Martin' })).toMatchObject({ attempts: 1 });
    expect(await a.handlers['hr:trainees']({ session: a.session })).toEqual([]);
    expect(await a.store.listProfileAttempts(profile.id)).toEqual([]);
  });
});

describe('notices', () => {
  it('are told once: acknowledged ones leave app:status', async () => {
    const a = await station();
    a.store.notices.push({ code: 'restored-from-backup', document: 'profiles.json', quarantined: 'profiles.json.corrupt-1', backup: 1 });
    expect((await a.handlers['app:status']({})).notices).toHaveLength(1);
    await a.handlers['app:acknowledge-notices']({ count: 1 });
    expect((await a.handlers['app:status']({})).notices).toEqual([]);
  });
});

describe('the xAPI channels', () => {
  it('queue a finished attempt’s statements, refuse an insecure LRS address with its reason, and drop an erased trainee’s batches', async () => {
    const a = await station();
    const profile = await play(a.handlers, 'Awa Diallo');
    await vi.waitFor(async () => expect((await a.handlers['xapi:status']({ session: a.session })).outbox.counts.queued.statements).toBeGreaterThan(3));
    const refused = await a.handlers['xapi:configure']({ session: a.session, settings: { endpoint: 'http://lrs.example.com/xapi', key: 'k', secret: 's' } });
    expect(refused).toMatchObject({ ok: false, reason: 'insecure-endpoint', message: { fr: expect.any(String), en: expect.any(String) } });
    const push = await a.handlers['xapi:push']({ session: a.session });
    expect(push.result).toMatchObject({ ran: false, reason: 'not-configured' });
    await a.handlers['hr:trainee-erase']({ session: a.session, profileId: profile.id, confirmName: 'Awa Diallo' });
    expect((await a.handlers['xapi:status']({ session: a.session })).outbox.counts.queued.statements).toBe(0);
  });
});

describe('the reporting channels', () => {
  it('show a finished assessed attempt on the dashboard and export it as French CSV', async () => {
    const a = await station();
    await play(a.handlers, 'Awa Diallo', 'E-7');
    const dashboard = await a.handlers['hr:dashboard']({ session: a.session, refresh: true });
    expect(dashboard.rows).toEqual([expect.objectContaining({ displayName: 'Awa Diallo', scenarioId: 'exemple-guichet-banque', assessed: expect.objectContaining({ scored: 1 }) })]);
    const reply = await a.handlers['hr:export']({ session: a.session, format: 'csv-fr', table: 'attempts', lang: 'fr' });
    if (!reply.ok || reply.cancelled || !('downloadId' in reply.file)) throw new Error('no download');
    expect(reply.rows).toBe(1);
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(a.files.take(reply.file.downloadId)!.path, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain(';Awa Diallo;');
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(2);
  });

  it('need an HR session', async () => {
    const a = await station();
    expect(await dispatch(a.handlers, 'hr:dashboard', { session: 'B'.repeat(43) })).toMatchObject({ ok: false, error: { code: 'auth-required' } });
  });
});
