// fast-check against browser mode's HTTP layer: the real server and handlers on a temporary data
// folder, every route (every channel, junk channels, transfers, static files) with random methods,
// headers and bodies. No token → 403, a foreign Host or Origin → 403, and anything else a typed
// answer — never an internal error, a stack or a crash — and nothing written by a call that failed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openApp, type App } from '../../main/app';
import { startServer, TOKEN_HEADER, SESSION_HEADER, type BrowserServer } from '../../main/server';
import { CHANNELS, ERROR_CODES } from '../../main/contract';
import { changedEntries, rawRequest, snapshotTree, type RawRequest, type RawResponse } from '../support/http';

let dataDir: string;
let rendererDir: string;
let app: App;
let server: BrowserServer;
const logged: unknown[] = [];
const SECRET = 'a file beside the renderer that must never be served';
const ids = { profileId: '', attemptId: '', session: '', uploadId: '' };

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'comptoir-fuzz-'));
  // A renderer folder of our own, with a secret file beside it to climb to.
  const site = mkdtempSync(join(tmpdir(), 'comptoir-fuzz-site-'));
  rendererDir = join(site, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Comptoir</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(site, 'secret.txt'), SECRET);
  app = await openApp({ dataDir, mode: 'browser', log: (e) => logged.push(e) });
  server = await startServer({ handlers: app.handlers, rendererDir, log: (e) => logged.push(e), ...(app.browserFiles ? { files: app.browserFiles } : {}), mayUpload: app.isHrSession });
  // Real ids and an HR session, so that mutated valid requests get past the schemas into the handlers.
  const setup = await app.handlers['roles:setup']({ role: 'hr', pin: '480752' });
  if (!setup.ok || !setup.session) throw new Error('HR setup failed');
  ids.session = setup.session;
  const profile = await app.handlers['profiles:create']({ displayName: 'Fuzz Trainee', employeeId: 'F-1' });
  ids.profileId = profile.id;
  const attempt = await app.handlers['attempts:start']({ profileId: profile.id, scenarioId: 'exemple-guichet-banque', timerMode: 'normal', kind: 'assessed' });
  ids.attemptId = attempt.id;
  await app.handlers['attempts:decide']({ attemptId: attempt.id, expectedIndex: 0, stepId: 'accueil', choiceId: 'accueil-chaleureux', timedOut: false, hesitationMs: 500 });
  // An uploaded file that is not a bundle, for hr:bundle-import to refuse.
  const upload = await rawRequest(server.port, { method: 'POST', path: '/transfer/upload', headers: { host: `127.0.0.1:${server.port}`, [TOKEN_HEADER]: server.token, [SESSION_HEADER]: ids.session }, body: '{"not":"a bundle"}\n' });
  ids.uploadId = (JSON.parse(upload.body.toString('utf8')) as { value: { uploadId: string } }).value.uploadId;
}, 60_000);

afterAll(async () => {
  await server?.close();
  await app?.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(dirname(rendererDir), { recursive: true, force: true });
});

/** Channels that may write when they succeed; every other channel must never write, even when it succeeds. */
const WRITING = new Set([
  'app:acknowledge-notices', 'settings:update', 'profiles:create', 'attempts:start', 'attempts:decide', 'attempts:abandon',
  'roles:setup', 'roles:unlock', 'roles:recover', 'roles:change-pin', 'roles:lock',
  'hr:bundle-export', 'hr:bundle-import', 'hr:merge', 'hr:trainee-export', 'hr:trainee-erase', 'hr:retention', 'hr:purge', 'hr:workstation', 'hr:export',
  'xapi:configure', 'xapi:remove', 'xapi:push', 'xapi:retry', 'xapi:export',
  'studio:save', 'studio:duplicate', 'studio:delete', 'studio:restore', 'studio:publish', 'studio:assign', 'studio:export', 'studio:cohort',
]);

