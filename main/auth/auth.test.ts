import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuth, type AuthOptions } from './auth';
import { AuthError, AuthFileError } from './errors';
import { verifySecret } from './secret';
import type * as SecretModule from './secret';
import { faults } from '../store/atomicFile';

// Counts the slow checks actually made, to prove the back-off stops them.
vi.mock('./secret', async (importOriginal) => {
  const actual = await importOriginal<typeof SecretModule>();
  return { ...actual, verifySecret: vi.fn(actual.verifySecret) };
});
const checks = vi.mocked(verifySecret);

const FAST = { N: 1024, r: 1, p: 1 };
const PIN = '482739';
const SECOND = 1000;
let dir: string;
let t: number;
const advance = (ms: number) => { t += ms; };
const open = (extra: Partial<AuthOptions> = {}) => createAuth({ dataDir: dir, now: () => new Date(t), scryptCost: FAST, ...extra });
const authFile = () => join(dir, 'auth.json');
const stored = () => JSON.parse(readFileSync(authFile(), 'utf8')) as { schemaVersion: number; data: { roles: Record<string, Record<string, unknown>> } };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'comptoir-auth-'));
  t = Date.parse('2025-03-01T09:00:00Z');
  checks.mockClear();
});
afterEach(() => {
  faults.beforeWrite = undefined;
});

describe('first use', () => {
  it('starts with no PIN set for either role, and refuses unlock and recovery until one is', async () => {
    const auth = await open();
    expect(auth.status()).toEqual({ trainer: { set: false, waitMs: 0, triesLeft: 3 }, hr: { set: false, waitMs: 0, triesLeft: 3 } });
    expect(await auth.unlock('trainer', PIN)).toEqual({ ok: false, reason: 'not-set', waitMs: 0 });
    expect(await auth.recover('hr', 'AAAA-AAAA-AAAA-AAAA', '582047')).toEqual({ ok: false, reason: 'not-set', waitMs: 0 });
    expect(existsSync(authFile())).toBe(false);
  });

  it('sets a role’s PIN once, returns a recovery code and a session, and refuses a second setup', async () => {
    const auth = await open();
    const { recoveryCode, token } = await auth.setup('trainer', PIN);
    expect(recoveryCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    expect(auth.check(token, 'trainer')).toBe(true);
    expect(auth.status().trainer.set).toBe(true);
    expect(auth.status().hr.set).toBe(false);
    await expect(auth.setup('trainer', '582047')).rejects.toMatchObject({ code: 'already-set' });
    expect((await auth.unlock('trainer', '582047')).ok).toBe(false);
    expect((await auth.unlock('trainer', PIN)).ok).toBe(true);
  });

  it('refuses a weak PIN with its reason code and stores nothing', async () => {
    const auth = await open();
    await expect(auth.setup('hr', '1234')).rejects.toSatisfy((e) => e instanceof AuthError && e.code === 'pin-weak-sequence');
    await expect(auth.setup('hr', '0000')).rejects.toMatchObject({ code: 'pin-weak-repeated' });
    await expect(auth.setup('hr', '12')).rejects.toMatchObject({ code: 'pin-too-short' });
    expect(existsSync(authFile())).toBe(false);
    expect(auth.status().hr.set).toBe(false);
  });
});

describe('the auth file', () => {
  it('holds scrypt hashes with their cost and salt, never the PIN or the recovery code, with 0600 permissions', async () => {
    const auth = await open();
    const { recoveryCode } = await auth.setup('trainer', PIN);
    const text = readFileSync(authFile(), 'utf8');
    expect(text).not.toContain(PIN);
    expect(text).not.toContain(recoveryCode);
    expect(text).not.toContain(recoveryCode.replaceAll('-', ''));
    const trainer = stored().data.roles.trainer!;
    expect(trainer.pin).toMatchObject({ algorithm: 'scrypt', N: 1024, r: 1, p: 1 });
    expect(trainer.recovery).toMatchObject({ algorithm: 'scrypt' });
    if (process.platform !== 'win32') expect(statSync(authFile()).mode & 0o777).toBe(0o600);
  });

  it('gives the same PIN a different salt and hash for each role', async () => {
    const auth = await open();
    await auth.setup('trainer', PIN);
    await auth.setup('hr', PIN);
    const { trainer, hr } = stored().data.roles as Record<string, { pin: { salt: string; hash: string } }>;
    expect(trainer!.pin.salt).not.toBe(hr!.pin.salt);
    expect(trainer!.pin.hash).not.toBe(hr!.pin.hash);
  });

  it('keeps the PIN across a restart, but not the sessions', async () => {
    const first = await open();
    const { token } = await first.setup('hr', PIN);
    const second = await open();
    expect(second.status().hr.set).toBe(true);
    expect(second.check(token, 'hr')).toBe(false);
    expect((await second.unlock('hr', PIN)).ok).toBe(true);
  });

  it.each([
    ['garbage', 'not json {'],
    ['an empty file', ''],
    ['a truncated file', '{"schemaVersion":1,"data":{"roles":{"trainer":{"pin":'],
    ['a record missing its hash', JSON.stringify({ schemaVersion: 1, data: { roles: { trainer: { recovery: {}, pinSetAt: '2025-01-01T00:00:00Z', failures: 0, lastFailureAt: null } } } })],
  ])('is refused with a typed error, never read as "no PIN set", when it holds %s', async (_what, content) => {
    writeFileSync(authFile(), content);
    const error = await open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthFileError);
    expect(error).toMatchObject({ code: 'auth-file-corrupt', path: authFile() });
    // Left in place for whoever repairs it: not renamed, not rewritten.
    expect(readFileSync(authFile(), 'utf8')).toBe(content);
  });

  it('is refused when a newer Comptoir wrote it', async () => {
    const auth = await open();
    await auth.setup('trainer', PIN);
    writeFileSync(authFile(), JSON.stringify({ ...stored(), schemaVersion: 2 }));
    await expect(open()).rejects.toMatchObject({ name: 'AuthFileError', code: 'auth-file-newer' });
  });

  it('fails closed when it cannot be written: the try is refused before any PIN check', async () => {
    const auth = await open();
    await auth.setup('trainer', PIN);
    checks.mockClear();
    faults.beforeWrite = () => {
      throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
    };
    await expect(auth.unlock('trainer', PIN)).rejects.toThrow('disk full');
    expect(checks).not.toHaveBeenCalled();
  });

  it('redoes a PIN hash made at another cost on the next successful unlock', async () => {
    await (await open()).setup('trainer', PIN);
    const upgraded = await open({ scryptCost: { N: 2048, r: 2, p: 1 } });
    expect((await upgraded.unlock('trainer', PIN)).ok).toBe(true);
    expect(stored().data.roles.trainer!.pin).toMatchObject({ N: 2048, r: 2, p: 1 });
    expect((await (await open()).unlock('trainer', PIN)).ok).toBe(true);
  });
});

