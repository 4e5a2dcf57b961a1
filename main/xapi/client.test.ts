// The client's sorting of answers, against a small scripted HTTP server on 127.0.0.1 (the real
// LRS, Learning Locker's, is exercised in lrs.test.ts; this one can answer anything on demand).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LrsClient, reasonOf, retryAfterMs, sameStatement } from './client';
import { attemptStatements } from './statements';
import { loadScenario, playedAttempt, profile } from '../../tests/lrs/attempt';

const scenario = loadScenario();
const statements = attemptStatements({ profile: profile(), attempt: playedAttempt(scenario), scenario }).slice(0, 3) as unknown as Record<string, unknown>[];

interface Seen { method: string; url: string; headers: IncomingMessage['headers']; body: string }
type Handler = (req: Seen, res: ServerResponse) => void;

let server: Server;
let endpoint: string;
let handler: Handler;
let seen: Seen[];

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      const s = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(s);
      handler(s, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/xAPI`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
  handler = (_req, res) => json(res, 200, []);
});

const client = (options: ConstructorParameters<typeof LrsClient>[1] = {}) => new LrsClient({ endpoint, key: 'comptoir', secret: 's3cr3t:with:colons' }, options);

describe('LrsClient.send', () => {
  it('POSTs the batch to <endpoint>/statements with the xAPI version, Basic auth and JSON content type', async () => {
    expect(await client().send(statements)).toEqual({ kind: 'sent', status: 200, alreadyStored: 0 });
    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/xAPI/statements');
    expect(request?.headers['x-experience-api-version']).toBe('1.0.3');
    expect(request?.headers.authorization).toBe(`Basic ${Buffer.from('comptoir:s3cr3t:with:colons').toString('base64')}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request!.body)).toEqual(statements);
  });

  it('counts 204 No Content as sent', async () => {
    handler = (_req, res) => { res.writeHead(204); res.end(); };
    expect(await client().send(statements)).toMatchObject({ kind: 'sent', status: 204 });
  });

  it('fails for good on 400, 401 and 403 with the LRS\'s reason, and does not retry', async () => {
    handler = (_req, res) => json(res, 400, { errorId: 'x', warnings: ["Problem in 'statements.0.verb.id'. Received '\"x\"'"] });
    expect(await client().send(statements)).toEqual({ kind: 'failed', code: 'rejected', status: 400, reason: "Problem in 'statements.0.verb.id'. Received '\"x\"'" });
    handler = (_req, res) => json(res, 401, { message: 'Unauthorised' });
    expect(await client().send(statements)).toEqual({ kind: 'failed', code: 'unauthorized', status: 401, reason: 'Unauthorised' });
    handler = (_req, res) => { res.writeHead(403, { 'Content-Type': 'text/plain' }); res.end('scope statements/write missing'); };
    expect(await client().send(statements)).toEqual({ kind: 'failed', code: 'forbidden', status: 403, reason: '403 Forbidden: scope statements/write missing' });
    expect(seen).toHaveLength(3);
  });

  it('fails for good on a wrong address (404) and on a redirect, without following it', async () => {
    handler = (_req, res) => json(res, 404, { message: 'Not found' });
    expect(await client().send(statements)).toMatchObject({ kind: 'failed', code: 'not-found', status: 404 });
    handler = (_req, res) => { res.writeHead(302, { Location: 'https://elsewhere.example/xAPI/statements' }); res.end(); };
    expect(await client().send(statements)).toEqual({ kind: 'failed', code: 'redirect', status: 302, reason: '302 → https://elsewhere.example/xAPI/statements' });
    expect(seen).toHaveLength(2);
  });

  it('asks for a retry on 429 and 5xx, with the Retry-After the LRS gives', async () => {
    handler = (_req, res) => json(res, 429, { message: 'Slow down' }, { 'Retry-After': '120' });
    expect(await client().send(statements)).toEqual({ kind: 'retry', code: 'rate-limited', status: 429, reason: 'Slow down', retryAfterMs: 120_000 });
    handler = (_req, res) => json(res, 503, { message: 'Down for maintenance' });
    expect(await client().send(statements)).toEqual({ kind: 'retry', code: 'server-error', status: 503, reason: 'Down for maintenance' });
    handler = (_req, res) => { res.writeHead(500); res.end(); };
    expect(await client().send(statements)).toMatchObject({ kind: 'retry', code: 'server-error', status: 500, reason: '500 Internal Server Error' });
  });

  it('asks for a retry when the LRS cannot be reached or does not answer in time', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const freePort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const closed = new LrsClient({ endpoint: `http://127.0.0.1:${freePort}/xAPI`, key: 'k', secret: 's' });
    expect(await closed.send(statements)).toMatchObject({ kind: 'retry', code: 'network', reason: 'ECONNREFUSED' });
    const timingOut = client({ fetch: async () => { throw new DOMException('The operation was aborted due to timeout', 'TimeoutError'); }, timeoutMs: 5000 });
    expect(await timingOut.send(statements)).toEqual({ kind: 'retry', code: 'timeout', reason: 'no answer within 5000 ms' });
  });

  describe('on 409 Conflict', () => {
    const conflictThen = (stored: (id: string) => Record<string, unknown> | undefined): Handler => (req, res) => {
      if (req.method === 'POST' && seen.filter((s) => s.method === 'POST').length === 1) return json(res, 409, { message: `${String(statements[0]!.id)} is conflicting` });
      if (req.method === 'POST') return json(res, 200, []);
      const id = new URL(req.url, 'http://127.0.0.1').searchParams.get('statementId') ?? '';
      const found = stored(id);
      return found ? json(res, 200, found) : json(res, 404, { message: 'No model found' });
    };
    const asStored = (s: Record<string, unknown>) => ({ ...s, stored: '2025-03-03T10:00:01.000Z', authority: { objectType: 'Agent', mbox: 'mailto:lrs@example.org' }, version: '1.0.0', timestamp: String(s.timestamp).replace('.000Z', 'Z') });

    it('counts the batch as sent when the LRS already holds every statement with the same content', async () => {
      handler = conflictThen((id) => { const s = statements.find((x) => x.id === id); return s && asStored(s); });
      expect(await client().send(statements)).toEqual({ kind: 'sent', status: 409, alreadyStored: 3 });
      expect(seen.map((s) => s.method)).toEqual(['POST', 'GET', 'GET', 'GET']);
    });

    it('sends once more only the statements the LRS lacks', async () => {
      handler = conflictThen((id) => (id === statements[0]!.id ? asStored(statements[0]!) : undefined));
      expect(await client().send(statements)).toEqual({ kind: 'sent', status: 200, alreadyStored: 1 });
      expect(JSON.parse(seen.at(-1)!.body)).toEqual(statements.slice(1));
    });

    it('fails for good, naming the statement, when the stored one differs', async () => {
      handler = conflictThen((id) => { const s = statements.find((x) => x.id === id); return s && { ...asStored(s), ...(id === statements[0]!.id ? { verb: { id: 'http://adlnet.gov/expapi/verbs/failed' } } : {}) }; });
      const outcome = await client().send(statements);
      expect(outcome).toMatchObject({ kind: 'failed', code: 'conflict', status: 409 });
      expect(outcome.kind === 'failed' && outcome.reason).toBe(`${String(statements[0]!.id)} is conflicting (stored with different content: ${String(statements[0]!.id)})`);
    });
  });
});

