import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SendOutcome } from './client';
import { backoffDelay, DEFAULT_BACKOFF, Outbox, type Sender } from './outbox';
import { attemptStatements, type XapiStatement } from './statements';
import { loadScenario, playedAttempt, profile } from '../../tests/lrs/attempt';

const scenario = loadScenario();
const owner = { attemptId: playedAttempt(scenario).id, profileId: profile().id };
const statements = attemptStatements({ profile: profile(), attempt: playedAttempt(scenario), scenario });

/** A clock the test moves by hand: no test waits for real time. */
function fakeClock(start = '2025-03-03T10:00:00.000Z') {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (ms: number) => { t += ms; } };
}

/** A sender that answers from a script and records what it was given. */
function scriptedSender(...answers: SendOutcome[]) {
  const calls: (readonly Record<string, unknown>[])[] = [];
  const send: Sender = async (batch) => {
    calls.push(batch);
    return answers.length > 1 ? answers.shift()! : answers[0] ?? { kind: 'sent', status: 200, alreadyStored: 0 };
  };
  return { send, calls };
}

const sent: SendOutcome = { kind: 'sent', status: 200, alreadyStored: 0 };
const unavailable: SendOutcome = { kind: 'retry', code: 'server-error', status: 503, reason: 'Service unavailable' };

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'comptoir-outbox-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('backoffDelay', () => {
  it('doubles from the first delay with each consecutive failure, up to the cap', () => {
    expect([0, 1, 2, 3, 4].map((n) => backoffDelay(n))).toEqual([0, 30_000, 60_000, 120_000, 240_000]);
    expect(backoffDelay(30)).toBe(DEFAULT_BACKOFF.maxDelayMs);
    expect(backoffDelay(5000)).toBe(DEFAULT_BACKOFF.maxDelayMs);
  });
});