describe('back-off', () => {
  it('refuses wrong PINs with the tries left, then makes the user wait 30 s, doubling up to 15 min', async () => {
    const auth = await open();
    await auth.setup('trainer', PIN);
    expect(await auth.unlock('trainer', '111222')).toEqual({ ok: false, reason: 'wrong-pin', waitMs: 0, triesLeft: 2 });
    expect(await auth.unlock('trainer', '111222')).toEqual({ ok: false, reason: 'wrong-pin', waitMs: 0, triesLeft: 1 });
    expect(await auth.unlock('trainer', '111222')).toEqual({ ok: false, reason: 'wrong-pin', waitMs: 30_000, triesLeft: 0 });
    const waits = [];
    for (let i = 0; i < 7; i++) {
      advance(auth.status().trainer.waitMs);
      const reply = await auth.unlock('trainer', '111222');
      if (reply.ok) throw new Error('a wrong PIN was accepted');
      waits.push(reply.waitMs);
    }
    expect(waits).toEqual([60_000, 120_000, 240_000, 480_000, 900_000, 900_000, 900_000]);
  });

  it('refuses every try during a wait without checking the PIN, even the right one, and says how long is left', async () => {
    const auth = await open();
    await auth.setup('trainer', PIN);
    for (let i = 0; i < 3; i++) await auth.unlock('trainer', '111222');
    checks.mockClear();
    advance(10_000);
    expect(await auth.unlock('trainer', PIN)).toEqual({ ok: false, reason: 'wait', waitMs: 20_000 });
    expect(checks).not.toHaveBeenCalled();
    advance(20_000);
    const reply = await auth.unlock('trainer', PIN);
    expect(reply.ok).toBe(true);
    expect(auth.status().trainer).toEqual({ set: true, waitMs: 0, triesLeft: 3 });
  });

  it('withstands 20 wrong tries: only the free ones are checked, and the right PIN works after the wait', async () => {
    const auth = await open();
    await auth.setup('trainer', PIN);
    checks.mockClear();
    const replies = [];
    for (let i = 0; i < 20; i++) {
      replies.push(await auth.unlock('trainer', String(500_000 + i)));
      advance(SECOND); // one try a second
    }
    expect(checks).toHaveBeenCalledTimes(3);
    expect(replies.slice(3).every((r) => !r.ok && r.reason === 'wait')).toBe(true);
    expect((await auth.unlock('trainer', PIN)).ok).toBe(false);
    advance(auth.status().trainer.waitMs);
    expect((await auth.unlock('trainer', PIN)).ok).toBe(true);
  });

  it('withstands 20 tries sent all at once: each sees the failures counted before it', async () => {
    const auth = await open();
    await auth.setup('hr', PIN);
    checks.mockClear();
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => auth.unlock('hr', String(700_000 + i))));
    expect(checks).toHaveBeenCalledTimes(3);
    expect(replies.filter((r) => !r.ok && r.reason === 'wait')).toHaveLength(17);
  });

  it('is kept across a restart', async () => {
    const first = await open();
    await first.setup('trainer', PIN);
    for (let i = 0; i < 4; i++) {
      advance(first.status().trainer.waitMs);
      await first.unlock('trainer', '111222');
    }
    advance(5_000);
    const restarted = await open();
    expect(restarted.status().trainer).toEqual({ set: true, waitMs: 55_000, triesLeft: 0 });
    expect(await restarted.unlock('trainer', PIN)).toEqual({ ok: false, reason: 'wait', waitMs: 55_000 });
    advance(55_000);
    expect((await restarted.unlock('trainer', PIN)).ok).toBe(true);
  });

  it('counts a try on disk before the PIN is checked, so stopping the app mid-check gives no free try', async () => {
    const auth = await open();
    await auth.setup('trainer', PIN);
    let failuresOnDiskDuringCheck: unknown;
    checks.mockImplementationOnce(async () => {
      failuresOnDiskDuringCheck = stored().data.roles.trainer!.failures;
      return false;
    });
    await auth.unlock('trainer', '111222');
    expect(failuresOnDiskDuringCheck).toBe(1);
  });

  it('is per role: failures on the trainer PIN do not delay HR', async () => {
    const auth = await open();
    await auth.setup('trainer', PIN);
    await auth.setup('hr', '582047');
    for (let i = 0; i < 3; i++) await auth.unlock('trainer', '111222');
    expect(auth.status().trainer.waitMs).toBe(30_000);
    expect(auth.status().hr.waitMs).toBe(0);
    expect((await auth.unlock('hr', '582047')).ok).toBe(true);
  });

  it('ends one policy wait later when the clock was set back, not when the clock catches up', async () => {
    const auth = await open();
    await auth.setup('trainer', PIN);
    for (let i = 0; i < 3; i++) await auth.unlock('trainer', '111222');
    advance(-24 * 3600_000);
    expect(auth.status().trainer.waitMs).toBe(30_000);
    advance(30_000);
    expect((await auth.unlock('trainer', PIN)).ok).toBe(true);
  });

  it('counts a malformed PIN as a failed try without hashing it', async () => {
    const auth = await open();
    await auth.setup('trainer', PIN);
    checks.mockClear();
    expect(await auth.unlock('trainer', 'abc')).toEqual({ ok: false, reason: 'wrong-pin', waitMs: 0, triesLeft: 2 });
    expect(checks).not.toHaveBeenCalled();
  });
});