describe('helpers', () => {
  it('reads the LRS\'s reason from message, warnings or errors, else the body text', () => {
    expect(reasonOf(400, 'Bad Request', '{"message":"m","warnings":["w1","w2"]}')).toBe('m; w1; w2');
    expect(reasonOf(400, 'Bad Request', '{"errors":[{"field":"verb"}]}')).toBe('{"field":"verb"}');
    expect(reasonOf(502, 'Bad Gateway', '<html>proxy</html>')).toBe('502 Bad Gateway: <html>proxy</html>');
    expect(reasonOf(400, 'Bad Request', 'x'.repeat(5000))).toHaveLength(1000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2025-03-03T10:00:00Z');
    expect(retryAfterMs('30', now)).toBe(30_000);
    expect(retryAfterMs('Mon, 03 Mar 2025 10:02:00 GMT', now)).toBe(120_000);
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs('soon', now)).toBeUndefined();
  });

  it('compares statements as the LRS stores them: its own properties aside, timestamps as instants, key order ignored', () => {
    const ours = statements[0]!;
    const reordered = Object.fromEntries(Object.entries(ours).reverse());
    expect(sameStatement(ours, { ...reordered, stored: 'x', authority: {}, version: '1.0.0', timestamp: String(ours.timestamp).replace('Z', '+00:00') })).toBe(true);
    expect(sameStatement(ours, { ...ours, result: { response: 'other' } })).toBe(false);
  });
});
