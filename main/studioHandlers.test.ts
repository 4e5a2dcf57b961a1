// The studio's channels through main's real handlers, store and auth: nothing without a trainer
// session, typed refusals, a published custom scenario played by a trainee, assignment, delete
// with undo, export through the file gate, cohort counts; and browser mode's body limit for drafts.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuth } from './auth';
import { createHandlers, dispatch, type Handlers } from './handlers';
import { defaultLibraryDir, entryOf, loadLibrary, type LibraryEntry } from './library';
import type { FileGate } from './files';
import { startServer, TOKEN_HEADER, type BrowserServer } from './server';
import { Store } from './store/store';
import { CHANNELS, type Channel } from './contract';
import { canonicalText } from '../scenarios/studio/canonical';
import { MAX_SCENARIO_BYTES } from '../scenarios/format/parse';
import { scenarioShaped } from '../tests/bench/generators';

const stores: Store[] = [];
const servers: BrowserServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  for (const store of stores.splice(0)) await store.close();
});

const FAST = { N: 2 ** 10, r: 8, p: 1 };
const BUILTIN = 'exemple-guichet-banque';
let library: Promise<Map<string, LibraryEntry>> | undefined;
const builtins = () => (library ??= loadLibrary(defaultLibraryDir()));
const temp = (name: string) => mkdtempSync(join(tmpdir(), name));

/** A fake file gate: writes into a temp folder, or answers as a cancelled save dialog. */
function fakeGate(cancel = false) {
  const dir = temp('comptoir-studio-out-');
  const asked: string[] = [];
  const gate: FileGate = {
    async prepare(fileName) {
      asked.push(fileName);
      if (cancel) return undefined;
      const path = join(dir, fileName);
      return { path, done: () => ({ fileName, savedTo: path }) };
    },
    async incoming() {
      return undefined;
    },
  };
  return { gate, asked, dir };
}

interface Station { handlers: Handlers; dataDir: string; trainer: string; hr: string; store: Store }

async function station(options: { files?: FileGate; library?: ReadonlyMap<string, LibraryEntry>; dataDir?: string; log?: (error: unknown) => void } = {}): Promise<Station> {
  const dataDir = options.dataDir ?? temp('comptoir-studio-h-');
  const store = await Store.open({ dataDir });
  stores.push(store);
  const auth = await createAuth({ dataDir, scryptCost: FAST });
  const handlers = createHandlers({ store, library: options.library ?? (await builtins()), mode: 'browser', version: 'test', auth, dataDir, files: options.files, ...(options.log ? { log: options.log } : {}) });
  const session = async (role: 'trainer' | 'hr') => {
    const status = await handlers['roles:status']({});
    const reply = status[role].set ? await handlers['roles:unlock']({ role, pin: '583920' }) : await handlers['roles:setup']({ role, pin: '583920' });
    if (!reply.ok || !reply.session) throw new Error(`no ${role} session`);
    return reply.session;
  };
  return { handlers, dataDir, store, trainer: await session('trainer'), hr: await session('hr') };
}

/** The built-in example as a custom draft `id`, lint-clean and playable. */
async function exampleText(id: string, change: (doc: Record<string, unknown>) => void = () => undefined): Promise<string> {
  const doc = { ...(JSON.parse((await builtins()).get(BUILTIN)!.text) as Record<string, unknown>), id, version: 1, title: { fr: `Scénario ${id}`, en: `Scenario ${id}` } };
  change(doc);
  return JSON.stringify(doc);
}

async function publishNew(s: Station, id: string): Promise<{ version: number; contentHash: string }> {
  await s.handlers['studio:save']({ session: s.trainer, id, text: await exampleText(id) });
  const published = await s.handlers['studio:publish']({ session: s.trainer, id });
  if (!published.ok) throw new Error(JSON.stringify(published.errors));
  return published;
}

type Move = readonly [step: string, choice: string, timedOut?: boolean];
const PRESCRIBER: readonly Move[] = [['accueil', 'accueil-chaleureux'], ['besoin', 'besoin-question'], ['offre', 'offre-adaptee'], ['promesse', 'promesse-precise'], ['explication', 'explication-complete'], ['appli', 'appli-ensemble'], ['fidelisation', 'fidelisation-porte-ouverte']];

