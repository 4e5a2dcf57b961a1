// Against a real learning-record store on 127.0.0.1: Learning Locker's statement service (npm
// xapi-statements 5, in memory, installed by tests/lrs/package.json), behind a proxy that checks
// Basic auth and can answer 503. Run `npm ci --prefix tests/lrs` first: without it this fails.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LrsClient, sameStatement, XAPI_VERSION } from './client';
import { fileSecretBox } from './secretBox';
import { XapiService } from './service';
import { attemptStatements, type XapiStatement } from './statements';
import { assertLrsInstalled, startAuthProxy, startTestLrs, type AuthProxy, type TestLrs } from '../../tests/lrs/server';
import { loadScenario, playedAttempt, profile } from '../../tests/lrs/attempt';

const KEY = 'comptoir-test';
const SECRET = 'test-secret-9f2c';
const scenario = loadScenario();

let lrs: TestLrs;
let proxy: AuthProxy;
const dirs: string[] = [];

beforeAll(async () => {
  assertLrsInstalled();
  lrs = await startTestLrs();
  proxy = await startAuthProxy(lrs, { key: KEY, secret: SECRET });
});
afterAll(async () => {
  await proxy?.stop();
  await lrs?.stop();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

let t: number;
beforeEach(() => {
  t = Date.parse('2025-03-03T12:00:00.000Z');
});

async function service(options: { batchSize?: number } = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), 'comptoir-lrs-test-'));
  dirs.push(dataDir);
  return XapiService.open({ dataDir, secretBox: fileSecretBox(dataDir), now: () => new Date(t), ...options });
}