/** A valid request per channel (with the real ids); the fuzz then mutates it. Locking the session away is left out. */
function sample(channel: string): Record<string, unknown> {
  const { profileId, attemptId, session } = ids;
  const samples: Record<string, Record<string, unknown>> = {
    'app:status': {}, 'app:print-pdf': { suggestedName: 'rapport' }, 'app:acknowledge-notices': { count: 0 }, 'settings:update': { locale: 'fr' },
    'profiles:list': {}, 'profiles:create': { displayName: 'Autre' }, 'scenarios:list': {}, 'scenarios:get': { id: 'exemple-guichet-banque' },
    'attempts:start': { profileId, scenarioId: 'exemple-guichet-banque', timerMode: 'normal', kind: 'practice' },
    'attempts:decide': { attemptId, expectedIndex: 1, stepId: 'besoin', choiceId: 'besoin-question', timedOut: false, hesitationMs: 10 },
    'attempts:in-progress': { profileId }, 'attempts:history': { profileId }, 'attempts:get': { attemptId }, 'attempts:abandon': { attemptId }, 'attempts:report': { attemptId },
    'roles:status': {}, 'roles:setup': { role: 'trainer', pin: '739104' }, 'roles:unlock': { role: 'hr', pin: '0000' },
    'roles:recover': { role: 'hr', recoveryCode: 'AAAA-BBBB', newPin: '1111' }, 'roles:change-pin': { role: 'hr', session, pin: '0000', newPin: '2222' },
    'roles:lock': { session: 'x'.repeat(40) },
    'hr:bundle-import': { session, uploadId: ids.uploadId },
    'hr:merge': { session, keepId: profileId, mergeId: '00000000-0000-4000-8000-000000000000' },
    'hr:trainee-export': { session, profileId }, 'hr:trainee-erase': { session, profileId, confirmName: 'Someone Else' },
    'hr:retention': { session, months: 24 }, 'hr:export': { session, format: 'csv-fr', table: 'attempts', lang: 'fr' },
  };
  return samples[channel] ?? { session };
}

const junkChannel = fc.oneof(
  fc.constantFrom('nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '', 'PROFILES:LIST', 'profiles:list ', 'profiles:list\u0000', 'profiles:list/x', 'app:status?x', '../app:status'),
  fc.stringMatching(/^[a-z]{1,8}:[a-z-]{1,14}$/),
  fc.string({ maxLength: 24, unit: 'grapheme' }),
);
const channelName = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...CHANNELS) }, { weight: 1, arbitrary: junkChannel });
/** Percent-encoded always where needed, raw where the name is already URL-safe. */
const channelPath = fc.tuple(channelName, fc.boolean()).map(([name, raw]) => ({ name, path: `/api/${raw && /^[\w:.-]+$/.test(name) ? name : encodeURIComponent(name)}` }));

const uuid = fc.uuid();
const transferPath = fc.oneof(
  fc.constant('/transfer/upload'),
  uuid.map((id) => `/transfer/download/${id}`),
  fc.constantFrom('/transfer/', '/transfer/download/', '/transfer/download/..%2f..%2fauth.json', '/transfer/download/../../auth.json', '/transfer/upload/x', '/transfer/UPLOAD'),
  fc.stringMatching(/^[\w.-]{0,40}$/).map((s) => `/transfer/download/${s}`),
);
const staticPath = fc.oneof(
  fc.constantFrom('/', '/index.html', '/assets/app.js', '/missing.js', '/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '//secret.txt', '/%00', '/api', '/transfer'),
  fc.array(fc.oneof(fc.stringMatching(/^[\w.-]{1,12}$/), fc.constantFrom('..', '.', '%2e%2e', '%2F', '')), { maxLength: 5 }).map((parts) => `/${parts.join('/')}`),
);
const query = fc.option(fc.stringMatching(/^[\w=&.-]{0,20}$/), { nil: undefined }).map((q) => (q === undefined ? '' : `?${q}`));

const headerName = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/).filter((n) => !['host', 'origin', 'content-type', 'content-length', 'transfer-encoding', 'connection', 'expect', 'upgrade', 'te', 'trailer', TOKEN_HEADER, SESSION_HEADER].includes(n));
const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,40}$/).map((v) => v.trim());

type Route = { kind: 'api'; channel: string } | { kind: 'transfer' } | { kind: 'static' };