/** A trainee starts `scenarioId` and takes `moves` (main checks each one against the scenario). */
async function play(h: Handlers, scenarioId: string, moves: readonly Move[], profileId?: string) {
  const profile = profileId ?? (await h['profiles:create']({ displayName: 'Inès' })).id;
  const attempt = await h['attempts:start']({ profileId: profile, scenarioId, timerMode: 'normal', kind: 'assessed' });
  let ended = false;
  for (const [index, [stepId, choiceId, timedOut]] of moves.entries()) {
    ended = (await h['attempts:decide']({ attemptId: attempt.id, expectedIndex: index, stepId, choiceId, timedOut: timedOut ?? false, hesitationMs: 0 })).ended;
  }
  return { attempt, ended, profileId: profile };
}

const STUDIO_REQUESTS: { [C in Channel]?: Record<string, unknown> } = {
  'studio:list': {},
  'studio:get': { id: BUILTIN },
  'studio:save': { id: 'nouveau', text: '{"id":"nouveau"}' },
  'studio:duplicate': { id: BUILTIN },
  'studio:delete': { id: 'nouveau' },
  'studio:restore': { id: 'nouveau' },
  'studio:publish': { id: 'nouveau' },
  'studio:assign': { id: BUILTIN, assigned: true },
  'studio:export': { id: BUILTIN, lang: 'fr' },
  'studio:cohort': { id: BUILTIN },
};