/** What the LRS itself holds, asked directly (not through the proxy). */
async function stored(id: string): Promise<Record<string, unknown> | undefined> {
  const client = new LrsClient({ endpoint: lrs.endpoint, key: KEY, secret: SECRET });
  const found = await client.getStatement(id);
  if (found.kind === 'error') throw new Error(`GET ${id}: ${JSON.stringify(found.outcome)}`);
  return found.kind === 'found' ? found.statement : undefined;
}
async function storedForRegistration(registration: string): Promise<unknown[]> {
  const response = await fetch(`${lrs.endpoint}/statements?registration=${registration}&limit=500`, {
    headers: { 'X-Experience-API-Version': XAPI_VERSION, Authorization: `Basic ${Buffer.from(`${KEY}:${SECRET}`).toString('base64')}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { statements: unknown[] }).statements;
}

const attemptId = (n: number) => `7c1e0d2f-3a4b-4c5d-8e6f-${n.toString(16).padStart(12, '0')}`;
const asRecords = (s: readonly XapiStatement[]) => s as unknown as Record<string, unknown>[];

describe('the real LRS (Learning Locker statement service) behind the auth proxy', () => {
  it('stores the statements of a played attempt as sent, exactly as Comptoir made them', async () => {
    const xapi = await service({ batchSize: 4 });
    await xapi.configure({ endpoint: proxy.endpoint, key: KEY, secret: SECRET });
    const attempt = playedAttempt(scenario, { id: attemptId(1) });
    const input = { profile: profile(), attempt, scenario };
    const made = xapi.statementsOf(input);
    await xapi.queueAttempt(input);
    const result = await xapi.pushNow();
    expect(result).toMatchObject({ ran: true, report: { sent: Math.ceil(made.length / 4), failed: 0, remaining: 0 } });
    expect(xapi.attemptStatus(attempt.id).map((s) => s.status)).toEqual(made.map(() => 'sent'));
    for (const statement of made) {
      const back = await stored(statement.id);
      expect(back, statement.id).toBeDefined();
      expect(back).toHaveProperty('stored');
      expect(sameStatement(statement as unknown as Record<string, unknown>, back!)).toBe(true);
    }
    expect(await storedForRegistration(attempt.id)).toHaveLength(made.length);
    await xapi.close();
  });

  it('takes an identical re-send harmlessly: answered 200, and still one copy of each statement', async () => {
    const attempt = playedAttempt(scenario, { id: attemptId(2) });
    const input = { profile: profile(), attempt, scenario };
    const made = attemptStatements(input);
    const client = new LrsClient({ endpoint: proxy.endpoint, key: KEY, secret: SECRET });
    expect(await client.send(asRecords(made))).toEqual({ kind: 'sent', status: 200, alreadyStored: 0 });
    expect(await client.send(asRecords(made))).toEqual({ kind: 'sent', status: 200, alreadyStored: 0 });
    // A second workstation (another outbox) sending the same attempt: sent too, nothing doubled.
    const other = await service();
    await other.configure({ endpoint: proxy.endpoint, key: KEY, secret: SECRET });
    await other.queueAttempt(input);
    expect(await other.pushNow()).toMatchObject({ report: { sent: 1, failed: 0 } });
    expect(await storedForRegistration(attempt.id)).toHaveLength(made.length);
    await other.close();
  });

  it('answers 409 to a different statement under a stored id, which fails for good with the LRS\'s reason', async () => {
    const made = attemptStatements({ profile: profile(), attempt: playedAttempt(scenario, { id: attemptId(3) }), scenario });
    const client = new LrsClient({ endpoint: proxy.endpoint, key: KEY, secret: SECRET });
    expect(await client.send(asRecords(made.slice(0, 1)))).toMatchObject({ kind: 'sent' });
    const changed = { ...made[0]!, timestamp: '2025-03-04T08:00:00.000Z' };
    const outcome = await client.send(asRecords([changed]));
    expect(outcome).toMatchObject({ kind: 'failed', code: 'conflict', status: 409 });
    expect(outcome.kind === 'failed' && outcome.reason).toContain(`${made[0]!.id} is conflicting`);
    expect((await stored(made[0]!.id))?.timestamp).toBe(made[0]!.timestamp);
  });

  it('answers 400 with its reasons to a malformed statement and to a request without the version header', async () => {
    const client = new LrsClient({ endpoint: proxy.endpoint, key: KEY, secret: SECRET });
    const outcome = await client.send([{ actor: { mbox: 'camille' }, verb: { id: 'answered' }, object: { id: 'step' } }]);
    expect(outcome).toMatchObject({ kind: 'failed', code: 'rejected', status: 400 });
    expect(outcome.kind === 'failed' && outcome.reason).toMatch(/Problem in 'statements\.0\.actor\.mbox'.*statements\.0\.verb\.id/);
    const noVersion = await fetch(`${proxy.endpoint}/statements`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`${KEY}:${SECRET}`).toString('base64')}`, 'Content-Type': 'application/json' },
      body: '[]',
    });
    expect(noVersion.status).toBe(400);
    expect(await noVersion.text()).toContain("Missing required value in 'header.X-Experience-API-Version'");
  });

  it('refuses a wrong key or secret (401, batch failed, not retried), and sends once HR corrects it', async () => {
    const xapi = await service();
    await xapi.configure({ endpoint: proxy.endpoint, key: KEY, secret: 'wrong-secret' });
    const attempt = playedAttempt(scenario, { id: attemptId(4) });
    await xapi.queueAttempt({ profile: profile(), attempt, scenario });
    expect(await xapi.pushNow()).toMatchObject({ report: { failed: 1, sent: 0, remaining: 0 } });
    const [batch] = xapi.status().outbox.batches;
    expect(batch).toMatchObject({ status: 'failed', lastError: { code: 'unauthorized', status: 401, reason: expect.stringContaining('Unauthorised') } });
    expect(batch?.lastError?.message.fr).toMatch(/clé ou le secret/);
    const before = proxy.requests.length;
    expect(await xapi.pushNow()).toMatchObject({ report: { attempted: 0 } });
    expect(proxy.requests.length).toBe(before);
    expect(await stored(xapi.statementsOf({ profile: profile(), attempt, scenario })[0]!.id)).toBeUndefined();
    await xapi.configure({ endpoint: proxy.endpoint, key: KEY, secret: SECRET });
    expect(await xapi.pushNow()).toMatchObject({ report: { sent: 1 } });
    expect(await storedForRegistration(attempt.id)).toHaveLength(xapi.statementsOf({ profile: profile(), attempt, scenario }).length);
    await xapi.close();
  });

  it('survives an outage: two 503s are retried after 30 s then 60 s (fake time), then the statements are stored', async () => {
    const xapi = await service();
    await xapi.configure({ endpoint: proxy.endpoint, key: KEY, secret: SECRET });
    const attempt = playedAttempt(scenario, { id: attemptId(5), path: 7 });
    await xapi.queueAttempt({ profile: profile(), attempt, scenario });
    proxy.failNext(2);
    const outages = () => proxy.requests.filter((r) => r.status === 503).length;
    const first = await xapi.pushDue();
    expect(first).toMatchObject({ ran: true, report: { retried: 1, remaining: 1 } });
    expect(xapi.status().outbox.batches[0]).toMatchObject({ status: 'queued', lastError: { code: 'server-error', status: 503, reason: expect.stringContaining('injected') } });
    expect(first.ran && Date.parse(first.report.nextTryAt!) - t).toBe(30_000);
    // Not yet due: nothing goes out.
    t += 29_999;
    expect(await xapi.pushDue()).toMatchObject({ report: { due: false, attempted: 0 } });
    expect(outages()).toBe(1);
    t += 1;
    const second = await xapi.pushDue();
    expect(second.ran && Date.parse(second.report.nextTryAt!) - t).toBe(60_000);
    expect(outages()).toBe(2);
    t += 60_000;
    expect(await xapi.pushDue()).toMatchObject({ report: { sent: 1, remaining: 0, nextTryAt: null } });
    expect(xapi.status().outbox.batches[0]).toMatchObject({ status: 'sent', tries: 3 });
    expect(await storedForRegistration(attempt.id)).toHaveLength(xapi.statementsOf({ profile: profile(), attempt, scenario }).length);
    await xapi.close();
  });
});