describe('recovery', () => {
  it('lets the holder of the code set a new PIN, then spends the code and issues a new one', async () => {
    const auth = await open();
    const { recoveryCode: first, token: oldSession } = await auth.setup('trainer', PIN);
    const done = await auth.recover('trainer', first.toLowerCase().replaceAll('-', ' '), '582047');
    if (!done.ok) throw new Error(`recovery refused: ${done.reason}`);
    expect(done.recoveryCode).not.toBe(first);
    expect(auth.check(done.token, 'trainer')).toBe(true);
    expect(auth.check(oldSession, 'trainer')).toBe(false);
    expect((await auth.unlock('trainer', PIN)).ok).toBe(false);
    expect((await auth.unlock('trainer', '582047')).ok).toBe(true);
    // The first code is spent; the new one works once.
    expect(await auth.recover('trainer', first, '630418')).toMatchObject({ ok: false, reason: 'wrong-code' });
    expect((await auth.recover('trainer', done.recoveryCode, '630418')).ok).toBe(true);
    expect(await auth.recover('trainer', done.recoveryCode, '759301')).toMatchObject({ ok: false, reason: 'wrong-code' });
  });

  it('counts wrong codes in the role’s back-off', async () => {
    const auth = await open();
    const { recoveryCode } = await auth.setup('hr', PIN);
    for (let i = 0; i < 3; i++) await auth.recover('hr', 'AAAA-BBBB-CCCC-DDDD', '582047');
    expect(await auth.recover('hr', recoveryCode, '582047')).toEqual({ ok: false, reason: 'wait', waitMs: 30_000 });
    expect(await auth.unlock('hr', PIN)).toEqual({ ok: false, reason: 'wait', waitMs: 30_000 });
  });

  it('refuses a weak new PIN before the code is checked, costing neither a try nor the code', async () => {
    const auth = await open();
    const { recoveryCode } = await auth.setup('trainer', PIN);
    await expect(auth.recover('trainer', recoveryCode, '1111')).rejects.toMatchObject({ code: 'pin-weak-repeated' });
    expect(auth.status().trainer.triesLeft).toBe(3);
    expect((await auth.recover('trainer', recoveryCode, '582047')).ok).toBe(true);
  });
});