describe('the studio’s channels', () => {
  it('answer auth-required on every studio channel without a trainer session (none, or an HR one), writing nothing', async () => {
    const { gate, asked } = fakeGate();
    const s = await station({ files: gate });
    const studioChannels = CHANNELS.filter((c) => c.startsWith('studio:'));
    expect(studioChannels.sort()).toEqual(Object.keys(STUDIO_REQUESTS).sort());
    for (const channel of studioChannels) {
      for (const session of ['A'.repeat(43), s.hr]) {
        const envelope = await dispatch(s.handlers, channel, { session, ...STUDIO_REQUESTS[channel] });
        expect(envelope, `${channel} with ${session === s.hr ? 'an HR session' : 'no session'}`).toMatchObject({ ok: false, error: { code: 'auth-required' } });
      }
      expect(await dispatch(s.handlers, channel, STUDIO_REQUESTS[channel]), `${channel} without a session field`).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    }
    expect(existsSync(join(s.dataDir, 'studio'))).toBe(false);
    expect(asked).toEqual([]);
    expect((await s.handlers['scenarios:list']({})).map((c) => c.assigned)).not.toContain(true);
  });

  it('refuse with typed errors: read-only built-ins, path-like ids, oversize and too deep texts, stale revisions', async () => {
    const s = await station();
    const save = (request: Record<string, unknown>) => dispatch(s.handlers, 'studio:save', { session: s.trainer, ...request });
    const readOnly = await save({ id: BUILTIN, text: await exampleText(BUILTIN) });
    expect(readOnly).toMatchObject({ ok: false, error: { code: 'read-only', message: expect.stringContaining('duplicate it to edit') } });
    expect(await dispatch(s.handlers, 'studio:delete', { session: s.trainer, id: BUILTIN })).toMatchObject({ ok: false, error: { code: 'read-only' } });
    expect(await dispatch(s.handlers, 'studio:publish', { session: s.trainer, id: BUILTIN })).toMatchObject({ ok: false, error: { code: 'read-only' } });
    for (const id of ['../x', '..', 'a/b', '.cache', 'a\\b']) {
      expect(await save({ id, text: JSON.stringify({ id }) }), id).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    }
    expect(existsSync(join(s.dataDir, 'x.json')) || existsSync(join(s.dataDir, 'studio', 'x.json'))).toBe(false);
    expect(await save({ id: 'grand', text: `{"id":"grand","x":"${'a'.repeat(MAX_SCENARIO_BYTES)}"}` })).toMatchObject({ ok: false, error: { code: 'invalid-file', reason: 'too-large' } });
    expect(await save({ id: 'profond', text: `{"id":"profond","x":${'['.repeat(10_000)}${']'.repeat(10_000)}}` })).toMatchObject({ ok: false, error: { code: 'invalid-file', reason: 'too-deep' } });
    expect(await save({ id: 'autre', text: '{"id":"pas-autre"}' })).toMatchObject({ ok: false, error: { code: 'invalid-file', reason: 'id-mismatch' } });

    expect(await save({ id: 'fenetres', text: '{"id":"fenetres"}' })).toMatchObject({ ok: true, value: { revision: 1 } });
    expect(await save({ id: 'fenetres', text: '{"id":"fenetres","title":{"fr":"A"}}', revision: 1 })).toMatchObject({ ok: true, value: { revision: 2 } });
    expect(await save({ id: 'fenetres', text: '{"id":"fenetres","title":{"fr":"B"}}', revision: 1 })).toMatchObject({ ok: false, error: { code: 'conflict', reason: 'stale-revision' } });
    expect(await save({ id: 'fenetres', text: '{"id":"fenetres"}' })).toMatchObject({ ok: false, error: { code: 'conflict', reason: 'exists' } });
    expect(await dispatch(s.handlers, 'studio:get', { session: s.trainer, id: 'jamais-vu' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect((await s.handlers['studio:get']({ session: s.trainer, id: 'fenetres' })).entry).toMatchObject({ revision: 2, title: { fr: 'A' } });
  });

  it('list the built-ins then the drafts; a refused publish lists its errors; a published scenario is played by a trainee to its end', async () => {
    const s = await station();
    const listed = await s.handlers['studio:list']({ session: s.trainer });
    expect(listed.map((e) => e.source)).toEqual(Array(listed.length).fill('builtin'));
    await s.handlers['studio:save']({ session: s.trainer, id: 'ma-banque', text: await exampleText('ma-banque', (doc) => { (doc['steps'] as { choices?: unknown[] }[])[7]!.choices = []; }) });
    expect((await s.handlers['studio:list']({ session: s.trainer })).at(-1)).toMatchObject({ id: 'ma-banque', source: 'custom', revision: 1 });
    const refused = await s.handlers['studio:publish']({ session: s.trainer, id: 'ma-banque' });
    expect(refused).toMatchObject({ ok: false, errors: [{ code: 'step.dead-end', path: ['steps', 7, 'id'] }] });
    // Never published: trainees see nothing of it.
    expect((await s.handlers['scenarios:list']({})).map((c) => c.id)).not.toContain('ma-banque');
    expect(await dispatch(s.handlers, 'attempts:start', { profileId: (await s.handlers['profiles:create']({ displayName: 'X' })).id, scenarioId: 'ma-banque', timerMode: 'off', kind: 'practice' })).toMatchObject({ ok: false, error: { code: 'not-found' } });

    await s.handlers['studio:save']({ session: s.trainer, id: 'ma-banque', text: await exampleText('ma-banque'), revision: 1 });
    const published = await s.handlers['studio:publish']({ session: s.trainer, id: 'ma-banque' });
    expect(published).toMatchObject({ ok: true, version: 1, entry: { published: { version: 1 }, changedSincePublish: false } });
    const card = (await s.handlers['scenarios:list']({})).find((c) => c.id === 'ma-banque');
    expect(card).toMatchObject({ source: 'custom', version: 1, assigned: false, title: { fr: 'Scénario ma-banque' }, mainLanguage: 'fr', timed: true });
    expect((await s.handlers['scenarios:get']({ id: 'ma-banque' })).title.fr).toBe('Scénario ma-banque');

    const { attempt, ended } = await play(s.handlers, 'ma-banque', PRESCRIBER);
    expect(ended).toBe(true);
    expect(attempt).toMatchObject({ scenarioId: 'ma-banque', scenarioVersion: 1, contentHash: published.ok ? published.contentHash : '' });
    expect((await s.handlers['attempts:get']({ attemptId: attempt.id })).result).toMatchObject({ outcome: 'prescriber', passed: true });
    // HR's dashboard names it like a built-in.
    const dashboard = await s.handlers['hr:dashboard']({ session: s.hr, refresh: true });
    expect(dashboard.rows).toEqual([expect.objectContaining({ scenarioId: 'ma-banque', scenarioTitle: expect.objectContaining({ fr: 'Scénario ma-banque' }) })]);
  });

  it('show the trainer’s assignment on the trainees’ cards, built-ins and custom ones alike', async () => {
    const s = await station();
    await publishNew(s, 'assignee');
    expect(await s.handlers['studio:assign']({ session: s.trainer, id: 'assignee', assigned: true })).toMatchObject({ id: 'assignee', assigned: true });
    expect(await s.handlers['studio:assign']({ session: s.trainer, id: BUILTIN, assigned: true })).toMatchObject({ id: BUILTIN, source: 'builtin', assigned: true });
    const assigned = (await s.handlers['scenarios:list']({})).filter((c) => c.assigned).map((c) => [c.id, c.source]);
    expect(assigned).toEqual([[BUILTIN, 'builtin'], ['assignee', 'custom']]);
    await s.handlers['studio:assign']({ session: s.trainer, id: BUILTIN, assigned: false });
    expect((await s.handlers['scenarios:list']({})).filter((c) => c.assigned).map((c) => c.id)).toEqual(['assignee']);
  });

  it('withdraw a deleted scenario from trainees while an attempt already started on it resumes to its end; restore brings it back', async () => {
    const s = await station();
    await publishNew(s, 'retiree');
    const started = await play(s.handlers, 'retiree', PRESCRIBER.slice(0, 3));
    await s.handlers['studio:delete']({ session: s.trainer, id: 'retiree' });
    expect((await s.handlers['scenarios:list']({})).map((c) => c.id)).not.toContain('retiree');
    expect(await dispatch(s.handlers, 'scenarios:get', { id: 'retiree' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await dispatch(s.handlers, 'attempts:start', { profileId: started.profileId, scenarioId: 'retiree', timerMode: 'off', kind: 'practice' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    for (const [offset, [stepId, choiceId]] of PRESCRIBER.slice(3).entries()) {
      await s.handlers['attempts:decide']({ attemptId: started.attempt.id, expectedIndex: 3 + offset, stepId, choiceId, timedOut: false, hesitationMs: 0 });
    }
    expect((await s.handlers['attempts:get']({ attemptId: started.attempt.id })).status).toBe('finished');

    expect(await s.handlers['studio:restore']({ session: s.trainer, id: 'retiree' })).toMatchObject({ id: 'retiree', published: { version: 1 } });
    expect((await s.handlers['scenarios:list']({})).map((c) => c.id)).toContain('retiree');
  });

  it('never let a custom scenario shadow a built-in of the same id (a later library that brings one)', async () => {
    const dataDir = temp('comptoir-studio-h-');
    const first = await station({ dataDir });
    await publishNew(first, 'futur-integre');
    await stores.pop()!.close();
    const lib = new Map(await builtins());
    const shipped = JSON.parse(lib.get(BUILTIN)!.text) as Parameters<typeof entryOf>[0];
    lib.set('futur-integre', entryOf({ ...shipped, id: 'futur-integre', title: { fr: 'Intégré', en: 'Built in' } }));
    const later = await station({ dataDir, library: lib });
    const cards = (await later.handlers['scenarios:list']({})).filter((c) => c.id === 'futur-integre');
    expect(cards).toEqual([expect.objectContaining({ source: 'builtin', title: { fr: 'Intégré', en: 'Built in' } })]);
    expect((await later.handlers['scenarios:get']({ id: 'futur-integre' })).title.fr).toBe('Intégré');
    expect((await later.handlers['studio:list']({ session: later.trainer })).filter((e) => e.id === 'futur-integre').map((e) => e.source)).toEqual(['builtin']);
  });

  it('still list the built-ins to trainees when the studio’s index cannot be read (written by a newer Comptoir), and tell main’s log', async () => {
    const dataDir = temp('comptoir-studio-h-');
    mkdirSync(join(dataDir, 'studio'));
    writeFileSync(join(dataDir, 'studio', 'index.json'), '{"schemaVersion":99,"data":{}}');
    const logged: unknown[] = [];
    const s = await station({ dataDir, log: (error) => logged.push(error) });
    const cards = await s.handlers['scenarios:list']({});
    expect(cards.map((c) => c.id)).toEqual([...(await builtins()).keys()]);
    expect(logged).toEqual([expect.objectContaining({ name: 'NewerDataError' })]);
    expect(await dispatch(s.handlers, 'studio:list', { session: s.trainer })).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('export the canonical text as <id>.json through the file gate; a cancelled dialog writes nothing; no gate is a conflict', async () => {
    const out = fakeGate();
    const s = await station({ files: out.gate });
    const text = await exampleText('a-exporter');
    await s.handlers['studio:save']({ session: s.trainer, id: 'a-exporter', text });
    const exported = await s.handlers['studio:export']({ session: s.trainer, id: 'a-exporter', lang: 'en' });
    expect(exported).toEqual({ cancelled: false, file: { fileName: 'a-exporter.json', savedTo: join(out.dir, 'a-exporter.json') } });
    expect(readFileSync(join(out.dir, 'a-exporter.json'), 'utf8')).toBe(canonicalText(JSON.parse(text)));
    await s.handlers['studio:export']({ session: s.trainer, id: BUILTIN, lang: 'fr' });
    expect(readFileSync(join(out.dir, `${BUILTIN}.json`), 'utf8')).toBe(canonicalText((await builtins()).get(BUILTIN)!.scenario));
    expect(await dispatch(s.handlers, 'studio:export', { session: s.trainer, id: 'inconnu', lang: 'fr' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(out.asked).toEqual(['a-exporter.json', `${BUILTIN}.json`]);

    const cancelled = fakeGate(true);
    const c = await station({ files: cancelled.gate });
    expect(await c.handlers['studio:export']({ session: c.trainer, id: BUILTIN, lang: 'fr' })).toEqual({ cancelled: true });
    const none = await station();
    expect(await dispatch(none.handlers, 'studio:export', { session: none.trainer, id: BUILTIN, lang: 'fr' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('count from stored attempts (any version, kind, status) how many visited each step, took each choice and timed out, once per attempt', async () => {
    const s = await station();
    await publishNew(s, 'suivie');
    const { profileId } = await play(s.handlers, 'suivie', PRESCRIBER);
    // A timeout at the welcome, then a loop through precision and back to the offer; left in progress.
    await play(s.handlers, 'suivie', [['accueil', 'accueil-silence', true], ['besoin', 'besoin-question'], ['offre', 'offre-reformuler'], ['precision', 'precision-merci'], ['offre', 'offre-adaptee']], profileId);
    // A second version, played as practice and abandoned.
    await s.handlers['studio:save']({ session: s.trainer, id: 'suivie', text: await exampleText('suivie', (doc) => { doc['title'] = { fr: 'Suivie v2' }; }), revision: 1 });
    expect(await s.handlers['studio:publish']({ session: s.trainer, id: 'suivie' })).toMatchObject({ ok: true, version: 2 });
    const profile = (await s.handlers['profiles:create']({ displayName: 'Noé' })).id;
    const practice = await s.handlers['attempts:start']({ profileId: profile, scenarioId: 'suivie', timerMode: 'normal', kind: 'practice' });
    await s.handlers['attempts:decide']({ attemptId: practice.id, expectedIndex: 0, stepId: 'accueil', choiceId: 'accueil-sec', timedOut: false, hesitationMs: 0 });
    await s.handlers['attempts:abandon']({ attemptId: practice.id });
    // Another scenario's attempt does not count.
    await play(s.handlers, BUILTIN, PRESCRIBER.slice(0, 2));

    const counts = await s.handlers['studio:cohort']({ session: s.trainer, id: 'suivie' });
    expect(counts.attempts).toBe(3);
    expect(counts.steps).toEqual({ accueil: 3, besoin: 2, offre: 2, precision: 1, promesse: 1, explication: 1, appli: 1, fidelisation: 1 });
    expect(counts.choices).toEqual({
      'accueil/accueil-chaleureux': 1, 'accueil/accueil-silence': 1, 'accueil/accueil-sec': 1, 'besoin/besoin-question': 2, 'offre/offre-adaptee': 2, 'offre/offre-reformuler': 1,
      'precision/precision-merci': 1, 'promesse/promesse-precise': 1, 'explication/explication-complete': 1, 'appli/appli-ensemble': 1, 'fidelisation/fidelisation-porte-ouverte': 1,
    });
    expect(counts.timeouts).toEqual({ accueil: 1 });
    expect(await s.handlers['studio:cohort']({ session: s.trainer, id: BUILTIN })).toMatchObject({ attempts: 1, steps: { accueil: 1, besoin: 1 } });
    expect(await dispatch(s.handlers, 'studio:cohort', { session: s.trainer, id: 'inconnue' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});

describe('browser mode’s request size limit', () => {
  it('accepts a 2 MB studio:save (a large draft) and refuses a 2 MB body on any other channel', async () => {
    const s = await station();
    const server = await startServer({ handlers: s.handlers, rendererDir: temp('comptoir-renderer-') });
    servers.push(server);
    const post = (channel: string, body: string) => fetch(`${server.origin}/api/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: server.token }, body });
    const text = canonicalText({ ...scenarioShaped(1300), id: 'grand-brouillon' });
    const body = JSON.stringify({ session: s.trainer, id: 'grand-brouillon', text });
    expect(body.length).toBeGreaterThan(2 * 1024 * 1024);
    const saved = await post('studio:save', body);
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ ok: true, value: { revision: 1, entry: { id: 'grand-brouillon', steps: 1304 } } });

    const elsewhere = await post('profiles:create', JSON.stringify({ displayName: 'x'.repeat(2 * 1024 * 1024) })).catch((error: unknown) => error);
    // The server answers 413 as soon as the limit is passed (the client may see the connection close first).
    if (elsewhere instanceof Response) expect(elsewhere.status).toBe(413);
    else expect(String((elsewhere as Error).cause ?? elsewhere)).toMatch(/ECONNRESET|EPIPE|socket|closed/i);
    expect(s.store.listProfiles()).toEqual([]);
  });
});