describe('Outbox', () => {
  it('queues an attempt\'s statements in batches and sends them in order; they are then sent', async () => {
    const outbox = await Outbox.open({ dataDir, batchSize: 4 });
    const queued = await outbox.queue(statements, owner);
    expect(queued).toMatchObject({ queued: statements.length, alreadyKnown: 0, invalid: 0 });
    expect(queued.batchIds).toHaveLength(Math.ceil(statements.length / 4));
    expect(outbox.status().counts.queued).toEqual({ batches: 3, statements: statements.length });
    const sender = scriptedSender(sent);
    const report = await outbox.push(sender.send);
    expect(report).toMatchObject({ due: true, attempted: 3, sent: 3, failed: 0, retried: 0, remaining: 0, nextTryAt: null });
    expect(sender.calls.flat()).toEqual(statements);
    expect(outbox.status().counts).toEqual({ queued: { batches: 0, statements: 0 }, sent: { batches: 3, statements: statements.length }, failed: { batches: 0, statements: 0 } });
    expect(outbox.statementStatus(owner.attemptId).map((s) => s.status)).toEqual(statements.map(() => 'sent'));
  });

  it('keeps batches and their status on disk: a reopened outbox has the same state', async () => {
    const clock = fakeClock();
    const first = await Outbox.open({ dataDir, now: clock.now });
    await first.queue(statements, owner);
    await first.push(scriptedSender({ kind: 'failed', code: 'rejected', status: 400, reason: "Problem in 'statements.0.verb.id'" }).send);
    await first.close();
    const again = await Outbox.open({ dataDir, now: clock.now });
    const [batch] = again.status().batches;
    expect(batch).toMatchObject({ status: 'failed', tries: 1, lastError: { code: 'rejected', status: 400, reason: "Problem in 'statements.0.verb.id'" } });
    expect(batch?.lastError?.message.fr).toMatch(/refusé/);
    expect(await readdir(join(dataDir, 'xapi'))).toEqual(expect.arrayContaining(['outbox.json', 'batches']));
  });

  it('adds an attempt queued again only with its new statements (ids are deterministic)', async () => {
    const outbox = await Outbox.open({ dataDir });
    const inProgress = attemptStatements({ profile: profile(), attempt: playedAttempt(scenario, { decisions: 3 }), scenario });
    expect((await outbox.queue(inProgress, owner)).queued).toBe(4);
    const again = await outbox.queue(statements, owner);
    expect(again).toMatchObject({ queued: statements.length - 4, alreadyKnown: 4 });
    expect(await outbox.queue(statements, owner)).toMatchObject({ batchIds: [], queued: 0, alreadyKnown: statements.length });
    expect(outbox.status().counts.queued.statements).toBe(statements.length);
  });

  it('puts invalid statements straight into a failed batch with the validator\'s reasons, and never sends them', async () => {
    const outbox = await Outbox.open({ dataDir });
    const broken = { ...statements[0]!, id: 'a4f0c2e1-7b3d-4c5e-9f8a-1b2c3d4e5f60', result: { score: { scaled: 3 } } } as unknown as XapiStatement;
    const result = await outbox.queue([broken, statements[1]!], owner);
    expect(result).toMatchObject({ queued: 1, invalid: 1 });
    const failed = outbox.status().batches.find((b) => b.status === 'failed');
    expect(failed?.lastError).toMatchObject({ code: 'invalid-statement', reason: expect.stringContaining('result.score.scaled: score.scaled must be between -1 and 1') });
    const sender = scriptedSender(sent);
    await outbox.push(sender.send, { force: true });
    expect(sender.calls.flat()).toEqual([statements[1]]);
    expect(await outbox.retryFailed()).toBe(0);
  });

  it('marks a batch failed with the LRS\'s reason on a permanent refusal, goes on with the next, and does not retry it', async () => {
    const outbox = await Outbox.open({ dataDir, batchSize: 5 });
    await outbox.queue(statements, owner);
    const sender = scriptedSender({ kind: 'failed', code: 'unauthorized', status: 401, reason: 'Unauthorised' }, sent);
    expect(await outbox.push(sender.send)).toMatchObject({ attempted: 2, sent: 1, failed: 1, remaining: 0 });
    expect(outbox.status().counts.failed.batches).toBe(1);
    expect(await outbox.push(sender.send, { force: true })).toMatchObject({ attempted: 0 });
    expect(sender.calls).toHaveLength(2);
  });

  it('on a transient failure keeps the batch queued, stops the run and waits 30 s, 60 s, 120 s… before trying again', async () => {
    const clock = fakeClock();
    const outbox = await Outbox.open({ dataDir, now: clock.now, batchSize: 5 });
    await outbox.queue(statements, owner);
    const sender = scriptedSender(unavailable, unavailable, unavailable, sent);
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      const report = await outbox.push(sender.send);
      expect(report).toMatchObject({ due: true, attempted: 1, retried: 1, remaining: 2 });
      waits.push(Date.parse(report.nextTryAt!) - clock.now().getTime());
      // Before the pause ends, an automatic push sends nothing.
      expect(await outbox.push(sender.send)).toMatchObject({ due: false, attempted: 0 });
      clock.advance(waits.at(-1)! - 1);
      expect(await outbox.push(sender.send)).toMatchObject({ due: false, attempted: 0 });
      clock.advance(1);
    }
    expect(waits).toEqual([30_000, 60_000, 120_000]);
    expect(await outbox.push(sender.send)).toMatchObject({ attempted: 2, sent: 2, remaining: 0, nextTryAt: null });
    expect(sender.calls).toHaveLength(5);
    expect(outbox.status().batches.at(-1)).toMatchObject({ status: 'sent', tries: 4 });
  });

  it('waits as long as the LRS\'s Retry-After when it asks for more than the back-off', async () => {
    const clock = fakeClock();
    const outbox = await Outbox.open({ dataDir, now: clock.now });
    await outbox.queue(statements, owner);
    const report = await outbox.push(scriptedSender({ kind: 'retry', code: 'rate-limited', status: 429, reason: 'Too many requests', retryAfterMs: 600_000 }).send);
    expect(Date.parse(report.nextTryAt!) - clock.now().getTime()).toBe(600_000);
    expect(outbox.status().batches[0]?.lastError).toMatchObject({ code: 'rate-limited', status: 429 });
  });

  it('sends at once when forced (HR\'s "send now"), whatever the pause', async () => {
    const clock = fakeClock();
    const outbox = await Outbox.open({ dataDir, now: clock.now });
    await outbox.queue(statements, owner);
    await outbox.push(scriptedSender(unavailable).send);
    expect(await outbox.push(scriptedSender(sent).send, { force: true })).toMatchObject({ due: true, sent: 1, remaining: 0 });
    expect(outbox.status().consecutiveFailures).toBe(0);
  });

  it('runs one push at a time: a second call while one runs gets the same report', async () => {
    const outbox = await Outbox.open({ dataDir });
    await outbox.queue(statements, owner);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    let calls = 0;
    const slow: Sender = async () => {
      calls++;
      await gate;
      return sent;
    };
    const a = outbox.push(slow);
    const b = outbox.push(slow);
    release();
    expect(await a).toBe(await b);
    expect(calls).toBe(1);
  });

  it('queues failed batches again on request (by reason or by id), and lifts the pause', async () => {
    const clock = fakeClock();
    const outbox = await Outbox.open({ dataDir, now: clock.now, batchSize: 5 });
    await outbox.queue(statements, owner);
    await outbox.push(scriptedSender({ kind: 'failed', code: 'unauthorized', status: 401, reason: 'no' }, { kind: 'failed', code: 'conflict', status: 409, reason: 'is conflicting' }).send);
    expect(await outbox.retryFailed({ codes: ['unauthorized'] })).toBe(1);
    const conflict = outbox.status().batches.find((b) => b.status === 'failed')!;
    expect(conflict.lastError?.code).toBe('conflict');
    expect(await outbox.retryFailed({ batchIds: [conflict.id] })).toBe(1);
    expect(outbox.status().counts.queued.batches).toBe(2);
  });

  it('exports every statement, whatever its batch\'s status, as one JSON array file', async () => {
    const outbox = await Outbox.open({ dataDir, batchSize: 4 });
    await outbox.queue(statements, owner);
    await outbox.push(scriptedSender(sent, unavailable).send);
    const path = join(dataDir, 'export.json');
    expect(await outbox.exportStatements(path)).toEqual({ statements: statements.length });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(statements);
    const empty = await Outbox.open({ dataDir: join(dataDir, 'other') });
    await empty.exportStatements(path);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual([]);
  });

  it('erases one trainee\'s batches and files, from the index\'s backups and quarantined copies too, and leaves the others\'', async () => {
    const outbox = await Outbox.open({ dataDir });
    const other = { attemptId: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a', profileId: 'b5a4c3d2-e1f0-4a9b-8c7d-6e5f4a3b2c1d' };
    const otherStatements = attemptStatements({
      profile: profile({ id: other.profileId, employeeId: 'E-7' }),
      attempt: playedAttempt(scenario, { id: other.attemptId, profileId: other.profileId }),
      scenario,
    });
    await outbox.queue(statements, owner);
    await outbox.queue(otherStatements, other);
    await writeFile(join(dataDir, 'xapi', 'outbox.json.corrupt-2025-03-01T00-00-00-000Z'), `{"batc ${owner.profileId}`);
    // Backup 1 names both trainees, backup 2 only the erased one, and one copy was quarantined.
    expect(await outbox.eraseProfile(owner.profileId)).toEqual({ batches: 1, statements: statements.length, copiesCleaned: 3 });
    expect(outbox.status().batches.map((b) => b.profileId)).toEqual([other.profileId]);
    expect(await readdir(join(dataDir, 'xapi', 'batches'))).toHaveLength(1);
    for (const file of await readdir(join(dataDir, 'xapi'))) {
      if (file === 'batches') continue;
      expect(await readFile(join(dataDir, 'xapi', file), 'utf8'), file).not.toContain(owner.profileId);
    }
    // Erased statements can be queued again (they are no longer known).
    expect((await outbox.queue(statements, owner)).queued).toBe(statements.length);
  });

  it('marks a batch whose file went missing as failed instead of sending nothing or crashing', async () => {
    const outbox = await Outbox.open({ dataDir });
    const { batchIds } = await outbox.queue(statements, owner);
    await rm(join(dataDir, 'xapi', 'batches', `${batchIds[0]}.json`));
    const sender = scriptedSender(sent);
    expect(await outbox.push(sender.send)).toMatchObject({ failed: 1 });
    expect(sender.calls).toHaveLength(0);
    expect(outbox.status().batches[0]?.lastError?.reason).toMatch(/missing or unreadable/);
  });

  it('checks a batch again right before sending it: an altered batch file is failed, not sent', async () => {
    const outbox = await Outbox.open({ dataDir });
    const { batchIds } = await outbox.queue(statements, owner);
    const path = join(dataDir, 'xapi', 'batches', `${batchIds[0]}.json`);
    const file = JSON.parse(await readFile(path, 'utf8')) as { schemaVersion: number; data: { statements: Record<string, unknown>[] } };
    file.data.statements[0] = { ...file.data.statements[0], timestamp: 'yesterday' };
    await writeFile(path, JSON.stringify(file));
    const sender = scriptedSender(sent);
    expect(await outbox.push(sender.send)).toMatchObject({ failed: 1, sent: 0 });
    expect(sender.calls).toHaveLength(0);
    expect(outbox.status().batches[0]?.lastError).toMatchObject({ code: 'invalid-statement', reason: expect.stringContaining('0.timestamp: must be an ISO 8601 date-time') });
  });

  it('restores a corrupt index from its backup rather than starting empty', async () => {
    const notices: unknown[] = [];
    const outbox = await Outbox.open({ dataDir });
    await outbox.queue(statements.slice(0, 2), owner);
    await outbox.queue(statements.slice(2), owner);
    await writeFile(join(dataDir, 'xapi', 'outbox.json'), '{"schemaVersion":1,"data":{"batc');
    const reopened = await Outbox.open({ dataDir, notify: (n) => notices.push(n) });
    expect(notices).toEqual([expect.objectContaining({ code: 'restored-from-backup', document: 'xapi-outbox' })]);
    expect(reopened.status().counts.queued.statements).toBe(2);
  });
});