interface Case {
  readonly route: Route;
  readonly path: string;
  readonly method: string;
  readonly host: string | undefined;
  readonly origin: string | undefined;
  readonly token: 'valid' | 'missing' | 'wrong' | 'truncated' | 'longer' | 'twice';
  readonly session: 'hr' | 'missing' | 'wrong';
  readonly contentType: string | undefined;
  readonly body: string | Uint8Array;
  readonly extra: Record<string, string>;
}

function mutated(channel: string): fc.Arbitrary<unknown> {
  const base = sample(channel);
  const keys = Object.keys(base);
  const variants: fc.WeightedArbitrary<unknown>[] = [
    { weight: 3, arbitrary: fc.constant(base) },
    { weight: 1, arbitrary: fc.jsonValue() },
    { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue(), { maxKeys: 4 }).map((extra) => ({ ...base, ...extra })) },
  ];
  // Well-formed strangers: a session nobody holds, ids nothing has (past the schemas, refused by the handlers).
  const idKeys = keys.filter((k) => k === 'session' || k.endsWith('Id'));
  if (idKeys.length > 0) {
    variants.push({ weight: 2, arbitrary: fc.tuple(fc.stringMatching(/^[A-Za-z0-9_-]{43}$/), fc.uuid({ version: 4 })).map(([session, id]) => ({ ...base, ...Object.fromEntries(idKeys.map((k) => [k, k === 'session' ? session : id])) })) });
  }
  if (keys.length > 0) {
    variants.push({ weight: 2, arbitrary: fc.tuple(fc.constantFrom(...keys), fc.jsonValue()).map(([key, value]) => ({ ...base, [key]: value })) });
    variants.push({ weight: 1, arbitrary: fc.constantFrom(...keys).map((key) => Object.fromEntries(Object.entries(base).filter(([k]) => k !== key))) });
  }
  return fc.oneof(...variants);
}

const body = (route: Route): fc.Arbitrary<string | Uint8Array> => fc.oneof(
  { weight: 4, arbitrary: route.kind === 'api' ? mutated(route.channel).map((v) => JSON.stringify(v) ?? '') : fc.jsonValue().map((v) => JSON.stringify(v) ?? '') },
  { weight: 1, arbitrary: fc.string({ maxLength: 200, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2048 }) },
  { weight: 1, arbitrary: fc.constantFrom('', '{', 'null', '[]', '"x"', '{"__proto__":{"ok":true}}', '{"constructor":{"prototype":{"polluted":1}}}', '[[[[[[[[[[]]]]]]]]]]', '1e999', '\uFEFF{}') },
);

const requestCase = (port: number): fc.Arbitrary<Case> => {
  const own = [`127.0.0.1:${port}`, `localhost:${port}`];
  const route = fc.oneof(
    { weight: 6, arbitrary: channelPath.map(({ name, path }) => ({ route: { kind: 'api', channel: name } as Route, path })) },
    { weight: 2, arbitrary: transferPath.map((path) => ({ route: { kind: 'transfer' } as Route, path })) },
    { weight: 2, arbitrary: staticPath.map((path) => ({ route: { kind: 'static' } as Route, path })) },
  ).filter(({ path }) => wellFormed(path));
  return route.chain(({ route: r, path }) => fc.record({
    route: fc.constant(r),
    path: query.map((q) => `${path}${q}`),
    method: fc.oneof({ weight: 6, arbitrary: fc.constant('POST') }, { weight: 2, arbitrary: fc.constantFrom('GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS') }),
    host: fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...own) },
      { weight: 1, arbitrary: fc.constantFrom(undefined, '', 'evil.example', `evil.example:${port}`, `127.0.0.1:${port + 1}`, '127.0.0.1', 'localhost', `LOCALHOST:${port}`, `127.0.0.1.evil.example:${port}`, `[::1]:${port}`, `127.0.0.1:${port}@evil.example`) },
    ),
    origin: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(undefined, `http://127.0.0.1:${port}`, `http://localhost:${port}`) },
      { weight: 1, arbitrary: fc.constantFrom('null', 'http://evil.example', `https://127.0.0.1:${port}`, `http://127.0.0.1:${port}.evil.example`, `http://evil.example:${port}`, `http://127.0.0.1:${port + 1}`, 'file://') },
    ),
    token: fc.oneof({ weight: 6, arbitrary: fc.constant('valid' as const) }, { weight: 1, arbitrary: fc.constantFrom('missing' as const, 'wrong' as const, 'truncated' as const, 'longer' as const, 'twice' as const) }),
    session: fc.constantFrom('hr' as const, 'missing' as const, 'wrong' as const),
    contentType: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8') },
      { weight: 1, arbitrary: fc.constantFrom(undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream') },
    ),
    body: body(r),
    extra: fc.dictionary(headerName, headerValue, { maxKeys: 3 }),
  }));
};