describe('sessions', () => {
  it('are 32 random bytes in base64url, valid for their role only', async () => {
    const auth = await open();
    const { token } = await auth.setup('trainer', PIN);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(auth.check(token, 'hr')).toBe(false);
    expect(auth.check(token, 'trainer')).toBe(true);
    expect(auth.check(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, 'trainer')).toBe(false);
    expect(auth.check('', 'trainer')).toBe(false);
  });

  it('expire after the idle time, counted from the last successful check', async () => {
    const auth = await open({ idleMs: 10 * 60_000 });
    const { token } = await auth.setup('trainer', PIN);
    advance(9 * 60_000);
    expect(auth.check(token, 'trainer')).toBe(true);
    advance(9 * 60_000);
    expect(auth.check(token, 'trainer')).toBe(true);
    advance(10 * 60_000);
    expect(auth.check(token, 'trainer')).toBe(false);
    advance(-10 * 60_000);
    expect(auth.check(token, 'trainer')).toBe(false); // gone for good, not just "not yet"
  });

  it('default to a 10-minute idle time', async () => {
    const auth = await open();
    const { token } = await auth.setup('hr', PIN);
    advance(10 * 60_000 - 1);
    expect(auth.check(token, 'hr')).toBe(true);
    advance(10 * 60_000);
    expect(auth.check(token, 'hr')).toBe(false);
  });

  it('end on lock, one at a time or all at once', async () => {
    const auth = await open();
    const { token: trainer } = await auth.setup('trainer', PIN);
    const { token: hr } = await auth.setup('hr', '582047');
    const unlocked = await auth.unlock('trainer', PIN);
    if (!unlocked.ok) throw new Error('unlock refused');
    auth.lock(trainer);
    expect(auth.check(trainer, 'trainer')).toBe(false);
    expect(auth.check(unlocked.token, 'trainer')).toBe(true);
    expect(auth.check(hr, 'hr')).toBe(true);
    auth.lockAll();
    expect(auth.check(unlocked.token, 'trainer')).toBe(false);
    expect(auth.check(hr, 'hr')).toBe(false);
  });
});

describe('changing the PIN', () => {
  it('needs a session and the current PIN, issues a new recovery code and signs out the other sessions', async () => {
    const auth = await open();
    const { token, recoveryCode: oldCode } = await auth.setup('trainer', PIN);
    const other = await auth.unlock('trainer', PIN);
    if (!other.ok) throw new Error('unlock refused');
    expect(await auth.changePin(token, 'trainer', '111222', '582047')).toEqual({ ok: false, reason: 'wrong-pin', waitMs: 0, triesLeft: 2 });
    const changed = await auth.changePin(token, 'trainer', PIN, '582047');
    if (!changed.ok) throw new Error('change refused');
    expect(changed.recoveryCode).not.toBe(oldCode);
    expect(auth.check(token, 'trainer')).toBe(true);
    expect(auth.check(other.token, 'trainer')).toBe(false);
    expect((await auth.unlock('trainer', '582047')).ok).toBe(true);
    expect(await auth.recover('trainer', oldCode, '630418')).toMatchObject({ ok: false, reason: 'wrong-code' });
  });

  it('is refused without a valid session for that role, or to a weak PIN', async () => {
    const auth = await open();
    const { token } = await auth.setup('hr', PIN);
    await auth.setup('trainer', '582047');
    await expect(auth.changePin(token, 'trainer', '582047', '630418')).rejects.toMatchObject({ code: 'not-signed-in' });
    await expect(auth.changePin(token, 'hr', PIN, '9876')).rejects.toMatchObject({ code: 'pin-weak-sequence' });
    auth.lock(token);
    await expect(auth.changePin(token, 'hr', PIN, '630418')).rejects.toMatchObject({ code: 'not-signed-in' });
  });
});

describe('at the real scrypt cost', () => {
  it('sets and unlocks a PIN hashed with N = 2^15, r = 8, p = 1', async () => {
    const auth = await createAuth({ dataDir: dir, now: () => new Date(t) });
    await auth.setup('trainer', PIN);
    expect(stored().data.roles.trainer!.pin).toMatchObject({ N: 32_768, r: 8, p: 1 });
    expect((await auth.unlock('trainer', '582047')).ok).toBe(false);
    expect((await auth.unlock('trainer', PIN)).ok).toBe(true);
  });
});