function toRequest(c: Case): RawRequest {
  const token = { valid: server.token, missing: undefined, wrong: 'f'.repeat(64), truncated: server.token.slice(0, -1), longer: `${server.token}0`, twice: [server.token, server.token] }[c.token];
  const session = { hr: ids.session, missing: undefined, wrong: 'A'.repeat(43) }[c.session];
  const headers: Record<string, string | readonly string[]> = { ...c.extra };
  if (c.host !== undefined) headers['host'] = c.host;
  if (c.origin !== undefined) headers['origin'] = c.origin;
  if (token !== undefined) headers[TOKEN_HEADER] = token;
  if (session !== undefined) headers[SESSION_HEADER] = session;
  if (c.contentType !== undefined) headers['content-type'] = c.contentType;
  return { method: c.method, path: c.path, headers, body: c.body };
}

interface Expected {
  readonly status: readonly number[];
  readonly code?: string;
  /** Answered by Node's HTTP parser itself: no headers of ours, no body. */
  readonly bare?: boolean;
  /** Whether the call may leave the data folder changed (then `mayWrite` says when, from the answer). */
  readonly mayWrite?: (response: RawResponse) => boolean;
}

/** A request target the server can parse (a URL, its path percent-decodable); the others have their own test. */
function wellFormed(path: string): boolean {
  try {
    decodeURIComponent(new URL(path, 'http://127.0.0.1').pathname);
    return true;
  } catch {
    return false;
  }
}

/** Which route the server takes: by the path as it parses it (dot segments resolved), not as generated. */
function routeOf(path: string): Route {
  const pathname = new URL(path, server.origin).pathname;
  if (pathname.startsWith('/api/')) return { kind: 'api', channel: decodeURIComponent(pathname.slice(5)) };
  return pathname.startsWith('/transfer/') ? { kind: 'transfer' } : { kind: 'static' };
}

/** What browser mode must answer, from the request alone (docs/SECURITY.md, "A LAN neighbour"). */
function expected(c: Case): Expected {
  const own = new Set([`127.0.0.1:${server.port}`, `localhost:${server.port}`]);
  // Without a Host header Node's own parser refuses the request (400) before the server sees it.
  if (c.host === undefined) return { status: [400], bare: true };
  if (!own.has(c.host)) return { status: [403], code: 'forbidden' };
  if (c.origin !== undefined && !(c.origin.startsWith('http://') && own.has(c.origin.slice('http://'.length)))) return { status: [403], code: 'forbidden' };
  const route = routeOf(c.path);
  const tokenOk = c.token === 'valid';
  if (route.kind === 'api') {
    if (c.method !== 'POST') return { status: [405], code: 'invalid-request' };
    if (!tokenOk) return { status: [403], code: 'forbidden' };
    if (!(c.contentType ?? '').startsWith('application/json')) return { status: [415], code: 'invalid-request' };
    return { status: [200, 400], mayWrite: (res) => res.status === 200 && WRITING.has(route.channel) && (JSON.parse(res.body.toString('utf8')) as { ok: boolean }).ok };
  }
  if (route.kind === 'transfer') {
    if (c.method !== 'POST') return { status: [405], code: 'invalid-request' };
    if (!tokenOk) return { status: [403], code: 'forbidden' };
    if (new URL(c.path, server.origin).pathname === '/transfer/upload') {
      if (c.session !== 'hr') return { status: [403], code: 'auth-required' };
      return { status: [200], mayWrite: () => true };
    }
    return { status: [404], code: 'not-found' };
  }
  if (c.method !== 'GET' && c.method !== 'HEAD') return { status: [405], code: 'invalid-request' };
  return { status: [200, 404] };
}

const STACK = /\n\s+at |\bat .+:\d+:\d+/;

/** A JSON error or value envelope of the contract, or (static files) the page or "not found". */
function checkAnswer(c: Case, res: RawResponse, want: Expected): void {
  const where = `${c.method} ${c.path}`;
  expect(res.status, where).not.toBe(500);
  expect(want.status, `${where} answered ${res.status}: ${res.body.toString('utf8').slice(0, 200)}`).toContain(res.status);
  if (want.bare) return expect(res.body.length, where).toBe(0);
  expect(res.headers['content-security-policy'], where).toBeTruthy();
  const text = res.body.toString('utf8');
  expect(text, where).not.toMatch(STACK);
  expect(text, where).not.toContain(SECRET);
  if (c.method === 'HEAD') return;
  if (res.headers['content-type']?.startsWith('application/json')) {
    const envelope = JSON.parse(text) as { ok: boolean; value?: unknown; error?: { code: string; message: string; retryable: boolean } };
    expect(typeof envelope.ok, where).toBe('boolean');
    if (!envelope.ok) {
      expect(ERROR_CODES as readonly string[], where).toContain(envelope.error?.code);
      expect(envelope.error?.code, `${where}: ${envelope.error?.message}`).not.toBe('internal');
      expect(typeof envelope.error?.message).toBe('string');
      expect(typeof envelope.error?.retryable).toBe('boolean');
      if (want.code) expect(envelope.error?.code, where).toBe(want.code);
    }
  } else {
    // Only the static files are not JSON here (the page, or "not found" in plain text).
    expect(routeOf(c.path).kind, where).toBe('static');
    if (res.status === 404) expect(text, where).toBe('not found');
  }
}

/** Waits until the data folder has not changed for `quietMs` (at most 10 s). */
async function settled(quietMs: number): Promise<Map<string, string>> {
  let last = snapshotTree(dataDir);
  let quiet = 0;
  for (const started = Date.now(); Date.now() - started < 10_000;) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const now = snapshotTree(dataDir);
    quiet = changedEntries(last, now).length === 0 ? quiet + 20 : 0;
    if (quiet >= quietMs) return now;
    last = now;
  }
  throw new Error('the data folder kept changing');
}

/** A finished or abandoned attempt queues its xAPI statements after the reply, in the background. */
function queuesStatements(channel: string, res: RawResponse): boolean {
  if (channel !== 'attempts:abandon' && channel !== 'attempts:decide') return false;
  const answer = JSON.parse(res.body.toString('utf8')) as { ok: boolean; value?: { ended?: boolean } };
  return answer.ok && (channel === 'attempts:abandon' || answer.value?.ended === true);
}

/** What the fuzz reached, so that a generator gone blind fails the test instead of passing it. */
const reached = new Map<string, number>();
const tally = (key: string) => reached.set(key, (reached.get(key) ?? 0) + 1);

async function run(c: Case): Promise<void> {
  const before = snapshotTree(dataDir);
  const want = expected(c);
  const res = await rawRequest(server.port, toRequest(c));
  checkAnswer(c, res, want);
  const wrote = want.mayWrite?.(res) ?? false;
  const route = routeOf(c.path);
  const answer = res.headers['content-type']?.startsWith('application/json') && c.method !== 'HEAD' ? (JSON.parse(res.body.toString('utf8')) as { ok: boolean; error?: { code: string } }) : undefined;
  tally(`${route.kind} ${res.status} ${answer ? (answer.ok ? 'ok' : answer.error?.code) : '-'}`);
  if (route.kind === 'api' && answer?.ok) tally(`ok ${route.channel}`);
  if (wrote) tally('wrote');
  const after = !wrote ? snapshotTree(dataDir) : await settled(route.kind === 'api' && queuesStatements(route.channel, res) ? 300 : 20);
  if (!wrote) expect(changedEntries(before, after), `${c.method} ${c.path} wrote to the data folder`).toEqual([]);
  else if (new URL(c.path, server.origin).pathname === '/transfer/upload') {
    // An upload writes its one file (named by the id it answers), nothing else.
    const { value } = JSON.parse(res.body.toString('utf8')) as { value: { uploadId: string } };
    expect(changedEntries(before, after)).toEqual(['transfers/incoming', `transfers/incoming/${value.uploadId}`]);
  }
}

const api = (channel: string, payload: unknown, headers: Record<string, string> = {}) => rawRequest(server.port, {
  method: 'POST', path: `/api/${channel}`, body: JSON.stringify(payload),
  headers: { host: `127.0.0.1:${server.port}`, origin: server.origin, 'content-type': 'application/json', [TOKEN_HEADER]: server.token, ...headers },
});

describe('browser mode’s HTTP layer under fuzzing', () => {
  it('answers every route, any method, headers and body with the refusal or typed envelope it owes, and writes nothing when it must not', async () => {
    await fc.assert(fc.asyncProperty(requestCase(server.port), run), { numRuns: 2_000, interruptAfterTimeLimit: 30_000 });
    // Still serving, and nothing went to the error log (an internal error, a failed write).
    const alive = await api('profiles:list', {});
    expect(alive.status).toBe(200);
    expect(logged).toEqual([]);
    // Every kind of answer was reached, handlers' successes and writes included.
    const outcomes = ['api 403 forbidden', 'api 405 invalid-request', 'api 415 invalid-request', 'api 400 invalid-request', 'api 200 invalid-request', 'api 200 unknown-channel',
      'api 200 ok', 'api 200 not-found', 'api 200 auth-required', 'transfer 403 forbidden', 'transfer 403 auth-required', 'transfer 404 not-found', 'transfer 200 ok',
      'static 200 -', 'static 404 -', 'static 405 invalid-request', 'static 403 forbidden', 'wrote'];
    expect(outcomes.filter((o) => !reached.has(o)), JSON.stringify([...reached])).toEqual([]);
  }, 120_000);

  it('refuses every channel, whatever the payload, without the token, with a wrong one, or from a foreign Host or Origin, and writes nothing', async () => {
    const port = server.port;
    await fc.assert(fc.asyncProperty(fc.constantFrom(...CHANNELS), fc.jsonValue(), fc.constantFrom('missing', 'wrong', 'host', 'origin'), async (channel, payload, refusal) => {
      const before = snapshotTree(dataDir);
      const headers: Record<string, string> = { host: refusal === 'host' ? `evil.example:${port}` : `127.0.0.1:${port}`, 'content-type': 'application/json' };
      if (refusal === 'origin') headers['origin'] = 'http://evil.example';
      if (refusal !== 'missing') headers[TOKEN_HEADER] = refusal === 'wrong' ? server.token.replace(/./, (ch) => (ch === '0' ? '1' : '0')) : server.token;
      const res = await rawRequest(port, { method: 'POST', path: `/api/${channel}`, headers, body: JSON.stringify(payload) ?? '' });
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body.toString('utf8'))).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String), retryable: false } });
      expect(changedEntries(before, snapshotTree(dataDir))).toEqual([]);
    }), { numRuns: 200 });
  });

  it('refuses a body over 1 MB, and deeply nested or non-JSON bodies, with a message and nothing written', async () => {
    const before = snapshotTree(dataDir);
    const big = await api('profiles:create', { displayName: 'x'.repeat(1024 * 1024) });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body.toString('utf8'))).toMatchObject({ ok: false, error: { code: 'invalid-request', message: 'request too large' } });
    const deep = await rawRequest(server.port, { method: 'POST', path: '/api/profiles:create', headers: { host: `127.0.0.1:${server.port}`, 'content-type': 'application/json', [TOKEN_HEADER]: server.token }, body: `${'['.repeat(400_000)}${']'.repeat(400_000)}` });
    expect([200, 400]).toContain(deep.status);
    expect(JSON.parse(deep.body.toString('utf8'))).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const notJson = await rawRequest(server.port, { method: 'POST', path: '/api/profiles:create', headers: { host: `127.0.0.1:${server.port}`, 'content-type': 'application/json', [TOKEN_HEADER]: server.token }, body: '{"displayName":' });
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body.toString('utf8'))).toMatchObject({ ok: false, error: { code: 'invalid-request', message: 'request is not JSON' } });
    expect(changedEntries(before, snapshotTree(dataDir))).toEqual([]);
  });

  it('serves a download slot once, to the token holder only, then forgets it and deletes its file', async () => {
    const exported = await api('hr:trainee-export', { session: ids.session, profileId: ids.profileId });
    const envelope = JSON.parse(exported.body.toString('utf8')) as { ok: true; value: { file: { downloadId: string; fileName: string } } };
    const id = envelope.value.file.downloadId;
    const slot = join(dataDir, 'transfers', 'outgoing', id);
    expect(snapshotTree(dirname(slot)).has(id)).toBe(true);
    const base = { host: `127.0.0.1:${server.port}`, origin: server.origin };
    expect((await rawRequest(server.port, { method: 'POST', path: `/transfer/download/${id}`, headers: base })).status).toBe(403);
    expect((await rawRequest(server.port, { method: 'GET', path: `/transfer/download/${id}`, headers: { ...base, [TOKEN_HEADER]: server.token } })).status).toBe(405);
    const first = await rawRequest(server.port, { method: 'POST', path: `/transfer/download/${id}`, headers: { ...base, [TOKEN_HEADER]: server.token } });
    expect(first.status).toBe(200);
    expect(first.headers['content-disposition']).toBe(`attachment; filename="${envelope.value.file.fileName}"`);
    expect((JSON.parse(first.body.toString('utf8')) as { profile: { id: string } }).profile.id).toBe(ids.profileId);
    const again = await rawRequest(server.port, { method: 'POST', path: `/transfer/download/${id}`, headers: { ...base, [TOKEN_HEADER]: server.token } });
    expect(again.status).toBe(404);
    // The slot's folder goes once the response is out.
    await vi.waitFor(() => expect(snapshotTree(dirname(slot)).has(id)).toBe(false), { timeout: 5_000, interval: 20 });
  });

  it('answers an import of an upload id that was never uploaded as not found, not as an internal error', async () => {
    const before = snapshotTree(dataDir);
    const res = await api('hr:bundle-import', { session: ids.session, uploadId: '00000000-0000-4000-8000-000000000000' });
    expect(JSON.parse(res.body.toString('utf8'))).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(changedEntries(before, snapshotTree(dataDir))).toEqual([]);
    logged.length = 0; // what it logged is this known case, not the fuzz's
  });

  it('answers a request target it cannot parse (a broken percent-escape, a bad authority) with a refusal, not an internal error', async () => {
    const broken = fc.oneof(
      fc.constantFrom('/api/%', '/api/profiles%3', '/api/%E0%A4%A', '/api/%FF', '/%', '/assets/%zz.js', '//%2F', '//%zz/api/profiles:list', '//[/x', '/transfer/%'),
      fc.tuple(fc.constantFrom('/api/', '/', '/transfer/download/', '//'), fc.stringMatching(/^[\w%.:-]{0,12}$/)).map(([prefix, rest]) => `${prefix}${rest}`).filter((path) => !wellFormed(path)),
    );
    await fc.assert(fc.asyncProperty(broken, fc.constantFrom('GET', 'POST'), async (path, method) => {
      const before = snapshotTree(dataDir);
      const res = await rawRequest(server.port, { method, path, headers: { host: `127.0.0.1:${server.port}`, 'content-type': 'application/json', [TOKEN_HEADER]: server.token }, body: '{}' });
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
      expect(changedEntries(before, snapshotTree(dataDir))).toEqual([]);
    }), { numRuns: 100 });
    logged.length = 0; // the URIErrors of this known case, not the fuzz's
  });
});
